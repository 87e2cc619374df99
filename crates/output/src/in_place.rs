//! A resumable output directory, written in place with its manifest last.
//!
//! Commands that resume after an interruption (`ensemble`, `sweep`, `calibrate`) keep their log
//! (`runs.csv`, `sweep.csv`, `calibration.log`) in the output directory itself, so they cannot
//! write into a fresh one. They use [`InPlace`] instead: `manifest.json` is removed before the
//! first file changes, so from that moment the directory reads as incomplete
//! ([`crate::read_manifest`] says so), and it is written again only when every file is final.
//! A directory killed at any point has no manifest, or the manifest of its last complete state.

use std::path::{Path, PathBuf};

use crate::manifest::{MANIFEST, Manifest, is_temporary, write_manifest};
use crate::unit::{check_replaceable, sync_dir};
use crate::{Leftovers, OutputError};

/// An output directory being written in place.
#[derive(Debug)]
pub struct InPlace {
    dir: PathBuf,
    files: Vec<String>,
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
        if !dir.exists() {
            return Ok((
                InPlace {
                    dir: dir.into(),
                    files: files.iter().map(|f| f.to_string()).collect(),
                },
                found,
            ));
        }
        let manifest = dir.join(MANIFEST);
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
        Ok((
            InPlace {
                dir: dir.into(),
                files: files.iter().map(|f| f.to_string()).collect(),
            },
            found,
        ))
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
    pub fn commit(self, manifest: Manifest) -> Result<Manifest, OutputError> {
        let files: Vec<&str> = self.files.iter().map(String::as_str).collect();
        check_replaceable(&self.dir, &files)?;
        let manifest = write_manifest(&self.dir, manifest)?;
        sync_dir(&self.dir)?;
        Ok(manifest)
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
