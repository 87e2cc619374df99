//! A resumable output directory, written in place with its manifest last.
//!
//! Commands that resume after an interruption (`ensemble`, `sweep`, `calibrate`) keep their log
//! (`runs.csv`, `sweep.csv`, `calibration.log`) in the output directory itself, so they cannot
//! write into a fresh one. They use [`InPlace`] instead: `manifest.json` is removed before the
//! first file changes, so from that moment the directory reads as incomplete
//! ([`crate::read_manifest`] says so), and it is written again only when every file is final.
//! A directory killed at any point has no manifest, or the manifest of its last complete state.

use std::path::{Path, PathBuf};

use crate::manifest::{MANIFEST, Manifest, is_temporary, read_manifest, write_manifest};
use crate::unit::{check_replaceable, sync_dir};
use crate::write_atomic;
use crate::{Leftovers, OutputError};

/// An output directory being written in place.
#[derive(Debug)]
pub struct InPlace {
    dir: PathBuf,
    files: Vec<String>,
    /// The manifest removed at the start, to put back if the command stops with the
    /// directory exactly as that manifest describes it (an input refused before any change).
    previous: Option<String>,
    committed: bool,
}

impl InPlace {
    /// Opens `dir` for writing in place: refuses it if it holds files that neither its manifest
    /// lists nor match `files` (the names the command writes; `*` stands for any text), then
    /// removes the manifest and any temporary a killed write left inside. A `dir` that does not
    /// exist yet is left for the command to create once its inputs are checked.
    ///
    /// # Errors
    /// [`OutputError::NotReplaceable`] if `dir` is a file or holds files of something else;
    /// [`OutputError::Io`] if it cannot be created or changed.
    pub fn begin(dir: &Path, files: &[&str]) -> Result<(Self, Leftovers), OutputError> {
        check_replaceable(dir, files)?;
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| OutputError::Io {
                path,
                cause: source,
            }
        };
        let mut found = Leftovers::default();
        let mut in_place = InPlace {
            dir: dir.into(),
            files: files.iter().map(|f| f.to_string()).collect(),
            previous: None,
            committed: false,
        };
        if !dir.exists() {
            return Ok((in_place, found));
        }
        let manifest = dir.join(MANIFEST);
        in_place.previous = std::fs::read_to_string(&manifest).ok();
        match std::fs::remove_file(&manifest) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(&manifest)(e)),
            _ => {}
        }
        sync_dir(dir)?;
        for entry in std::fs::read_dir(dir).map_err(io(dir))?.flatten() {
            if is_temporary(&entry.file_name().to_string_lossy()) {
                std::fs::remove_file(entry.path()).map_err(io(&entry.path()))?;
                found.removed.push(entry.path());
            }
        }
        found.removed.sort();
        Ok((in_place, found))
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes the manifest, listing every file now in the directory: call it once every file
    /// is final.
    ///
    /// # Errors
    /// [`OutputError::NotReplaceable`] if a file of something else appeared meanwhile;
    /// [`OutputError::Io`] if a file cannot be read or the manifest written.
    pub fn commit(mut self, manifest: Manifest) -> Result<Manifest, OutputError> {
        let files: Vec<&str> = self.files.iter().map(String::as_str).collect();
        check_replaceable(&self.dir, &files)?;
        let manifest = write_manifest(&self.dir, manifest)?;
        sync_dir(&self.dir)?;
        self.committed = true;
        Ok(manifest)
    }
}

impl Drop for InPlace {
    /// A command that stops without committing (an error) puts the earlier manifest back if,
    /// and only if, the directory still holds exactly the files it lists, unchanged: a refused
    /// input leaves a complete output complete, and anything changed stays incomplete.
    fn drop(&mut self) {
        let Some(text) = self.previous.take().filter(|_| !self.committed) else {
            return;
        };
        let path = self.dir.join(MANIFEST);
        if write_atomic(&path, text.as_bytes()).is_err() {
            return;
        }
        let unchanged = read_manifest(&self.dir).is_ok_and(|m| {
            let mut listed: Vec<String> = m.files.into_iter().map(|f| f.name).collect();
            listed.sort();
            let mut present = Vec::new();
            list_files(&self.dir, "", &mut present);
            present.sort();
            listed == present
        });
        if !unchanged {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Every file under `dir` but the manifest and temporaries, as `/`-separated names.
fn list_files(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if (prefix.is_empty() && name == MANIFEST) || is_temporary(&name) {
            continue;
        }
        let rel = format!("{prefix}{name}");
        if entry.path().is_dir() {
            list_files(&entry.path(), &format!("{rel}/"), out);
        } else {
            out.push(rel);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read_manifest;

    const FILES: &[&str] = &["runs.csv", "bands.csv", "chart-*.svg"];

    fn manifest() -> Manifest {
        Manifest::new("ensemble", "s", "fnv1a64:0", 1937, 0.01)
    }

    #[test]
    fn the_directory_is_incomplete_from_the_first_change_to_the_commit() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("ens");
        let (w, _) = InPlace::begin(&dir, FILES).unwrap();
        assert!(
            !dir.exists(),
            "created by the command, once its inputs are checked"
        );
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(w.dir().join("runs.csv"), "seed\n1\n").unwrap();
        w.commit(manifest()).unwrap();
        assert!(read_manifest(&dir).is_ok());

        // Resumed: the old manifest goes first, whatever happens next.
        let (w, _) = InPlace::begin(&dir, FILES).unwrap();
        assert!(
            read_manifest(&dir).is_err(),
            "incomplete while being written"
        );
        std::fs::write(w.dir().join("runs.csv"), "seed\n1\n2\n").unwrap();
        std::fs::write(w.dir().join("chart-arrests.svg"), "<svg/>").unwrap();
        let m = w.commit(manifest()).unwrap();
        assert_eq!(m.files.len(), 2);
        assert_eq!(read_manifest(&dir).unwrap(), m);
    }

    #[test]
    fn a_command_stopped_before_any_change_leaves_the_output_complete() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("ens");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("runs.csv"), "seed\n1\n").unwrap();
        let (w, _) = InPlace::begin(&dir, FILES).unwrap();
        let m = w.commit(manifest()).unwrap();
        // Refused (a different design, say): nothing changed, the manifest comes back.
        drop(InPlace::begin(&dir, FILES).unwrap());
        assert_eq!(read_manifest(&dir).unwrap(), m);
        // Stopped after a change: incomplete it stays.
        let (w, _) = InPlace::begin(&dir, FILES).unwrap();
        std::fs::write(w.dir().join("runs.csv"), "seed\n1\n2\n").unwrap();
        drop(w);
        assert!(read_manifest(&dir).is_err());
        // Nor does a new file pass for part of the old output.
        let (w, _) = InPlace::begin(&dir, FILES).unwrap();
        std::fs::write(w.dir().join("runs.csv"), "seed\n1\n").unwrap();
        let m = w.commit(manifest()).unwrap();
        let (w, _) = InPlace::begin(&dir, FILES).unwrap();
        std::fs::write(w.dir().join("bands.csv"), "half").unwrap();
        drop(w);
        assert!(read_manifest(&dir).is_err(), "{m:?}");
    }

    #[test]
    fn foreign_files_are_refused_and_temporaries_removed() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("ens");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("runs.csv"), "seed\n").unwrap();
        std::fs::write(dir.join(".chistka-x1.tmp"), "half").unwrap();
        let (_, found) = InPlace::begin(&dir, FILES).unwrap();
        assert_eq!(found.removed, [dir.join(".chistka-x1.tmp")]);
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        let e = InPlace::begin(&dir, FILES).unwrap_err().to_string();
        assert!(e.contains("notes.txt"), "{e}");
        assert!(dir.join("runs.csv").exists());
    }
}
