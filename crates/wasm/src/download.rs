//! The scenario as a file `chistka run` accepts: `extends = "great-purge"` and only the keys
//! where the page's scenario differs from the default, so a student can read what was changed.

use chistka_scenario::Scenario;

/// The TOML text of `scenario` as a difference from `base`.
///
/// Tables are compared key by key (the scenario files merge the same way); arrays (the national
/// operations) are compared whole.
pub fn scenario_file(scenario: &Scenario, base: &Scenario, provenance: &str) -> String {
    let parse = |s: &Scenario| s.canonical.parse::<toml::Table>().unwrap_or_default();
    let (mine, theirs) = (parse(scenario), parse(base));
    let mut diff = difference(&mine, &theirs);
    for k in ["name", "description", "extends"] {
        diff.remove(k);
    }
    // Written by hand so `extends` comes first (a table would sort the keys).
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut text = format!(
        "# chistka scenario saved by the classroom app ({provenance}).\n\
         # Run it with: chistka run THIS_FILE.toml\n\
         extends = {}\nname = {}\n",
        quoted(&base.name),
        quoted(&scenario.name)
    );
    if !scenario.description.is_empty() {
        text += &format!("description = {}\n", quoted(&scenario.description));
    }
    if !diff.is_empty() {
        text.push('\n');
        text += &toml::to_string(&diff).unwrap_or_default();
    }
    text
}

/// The keys of `a` whose values differ from `b`'s, tables compared recursively.
fn difference(a: &toml::Table, b: &toml::Table) -> toml::Table {
    let mut out = toml::Table::new();
    for (k, v) in a {
        match (v, b.get(k)) {
            (toml::Value::Table(ta), Some(toml::Value::Table(tb))) => {
                let d = difference(ta, tb);
                if !d.is_empty() {
                    out.insert(k.clone(), toml::Value::Table(d));
                }
            }
            (v, Some(w)) if v == w => {}
            (v, _) => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::Request;

    /// The saved file, loaded as `chistka run` loads it, gives the same parameters.
    #[test]
    fn the_saved_file_round_trips() {
        let base = chistka_scenario::embedded("great-purge").unwrap();
        for (scenario, overrides) in [
            ("no-torture", vec![]),
            (
                "great-purge",
                vec![
                    ("quota.enabled", serde_json::json!(false)),
                    ("interrogation.pursue_probability", serde_json::json!(0.3)),
                ],
            ),
            ("textbook", vec![("centre.names", serde_json::json!(1000))]),
        ] {
            let r = Request {
                scenario: scenario.into(),
                scale: 0.01,
                seed: 1,
                overrides: overrides
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect(),
            };
            let s = r.scenario().unwrap();
            let text = scenario_file(&s, &base, "test");
            let back = chistka_scenario::load_str("saved.toml", &text, None)
                .unwrap_or_else(|e| panic!("{e}\n{text}"));
            assert_eq!(
                format!("{:?}", back.params),
                format!("{:?}", s.params),
                "{text}"
            );
        }
    }

    #[test]
    fn the_default_saves_as_three_lines() {
        let base = chistka_scenario::embedded("great-purge").unwrap();
        let text = scenario_file(&base, &base, "test");
        assert!(text.ends_with("extends = \"great-purge\"\nname = \"great-purge\"\ndescription = \"The Great Purge as the archival record describes it (default scenario).\"\n"), "{text}");
    }
}
