"""One run of a scenario: :func:`run` and the :class:`Run` it returns."""

from __future__ import annotations

import datetime
import json
import os
import tempfile
import tomllib
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, Mapping, Union

from . import _chistka
from .progress import Progress, reporter

ScenarioSpec = Union[str, "os.PathLike[str]", Mapping[str, Any], None]
"""An embedded scenario's name, a TOML file, or a dict of scenario keys (``extends`` allowed)."""

Format = Literal["csv", "parquet"]

DEFAULT_SCALE = 0.01
"""The CLI's default population scale: 1% (1.62 million simulated people)."""
DEFAULT_SEED = 1937
"""The CLI's default seed."""


class Run:
    """The results of one run.

    The tables are Arrow tables (they implement the Arrow PyCapsule interface), so pandas,
    polars and pyarrow take them as they are::

        r = chistka.run()
        pandas.DataFrame.from_arrow(r.annual)   # or r.to_pandas("annual")
        polars.DataFrame(r.monthly)
        pyarrow.table(r.daily)

    Counts are full-scale equivalents rounded to whole people, as in the CSV files; ``threat``
    and ``hysteria`` are indices at full precision. The people simulated are synthetic: no
    record describes a real person.
    """

    def __init__(self, native: _chistka.NativeRun) -> None:
        self._native = native

    @property
    def annual(self) -> Any:
        """One row per year (``year``): the output contract's columns (see the README)."""
        return self._native.annual

    @property
    def monthly(self) -> Any:
        """One row per month (``month``, ``YYYY-MM``): every flow, arrests by cause, stocks."""
        return self._native.monthly

    @property
    def daily(self) -> Any:
        """One row per day (``date``): the same columns as :attr:`monthly`."""
        return self._native.daily

    @property
    def longrun(self) -> Any:
        """The long run's layers of the elite by date (``longrun.csv``), or ``None`` for a run
        that ends by 22 June 1941 (see ``until=`` of :func:`run`)."""
        return self._native.longrun

    @property
    def longrun_party(self) -> Any:
        """The long run's party by period of joining (``longrun_party.csv``), or ``None``."""
        return self._native.longrun_party

    @cached_property
    def summary(self) -> dict[str, Any]:
        """The headline figures of ``summary.json`` (``arrests_1937_1938``, ...)."""
        return json.loads(self._native.summary_json)

    @cached_property
    def params(self) -> dict[str, Any]:
        """The merged scenario the run was built from, as a dict of its TOML keys."""
        return tomllib.loads(self._native.canonical)

    @cached_property
    def info(self) -> dict[str, Any]:
        """What produced the run (``run.json``): version, scenario and hash, seed, scale, ..."""
        return json.loads(self._native.info_json)

    @property
    def cases(self) -> Path | None:
        """The case archive (SQLite, schema in ``docs/cases.md``) when ``cases=`` asked for it."""
        path = self._native.cases
        return None if path is None else Path(path)

    @property
    def scenario(self) -> str:
        """The scenario's name."""
        return self.info["scenario"]

    @property
    def seed(self) -> int:
        """The run's seed."""
        return self.info["seed"]

    @property
    def scale(self) -> float:
        """The population scale."""
        return self.info["scale"]

    def to_pandas(
        self,
        table: Literal["annual", "monthly", "daily", "longrun", "longrun_party"] = "annual",
    ) -> Any:
        """One of the tables as a pandas DataFrame (needs pandas >= 2.2 and pyarrow).

        Raises:
            ValueError: ``longrun`` or ``longrun_party`` of a run without the long run.
        """
        import pandas

        arrow = getattr(self, table)
        if arrow is None:
            raise ValueError(f"this run has no {table} table: it ends by 22 June 1941 (until=)")
        return pandas.DataFrame.from_arrow(arrow)

    def write(self, out: str | os.PathLike[str], format: Format = "csv") -> Path:
        """Writes the run's files into ``out`` exactly as ``chistka run --out`` does.

        ``annual``, ``monthly`` and ``daily`` as ``.csv`` or ``.parquet``, ``summary.json``,
        ``run.json`` and, last, ``manifest.json`` (every file's size and SHA-256, and the run
        id). They go into a fresh directory beside ``out`` which then takes its place, so a
        failed write leaves no half-written directory and a rewrite replaces every earlier
        file. The case archive stays where ``cases=`` put it. Returns the directory.

        Raises:
            OSError: ``out`` holds files no chistka output wrote (they are named), or cannot
                be written.
        """
        self._native.write(os.fspath(out), format)
        return Path(out)

    def __repr__(self) -> str:
        return (
            f"<chistka.Run {self.scenario} seed={self.seed} scale={self.scale}: "
            f"{self.summary.get('arrests_1937_1938', 0):,.0f} arrests in 1937-38>"
        )


def run(
    scenario: ScenarioSpec = None,
    *,
    scale: float = DEFAULT_SCALE,
    seed: int = DEFAULT_SEED,
    set: Mapping[str, Any] | None = None,
    cases: bool | str | os.PathLike[str] = False,
    threads: int | None = None,
    progress: Progress = None,
    out: str | os.PathLike[str] | None = None,
    format: Format = "csv",
    until: str | datetime.date | None = None,
) -> Run:
    """Runs a scenario once, as ``chistka run`` does.

    Args:
        scenario: ``None`` for the embedded Great Purge, the name of an embedded scenario, a
            TOML file (which may start with ``extends = "great-purge"``), or a dict of the same
            keys.
        scale: population scale, in (0, 1]; 1 simulates all 162.0 million people. Default
            0.01, as the CLI.
        seed: the run's seed (default 1937, as the CLI). The same seed gives the same numbers
            and files whatever ``threads``.
        set: overrides by dotted key, validated like a file:
            ``{"interrogation.named_per_confession_mean_torture": 2.5,
            "policing.arrests_per_100k_adults_per_year.1937": 120}``.
        cases: ``True`` to write the case archive ``cases.sqlite`` into a new temporary
            directory, or a path to write it to; then :attr:`Run.cases` is its path.
        threads: worker threads (default: all cores).
        progress: ``None`` (a tqdm bar if tqdm is installed and stderr is a terminal),
            ``True``, ``False``, or a callable ``f(days_done, days_total)``.
        out: if given, also write the output files there, as ``chistka run --out``.
        format: ``"csv"`` or ``"parquet"`` for the tables written to ``out``.
        until: the last day (``"1985-03-11"`` or a ``datetime.date``), replacing the scenario's
            ``end``, as ``chistka run --until``: after 22 June 1941 the long run follows the
            elite and the party to that day (:attr:`Run.longrun`, :attr:`Run.longrun_party`).

    Returns:
        A :class:`Run`.

    Raises:
        ScenarioError: the scenario or an override does not validate (file, line, key, message).
        ValueError: ``scale`` or ``threads`` out of range.
        KeyboardInterrupt: Ctrl-C; the run stops within a simulated day.

    The GIL is released while the simulation runs.

    >>> r = chistka.run(scale=0.002)                      # doctest: +SKIP
    >>> r.summary["arrests_1937_1938"]                    # doctest: +SKIP
    """
    if format not in ("csv", "parquet"):
        raise ValueError(f"format must be 'csv' or 'parquet', found {format!r}")
    if until is not None:
        if isinstance(until, str):
            try:
                until = datetime.date.fromisoformat(until)
            except ValueError:
                raise ValueError(f"until must be a date YYYY-MM-DD, found {until!r}") from None
        set = {**(set or {}), "end": until}
    cases_path: str | None = None
    if cases is True:
        cases_path = os.path.join(tempfile.mkdtemp(prefix="chistka-cases-"), "cases.sqlite")
    elif cases:
        cases_path = os.fspath(cases)
    with reporter(progress, "day") as callback:
        native = _chistka.run(
            _native_spec(scenario),
            scale=scale,
            seed=seed,
            set=dict(set) if set else None,
            cases=cases_path,
            threads=threads,
            progress=callback,
        )
    result = Run(native)
    if out is not None:
        result.write(out, format)
    return result


def _native_spec(scenario: ScenarioSpec) -> Any:
    """What the native module takes: a name or path (str), a dict, or None."""
    from .scenario import Scenario

    if isinstance(scenario, Scenario):
        return scenario.params
    if isinstance(scenario, Mapping):
        return dict(scenario)
    if scenario is None:
        return None
    return os.fspath(scenario)
