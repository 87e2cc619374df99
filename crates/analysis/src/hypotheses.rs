//! The historians' explanations of the terror as named, rival hypotheses
//! (`scenarios/hypotheses/*.toml`, embedded): each is a scenario with some parameters fixed (the
//! restrictions that make it that explanation) and priors on the others (the ranges it leaves
//! free). ABC-SMC model choice ([`crate::abc`]) then lets the record weigh them.
//!
//! A file:
//!
//! ```toml
//! name = "top-down"
//! summary = "Volumes follow the centre's fear; local initiative is weak."
//! scenario = "great-purge"        # an embedded scenario, or a path beside the file
//! sources = "Conquest 1990; ..."
//! [fixed]
//! "quota.request_weight_named" = 0.0
//! [priors]
//! "threat.limit_elasticity" = { uniform = [0.5, 3.0] }
//! "denunciation.per_100k_adults_per_year" = { log_uniform = [10.0, 1000.0] }
//! ```
//!
//! Every key must be a declared parameter ([`chistka_scenario::spec`]) and every prior range
//! inside its valid range; a mistake is reported with the file, the line and what was expected.
//!
//! `NAME@SCENARIO` (in a list, `all@SCENARIO` for every embedded one) is hypothesis NAME on
//! another base scenario: its restrictions and priors applied to SCENARIO (an embedded name or a
//! file) instead of its own. The hypothesis is then named `NAME@SCENARIO`, so its particles and
//! logs are never taken for those on its own base. This asks how an explanation fares on a
//! model with another mechanism switched on, such as `top-down@staff-bound`.

use std::path::Path;

use chistka_scenario::{Scenario, spec};

use crate::AnalysisError as Error;
use crate::abc::Prior;
use crate::calibrate::{ParamSpec, with_values};

/// The hypotheses shipped with chistka, in the order `explain` reports them.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "top-down",
        include_str!("../../../scenarios/hypotheses/top-down.toml"),
    ),
    (
        "bottom-up",
        include_str!("../../../scenarios/hypotheses/bottom-up.toml"),
    ),
    (
        "snowball",
        include_str!("../../../scenarios/hypotheses/snowball.toml"),
    ),
    (
        "mixed",
        include_str!("../../../scenarios/hypotheses/mixed.toml"),
    ),
];

/// One hypothesis, ready to simulate.
#[derive(Debug, Clone)]
pub struct Hypothesis {
    /// Its name.
    pub name: String,
    /// What it says, in one line.
    pub summary: String,
    /// The historians it stands for.
    pub sources: String,
    /// The scenario with the restrictions applied.
    pub scenario: Scenario,
    /// The restrictions: dotted key and value.
    pub fixed: Vec<(String, toml::Value)>,
    /// The free parameters and their priors, in file order.
    pub priors: Vec<(String, Prior)>,
}

impl Hypothesis {
    /// The scenario at the free parameters' values `theta` (in the order of [`Self::priors`]).
    ///
    /// # Errors
    /// A scenario error if a value breaks a rule of the scenario (a value the prior allows
    /// but the model's validation refuses, such as a share above 1).
    pub fn at(&self, theta: &[f64]) -> Result<Scenario, Error> {
        let specs: Vec<ParamSpec> = self
            .priors
            .iter()
            .map(|(key, p)| {
                let (lo, hi) = p.bounds();
                ParamSpec {
                    key: key.clone(),
                    lo,
                    hi,
                }
            })
            .collect();
        Ok(with_values(&self.scenario, &specs, theta)?)
    }
}

impl Hypothesis {
    /// This hypothesis on the base scenario `base` (an embedded name or a file) instead of its
    /// own: its restrictions applied to that scenario, its priors unchanged, its name
    /// `NAME@BASE`.
    ///
    /// # Errors
    /// A scenario error if `base` does not load; [`Error::Hypothesis`] if the restrictions do not
    /// make a valid scenario of it.
    pub fn on(self, base: &str) -> Result<Hypothesis, Error> {
        let scenario = match chistka_scenario::embedded(base) {
            Ok(s) => s,
            Err(_) if Path::new(base).exists() => chistka_scenario::load(Path::new(base))?,
            Err(_) => {
                return Err(Error::Input(format!(
                    "`{}@{base}`: no scenario `{base}`: give an embedded scenario ({}) or the \
                     path of a scenario file",
                    self.name,
                    chistka_scenario::EMBEDDED
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        };
        let name = format!("{}@{base}", self.name);
        let scenario = chistka_scenario::with_overrides(&scenario, &self.fixed).map_err(|e| {
            Error::Hypothesis {
                file: name.clone(),
                line: 0,
                message: format!(
                    "the restrictions in [fixed] do not make a valid scenario of `{base}`: {e}"
                ),
            }
        })?;
        Ok(Hypothesis {
            name,
            scenario,
            ..self
        })
    }
}

/// The names of the embedded hypotheses.
pub fn names() -> impl Iterator<Item = &'static str> {
    EMBEDDED.iter().map(|(n, _)| *n)
}

/// An embedded hypothesis by name, or a hypothesis file by path.
///
/// # Errors
/// [`Error::Input`] for an unknown name that is not a file; [`Error::Hypothesis`] for a
/// malformed file; a scenario error if its base scenario does not load.
pub fn load(name_or_path: &str) -> Result<Hypothesis, Error> {
    if !Path::new(name_or_path).exists()
        && let Some((hypothesis, base)) = name_or_path.rsplit_once('@')
    {
        return load(hypothesis)?.on(base);
    }
    if let Some((_, text)) = EMBEDDED.iter().find(|(n, _)| *n == name_or_path) {
        return parse(&format!("{name_or_path} (embedded)"), text, None);
    }
    let path = Path::new(name_or_path);
    if !path.exists() {
        return Err(Error::Input(format!(
            "no hypothesis `{name_or_path}`: give one of {} or the path of a hypothesis file",
            names().collect::<Vec<_>>().join(", ")
        )));
    }
    let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
    parse(&path.display().to_string(), &text, path.parent())
}

/// Hypotheses from a comma-separated list of names or paths (`all`: every embedded one).
///
/// # Errors
/// As [`load`]; [`Error::Input`] for an empty list or a name given twice.
pub fn load_list(list: &str) -> Result<Vec<Hypothesis>, Error> {
    let items: Vec<String> = if list.trim() == "all" {
        names().map(String::from).collect()
    } else if let Some(base) = list.trim().strip_prefix("all@") {
        names().map(|n| format!("{n}@{base}")).collect()
    } else {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    };
    if items.is_empty() {
        return Err(Error::Input(
            "--hypotheses: give at least one hypothesis (or `all`)".into(),
        ));
    }
    let mut out: Vec<Hypothesis> = Vec::new();
    for item in items {
        let h = load(&item)?;
        if out.iter().any(|o| o.name == h.name) {
            return Err(Error::Input(format!(
                "--hypotheses: `{}` given twice",
                h.name
            )));
        }
        out.push(h);
    }
    Ok(out)
}

/// The 1-based line of the first mention of `needle` in `text` (0 if absent).
fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle)
        .map_or(0, |i| text[..i].matches('\n').count() + 1)
}

/// Parses a hypothesis file; `label` names it in messages, `dir` resolves a scenario path.
///
/// # Errors
/// [`Error::Hypothesis`] naming the line and what was expected.
pub fn parse(label: &str, text: &str, dir: Option<&Path>) -> Result<Hypothesis, Error> {
    let bad = |line: usize, message: String| Error::Hypothesis {
        file: label.to_string(),
        line,
        message,
    };
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let line = e.span().map_or(0, |s| {
            text[..s.start.min(text.len())].matches('\n').count() + 1
        });
        bad(line, format!("not valid TOML: {}", e.message()))
    })?;
    for key in table.keys() {
        if !["name", "summary", "scenario", "sources", "fixed", "priors"].contains(&key.as_str()) {
            return Err(bad(
                line_of(text, key),
                format!(
                    "unknown entry `{key}`: expected name, summary, scenario, sources, [fixed] and [priors]"
                ),
            ));
        }
    }
    let string = |key: &str, required: bool| -> Result<Option<String>, Error> {
        match table.get(key) {
            Some(toml::Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(bad(line_of(text, key), format!("`{key}` must be a string"))),
            None if required => Err(bad(
                0,
                format!("`{key}` is missing: every hypothesis has a {key}"),
            )),
            None => Ok(None),
        }
    };
    let name = string("name", true)?.unwrap_or_default();
    let summary = string("summary", true)?.unwrap_or_default();
    let sources = string("sources", false)?.unwrap_or_default();
    let base = string("scenario", false)?.unwrap_or_else(|| "great-purge".into());
    let base = match chistka_scenario::embedded(&base) {
        Ok(s) => s,
        Err(_) => {
            let path = dir.map_or_else(|| Path::new(&base).to_path_buf(), |d| d.join(&base));
            chistka_scenario::load(&path)?
        }
    };
    let section = |key: &str| -> Result<toml::Table, Error> {
        match table.get(key) {
            Some(toml::Value::Table(t)) => Ok(t.clone()),
            Some(_) => Err(bad(
                line_of(text, key),
                format!("`{key}` must be a table, [{key}]"),
            )),
            None => Ok(toml::Table::new()),
        }
    };
    let declared = |key: &str| -> Result<(), Error> {
        if spec::spec(key).is_none() {
            return Err(bad(
                line_of(text, key),
                format!("`{key}` is not a parameter of the model (docs/parameters.md lists them)"),
            ));
        }
        Ok(())
    };
    let mut fixed = Vec::new();
    for (key, value) in section("fixed")? {
        declared(&key)?;
        fixed.push((key, value));
    }
    let mut priors = Vec::new();
    for (key, value) in section("priors")? {
        declared(&key)?;
        let line = line_of(text, &key);
        if fixed.iter().any(|(k, _)| *k == key) {
            return Err(bad(
                line,
                format!("`{key}` is both fixed and free: keep one"),
            ));
        }
        priors.push((key.clone(), prior(&key, &value).map_err(|m| bad(line, m))?));
    }
    let scenario = chistka_scenario::with_overrides(&base, &fixed).map_err(|e| {
        bad(
            0,
            format!("the restrictions in [fixed] do not make a valid scenario: {e}"),
        )
    })?;
    Ok(Hypothesis {
        name,
        summary,
        sources,
        scenario,
        fixed,
        priors,
    })
}

/// A prior from `{ uniform = [lo, hi] }` or `{ log_uniform = [lo, hi] }`, inside the key's
/// declared range.
fn prior(key: &str, value: &toml::Value) -> Result<Prior, String> {
    let expected = format!(
        "`{key}`: expected {{ uniform = [LO, HI] }} or {{ log_uniform = [LO, HI] }} with LO < HI"
    );
    let toml::Value::Table(t) = value else {
        return Err(expected);
    };
    let (kind, range) = match t.iter().next() {
        Some((k, v)) if t.len() == 1 => (k.as_str(), v),
        _ => return Err(expected),
    };
    let number = |v: &toml::Value| v.as_float().or_else(|| v.as_integer().map(|i| i as f64));
    let [lo, hi] = match range
        .as_array()
        .map(|a| a.iter().map(number).collect::<Vec<_>>())
    {
        Some(v) if v.len() == 2 => match (v[0], v[1]) {
            (Some(lo), Some(hi)) if lo < hi => [lo, hi],
            _ => return Err(expected),
        },
        _ => return Err(expected),
    };
    let p = match kind {
        "uniform" => Prior::Uniform { lo, hi },
        "log_uniform" if lo > 0.0 => Prior::LogUniform { lo, hi },
        "log_uniform" => return Err(format!("`{key}`: a log-uniform prior needs LO > 0")),
        _ => return Err(expected),
    };
    if let Some((vlo, vhi)) = spec::spec(key).and_then(|s| s.range)
        && (lo < vlo || hi > vhi)
    {
        return Err(format!(
            "`{key}`: the prior [{lo}, {hi}] leaves the parameter's valid range [{vlo}, {vhi}]"
        ));
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_hypothesis_loads_and_its_defaults_simulate() {
        for name in names() {
            let h = load(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(h.name, name);
            assert!(!h.priors.is_empty(), "{name} has no free parameter");
            let mid: Vec<f64> = h
                .priors
                .iter()
                .map(|(_, p)| p.bounds().0 / 2.0 + p.bounds().1 / 2.0)
                .collect();
            h.at(&mid).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    /// `NAME@SCENARIO` applies the hypothesis's restrictions to another base and keeps its
    /// priors; `all@SCENARIO` does so for every embedded one; an unknown base is named.
    #[test]
    fn a_hypothesis_on_another_base_keeps_its_restrictions_and_priors() {
        let own = load("top-down").unwrap();
        let on = load("top-down@staff-bound").unwrap();
        assert_eq!(on.name, "top-down@staff-bound");
        assert_eq!(on.priors.len(), own.priors.len());
        assert!(on.scenario.params.quota.staff_bound && !own.scenario.params.quota.staff_bound);
        assert!(
            (on.scenario.params.quota.first_category_priority - 3.6).abs() < 1e-12,
            "the base's own values stay"
        );
        // [fixed] of top-down: the chiefs' requests ignore the named arrests.
        assert!(on.scenario.params.quota.request_weight_named.abs() < 1e-12);
        let all = load_list("all@staff-bound").unwrap();
        let names: Vec<_> = all.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "top-down@staff-bound",
                "bottom-up@staff-bound",
                "snowball@staff-bound",
                "mixed@staff-bound"
            ]
        );
        let e = load("top-down@nowhere").unwrap_err().to_string();
        assert!(
            e.contains("no scenario `nowhere`") && e.contains("staff-bound"),
            "{e}"
        );
    }

    #[test]
    fn mistakes_name_the_line_and_what_was_expected() {
        let text = "name = \"x\"\nsummary = \"y\"\n[priors]\n\"threat.limit_elasticity\" = { uniform = [3.0, 1.0] }\n";
        let e = parse("h.toml", text, None).unwrap_err().to_string();
        assert!(e.starts_with("h.toml:4:") && e.contains("LO < HI"), "{e}");
        let text =
            "name = \"x\"\nsummary = \"y\"\n[priors]\n\"no.such.key\" = { uniform = [0, 1] }\n";
        let e = parse("h.toml", text, None).unwrap_err().to_string();
        assert!(
            e.starts_with("h.toml:4:") && e.contains("not a parameter"),
            "{e}"
        );
        let text = "name = \"x\"\nsummary = \"y\"\n[priors]\n\"quota.grant_probability\" = { uniform = [0.0, 2.0] }\n";
        let e = parse("h.toml", text, None).unwrap_err().to_string();
        assert!(e.contains("valid range"), "{e}");
        let text = "name = \"x\"\n[priors\n";
        let e = parse("h.toml", text, None).unwrap_err().to_string();
        assert!(
            e.starts_with("h.toml:2:") && e.contains("not valid TOML"),
            "{e}"
        );
        let e = load("no-such-hypothesis").unwrap_err().to_string();
        assert!(e.contains("top-down"), "{e}");
    }

    #[test]
    fn a_fixed_restriction_reaches_the_scenario() {
        let h = load("bottom-up").unwrap();
        assert_eq!(h.scenario.params.threat.limit_elasticity, 0.0);
        let top = load("top-down").unwrap();
        assert_eq!(top.scenario.params.quota.request_weight_named, 0.0);
        let theta: Vec<f64> = top.priors.iter().map(|(_, p)| p.bounds().1).collect();
        let s = top.at(&theta).unwrap();
        assert_eq!(s.params.threat.limit_elasticity, 3.0);
    }
}
