//! `--format parquet`: the Parquet tables belong to the directory's unit like every other file
//! (written before `manifest.json`, listed in it with their SHA-256), and a rerun in the other
//! format leaves none of the earlier tables behind.
#![allow(clippy::unwrap_used)]

use std::path::Path;

fn chistka(args: &[&str], out: &Path) {
    let done = std::process::Command::new(env!("CARGO_BIN_EXE_chistka"))
        .args(args)
        .args(["--scale", "0.0002", "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
}

fn listed(dir: &Path) -> Vec<String> {
    // read_manifest also checks every file's size and SHA-256 against the manifest.
    let manifest = chistka_output::read_manifest(dir).unwrap();
    manifest.files.into_iter().map(|f| f.name).collect()
}

#[test]
fn a_parquet_run_lists_its_tables_in_the_manifest_and_a_csv_rerun_replaces_them() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("run");
    chistka(&["run", "--format", "parquet"], &dir);
    let files = listed(&dir);
    for table in ["annual", "monthly", "daily"] {
        assert!(files.contains(&format!("{table}.parquet")), "{files:?}");
        assert!(!dir.join(format!("{table}.csv")).exists());
    }
    assert_eq!(
        &std::fs::read(dir.join("daily.parquet")).unwrap()[..4],
        b"PAR1"
    );

    chistka(&["run"], &dir);
    let files = listed(&dir);
    assert!(files.contains(&"annual.csv".to_string()), "{files:?}");
    assert!(
        !files.iter().any(|f| f.ends_with(".parquet")) && !dir.join("annual.parquet").exists(),
        "the Parquet tables of the earlier run went with it: {files:?}"
    );
}

#[test]
fn an_ensemble_resumed_as_csv_drops_its_stale_parquet_copies() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("ensemble");
    chistka(&["ensemble", "--runs", "2", "--format", "parquet"], &dir);
    let files = listed(&dir);
    for table in chistka_analysis::outputs::ENSEMBLE.parquet {
        assert!(files.contains(&table.to_string()), "{table}: {files:?}");
    }
    // Two more runs, now without Parquet: a runs.parquet of two runs would be stale.
    chistka(&["ensemble", "--runs", "4"], &dir);
    let files = listed(&dir);
    assert!(!files.iter().any(|f| f.ends_with(".parquet")), "{files:?}");
    assert!(!dir.join("runs.parquet").exists());
}

#[test]
fn a_comparison_writes_its_parquet_copy_inside_the_unit() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("compare");
    chistka(
        &[
            "compare",
            "great-purge",
            "no-torture",
            "--runs",
            "1",
            "--format",
            "parquet",
        ],
        &dir,
    );
    let files = listed(&dir);
    assert!(
        files.contains(&"comparison.parquet".to_string()),
        "{files:?}"
    );
    let beside: Vec<_> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside.len(), 1, "no staging directory left: {beside:?}");
}
