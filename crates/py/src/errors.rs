//! Library errors as Python exceptions.
//!
//! Scenario errors become `chistka.ScenarioError` (defined in Python, `python/chistka/errors.py`,
//! so that it can carry the problems as plain attributes): a `ValueError` with `.problems`, a
//! list of `Problem(file, line, column, key, message)`, and the first problem's fields on the
//! exception itself.

use pyo3::exceptions::{PyOSError, PyRuntimeError};
use pyo3::prelude::*;

/// A `chistka.ScenarioError` carrying every problem of `e`.
pub(crate) fn scenario_error(py: Python<'_>, e: &chistka_scenario::ScenarioError) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let problems: Vec<_> = e
            .problems
            .iter()
            .map(|p| {
                (
                    p.file.clone(),
                    p.line,
                    p.column,
                    p.key.clone(),
                    p.message.clone(),
                )
            })
            .collect();
        let class = py.import("chistka.errors")?.getattr("ScenarioError")?;
        Ok(PyErr::from_value(class.call1((e.to_string(), problems))?))
    };
    // If the Python half is missing (the native module imported alone), keep the message.
    build().unwrap_or_else(|_| pyo3::exceptions::PyValueError::new_err(e.to_string()))
}

/// An output file that could not be written.
pub(crate) fn output_error(e: &chistka_output::OutputError) -> PyErr {
    PyOSError::new_err(e.to_string())
}

/// The model's embedded data is malformed: a bug, not the user's mistake.
pub(crate) fn data_error(e: &chistka_model::census::DataError) -> PyErr {
    PyRuntimeError::new_err(format!("chistka's embedded data is malformed (a bug): {e}"))
}
