//! Dotted keys (`quota.enabled`, `policing.arrests_per_100k_adults_per_year.1937`): how sweeps,
//! calibrations, attributions, the parameter reference and the golden baseline read a
//! scenario's merged TOML. Setting keys goes through
//! [`with_overrides`](crate::with_overrides), which validates the result again.

use std::collections::BTreeMap;

use crate::Scenario;

/// The value at a dotted key of a TOML table: each segment names a key of a table, or the index
/// of an array.
///
/// ```
/// let t: toml::Table = "[a.b]\nc = [1, 2]\n".parse().unwrap();
/// assert_eq!(chistka_scenario::dotted::get(&t, "a.b.c.1"), Some(&toml::Value::Integer(2)));
/// assert_eq!(chistka_scenario::dotted::get(&t, "a.x"), None);
/// ```
pub fn get<'a>(table: &'a toml::Table, key: &str) -> Option<&'a toml::Value> {
    let mut parts = key.split('.');
    let mut node = table.get(parts.next()?)?;
    for part in parts {
        node = match node {
            toml::Value::Table(t) => t.get(part)?,
            toml::Value::Array(a) => a.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// The merged TOML of a scenario as a table (`None` only if the canonical text were not TOML,
/// which [`load_str`](crate::load_str) never produces).
pub fn table(scenario: &Scenario) -> Option<toml::Table> {
    scenario.canonical.parse().ok()
}

/// The number at a dotted key of a scenario (an integer read as a float), if there is one.
pub fn number(scenario: &Scenario, key: &str) -> Option<f64> {
    match get(&table(scenario)?, key)? {
        toml::Value::Float(x) => Some(*x),
        toml::Value::Integer(i) => Some(*i as f64),
        _ => None,
    }
}

/// Whether the key holds an integer in the scenario (so a fitted value is rounded to one).
pub fn is_integer(scenario: &Scenario, key: &str) -> bool {
    table(scenario)
        .as_ref()
        .and_then(|t| get(t, key))
        .is_some_and(toml::Value::is_integer)
}

/// The switchable mechanisms of a scenario: dotted paths of the tables with a boolean `enabled`
/// key, sorted, each with its setting.
pub fn switches(scenario: &Scenario) -> Vec<(String, bool)> {
    fn walk(prefix: &str, t: &toml::Table, out: &mut Vec<(String, bool)>) {
        for (k, v) in t {
            if let toml::Value::Table(inner) = v {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                if let Some(toml::Value::Boolean(on)) = inner.get("enabled") {
                    out.push((path.clone(), *on));
                }
                walk(&path, inner, out);
            }
        }
    }
    let mut out = Vec::new();
    if let Some(t) = table(scenario) {
        walk("", &t, &mut out);
    }
    out.sort();
    out
}

/// A value typed on a command line, read as TOML (`0.5`, `3`, `true`, `1937-07-01`); anything
/// that is not a TOML value is a string.
///
/// ```
/// use chistka_scenario::dotted::value;
/// assert_eq!(value("3"), toml::Value::Integer(3));
/// assert_eq!(value("true"), toml::Value::Boolean(true));
/// assert_eq!(value("troika"), toml::Value::String("troika".into()));
/// ```
pub fn value(text: &str) -> toml::Value {
    format!("v = {text}")
        .parse::<toml::Table>()
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| toml::Value::String(text.to_string()))
}

/// Every leaf of `table` as (dotted key, value), in key order.
///
/// Year tables and category tables are tables, so each year or category is its own key
/// (`policing.arrests_per_100k_adults_per_year.1937`); arrays of plain values (a quota limit
/// pair, a list of nationalities) are one leaf.
pub fn leaves(table: &toml::Table) -> Vec<(String, toml::Value)> {
    let mut out = Vec::new();
    for (k, v) in table {
        walk(k, v, &mut out);
    }
    out
}

fn walk(prefix: &str, value: &toml::Value, out: &mut Vec<(String, toml::Value)>) {
    let join = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t {
                walk(&join(k), v, out);
            }
        }
        toml::Value::Array(a) if !a.is_empty() && a.iter().all(toml::Value::is_table) => {
            for (i, v) in a.iter().enumerate() {
                walk(&join(&i.to_string()), v, out);
            }
        }
        other => out.push((prefix.to_string(), other.clone())),
    }
}

impl Scenario {
    /// Every parameter of the merged scenario as (dotted key, value), sorted by key; `name` and
    /// `description` are not parameters and are left out.
    ///
    /// ```
    /// let s = chistka_scenario::embedded("great-purge").unwrap();
    /// let keys = s.dotted();
    /// assert_eq!(keys["interrogation.enabled"], "true");
    /// assert!(keys.contains_key("policing.arrests_per_100k_adults_per_year.1937"));
    /// ```
    pub fn dotted(&self) -> BTreeMap<String, String> {
        let mut table: toml::Table = self
            .canonical
            .parse()
            .expect("the canonical text is written by toml::to_string from a table");
        for k in ["name", "description", "extends"] {
            table.remove(k);
        }
        leaves(&table)
            .into_iter()
            .map(|(k, v)| (k, v.to_string()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_and_switches_of_the_default() {
        let s = crate::embedded(crate::DEFAULT).expect("default");
        assert!(number(&s, "interrogation.confession_probability").is_some());
        assert!(number(&s, "interrogation.no_such_key").is_none());
        let names: Vec<String> = switches(&s).into_iter().map(|(k, _)| k).collect();
        for want in ["interrogation", "national", "policing", "quota"] {
            assert!(names.iter().any(|n| n == want), "{names:?}");
        }
    }
}
