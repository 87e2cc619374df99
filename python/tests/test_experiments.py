"""Ensembles, sweeps, comparisons, validation and calibration: the CLI's files, and the same
bytes whether the runs go to local threads or to a Dask cluster (LocalCluster on 127.0.0.1,
2 worker processes)."""

from __future__ import annotations

import pytest

import chistka
from conftest import TINY

distributed = pytest.importorskip("distributed")

BANDS = ["runs.csv", "annual_bands.csv", "monthly_bands.csv", "summary_bands.csv"]


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None,
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def same_files(a, b, names):
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_the_dask_ensemble_is_identical_to_the_local_one(client, tmp_path, run_cli):
    local = chistka.ensemble(runs=4, scale=TINY, out=tmp_path / "local", threads=2,
                             progress=False)
    dask = chistka.ensemble(runs=4, scale=TINY, out=tmp_path / "dask", client=client,
                            progress=False)
    same_files(local.dir, dask.dir, BANDS)
    assert dask.info["runner"] == "dask" and dask.info["threads"] == 2
    assert local.info["seeds"] == dask.info["seeds"] == [1937, 1938, 1939, 1940]
    run_cli("ensemble", "--runs", "4", "--scale", str(TINY), "--out", str(tmp_path / "cli"))
    same_files(local.dir, tmp_path / "cli", BANDS)
    import pyarrow as pa

    table = pa.table(local.summary_bands)
    assert "arrests_1937_1938" in table.column("metric").to_pylist()


def test_a_shared_society_ensemble_is_the_same_on_dask_locally_and_from_the_cli(
    client, tmp_path, run_cli
):
    # Each Dask worker draws the shared population itself and keeps it; the runs must still be
    # the local threads' and the CLI's, byte for byte.
    local = chistka.ensemble(runs=4, scale=TINY, out=tmp_path / "local", threads=2,
                             progress=False, society="shared")
    dask = chistka.ensemble(runs=4, scale=TINY, out=tmp_path / "dask", client=client,
                            progress=False, society="shared")
    same_files(local.dir, dask.dir, BANDS)
    assert local.info["society"] == dask.info["society"] == "shared:1937"
    run_cli("ensemble", "--runs", "4", "--scale", str(TINY), "--society", "shared",
            "--out", str(tmp_path / "cli"))
    same_files(local.dir, tmp_path / "cli", BANDS)
    # Run 0 is the ordinary run of its seed; the others are not.
    own = chistka.ensemble(runs=2, scale=TINY, out=tmp_path / "own", threads=2, progress=False)
    shared_rows = (local.dir / "runs.csv").read_text().splitlines()
    own_rows = (own.dir / "runs.csv").read_text().splitlines()
    assert shared_rows[2] == own_rows[2] and shared_rows[3] != own_rows[3]
    with pytest.raises(ValueError, match="society"):
        chistka.ensemble(runs=2, scale=TINY, out=tmp_path / "bad", society="everyone")


def test_the_dask_sweep_is_identical_to_the_local_one(client, tmp_path):
    params = {"interrogation.named_per_confession_mean_torture": [1, 2.5], "halt.enabled": [True]}
    local = chistka.sweep(params=params, runs=2, scale=TINY, out=tmp_path / "local",
                          threads=2, progress=False)
    dask = chistka.sweep(params=params, runs=2, scale=TINY, out=tmp_path / "dask",
                         client=client, progress=False)
    same_files(local.dir, dask.dir, ["points.csv", "sweep.csv"])
    assert local.ran == 4 and local.resumed == 0
    again = chistka.sweep(params=params, runs=2, scale=TINY, out=tmp_path / "dask",
                          client=client, progress=False)
    assert (again.resumed, again.ran) == (4, 0), "a finished sweep resumes with nothing to run"
    import pyarrow as pa

    assert pa.table(local.results).num_rows == 4


def test_compare_and_validate_on_dask_match_local(client, tmp_path):
    for where in ("local", "dask"):
        kw = {"client": client} if where == "dask" else {"threads": 2}
        chistka.compare("great-purge", {"extends": "great-purge", "name": "no-quota",
                                        "quota": {"enabled": False}},
                        runs=2, scale=TINY, out=tmp_path / where / "cmp", progress=False, **kw)
        v = chistka.validate(runs=2, scale=TINY, out=tmp_path / where / "val", progress=False,
                             **kw)
        assert v.targets > 0 and 0 <= v.within <= v.targets
    same_files(tmp_path / "local" / "cmp", tmp_path / "dask" / "cmp", ["comparison.csv"])
    same_files(tmp_path / "local" / "val", tmp_path / "dask" / "val",
               ["validate.csv", "not_calibrated.csv"])


def test_calibration_runs_through_the_same_path(client, tmp_path):
    key = "interrogation.pursue_probability"
    fits = {}
    for where in ("local", "dask"):
        kw = {"client": client} if where == "dask" else {"threads": 2}
        fits[where] = chistka.calibrate(params=[key], bounds={key: (0.2, 0.9)}, budget=3,
                                        runs=1, scale=TINY, out=tmp_path / where,
                                        progress=False, **kw)
    assert fits["local"].values == fits["dask"].values
    assert fits["local"].loss == fits["dask"].loss
    # Nelder-Mead may stop before the budget once its simplex has collapsed (how soon depends
    # on the model's loss surface): the budget is a ceiling, and both paths stop alike.
    assert 2 <= fits["local"].evaluations <= 3
    assert fits["local"].evaluations == fits["dask"].evaluations
    same_files(tmp_path / "local", tmp_path / "dask", ["calibration.log"])

    def without_date(path):
        return [line for line in path.read_text().splitlines() if not line.startswith("# Date:")]

    assert without_date(tmp_path / "local" / "fitted.toml") == without_date(
        tmp_path / "dask" / "fitted.toml"
    )


def test_experiment_tables_as_parquet(tmp_path):
    pl = pytest.importorskip("polars")
    e = chistka.ensemble(runs=2, scale=TINY, out=tmp_path, format="parquet", progress=False)
    for name in BANDS:
        frame = pl.read_parquet(e.dir / name.replace(".csv", ".parquet"))
        assert frame.height > 0, name
    runs = pl.read_parquet(e.dir / "runs.parquet")
    assert runs["seed"].to_list() == [1937, 1938]


def test_a_client_that_is_not_a_client_is_refused(tmp_path):
    with pytest.raises(TypeError, match="dask.distributed.Client"):
        chistka.ensemble(runs=2, scale=TINY, out=tmp_path, client="tcp://127.0.0.1:8786")


def test_an_interrupted_ensemble_resumes_where_it_stopped(tmp_path):
    def stop_after_two(done: int, total: int) -> None:
        if done >= 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        chistka.ensemble(runs=6, scale=TINY, out=tmp_path, threads=2, progress=stop_after_two)
    assert not (tmp_path / "summary_bands.csv").exists(), "no bands from a partial ensemble"
    e = chistka.ensemble(runs=6, scale=TINY, out=tmp_path, threads=2, progress=False)
    assert 2 <= e.info["resumed_runs"] < 6
    whole = chistka.ensemble(runs=6, scale=TINY, out=tmp_path / "whole", threads=2,
                             progress=False)
    same_files(e.dir, whole.dir, BANDS)
