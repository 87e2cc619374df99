//! Dotted keys: every leaf value of a merged scenario addressed as `section.key` (arrays of
//! tables by index, `national.operations.0.name`), the form sweeps, the parameter reference
//! and the golden baseline use.

use std::collections::BTreeMap;

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

impl crate::Scenario {
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
