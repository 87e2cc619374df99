//! End-to-end tests of `chistka cascade` through the built binary.

use std::path::Path;
use std::process::{Command, Output};

fn chistka(edges: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chistka"))
        .arg("cascade")
        .arg("--edges")
        .arg(edges)
        .args(["--tau", "0.5", "--gamma", "1"])
        .args(extra)
        .output()
        .expect("the chistka binary runs")
}

/// The JSON lines without the wall-clock `seconds` field, which differs between runs.
fn without_seconds(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| l.split(",\"seconds\"").next().unwrap_or(l).to_owned())
        .collect()
}

#[test]
fn malformed_line_is_located_and_exits_2() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("bad.txt");
    std::fs::write(&file, "0 1\n# comment\n1 two\n").expect("write the edge list");
    let out = chistka(&file, &["--initial", "1"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:3: expected two node ids", file.display())),
        "stderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn one_json_line_per_run_the_same_for_any_thread_count() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("ring.csv");
    // A ring of 200 with chords, as CSV with a header.
    let mut text = String::from("source,target\n");
    for i in 0..200u32 {
        text.push_str(&format!(
            "{},{}\n{},{}\n",
            i,
            (i + 1) % 200,
            i,
            (i * 7 + 3) % 200
        ));
    }
    std::fs::write(&file, text).expect("write the edge list");
    let one = chistka(&file, &["--runs", "12", "--seed", "5", "--threads", "1"]);
    let two = chistka(&file, &["--runs", "12", "--seed", "5", "--threads", "2"]);
    assert!(
        one.status.success(),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    let lines = without_seconds(&one.stdout);
    assert_eq!(lines.len(), 12);
    assert!(
        lines[0].starts_with("{\"run\":0,\"final_size\":"),
        "{}",
        lines[0]
    );
    assert!(lines[11].starts_with("{\"run\":11,"), "{}", lines[11]);
    assert_eq!(lines, without_seconds(&two.stdout));
    let stderr = String::from_utf8_lossy(&one.stderr);
    assert!(stderr.contains("loaded 200 nodes, "), "stderr: {stderr}");
}

#[test]
fn ids_up_to_the_largest_allowed_are_renumbered_not_allocated() {
    // Ten edges whose ids reach 4294967294: before renumbering, the loader tried to allocate a
    // cache line per id up to the largest (256 GiB) and aborted.
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("sparse.txt");
    std::fs::write(
        &file,
        "4294967294 0\n1 4294967294\n5 6\n7 8\n9 10\n11 12\n13 4000000000\n3000000000 2\n\
         2 3\n100 200\n",
    )
    .expect("write the edge list");
    let out = chistka(&file, &["--initial", "3", "--runs", "2"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stderr: {stderr}");
    assert!(
        stderr.contains("loaded 18 nodes, 10 edges"),
        "stderr: {stderr}"
    );
    assert_eq!(without_seconds(&out.stdout).len(), 2);
}
