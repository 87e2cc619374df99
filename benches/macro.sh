#!/usr/bin/env bash
# Macro-benchmarks (issue "Full scale in ten seconds", item 5), each figure the median wall time
# of RUNS repetitions with its peak memory (GNU time's maximum resident set) and the load average:
#
# - `chistka run` at the default scale and at full scale (162.0 million people) with 2 threads,
#   bytes per person, and full scale with 1 thread, the output files' hashes compared;
# - a 1,000-run ensemble at scale 0.01, each run on its own synthetic population and on one
#   shared population (`--society shared`), and the same at scale 0.001: runs per second;
# - the cascade race at N = 1e6 against EoN.fast_SIR, in the same sitting
#   (benches/cascade-race/run.sh, which installs EoN in a venv under target/).
#
#   benches/macro.sh [RUNS]     # RUNS per configuration, default 3; about 35 minutes in all
#
# ENSEMBLE_RUNS (default 1000) sets the ensembles' size. Writes benches/macro-results.md.
# Needs /usr/bin/time (Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/chistka-macro.XXXXXX")
cargo build --release -p chistka >/dev/null 2>&1
bin=target/release/chistka
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)"; exit 2; }

# run LABEL COMMAND ARGS...: one timed chistka command; prints "wall_seconds max_rss_kb".
run_cmd() {
  local out="$work/$1"
  shift
  rm -rf "$out"
  /usr/bin/time -f "%e %M" -o "$out.time" "$bin" "$@" --out "$out" >/dev/null 2>&1
  cat "$out.time"
}

# run LABEL ARGS...: one timed `chistka run`.
run() {
  local label=$1
  shift
  run_cmd "$label" run "$@"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

measure_cmd() { # NAME COMMAND ARGS... -> "median_wall max_rss_kb all_walls"
  local name=$1
  shift
  local walls=() rss=0
  for i in $(seq 1 "$runs"); do
    read -r wall kb < <(run_cmd "$name-$i" "$@")
    walls+=("$wall")
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  echo "$(printf '%s\n' "${walls[@]}" | median) $rss ${walls[*]}"
}

measure() { # NAME ARGS... -> the same for `chistka run ARGS`
  local name=$1
  shift
  measure_cmd "$name" run "$@"
}

read -r d_med d_rss d_all < <(measure default)
read -r f_med f_rss f_all < <(measure full --scale 1 --threads 2)
read -r one_wall one_rss < <(run full-1thread --scale 1 --threads 1)

# Ensembles: many runs of one scenario, as a calibration or an ensemble makes them.
ens_runs=${ENSEMBLE_RUNS:-1000}
ensemble() { # NAME SCALE SOCIETY
  measure_cmd "$1" ensemble --runs "$ens_runs" --scale "$2" --society "$3" --threads 2
}
read -r e1o_med e1o_rss e1o_all < <(ensemble ens-001-own 0.01 own)
read -r e1s_med e1s_rss e1s_all < <(ensemble ens-001-shared 0.01 shared)
read -r e2o_med e2o_rss e2o_all < <(ensemble ens-0001-own 0.001 own)
read -r e2s_med e2s_rss e2s_all < <(ensemble ens-0001-shared 0.001 shared)
per_s() { awk -v n="$ens_runs" -v t="$1" 'BEGIN {printf "%.1f", n / t}'; }

# The cascade race at N = 1e6, EoN timed RUNS times (its own script writes results.md there).
load_before_race=$(cut -d' ' -f1-3 /proc/loadavg)
benches/cascade-race/run.sh --sizes 1000000 --eon-runs "1000000:$runs" >/dev/null 2>&1
race=$(python3 - <<'PY'
import json
r = json.load(open("target/cascade-race/race.json"))
s = r["speed"][0]
print(f'{s["c_sim"]:.4f} {s["e_sim"]:.2f} {s["ratio"]:.0f} {"yes" if r["equivalence"]["equivalent"] else "NO"}')
PY
)
read -r race_c race_e race_ratio race_equiv <<<"$race"

hashes() { (cd "$1" && sha256sum annual.csv monthly.csv daily.csv summary.json); }
if diff <(hashes "$work/full-1") <(hashes "$work/full-1thread") >/dev/null; then same="identical"; else same="DIFFERENT"; fi
# The people the full-scale run simulated, as its run.json records them (the army is built at
# full scale beside the mass population, so this is more than the census's 162.0 million).
people=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["people_simulated"])' "$work/full-1/run.json")
# Huge pages change the full-scale figures (docs/performance.md, "Huge pages"): say which were used.
thp_mode=$(sed -n 's/.*\[\(.*\)\].*/\1/p' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || true)
if [ "${CHISTKA_HUGE_PAGES:-}" = "0" ]; then hp="off (CHISTKA_HUGE_PAGES=0)"; else hp="asked for (glibc.malloc.hugetlb=1)"; fi
bpp=$(awk -v kb="$f_rss" -v n="$people" 'BEGIN {printf "%.1f", kb * 1024 / n}')

cat > benches/macro-results.md <<MD
# Macro-benchmark results

Recorded $(date -u '+%Y-%m-%d %H:%M UTC') by \`benches/macro.sh $runs\` on $(nproc) cores,
$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GB,
commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg).
Transparent huge pages: the kernel's mode \`${thp_mode:-unknown}\`, chistka's huge pages $hp.

| run | median wall (s) | all runs (s) | peak memory | command |
|---|---:|---|---:|---|
| default scale (0.01), 2 threads | $d_med | $d_all | $((d_rss / 1024)) MB | \`chistka run\` |
| full scale (1.0), 2 threads | $f_med | $f_all | $((f_rss / 1024)) MB ($bpp bytes/person) | \`chistka run --scale 1 --threads 2\` |
| full scale (1.0), 1 thread | $one_wall | $one_wall | $((one_rss / 1024)) MB | \`chistka run --scale 1 --threads 1\` |

Outputs at full scale with 1 and 2 threads (annual, monthly, daily, summary; sha256): **$same**.

Ensembles of $ens_runs runs (\`chistka ensemble --runs $ens_runs --threads 2\`), each on a society
of its own (\`--society own\`) or all on one society drawn once (\`--society shared\`):

| ensemble | median wall (s) | all runs (s) | runs per second | peak memory |
|---|---:|---|---:|---:|
| scale 0.01, own | $e1o_med | $e1o_all | $(per_s "$e1o_med") | $((e1o_rss / 1024)) MB |
| scale 0.01, shared | $e1s_med | $e1s_all | $(per_s "$e1s_med") | $((e1s_rss / 1024)) MB |
| scale 0.001, own | $e2o_med | $e2o_all | $(per_s "$e2o_med") | $((e2o_rss / 1024)) MB |
| scale 0.001, shared | $e2s_med | $e2s_all | $(per_s "$e2s_med") | $((e2s_rss / 1024)) MB |

Cascade race at N = 1e6 (\`benches/cascade-race/run.sh --sizes 1000000 --eon-runs 1000000:$runs\`,
one thread each, medians of the simulation alone; load average before it $load_before_race):
chistka $race_c s, EoN.fast_SIR $race_e s, **${race_ratio}x**; equivalence at N = 1e4: $race_equiv.
Targets: issue 10, full scale under 60 s and 6 GB, the default scale under 0.5 s; issue 14, full scale at most 12 s and 3 GB, the default scale at most 60 ms, a 1,000-run ensemble at 0.01 in at most 40 s, the cascade race at least 250x.
MD
cat benches/macro-results.md
rm -rf "$work"
