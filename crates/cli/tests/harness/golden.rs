//! The golden baseline: the default scenario at a fixed seed and scale, its `summary.json`,
//! `annual.csv` and every default parameter stored in `crates/cli/tests/golden/`. Any change to
//! what the default run produces fails here with a list naming each figure that moved; after a
//! deliberate change, `CHISTKA_BLESS=1 cargo test -p chistka --test tests golden` rewrites the
//! files, and the diff of the commit shows the figures that moved.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Seed and scale of the baseline: small enough for a test, large enough that every mechanism
/// of the default scenario acts.
const SEED: &str = "24";
const SCALE: &str = "0.001";

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Leaves of a JSON value by dotted key.
fn flatten_json(prefix: &str, v: &serde_json::Value, out: &mut BTreeMap<String, String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten_json(&key, x, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other.to_string());
        }
    }
}

/// Cells of a CSV with a label column as "label column".
fn flatten_csv(text: &str) -> BTreeMap<String, String> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
    let mut out = BTreeMap::new();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        for (h, c) in header.iter().zip(&cells).skip(1) {
            out.insert(format!("{} {h}", cells[0]), (*c).to_string());
        }
    }
    out.insert("(columns)".into(), header.join(","));
    out
}

/// Each key whose value differs, in words.
fn differences(
    file: &str,
    golden: &BTreeMap<String, String>,
    now: &BTreeMap<String, String>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (k, g) in golden {
        match now.get(k) {
            Some(n) if n == g => {}
            Some(n) => out.push(format!("{file}: {k}: golden {g}, now {n}")),
            None => out.push(format!("{file}: {k}: golden {g}, now missing")),
        }
    }
    for (k, n) in now {
        if !golden.contains_key(k) {
            out.push(format!("{file}: {k}: not in the golden file, now {n}"));
        }
    }
    out
}

fn parameters_text() -> String {
    let scenario = chistka_scenario::embedded("great-purge").unwrap();
    let mut text = String::from(
        "# Every parameter of the default scenario (great-purge), as dotted key = value.\n",
    );
    for (k, v) in scenario.dotted() {
        text.push_str(&format!("{k} = {v}\n"));
    }
    text
}

#[test]
fn golden_baseline_of_the_default_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_chistka"))
        .args([
            "run",
            "--scale",
            SCALE,
            "--seed",
            SEED,
            "--threads",
            "1",
            "--out",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let now = [
        (
            "summary.json",
            std::fs::read_to_string(dir.path().join("summary.json")).unwrap(),
        ),
        (
            "annual.csv",
            std::fs::read_to_string(dir.path().join("annual.csv")).unwrap(),
        ),
        ("parameters.txt", parameters_text()),
    ];
    let golden = golden_dir();
    if std::env::var_os("CHISTKA_BLESS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(&golden).unwrap();
        for (name, text) in &now {
            std::fs::write(golden.join(name), text).unwrap();
        }
        return;
    }
    let mut diffs = Vec::new();
    for (name, text) in &now {
        let path = golden.join(name);
        let stored = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {}: {e}; run with CHISTKA_BLESS=1 to create it",
                path.display()
            )
        });
        let flat = |t: &str| -> BTreeMap<String, String> {
            match *name {
                "summary.json" => {
                    let mut m = BTreeMap::new();
                    flatten_json("", &serde_json::from_str(t).unwrap(), &mut m);
                    m
                }
                "annual.csv" => flatten_csv(t),
                _ => t
                    .lines()
                    .filter_map(|l| l.split_once(" = "))
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            }
        };
        let mut d = differences(name, &flat(&stored), &flat(text));
        if d.is_empty() && stored != *text {
            d.push(format!(
                "{name}: same figures, different bytes (formatting)"
            ));
        }
        diffs.extend(d);
    }
    assert!(
        diffs.is_empty(),
        "the default run at seed {SEED}, scale {SCALE} moved from the golden baseline in {}:\n  {}\n\
         If the change is deliberate, rewrite the baseline with \
         `CHISTKA_BLESS=1 cargo test -p chistka --test tests golden` and explain the moved figures.",
        golden.display(),
        diffs.join("\n  ")
    );
}

/// The comparison itself: changing one default parameter must fail with a diff naming it.
#[test]
fn a_changed_figure_is_named_in_the_diff() {
    let golden: BTreeMap<String, String> =
        [("interrogation.enabled".to_string(), "true".to_string())].into();
    let now: BTreeMap<String, String> =
        [("interrogation.enabled".to_string(), "false".to_string())].into();
    let d = differences("parameters.txt", &golden, &now);
    assert_eq!(
        d,
        ["parameters.txt: interrogation.enabled: golden true, now false"]
    );
    let a = flatten_csv("year,arrests\n1937,10\n");
    let b = flatten_csv("year,arrests\n1937,11\n");
    assert_eq!(
        differences("annual.csv", &a, &b),
        ["annual.csv: 1937 arrests: golden 10, now 11"]
    );
}
