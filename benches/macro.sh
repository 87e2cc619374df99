#!/usr/bin/env bash
# Macro-benchmarks of `chistka run`: the default scale and full scale (162.0 million people),
# median wall time of several runs, peak memory (GNU time's maximum resident set), bytes per
# person, and 1 vs 2 threads at full scale with the output files' hashes compared.
#
#   benches/macro.sh [RUNS]     # RUNS per configuration, default 3; about 6 minutes in all
#
# Writes benches/macro-results.md. Needs /usr/bin/time (Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/chistka-macro.XXXXXX")
cargo build --release -p chistka >/dev/null 2>&1
bin=target/release/chistka
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)"; exit 2; }

# run LABEL ARGS...: one timed run; prints "wall_seconds max_rss_kb".
run() {
  local out="$work/$1"
  shift
  /usr/bin/time -f "%e %M" -o "$out.time" "$bin" run "$@" --out "$out" >/dev/null 2>&1
  cat "$out.time"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

measure() { # NAME ARGS... -> "median_wall max_rss_kb all_walls"
  local name=$1
  shift
  local walls=() rss=0
  for i in $(seq 1 "$runs"); do
    read -r wall kb < <(run "$name-$i" "$@")
    walls+=("$wall")
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  echo "$(printf '%s\n' "${walls[@]}" | median) $rss ${walls[*]}"
}

read -r d_med d_rss d_all < <(measure default)
read -r f_med f_rss f_all < <(measure full --scale 1 --threads 2)
read -r one_wall one_rss < <(run full-1thread --scale 1 --threads 1)

hashes() { (cd "$1" && sha256sum annual.csv monthly.csv daily.csv summary.json); }
if diff <(hashes "$work/full-1") <(hashes "$work/full-1thread") >/dev/null; then same="identical"; else same="DIFFERENT"; fi
people=162005554
bpp=$(awk -v kb="$f_rss" -v n="$people" 'BEGIN {printf "%.1f", kb * 1024 / n}')

cat > benches/macro-results.md <<MD
# Macro-benchmark results

Recorded $(date -u '+%Y-%m-%d %H:%M UTC') by \`benches/macro.sh $runs\` on $(nproc) cores,
$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GB,
commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg).

| run | median wall (s) | all runs (s) | peak memory | command |
|---|---:|---|---:|---|
| default scale (0.01), 2 threads | $d_med | $d_all | $((d_rss / 1024)) MB | \`chistka run\` |
| full scale (1.0), 2 threads | $f_med | $f_all | $((f_rss / 1024)) MB ($bpp bytes/person) | \`chistka run --scale 1 --threads 2\` |
| full scale (1.0), 1 thread | $one_wall | $one_wall | $((one_rss / 1024)) MB | \`chistka run --scale 1 --threads 1\` |

Outputs at full scale with 1 and 2 threads (annual, monthly, daily, summary; sha256): **$same**.
Targets: issue 10, full scale under 60 s and 6 GB, the default scale under 0.5 s; issue 14, full scale at most 12 s and 3 GB, the default scale at most 60 ms.
MD
cat benches/macro-results.md
rm -rf "$work"
