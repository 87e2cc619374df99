"""Tutorial (a): run two scenarios, plot them and compare them in pandas.

The Great Purge as fitted (the embedded default) against the counterfactual without torture
(`scenarios/no-torture.toml`: interrogations never turn to torture, so fewer confessions name
fewer people). Both on the same seed, so the difference isolates the change (common random
numbers). Run it from the repository's root:

    python docs/tutorials/run_and_compare.py [OUT_DIR]

It writes `annual.png` to OUT_DIR (default: a new temporary directory) and prints the annual
arrests and executions of both. CI runs it at a tiny scale (CHISTKA_TUTORIAL_SCALE=0.002);
unset, it uses the CLI's default scale (0.01), a few seconds per run. The people simulated are
synthetic.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no window
import matplotlib.pyplot as plt
import pandas as pd

import chistka

ROOT = Path(__file__).resolve().parents[2]
SCALE = float(os.environ.get("CHISTKA_TUTORIAL_SCALE", chistka.DEFAULT_SCALE))


def main(out: Path) -> pd.DataFrame:
    runs = {
        "great-purge": chistka.run(scale=SCALE, seed=1937),
        "no-torture": chistka.run(ROOT / "scenarios" / "no-torture.toml", scale=SCALE, seed=1937),
    }
    # The tables are Arrow; pandas takes them as they are.
    annual = pd.concat(
        {name: pd.DataFrame.from_arrow(r.annual).set_index("year") for name, r in runs.items()},
        axis=1,
    )
    both = annual.loc[:, (slice(None), ["arrests", "executions"])]
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharex=True)
    for ax, metric in zip(axes, ["arrests", "executions"]):
        for name in runs:
            ax.plot(both.index, both[(name, metric)], marker="o", label=name)
        ax.set_title(f"NKVD {metric} per year (full-scale equivalents)")
        ax.set_xlabel("year")
        ax.legend()
    fig.suptitle(f"chistka, scale {SCALE}, seed 1937 (synthetic people)")
    fig.tight_layout()
    out.mkdir(parents=True, exist_ok=True)
    fig.savefig(out / "annual.png", dpi=100)
    plt.close(fig)

    diff = both["no-torture"] - both["great-purge"]
    print(both.to_string())
    print("\nno-torture minus great-purge:")
    print(diff.to_string())
    for name, r in runs.items():
        print(f"{name}: {r.summary['arrests_1937_1938']:,.0f} arrests in 1937-38")
    return both


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="chistka-")))
