//! One run of the app: a request (scenario, switches and sliders, scale, seed) validated like a
//! scenario file, run to the end, and the tables the page draws.
//!
//! Nothing here touches JavaScript, so the native tests exercise exactly the code the browser
//! runs; `lib.rs` only translates.

use std::collections::BTreeMap;

use chistka_model::sim::{self, Observer, RunOptions};
use chistka_model::world::World;
use chistka_output::{Table, annual, monthly, summary_json};
use chistka_scenario::{Scenario, ScenarioError};
use serde::{Deserialize, Serialize};

use crate::scenarios;

/// The default population scale of the app, as of `chistka run`: 1% (1.62 million people).
pub const DEFAULT_SCALE: f64 = 0.01;

/// What the page asks for.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// An offered scenario's name (see [`scenarios::OFFERED`]).
    #[serde(default = "default_scenario")]
    pub scenario: String,
    /// Population scale in (0, 1].
    #[serde(default = "default_scale")]
    pub scale: f64,
    /// Run seed.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Dotted scenario keys and their values (switches are booleans, sliders numbers).
    #[serde(default)]
    pub overrides: BTreeMap<String, serde_json::Value>,
}

fn default_scenario() -> String {
    chistka_scenario::DEFAULT.into()
}
fn default_scale() -> f64 {
    DEFAULT_SCALE
}
fn default_seed() -> u64 {
    1937
}

/// Why a request cannot run.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    /// The request is not the JSON the page sends.
    #[error("the run request is not valid: {0}")]
    Json(#[from] serde_json::Error),
    /// The scenario name is not offered.
    #[error("no scenario named `{0}`; expected one of: {1}")]
    UnknownScenario(String, String),
    /// The scale is out of range.
    #[error("the scale must be more than 0 and at most 1, found {0}")]
    Scale(f64),
    /// An override is not a boolean or a number.
    #[error("the value of `{0}` must be true, false or a number, found {1}")]
    Value(String, String),
    /// The scenario with its overrides breaks a rule.
    #[error("{0}")]
    Scenario(#[from] ScenarioError),
    /// The embedded census data does not parse (a bug caught by the tests).
    #[error("{0}")]
    Data(#[from] chistka_model::census::DataError),
}

impl Request {
    /// Parses the page's JSON.
    ///
    /// # Errors
    /// [`RequestError::Json`] naming the field that is wrong.
    pub fn from_json(text: &str) -> Result<Self, RequestError> {
        Ok(serde_json::from_str(text)?)
    }

    /// The validated scenario: the offered file with the overrides set.
    ///
    /// # Errors
    /// A [`RequestError`] if the name is unknown, the scale out of range, or an override is
    /// refused by the scenario's rules (the message names the key).
    pub fn scenario(&self) -> Result<Scenario, RequestError> {
        if !(self.scale > 0.0 && self.scale <= 1.0) {
            return Err(RequestError::Scale(self.scale));
        }
        let offered = scenarios::find(&self.scenario).ok_or_else(|| {
            let names: Vec<_> = scenarios::OFFERED.iter().map(|s| s.name).collect();
            RequestError::UnknownScenario(self.scenario.clone(), names.join(", "))
        })?;
        let base =
            chistka_scenario::load_str(&format!("{}.toml", offered.name), offered.toml, None)?;
        if self.overrides.is_empty() {
            return Ok(base);
        }
        let overrides = self
            .overrides
            .iter()
            .map(|(k, v)| Ok((k.clone(), toml_value(k, v)?)))
            .collect::<Result<Vec<_>, RequestError>>()?;
        Ok(chistka_scenario::with_overrides(&base, &overrides)?)
    }
}

fn toml_value(key: &str, v: &serde_json::Value) -> Result<toml::Value, RequestError> {
    match v {
        serde_json::Value::Bool(b) => Ok(toml::Value::Boolean(*b)),
        serde_json::Value::Number(n) => Ok(match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        }),
        other => Err(RequestError::Value(key.into(), other.to_string())),
    }
}

/// A finished run: the scenario it ran and the world at the end.
#[derive(Debug)]
pub struct Outcome {
    /// The request it answers.
    pub request: Request,
    /// The validated scenario.
    pub scenario: Scenario,
    /// The world at the end of the run (its event log feeds the case files).
    pub world: World,
}

/// Runs a request to the end, telling `observer` of progress.
///
/// # Errors
/// As [`Request::scenario`]; nothing runs if the request is refused.
pub fn run(request: Request, observer: &mut dyn Observer) -> Result<Outcome, RequestError> {
    let scenario = request.scenario()?;
    let world = sim::run(
        scenario.params.clone(),
        RunOptions {
            scale: request.scale,
            seed: request.seed,
        },
        observer,
    )?;
    Ok(Outcome {
        request,
        scenario,
        world,
    })
}

/// A table as the page reads it: column names and rows of `[label, values...]`.
#[derive(Debug, Serialize)]
pub struct TableJson<'a> {
    /// Column names, the period label first.
    pub columns: &'a [String],
    /// Period labels.
    pub labels: Vec<&'a str>,
    /// One array per column after the label, in full-scale people (indices for threat and
    /// hysteria), unrounded.
    pub values: Vec<Vec<f64>>,
}

impl<'a> TableJson<'a> {
    /// Column-wise view of a table (what a chart library wants).
    pub fn of(t: &'a Table) -> Self {
        let n = t.columns.len().saturating_sub(1);
        let mut values = vec![Vec::with_capacity(t.rows.len()); n];
        for (_, row) in &t.rows {
            for (col, v) in values.iter_mut().zip(row) {
                col.push(*v);
            }
        }
        TableJson {
            columns: &t.columns,
            labels: t.rows.iter().map(|(l, _)| l.as_str()).collect(),
            values,
        }
    }
}

impl Outcome {
    /// Everything the page draws, as JSON: the annual and monthly tables, the summary (as in
    /// `summary.json`), and what produced them.
    pub fn results_json(&self) -> String {
        let (a, m) = (annual(&self.world), monthly(&self.world));
        serde_json::json!({
            "scenario": self.scenario.name,
            "request": self.request,
            "people_simulated": self.world.people.len(),
            "mass_weight": self.world.mass_weight,
            "annual": TableJson::of(&a),
            "monthly": TableJson::of(&m),
            "summary": summary_json(&self.world),
            "note": "Full-scale equivalents from a synthetic population: no figure describes a real person.",
        })
        .to_string()
    }

    /// `annual.csv`, byte for byte as `chistka run` writes it.
    pub fn annual_csv(&self) -> String {
        annual(&self.world).to_csv()
    }

    /// `monthly.csv`, byte for byte as `chistka run` writes it.
    pub fn monthly_csv(&self) -> String {
        monthly(&self.world).to_csv()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chistka_model::sim::Quiet;

    fn tiny(overrides: &[(&str, serde_json::Value)]) -> Request {
        Request {
            scenario: "great-purge".into(),
            scale: 0.0005,
            seed: 7,
            overrides: overrides
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        }
    }

    /// The app's run and `chistka run`'s path (embedded scenario, `sim::run`, `annual`) give the
    /// same annual table for the same seed and scale.
    #[test]
    fn same_tables_as_the_library_path() {
        let outcome = run(tiny(&[]), &mut Quiet).unwrap();
        let s = chistka_scenario::embedded("great-purge").unwrap();
        let w = sim::run(
            s.params,
            RunOptions {
                scale: 0.0005,
                seed: 7,
            },
            &mut Quiet,
        )
        .unwrap();
        assert_eq!(outcome.annual_csv(), annual(&w).to_csv());
    }

    #[test]
    fn a_switch_changes_the_run() {
        let on = run(tiny(&[]), &mut Quiet).unwrap();
        let off = run(tiny(&[("quota.enabled", false.into())]), &mut Quiet).unwrap();
        let quota = |o: &Outcome| {
            monthly(&o.world)
                .rows
                .iter()
                .map(|(_, v)| v[0])
                .sum::<f64>()
        };
        assert!(!off.scenario.params.quota.enabled);
        assert!(quota(&off) < quota(&on));
    }

    #[test]
    fn bad_requests_are_refused_with_the_reason() {
        let e = Request::from_json(r#"{"scael": 0.01}"#).unwrap_err();
        assert!(e.to_string().contains("scael"), "{e}");
        let mut r = tiny(&[]);
        r.scale = 2.0;
        assert!(r.scenario().unwrap_err().to_string().contains("at most 1"));
        r.scale = 0.01;
        r.scenario = "no-such".into();
        assert!(r.scenario().unwrap_err().to_string().contains("no-torture"));
        let r = tiny(&[("interrogation.pursue_probability", 1.5.into())]);
        let e = r.scenario().unwrap_err().to_string();
        assert!(e.contains("interrogation.pursue_probability"), "{e}");
        let r = tiny(&[("quota.enabled", "yes".into())]);
        assert!(
            r.scenario()
                .unwrap_err()
                .to_string()
                .contains("quota.enabled")
        );
    }
}
