//! The scenario loader on any text: a file, optionally a base file it may extend
//! (`extends = "base.toml"`), and optionally override lines (`dotted.key = VALUE`), separated by
//! lines `%%`. It must return a scenario or an error, never panic; an accepted scenario must load
//! again from its own merged text to the same parameters.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// One directory for the whole fuzzing session, holding `base.toml`.
fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("chistka-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("a temporary directory");
        d
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.split("\n%%\n");
    let main = parts.next().unwrap_or("");
    let base = parts.next();
    let overrides = parts.next().unwrap_or("");
    let dir = dir();
    let base_path = dir.join("base.toml");
    match base {
        Some(b) => std::fs::write(&base_path, b).expect("write base.toml"),
        None => {
            let _ = std::fs::remove_file(&base_path);
        }
    }
    let Ok(scenario) = chistka_scenario::load_str("fuzz.toml", main, Some(dir.clone())) else {
        return;
    };
    // The merged text a run records must load to the same parameters.
    let again = chistka_scenario::load_str("canonical.toml", &scenario.canonical, None)
        .expect("the merged text of a valid scenario loads");
    assert_eq!(again.name, scenario.name);
    assert_eq!(format!("{:?}", again.params), format!("{:?}", scenario.params));

    let mut pairs = Vec::new();
    for line in overrides.lines() {
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let Ok(table) = format!("v = {value}").parse::<toml::Table>() else {
            continue;
        };
        if let Some(v) = table.get("v") {
            pairs.push((key.trim().to_string(), v.clone()));
        }
    }
    if !pairs.is_empty() {
        let _ = chistka_scenario::with_overrides(&scenario, &pairs);
    }
});
