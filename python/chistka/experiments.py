"""Experiments over many runs, with the command line's meanings and defaults.

Each writes the files of its CLI command into ``out`` (the CLI's default directory unless
given), as the CLI writes them: ``compare`` and ``validate`` into a fresh directory that takes
the place of ``out`` when complete; ``ensemble``, ``sweep`` and ``calibrate`` in place (they
resume), without a manifest until they finish. Either way ``manifest.json`` comes last, listing
every file (the Parquet copies too) with its SHA-256 and the experiment's run id, the CLI's for
the same arguments. Each returns an object with the main tables as Arrow tables. Results do not depend on the
number of threads, nor on where the runs went: with ``client=`` (a ``dask.distributed.Client``)
the (point, seed) runs are mapped over the cluster and their figures streamed back in order
into the same files, the same bytes as a local run (a test proves it).

Run r of an experiment has seed ``seed + r`` (default 1937, as the CLI).
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Mapping, Sequence

from . import _chistka
from .progress import Progress, reporter
from .runs import DEFAULT_SCALE, DEFAULT_SEED, Format, ScenarioSpec, _native_spec


def _table(path: Path) -> Any:
    return _chistka.read_table(os.fspath(path))


def _common(client: Any, progress: Progress, unit: str = "run"):
    """Checks ``client`` before anything runs; the progress reporter of runs (or evaluations)."""
    if client is not None:
        from ._dask import check_client

        check_client(client)
    return reporter(progress, unit)


@dataclass(frozen=True)
class Ensemble:
    """An ensemble's directory and its tables (Arrow, read from the files written)."""

    dir: Path
    """Where ``runs.csv``, the band files and ``ensemble.json`` are."""
    info: dict
    """``ensemble.json``: scenario and hash, seeds, scale, workers, runner, wall time."""

    @property
    def runs(self) -> Any:
        """``runs.csv``: one row per run (``seed``, then every figure)."""
        return _table(self.dir / "runs.csv")

    @property
    def annual_bands(self) -> Any:
        """``period, metric, mean, p05, p50, p95`` for every column of the annual table."""
        return _table(self.dir / "annual_bands.csv")

    @property
    def monthly_bands(self) -> Any:
        """The same by month."""
        return _table(self.dir / "monthly_bands.csv")

    @property
    def summary_bands(self) -> Any:
        """``metric, mean, p05, p50, p95`` for every summary figure."""
        return _table(self.dir / "summary_bands.csv")


def ensemble(
    scenario: ScenarioSpec = None,
    *,
    runs: int = 20,
    scale: float = DEFAULT_SCALE,
    seed: int = DEFAULT_SEED,
    set: Mapping[str, Any] | None = None,
    out: str | os.PathLike[str] = "out/ensemble",
    threads: int | None = None,
    client: Any = None,
    progress: Progress = None,
    format: Format = "csv",
    society: Literal["own", "shared"] = "own",
) -> Ensemble:
    """Runs ``runs`` seeds of a scenario and writes bands, as ``chistka ensemble``.

    Each run's figures are appended to ``runs.csv`` in seed order as soon as it and the runs
    before it are done; run the same call again after an interruption and it resumes.
    ``format="parquet"`` also writes a ``.parquet`` beside every table. ``client``: a
    ``dask.distributed.Client`` to run on its cluster; ``threads`` is then ignored.
    ``society="shared"``: every run starts from one synthetic population, drawn from ``seed``,
    instead of drawing its own (faster; the bands then hold the dynamics' variation on that one
    population; run 0 is the same either way), as ``chistka ensemble --society shared``.

    Raises:
        ScenarioError: the scenario or ``set`` does not validate.
        ValueError: zero runs, a bad scale, or ``out`` holding another ensemble.
    """
    with _common(client, progress) as callback:
        text = _chistka.ensemble(
            _native_spec(scenario), dict(set) if set else None,
            runs=runs, scale=scale, seed=seed, out=os.fspath(out), threads=threads,
            client=client, progress=callback, format=format, society=society,
        )
    return Ensemble(Path(out), json.loads(text))


@dataclass(frozen=True)
class Sweep:
    """A sweep's directory and its tables."""

    dir: Path
    resumed: int
    """(point, seed) rows found from an earlier, interrupted sweep."""
    ran: int
    """Rows run now."""

    @property
    def points(self) -> Any:
        """``points.csv``: ``point`` and one column per parameter."""
        return _table(self.dir / "points.csv")

    @property
    def results(self) -> Any:
        """``sweep.csv``: one row per point and seed, the parameters, then the outputs."""
        return _table(self.dir / "sweep.csv")


def _param_text(key: str, values: Any) -> str:
    if isinstance(values, str):
        return f"{key}={values}"
    if isinstance(values, tuple) and len(values) == 2:
        lo, hi = values
        return f"{key}={lo}..{hi}"
    if isinstance(values, Sequence):
        return f"{key}=" + ",".join(
            str(v).lower() if isinstance(v, bool) else str(v) for v in values
        )
    raise TypeError(
        f"params[{key!r}]: expected a list of values (a grid axis) or a (lo, hi) tuple "
        f"(a range for lhs), found {type(values).__name__}"
    )


def sweep(
    scenario: ScenarioSpec = None,
    *,
    params: Mapping[str, Any],
    lhs: int | None = None,
    runs: int = 5,
    scale: float = DEFAULT_SCALE,
    seed: int = DEFAULT_SEED,
    set: Mapping[str, Any] | None = None,
    out: str | os.PathLike[str] = "out/sweep",
    threads: int | None = None,
    client: Any = None,
    progress: Progress = None,
    format: Format = "csv",
) -> Sweep:
    """A grid, or a Latin hypercube of ``lhs`` points, over parameters, as ``chistka sweep``.

    ``params`` maps dotted keys to a list of values (a grid axis: every combination runs) or a
    ``(lo, hi)`` tuple (a range, for ``lhs``)::

        chistka.sweep(params={"interrogation.named_per_confession_mean_torture": [1, 2, 3],
                              "halt.enabled": [True, False]}, runs=5)
        chistka.sweep(lhs=40, params={"interrogation.pursue_probability": (0.2, 0.8)}, runs=3)

    ``runs`` seeds per point, the same seeds at every point. Every point is validated before
    anything runs. Resumable: the same call again skips the finished (point, seed) rows.
    """
    texts = [_param_text(k, v) for k, v in params.items()]
    with _common(client, progress) as callback:
        resumed, ran, _ = _chistka.sweep(
            _native_spec(scenario), dict(set) if set else None,
            params=texts, lhs=lhs, runs=runs, scale=scale, seed=seed, out=os.fspath(out),
            threads=threads, client=client, progress=callback, format=format,
        )
    return Sweep(Path(out), resumed, ran)


def compare(
    a: ScenarioSpec,
    b: ScenarioSpec,
    *,
    runs: int = 10,
    scale: float = DEFAULT_SCALE,
    seed: int = DEFAULT_SEED,
    out: str | os.PathLike[str] = "out/compare",
    threads: int | None = None,
    client: Any = None,
    progress: Progress = None,
    format: Format = "csv",
) -> Any:
    """Two scenarios on the same seeds (common random numbers), as ``chistka compare``.

    Writes ``comparison.csv`` (``section, period, metric, a_mean, b_mean, diff_mean, diff_p05,
    diff_p50, diff_p95``), its chart ``comparison.svg`` and ``manifest.json``, the same files
    as the CLI's, and returns the comparison as a table.
    """
    with _common(client, progress) as callback:
        _chistka.compare(
            _native_spec(a), _native_spec(b),
            runs=runs, scale=scale, seed=seed, out=os.fspath(out), threads=threads,
            client=client, progress=callback, format=format,
        )
    return _table(Path(out) / "comparison.csv")


@dataclass(frozen=True)
class Validation:
    """A validation's directory, tables and verdict."""

    dir: Path
    targets: int
    """Targets compared."""
    within: int
    """Targets the model's mean meets within tolerance."""
    loss: float
    """The calibration loss of these runs (mean squared log-ratio in tolerance units)."""

    @property
    def table(self) -> Any:
        """``validate.csv``: each target, the record, the model's mean and band, the error."""
        return _table(self.dir / "validate.csv")

    @property
    def not_calibrated(self) -> Any:
        """``not_calibrated.csv``: every other output, with bands (out of sample)."""
        return _table(self.dir / "not_calibrated.csv")


def validate(
    scenario: ScenarioSpec = None,
    *,
    targets: str = "archival",
    runs: int = 10,
    scale: float = DEFAULT_SCALE,
    seed: int = DEFAULT_SEED,
    set: Mapping[str, Any] | None = None,
    out: str | os.PathLike[str] = "out/validate",
    threads: int | None = None,
    client: Any = None,
    progress: Progress = None,
    format: Format = "csv",
) -> Validation:
    """A scenario against a target set over seeds, as ``chistka validate``.

    ``targets``: ``archival`` (the default), ``textbook`` or a CSV file in the same format.
    Writes ``validate.csv``, ``not_calibrated.csv`` and ``manifest.json`` (the CLI also draws
    one chart per series, ``chart-*.svg``; the Python package does not).
    """
    with _common(client, progress) as callback:
        n, within, loss = _chistka.validate(
            _native_spec(scenario), dict(set) if set else None,
            targets=os.fspath(targets), runs=runs, scale=scale, seed=seed, out=os.fspath(out),
            threads=threads, client=client, progress=callback, format=format,
        )
    return Validation(Path(out), n, within, loss)


@dataclass(frozen=True)
class Calibration:
    """The result of a calibration."""

    dir: Path
    values: dict[str, float]
    """The best values found, by dotted key."""
    loss: float
    evaluations: int
    replayed: int
    """Evaluations replayed from ``calibration.log`` (an interrupted calibration resumed)."""
    stopped: str
    """Why the optimiser stopped."""
    fitted_toml: str
    """The merged scenario with the fitted values (also in ``fitted.toml``)."""


def calibrate(
    scenario: ScenarioSpec = None,
    *,
    targets: str = "archival",
    params: Sequence[str] | str,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    budget: int = 100,
    runs: int = 4,
    scale: float = DEFAULT_SCALE,
    seed: int = DEFAULT_SEED,
    set: Mapping[str, Any] | None = None,
    out: str | os.PathLike[str] = "out/calibrate",
    threads: int | None = None,
    client: Any = None,
    progress: Progress = None,
) -> Calibration:
    """Fits named parameters to a target set with Nelder-Mead, as ``chistka calibrate``.

    ``params``: dotted keys; ``bounds``: ``{key: (lo, hi)}`` for keys without declared bounds.
    At most ``budget`` evaluations, each over ``runs`` seeds. Every evaluation is appended to
    ``calibration.log``; the same call again replays it and carries on.
    """
    keys = params if isinstance(params, str) else ",".join(params)
    bound_texts = [f"{k}={lo}..{hi}" for k, (lo, hi) in (bounds or {}).items()]
    with _common(client, progress, "evaluation") as callback:
        values, loss, evaluations, replayed, stopped, fitted = _chistka.calibrate(
            _native_spec(scenario), dict(set) if set else None,
            targets=os.fspath(targets), params=keys, bounds=bound_texts, budget=budget,
            runs=runs, scale=scale, seed=seed, out=os.fspath(out), threads=threads,
            client=client, progress=callback,
            command=f"chistka.calibrate(params={keys!r}, targets={targets!r}, "
            f"budget={budget}, runs={runs}, scale={scale}, seed={seed})",
            date=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        )
    return Calibration(Path(out), dict(values), loss, evaluations, replayed, stopped, fitted)
