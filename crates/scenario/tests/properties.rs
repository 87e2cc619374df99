//! The scenario loader never panics: on any text, on the default scenario with any line
//! replaced or cut short, and on any override. It answers with a scenario or an error.

use proptest::prelude::*;

fn default_text() -> &'static str {
    chistka_scenario::embedded_text(chistka_scenario::DEFAULT).unwrap_or("")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_text_gives_a_scenario_or_an_error(text in "\\PC{0,400}") {
        let _ = chistka_scenario::load_str("any.toml", &text, None);
    }

    #[test]
    fn any_file_extending_the_default_gives_a_scenario_or_an_error(
        body in "(\\[[a-z_.]{1,20}\\]\n|[a-z_]{1,20} = (-?[0-9.e]{1,8}|\"[a-z]{0,6}\"|true|\\{ ?[0-9]{4} = [0-9.]{1,5} ?\\}|\\[[0-9., ]{0,12}\\]|[0-9]{4}-[0-9]{2}-[0-9]{2})\n){0,8}",
    ) {
        let text = format!("extends = \"great-purge\"\n{body}");
        let _ = chistka_scenario::load_str("mine.toml", &text, None);
    }

    #[test]
    fn the_default_with_one_line_replaced_gives_a_scenario_or_an_error(
        line in 0usize..400,
        replacement in "\\PC{0,40}",
    ) {
        let mut lines: Vec<&str> = default_text().lines().collect();
        if line < lines.len() {
            lines[line] = &replacement;
        }
        let _ = chistka_scenario::load_str("edited.toml", &lines.join("\n"), None);
    }

    #[test]
    fn the_default_cut_short_gives_a_scenario_or_an_error(at in 0usize..20_000) {
        let text = default_text();
        let cut = text.char_indices().map(|(i, _)| i).take_while(|&i| i <= at).last().unwrap_or(0);
        let _ = chistka_scenario::load_str("cut.toml", &text[..cut], None);
    }

    #[test]
    fn any_override_gives_a_scenario_or_an_error(
        key in "[a-z_]{1,14}(\\.[a-z0-9_]{1,14}){0,3}",
        value in prop_oneof![
            any::<f64>().prop_map(toml::Value::Float),
            any::<i64>().prop_map(toml::Value::Integer),
            any::<bool>().prop_map(toml::Value::Boolean),
            "[a-z]{0,8}".prop_map(toml::Value::String),
        ],
    ) {
        let Ok(base) = chistka_scenario::embedded(chistka_scenario::DEFAULT) else {
            return Err(TestCaseError::fail("the default scenario loads"));
        };
        let _ = chistka_scenario::with_overrides(&base, &[(key, value)]);
    }
}
