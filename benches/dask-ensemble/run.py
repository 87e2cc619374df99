"""A 40-run ensemble at the default scale: 2 Dask workers against the local 2-thread pool.

    python benches/dask-ensemble/run.py [RUNS]

Prints the wall time of each and their ratio; the figures are recorded in docs/performance.md.
The Dask cluster is a LocalCluster on 127.0.0.1 with 2 worker processes of 1 thread each,
started before the clock starts (a cluster is started once and used for many experiments).
Both ensembles write their files to temporary directories, and the files are compared: they
must be the same bytes.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import distributed

import chistka

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 40


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        started = time.perf_counter()
        chistka.ensemble(runs=RUNS, out=tmp / "local", threads=2, progress=False)
        local = time.perf_counter() - started

        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None,
        )
        with distributed.Client(cluster) as client:
            started = time.perf_counter()
            chistka.ensemble(runs=RUNS, out=tmp / "dask", client=client, progress=False)
            dask = time.perf_counter() - started
        cluster.close()
        for name in ["runs.csv", "annual_bands.csv", "monthly_bands.csv", "summary_bands.csv"]:
            assert (tmp / "local" / name).read_bytes() == (tmp / "dask" / name).read_bytes(), name
    print(f"{RUNS} runs at scale {chistka.DEFAULT_SCALE}: local 2 threads {local:.1f} s, "
          f"Dask 2 workers {dask:.1f} s, ratio {dask / local:.2f} (files identical)")


if __name__ == "__main__":
    main()
