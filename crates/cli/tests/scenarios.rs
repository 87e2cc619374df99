//! Scenarios as a user meets them through the binary, from a directory that is not the
//! repository: embedded names, `scenario show FILE`, names from file stems, empty files.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs chistka with `cwd` as the working directory, so nothing of the repository is at hand.
fn chistka(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chistka"))
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn every_shipped_scenario_is_shown_and_listed_from_any_directory() {
    let cwd = tempfile::tempdir().unwrap();
    let list = ok(&chistka(cwd.path(), &["scenario", "list"]));
    for name in [
        "great-purge",
        "early-halt",
        "no-denunciation",
        "no-kirov",
        "no-mass-operations",
        "no-torture",
        "textbook",
    ] {
        assert!(list.contains(&format!("{name}\t")), "{list}");
        let shown = ok(&chistka(cwd.path(), &["scenario", "show", name]));
        assert!(
            shown.contains(&format!("name = \"{name}\"")),
            "{name}: {shown}"
        );
    }
}

#[test]
fn compare_takes_embedded_counterfactuals_by_name_from_any_directory() {
    let cwd = tempfile::tempdir().unwrap();
    let out = chistka(
        cwd.path(),
        &[
            "compare",
            "great-purge",
            "no-torture",
            "--runs",
            "1",
            "--scale",
            "0.0002",
            "--out",
            "cmp",
        ],
    );
    let stdout = ok(&out);
    assert!(stdout.contains("arrests_1937_1938"), "{stdout}");
    assert!(cwd.path().join("cmp/comparison.csv").exists());
}

#[test]
fn show_file_prints_the_merged_scenario_and_a_nameless_file_runs_under_its_stem() {
    let cwd = tempfile::tempdir().unwrap();
    std::fs::write(
        cwd.path().join("late-torture.toml"),
        "extends = \"great-purge\"\n[interrogation]\ntorture_from = 1938-01-01\n",
    )
    .unwrap();
    let shown = ok(&chistka(
        cwd.path(),
        &["scenario", "show", "late-torture.toml"],
    ));
    assert!(shown.contains("name = \"late-torture\""), "{shown}");
    assert!(shown.contains("torture_from = 1938-01-01"), "{shown}");
    // Keys the file does not set come from what it extends.
    assert!(
        shown.contains("[quota]") && shown.contains("[camps]"),
        "{shown}"
    );

    let run = chistka(
        cwd.path(),
        &[
            "run",
            "late-torture.toml",
            "--scale",
            "0.0002",
            "--out",
            "run",
        ],
    );
    let stdout = ok(&run);
    assert!(stdout.contains("scenario late-torture"), "{stdout}");
    let info = std::fs::read_to_string(cwd.path().join("run/run.json")).unwrap();
    assert!(info.contains("\"scenario\": \"late-torture\""), "{info}");
}

#[test]
fn an_empty_scenario_file_is_answered_on_line_1_and_writes_nothing() {
    let cwd = tempfile::tempdir().unwrap();
    std::fs::write(cwd.path().join("empty.toml"), "# nothing yet\n").unwrap();
    let out = chistka(cwd.path(), &["run", "empty.toml", "--out", "run"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("empty.toml:1: the file holds no settings"),
        "{stderr}"
    );
    assert!(stderr.contains("extends = \"great-purge\""), "{stderr}");
    assert!(!stderr.contains("missing field"), "{stderr}");
    let left: Vec<_> = std::fs::read_dir(cwd.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "only the scenario file: {left:?}");
}
