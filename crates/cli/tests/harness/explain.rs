//! `chistka explain` and `chistka calibrate --method abc-smc` through the binary: the files they
//! write, the same bytes whatever the thread count, a resumed run equal to an uninterrupted one,
//! and clear refusals.

use std::path::Path;
use std::process::{Command, Output};

fn chistka(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chistka"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> Output {
    let out = chistka(args);
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

/// A tiny model choice: two hypotheses, a few particles, two generations.
fn tiny(dir: &Path, threads: &str, generations: &str) -> Output {
    ok(&[
        "explain",
        "--hypotheses",
        "top-down,snowball",
        "--particles",
        "6",
        "--generations",
        generations,
        "--predictive-runs",
        "2",
        "--scale",
        "0.0002",
        "--threads",
        threads,
        "--out",
        dir.to_str().unwrap(),
    ])
}

const TABLES: [&str; 5] = [
    "hypotheses.csv",
    "parameters.csv",
    "predictive.csv",
    "counterfactuals.csv",
    "particles.csv",
];

#[test]
fn explain_writes_the_same_tables_with_one_and_two_threads_and_resumes_to_them() {
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let out = tiny(dirs[0].path(), "1", "2");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("top-down") && text.contains("snowball"),
        "{text}"
    );
    tiny(dirs[1].path(), "2", "2");
    for file in TABLES.iter().chain(&["abc.log"]) {
        assert_eq!(
            read(dirs[0].path(), file),
            read(dirs[1].path(), file),
            "{file} differs between 1 and 2 threads"
        );
    }
    // The table: one row per hypothesis, probabilities that add up to 1.
    let rows: Vec<Vec<String>> =
        csv::Reader::from_reader(read(dirs[0].path(), "hypotheses.csv").as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
    assert_eq!(rows.len(), 2);
    let total: f64 = rows.iter().map(|r| r[2].parse::<f64>().unwrap()).sum();
    assert!((total - 1.0).abs() < 1e-9, "{total}");
    // Every fitted target of archival and patterns is in the predictive table.
    let predictive = read(dirs[0].path(), "predictive.csv");
    for target in [
        "executions_1937",
        "order_00447_arrested_by_1_sep_1937",
        "quota_grant_share",
    ] {
        assert!(predictive.contains(target), "{target} missing");
    }
    // Each counterfactual under each hypothesis that kept particles, for both figures.
    let counterfactuals = read(dirs[0].path(), "counterfactuals.csv");
    for name in ["no-kirov", "no-torture", "no-denunciation", "early-halt"] {
        assert!(
            counterfactuals.contains(&format!(",{name},arrests_1937_1938,")),
            "{name}"
        );
    }
    // The report takes the model choice beside a run of another scale and scenario.
    let run = tempfile::tempdir().unwrap();
    ok(&[
        "run",
        "--scale",
        "0.0002",
        "--out",
        run.path().to_str().unwrap(),
    ]);
    let html = run.path().join("report.html");
    ok(&[
        "report",
        run.path().to_str().unwrap(),
        dirs[0].path().to_str().unwrap(),
        "-o",
        html.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.contains("Which explanations fit the record"));
    assert!(html.contains("What if: the counterfactuals under each explanation"));
    assert!(html.contains(">top-down<") && html.contains(">snowball<"));
    // A rerun on the finished log replays its generations and writes the same bytes.
    tiny(dirs[0].path(), "2", "2");
    for file in TABLES {
        assert_eq!(
            read(dirs[0].path(), file),
            read(dirs[1].path(), file),
            "{file} after resume"
        );
    }
}

#[test]
fn calibrate_abc_smc_is_the_same_sampler_and_refuses_mixed_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(&[
        "calibrate",
        "--method",
        "abc-smc",
        "--hypotheses",
        "top-down",
        "--targets",
        "patterns",
        "--particles",
        "5",
        "--generations",
        "2",
        "--predictive-runs",
        "2",
        "--scale",
        "0.0002",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("top-down"));
    let parameters = read(dir.path(), "parameters.csv");
    assert!(
        parameters.contains("threat.limit_elasticity"),
        "{parameters}"
    );
    for (args, words) in [
        (
            vec!["calibrate", "--method", "abc-smc", "--targets", "archival"],
            "needs --hypotheses",
        ),
        (
            vec![
                "calibrate",
                "--method",
                "abc-smc",
                "--targets",
                "archival",
                "--hypotheses",
                "top-down",
                "--params",
                "quota.grant_probability",
            ],
            "instead of a scenario",
        ),
        (
            vec![
                "explain",
                "--hypotheses",
                "no-such",
                "--out",
                "/nonexistent/never",
            ],
            "no hypothesis `no-such`",
        ),
        (
            vec![
                "explain",
                "--targets",
                "validation",
                "--out",
                "/nonexistent/never",
            ],
            "validation",
        ),
        (
            vec!["calibrate", "--targets", "archival"],
            "--params is required",
        ),
    ] {
        let out = chistka(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && err.contains(words),
            "{args:?}: {err}"
        );
    }
}
