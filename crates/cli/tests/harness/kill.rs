//! Runs killed part-way (SIGKILL, as an out-of-memory killer or a closed laptop would): no
//! directory in place looks complete when it is not, the next run cleans up and replaces, and its
//! results are byte-identical to an uninterrupted run's.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chistka_output::read_manifest;

/// A run with everything on, small enough for the suite, slow enough (debug build) to be killed
/// at each stage.
fn start(out: &Path, seed: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_chistka"))
        .args([
            "run",
            "--scale",
            "0.0005",
            "--threads",
            "1",
            "--cases",
            "--graph",
        ])
        .args(["--seed", seed, "--out"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finish(out: &Path, seed: &str) -> String {
    let child = start(out, seed);
    let done = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr).into_owned();
    assert!(done.status.success(), "stderr: {stderr}");
    stderr
}

/// The entries of a directory whose name starts with `.`: leftovers and temporaries.
fn hidden(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    v.sort();
    v
}

/// The run's partial directory beside `out`, if it exists yet.
fn partial(parent: &Path) -> Option<PathBuf> {
    hidden(parent)
        .into_iter()
        .find(|p| p.to_string_lossy().contains(".out.partial-"))
}

fn has_entry(dir: &Path, f: impl Fn(&str) -> bool) -> bool {
    std::fs::read_dir(dir)
        .map(|rd| rd.flatten().any(|e| f(&e.file_name().to_string_lossy())))
        .unwrap_or(false)
}

/// The moments a run is killed at, by what the file system shows of its progress.
const STAGES: [&str; 6] = [
    "at once",
    "while simulating (partial directory made)",
    "while writing the tables",
    "while writing the case archive",
    "after the manifest, before the swap",
    "10 ms after the start",
];

fn reached(stage: &str, parent: &Path) -> bool {
    let p = partial(parent);
    let inside = |f: &dyn Fn(&str) -> bool| p.as_deref().is_some_and(|d| has_entry(d, f));
    match stage {
        "at once" => true,
        "while simulating (partial directory made)" => p.is_some(),
        "while writing the tables" => inside(&|n| n == "annual.csv"),
        "while writing the case archive" => {
            inside(&|n| n.starts_with(".chistka-")) && inside(&|n| n == "run.json")
        }
        "after the manifest, before the swap" => inside(&|n| n == "manifest.json"),
        _ => false,
    }
}

/// Every file of a complete run directory, with `run.json` (which records the wall time) and
/// the manifest (which hashes it) left out.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(n, _)| n != "run.json" && n != "manifest.json")
        .map(|(n, p)| (n, std::fs::read(p).unwrap()))
        .collect();
    v.sort();
    v
}

#[test]
fn a_killed_run_never_leaves_a_complete_looking_directory_and_a_rerun_replaces_it() {
    let root = tempfile::tempdir().unwrap();
    let reference = root.path().join("reference").join("out");
    finish(&reference, "5");
    let expected = contents(&reference);
    let reference_id = read_manifest(&reference).unwrap().run_id;
    assert!(expected.iter().any(|(n, _)| n == "cases.sqlite"));

    let mut hit = Vec::new();
    for (round, stage) in STAGES.iter().enumerate() {
        // Odd rounds kill a run over a complete earlier one (another seed), even ones over none.
        let parent = root.path().join(format!("round{round}"));
        let out = parent.join("out");
        let previous = (round % 2 == 1).then(|| {
            finish(&out, "6");
            read_manifest(&out).unwrap().run_id
        });

        let started = Instant::now();
        let mut child = start(&out, "5");
        let mut killed = false;
        while started.elapsed() < Duration::from_secs(120) {
            let timed =
                *stage == "10 ms after the start" && started.elapsed() >= Duration::from_millis(10);
            if reached(stage, &parent) || timed {
                killed = child.kill().is_ok();
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        let status = child.wait().unwrap();
        if killed && !status.success() {
            hit.push(*stage);
        }

        // What is in place is a complete set of one run, or nothing: never a part.
        if out.exists() {
            let manifest = read_manifest(&out).unwrap_or_else(|e| {
                panic!("killed {stage}: {} looks complete but: {e}", out.display())
            });
            let id = manifest.run_id;
            assert!(
                Some(&id) == previous.as_ref() || id == reference_id,
                "killed {stage}: run {id} in place is neither the earlier run nor this one"
            );
            if id == reference_id {
                assert_eq!(contents(&out), expected, "killed {stage}");
            }
        } else {
            assert!(
                previous.is_none()
                    || hidden(&parent)
                        .iter()
                        .any(|p| p.to_string_lossy().contains(".out.")),
                "killed {stage}: the earlier run vanished without a trace"
            );
        }
        let leftovers = hidden(&parent);
        for leftover in &leftovers {
            let name = leftover.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                name.starts_with(".out.partial-") || name.starts_with(".out.old-"),
                "killed {stage}: {name} beside the output"
            );
        }

        // The next run removes the leftovers and replaces the set; results as if never killed.
        let stderr = finish(&out, "5");
        assert!(
            hidden(&parent).is_empty(),
            "killed {stage}: {:?} left",
            hidden(&parent)
        );
        assert_eq!(
            stderr.matches("left by an interrupted run").count(),
            leftovers.len(),
            "killed {stage}: {stderr}"
        );
        assert_eq!(read_manifest(&out).unwrap().run_id, reference_id);
        assert_eq!(contents(&out), expected, "killed {stage}, then rerun");
    }
    // The stages that last long enough to be caught by polling; the swap and the 10 ms mark may
    // pass before the test looks.
    for stage in &STAGES[..4] {
        assert!(hit.contains(stage), "never killed {stage}: hit {hit:?}");
    }
}

/// Starts `chistka ARGS --out DIR`, kills it once `ready(DIR)` holds (or lets it finish), and
/// says whether it was killed before the end.
fn kill_when(args: &[&str], out: &Path, ready: &dyn Fn(&Path) -> bool) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chistka"))
        .args(args)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(120) {
        if ready(out) {
            child.kill().unwrap();
            return !child.wait().unwrap().success();
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    !child.wait().unwrap().success()
}

fn run_to_end(args: &[&str], out: &Path) {
    let done = Command::new(env!("CARGO_BIN_EXE_chistka"))
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        done.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&done.stderr)
    );
}

fn lines(path: &Path) -> usize {
    std::fs::read_to_string(path).map_or(0, |t| t.lines().count())
}

/// The named files of a directory, as bytes.
fn files(dir: &Path, names: &[&str]) -> Vec<(String, Vec<u8>)> {
    names
        .iter()
        .map(|n| {
            (
                n.to_string(),
                std::fs::read(dir.join(n)).unwrap_or_default(),
            )
        })
        .collect()
}

/// A moment to kill at: its name, and what the output directory shows when it has come.
type Stage<'a> = (&'a str, &'a dyn Fn(&Path) -> bool);

/// Kills an experiment at each stage, checks that what it leaves never looks complete unless
/// it is, resumes it, and compares the resumed files with an uninterrupted run's.
/// `before`, if not empty, is run to its end in each directory first: an earlier, complete output
/// the killed command resumes from or extends.
fn kill_and_resume(args: &[&str], before: &[&str], stages: &[Stage<'_>], compared: &[&str]) {
    let root = tempfile::tempdir().unwrap();
    let reference = root.path().join("reference");
    run_to_end(args, &reference);
    let expected = files(&reference, compared);
    let reference_manifest = read_manifest(&reference).unwrap();
    let mut killed_at = Vec::new();
    for (round, (stage, ready)) in stages.iter().enumerate() {
        let out = root.path().join(format!("round{round}"));
        let earlier = (!before.is_empty()).then(|| {
            run_to_end(before, &out);
            read_manifest(&out).unwrap().run_id
        });
        if kill_when(args, &out, *ready) {
            killed_at.push(*stage);
        }
        match read_manifest(&out) {
            // Complete only as the earlier output, untouched (killed before it began), or as
            // this one, finished: then it is the uninterrupted output.
            Ok(m) if Some(&m.run_id) == earlier.as_ref() => {}
            Ok(m) => {
                assert_eq!(m.run_id, reference_manifest.run_id, "killed {stage}");
                assert!(
                    files(&out, compared) == expected,
                    "killed {stage}: other bytes"
                );
                let names = |f: &[chistka_output::manifest::FileEntry]| -> Vec<String> {
                    f.iter().map(|e| e.name.clone()).collect()
                };
                assert_eq!(
                    names(&m.files),
                    names(&reference_manifest.files),
                    "killed {stage}"
                );
            }
            Err(e) => assert!(
                matches!(e, chistka_output::ManifestError::Missing { .. }),
                "killed {stage}: {e}"
            ),
        }
        // Resumed: byte-identical to the uninterrupted output.
        run_to_end(args, &out);
        assert_eq!(
            read_manifest(&out).unwrap().run_id,
            reference_manifest.run_id
        );
        assert!(
            files(&out, compared) == expected,
            "killed {stage}, then resumed: other bytes"
        );
    }
    let must = stages.len() - 1;
    assert!(
        killed_at.len() >= must,
        "killed at only {killed_at:?} of {} stages",
        stages.len()
    );
}

#[test]
fn a_killed_ensemble_resumes_to_the_same_bytes() {
    let args = [
        "ensemble",
        "--runs",
        "4",
        "--scale",
        "0.0005",
        "--threads",
        "1",
    ];
    let runs = |n: usize| move |d: &Path| lines(&d.join("runs.csv")) > n;
    let (one, three) = (runs(2), runs(4));
    let bands = |d: &Path| d.join("annual_bands.csv").exists();
    let info = |d: &Path| d.join("ensemble.json").exists();
    let stages: [Stage<'_>; 5] = [
        ("at once", &|_: &Path| true),
        ("after the first run", &one),
        ("after the third run", &three),
        ("while writing bands", &bands),
        ("after ensemble.json, before the manifest", &info),
    ];
    let compared = [
        "runs.csv",
        "annual_bands.csv",
        "monthly_bands.csv",
        "summary_bands.csv",
    ];
    kill_and_resume(&args, &[], &stages, &compared);
    // Over a complete ensemble of the first two seeds, which this one extends: killed anywhere,
    // it never shows the two-run bands as if they were complete.
    let two = [
        "ensemble",
        "--runs",
        "2",
        "--scale",
        "0.0005",
        "--threads",
        "1",
    ];
    kill_and_resume(&args, &two, &stages, &compared);
}

#[test]
fn a_killed_sweep_resumes_to_the_same_bytes() {
    let args = [
        "sweep",
        "--param",
        "interrogation.pursue_probability=0.3,0.6",
        "--runs",
        "2",
        "--scale",
        "0.0005",
        "--threads",
        "1",
    ];
    let rows = |n: usize| move |d: &Path| lines(&d.join("sweep.csv")) > n;
    let (first, third) = (rows(1), rows(3));
    let points = |d: &Path| d.join("points.csv").exists();
    let stages: [Stage<'_>; 4] = [
        ("at once", &|_: &Path| true),
        ("after the design", &points),
        ("after the first row", &first),
        ("after the third row", &third),
    ];
    kill_and_resume(&args, &[], &stages, &["points.csv", "sweep.csv"]);
}
