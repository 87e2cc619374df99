"""Tutorial (c): calibration with Optuna against the archival targets.

Optuna's TPE sampler proposes values of two parameters; each trial runs `chistka.validate`
against the archival target set (`data/targets_archival.csv`) on the same seeds and returns its
loss (the mean squared log-ratio of model to record in units of each target's tolerance, the
loss `chistka calibrate` minimises). Run it from the repository's root:

    python docs/tutorials/calibrate_optuna.py [OUT_DIR]

The budget is tiny (TRIALS = 4, 2 seeds each) so that CI runs it quickly at
CHISTKA_TUTORIAL_SCALE=0.002; a real fit wants 100 or more trials at the default scale. Pass
`client=` to `chistka.validate` to run each trial's seeds on a Dask cluster. It writes
trials.csv to OUT_DIR. The people simulated are synthetic.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import optuna

import chistka

SCALE = float(os.environ.get("CHISTKA_TUTORIAL_SCALE", chistka.DEFAULT_SCALE))
TRIALS = 4
RUNS = 2


def main(out: Path) -> optuna.Study:
    out.mkdir(parents=True, exist_ok=True)

    def objective(trial: optuna.Trial) -> float:
        overrides = {
            "interrogation.pursue_probability": trial.suggest_float("pursue", 0.2, 0.8),
            "interrogation.named_per_confession_mean_torture": trial.suggest_float(
                "named_torture", 1.0, 6.0
            ),
        }
        v = chistka.validate(set=overrides, targets="archival", runs=RUNS, scale=SCALE,
                             out=out / f"trial-{trial.number}", progress=False)
        trial.set_user_attr("within", f"{v.within}/{v.targets}")
        return v.loss

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=1937))
    study.optimize(objective, n_trials=TRIALS)
    study.trials_dataframe().to_csv(out / "trials.csv", index=False)
    best = study.best_trial
    print(f"best loss {best.value:.4f} ({best.user_attrs['within']} targets within tolerance)")
    print(f"best values {best.params}")
    return study


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="chistka-")))
