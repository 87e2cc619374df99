"""The tutorials in docs/tutorials run, at a tiny scale, and leave what they promise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TINY

TUTORIALS = ROOT / "docs" / "tutorials"


def run_tutorial(name: str, out: Path, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, str(TUTORIALS / name), str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "CHISTKA_TUTORIAL_SCALE": str(TINY), "MPLBACKEND": "Agg", **env},
        timeout=1800,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_run_plot_and_compare_two_scenarios(tmp_path):
    pytest.importorskip("matplotlib")
    out = run_tutorial("run_and_compare.py", tmp_path)
    png = tmp_path / "annual.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "no-torture minus great-purge" in out
    assert "arrests in 1937-38" in out
