//! `manifest.json`: the list of an output directory's files, with their sizes and SHA-256
//! hashes, written last. A directory whose manifest is missing, or does not match its files, is
//! not a complete output: it was interrupted, or something changed it afterwards.
//!
//! The manifest also says what produced the files (kind of command, scenario and its hash,
//! seed, scale) and carries the run id, so that readers such as the report can refuse to combine
//! files of different runs.
//!
//! ```
//! use chistka_output::manifest::{Manifest, read_manifest, write_manifest};
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("annual.csv"), "year,arrests\n1937,10\n").unwrap();
//! let written = write_manifest(dir.path(), Manifest::new("run", "great-purge", "fnv1a64:0", 1937, 0.01)).unwrap();
//! let read = read_manifest(dir.path()).unwrap();
//! assert_eq!(read, written);
//! assert_eq!(read.files[0].name, "annual.csv");
//! std::fs::write(dir.path().join("annual.csv"), "year,arrests\n1937,11\n").unwrap();
//! let err = read_manifest(dir.path()).unwrap_err().to_string();
//! assert!(err.contains("annual.csv") && err.contains("changed"), "{err}");
//! ```

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{OutputError, write_atomic};

/// The manifest's file name.
pub const MANIFEST: &str = "manifest.json";

/// What an output directory holds and what produced it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// chistka version that wrote the files.
    pub chistka_version: String,
    /// The command: `run`, `ensemble`, `sweep`, `compare`, `attribute`, `validate`, `calibrate`.
    pub kind: String,
    /// 16 hex digits identifying the run: see [`run_id`].
    pub run_id: String,
    /// Scenario name (for `compare`, both, as `A vs B`).
    pub scenario: String,
    /// Fingerprint of the merged scenario TOML (for `compare`, both).
    pub scenario_hash: String,
    /// The run's seed (for experiments, the first seed).
    pub seed: u64,
    /// Population scale.
    pub scale: f64,
    /// Every file of the directory but the manifest, by name.
    pub files: Vec<FileEntry>,
}

/// One file of an output directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// File name, relative to the directory (`/`-separated for files in subdirectories).
    pub name: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the content, 64 hex digits.
    pub sha256: String,
}

/// The run id: the first 16 hex digits of the SHA-256 of the chistka version, the scenario's
/// fingerprint, the seed and the scale. The same inputs give the same id, so the files of one
/// run can be recognised wherever they are copied, and files of different runs told apart.
pub fn run_id(version: &str, scenario_hash: &str, seed: u64, scale: f64) -> String {
    let mut h = Sha256::new();
    h.update(format!(
        "chistka {version}\n{scenario_hash}\nseed {seed}\nscale {scale:?}\n"
    ));
    hex(&h.finalize())[..16].to_owned()
}

/// The id of an experiment's output (ensemble, sweep, ...): as [`run_id`], with the kind of
/// command and its design (`runs=20`, the sweep's points, ...) hashed in too, so that two
/// experiments, or an experiment and a run, never share an id.
pub fn experiment_id(
    kind: &str,
    version: &str,
    scenario_hash: &str,
    first_seed: u64,
    scale: f64,
    design: &str,
) -> String {
    let mut h = Sha256::new();
    h.update(format!(
        "chistka {version}\n{kind}\n{scenario_hash}\nseed {first_seed}\nscale {scale:?}\n{design}\n"
    ));
    hex(&h.finalize())[..16].to_owned()
}

impl Manifest {
    /// A manifest for an experiment's output, its id from [`experiment_id`].
    pub fn experiment(
        kind: &str,
        scenario: &str,
        scenario_hash: &str,
        first_seed: u64,
        scale: f64,
        design: &str,
    ) -> Self {
        let version = env!("CARGO_PKG_VERSION");
        Self {
            run_id: experiment_id(kind, version, scenario_hash, first_seed, scale, design),
            ..Self::new(kind, scenario, scenario_hash, first_seed, scale)
        }
    }

    /// A manifest without files, for this version of chistka; the run id follows from the rest.
    pub fn new(kind: &str, scenario: &str, scenario_hash: &str, seed: u64, scale: f64) -> Self {
        let version = env!("CARGO_PKG_VERSION");
        Self {
            chistka_version: version.into(),
            kind: kind.into(),
            run_id: run_id(version, scenario_hash, seed, scale),
            scenario: scenario.into(),
            scenario_hash: scenario_hash.into(),
            seed,
            scale,
            files: Vec::new(),
        }
    }

    /// The entry of a file, by name.
    pub fn file(&self, name: &str) -> Option<&FileEntry> {
        self.files.iter().find(|f| f.name == name)
    }
}

/// Why a directory's manifest cannot be trusted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ManifestError {
    /// There is no manifest.
    #[error(
        "{dir} has no {MANIFEST}: its files are not a complete output (the command that wrote \
         them was interrupted, or they were written by a chistka older than 0.2); run the \
         command again"
    )]
    Missing {
        /// The directory.
        dir: PathBuf,
    },
    /// The manifest cannot be read or is not one chistka wrote.
    #[error("{path}: not a chistka manifest ({reason})")]
    Unreadable {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A file the manifest lists is missing or unreadable.
    #[error(
        "{path} is listed in {MANIFEST} but cannot be read ({reason}): the directory is incomplete"
    )]
    FileMissing {
        /// The file.
        path: PathBuf,
        /// Why it cannot be read.
        reason: String,
    },
    /// A file's size or content differs from the manifest's.
    #[error("{path} has changed since it was written ({what}): it is not the file of run {run_id}")]
    FileChanged {
        /// The file.
        path: PathBuf,
        /// Which of size or hash differs, with both values.
        what: String,
        /// The run the manifest describes.
        run_id: String,
    },
}

/// Lists every file in `dir` (recursively, in name order, skipping the manifest itself and
/// temporary files), records sizes and hashes in `manifest`, and writes `manifest.json`
/// atomically. Call it after every other file is written and synced.
///
/// # Errors
/// [`OutputError::Io`] naming the file that could not be read or written.
pub fn write_manifest(dir: &Path, mut manifest: Manifest) -> Result<Manifest, OutputError> {
    let mut names = Vec::new();
    list(dir, "", &mut names)?;
    names.sort();
    manifest.files = names
        .into_iter()
        .map(|name| {
            let path = dir.join(&name);
            let (bytes, sha256) = hash_file(&path).map_err(|source| OutputError::Io {
                path: path.clone(),
                cause: source,
            })?;
            Ok(FileEntry {
                name,
                bytes,
                sha256,
            })
        })
        .collect::<Result<_, OutputError>>()?;
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| OutputError::Io {
        path: dir.join(MANIFEST),
        cause: e.into(),
    })? + "\n";
    write_atomic(&dir.join(MANIFEST), text.as_bytes())?;
    Ok(manifest)
}

/// Reads `dir/manifest.json` and checks that every file it lists is there with its size and
/// hash.
///
/// # Errors
/// A [`ManifestError`] saying what is missing or changed, in words a user can act on.
pub fn read_manifest(dir: &Path) -> Result<Manifest, ManifestError> {
    let path = dir.join(MANIFEST);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(ManifestError::Missing { dir: dir.into() });
        }
        Err(e) => {
            return Err(ManifestError::Unreadable {
                path,
                reason: e.to_string(),
            });
        }
    };
    let manifest: Manifest =
        serde_json::from_str(&text).map_err(|e| ManifestError::Unreadable {
            path: path.clone(),
            reason: format!("line {}: {}", e.line(), plain_json_error(&e)),
        })?;
    for f in &manifest.files {
        let file = dir.join(&f.name);
        if f.name
            .split('/')
            .any(|part| part == ".." || part.is_empty())
        {
            return Err(ManifestError::Unreadable {
                path,
                reason: format!("the file name {:?} leaves the directory", f.name),
            });
        }
        let (bytes, sha256) = hash_file(&file).map_err(|e| ManifestError::FileMissing {
            path: file.clone(),
            reason: e.to_string(),
        })?;
        let what = if bytes != f.bytes {
            format!("{bytes} bytes, the manifest says {}", f.bytes)
        } else if sha256 != f.sha256 {
            format!("SHA-256 {sha256}, the manifest says {}", f.sha256)
        } else {
            continue;
        };
        return Err(ManifestError::FileChanged {
            path: file,
            what,
            run_id: manifest.run_id.clone(),
        });
    }
    Ok(manifest)
}

/// serde's JSON messages without its type names.
fn plain_json_error(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg);
    msg.replace("invalid type", "wrong kind of value")
        .replace("expected u64", "expected a whole number")
        .replace("expected f64", "expected a number")
        .replace("struct Manifest", "a manifest object")
        .replace("struct FileEntry", "a file entry")
}

/// Whether a file name is a temporary of chistka's atomic writes, never an output.
pub(crate) fn is_temporary(name: &str) -> bool {
    name.starts_with(".chistka-") && name.ends_with(".tmp")
}

fn list(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result<(), OutputError> {
    let io = |source| OutputError::Io {
        path: dir.into(),
        cause: source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if (prefix.is_empty() && name == MANIFEST) || is_temporary(&name) {
            continue;
        }
        let rel = format!("{prefix}{name}");
        if entry.file_type().map_err(io)?.is_dir() {
            list(&entry.path(), &format!("{rel}/"), out)?;
        } else {
            out.push(rel);
        }
    }
    Ok(())
}

/// Size and SHA-256 of a file, read in blocks so large case archives need no large buffer.
fn hash_file(path: &Path) -> std::io::Result<(u64, String)> {
    let mut file = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        h.update(&buf[..n]);
    }
    Ok((bytes, hex(&h.finalize())))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with_manifest() -> (tempfile::TempDir, Manifest) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.csv"), "x\n1\n").unwrap();
        std::fs::write(dir.path().join("a.json"), "{}\n").unwrap();
        std::fs::create_dir(dir.path().join("runs")).unwrap();
        std::fs::write(dir.path().join("runs/r1.csv"), "y\n").unwrap();
        std::fs::write(dir.path().join(".chistka-abc.tmp"), "partial").unwrap();
        let m = write_manifest(dir.path(), Manifest::new("run", "s", "fnv1a64:1", 7, 0.5)).unwrap();
        (dir, m)
    }

    #[test]
    fn lists_files_in_name_order_without_itself_or_temporaries() {
        let (_dir, m) = dir_with_manifest();
        let names: Vec<&str> = m.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a.json", "b.csv", "runs/r1.csv"]);
        assert_eq!(m.file("b.csv").map(|f| f.bytes), Some(4));
        // SHA-256 of "x\n1\n", as `printf 'x\n1\n' | sha256sum` gives it.
        assert_eq!(
            m.file("b.csv").map(|f| f.sha256.as_str()),
            Some("daff832f802000e645771a60983c76c963f6ee602a6230e45237bd360e91cc1a")
        );
    }

    #[test]
    fn run_id_follows_the_inputs() {
        let a = run_id("0.1.0", "fnv1a64:1", 1937, 0.01);
        assert_eq!(a.len(), 16);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(a, run_id("0.1.0", "fnv1a64:1", 1937, 0.01));
        assert_ne!(a, run_id("0.1.0", "fnv1a64:1", 1938, 0.01));
        assert_ne!(a, run_id("0.1.0", "fnv1a64:2", 1937, 0.01));
        assert_ne!(a, run_id("0.1.0", "fnv1a64:1", 1937, 0.02));
        assert_ne!(a, run_id("0.2.0", "fnv1a64:1", 1937, 0.01));
    }

    #[test]
    fn missing_manifest_says_the_directory_is_incomplete() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_manifest(dir.path()).unwrap_err();
        assert!(matches!(e, ManifestError::Missing { .. }));
        assert!(e.to_string().contains("not a complete output"), "{e}");
    }

    #[test]
    fn a_deleted_file_is_named() {
        let (dir, _) = dir_with_manifest();
        std::fs::remove_file(dir.path().join("runs/r1.csv")).unwrap();
        let e = read_manifest(dir.path()).unwrap_err();
        assert!(matches!(e, ManifestError::FileMissing { .. }), "{e}");
        assert!(e.to_string().contains("r1.csv"), "{e}");
    }

    #[test]
    fn a_truncated_file_is_caught_by_its_size_and_an_edited_one_by_its_hash() {
        let (dir, m) = dir_with_manifest();
        std::fs::write(dir.path().join("b.csv"), "x\n").unwrap();
        let e = read_manifest(dir.path()).unwrap_err().to_string();
        assert!(e.contains("2 bytes, the manifest says 4"), "{e}");
        assert!(e.contains(&m.run_id), "{e}");
        std::fs::write(dir.path().join("b.csv"), "x\n2\n").unwrap();
        let e = read_manifest(dir.path()).unwrap_err().to_string();
        assert!(e.contains("SHA-256"), "{e}");
    }

    #[test]
    fn a_broken_manifest_is_refused_in_words() {
        let (dir, _) = dir_with_manifest();
        std::fs::write(dir.path().join(MANIFEST), "{\"kind\": 3}").unwrap();
        let e = read_manifest(dir.path()).unwrap_err().to_string();
        assert!(e.contains("not a chistka manifest (line 1: "), "{e}");
        let evil = "{\"chistka_version\":\"0\",\"kind\":\"run\",\"run_id\":\"0\",\"scenario\":\"s\",\
                    \"scenario_hash\":\"h\",\"seed\":1,\"scale\":1.0,\"files\":[{\"name\":\"../x\",\
                    \"bytes\":0,\"sha256\":\"\"}]}";
        std::fs::write(dir.path().join(MANIFEST), evil).unwrap();
        let e = read_manifest(dir.path()).unwrap_err().to_string();
        assert!(e.contains("leaves the directory"), "{e}");
    }
}
