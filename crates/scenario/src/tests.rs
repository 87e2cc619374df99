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
    assert!(e.to_string().contains("bad.toml:4:1: key `interrogation.pursue_probability`: expected a value in 0..=1, found 1.5"), "{e}");
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
