//! Experiment output directories as units (docs/outputs.md): the commands that start afresh
//! (`compare`, `attribute`, `validate`) write into a fresh directory beside `--out` and swap it
//! in; the resumable ones (`ensemble`, `sweep`, `calibrate`) write in place with the manifest
//! removed first and written last. Either way a directory without a complete manifest is
//! incomplete, and the report refuses it.

use std::path::Path;

use chistka_output::{InPlace, Staging};

pub use chistka_analysis::outputs::Provenance;

/// Starts a fresh output beside `out`; `files` are the names this command writes (to
/// recognise an earlier output of it, written before manifests existed).
pub fn fresh(out: &Path, files: &[&str]) -> anyhow::Result<Staging> {
    let (staging, leftovers) = Staging::begin(out, files)?;
    crate::run::report_leftovers(&leftovers);
    Ok(staging)
}

/// Writes the manifest and swaps the fresh output into place.
pub fn commit_fresh(staging: Staging, what: &Provenance<'_>, files: &[&str]) -> anyhow::Result<()> {
    staging.commit(what.manifest(), files)?;
    Ok(())
}

/// Opens `out` for writing in place (a resumable command): from now on it has no manifest.
pub fn resumable(out: &Path, files: &[&str]) -> anyhow::Result<InPlace> {
    let (dir, leftovers) = InPlace::begin(out, files)?;
    crate::run::report_leftovers(&leftovers);
    Ok(dir)
}

/// Writes the manifest of a finished resumable output.
pub fn commit_resumable(dir: InPlace, what: &Provenance<'_>) -> anyhow::Result<()> {
    dir.commit(what.manifest())?;
    Ok(())
}
