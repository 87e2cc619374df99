//! Python values to scenario values, and scenarios from what a Python user passes.

use std::path::Path;

use chistka_scenario::Scenario;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

use crate::errors::scenario_error;

/// A Python value as a TOML value; `key` names it in the error.
pub(crate) fn to_toml(key: &str, value: &Bound<'_, PyAny>) -> PyResult<toml::Value> {
    let py = value.py();
    // bool before int: Python's True is an int too.
    if value.is_instance_of::<PyBool>() {
        return Ok(toml::Value::Boolean(value.extract()?));
    }
    if value.is_instance_of::<PyInt>() {
        return Ok(toml::Value::Integer(value.extract()?));
    }
    if value.is_instance_of::<PyFloat>() {
        return Ok(toml::Value::Float(value.extract()?));
    }
    if value.is_instance_of::<PyString>() {
        return Ok(toml::Value::String(value.extract()?));
    }
    let date_type = py.import("datetime")?.getattr("date")?;
    if value.is_instance(&date_type)? {
        let iso: String = value.call_method0("isoformat")?.extract()?;
        return iso
            .parse()
            .map(toml::Value::Datetime)
            .map_err(|_| PyTypeError::new_err(format!("`{key}`: cannot read the date {iso}")));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let items = value
            .try_iter()?
            .map(|item| to_toml(key, &item?))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(toml::Value::Array(items));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        return Ok(toml::Value::Table(to_table(key, dict)?));
    }
    Err(PyTypeError::new_err(format!(
        "`{key}`: expected a bool, int, float, str, date, list or dict, found {}",
        value.get_type().name()?
    )))
}

/// A Python dict (string keys) as a TOML table; `prefix` is the dotted path so far.
pub(crate) fn to_table(prefix: &str, dict: &Bound<'_, PyDict>) -> PyResult<toml::Table> {
    let mut table = toml::Table::new();
    for (k, v) in dict.iter() {
        let k: String = k
            .extract()
            .map_err(|_| PyTypeError::new_err(format!("keys of `{prefix}` must be strings")))?;
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        table.insert(k, to_toml(&path, &v)?);
    }
    Ok(table)
}

/// The scenario a user names: `None` (the default), an embedded name, a file path, or a dict
/// of scenario keys (which may start with `extends`); then the dotted-key overrides of `set`.
pub(crate) fn scenario(
    py: Python<'_>,
    spec: Option<&Bound<'_, PyAny>>,
    set: Option<&Bound<'_, PyDict>>,
) -> PyResult<Scenario> {
    let base = match spec {
        None => chistka_scenario::embedded(chistka_scenario::DEFAULT),
        Some(s) if s.is_instance_of::<PyDict>() => {
            let table = to_table("", s.cast::<PyDict>()?)?;
            let text = toml::to_string(&toml::Value::Table(table))
                .map_err(|e| PyTypeError::new_err(format!("cannot write the scenario: {e}")))?;
            chistka_scenario::load_str("<dict>", &text, None)
        }
        Some(s) => {
            // A str or an os.PathLike: a file if it exists, else an embedded name, as the CLI.
            let text: String = py
                .import("os")?
                .call_method1("fspath", (s,))?
                .extract()
                .map_err(|_| PyTypeError::new_err("scenario: expected a name, a path or a dict"))?;
            let path = Path::new(&text);
            let looks_like_a_name = !text.contains(std::path::MAIN_SEPARATOR)
                && !text.contains('/')
                && !text.ends_with(".toml");
            if !path.exists()
                && (chistka_scenario::embedded_text(&text).is_some() || looks_like_a_name)
            {
                // Neither a file nor an embedded name: the error lists the embedded names.
                chistka_scenario::embedded(&text)
            } else {
                chistka_scenario::load(path)
            }
        }
    }
    .map_err(|e| scenario_error(py, &e))?;
    let Some(set) = set else { return Ok(base) };
    let overrides = set
        .iter()
        .map(|(k, v)| {
            let key: String = k
                .extract()
                .map_err(|_| PyTypeError::new_err("keys of `set` must be dotted strings"))?;
            let value = to_toml(&key, &v)?;
            Ok((key, value))
        })
        .collect::<PyResult<Vec<_>>>()?;
    chistka_scenario::with_overrides(&base, &overrides).map_err(|e| scenario_error(py, &e))
}
