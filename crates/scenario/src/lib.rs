//! Scenarios: TOML files read in two steps.
//!
//! 1. **Raw.** The text is parsed as TOML; `extends = "NAME"` pulls in an embedded scenario (or
//!    another file, by path relative to this one) and the file's keys are merged over it; the
//!    result is deserialised into [`raw::RawParams`], which rejects unknown keys, wrong types
//!    and timeline events missing a field their kind needs.
//! 2. **Validated.** Every value is checked against the range declared once for it in [`spec`];
//!    then [`raw::validate`] turns the raw form into [`chistka_model::params::Params`] (checked
//!    quantities, distributions built, the typed timeline) and checks the rules that tie
//!    parameters together (dates in order, shares that sum to at most 1, known regions).
//!    [`reference`](mod@reference) lists every parameter with its default and source (`docs/parameters.md`).
//!
//! Every error names the file, the line and column, the key and what was expected, found by
//! looking the key up in the file's own text; nothing panics on bad input.
//!
//! ```
//! let s = chistka_scenario::load_str("mine.toml", "extends = \"great-purge\"\n[interrogation]\nenabled = false\n", None).unwrap();
//! assert!(!s.params.interrogation.enabled);
//! let err = chistka_scenario::load_str("bad.toml", "extends = \"great-purge\"\n[camps]\nenabled = \"yes\"\n", None).unwrap_err();
//! assert!(err.to_string().starts_with("bad.toml:3:"));
//! ```

#![warn(missing_docs)]

pub mod dotted;
mod error;
mod locate;
mod merge;
mod overrides;
pub mod raw;
pub mod reference;
pub mod spec;

use std::path::{Path, PathBuf};

use chistka_model::params::Params;

pub use dotted::leaves;
pub use error::{Problem, ScenarioError};
pub use overrides::with_overrides;

/// Scenarios shipped inside the binary, every file of `scenarios/`: (name, TOML text). The
/// default comes first; the counterfactuals extend it. A test checks the list against the
/// directory.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "great-purge",
        include_str!("../../../scenarios/great-purge.toml"),
    ),
    (
        "early-halt",
        include_str!("../../../scenarios/early-halt.toml"),
    ),
    (
        "no-denunciation",
        include_str!("../../../scenarios/no-denunciation.toml"),
    ),
    ("no-kirov", include_str!("../../../scenarios/no-kirov.toml")),
    ("long-run", include_str!("../../../scenarios/long-run.toml")),
    (
        "no-mass-operations",
        include_str!("../../../scenarios/no-mass-operations.toml"),
    ),
    (
        "no-torture",
        include_str!("../../../scenarios/no-torture.toml"),
    ),
    (
        "staff-bound",
        include_str!("../../../scenarios/staff-bound.toml"),
    ),
    ("textbook", include_str!("../../../scenarios/textbook.toml")),
];

/// The name of the default scenario.
pub const DEFAULT: &str = "great-purge";

/// A validated scenario.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Its name (the `name` key, else the file stem).
    pub name: String,
    /// One line on what it is.
    pub description: String,
    /// The merged TOML it was built from, for the record (`run.json` hashes it).
    pub canonical: String,
    /// The validated parameters.
    pub params: Params,
}

/// The text of an embedded scenario.
pub fn embedded_text(name: &str) -> Option<&'static str> {
    EMBEDDED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Loads an embedded scenario by name.
///
/// # Errors
/// If there is no such scenario, or (a bug) it does not validate.
pub fn embedded(name: &str) -> Result<Scenario, ScenarioError> {
    let text = embedded_text(name).ok_or_else(|| ScenarioError::unknown_scenario(name))?;
    load_str(&format!("{name} (embedded)"), text, None)
}

/// Loads a scenario file.
///
/// # Errors
/// A [`ScenarioError`] if the file cannot be read, is not TOML, or breaks a rule.
pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
    let label = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ScenarioError::io(&label, &e))?;
    load_str(&label, &text, path.parent().map(Path::to_path_buf))
}

/// Loads scenario text; `label` names it in messages, `dir` resolves `extends` paths.
///
/// # Errors
/// As [`load`].
pub fn load_str(label: &str, text: &str, dir: Option<PathBuf>) -> Result<Scenario, ScenarioError> {
    let layers = merge::layers(label, text, dir, 0)?;
    let top = layers.last().map(|l| l.table.clone()).unwrap_or_default();
    if top.is_empty() {
        return Err(error::empty(label));
    }
    let extends = top.contains_key("extends");
    let mut merged = merge::flatten(&layers);
    // The name and description are the file's own: a file that extends another and names
    // itself nothing is called after its file, never after what it extends.
    let own = |key: &str| match top.get(key) {
        Some(toml::Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    let name = own("name").unwrap_or_else(|| stem(label));
    let description = own("description").unwrap_or_default();
    // What it extends is merged in: the text a run records stands on its own.
    merged.remove("extends");
    merged.insert("name".into(), toml::Value::String(name.clone()));
    merged.insert(
        "description".into(),
        toml::Value::String(description.clone()),
    );
    let mut table = merged.clone();
    table.remove("name");
    table.remove("description");
    merge::dates_to_strings(&mut table);
    let raw: raw::RawParams =
        serde_path_to_error::deserialize(toml::Value::Table(table)).map_err(|e| {
            let path = locate::segments(e.path());
            let inner = e.into_inner();
            let message = error::plain(&inner.to_string(), extends);
            ScenarioError::one(locate::problem(&layers, &path, message))
        })?;
    // Ranges from the one declaration of every parameter, then the conversion to checked
    // quantities and the rules tying several together (dates in order, shares that sum to at
    // most 1); a key refused by its range is not reported twice.
    let mut violations = spec::check_ranges(&leaves(&merged_params(&merged)));
    let census = chistka_model::census::Census::embedded().map_err(|e| {
        ScenarioError::one(Problem {
            file: label.into(),
            line: None,
            column: None,
            key: None,
            message: format!("the embedded census data is malformed (a bug): {e}"),
        })
    })?;
    let params = match raw::validate(raw, &census) {
        Ok(p) => Some(p),
        Err(v) => {
            for (key, msg) in v.0 {
                if !violations.iter().any(|(k, _)| *k == key) {
                    violations.push((key, msg));
                }
            }
            None
        }
    };
    let (Some(params), true) = (params, violations.is_empty()) else {
        return Err(ScenarioError::many(
            violations
                .into_iter()
                .map(|(key, msg)| {
                    let path: Vec<String> = key.split('.').map(str::to_string).collect();
                    locate::problem(&layers, &path, msg)
                })
                .collect(),
        ));
    };
    Ok(Scenario {
        name,
        description,
        canonical: toml::to_string(&merged).map_err(|e| {
            ScenarioError::one(Problem {
                file: label.into(),
                line: None,
                column: None,
                key: None,
                message: format!("cannot write the merged scenario back as TOML: {e}"),
            })
        })?,
        params,
    })
}

/// The merged table without the keys that are not parameters.
fn merged_params(merged: &toml::Table) -> toml::Table {
    let mut t = merged.clone();
    for k in ["name", "description", "extends"] {
        t.remove(k);
    }
    t
}

fn stem(label: &str) -> String {
    Path::new(label)
        .file_stem()
        .map_or_else(|| label.to_string(), |s| s.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests;
