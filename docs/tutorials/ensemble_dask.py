"""Tutorial (d): a 200-run ensemble on a Dask LocalCluster.

The same call as a local ensemble, with `client=`: the runs go to the cluster's workers and
their figures come back in seed order into the same files (`runs.csv` and the bands), the same
bytes a local ensemble writes. Run it from the repository's root:

    python docs/tutorials/ensemble_dask.py [OUT_DIR]

**The scale is very small** so that CI runs 200 runs in a few minutes:
CHISTKA_TUTORIAL_SCALE (0.002 in CI, 324,000 simulated people) or, unset, 0.002 here too;
the default scale of the CLI is 0.01. On a cluster, replace the LocalCluster with
dask-jobqueue's SLURMCluster (docs/python.md). The people simulated are synthetic.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import distributed
import pyarrow as pa

import chistka

SCALE = float(os.environ.get("CHISTKA_TUTORIAL_SCALE", 0.002))
RUNS = 200


def main(out: Path) -> None:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None,
    )
    with distributed.Client(cluster) as client:
        e = chistka.ensemble(runs=RUNS, scale=SCALE, out=out, client=client)
    cluster.close()
    bands = pa.table(e.summary_bands).to_pandas().set_index("metric")
    row = bands.loc["arrests_1937_1938"]
    print(f"{RUNS} runs on {e.info['threads']} Dask workers in {e.info['wall_seconds']:.0f} s")
    print(f"arrests 1937-38: mean {row['mean']:,.0f}, 5-95% band "
          f"{row['p05']:,.0f} to {row['p95']:,.0f} (scale {SCALE})")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="chistka-")))
