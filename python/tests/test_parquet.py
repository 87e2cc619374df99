"""Parquet files of a run, read back with pyarrow and polars: the same values as the CSV."""

from __future__ import annotations

import csv

import pytest

import chistka
from conftest import TINY

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pl = pytest.importorskip("polars")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    pq_dir = tmp_path_factory.mktemp("parquet")
    csv_dir = tmp_path_factory.mktemp("csv")
    r = chistka.run(scale=TINY, seed=7, out=pq_dir, format="parquet", progress=False)
    r.write(csv_dir, "csv")
    return r, pq_dir, csv_dir


@pytest.mark.parametrize("table", ["annual", "monthly", "daily"])
def test_parquet_round_trips_through_pyarrow_and_polars(written, table):
    r, pq_dir, csv_dir = written
    path = pq_dir / f"{table}.parquet"
    assert not (pq_dir / f"{table}.csv").exists()
    from_pyarrow = pq.read_table(path)
    assert from_pyarrow.equals(pa.table(getattr(r, table)))
    from_polars = pl.read_parquet(path)
    assert from_polars.equals(pl.DataFrame(getattr(r, table)))
    with open(csv_dir / f"{table}.csv", newline="") as f:
        rows = list(csv.reader(f))
    assert from_polars.columns == rows[0]
    last = rows[-1]
    got = from_polars.row(-1)
    for name, cell, value in zip(rows[0], last, got):
        if name in ("threat", "hysteria"):
            assert f"{value:.3f}" == cell
        elif name == "date":
            assert value.isoformat() == cell
        else:
            assert str(value) == cell, name


def test_the_same_run_gives_the_same_parquet_bytes(written, tmp_path):
    r, pq_dir, _ = written
    r.write(tmp_path, "parquet")
    for table in ("annual", "monthly", "daily"):
        name = f"{table}.parquet"
        assert (tmp_path / name).read_bytes() == (pq_dir / name).read_bytes()


def test_an_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="'csv' or 'parquet'"):
        chistka.run(scale=TINY, out=tmp_path, format="xlsx")


def test_the_cli_writes_the_same_parquet_files(written, run_cli, tmp_path):
    _, pq_dir, _ = written
    run_cli("run", "--scale", str(TINY), "--seed", "7", "--format", "parquet", "--out",
            str(tmp_path))
    for table in ("annual", "monthly", "daily"):
        name = f"{table}.parquet"
        assert (tmp_path / name).read_bytes() == (pq_dir / name).read_bytes(), name
    assert not (tmp_path / "annual.csv").exists()


def test_the_cli_experiments_write_parquet_beside_their_csv(run_cli, tmp_path):
    run_cli("ensemble", "--runs", "2", "--scale", str(TINY), "--format", "parquet", "--out",
            str(tmp_path / "e"))
    run_cli("sweep", "--param", "halt.enabled=true,false", "--runs", "1", "--scale", str(TINY),
            "--format", "parquet", "--out", str(tmp_path / "s"))
    runs = pl.read_parquet(tmp_path / "e" / "runs.parquet")
    assert runs["seed"].to_list() == [1937, 1938]
    bands = pq.read_table(tmp_path / "e" / "summary_bands.parquet")
    assert "arrests_1937_1938" in bands.column("metric").to_pylist()
    sweep = pl.read_parquet(tmp_path / "s" / "sweep.parquet")
    assert sweep.height == 2
    assert sweep["halt.enabled"].to_list() == ["true", "false"]
