//! The native half of the `chistka` Python package (`chistka._chistka`), built by maturin.
//!
//! An adapter only: it translates Python values to the libraries' types, calls
//! `chistka-scenario`, `chistka-model` and `chistka-output`, and hands back Arrow tables
//! (through `pyo3-arrow`, which implements the Arrow PyCapsule interface, so pandas, polars and
//! pyarrow accept them as they are). The user-facing API, its docstrings and stubs are in
//! `python/chistka/`.
//!
//! Runs release the GIL and can be interrupted with Ctrl-C (module `watch`); the experiments run on
//! the local pool or, given a `distributed.Client`, on a Dask cluster (module `remote`), through the
//! analysis crate's `Runner` seam, so both fold the same outcomes into the same files.

mod codec;
mod errors;
mod experiments;
mod remote;
mod run;
mod unit;
mod values;
mod watch;

use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The scenario a user names, validated: `(name, description, merged TOML)`.
#[pyfunction]
#[pyo3(signature = (scenario=None, set=None))]
fn load_scenario(
    py: Python<'_>,
    scenario: Option<&Bound<'_, PyAny>>,
    set: Option<&Bound<'_, PyDict>>,
) -> PyResult<(String, String, String)> {
    let s = values::scenario(py, scenario, set)?;
    Ok((s.name, s.description, s.canonical))
}

/// The embedded scenarios: `(name, description)` each.
#[pyfunction]
fn embedded_scenarios(py: Python<'_>) -> PyResult<Vec<(String, String)>> {
    chistka_scenario::EMBEDDED
        .iter()
        .map(|(name, _)| {
            let s = chistka_scenario::embedded(name).map_err(|e| errors::scenario_error(py, &e))?;
            Ok(((*name).to_string(), s.description))
        })
        .collect()
}

/// The TOML text of an embedded scenario, as `chistka scenario show` prints it.
#[pyfunction]
fn embedded_text(py: Python<'_>, name: &str) -> PyResult<&'static str> {
    chistka_scenario::embedded_text(name).ok_or_else(|| {
        // The library's own message, naming the scenarios there are.
        match chistka_scenario::embedded(name) {
            Err(e) => errors::scenario_error(py, &e),
            Ok(_) => pyo3::exceptions::PyValueError::new_err(format!("no scenario `{name}`")),
        }
    })
}

#[pymodule]
fn _chistka(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<run::NativeRun>()?;
    m.add_function(wrap_pyfunction!(run::run, m)?)?;
    m.add_function(wrap_pyfunction!(load_scenario, m)?)?;
    m.add_function(wrap_pyfunction!(embedded_scenarios, m)?)?;
    m.add_function(wrap_pyfunction!(embedded_text, m)?)?;
    m.add_function(wrap_pyfunction!(experiments::ensemble, m)?)?;
    m.add_function(wrap_pyfunction!(experiments::sweep, m)?)?;
    m.add_function(wrap_pyfunction!(experiments::compare, m)?)?;
    m.add_function(wrap_pyfunction!(experiments::validate, m)?)?;
    m.add_function(wrap_pyfunction!(experiments::calibrate, m)?)?;
    m.add_function(wrap_pyfunction!(experiments::simulate_outcome, m)?)?;
    m.add_function(wrap_pyfunction!(experiments::read_table, m)?)?;
    Ok(())
}
