//! The app's switches and sliders: which scenario keys the page offers, under which short
//! label, and over which classroom range.
//!
//! Their meaning and unit come from the scenario crate's declaration of every parameter
//! ([`chistka_scenario::spec`], the table the validator and `docs/parameters.md` read), and
//! each slider's default and source from the value's line in `scenarios/great-purge.toml`,
//! where every default carries its source or "Assumption". Only the labels and the slider
//! ranges (narrower than the validator's, so a slider moves in useful steps) are the app's own.

use chistka_scenario::spec;
use serde::Serialize;

/// A mechanism's on/off switch.
#[derive(Debug, Clone, Serialize)]
pub struct Switch {
    /// Dotted scenario key (a boolean).
    pub key: &'static str,
    /// Short label.
    pub label: &'static str,
    /// What it switches, from the parameter declarations.
    pub meaning: &'static str,
}

/// A numeric parameter with a classroom range.
#[derive(Debug, Clone, Serialize)]
pub struct Slider {
    /// Dotted scenario key (a number).
    pub key: &'static str,
    /// Short label.
    pub label: &'static str,
    /// What it means, from the parameter declarations.
    pub meaning: &'static str,
    /// Its unit, from the parameter declarations.
    pub unit: &'static str,
    /// Lowest value the slider offers.
    pub min: f64,
    /// Highest value the slider offers.
    pub max: f64,
    /// Step.
    pub step: f64,
    /// The default scenario's value.
    pub default: f64,
    /// The source or "Assumption", from the default scenario's file.
    pub source: String,
}

/// (key, label) of every mechanism's switch, in the order of the scenario file.
const SWITCHES: &[(&str, &str)] = &[
    ("policing.enabled", "Ordinary policing"),
    ("interrogation.enabled", "Interrogation and confession"),
    ("camps.enabled", "Camps: inflow and mortality"),
    ("quota.enabled", "Quotas (order 00447)"),
    ("national.enabled", "National operations"),
    ("deportation.enabled", "Deportations by decree"),
    ("halt.enabled", "The halt (November 1938)"),
    ("threat.enabled", "The leadership's fear"),
    ("registries.enabled", "Registries (kartoteka)"),
    ("denunciation.enabled", "Denunciations"),
    ("patronage.enabled", "Patronage circles"),
    ("party.enabled", "Party purges"),
    ("centre.enabled", "Stalin's lists"),
    ("purgers.enabled", "Purge of the purgers"),
    ("promotion.enabled", "Promotion"),
    ("wives.enabled", "Wives (order 00486)"),
    ("army.enabled", "The Red Army's purge"),
    (
        "nomenklatura.enabled",
        "The nomenklatura and regional sweeps",
    ),
];

/// (key, label, min, max, step): the sliders that matter most for the 1937-38 figures (the
/// mechanisms a class argues about: torture, quotas, denunciation, patronage, the centre).
const SLIDERS: &[(&str, &str, f64, f64, f64)] = &[
    (
        "interrogation.named_per_confession_mean_torture",
        "Names per confession (torture)",
        0.0,
        6.0,
        0.1,
    ),
    (
        "interrogation.confession_probability_torture",
        "Confession under torture",
        0.0,
        1.0,
        0.01,
    ),
    (
        "interrogation.pursue_probability",
        "Named people pursued",
        0.0,
        1.0,
        0.01,
    ),
    (
        "quota.increase_share_of_initial_limit",
        "Limit increases",
        0.0,
        1.0,
        0.01,
    ),
    (
        "national.album_review_days_mean",
        "Album wait in Moscow (days)",
        0.0,
        180.0,
        1.0,
    ),
    (
        "denunciation.per_100k_adults_per_year",
        "Denunciations written",
        0.0,
        300.0,
        1.0,
    ),
    (
        "denunciation.act_probability",
        "Denunciations acted on",
        0.0,
        1.0,
        0.01,
    ),
    (
        "patronage.arrest_probability",
        "Clients arrested with a patron",
        0.0,
        1.0,
        0.01,
    ),
    (
        "centre.names",
        "Names on Stalin's lists",
        0.0,
        100_000.0,
        500.0,
    ),
    (
        "halt.pending_release_probability",
        "Released at the halt",
        0.0,
        1.0,
        0.01,
    ),
];

/// The switches, with their meaning from the parameter declarations.
pub fn switches() -> Vec<Switch> {
    SWITCHES
        .iter()
        .map(|&(key, label)| Switch {
            key,
            label,
            meaning: spec::spec(key).map_or("", |s| s.meaning),
        })
        .collect()
}

/// The default scenario's file, where each slider's value and source are read.
const DEFAULT_FILE: &str = include_str!("../../../scenarios/great-purge.toml");

/// The sliders, with their default value and source read from `scenarios/great-purge.toml`.
pub fn sliders() -> Vec<Slider> {
    SLIDERS
        .iter()
        .map(|&(key, label, min, max, step)| {
            let (default, source) =
                declared(DEFAULT_FILE, key).unwrap_or((f64::NAN, String::new()));
            let declared = spec::spec(key);
            Slider {
                key,
                label,
                meaning: declared.map_or("", |s| s.meaning),
                unit: declared.map_or("", |s| s.unit),
                min,
                max,
                step,
                default,
                source,
            }
        })
        .collect()
}

/// The value of every switch and slider in a scenario, as JSON: what the page shows when no
/// override is set.
pub fn values(scenario: &chistka_scenario::Scenario) -> serde_json::Map<String, serde_json::Value> {
    let root = toml::Value::Table(scenario.canonical.parse().unwrap_or_default());
    let keys = SWITCHES
        .iter()
        .map(|s| s.0)
        .chain(SLIDERS.iter().map(|s| s.0));
    keys.filter_map(|key| {
        let mut v = &root;
        for seg in key.split('.') {
            v = v.get(seg)?;
        }
        let json = match v {
            toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
            toml::Value::Integer(i) => serde_json::Value::from(*i),
            toml::Value::Float(f) => serde_json::Value::from(*f),
            _ => return None,
        };
        Some((key.to_string(), json))
    })
    .collect()
}

/// The value and line comment of `section.key` in a scenario file: `(value, comment)`.
fn declared(file: &str, dotted: &str) -> Option<(f64, String)> {
    let (section, key) = dotted.rsplit_once('.')?;
    let mut current = String::new();
    for line in file.lines() {
        let line = line.trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name.trim().to_string();
            continue;
        }
        if current != section {
            continue;
        }
        let Some((lhs, rhs)) = line.split_once('=') else {
            continue;
        };
        if lhs.trim() != key {
            continue;
        }
        let (value, comment) = rhs.split_once('#').unwrap_or((rhs, ""));
        return Some((value.trim().parse().ok()?, comment.trim().to_string()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every slider names a key of the default scenario, starts at its value, has a source or
    /// "Assumption" on its line, and a range that holds the default.
    #[test]
    fn every_slider_is_declared_in_the_default_scenario() {
        let s = chistka_scenario::embedded("great-purge").unwrap();
        let table: toml::Table = s.canonical.parse().unwrap();
        for sl in sliders() {
            let (section, key) = sl.key.rsplit_once('.').unwrap();
            let v = table[section][key]
                .as_float()
                .or_else(|| table[section][key].as_integer().map(|i| i as f64));
            assert_eq!(v, Some(sl.default), "{}", sl.key);
            assert!(
                ["Assumption", "V2", "1S", "MEM", "DER"]
                    .iter()
                    .any(|t| sl.source.contains(t)),
                "{}: no source on its line: {:?}",
                sl.key,
                sl.source
            );
            assert!(sl.min <= sl.default && sl.default <= sl.max, "{}", sl.key);
            let declared = spec::spec(sl.key).unwrap();
            assert_eq!(declared.kind, spec::Kind::Number, "{}", sl.key);
            let (lo, hi) = declared.range.unwrap();
            assert!(
                lo <= sl.min && sl.max <= hi,
                "{}: the slider leaves the valid range",
                sl.key
            );
            assert!(!sl.meaning.is_empty() && !sl.unit.is_empty(), "{}", sl.key);
        }
    }

    /// Every switch names an `enabled` key the scenario has, and every such key has a switch.
    #[test]
    fn one_switch_per_mechanism() {
        let s = chistka_scenario::embedded("great-purge").unwrap();
        let table: toml::Table = s.canonical.parse().unwrap();
        let with_switch: Vec<String> = table
            .iter()
            .filter(|(_, v)| v.get("enabled").is_some_and(toml::Value::is_bool))
            .map(|(k, _)| format!("{k}.enabled"))
            .collect();
        let offered: Vec<String> = switches().iter().map(|s| s.key.to_string()).collect();
        for s in switches() {
            assert_eq!(
                spec::spec(s.key).map(|d| d.kind),
                Some(spec::Kind::Switch),
                "{}",
                s.key
            );
            assert!(!s.meaning.is_empty(), "{}", s.key);
        }
        let (mut a, mut b) = (with_switch.clone(), offered.clone());
        a.sort();
        b.sort();
        assert_eq!(a, b);
    }
}
