"""Tutorial (b): global sensitivity analysis with SALib, Morris screening and Sobol indices.

Which of four main parameters drive the arrests of 1937-38? Each point of SALib's designs is
run on R replicate seeds (common to every point) and the output is the mean over them, so the
indices are not measuring seed noise. Run it from the repository's root:

    python docs/tutorials/sensitivity_salib.py [OUT_DIR]

The designs are tiny here (Morris: 2 trajectories; Sobol: N = 4, first and total order only),
so that CI runs it in a minute at CHISTKA_TUTORIAL_SCALE=0.002; for a real analysis raise
TRAJECTORIES, N and R and use the default scale (0.01), or a Dask cluster (tutorial d).
It writes morris.csv and sobol.csv to OUT_DIR. The people simulated are synthetic.
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

import chistka

SCALE = float(os.environ.get("CHISTKA_TUTORIAL_SCALE", chistka.DEFAULT_SCALE))
TRAJECTORIES = 2  # Morris trajectories (a real screening uses 10 to 50)
N = 4  # Sobol base sample, a power of 2 (a real analysis uses 512 or more)
SEEDS = [1937, 1938]  # replicate seeds per point
OUTPUT = "arrests_1937_1938"

# The bounds are the declared calibration bounds' spirit: plausible, not the whole range.
PROBLEM = {
    "num_vars": 4,
    "names": [
        "interrogation.named_per_confession_mean_torture",
        "interrogation.pursue_probability",
        "denunciation.act_probability",
        "policing.arrests_per_100k_adults_per_year.1937",
    ],
    "bounds": [[1.0, 6.0], [0.2, 0.8], [0.02, 0.3], [30.0, 200.0]],
}


def evaluate(X: np.ndarray) -> np.ndarray:
    """The mean of OUTPUT over the replicate seeds, for each row of the design."""
    y = np.empty(len(X))
    for i, row in enumerate(X):
        overrides = dict(zip(PROBLEM["names"], map(float, row)))
        y[i] = np.mean([
            chistka.run(scale=SCALE, seed=s, set=overrides, progress=False).summary[OUTPUT]
            for s in SEEDS
        ])
    return y


def write(path: Path, names: list[str], columns: dict[str, np.ndarray]) -> None:
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["parameter", *columns])
        for i, name in enumerate(names):
            w.writerow([name, *(f"{columns[c][i]:.6g}" for c in columns)])


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    X = morris_sample.sample(PROBLEM, N=TRAJECTORIES, seed=1937)
    m = morris_analyze.analyze(PROBLEM, X, evaluate(X), seed=1937)
    write(out / "morris.csv", PROBLEM["names"], {"mu_star": m["mu_star"], "sigma": m["sigma"]})

    X = sobol_sample.sample(PROBLEM, N, calc_second_order=False, seed=1937)
    s = sobol_analyze.analyze(PROBLEM, evaluate(X), calc_second_order=False, seed=1937)
    write(out / "sobol.csv", PROBLEM["names"], {"S1": s["S1"], "ST": s["ST"]})

    print(f"{OUTPUT}: Morris mu* and Sobol total-order indices (tiny designs: indicative only)")
    for i, name in enumerate(PROBLEM["names"]):
        print(f"  {name:<50} mu*={m['mu_star'][i]:>12,.0f}  ST={s['ST'][i]:.2f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="chistka-")))
