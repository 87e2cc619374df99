//! Overrides of single keys, addressed by dotted paths, for sweeps and ablations: the merged
//! TOML is edited and validated again, so an override is checked exactly like a file would be.

use crate::error::{Problem, ScenarioError};
use crate::{Scenario, load_str};

/// A copy of `scenario` with each `(dotted key, value)` set, validated again.
///
/// Every segment but the last must name an existing table (a typo in a section name is an
/// error, not a new section); the last may name a new key where the table allows it, such as a
/// year of a year table (`policing.arrests_per_100k_adults_per_year.1937`). An integer given for
/// a key that holds a float becomes a float, a float for an integer key must be whole.
///
/// ```
/// let base = chistka_scenario::embedded("great-purge").unwrap();
/// let s = chistka_scenario::with_overrides(
///     &base,
///     &[("interrogation.confession_probability".into(), toml::Value::Float(0.25))],
/// )
/// .unwrap();
/// assert_eq!(s.params.interrogation.confession_probability.get(), 0.25);
/// ```
///
/// # Errors
/// A [`ScenarioError`] naming the key if a section does not exist, the value has the wrong
/// type, or the result breaks a rule of the scenario.
pub fn with_overrides(
    scenario: &Scenario,
    overrides: &[(String, toml::Value)],
) -> Result<Scenario, ScenarioError> {
    let label = format!("{} with overrides", scenario.name);
    let problem = |key: &str, message: String| {
        ScenarioError::one(Problem {
            file: label.clone(),
            line: None,
            column: None,
            key: Some(key.to_string()),
            message,
        })
    };
    let mut table: toml::Table = scenario
        .canonical
        .parse()
        .map_err(|e: toml::de::Error| problem("", format!("not valid TOML: {}", e.message())))?;
    // The canonical text is already merged: reloading must not pull the base in again (and a
    // relative `extends` path would not resolve here).
    table.remove("extends");
    table.insert("name".into(), toml::Value::String(scenario.name.clone()));
    for (key, value) in overrides {
        let segments: Vec<&str> = key.split('.').collect();
        let (last, parents) = segments
            .split_last()
            .filter(|(l, _)| !l.is_empty())
            .ok_or_else(|| problem(key, "expected a dotted key such as `quota.enabled`".into()))?;
        let mut t = &mut table;
        for (i, seg) in parents.iter().enumerate() {
            t = match t.get_mut(*seg) {
                Some(toml::Value::Table(inner)) => inner,
                _ => {
                    return Err(problem(
                        key,
                        format!("no table `{}` in the scenario", segments[..=i].join(".")),
                    ));
                }
            };
        }
        let value = match (t.get(*last), value) {
            (Some(toml::Value::Float(_)), toml::Value::Integer(i)) => toml::Value::Float(*i as f64),
            (Some(toml::Value::Integer(_)), toml::Value::Float(f)) if f.fract() == 0.0 => {
                toml::Value::Integer(*f as i64)
            }
            _ => value.clone(),
        };
        t.insert((*last).to_string(), value);
    }
    let text = toml::to_string(&table)
        .map_err(|e| problem("", format!("cannot write the scenario: {e}")))?;
    let mut out = load_str(&label, &text, None)?;
    out.description.clone_from(&scenario.description);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Scenario {
        crate::embedded(crate::DEFAULT).expect("default")
    }

    #[test]
    fn sets_a_key_and_a_year_of_a_year_table() {
        let s = with_overrides(
            &base(),
            &[
                ("quota.enabled".into(), toml::Value::Boolean(false)),
                (
                    "policing.arrests_per_100k_adults_per_year.1937".into(),
                    toml::Value::Integer(500),
                ),
            ],
        )
        .expect("valid overrides");
        assert!(!s.params.quota.enabled);
        assert_eq!(s.name, "great-purge");
        assert!(s.canonical.contains("1937 = 500.0"), "{}", s.canonical);
    }

    #[test]
    fn no_overrides_gives_the_same_parameters() {
        let b = base();
        let s = with_overrides(&b, &[]).expect("valid");
        assert_eq!(
            s.canonical.replace("extends = \"great-purge\"\n", ""),
            b.canonical
        );
    }

    #[test]
    fn unknown_sections_keys_and_bad_values_are_rejected_with_the_key() {
        let e = with_overrides(
            &base(),
            &[("quotas.enabled".into(), toml::Value::Boolean(false))],
        )
        .expect_err("no such section");
        assert!(e.to_string().contains("no table `quotas`"), "{e}");
        let e = with_overrides(
            &base(),
            &[("quota.enabld".into(), toml::Value::Boolean(false))],
        )
        .expect_err("no such key");
        assert!(e.to_string().contains("quota.enabld"), "{e}");
        let e = with_overrides(
            &base(),
            &[(
                "interrogation.confession_probability".into(),
                toml::Value::Float(1.5),
            )],
        )
        .expect_err("out of range");
        assert!(e.to_string().contains("confession_probability"), "{e}");
    }
}
