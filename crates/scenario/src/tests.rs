use super::*;

fn err(text: &str) -> ScenarioError {
    load_str("bad.toml", text, None).expect_err("should be rejected")
}

#[test]
fn embedded_default_validates() {
    let s = embedded(DEFAULT).expect("default scenario");
    assert_eq!(s.name, "great-purge");
    assert_eq!(s.params.start.to_string(), "1934-01-01");
    assert_eq!(s.params.end.to_string(), "1941-06-22");
}

#[test]
fn extends_overrides_a_few_keys() {
    let s = load_str(
        "mine.toml",
        "extends = \"great-purge\"\nname = \"mine\"\n[interrogation]\nenabled = false\n",
        None,
    )
    .unwrap();
    assert_eq!(s.name, "mine");
    assert!(!s.params.interrogation.enabled);
    assert!(
        s.params.policing.enabled,
        "keys not overridden come from the base"
    );
}

#[test]
fn wrong_type_points_at_line_and_key() {
    let e =
        err("extends = \"great-purge\"\n\n[interrogation]\nconfession_probability = \"high\"\n");
    let p = &e.problems[0];
    assert_eq!((p.file.as_str(), p.line), ("bad.toml", Some(4)));
    assert_eq!(
        p.key.as_deref(),
        Some("interrogation.confession_probability")
    );
    assert_eq!(p.message, "expected a number, found the text \"high\"");
    assert!(
        e.to_string()
            .starts_with("bad.toml:4:1: key `interrogation.confession_probability`")
    );
}

#[test]
fn unknown_key_is_rejected_with_its_line() {
    let e = err("extends = \"great-purge\"\n[policing]\nenabled = true\nrate = 3\n");
    assert_eq!(e.problems[0].line, Some(4), "the unknown key itself: {e}");
    assert!(
        e.to_string()
            .contains("unknown key `rate`; expected one of: enabled,"),
        "{e}"
    );
}

#[test]
fn out_of_range_and_inconsistent_dates_are_all_reported() {
    let e = err(
        "extends = \"great-purge\"\nend = 1933-06-01\n[interrogation]\npursue_probability = 1.5\n",
    );
    let text = e.to_string();
    assert!(text.contains("bad.toml:2:1: key `end`"), "{text}");
    let e = err(
        "extends = \"great-purge\"\nend = 1934-01-01\n[interrogation]\npursue_probability = 1.5\n",
    );
    assert_eq!(e.problems.len(), 2, "{e}");
    assert!(e.to_string().contains("bad.toml:4:1: key `interrogation.pursue_probability`: expected a value in 0..=1, found 1.5 (unit: probability)"), "{e}");
}

#[test]
fn year_table_keys_must_be_years() {
    let e = err(
        "extends = \"great-purge\"\n[policing]\narrests_per_100k_adults_per_year = { soon = 3.0 }\n",
    );
    assert!(e.to_string().contains("expected a year as key"), "{e}");
    assert_eq!(e.problems[0].line, Some(3));
}

#[test]
fn invalid_toml_and_missing_base_are_clear() {
    let e = err("extends = \"great-purge\"\n[policing\n");
    assert!(e.to_string().starts_with("bad.toml:2:"), "{e}");
    let e = err("extends = \"no-such-scenario\"\n");
    assert!(
        e.to_string().contains("great-purge"),
        "lists the embedded scenarios: {e}"
    );
}

#[test]
fn a_file_without_extends_must_be_complete() {
    let e = err("start = 1934-01-01\nend = 1935-01-01\n");
    assert!(e.to_string().contains("missing key `"), "{e}");
    assert!(e.to_string().contains("extends = \"great-purge\""), "{e}");
}

#[test]
fn every_value_of_a_limit_pair_and_a_year_table_is_range_checked() {
    // Both categories of a quota limit (the check used to look only at the smaller one).
    let e = err("extends = \"great-purge\"\n[quota]\nlimits = { RSFSR = [1.0, 2e8] }\n");
    assert!(e.to_string().contains("quota.limits.RSFSR"), "{e}");
    assert!(e.to_string().contains("found 200000000"), "{e}");
    let e = err("extends = \"great-purge\"\n[patronage]\ndelay_days_mean = -3.0\n");
    assert!(e.to_string().contains("patronage.delay_days_mean"), "{e}");
    let e =
        err("extends = \"great-purge\"\n[camps]\nmortality_percent_per_year = { 1934 = nan }\n");
    assert!(
        e.to_string()
            .contains("camps.mortality_percent_per_year.1934"),
        "{e}"
    );
    // An empty table in a file that extends another merges into nothing; a complete file
    // with an empty year table is refused by the table's own reader.
    let text = embedded_text(DEFAULT).expect("embedded").replace(
        "mortality_percent_per_year = { 1934 = 4.28, 1935 = 2.75, 1936 = 2.11, 1937 = 2.42 }",
        "mortality_percent_per_year = {}",
    );
    let e = load_str("bad.toml", &text, None).expect_err("empty year table");
    assert!(e.to_string().contains("at least one year"), "{e}");
}

#[test]
fn every_number_has_a_range_and_every_declaration_a_default() {
    let keys = embedded(DEFAULT).expect("default").dotted();
    for s in spec::SPECS {
        assert_eq!(
            s.kind == spec::Kind::Number,
            s.range.is_some(),
            "{}: numbers, and only numbers, have a range",
            s.key
        );
        if let (Some((lo, hi)), Some((clo, chi))) = (s.range, s.calibration) {
            assert!(
                lo <= clo && chi <= hi,
                "{}: calibration inside validity",
                s.key
            );
        }
        // `enabled` of a timeline event defaults to on, so the default scenario never writes it.
        assert!(
            s.key == "timeline.*.enabled" || keys.keys().any(|k| spec::matches(s.key, k)),
            "{} is declared but not in the default scenario",
            s.key
        );
        assert!(
            s.meaning.len() > 12,
            "{}: a meaning that says something",
            s.key
        );
    }
    for k in keys.keys() {
        assert!(spec::spec(k).is_some(), "{k} has no declaration");
    }
}

#[test]
fn every_shipped_scenario_validates_against_the_declarations() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("scenarios/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "toml") {
            load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            n += 1;
        }
    }
    assert!(n >= 7, "{n} scenarios");
}

#[test]
fn calibration_bounds_come_from_the_declarations() {
    assert_eq!(
        spec::bounds("quota.daily_capacity_share_of_limit"),
        Some((0.002, 0.2))
    );
    assert_eq!(spec::bounds("timeline.kirov.threat"), Some((-1e3, 1e3)));
    assert_eq!(spec::bounds("no.such.key"), None);
}

#[test]
fn docs_parameters_md_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/parameters.md");
    let now = reference::markdown();
    if std::env::var_os("CHISTKA_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &now).expect("write docs/parameters.md");
        return;
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == now,
        "docs/parameters.md is out of date with crates/scenario/src/spec.rs or the default \
         scenario: rewrite it with `CHISTKA_BLESS=1 cargo test -p chistka-scenario`"
    );
}

#[test]
fn the_reference_carries_sources_for_slider_labels() {
    let r = reference::reference();
    let e = r
        .iter()
        .find(|e| e.spec.key == "interrogation.confession_probability_torture")
        .expect("declared");
    assert_eq!(
        e.defaults,
        [(
            "interrogation.confession_probability_torture".to_string(),
            "0.9".to_string()
        )]
    );
    assert!(
        e.source
            .as_deref()
            .is_some_and(|s| s.starts_with("Assumption")),
        "{:?}",
        e.source
    );
    let y = r
        .iter()
        .find(|e| e.spec.key == "policing.arrests_per_100k_adults_per_year.*")
        .expect("declared");
    assert_eq!(y.defaults.len(), 7, "one per year");
}
