"""Output directories written as units, as the CLI writes them: the files go into a fresh
directory (or, for the resumable experiments, in place without a manifest), ``manifest.json``
last with every file's SHA-256, so an interrupted or refused write leaves nothing that looks
complete. The run ids are the CLI's."""

from __future__ import annotations

import hashlib
import json

import pytest

import chistka
from conftest import TINY


def manifest(directory):
    m = json.loads((directory / "manifest.json").read_text())
    for f in m["files"]:
        data = (directory / f["name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == f["sha256"], f["name"]
        assert len(data) == f["bytes"], f["name"]
    return m


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_run_directory_is_the_cli_s_with_its_manifest(run_cli, tmp_path, fmt):
    cli_dir, py_dir = tmp_path / "cli", tmp_path / "py"
    run_cli("run", "--scale", str(TINY), "--seed", "5", "--format", fmt, "--out", str(cli_dir))
    r = chistka.run(scale=TINY, seed=5, threads=1, out=py_dir, format=fmt, progress=False)
    a, b = manifest(cli_dir), manifest(py_dir)
    assert a["kind"] == b["kind"] == "run"
    assert a["run_id"] == b["run_id"] == r.summary["run_id"] == r.info["run_id"]
    names = [f["name"] for f in a["files"]]
    assert names == [f["name"] for f in b["files"]]
    assert f"annual.{fmt}" in names and "summary.json" in names
    # run.json records the threads and wall time; every other file is the same bytes.
    assert {f["name"]: f["sha256"] for f in a["files"] if f["name"] != "run.json"} == {
        f["name"]: f["sha256"] for f in b["files"] if f["name"] != "run.json"
    }
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == [], "no staging directory stays beside the output"


def test_a_rerun_replaces_the_whole_directory(tmp_path):
    r = chistka.run(scale=TINY, seed=5, progress=False)
    r.write(tmp_path / "out", "parquet")
    r.write(tmp_path / "out", "csv")
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["annual.csv", "daily.csv", "manifest.json", "monthly.csv", "run.json",
                     "summary.json"]


def test_a_directory_of_other_files_is_refused_and_left_as_it_was(tmp_path):
    (tmp_path / "thesis.tex").write_text("mine")
    r = chistka.run(scale=TINY, seed=5, progress=False)
    with pytest.raises(OSError, match="thesis.tex"):
        r.write(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.tex"]
    with pytest.raises(OSError, match="thesis.tex"):
        chistka.ensemble(runs=2, scale=TINY, out=tmp_path, progress=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.tex"]


def test_experiments_carry_the_cli_s_run_ids_and_files(run_cli, tmp_path):
    run_cli("ensemble", "--runs", "2", "--scale", str(TINY), "--format", "parquet", "--out",
            str(tmp_path / "cli"))
    e = chistka.ensemble(runs=2, scale=TINY, out=tmp_path / "py", format="parquet",
                         progress=False)
    a, b = manifest(tmp_path / "cli"), manifest(e.dir)
    assert a["kind"] == b["kind"] == "ensemble"
    assert a["run_id"] == b["run_id"] == e.info["run_id"]
    assert [f["name"] for f in a["files"]] == [f["name"] for f in b["files"]]
    same = {"runs.csv", "runs.parquet", "summary_bands.parquet", "annual_bands.csv"}
    assert {f["name"]: f["sha256"] for f in a["files"] if f["name"] in same} == {
        f["name"]: f["sha256"] for f in b["files"] if f["name"] in same
    }

    run_cli("compare", "great-purge", "no-torture", "--runs", "1", "--scale", str(TINY),
            "--out", str(tmp_path / "cli-cmp"))
    chistka.compare("great-purge", "no-torture", runs=1, scale=TINY, out=tmp_path / "py-cmp",
                    progress=False)
    a, b = manifest(tmp_path / "cli-cmp"), manifest(tmp_path / "py-cmp")
    assert a == b, "compare writes no record of threads or time: the same manifest"


def test_an_interrupted_ensemble_has_no_manifest_until_it_completes(tmp_path):
    def stop_after_one(done: int, total: int) -> None:
        if done >= 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        chistka.ensemble(runs=3, scale=TINY, out=tmp_path, threads=1, progress=stop_after_one)
    assert not (tmp_path / "manifest.json").exists()
    chistka.ensemble(runs=3, scale=TINY, out=tmp_path, threads=1, progress=False)
    assert "runs.csv" in [f["name"] for f in manifest(tmp_path)["files"]]
