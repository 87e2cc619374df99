//! One run: `chistka._chistka.run` and the `NativeRun` it returns.

use std::path::PathBuf;
use std::time::Instant;

use chistka_model::sim::{self, RunOptions};
use chistka_output::{Format, RUN_FILES, RunInfo, RunTables, Table, fingerprint};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3_arrow::PyTable;

use crate::errors::{data_error, output_error};
use crate::watch::{Days, supervise};

/// The results of one run, without the simulated world: the period tables, the summary, what
/// produced them, and where the case archive went when one was asked for.
#[pyclass(module = "chistka._chistka", frozen)]
#[derive(Debug)]
pub struct NativeRun {
    tables: RunTables,
    info: RunInfo,
    canonical: String,
    description: String,
    cases: Option<PathBuf>,
}

fn arrow(table: &Table) -> PyResult<PyTable> {
    let batch = chistka_output::parquet::record_batch(table).map_err(|e| output_error(&e))?;
    PyTable::try_new(vec![batch.clone()], batch.schema())
}

impl NativeRun {
    fn longrun_table(&self, stem: &str) -> PyResult<Option<PyTable>> {
        self.tables
            .longrun
            .iter()
            .find(|(s, _)| *s == stem)
            .map(|(_, t)| arrow(t))
            .transpose()
    }
}

#[pymethods]
impl NativeRun {
    /// The annual table (Arrow).
    #[getter]
    fn annual(&self) -> PyResult<PyTable> {
        arrow(&self.tables.annual)
    }

    /// The monthly table (Arrow).
    #[getter]
    fn monthly(&self) -> PyResult<PyTable> {
        arrow(&self.tables.monthly)
    }

    /// The daily table (Arrow).
    #[getter]
    fn daily(&self) -> PyResult<PyTable> {
        arrow(&self.tables.daily)
    }

    /// The long run's table of the elite's layers (`longrun.csv`, Arrow), or None for a run that
    /// ends by 22 June 1941.
    #[getter]
    fn longrun(&self) -> PyResult<Option<PyTable>> {
        self.longrun_table("longrun")
    }

    /// The long run's party by period of joining (`longrun_party.csv`, Arrow), or None.
    #[getter]
    fn longrun_party(&self) -> PyResult<Option<PyTable>> {
        self.longrun_table("longrun_party")
    }

    /// `summary.json` as text (the run id first, then the figures).
    #[getter]
    fn summary_json(&self) -> PyResult<String> {
        self.tables
            .summary_text(&self.info)
            .map_err(|e| output_error(&e))
    }

    /// `run.json` as text.
    #[getter]
    fn info_json(&self) -> PyResult<String> {
        RunTables::run_text(&self.info).map_err(|e| output_error(&e))
    }

    /// The merged scenario TOML the run was built from.
    #[getter]
    fn canonical(&self) -> &str {
        &self.canonical
    }

    /// The scenario's one-line description.
    #[getter]
    fn description(&self) -> &str {
        &self.description
    }

    /// The case archive's path, if one was written.
    #[getter]
    fn cases(&self) -> Option<PathBuf> {
        self.cases.clone()
    }

    /// Writes the output files into `dir` exactly as `chistka run` does (`format`: csv|parquet):
    /// into a fresh directory beside it, `manifest.json` last, which then takes its place.
    fn write(&self, py: Python<'_>, dir: PathBuf, format: &str) -> PyResult<()> {
        let format = Format::parse(format).map_err(|e| PyValueError::new_err(e.to_string()))?;
        let staging = crate::unit::fresh(py, &dir, RUN_FILES)?;
        py.detach(|| self.tables.commit(staging, &self.info, format))
            .map(|_manifest| ())
            .map_err(|e| output_error(&e))
    }
}

/// Runs a scenario (see `chistka.run` for the arguments).
#[pyfunction]
#[pyo3(signature = (scenario=None, *, scale, seed, set=None, cases=None, threads=None, progress=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn run(
    py: Python<'_>,
    scenario: Option<&Bound<'_, PyAny>>,
    scale: f64,
    seed: u64,
    set: Option<&Bound<'_, PyDict>>,
    cases: Option<PathBuf>,
    threads: Option<usize>,
    progress: Option<Py<PyAny>>,
) -> PyResult<NativeRun> {
    // Validate everything before running: a bad input writes nothing.
    if !(scale > 0.0 && scale <= 1.0) {
        return Err(PyValueError::new_err(format!(
            "scale must be in (0, 1], found {scale}"
        )));
    }
    let scenario = crate::values::scenario(py, scenario, set)?;
    let workers =
        threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let params = scenario.params.clone();
    let started = Instant::now();
    let world = supervise(py, threads, progress, move |watch, pool| {
        pool.install(|| sim::run(params, RunOptions { scale, seed }, &mut Days(watch)))
    })?
    .map_err(|e| data_error(&e))?;
    let wall = started.elapsed().as_secs_f64();
    let info = RunInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        git_commit: option_env!("CHISTKA_GIT_COMMIT").map(String::from),
        scenario: scenario.name.clone(),
        scenario_hash: fingerprint(&scenario.canonical),
        seed,
        scale,
        threads: workers,
        wall_seconds: (wall * 1000.0).round() / 1000.0,
        people_simulated: world.people.len(),
        mass_weight: world.mass_weight,
        note: "The people simulated are synthetic: no record describes a real person.".into(),
    };
    if let Some(path) = &cases {
        py.detach(|| chistka_output::write_cases(path, &world, &info))
            .map_err(|e| output_error(&e))?;
    }
    let tables = py.detach(|| RunTables::of(&world));
    Ok(NativeRun {
        tables,
        info,
        canonical: scenario.canonical,
        description: scenario.description,
        cases,
    })
}
