"""Shared fixtures: the `chistka` command-line binary, built from this checkout.

The tests compare the Python package with the CLI, so they need the binary. It is built with
cargo (debug profile, as `cargo test --workspace` leaves it; set CHISTKA_BIN to use another).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

TINY = 0.002
"""A population scale small enough for tests (324,000 simulated people), as the Rust tests use."""


@pytest.fixture(scope="session")
def cli() -> Path:
    """Path of the `chistka` binary."""
    if "CHISTKA_BIN" in os.environ:
        return Path(os.environ["CHISTKA_BIN"])
    subprocess.run(
        ["cargo", "build", "--quiet", "-p", "chistka", "--bin", "chistka"],
        cwd=ROOT,
        check=True,
    )
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return target / "debug" / "chistka"


@pytest.fixture(scope="session")
def run_cli(cli):
    """Runs the CLI with arguments; returns its stdout (fails the test on a non-zero exit)."""

    def go(*args: str) -> str:
        done = subprocess.run([str(cli), *args], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    return go


def pytest_sessionfinish(session, exitstatus):
    """Under CI (`.ci/run` sets CI=true) a skipped test fails the session: every optional
    package the tests import (pyarrow, polars, dask, SALib, ...) is installed there, so a skip
    means a test that did not run, and CI must not pass without it."""
    if os.environ.get("CI", "").lower() not in ("1", "true"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and session.exitstatus == 0:
        reporter.write_line(
            f"CI: {len(skipped)} test(s) skipped; under CI every test must run", red=True
        )
        session.exitstatus = 1
