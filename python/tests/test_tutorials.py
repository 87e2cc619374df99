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


def test_b_sensitivity_with_salib(tmp_path):
    pytest.importorskip("SALib")
    out = run_tutorial("sensitivity_salib.py", tmp_path)
    for name in ("morris.csv", "sobol.csv"):
        lines = (tmp_path / name).read_text().splitlines()
        assert len(lines) == 5, name  # header and four parameters
    assert "mu*=" in out


def test_c_calibration_with_optuna(tmp_path):
    pytest.importorskip("optuna")
    out = run_tutorial("calibrate_optuna.py", tmp_path)
    assert "best loss" in out
    assert len((tmp_path / "trials.csv").read_text().splitlines()) == 5  # header, four trials


def test_d_a_200_run_ensemble_on_dask(tmp_path):
    pytest.importorskip("distributed")
    out = run_tutorial("ensemble_dask.py", tmp_path)
    runs = (tmp_path / "runs.csv").read_text().splitlines()
    assert sum(1 for line in runs if line[:1].isdigit()) == 200
    assert "200 runs on 2 Dask workers" in out
