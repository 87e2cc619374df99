//! `chistka report` combines only complete outputs of one scenario: the files come from runs
//! of the program at a tiny scale, then are moved, cut or mixed as a user might.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Output;

fn chistka(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_chistka"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn run(scenario: &str, dir: &Path) {
    ok(chistka(&[
        "run",
        scenario,
        "--scale",
        "0.0002",
        "--out",
        dir.to_str().unwrap(),
    ]));
}

fn ensemble(dir: &Path) {
    ok(chistka(&[
        "ensemble",
        "--runs",
        "2",
        "--scale",
        "0.0002",
        "--out",
        dir.to_str().unwrap(),
    ]));
}

fn report(dirs: &[&Path], page: &Path) -> Output {
    let mut args = vec!["report"];
    args.extend(dirs.iter().map(|d| d.to_str().unwrap()));
    args.extend(["-o", page.to_str().unwrap()]);
    chistka(&args)
}

fn refused(out: &Output, page: &Path) -> String {
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!page.exists(), "no report written");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn bands_of_another_scenario_beside_a_run_are_refused() {
    let root = tempfile::tempdir().unwrap();
    let (halt, bands) = (root.path().join("halt"), root.path().join("bands"));
    run("early-halt", &halt);
    ensemble(&bands);
    let page = root.path().join("report.html");

    // Copied beside the run, as in the finding: not in the run's manifest.
    std::fs::copy(
        bands.join("annual_bands.csv"),
        halt.join("annual_bands.csv"),
    )
    .unwrap();
    let stderr = refused(&report(&[&halt], &page), &page);
    assert!(
        stderr.contains("annual_bands.csv is not part of the output"),
        "{stderr}"
    );
    std::fs::remove_file(halt.join("annual_bands.csv")).unwrap();

    // Given as two directories: different scenarios.
    let stderr = refused(&report(&[&halt, &bands], &page), &page);
    assert!(
        stderr.contains("scenario early-halt") && stderr.contains("scenario great-purge"),
        "{stderr}"
    );
    assert!(stderr.contains("one scenario at one scale"), "{stderr}");
}

#[test]
fn a_run_and_its_ensemble_make_one_report() {
    let root = tempfile::tempdir().unwrap();
    let (one, bands) = (root.path().join("run"), root.path().join("bands"));
    run("great-purge", &one);
    ensemble(&bands);
    let page = root.path().join("report.html");
    ok(report(&[&one, &bands], &page));
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .contains("synthetic")
    );
}

#[test]
fn incomplete_and_changed_outputs_are_refused() {
    let root = tempfile::tempdir().unwrap();
    let one = root.path().join("run");
    run("great-purge", &one);
    let page = root.path().join("report.html");

    // An edited annual.csv that still parses (one digit changed): caught by its hash. (A
    // truncated one is refused before that, as cut short: harness::binary.)
    let annual = std::fs::read_to_string(one.join("annual.csv")).unwrap();
    let at = annual
        .rfind(|c: char| c.is_ascii_digit() && c != '9')
        .unwrap();
    let mut edited = annual.clone().into_bytes();
    edited[at] += 1;
    std::fs::write(one.join("annual.csv"), &edited).unwrap();
    let stderr = refused(&report(&[&one], &page), &page);
    assert!(
        stderr.contains("annual.csv has changed since it was written"),
        "{stderr}"
    );
    assert!(stderr.contains("SHA-256"), "{stderr}");
    std::fs::write(one.join("annual.csv"), &annual).unwrap();
    ok(report(&[&one], &page));
    std::fs::remove_file(&page).unwrap();

    // No manifest: what a killed run leaves, or an older chistka.
    std::fs::remove_file(one.join("manifest.json")).unwrap();
    let stderr = refused(&report(&[&one], &page), &page);
    assert!(stderr.contains("not a complete output"), "{stderr}");
}
