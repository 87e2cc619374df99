//! The `chistka` binary, run as a user would.

use std::path::Path;
use std::process::{Command, Output};

fn chistka(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chistka"))
        .args(args)
        .output()
        .unwrap()
}

fn run_to(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["run", "--scale", "0.0005", "--out", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = chistka(&args);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn default_run_writes_the_output_contract() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_to(dir.path(), &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1937"), "summary table on stdout: {stdout}");
    assert!(
        stdout.contains("synthetic"),
        "says the people are synthetic: {stdout}"
    );

    let annual = std::fs::read_to_string(dir.path().join("annual.csv")).unwrap();
    let mut lines = annual.lines();
    assert_eq!(
        lines.next().unwrap(),
        "year,arrests,convictions,executions,camp_sentences,exile_sentences,releases,deaths_in_custody,\
camp_population_jan1,camp_population_political_jan1,party_members_jan1,party_admissions,party_expulsions,\
camp_population_itl_jan1,camp_population_itk_jan1,camp_admissions,criminal_convictions,\
releases_end_of_term_political,releases_end_of_term_criminal,releases_acquitted,releases_on_review,\
releases_exile_end,deaths_in_prison,deaths_in_transit"
    );
    let years: Vec<&str> = lines.map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(
        years,
        [
            "1934", "1935", "1936", "1937", "1938", "1939", "1940", "1941"
        ]
    );

    let monthly = std::fs::read_to_string(dir.path().join("monthly.csv")).unwrap();
    assert!(monthly.starts_with("month,arrests,"));
    assert!(monthly.lines().nth(1).unwrap().starts_with("1934-01,"));
    assert!(monthly.contains("arrests_named"));
    let daily = std::fs::read_to_string(dir.path().join("daily.csv")).unwrap();
    assert_eq!(
        daily.lines().count(),
        1 + 2730,
        "1934-01-01..=1941-06-22 (2,730 days) plus header"
    );
    assert!(daily.lines().last().unwrap().starts_with("1941-06-22,"));

    let summary = std::fs::read_to_string(dir.path().join("summary.json")).unwrap();
    for key in [
        "arrests_1937_1938",
        "executions_1937_1938",
        "arrests_by_cause",
        "central_committee_1934",
        "congress17_delegates",
    ] {
        assert!(
            summary.contains(&format!("\"{key}\"")),
            "summary.json lacks {key}"
        );
    }
    assert!(
        summary.contains("\"congress17_delegates\": 1966"),
        "the elite is at full scale"
    );
    let run = std::fs::read_to_string(dir.path().join("run.json")).unwrap();
    assert!(
        run.contains("\"seed\": 1937") && run.contains("scenario_hash"),
        "{run}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn same_seed_same_bytes_with_one_or_two_threads() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    run_to(a.path(), &["--threads", "1", "--seed", "5"]);
    run_to(b.path(), &["--threads", "2", "--seed", "5"]);
    for f in ["annual.csv", "monthly.csv", "daily.csv", "summary.json"] {
        let x = std::fs::read(a.path().join(f)).unwrap();
        let y = std::fs::read(b.path().join(f)).unwrap();
        assert!(x == y, "{f} differs between 1 and 2 threads");
    }
    let c = tempfile::tempdir().unwrap();
    run_to(c.path(), &["--threads", "2", "--seed", "6"]);
    assert_ne!(
        std::fs::read(a.path().join("daily.csv")).unwrap(),
        std::fs::read(c.path().join("daily.csv")).unwrap(),
        "another seed gives another run"
    );
}

#[test]
fn a_wrong_type_names_file_and_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("bad.toml");
    std::fs::write(
        &scenario,
        "extends = \"great-purge\"\n\n[camps]\nmortality_percent_per_year = \"high\"\n",
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    let out = chistka(&[
        "run",
        scenario.to_str().unwrap(),
        "--scale",
        "0.0005",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.toml:4:"), "FILE:LINE in: {stderr}");
    assert!(
        stderr.contains("camps.mortality_percent_per_year"),
        "names the key: {stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
    assert!(!out_dir.exists(), "no output written for a bad scenario");
}

#[test]
fn bad_flags_and_missing_files_are_clear() {
    let out = chistka(&["run", "--scale", "0"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--scale"));
    let out = chistka(&["run", "/no/such/file.toml"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("/no/such/file.toml") && stderr.contains("cannot read"),
        "{stderr}"
    );
}

#[test]
fn scenario_show_prints_the_embedded_default() {
    let out = chistka(&["scenario", "show"]);
    assert!(out.status.success());
    let shown = String::from_utf8(out.stdout).unwrap();
    let file = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/great-purge.toml"
    ))
    .unwrap();
    assert_eq!(shown, file);
}

#[test]
fn every_shipped_scenario_runs() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let out_dir = tempfile::tempdir().unwrap();
            let out = chistka(&[
                "run",
                path.to_str().unwrap(),
                "--scale",
                "0.0002",
                "--out",
                out_dir.path().to_str().unwrap(),
            ]);
            assert!(
                out.status.success(),
                "{}: {}",
                path.display(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

#[test]
fn cases_graph_and_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_to(dir.path(), &["--cases", "--graph"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("cases.sqlite"));
    let db = std::fs::read(dir.path().join("cases.sqlite")).unwrap();
    assert!(db.starts_with(b"SQLite format 3\0"));
    let graph = std::fs::read_to_string(dir.path().join("accusations.graphml")).unwrap();
    assert!(graph.starts_with("<?xml") && graph.contains("<edge "));

    let html = dir.path().join("report.html");
    let out = chistka(&[
        "report",
        dir.path().to_str().unwrap(),
        "-o",
        html.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<svg") && page.contains("synthetic"));
    // Nothing but the finished files: no temporaries left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");

    // A directory without outputs is the user's mistake: a message, no panic, nothing written.
    let empty = tempfile::tempdir().unwrap();
    let out = chistka(&[
        "report",
        empty.path().to_str().unwrap(),
        "-o",
        "/nonexistent/r.html",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no chistka outputs") && !err.contains("panicked"),
        "{err}"
    );
}

#[test]
fn a_scale_too_small_to_hold_every_region_and_category_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out");
    let out = chistka(&["run", "--scale", "1e-9", "--out", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--scale") && stderr.contains("expected at least 0.000041"),
        "{stderr}"
    );
    assert!(!target.exists(), "nothing written");
}

#[test]
fn a_bad_out_is_said_once_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let out = chistka(&[
        "run",
        "--scale",
        "0.0002",
        "--out",
        file.join("x").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.matches("is a file, not a directory").count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains("os error"), "{stderr}");
    let out = chistka(&[
        "report",
        dir.path().to_str().unwrap(),
        "-o",
        dir.path().join("no/such/dir/r.html").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_report_refuses_an_annual_csv_cut_short() {
    let dir = tempfile::tempdir().unwrap();
    run_to(dir.path(), &[]);
    let annual = dir.path().join("annual.csv");
    let whole = std::fs::read_to_string(&annual).unwrap();
    let html = dir.path().join("report.html");
    let report = |what: &str| {
        let out = chistka(&[
            "report",
            dir.path().to_str().unwrap(),
            "-o",
            html.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{what}");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            stderr.contains("annual.csv") && stderr.contains("cut short"),
            "{what}: {stderr}"
        );
        assert!(!html.exists(), "{what}: no report written");
    };
    // Cut in the middle of a line, and cut at a line boundary (the last years missing).
    std::fs::write(&annual, &whole[..whole.len() - 20]).unwrap();
    report("mid-line");
    let lines: Vec<&str> = whole.lines().take(6).collect();
    std::fs::write(&annual, lines.join("\n") + "\n").unwrap();
    report("whole lines");
}

/// The CLI starts itself again with glibc's huge-page tunable (crates/cli/src/huge_pages.rs):
/// the running process's environment has it, with the user's tunables kept, and the outputs are
/// the bytes of a run without it.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn huge_pages_are_asked_for_and_change_no_byte() {
    let with = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_chistka"))
        .args(["run", "--scale", "0.0005", "--seed", "5", "--out"])
        .arg(with.path())
        .env_remove("CHISTKA_HUGE_PAGES")
        .env("GLIBC_TUNABLES", "glibc.malloc.arena_max=4")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // `exec` keeps the process id: read its environment until it shows the second start.
    let environ = format!("/proc/{}/environ", child.id());
    let mut seen = None;
    while child.try_wait().unwrap().is_none() {
        if let Ok(bytes) = std::fs::read(&environ) {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            if text.contains("CHISTKA_HUGE_PAGES=1") {
                seen = Some(text);
                break;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(child.wait().unwrap().success());
    let seen = seen.expect("the run ended before its environment showed CHISTKA_HUGE_PAGES=1");
    // glibc splits the variable in place as it reads it ("a:b" shows as "a\0b" in the
    // process's memory), so the two tunables are looked for one by one.
    assert!(
        seen.contains("GLIBC_TUNABLES=glibc.malloc.arena_max=4")
            && seen.contains("glibc.malloc.hugetlb=1"),
        "environment: {seen:?}"
    );

    let without = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_chistka"))
        .args(["run", "--scale", "0.0005", "--seed", "5", "--out"])
        .arg(without.path())
        .env("CHISTKA_HUGE_PAGES", "0")
        .output()
        .unwrap();
    assert!(out.status.success());
    for f in ["annual.csv", "monthly.csv", "daily.csv", "summary.json"] {
        let x = std::fs::read(with.path().join(f)).unwrap();
        let y = std::fs::read(without.path().join(f)).unwrap();
        assert!(x == y, "{f} differs with and without huge pages");
    }
}
