//! The experiments over many runs (`chistka-analysis`), locally or on a Dask cluster.
//!
//! Each function checks its arguments, picks the runner (the local rayon pool, or [`Dask`] when
//! a client is given), runs the library's experiment with the GIL released and Ctrl-C watched,
//! and writes the files the CLI writes. Arguments and defaults are the CLI's; the Python layer
//! (`python/chistka/experiments.py`) documents them.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chistka_analysis::outcome::Societies;
use chistka_analysis::outputs::{self, Provenance, design};
use chistka_analysis::runner::Runner;
use chistka_analysis::{AnalysisError, calibrate as fit, compare as cmp, ensemble as ens};
use chistka_analysis::{outcome, spec::ParamSpec, sweep as swp, targets, validate as val};
use chistka_output::{Format, write_atomic};
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use crate::errors::{output_error, scenario_error};
use crate::remote::Dask;
use crate::watch::{Watch, supervise};

/// An analysis error as the Python exception a user expects.
pub(crate) fn analysis_error(py: Python<'_>, e: AnalysisError) -> PyErr {
    match e {
        AnalysisError::Scenario(s) => scenario_error(py, &s),
        AnalysisError::Io { .. } | AnalysisError::Output(_) => PyOSError::new_err(e.to_string()),
        AnalysisError::Input(_) | AnalysisError::Resume(_) | AnalysisError::Targets { .. } => {
            PyValueError::new_err(e.to_string())
        }
        other => PyRuntimeError::new_err(other.to_string()),
    }
}

/// Where the runs go, and how many at once.
struct Site {
    dask: Option<Dask>,
    threads: Option<usize>,
}

impl Site {
    fn new(client: Option<&Bound<'_, PyAny>>, threads: Option<usize>) -> PyResult<Site> {
        Ok(Site {
            dask: client.map(Dask::new).transpose()?,
            threads,
        })
    }

    fn workers(&self) -> usize {
        match &self.dask {
            Some(d) => d.workers(),
            None => self
                .threads
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        }
    }

    fn kind(&self) -> &'static str {
        if self.dask.is_some() { "dask" } else { "local" }
    }

    /// Runs `work` with this site's runner; a Python exception from the cluster is raised as it
    /// was.
    fn run<T: Send>(
        &self,
        py: Python<'_>,
        progress: Option<Py<PyAny>>,
        work: impl FnOnce(&dyn Runner, &Watch) -> Result<T, AnalysisError> + Send,
    ) -> PyResult<T> {
        // With a cluster the local pool only carries the in-order collector: one thread.
        let threads = if self.dask.is_some() {
            Some(1)
        } else {
            self.threads
        };
        let dask = self.dask.as_ref();
        let result = supervise(py, threads, progress, move |watch, pool| match dask {
            Some(d) => work(d, watch),
            None => work(pool, watch),
        })?;
        result.map_err(|e| match self.dask.as_ref().and_then(Dask::take_failure) {
            Some(raised) => raised,
            None => analysis_error(py, e),
        })
    }
}

fn format_of(text: &str) -> PyResult<Format> {
    Format::parse(text).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// With `format = parquet`, writes a `.parquet` beside each of the experiment's CSV tables in
/// `dir` (before the manifest, which lists them); with `csv`, removes stale copies.
fn parquet_copies(dir: &Path, files: &outputs::Files, format: Format) -> PyResult<()> {
    chistka_output::table_copies(dir, files.tables, format).map_err(|e| output_error(&e))
}

fn commit_fresh(
    staging: chistka_output::Staging,
    what: &Provenance<'_>,
    files: &outputs::Files,
) -> PyResult<()> {
    staging
        .commit(what.manifest(), &files.names())
        .map(|_| ())
        .map_err(|e| output_error(&e))
}

fn commit_resumable(dir: chistka_output::InPlace, what: &Provenance<'_>) -> PyResult<()> {
    dir.commit(what.manifest())
        .map(|_| ())
        .map_err(|e| output_error(&e))
}

fn json_text(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

fn write_text(path: &Path, text: &str) -> PyResult<()> {
    write_atomic(path, text.as_bytes()).map_err(|e| PyOSError::new_err(e.to_string()))
}

/// Many seeds of one scenario: `runs.csv` and the band files, as `chistka ensemble`.
#[pyfunction]
#[pyo3(signature = (scenario, set, *, runs, scale, seed, out, threads, client, progress, format, society="own"))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn ensemble(
    py: Python<'_>,
    scenario: Option<&Bound<'_, PyAny>>,
    set: Option<&Bound<'_, PyDict>>,
    runs: usize,
    scale: f64,
    seed: u64,
    out: PathBuf,
    threads: Option<usize>,
    client: Option<&Bound<'_, PyAny>>,
    progress: Option<Py<PyAny>>,
    format: &str,
    society: &str,
) -> PyResult<String> {
    let format = format_of(format)?;
    let society = Societies::parse(society).map_err(|e| analysis_error(py, e))?;
    let scenario = crate::values::scenario(py, scenario, set)?;
    chistka_analysis::check_runs(runs, "an ensemble").map_err(|e| analysis_error(py, e))?;
    let site = Site::new(client, threads)?;
    let dir = crate::unit::resumable(py, &out, &outputs::ENSEMBLE.names())?;
    let spec = ens::EnsembleSpec {
        scenario,
        scale,
        first_seed: seed,
        runs,
        society,
    };
    let provenance = Provenance {
        kind: "ensemble",
        scenario: &spec.scenario,
        other: None,
        seed,
        scale,
        design: design::ensemble(runs, society),
    };
    let started = Instant::now();
    let report = site.run(py, progress, |runner, watch| {
        ens::ensemble(&spec, runner, &out, &mut |d, t| watch.report(d, t))
    })?;
    let wall = started.elapsed().as_secs_f64();
    let seeds: Vec<u64> = chistka_analysis::seeds(seed, runs).collect();
    // The CLI's `ensemble.json`, and where the runs went.
    let info = serde_json::json!({
        "run_id": provenance.run_id(),
        "version": env!("CARGO_PKG_VERSION"),
        "git_commit": option_env!("CHISTKA_GIT_COMMIT"),
        "scenario": spec.scenario.name,
        "scenario_hash": chistka_output::fingerprint(&spec.scenario.canonical),
        "first_seed": seed,
        "runs": runs,
        "seeds": seeds,
        "scale": scale,
        "society": society.label(seed),
        "threads": site.workers(),
        "runner": site.kind(),
        "resumed_runs": report.resumed,
        "wall_seconds": (wall * 1000.0).round() / 1000.0,
        "note": "Bands over seeds of a synthetic population: no figure describes a real person.",
    });
    let text = json_text(&info);
    write_text(&out.join("ensemble.json"), &text)?;
    parquet_copies(&out, &outputs::ENSEMBLE, format)?;
    commit_resumable(dir, &provenance)?;
    Ok(text)
}

/// A grid or Latin hypercube over parameters: `points.csv` and `sweep.csv`, as `chistka sweep`.
#[pyfunction]
#[pyo3(signature = (scenario, set, *, params, lhs, runs, scale, seed, out, threads, client, progress, format))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn sweep(
    py: Python<'_>,
    scenario: Option<&Bound<'_, PyAny>>,
    set: Option<&Bound<'_, PyDict>>,
    params: Vec<String>,
    lhs: Option<usize>,
    runs: usize,
    scale: f64,
    seed: u64,
    out: PathBuf,
    threads: Option<usize>,
    client: Option<&Bound<'_, PyAny>>,
    progress: Option<Py<PyAny>>,
    format: &str,
) -> PyResult<(usize, usize, bool)> {
    let format = format_of(format)?;
    let scenario = crate::values::scenario(py, scenario, set)?;
    let specs = params
        .iter()
        .map(|p| ParamSpec::parse("params", p))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| analysis_error(py, e))?;
    let points = swp::design(&specs, lhs, seed).map_err(|e| analysis_error(py, e))?;
    chistka_analysis::check_runs(runs, "a sweep").map_err(|e| analysis_error(py, e))?;
    let site = Site::new(client, threads)?;
    let dir = crate::unit::resumable(py, &out, &outputs::SWEEP.names())?;
    let spec = swp::SweepSpec {
        scenario,
        points,
        scale,
        first_seed: seed,
        runs,
    };
    let provenance = Provenance {
        kind: "sweep",
        scenario: &spec.scenario,
        other: None,
        seed,
        scale,
        design: design::sweep(runs, &params, lhs),
    };
    let report = site.run(py, progress, |runner, watch| {
        swp::sweep(&spec, runner, &out, &mut |d, t| watch.report(d, t))
    })?;
    parquet_copies(&out, &outputs::SWEEP, format)?;
    commit_resumable(dir, &provenance)?;
    Ok((report.resumed, report.ran, report.dropped_partial_line))
}

/// Two scenarios on the same seeds: `comparison.csv`, as `chistka compare`.
#[pyfunction]
#[pyo3(signature = (a, b, *, runs, scale, seed, out, threads, client, progress, format))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn compare(
    py: Python<'_>,
    a: Option<&Bound<'_, PyAny>>,
    b: Option<&Bound<'_, PyAny>>,
    runs: usize,
    scale: f64,
    seed: u64,
    out: PathBuf,
    threads: Option<usize>,
    client: Option<&Bound<'_, PyAny>>,
    progress: Option<Py<PyAny>>,
    format: &str,
) -> PyResult<()> {
    let format = format_of(format)?;
    let a = crate::values::scenario(py, a, None)?;
    let b = crate::values::scenario(py, b, None)?;
    chistka_analysis::check_runs(runs, "a comparison").map_err(|e| analysis_error(py, e))?;
    let site = Site::new(client, threads)?;
    let staging = crate::unit::fresh(py, &out, &outputs::COMPARE.names())?;
    let c = site.run(py, progress, |runner, watch| {
        cmp::compare(&a, &b, scale, seed, runs, runner, &mut |d, t| {
            watch.report(d, t)
        })
    })?;
    let csv = c.to_csv();
    write_text(&staging.dir().join("comparison.csv"), &csv)?;
    let table = chistka_report::Table::parse(&csv).map_err(PyRuntimeError::new_err)?;
    let svg =
        chistka_report::comparison_chart::comparison_svg(&table, &c.a_name, &c.b_name, c.runs)
            .map_err(PyRuntimeError::new_err)?;
    write_text(&staging.dir().join("comparison.svg"), &svg)?;
    parquet_copies(staging.dir(), &outputs::COMPARE, format)?;
    let provenance = Provenance {
        kind: "compare",
        scenario: &a,
        other: Some(&b),
        seed,
        scale,
        design: design::compare(runs),
    };
    commit_fresh(staging, &provenance, &outputs::COMPARE)
}

/// A scenario against a target set over seeds: `validate.csv` and `not_calibrated.csv`, as
/// `chistka validate` (which also draws one chart per series). Returns (targets, within).
#[pyfunction]
#[pyo3(signature = (scenario, set, *, targets, runs, scale, seed, out, threads, client, progress, format))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn validate(
    py: Python<'_>,
    scenario: Option<&Bound<'_, PyAny>>,
    set: Option<&Bound<'_, PyDict>>,
    targets: &str,
    runs: usize,
    scale: f64,
    seed: u64,
    out: PathBuf,
    threads: Option<usize>,
    client: Option<&Bound<'_, PyAny>>,
    progress: Option<Py<PyAny>>,
    format: &str,
) -> PyResult<(usize, usize, f64)> {
    let format = format_of(format)?;
    let scenario = crate::values::scenario(py, scenario, set)?;
    let target_set = targets::load(targets).map_err(|e| analysis_error(py, e))?;
    chistka_analysis::check_runs(runs, "a validation").map_err(|e| analysis_error(py, e))?;
    let site = Site::new(client, threads)?;
    let staging = crate::unit::fresh(py, &out, &outputs::VALIDATE.names())?;
    let seeds: Vec<u64> = chistka_analysis::seeds(seed, runs).collect();
    let outcomes = site.run(py, progress, |runner, watch| {
        outcome::run_seeds(runner, &scenario, scale, &seeds, &mut |d, t| {
            watch.report(d, t)
        })
    })?;
    let (target_set, skipped) =
        val::usable(target_set, &outcomes).map_err(|e| analysis_error(py, e))?;
    let rows = val::compare(&target_set, &outcomes);
    let uncalibrated = val::uncalibrated(&rows, &outcomes);
    write_text(
        &staging.dir().join("validate.csv"),
        &val::validate_csv(&rows),
    )?;
    write_text(
        &staging.dir().join("not_calibrated.csv"),
        &val::uncalibrated_csv(&uncalibrated),
    )?;
    write_text(
        &staging.dir().join("skipped.csv"),
        &val::skipped_csv(&skipped),
    )?;
    parquet_copies(staging.dir(), &outputs::VALIDATE, format)?;
    let provenance = Provenance {
        kind: "validate",
        scenario: &scenario,
        other: None,
        seed,
        scale,
        design: design::validate(runs, &target_set.name),
    };
    commit_fresh(staging, &provenance, &outputs::VALIDATE)?;
    let within = rows.iter().filter(|r| r.within).count();
    Ok((rows.len(), within, val::loss(&rows)))
}

/// Fits named parameters to a target set: `calibration.log` and `fitted.toml`, as
/// `chistka calibrate`. Returns (values, loss, evaluations, replayed, stopped, fitted TOML).
#[pyfunction]
#[pyo3(signature = (scenario, set, *, targets, params, bounds, budget, runs, scale, seed, out, threads, client, progress, command, date))]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
pub(crate) fn calibrate(
    py: Python<'_>,
    scenario: Option<&Bound<'_, PyAny>>,
    set: Option<&Bound<'_, PyDict>>,
    targets: &str,
    params: &str,
    bounds: Vec<String>,
    budget: usize,
    runs: usize,
    scale: f64,
    seed: u64,
    out: PathBuf,
    threads: Option<usize>,
    client: Option<&Bound<'_, PyAny>>,
    progress: Option<Py<PyAny>>,
    command: &str,
    date: &str,
) -> PyResult<(Vec<(String, f64)>, f64, usize, usize, String, String)> {
    let scenario = crate::values::scenario(py, scenario, set)?;
    let target_set = targets::load(targets).map_err(|e| analysis_error(py, e))?;
    let specs = fit::parse_params(params, &bounds).map_err(|e| analysis_error(py, e))?;
    chistka_analysis::check_runs(runs, "a calibration").map_err(|e| analysis_error(py, e))?;
    if budget == 0 {
        return Err(PyValueError::new_err(
            "budget 0: expected at least 1 evaluation",
        ));
    }
    outcome::check_scale(scale).map_err(|e| analysis_error(py, e))?;
    let dir = crate::unit::resumable(py, &out, &outputs::CALIBRATE.names())?;
    std::fs::create_dir_all(&out)
        .map_err(|e| PyOSError::new_err(format!("{}: {e}", out.display())))?;
    let settings = fit::Settings {
        targets: target_set,
        seeds: chistka_analysis::seeds(seed, runs).collect(),
        scale,
        budget,
        log: out.join("calibration.log"),
    };
    let site = Site::new(client, threads)?;
    let result = site.run(py, progress, |runner, watch| {
        fit::calibrate(runner, &scenario, &specs, &settings, &mut |last, _best| {
            watch.report(last.index as u64 + 1, budget as u64)
        })
    })?;
    let values: Vec<(String, f64)> = specs
        .iter()
        .map(|p| p.key.clone())
        .zip(result.best.values.iter().copied())
        .collect();
    // The library words the header; the date and the call come from the Python side, so that
    // the library stays free of clocks.
    let header = result.fitted_header(&specs, &settings, command, date);
    let text = result.fitted_toml(&header);
    write_text(&out.join("fitted.toml"), &text)?;
    let provenance = Provenance {
        kind: "calibrate",
        scenario: &scenario,
        other: None,
        seed,
        scale,
        design: design::calibrate(runs, &settings.targets.name, params, &bounds, budget),
    };
    commit_resumable(dir, &provenance)?;
    Ok((
        values,
        result.best.loss,
        result.evaluations,
        result.replayed,
        result.stopped,
        result.fitted.canonical,
    ))
}

/// One run on a Dask worker: its figures as bytes ([`crate::codec`]).
#[pyfunction]
#[pyo3(signature = (scenario_toml, name, scale, seed, threads=1, society=None))]
pub(crate) fn simulate_outcome(
    py: Python<'_>,
    scenario_toml: &str,
    name: &str,
    scale: f64,
    seed: u64,
    threads: usize,
    society: Option<u64>,
) -> PyResult<Py<PyBytes>> {
    let scenario = chistka_scenario::load_str(name, scenario_toml, None)
        .map_err(|e| scenario_error(py, &e))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start worker threads: {e}")))?;
    let outcome = py
        .detach(|| {
            pool.install(|| {
                // A task on a shared society: the worker draws it once and keeps it for the
                // tasks that follow (outcome::shared_society), so its runs are those of the
                // local threads, byte for byte.
                outcome::run_task(&chistka_analysis::runner::Task {
                    scenario: &scenario,
                    scale,
                    seed,
                    society,
                })
            })
        })
        .map_err(|e| analysis_error(py, e))?;
    Ok(PyBytes::new(py, &crate::codec::encode(&outcome)).unbind())
}

/// A CSV file chistka wrote, as an Arrow table (each column an integer, a float or text).
#[pyfunction]
pub(crate) fn read_table(path: PathBuf) -> PyResult<pyo3_arrow::PyTable> {
    let batch =
        chistka_output::parquet::csv_batch(&path).map_err(|e| PyOSError::new_err(e.to_string()))?;
    pyo3_arrow::PyTable::try_new(vec![batch.clone()], batch.schema())
}
