#!/usr/bin/env bash
# The cascade race (workload W2, described at the top of results.md): chistka cascade against
# EoN.fast_SIR on the same edge-list files. Installs the peers in a venv under target/ (ignored
# by git), builds chistka in release mode, then runs race.py, which writes results.md here.
#
# Usage: benches/cascade-race/run.sh [race.py options, e.g. --sizes 10000,100000]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/target/race-venv"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check EoN==2.0 networkx numpy scipy

cargo build --release -p chistka --manifest-path "$root/Cargo.toml"

# One thread each: keep numpy's BLAS (unused by fast_SIR, but loaded) from spawning workers.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
exec "$venv/bin/python" "$here/race.py" \
    --chistka "$root/target/release/chistka" \
    --work "$root/target/cascade-race" \
    --results "$here/results.md" \
    "$@"
