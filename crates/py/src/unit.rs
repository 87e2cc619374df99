//! Output directories written as units, exactly as the command line writes them
//! (`docs/outputs.md`): a run, `compare` and `validate` go into a fresh directory beside `out`
//! that takes its place with its manifest; the resumable experiments (`ensemble`, `sweep`,
//! `calibrate`) write in place with the manifest removed first and written last. The file
//! names and the run ids come from `chistka_analysis::outputs`, shared with the CLI.

use std::ffi::CString;
use std::path::Path;

use chistka_output::{InPlace, Leftovers, Staging};
use pyo3::exceptions::PyUserWarning;
use pyo3::prelude::*;

use crate::errors::output_error;

/// Starts a fresh output beside `out` (`names`: what the command writes).
pub(crate) fn fresh(py: Python<'_>, out: &Path, names: &[&str]) -> PyResult<Staging> {
    let (staging, leftovers) = Staging::begin(out, names).map_err(|e| output_error(&e))?;
    warn_leftovers(py, &leftovers)?;
    Ok(staging)
}

/// Opens `out` for writing in place: from now on it has no manifest until the commit.
pub(crate) fn resumable(py: Python<'_>, out: &Path, names: &[&str]) -> PyResult<InPlace> {
    let (dir, leftovers) = InPlace::begin(out, names).map_err(|e| output_error(&e))?;
    warn_leftovers(py, &leftovers)?;
    Ok(dir)
}

/// What the CLI says on stderr about directories interrupted runs left, as Python warnings.
fn warn_leftovers(py: Python<'_>, found: &Leftovers) -> PyResult<()> {
    let removed = found
        .removed
        .iter()
        .map(|p| format!("removed {}, left by an interrupted run", p.display()));
    let going = found.in_progress.iter().map(|p| {
        format!(
            "{} belongs to a run that is still going (its process exists); left alone",
            p.display()
        )
    });
    for message in removed.chain(going) {
        // A path with a NUL byte cannot exist on disk; nothing to say then.
        if let Ok(text) = CString::new(message) {
            PyErr::warn(py, &py.get_type::<PyUserWarning>(), &text, 2)?;
        }
    }
    Ok(())
}
