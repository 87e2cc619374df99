//! `--out` as a user gets it wrong: a file in the path, a directory of their own files.
#![allow(clippy::unwrap_used)]

use std::process::Output;

fn run_to(out: &std::path::Path) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_chistka"))
        .args(["run", "--scale", "0.0002", "--out"])
        .arg(out)
        .output()
        .unwrap()
}

#[test]
fn a_bad_out_is_answered_once_in_words() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("notes.txt");
    std::fs::write(&file, "mine").unwrap();
    let out = run_to(&file.join("run"));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("a part of the path is a file, not a directory"),
        "{stderr}"
    );
    assert!(!stderr.contains("os error"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "said once: {stderr}");
}

#[test]
fn a_directory_of_other_files_is_not_replaced() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("thesis.tex"), "mine").unwrap();
    let out = run_to(root.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("thesis.tex") && stderr.contains("move them away"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(root.path().join("thesis.tex")).unwrap(),
        "mine"
    );
    let entries = std::fs::read_dir(root.path()).unwrap().count();
    assert_eq!(entries, 1, "nothing written");
}

#[test]
fn a_rerun_without_cases_leaves_no_archive_of_the_earlier_run() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("run");
    let with = std::process::Command::new(env!("CARGO_BIN_EXE_chistka"))
        .args([
            "run", "--scale", "0.0002", "--cases", "--graph", "--seed", "3", "--out",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(with.status.success());
    assert!(dir.join("cases.sqlite").exists() && dir.join("accusations.graphml").exists());
    let without = run_to(&dir);
    assert!(
        without.status.success(),
        "{}",
        String::from_utf8_lossy(&without.stderr)
    );
    assert!(
        !dir.join("cases.sqlite").exists(),
        "the old archive is gone"
    );
    assert!(!dir.join("accusations.graphml").exists());
    let manifest = chistka_output::read_manifest(&dir).unwrap();
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["run_id"], manifest.run_id.as_str());
    assert_eq!(run["seed"], 1937);
}

#[test]
fn a_sweep_refused_over_a_complete_one_leaves_it_complete() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("sweep");
    let sweep = |param: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_chistka"))
            .args([
                "sweep", "--param", param, "--runs", "1", "--scale", "0.0002", "--out",
            ])
            .arg(&dir)
            .output()
            .unwrap()
    };
    assert!(sweep("halt.enabled=true,false").status.success());
    let before = chistka_output::read_manifest(&dir).unwrap();
    let refused = sweep("quota.enabled=true,false");
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(chistka_output::read_manifest(&dir).unwrap(), before);
}
