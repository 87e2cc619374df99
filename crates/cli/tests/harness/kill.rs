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
