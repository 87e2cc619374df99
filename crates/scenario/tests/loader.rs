//! The scenario loader as a user meets it: names, empty files, the embedded list.
#![allow(clippy::unwrap_used)]

use chistka_scenario::{EMBEDDED, embedded, load, load_str};

#[test]
fn a_file_without_a_name_is_called_after_its_file_not_what_it_extends() {
    // No tempfile here: the crate has no dev-dependencies to keep.
    let dir = std::env::temp_dir().join(format!("chistka-loader-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("slow-troikas.toml");
    std::fs::write(
        &path,
        "extends = \"great-purge\"\n[interrogation]\nenabled = false\n",
    )
    .unwrap();
    let s = load(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(s.name, "slow-troikas");
    assert_eq!(s.description, "", "nor does it inherit the description");
    // The merged text a run records and hashes carries the file's own name.
    assert!(
        s.canonical.contains("name = \"slow-troikas\""),
        "{}",
        s.canonical
    );
    assert!(
        !s.canonical.contains("name = \"great-purge\""),
        "{}",
        s.canonical
    );
    let base = embedded("great-purge").unwrap();
    assert_ne!(s.canonical, base.canonical);
}

#[test]
fn an_empty_file_says_so_on_line_1_with_a_hint_about_extends() {
    for text in ["", "\n\n", "# only a comment\n   \n"] {
        let e = load_str("empty.toml", text, None).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.starts_with("empty.toml:1: the file holds no settings"),
            "{msg}"
        );
        assert!(msg.contains("extends = \"great-purge\""), "{msg}");
        assert!(!msg.contains("missing field"), "{msg}");
    }
}

#[test]
fn errors_are_in_words_not_serde_types() {
    let cases = [
        (
            "[camps]\nenabled = \"yes\"\n",
            "expected true or false, found the text \"yes\"",
        ),
        (
            "[interrogation]\npursue_probability = [1]\n",
            "expected a number, found a list",
        ),
        (
            "seed_extra = 1\n",
            "unknown key `seed_extra`; expected one of:",
        ),
    ];
    for (tail, wanted) in cases {
        let text = format!("extends = \"great-purge\"\n{tail}");
        let msg = load_str("w.toml", &text, None).unwrap_err().to_string();
        assert!(msg.contains(wanted), "{tail:?} gave {msg}");
        for serde_word in [
            "f64",
            "u32",
            "u64",
            "a boolean",
            "a sequence",
            "field",
            "struct",
        ] {
            assert!(!msg.contains(serde_word), "{tail:?} gave {msg}");
        }
    }
}

#[test]
fn every_shipped_scenario_is_embedded_and_validates() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios");
    let mut shipped: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    shipped.sort();
    let mut names: Vec<String> = EMBEDDED.iter().map(|(n, _)| n.to_string()).collect();
    names.sort();
    assert_eq!(names, shipped);
    for (name, text) in EMBEDDED {
        let file = std::fs::read_to_string(format!("{dir}/{name}.toml")).unwrap();
        assert_eq!(*text, file, "{name} is embedded as shipped");
        let s = embedded(name).unwrap();
        assert_eq!(&s.name, name, "{name}.toml names itself {}", s.name);
    }
}

/// Found by fuzzing (`fuzz/fuzz_targets/scenario_loader.rs`, first minute): the merged text
/// kept `extends = "base.toml"`, so it did not load on its own once away from the base file
/// (and `scenario show FILE` printed a text that was not the whole scenario).
#[test]
fn the_merged_text_of_a_file_extending_a_relative_path_loads_on_its_own() {
    let dir = std::env::temp_dir().join(format!("chistka-relative-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("base.toml"),
        "extends = \"great-purge\"\n[quota]\nenabled = false\n",
    )
    .unwrap();
    let text =
        "extends = \"base.toml\"\nname = \"child\"\n[interrogation]\npursue_probability = 0.4\n";
    let s = load_str("child.toml", text, Some(dir.clone())).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(!s.canonical.contains("extends"), "{}", s.canonical);
    let again = load_str("merged.toml", &s.canonical, None).unwrap();
    assert_eq!(again.name, "child");
    assert_eq!(format!("{:?}", again.params), format!("{:?}", s.params));
    assert!(!again.params.quota.enabled);
}

/// The fuzzing seeds (`fuzz/seeds/scenario_loader`, the files the fuzzer starts from and
/// whatever crashes it found, minimised) load or fail with a message, never a panic, in the
/// ordinary suite too.
#[test]
fn the_fuzzing_seeds_load_or_fail_in_words() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fuzz/seeds/scenario_loader"
    );
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        // The first part is the scenario; a base file and overrides follow `%%` lines.
        let main = text.split("\n%%\n").next().unwrap_or("");
        if let Err(e) = load_str("seed.toml", main, None) {
            assert!(
                e.to_string().starts_with("seed.toml") || e.to_string().contains("base.toml"),
                "{e}"
            );
        }
        seen += 1;
    }
    assert!(seen >= 5, "{seen} seeds");
}
