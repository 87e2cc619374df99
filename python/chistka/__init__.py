"""chistka: a simulator of political purges and state terror, built around the Soviet Great
Purge of 1934-1938, from Python.

>>> import chistka
>>> r = chistka.run()                       # the embedded Great Purge, 1% scale, seed 1937
>>> r.summary["arrests_1937_1938"]
>>> import pandas; pandas.DataFrame.from_arrow(r.annual)

The people simulated are synthetic: no record chistka writes describes a real person.
See docs/python.md for the API, Dask ensembles, Slurm and Parquet.
"""

from . import scenario
from ._chistka import __version__
from .errors import Problem, ScenarioError
from .experiments import (
    Calibration,
    Ensemble,
    Sweep,
    Validation,
    calibrate,
    compare,
    ensemble,
    sweep,
    validate,
)
from .runs import DEFAULT_SCALE, DEFAULT_SEED, Run, run
from .scenario import Scenario

__all__ = [
    "Calibration",
    "Ensemble",
    "Sweep",
    "Validation",
    "calibrate",
    "compare",
    "ensemble",
    "sweep",
    "validate",
    "DEFAULT_SCALE",
    "DEFAULT_SEED",
    "Problem",
    "Run",
    "Scenario",
    "ScenarioError",
    "__version__",
    "run",
    "scenario",
]
