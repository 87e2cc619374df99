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
    // Each hypothesis's intervals, both readings, one row per free parameter.
    assert!(html.contains("What each explanation says of its parameters"));
    assert!(html.contains("<th>90% interval, regression-adjusted</th>"));
    let parameters = read(dirs[0].path(), "parameters.csv");
    let free = parameters
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(1).is_some_and(|k| !k.is_empty()));
    for row in free {
        let key = row.split(',').nth(1).unwrap_or_default();
        assert!(html.contains(&format!("<code>{key}</code>")), "{key}");
    }
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
    // Every parameter row carries its interval plainly and adjusted, each a number.
    let mut rows = parameters.lines();
    assert!(
        rows.next()
            .is_some_and(|h| h.ends_with("adjusted_p5,adjusted_p50,adjusted_p95"))
    );
    for row in rows.filter(|r| r.split(',').nth(1).is_some_and(|k| !k.is_empty())) {
        let cells: Vec<&str> = row.split(',').collect();
        assert!(
            cells[5..13]
                .iter()
                .all(|c| c.parse::<f64>().is_ok_and(f64::is_finite)),
            "{row}"
        );
    }
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

/// A tiny recovery check: two hypotheses, a few particles, two generations.
fn tiny_recovery(dir: &Path, records: &str, check: &str) -> Output {
    chistka(&[
        "explain",
        "--recovery",
        records,
        "--recovery-check",
        check,
        "--hypotheses",
        "top-down,snowball",
        "--particles",
        "4",
        "--generations",
        "2",
        "--scale",
        "0.0002",
        "--out",
        dir.to_str().unwrap(),
    ])
}

/// The rows of recovery.csv after its preamble and header, split on commas.
fn recovery_rows(dir: &Path) -> Vec<Vec<String>> {
    read(dir, "recovery.csv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("dataset,"))
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn recovery_check_fits_the_true_hypothesis_alone_for_coverage_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let out = tiny_recovery(dir.path(), "2", "both");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("true hypothesis chosen in"), "{stdout}");
    // The verdict line counts the parameters of the hypotheses that generated a record.
    let verdict = stdout
        .lines()
        .find(|l| l.starts_with("Parameters whose 90% intervals cover the truth in 80-97%"))
        .unwrap_or_else(|| panic!("{stdout}"));
    let rated = stdout
        .lines()
        .filter(|l| {
            (l.starts_with("top-down ") || l.starts_with("snowball "))
                && !l.contains(" - ")
                && l.contains('%')
        })
        .count();
    assert!(
        verdict.contains(&format!(" of {rated} plain"))
            && verdict.ends_with(&format!(" of {rated} adjusted")),
        "{verdict}\n{stdout}"
    );
    let log = read(dir.path(), "recovery.csv");
    assert!(log.starts_with("# recovery check: check=both "), "{log}");
    let rows = recovery_rows(dir.path());
    let datasets: std::collections::BTreeSet<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(datasets.len(), 2, "{log}");
    for r in &rows {
        assert!(r[1] == "top-down" || r[1] == "snowball", "{r:?}");
        assert!(
            r[2] == "top-down" || r[2] == "snowball",
            "a choice was made: {r:?}"
        );
        let p: f64 = r[3].parse().unwrap();
        assert!((0.0..=1.0).contains(&p), "{r:?}");
        // The fit of the true hypothesis alone always keeps its particles: a real interval.
        let (truth, lo, hi): (f64, f64, f64) = (
            r[5].parse().unwrap(),
            r[6].parse().unwrap(),
            r[7].parse().unwrap(),
        );
        assert!(lo <= hi && lo.is_finite() && hi.is_finite(), "{r:?}");
        assert_eq!(r[8] == "true", lo <= truth && truth <= hi, "{r:?}");
        assert!(r[9].parse::<usize>().unwrap() < 10, "{r:?}");
        // The regression-adjusted reading of the same particles: within the prior, its own
        // coverage and rank.
        let (lo_a, hi_a): (f64, f64) = (r[10].parse().unwrap(), r[11].parse().unwrap());
        assert!(
            lo_a <= hi_a && lo_a.is_finite() && hi_a.is_finite(),
            "{r:?}"
        );
        assert_eq!(r[12] == "true", lo_a <= truth && truth <= hi_a, "{r:?}");
        assert!(r[13].parse::<usize>().unwrap() < 10, "{r:?}");
    }
    let summary = read(dir.path(), "recovery_summary.csv");
    assert!(summary.contains("\nall,chosen,2,"), "{summary}");
    // Each dataset's particles are kept beside the log: the truth row holds the true values the
    // log reports, the scale row one positive scale per target, then one row per particle.
    for (index, truth) in [0, 1].map(|i| (i, i.to_string())) {
        let file = read(
            &dir.path().join("recovery_particles"),
            &format!("dataset-{index:05}.csv"),
        );
        // Which check wrote it, and which record it is.
        let mine: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == truth).collect();
        let mut comments = file.lines().take(2);
        assert_eq!(comments.next(), log.lines().next(), "{file}");
        let about = format!(
            "# dataset={index} truth={} chosen={} ",
            mine[0][1], mine[0][2]
        );
        assert!(comments.next().unwrap().starts_with(&about), "{file}");
        let lines: Vec<Vec<&str>> = file
            .lines()
            .skip(2)
            .map(|l| l.split(',').collect())
            .collect();
        assert_eq!(&lines[0][..2], ["row", "weight"], "{file}");
        let parameters = mine.len();
        assert_eq!(lines[1][0], "truth", "{file}");
        for (k, r) in mine.iter().enumerate() {
            assert_eq!(lines[0][2 + k], r[4], "{file}");
            // In full here, to six significant digits in the log.
            let (full, logged): (f64, f64) =
                (lines[1][2 + k].parse().unwrap(), r[5].parse().unwrap());
            assert!((full - logged).abs() <= 1e-5 * full.abs(), "{file}");
        }
        let targets = lines[0].len() - 2 - parameters;
        assert!(targets > 10, "{file}");
        assert_eq!(lines[2][0], "scale", "{file}");
        assert!(
            lines[2][2 + parameters..]
                .iter()
                .all(|s| s.parse::<f64>().unwrap() > 0.0),
            "{file}"
        );
        let particles = &lines[3..];
        assert_eq!(particles.len(), 4, "{file}");
        let total: f64 = particles
            .iter()
            .map(|p| {
                assert_eq!(p[0], "particle");
                assert_eq!(p.len(), lines[0].len());
                p[1].parse::<f64>().unwrap()
            })
            .sum();
        assert!((total - 1.0).abs() < 1e-12, "weights sum to 1: {file}");
    }

    // The log rebuilt from the kept particles is the same, byte for byte; and it is read from
    // them, not simulated again: a changed true value in a file shows in the rebuilt log.
    let log_path = dir.path().join("recovery.csv");
    let first = read(dir.path(), "recovery.csv");
    std::fs::remove_file(&log_path).unwrap();
    assert!(tiny_recovery(dir.path(), "2", "both").status.success());
    assert_eq!(read(dir.path(), "recovery.csv"), first);
    let kept = dir.path().join("recovery_particles/dataset-00001.csv");
    let text = std::fs::read_to_string(&kept).unwrap();
    let truth_row = text.lines().nth(3).unwrap();
    assert!(truth_row.starts_with("truth,,"), "{text}");
    let changed = truth_row.replacen("truth,,", "truth,,123456,", 1);
    let cells = truth_row.split(',').count();
    let changed: String = changed.split(',').take(cells).collect::<Vec<_>>().join(",");
    std::fs::write(&kept, text.replacen(truth_row, &changed, 1)).unwrap();
    std::fs::remove_file(&log_path).unwrap();
    assert!(tiny_recovery(dir.path(), "2", "both").status.success());
    let rows = recovery_rows(dir.path());
    let dataset_1: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == "1").collect();
    assert_eq!(dataset_1[0][5], "123456", "{rows:?}");
    std::fs::write(&kept, &text).unwrap();
    std::fs::remove_file(&log_path).unwrap();
    assert!(tiny_recovery(dir.path(), "2", "both").status.success());
    assert_eq!(read(dir.path(), "recovery.csv"), first);

    // Resuming to three records keeps the first two byte for byte.
    let before = read(dir.path(), "recovery.csv");
    let out = tiny_recovery(dir.path(), "3", "both");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = read(dir.path(), "recovery.csv");
    assert!(after.starts_with(&before), "resumed, not rewritten");
    let datasets: std::collections::BTreeSet<String> = recovery_rows(dir.path())
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(datasets.len(), 3);

    // Asked for fewer records than the log holds: the rates of the first ones, the log whole.
    let out = tiny_recovery(dir.path(), "1", "both");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("| 1 synthetic records |"), "{stdout}");
    assert_eq!(read(dir.path(), "recovery.csv"), after);
    let summary = read(dir.path(), "recovery_summary.csv");
    assert!(summary.contains("\nall,chosen,1,"), "{summary}");
    // Read back from the log, the first record has every parameter of its hypothesis (a
    // resumed check once dropped its first row, the header being in the preamble).
    let first_truth = &recovery_rows(dir.path())[0][1];
    let counts: Vec<&str> = summary
        .lines()
        .filter(|l| l.starts_with(&format!("{first_truth},")) && l.contains("(90% coverage)"))
        .map(|l| l.split(',').nth(2).unwrap())
        .collect();
    assert!(
        !counts.is_empty() && counts.iter().all(|&n| n == "1"),
        "{summary}"
    );

    // Another kind of check is not appended to this one's log.
    let out = tiny_recovery(dir.path(), "4", "parameters");
    assert!(!out.status.success());
    assert_eq!(
        read(dir.path(), "recovery.csv"),
        after,
        "the log is untouched"
    );

    let out = tiny_recovery(dir.path(), "4", "everything");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`choice`") && err.contains("`parameters`"),
        "{err}"
    );
}

#[test]
fn recovery_check_of_parameters_alone_runs_no_model_choice() {
    let dir = tempfile::tempdir().unwrap();
    let out = tiny_recovery(dir.path(), "2", "parameters");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("no model choice run"));
    let rows = recovery_rows(dir.path());
    assert!(!rows.is_empty());
    for r in &rows {
        assert_eq!((r[2].as_str(), r[3].as_str()), ("", ""), "{r:?}");
    }
    let summary = read(dir.path(), "recovery_summary.csv");
    assert!(!summary.contains(",chosen,"), "{summary}");
    assert!(summary.contains("(90% coverage)"), "{summary}");
    assert!(
        summary.contains("(90% coverage, regression-adjusted)"),
        "{summary}"
    );
}

#[test]
fn attribute_decomposes_each_hypothesis_of_an_explain_posterior() {
    let explained = tempfile::tempdir().unwrap();
    tiny(explained.path(), "2", "2");
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("attribution");
    let args = |dir: &Path| {
        vec![
            "attribute".to_string(),
            "--explain".into(),
            explained.path().to_str().unwrap().into(),
            "--hypotheses".into(),
            "top-down,snowball".into(),
            "--draws".into(),
            "2".into(),
            "--permutations".into(),
            "1".into(),
            "--scale".into(),
            "0.0002".into(),
            "--out".into(),
            dir.to_str().unwrap().into(),
        ]
    };
    let a: Vec<String> = args(&dir);
    ok(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let csv = read(&dir, "attribution_posterior.csv");
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    // The hypotheses with particles left, and the mixture.
    let particles = read(explained.path(), "particles.csv");
    for who in ["top-down", "snowball", "posterior"] {
        let live =
            who == "posterior" || particles.lines().any(|l| l.starts_with(&format!("{who},")));
        let of: Vec<&Vec<&str>> = rows.iter().filter(|r| r[0] == who).collect();
        assert_eq!(!of.is_empty(), live, "{who}: {particles}\n{csv}");
        if !live {
            continue;
        }
        let sum: f64 = of
            .iter()
            .filter(|r| r[3] == "shapley" && r[5] == "arrests_1937_1938")
            .map(|r| r[6].parse::<f64>().unwrap())
            .sum();
        let effect: f64 = of
            .iter()
            .find(|r| r[4] == "effect_of_all" && r[5] == "arrests_1937_1938")
            .map(|r| r[6].parse().unwrap())
            .unwrap();
        assert!(
            (sum - effect).abs() <= 1e-3 * effect.abs().max(1.0),
            "{who}: {sum} vs {effect}"
        );
    }

    // A damaged particles.csv is refused by file and line, and nothing is written.
    let text = read(explained.path(), "particles.csv");
    let mut lines: Vec<&str> = text.lines().collect();
    let mut fields: Vec<&str> = lines[1].split(',').collect();
    fields[1] = "heavy";
    let joined = fields.join(",");
    lines[1] = &joined;
    std::fs::write(explained.path().join("particles.csv"), lines.join("\n")).unwrap();
    let other = out.path().join("other");
    let a: Vec<String> = args(&other);
    let failed = chistka(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(!failed.status.success());
    let err = String::from_utf8_lossy(&failed.stderr);
    assert!(
        err.contains("particles.csv line 2") && err.contains("heavy"),
        "{err}"
    );
    assert!(!other.exists(), "nothing written");
}

fn run_with(args: &[String]) -> Output {
    chistka(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn the_society_of_the_sampler_is_chosen_in_words_and_kept_by_its_log() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let args = |society: &str| {
        vec![
            "explain".to_string(),
            "--hypotheses".into(),
            "top-down".into(),
            "--particles".into(),
            "4".into(),
            "--generations".into(),
            "1".into(),
            "--predictive-runs".into(),
            "1".into(),
            "--scale".into(),
            "0.0002".into(),
            "--society".into(),
            society.into(),
            "--out".into(),
            out.to_str().unwrap().into(),
        ]
    };
    // A value that is neither is refused before anything is written.
    let bad = run_with(&args("everywhere"));
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("--society") && err.contains("shared"), "{err}");
    assert!(!out.exists(), "nothing is written for a bad argument");
    // The default is a society of each simulation's own, and the log says so.
    let default_out = dir.path().join("default");
    let mut plain = args("own");
    let at = plain.iter().position(|a| a == "--society").unwrap();
    plain.drain(at..at + 2);
    let last = plain.len() - 1;
    plain[last] = default_out.to_str().unwrap().into();
    assert!(run_with(&plain).status.success());
    let default_log = read(&default_out, "abc.log");
    assert!(
        default_log.contains("# simulator scale=0.0002 society=own"),
        "{default_log}"
    );
    // A shared society is named in the log with the seed it was drawn from.
    assert!(run_with(&args("shared")).status.success());
    let log = read(&out, "abc.log");
    assert!(
        log.contains("# simulator scale=0.0002 society=shared:1937"),
        "{log}"
    );
    // A log of a shared society is not resumed with societies of their own.
    let other = run_with(&args("own"));
    assert!(!other.status.success());
    let err = String::from_utf8_lossy(&other.stderr);
    assert!(
        err.contains("abc.log") && err.contains("society=own"),
        "{err}"
    );
    assert_eq!(read(&out, "abc.log"), log, "the log is left as it was");
}
