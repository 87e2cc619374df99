//! The experiment commands (`ensemble`, `sweep`, `compare`, `attribute`) through the binary.

use std::path::Path;
use std::process::{Command, Output};

fn chistka(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_chistka"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chistka {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap()
}

#[test]
fn ensemble_bands_are_the_same_with_one_and_two_threads() {
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    for (dir, threads) in dirs.iter().zip(["1", "2"]) {
        chistka(&[
            "ensemble",
            "--runs",
            "3",
            "--scale",
            "0.0002",
            "--threads",
            threads,
            "--out",
            dir.path().to_str().unwrap(),
        ]);
    }
    for file in [
        "runs.csv",
        "annual_bands.csv",
        "monthly_bands.csv",
        "summary_bands.csv",
    ] {
        assert_eq!(
            read(dirs[0].path(), file),
            read(dirs[1].path(), file),
            "{file}"
        );
    }
    let annual = read(dirs[0].path(), "annual_bands.csv");
    assert!(annual.starts_with("period,metric,mean,p05,p50,p95\n1934,arrests,"));
    let summary = read(dirs[0].path(), "summary_bands.csv");
    assert!(summary.contains("\narrests_by_cause.quota,"));
    let monthly = read(dirs[0].path(), "monthly_bands.csv");
    assert!(monthly.contains("\n1937-08,arrests_quota,"));
}

#[test]
fn sweep_resumes_where_it_was_cut() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let args = [
        "sweep",
        "--param",
        "quota.enabled=true,false",
        "--runs",
        "2",
        "--scale",
        "0.0002",
        "--out",
        out,
    ];
    chistka(&args);
    let full = read(dir.path(), "sweep.csv");
    assert_eq!(full.lines().count(), 1 + 4);
    let cut: usize = full.lines().take(3).map(|l| l.len() + 1).sum::<usize>() + 5;
    std::fs::write(dir.path().join("sweep.csv"), &full[..cut]).unwrap();
    let stdout = String::from_utf8(chistka(&args).stdout).unwrap();
    assert!(
        stdout.contains("2 rows already done, 2 run now"),
        "{stdout}"
    );
    assert!(stdout.contains("dropped a partial last line"), "{stdout}");
    assert_eq!(read(dir.path(), "sweep.csv"), full);
}

#[test]
fn compare_writes_a_table_and_a_chart() {
    let dir = tempfile::tempdir().unwrap();
    let out = chistka(&[
        "compare",
        "great-purge",
        "great-purge",
        "--runs",
        "2",
        "--scale",
        "0.0002",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("arrests_1937_1938"), "{stdout}");
    let csv = read(dir.path(), "comparison.csv");
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f[5..], ["0", "0", "0", "0"], "no difference: {line}");
    }
    let svg = read(dir.path(), "comparison.svg");
    assert!(
        svg.starts_with("<svg") && svg.contains("arrests per year") && svg.contains("<path d="),
        "{svg}"
    );
}

#[test]
fn attribute_writes_shapley_shares_and_the_split() {
    let dir = tempfile::tempdir().unwrap();
    let out = chistka(&[
        "attribute",
        "--runs",
        "1",
        "--permutations",
        "2",
        "--scale",
        "0.0002",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("ordinary policing is neither"), "{stdout}");
    let csv = read(dir.path(), "attribution.csv");
    assert!(csv.contains("\nshapley,quota,arrests_1937_1938,"), "{csv}");
    assert!(csv.contains("\nsplit,central,arrests_1937_1938,"), "{csv}");
    assert!(
        csv.contains("\nsplit,bottom_up,arrests_1937_1938,"),
        "{csv}"
    );
}

#[test]
fn a_bad_sweep_parameter_is_named_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("s");
    let out = Command::new(env!("CARGO_BIN_EXE_chistka"))
        .args([
            "sweep",
            "--param",
            "quota.no_such_key=1,2",
            "--scale",
            "0.0002",
            "--out",
            target.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("quota.no_such_key"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!target.exists());
}
