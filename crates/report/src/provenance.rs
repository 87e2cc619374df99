//! Which files a report may combine: only whole, unchanged outputs, each read from the
//! directory whose manifest lists it, and only outputs of one scenario at one scale.
//!
//! A run's tables, an ensemble's bands and a comparison are each written as a unit with a
//! `manifest.json` (docs/outputs.md). [`load_checked`] reads one or more such directories,
//! checks every manifest (sizes and hashes), refuses a file that its directory's manifest does
//! not list (it was put there afterwards, perhaps from another run), refuses two outputs of
//! different scenarios or scales, and merges what they hold.

use std::path::{Path, PathBuf};

use chistka_output::{Manifest, read_manifest};

use crate::{Inputs, ReportError};

/// The files a report reads.
pub const READS: [&str; 16] = [
    "annual.csv",
    "monthly.csv",
    "summary.json",
    "run.json",
    "annual_bands.csv",
    "monthly_bands.csv",
    "summary_bands.csv",
    "ensemble.json",
    "comparison.csv",
    "attribution.csv",
    "validate.csv",
    "hypotheses.csv",
    "counterfactuals.csv",
    "parameters.csv",
    "longrun.csv",
    "longrun_party.csv",
];

fn refuse(message: String) -> ReportError {
    ReportError::Provenance(message)
}

/// The scenario an output is about: its own, or for a comparison the reference, A.
fn primary_hash(m: &Manifest) -> &str {
    m.scenario_hash
        .split(" vs ")
        .next()
        .unwrap_or(&m.scenario_hash)
}

/// Reads and checks the outputs in `dirs`, and merges them into one set of inputs (for each
/// part, the first directory that has it).
///
/// # Errors
/// [`ReportError::Provenance`] if a directory has no valid manifest, holds a file its manifest
/// does not list, or is of another scenario or scale than the first; otherwise as
/// [`Inputs::load`].
pub fn load_checked(dirs: &[PathBuf]) -> Result<Inputs, ReportError> {
    let mut first: Option<(&Path, Manifest)> = None;
    let mut kinds: Vec<(String, &Path)> = Vec::new();
    let mut merged = Inputs::default();
    for dir in dirs {
        // A directory with no output at all is a wrong path, better said as such.
        if !dir.join(chistka_output::manifest::MANIFEST).exists()
            && !READS.iter().any(|name| dir.join(name).exists())
        {
            return Err(ReportError::Empty(dir.clone()));
        }
        // What is wrong inside a file (a table cut short) is said first, as the most precise.
        let found = match Inputs::load(dir) {
            Err(ReportError::Empty(_)) => Inputs::default(),
            other => other?,
        };
        let manifest = read_manifest(dir).map_err(|e| {
            refuse(format!(
                "{e}. The report reads only complete outputs, so that it never combines files \
                 of different runs"
            ))
        })?;
        for name in READS {
            if dir.join(name).exists() && manifest.file(name).is_none() {
                return Err(refuse(format!(
                    "{} is not part of the output in {} ({} {}, scenario {}): its manifest.json \
                     does not list it, so it was put there afterwards, perhaps from another run. \
                     Files of different runs cannot be combined: remove it, or pass the \
                     directory it came from as another DIR",
                    dir.join(name).display(),
                    dir.display(),
                    manifest.kind,
                    manifest.run_id,
                    manifest.scenario
                )));
            }
        }
        if let Some((_, earlier)) = kinds.iter().find(|(k, _)| *k == manifest.kind) {
            return Err(refuse(format!(
                "{} and {} are both outputs of `{}`: a report combines at most one of each kind",
                earlier.display(),
                dir.display(),
                manifest.kind
            )));
        }
        kinds.push((manifest.kind.clone(), dir));
        if manifest.kind == "explain" {
            // The model choice is of several hypotheses (scenarios of their own) at its own
            // scale: it describes the record, not the scenario of the other outputs.
            merge(&mut merged, found);
            continue;
        }
        if let Some((d0, m0)) = &first {
            if primary_hash(m0) != primary_hash(&manifest) || m0.scale != manifest.scale {
                return Err(refuse(format!(
                    "cannot combine {} ({} of scenario {}, {}, scale {}) with {} ({} of scenario \
                     {}, {}, scale {}): a report describes one scenario at one scale",
                    d0.display(),
                    m0.kind,
                    m0.scenario,
                    primary_hash(m0),
                    m0.scale,
                    dir.display(),
                    manifest.kind,
                    manifest.scenario,
                    primary_hash(&manifest),
                    manifest.scale
                )));
            }
        } else {
            first = Some((dir, manifest));
        }
        merge(&mut merged, found);
    }
    if merged.annual.is_none()
        && merged.monthly.is_none()
        && merged.summary.is_none()
        && merged.annual_bands.is_none()
        && merged.monthly_bands.is_none()
        && merged.comparison.is_none()
        && merged.attribution.is_none()
        && merged.validation.is_none()
        && merged.explanation.is_none()
    {
        return Err(ReportError::Empty(
            dirs.first().cloned().unwrap_or_default(),
        ));
    }
    Ok(merged)
}

/// For each part, the first directory's that has it. The destructuring names every field, so a
/// part added to [`Inputs`] cannot be forgotten here.
fn merge(into: &mut Inputs, from: Inputs) {
    fn take<T>(a: &mut Option<T>, b: Option<T>) {
        if a.is_none() {
            *a = b;
        }
    }
    let Inputs {
        annual,
        monthly,
        summary,
        run,
        annual_bands,
        monthly_bands,
        summary_bands,
        ensemble,
        comparison,
        attribution,
        validation,
        explanation,
        counterfactuals,
        parameters,
        longrun,
        longrun_party,
    } = from;
    take(&mut into.annual, annual);
    take(&mut into.monthly, monthly);
    take(&mut into.summary, summary);
    take(&mut into.run, run);
    take(&mut into.annual_bands, annual_bands);
    take(&mut into.monthly_bands, monthly_bands);
    take(&mut into.summary_bands, summary_bands);
    take(&mut into.ensemble, ensemble);
    take(&mut into.comparison, comparison);
    take(&mut into.attribution, attribution);
    take(&mut into.validation, validation);
    take(&mut into.explanation, explanation);
    take(&mut into.counterfactuals, counterfactuals);
    take(&mut into.parameters, parameters);
    take(&mut into.longrun, longrun);
    take(&mut into.longrun_party, longrun_party);
}
