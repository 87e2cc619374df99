"""chistka.run against the command line: the same numbers and the same bytes."""

from __future__ import annotations

import csv
import datetime
import json
import threading

import pytest

import chistka
from conftest import TINY

TABLES = ["annual", "monthly", "daily"]


@pytest.fixture(scope="module")
def pair(run_cli, tmp_path_factory):
    """The CLI's files and a Python run of the same scenario, scale and seed."""
    cli_dir = tmp_path_factory.mktemp("cli")
    py_dir = tmp_path_factory.mktemp("py")
    run_cli("run", "--scale", str(TINY), "--seed", "11", "--threads", "2", "--out", str(cli_dir))
    r = chistka.run(scale=TINY, seed=11, threads=1, out=py_dir, progress=False)
    return cli_dir, py_dir, r


@pytest.mark.parametrize("name", [f"{t}.csv" for t in TABLES] + ["summary.json"])
def test_files_are_the_same_bytes_as_the_cli(pair, name):
    cli_dir, py_dir, _ = pair
    assert (py_dir / name).read_bytes() == (cli_dir / name).read_bytes()


def test_run_json_differs_only_in_how_it_ran(pair):
    cli_dir, py_dir, r = pair
    a = json.loads((cli_dir / "run.json").read_text())
    b = json.loads((py_dir / "run.json").read_text())
    for k in ("wall_seconds", "threads", "git_commit"):
        a.pop(k), b.pop(k)
    assert a == b
    assert r.info["scenario_hash"] == a["scenario_hash"]


@pytest.mark.parametrize("table", TABLES)
def test_arrow_tables_hold_the_cli_values(pair, table):
    """Every cell of the Arrow table, rounded as the CSV rounds it, is the CLI's cell."""
    pa = pytest.importorskip("pyarrow")
    cli_dir, _, r = pair
    t = pa.table(getattr(r, table))
    with open(cli_dir / f"{table}.csv", newline="") as f:
        rows = list(csv.reader(f))
    assert t.column_names == rows[0]
    assert t.num_rows == len(rows) - 1
    for j, name in enumerate(rows[0]):
        column = t.column(name).to_pylist()
        for i, value in enumerate(column):
            if name in ("threat", "hysteria"):
                text = f"{value:.3f}"
            else:
                text = str(value)
            assert text == rows[i + 1][j], (table, name, i)


def test_summary_is_the_cli_summary(pair):
    cli_dir, _, r = pair
    assert r.summary == json.loads((cli_dir / "summary.json").read_text())
    assert r.summary["arrests_1937_1938"] > 0


def test_pandas_and_polars_take_the_tables_as_they_are(pair):
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    _, _, r = pair
    df = pd.DataFrame.from_arrow(r.annual)
    assert list(df["year"])[:2] == [1934, 1935]
    assert df.equals(r.to_pandas("annual"))
    daily = pl.DataFrame(r.daily)
    assert daily.schema["date"] == pl.Date
    assert daily["arrests"].sum() == pytest.approx(df["arrests"].sum(), abs=len(daily))


def test_params_are_the_merged_scenario(pair):
    _, _, r = pair
    assert r.params["name"] == "great-purge"
    assert r.params["interrogation"]["enabled"] is True
    assert r.scenario == "great-purge" and r.seed == 11 and r.scale == TINY


def test_overrides_and_dicts_change_the_run_as_a_file_would():
    base = chistka.run(scale=TINY, seed=3, progress=False)
    off = chistka.run(scale=TINY, seed=3, set={"quota.enabled": False}, progress=False)
    as_dict = chistka.run(
        {"extends": "great-purge", "quota": {"enabled": False}}, scale=TINY, seed=3, progress=False
    )
    assert off.summary["arrests_by_cause"].get("quota", 0) == 0
    assert base.summary["arrests_by_cause"]["quota"] > 0
    # The same figures; the run ids differ, as the scenarios' names do (`<dict>`).
    figures = {k: v for k, v in off.summary.items() if k != "run_id"}
    assert figures == {k: v for k, v in as_dict.summary.items() if k != "run_id"}
    assert off.summary["run_id"] != as_dict.summary["run_id"]
    loaded = chistka.scenario.load(set={"quota.enabled": False})
    assert chistka.run(loaded, scale=TINY, seed=3, progress=False).summary == off.summary


def test_the_case_archive_is_written_when_asked(tmp_path):
    sqlite3 = pytest.importorskip("sqlite3")
    r = chistka.run(scale=TINY, seed=2, cases=tmp_path / "c.sqlite", progress=False)
    assert r.cases == tmp_path / "c.sqlite"
    with sqlite3.connect(r.cases) as db:
        (arrests,) = db.execute("select count(*) from arrests").fetchone()
    assert arrests > 0
    assert chistka.run(scale=TINY, seed=2, progress=False).cases is None


def test_progress_goes_to_the_callback_up_to_the_last_day():
    seen: list[tuple[int, int]] = []
    chistka.run(scale=TINY, seed=1, progress=lambda d, t: seen.append((d, t)))
    assert seen, "the callback was called"
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert seen[-1][0] == seen[-1][1] == 2730  # 1934-01-01 .. 1941-06-22


def test_ctrl_c_stops_a_run_and_the_next_run_is_whole():
    import signal

    # A process started in the background by a non-interactive shell inherits SIGINT ignored,
    # and Python then installs no handler, so a Ctrl-C would raise nothing there. The test is
    # of what a run does on a KeyboardInterrupt: it installs Python's own handler for its
    # duration, whatever the process was started with.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        _ctrl_c_stops_a_run()
    finally:
        signal.signal(signal.SIGINT, previous)


def _ctrl_c_stops_a_run() -> None:
    import signal

    seen: list[int] = []

    def interrupt_after_a_year(done: int, total: int) -> None:
        seen.append(done)
        if done > 365 and len(seen) < 10_000:
            signal.raise_signal(signal.SIGINT)

    with pytest.raises(KeyboardInterrupt):
        chistka.run(scale=TINY, seed=1, progress=interrupt_after_a_year)
    # The worker stops at its next simulated day, but a loaded machine can starve the calling
    # thread until the run is over: the interrupt must then still be raised (checked above),
    # and only the days seen before it are bounded.
    assert seen and seen[0] <= seen[-1] <= 2730
    assert sum(1 for d in seen if d > 365) == 1, "the callback ran on after the interrupt"
    again = chistka.run(scale=TINY, seed=11, threads=1, progress=False)
    assert again.summary["arrests_1937_1938"] > 0


def test_the_gil_is_released_while_the_simulation_runs():
    counted = 0
    stop = threading.Event()

    def count() -> None:
        nonlocal counted
        while not stop.is_set():
            counted += 1

    t = threading.Thread(target=count)
    t.start()
    try:
        chistka.run(scale=TINY, seed=1, progress=False)
    finally:
        stop.set()
        t.join()
    # Held for the whole run, the GIL would have let the counter run only between the
    # calling thread's brief checks for signals.
    assert counted > 100_000


def test_bad_scale_and_threads_are_refused_before_running():
    with pytest.raises(ValueError, match="scale must be in"):
        chistka.run(scale=0)
    with pytest.raises(ValueError, match="threads must be at least 1"):
        chistka.run(scale=TINY, threads=0)


def test_until_carries_the_run_on_as_the_cli_does(run_cli, tmp_path):
    """`until=` is `chistka run --until`: the same long-run files, byte for byte, and tables."""
    pa = pytest.importorskip("pyarrow")
    cli_dir, py_dir = tmp_path / "cli", tmp_path / "py"
    run_cli("run", "--scale", str(TINY), "--seed", "5", "--until", "1985-03-11",
            "--out", str(cli_dir))
    r = chistka.run(scale=TINY, seed=5, until="1985-03-11", out=py_dir, progress=False)
    for name in ("longrun.csv", "longrun_party.csv", "annual.csv", "summary.json"):
        assert (py_dir / name).read_bytes() == (cli_dir / name).read_bytes(), name
    layers = pa.table(r.longrun)
    dates = layers.column("date").to_pylist()  # Arrow dates, as the daily table's
    assert (dates[0], dates[-1]) == (datetime.date(1941, 6, 22), datetime.date(1985, 3, 11))
    assert "central_committee_share_promoted_1937_39" in layers.column_names
    assert pa.table(r.longrun_party).column_names[-1] == "members"
    assert r.summary["cohort_1937_39_share_politburo"]["1953"] >= 0
    short = chistka.run(scale=TINY, seed=5, progress=False)
    assert short.longrun is None and short.longrun_party is None
    with pytest.raises(ValueError, match="until must be a date"):
        chistka.run(scale=TINY, until="March 1985", progress=False)


def test_the_one_liner_prints_the_cli_number(run_cli, tmp_path):
    """The README's check: default scenario, scale and seed, in a fresh interpreter."""
    import subprocess
    import sys

    code = "import chistka; r = chistka.run(); print(r.summary['arrests_1937_1938'])"
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, cwd=tmp_path).stdout.strip()
    run_cli("run", "--out", str(tmp_path / "cli"))
    cli = json.loads((tmp_path / "cli" / "summary.json").read_text())["arrests_1937_1938"]
    assert printed == str(cli)
