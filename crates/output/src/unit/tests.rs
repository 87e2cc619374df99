use super::*;
use crate::manifest::read_manifest;

const LEGACY: &[&str] = &["annual.csv", "cases.sqlite"];

fn manifest() -> Manifest {
    Manifest::new("run", "great-purge", "fnv1a64:0", 1937, 0.01)
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn write_set(target: &Path, files: &[(&str, &str)]) -> Leftovers {
    let (staging, leftovers) = Staging::begin(target, LEGACY).unwrap();
    for (name, text) in files {
        std::fs::write(staging.dir().join(name), text).unwrap();
    }
    staging.commit(manifest(), LEGACY).unwrap();
    leftovers
}

#[test]
fn a_rerun_replaces_the_whole_set() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    write_set(&out, &[("annual.csv", "1\n"), ("cases.sqlite", "db")]);
    assert_eq!(names(&out), ["annual.csv", "cases.sqlite", "manifest.json"]);
    write_set(&out, &[("annual.csv", "2\n")]);
    assert_eq!(
        names(&out),
        ["annual.csv", "manifest.json"],
        "no old cases.sqlite"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("annual.csv")).unwrap(),
        "2\n"
    );
    assert_eq!(names(root.path()), ["out"], "nothing left beside it");
    assert_eq!(read_manifest(&out).unwrap().files.len(), 1);
}

#[test]
fn an_abandoned_staging_leaves_nothing() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    {
        let (staging, _) = Staging::begin(&out, LEGACY).unwrap();
        std::fs::write(staging.dir().join("annual.csv"), "half").unwrap();
    }
    assert!(names(root.path()).is_empty());
}

#[test]
fn a_directory_with_other_files_is_not_replaced() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    std::fs::write(out.join("annual.csv"), "old").unwrap();
    let e = Staging::begin(&out, LEGACY).unwrap_err().to_string();
    assert!(
        e.contains("notes.txt") && e.contains("move them away"),
        "{e}"
    );
    assert_eq!(names(root.path()), ["out"]);
    // Nor a file, nor a directory beside a manifest that does not list it.
    let file = root.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let e = Staging::begin(&file, LEGACY).unwrap_err().to_string();
    assert!(e.contains("not a directory"), "{e}");
    let run = root.path().join("run");
    write_set(&run, &[("annual.csv", "1\n")]);
    std::fs::create_dir(run.join("ensemble")).unwrap();
    let e = Staging::begin(&run, LEGACY).unwrap_err().to_string();
    assert!(e.contains("(ensemble)"), "{e}");
}

#[test]
fn an_output_of_an_older_chistka_and_its_temporaries_are_replaced() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("annual.csv"), "old").unwrap();
    std::fs::write(out.join(".chistka-Ab12.tmp"), "100 MB of a killed run").unwrap();
    write_set(&out, &[("annual.csv", "new")]);
    assert_eq!(names(&out), ["annual.csv", "manifest.json"]);
}

#[test]
fn leftovers_of_dead_runs_are_removed_and_live_ones_kept() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    // No process has pid 4294967: above Linux's largest pid_max (2^22).
    let dead = root.path().join(".out.partial-4294967");
    std::fs::create_dir(&dead).unwrap();
    std::fs::write(dead.join("annual.csv"), "half").unwrap();
    let dead_old = root.path().join(".out.old-4294967");
    std::fs::create_dir(&dead_old).unwrap();
    // Another output's leftover is not ours to touch.
    let other = root.path().join(".outer.partial-4294967");
    std::fs::create_dir(&other).unwrap();
    #[cfg(target_os = "linux")]
    let live = {
        let live = root.path().join(".out.partial-1");
        std::fs::create_dir(&live).unwrap();
        live
    };
    let found = write_set(&out, &[("annual.csv", "1\n")]);
    let mut removed = vec![dead_old, dead];
    removed.sort();
    assert_eq!(found.removed, removed);
    assert!(other.exists());
    #[cfg(target_os = "linux")]
    {
        assert_eq!(found.in_progress, std::slice::from_ref(&live));
        assert!(live.exists());
    }
}
