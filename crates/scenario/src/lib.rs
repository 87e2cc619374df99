//! Scenarios: TOML files read in two steps.
//!
//! 1. **Raw.** The text is parsed as TOML; `extends = "NAME"` pulls in an embedded scenario (or
//!    another file, by path relative to this one) and the file's keys are merged over it; the
//!    result is deserialised into [`chistka_model::params::Params`], which rejects unknown keys
//!    and wrong types.
//! 2. **Validated.** [`Params::validate`](chistka_model::params::Params::validate) checks ranges
//!    and dates.
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

mod error;
mod locate;
mod merge;

use std::path::{Path, PathBuf};

use chistka_model::params::Params;

pub use error::{Problem, ScenarioError};

/// Scenarios shipped inside the binary: (name, TOML text).
pub const EMBEDDED: &[(&str, &str)] = &[(
    "great-purge",
    include_str!("../../../scenarios/great-purge.toml"),
)];

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
    let merged = merge::flatten(&layers);
    let mut table = merged.clone();
    let name = take_string(&mut table, "name").unwrap_or_else(|| stem(label));
    let description = take_string(&mut table, "description").unwrap_or_default();
    table.remove("extends");
    merge::dates_to_strings(&mut table);
    let params: Params =
        serde_path_to_error::deserialize(toml::Value::Table(table)).map_err(|e| {
            let path = locate::segments(e.path());
            let inner = e.into_inner();
            ScenarioError::one(locate::problem(&layers, &path, clean(&inner.to_string())))
        })?;
    params.validate().map_err(|v| {
        ScenarioError::many(
            v.0.into_iter()
                .map(|(key, msg)| {
                    let path: Vec<String> = key.split('.').map(str::to_string).collect();
                    locate::problem(&layers, &path, msg)
                })
                .collect(),
        )
    })?;
    Ok(Scenario {
        name,
        description,
        canonical: toml::to_string(&merged).unwrap_or_default(),
        params,
    })
}

/// The scenario with some values replaced, validated anew: each override is a dotted key of the
/// merged TOML (`quota.grant_probability`, a year of a year table such as
/// `policing.arrests_per_100k_adults_per_year.1937`, or an element of an array of tables such as
/// `national.operations.0.arrests_per_1000_per_month`) and a number. The parent of every key must
/// exist; the key itself may be new only inside a table (a new year of a year table). An integer
/// value stays an integer (rounded).
///
/// ```
/// let base = chistka_scenario::embedded("great-purge").unwrap();
/// let s = chistka_scenario::with_overrides(&base, &[("quota.grant_probability".into(), 0.5)]).unwrap();
/// assert_eq!(s.params.quota.grant_probability, 0.5);
/// ```
///
/// # Errors
/// A [`ScenarioError`] if a key's parent is missing or not a table, or if the result breaks a
/// rule of validation (a value out of range), located in the overridden text.
pub fn with_overrides(
    scenario: &Scenario,
    overrides: &[(String, f64)],
) -> Result<Scenario, ScenarioError> {
    let label = format!("{} (with overrides)", scenario.name);
    let mut table: toml::Table = scenario.canonical.parse().map_err(|e: toml::de::Error| {
        ScenarioError::one(Problem {
            file: label.clone(),
            line: None,
            column: None,
            key: None,
            message: format!("not valid TOML: {}", e.message()),
        })
    })?;
    table.remove("extends");
    for (key, value) in overrides {
        set_dotted(&mut table, key, *value).map_err(|message| {
            ScenarioError::one(Problem {
                file: label.clone(),
                line: None,
                column: None,
                key: Some(key.clone()),
                message,
            })
        })?;
    }
    let text = toml::to_string(&table).unwrap_or_default();
    let mut out = load_str(&label, &text, None)?;
    out.name.clone_from(&scenario.name);
    out.description.clone_from(&scenario.description);
    Ok(out)
}

/// Sets `key` (dotted) in `table` to `value`.
fn set_dotted(table: &mut toml::Table, key: &str, value: f64) -> Result<(), String> {
    let parts: Vec<&str> = key.split('.').collect();
    let (leaf, parents) = parts.split_last().ok_or("empty key")?;
    // Work on a copy so that a failed override leaves the table as it was.
    let mut root = toml::Value::Table(table.clone());
    let mut node = &mut root;
    for (i, part) in parents.iter().enumerate() {
        let here = parts[..=i].join(".");
        node = match node {
            toml::Value::Table(t) => t
                .get_mut(*part)
                .ok_or_else(|| format!("no key `{here}` in the scenario"))?,
            toml::Value::Array(a) => {
                let idx: usize = part
                    .parse()
                    .map_err(|_| format!("`{here}`: expected an array index"))?;
                let len = a.len();
                a.get_mut(idx)
                    .ok_or_else(|| format!("`{here}`: index out of 0..{len}"))?
            }
            _ => return Err(format!("`{here}` is not a table")),
        };
    }
    let new = |old: Option<&toml::Value>| match old {
        Some(toml::Value::Integer(_)) => Ok(toml::Value::Integer(value.round() as i64)),
        Some(toml::Value::Float(_)) | None => Ok(toml::Value::Float(value)),
        Some(_) => Err(format!("`{key}` is not a number")),
    };
    match node {
        toml::Value::Table(t) => {
            let v = new(t.get(*leaf))?;
            t.insert((*leaf).to_string(), v);
        }
        toml::Value::Array(a) => {
            let idx: usize = leaf
                .parse()
                .map_err(|_| format!("`{key}`: expected an array index"))?;
            let len = a.len();
            let slot = a
                .get_mut(idx)
                .ok_or_else(|| format!("`{key}`: index out of 0..{len}"))?;
            *slot = new(Some(slot))?;
        }
        _ => return Err(format!("the parent of `{key}` is not a table")),
    }
    if let toml::Value::Table(t) = root {
        *table = t;
    }
    Ok(())
}

fn take_string(t: &mut toml::Table, key: &str) -> Option<String> {
    match t.remove(key) {
        Some(toml::Value::String(s)) => Some(s),
        _ => None,
    }
}

fn stem(label: &str) -> String {
    Path::new(label)
        .file_stem()
        .map_or_else(|| label.to_string(), |s| s.to_string_lossy().into_owned())
}

/// serde's messages sometimes end with the type's location; keep the first line.
fn clean(msg: &str) -> String {
    msg.lines().next().unwrap_or(msg).trim().to_string()
}

#[cfg(test)]
mod tests;
