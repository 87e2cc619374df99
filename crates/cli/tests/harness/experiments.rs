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

fn fails(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_chistka"))
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "chistka {args:?} should fail");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

const TARGET_HEADER: &str = "target,kind,key,period,relation,value,tolerance,weight,status,source";

#[test]
fn validate_refuses_targets_the_model_does_not_produce() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("v");
    for (name, row, words) in [
        (
            "column",
            "a,annual,arrestz,1937,eq,10,0.1,1,V2,x",
            "`arrestz` is not a column of annual.csv",
        ),
        (
            "year",
            "a,annual,arrests,1950,eq,10,0.1,1,V2,x",
            "no year 1950",
        ),
        (
            "key",
            "a,summary,no_such_key,1937,eq,10,0.1,1,V2,x",
            "`no_such_key` is not a figure of summary.json",
        ),
    ] {
        let file = dir.path().join(format!("{name}.csv"));
        std::fs::write(&file, format!("{TARGET_HEADER}\n{row}\n")).unwrap();
        let stderr = fails(&[
            "validate",
            "--targets",
            file.to_str().unwrap(),
            "--runs",
            "1",
            "--scale",
            "0.0002",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(
            stderr.contains(&format!("{name}.csv:2: ")) && stderr.contains(words),
            "{stderr}"
        );
        assert!(!stderr.contains("NaN"), "{stderr}");
        assert!(!out.exists(), "nothing written");
    }
}

#[test]
fn runs_zero_is_refused_by_every_experiment_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let o = out.to_str().unwrap();
    let edges_file = dir.path().join("edges.txt");
    std::fs::write(&edges_file, "0 1\n1 2\n2 3\n").unwrap();
    let edges = edges_file.to_str().unwrap();
    for args in [
        &["ensemble", "--runs", "0", "--out", o][..],
        &[
            "compare",
            "great-purge",
            "great-purge",
            "--runs",
            "0",
            "--out",
            o,
        ],
        &["attribute", "--runs", "0", "--out", o],
        &[
            "sweep",
            "--param",
            "quota.enabled=true",
            "--runs",
            "0",
            "--out",
            o,
        ],
        &["validate", "--runs", "0", "--out", o],
        &[
            "calibrate",
            "--targets",
            "archival",
            "--params",
            "quota.grant_probability",
            "--runs",
            "0",
            "--out",
            o,
        ],
        // cascade writes to stdout, no --out: before, it printed nothing and succeeded.
        &[
            "cascade",
            "--edges",
            edges,
            "--tau",
            "1",
            "--gamma",
            "1",
            "--initial",
            "1",
            "--runs",
            "0",
        ],
    ] {
        let stderr = fails(args);
        assert!(
            stderr.contains("--runs 0") && stderr.contains("at least one run"),
            "{args:?}: {stderr}"
        );
        assert!(!out.exists(), "{args:?} wrote something");
    }
}

#[test]
fn a_bad_sweep_point_is_told_once_without_lines_of_a_file_the_user_never_saw() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = fails(&[
        "sweep",
        "--param",
        "interrogation.confession_probability=0.5,7",
        "--scale",
        "0.0002",
        "--out",
        dir.path().join("s").to_str().unwrap(),
    ]);
    assert_eq!(
        stderr.matches("expected a value in 0..=1, found 7").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("point 1 (interrogation.confession_probability=7)"),
        "{stderr}"
    );
    assert!(!stderr.contains("with overrides:"), "{stderr}");
}

#[test]
fn validate_takes_a_seed_and_prints_huge_records_briefly() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("huge.csv");
    std::fs::write(
        &file,
        format!("{TARGET_HEADER}\nhuge,annual,arrests,1937,eq,1e300,0.1,1,V2,x\n"),
    )
    .unwrap();
    let out = chistka(&[
        "validate",
        "--targets",
        file.to_str().unwrap(),
        "--runs",
        "2",
        "--seed",
        "5000",
        "--scale",
        "0.0002",
        "--out",
        dir.path().join("v").to_str().unwrap(),
    ]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("2 seeds 5000..=5001"), "{stdout}");
    assert!(stdout.contains("1e300"), "{stdout}");
    assert!(stdout.lines().all(|l| l.len() < 300), "{stdout}");
    let csv = read(&dir.path().join("v"), "validate.csv");
    assert!(csv.contains(",1e300,"), "{csv}");
}

/// True if `s` is a number written with more than six significant figures after its integer
/// part, as float noise would be (`168000.025925`).
fn noisy(s: &str) -> bool {
    let Ok(x) = s.parse::<f64>() else {
        return false;
    };
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let significant = digits.trim_start_matches('0').len();
    s.contains('.') && x.abs() >= 1.0 && significant > 6
}

#[test]
fn terminal_tables_use_one_minus_and_csvs_carry_no_float_noise() {
    let dir = tempfile::tempdir().unwrap();
    let early_halt = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/early-halt.toml"
    );
    let out = chistka(&[
        "compare",
        "great-purge",
        early_halt,
        "--runs",
        "3",
        "--scale",
        "0.0002",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains('−'), "negative differences shown: {stdout}");
    for line in stdout.lines().skip(3) {
        assert!(
            !line
                .split_whitespace()
                .any(|w| w.starts_with('-') && w.len() > 1),
            "an ASCII minus in a table: {line}"
        );
    }
    // An output directory is one unit: the ensemble goes to its own.
    let ensemble = dir.path().join("ensemble");
    chistka(&[
        "ensemble",
        "--runs",
        "3",
        "--scale",
        "0.0002",
        "--out",
        ensemble.to_str().unwrap(),
    ]);
    for (dir, file) in [
        (dir.path(), "comparison.csv"),
        (ensemble.as_path(), "annual_bands.csv"),
        (ensemble.as_path(), "monthly_bands.csv"),
        (ensemble.as_path(), "summary_bands.csv"),
    ] {
        let text = read(dir, file);
        let bad: Vec<&str> = text.split([',', '\n']).filter(|f| noisy(f)).collect();
        assert!(bad.is_empty(), "{file}: {bad:?}");
    }
}

#[test]
fn an_interrupted_ensemble_resumes_to_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let args = ["ensemble", "--runs", "3", "--scale", "0.0002", "--out", out];
    chistka(&args);
    let files = [
        "runs.csv",
        "annual_bands.csv",
        "monthly_bands.csv",
        "summary_bands.csv",
    ];
    let whole: Vec<String> = files.iter().map(|f| read(dir.path(), f)).collect();
    // Killed while writing the third run: the preamble, the header, two runs and part of a third.
    let runs = &whole[0];
    let cut: usize = runs.lines().take(4).map(|l| l.len() + 1).sum::<usize>() + 50;
    std::fs::write(dir.path().join("runs.csv"), &runs[..cut]).unwrap();
    std::fs::remove_file(dir.path().join("summary_bands.csv")).unwrap();
    let stdout = String::from_utf8(chistka(&args).stdout).unwrap();
    assert!(stdout.contains("2 already done, 1 run now"), "{stdout}");
    assert!(stdout.contains("dropped a partial last line"), "{stdout}");
    let again: Vec<String> = files.iter().map(|f| read(dir.path(), f)).collect();
    assert_eq!(again, whole, "byte-identical to the uninterrupted ensemble");
    let stderr = fails(&["ensemble", "--runs", "3", "--scale", "0.0005", "--out", out]);
    assert!(stderr.contains("another ensemble"), "{stderr}");
}

#[test]
fn an_ensemble_alone_makes_a_report_that_names_its_runs_and_seeds() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    chistka(&[
        "ensemble", "--runs", "2", "--seed", "40", "--scale", "0.0002", "--out", out,
    ]);
    let html = dir.path().join("r.html");
    chistka(&["report", out, "-o", html.to_str().unwrap()]);
    let page = read(dir.path(), "r.html");
    assert!(
        page.contains("ensemble of 2 runs, seeds 40 to 41"),
        "the header"
    );
    assert!(page.contains("Arrests per year") && page.contains("The terror in numbers"));
    assert!(
        page.contains("The mean over the ensemble"),
        "headlines from summary_bands.csv"
    );
}

#[test]
fn an_ensemble_on_a_shared_society_says_so_and_a_bad_choice_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shared");
    let at = out.to_str().unwrap();
    let bad = Command::new(env!("CARGO_BIN_EXE_chistka"))
        .args(["ensemble", "--runs", "2", "--scale", "0.0002"])
        .args(["--society", "everyone", "--out", at])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("society") && err.contains("`shared`"), "{err}");
    assert!(!out.exists(), "nothing written for a bad choice");
    chistka(&[
        "ensemble",
        "--runs",
        "2",
        "--scale",
        "0.0002",
        "--society",
        "shared",
        "--out",
        at,
    ]);
    let first = read(&out, "runs.csv").lines().next().unwrap().to_string();
    assert!(first.ends_with(" society=shared:1937"), "{first}");
    assert!(read(&out, "ensemble.json").contains("\"society\": \"shared:1937\""));
}
