//! Output files of a run (the output contract of the model brief):
//!
//! - `annual.csv`: one row per calendar year, the contract's columns exactly;
//! - `monthly.csv`, `daily.csv`: every flow by period, arrests by cause, stocks at period start;
//! - `summary.json`: headline figures (full-scale equivalents);
//! - `run.json`: what produced the files;
//! - on request, `cases.sqlite` (the case archive, [`cases`]) and `accusations.graphml` (the
//!   accusation network, [`graphml`]).
//!
//! The directory is one unit ([`mod@unit`]): the files are written into a fresh directory beside
//! the target, [`manifest`] last (names, sizes, SHA-256, run id), and the whole directory then
//! takes the target's place, so an interrupted run never leaves a directory that looks complete
//! and a rerun replaces every file of the previous one.

#[cfg(feature = "archive")]
mod atomic;
#[cfg(feature = "archive")]
pub mod cases;
#[cfg(feature = "archive")]
pub mod graphml;
#[cfg(feature = "archive")]
mod in_place;
#[cfg(feature = "archive")]
pub mod manifest;
mod tables;
#[cfg(feature = "archive")]
pub mod unit;

#[cfg(feature = "archive")]
use std::path::Path;
use std::path::PathBuf;

use chistka_model::world::World;
use serde::Serialize;

#[cfg(feature = "archive")]
pub use atomic::{publish, temp_beside, write_atomic};
#[cfg(feature = "archive")]
pub use cases::{CaseCounts, write_cases};
#[cfg(feature = "archive")]
pub use graphml::write_graphml;
#[cfg(feature = "archive")]
pub use in_place::InPlace;
#[cfg(feature = "archive")]
pub use manifest::{Manifest, ManifestError, read_manifest, write_manifest};
pub use tables::{Table, annual, daily, monthly};
#[cfg(feature = "archive")]
pub use unit::{Leftovers, Staging};

/// The files a run writes (`run.json` and the tables always, the case archive and the network on
/// request): the names a run directory written before manifests existed may hold.
pub const RUN_FILES: &[&str] = &[
    "annual.csv",
    "monthly.csv",
    "daily.csv",
    "summary.json",
    "run.json",
    "cases.sqlite",
    "accusations.graphml",
];

/// Errors writing outputs.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A file could not be written. The reason is part of the message, in words, and not
    /// repeated as a source (an error chain would print it twice).
    #[error("cannot write {path}: {}", io_words(cause))]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
    /// SQLite failed while building the case archive.
    #[cfg(feature = "archive")]
    #[error("cannot write {path}: {source}")]
    Sqlite {
        /// The file.
        path: PathBuf,
        /// Why.
        source: rusqlite::Error,
    },
    /// The output directory holds something a new output must not replace.
    #[error("cannot write the output to {path}: {reason}")]
    NotReplaceable {
        /// The output directory.
        path: PathBuf,
        /// What is there, and what to do.
        reason: String,
    },
}

/// An I/O error in words, without Rust's "(os error 2)".
pub fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "a directory above it does not exist".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::NotADirectory => "a part of the path is a file, not a directory".into(),
        ErrorKind::StorageFull => "the disk is full".into(),
        ErrorKind::ReadOnlyFilesystem => "the file system is read-only".into(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_string()
        }
    }
}

/// What produced a run's files.
#[derive(Debug, Clone, Serialize)]
pub struct RunInfo {
    /// chistka version.
    pub version: String,
    /// Git commit of the build, if known.
    pub git_commit: Option<String>,
    /// Scenario name.
    pub scenario: String,
    /// Hash of the merged scenario TOML (FNV-1a, 64 bit).
    pub scenario_hash: String,
    /// Run seed.
    pub seed: u64,
    /// Population scale.
    pub scale: f64,
    /// Worker threads.
    pub threads: usize,
    /// Wall time of building and simulating, in seconds.
    pub wall_seconds: f64,
    /// Simulated people (elite plus scaled mass population).
    pub people_simulated: usize,
    /// Full-scale people each simulated mass person stands for.
    pub mass_weight: f64,
    /// A reminder that travels with the files.
    pub note: String,
}

#[cfg(feature = "archive")]
impl RunInfo {
    /// The run id (see [`manifest::run_id`]): the same for every file of this run.
    pub fn run_id(&self) -> String {
        manifest::run_id(&self.version, &self.scenario_hash, self.seed, self.scale)
    }

    /// A manifest of kind `run` for this run, without files yet.
    pub fn manifest(&self) -> Manifest {
        Manifest {
            chistka_version: self.version.clone(),
            kind: "run".into(),
            run_id: self.run_id(),
            scenario: self.scenario.clone(),
            scenario_hash: self.scenario_hash.clone(),
            seed: self.seed,
            scale: self.scale,
            files: Vec::new(),
        }
    }
}

/// `run.json`: the run id first, then what produced the run.
#[cfg(feature = "archive")]
#[derive(Serialize)]
struct RunJson<'a> {
    run_id: String,
    #[serde(flatten)]
    info: &'a RunInfo,
}

/// FNV-1a 64-bit hash of a text, as hex: a stable fingerprint of a scenario.
pub fn fingerprint(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("fnv1a64:{h:016x}")
}

/// The summary as JSON.
pub fn summary_json(world: &World) -> serde_json::Value {
    use chistka_model::summary::{Value, summary};
    let mut map = serde_json::Map::new();
    map.insert(
        "note".into(),
        "Full-scale equivalents from a synthetic population: no figure here describes a real person.".into(),
    );
    for (k, v) in summary(world) {
        let json = match v {
            Value::Number(x) => serde_json::json!(round_json(x)),
            Value::Table(t) => serde_json::Value::Object(
                t.into_iter()
                    .map(|(k, x)| (k, serde_json::json!(round_json(x))))
                    .collect(),
            ),
        };
        map.insert(k, json);
    }
    serde_json::Value::Object(map)
}

/// Counts as whole numbers, shares with six decimals.
fn round_json(x: f64) -> f64 {
    if x.abs() >= 10.0 {
        x.round()
    } else {
        (x * 1e6).round() / 1e6
    }
}

/// Writes the tables, `summary.json` and `run.json` of a run into `dir` (created if needed);
/// both JSON files carry the run id. To write a run directory as a unit, pass
/// [`Staging::dir`] and commit with [`RunInfo::manifest`], as [`write_run`] does.
///
/// Only with the `archive` feature (the default).
///
/// # Errors
/// [`OutputError::Io`] naming the file that could not be written.
#[cfg(feature = "archive")]
pub fn write_all(dir: &Path, world: &World, info: &RunInfo) -> Result<(), OutputError> {
    std::fs::create_dir_all(dir).map_err(|source| OutputError::Io {
        path: dir.into(),
        cause: source,
    })?;
    write_atomic(&dir.join("annual.csv"), annual(world).to_csv().as_bytes())?;
    write_atomic(&dir.join("monthly.csv"), monthly(world).to_csv().as_bytes())?;
    write_atomic(&dir.join("daily.csv"), daily(world).to_csv().as_bytes())?;
    let mut summary = serde_json::Map::new();
    summary.insert("run_id".into(), info.run_id().into());
    if let serde_json::Value::Object(figures) = summary_json(world) {
        summary.extend(figures);
    }
    write_atomic(&dir.join("summary.json"), pretty(&summary, dir)?.as_bytes())?;
    let run = RunJson {
        run_id: info.run_id(),
        info,
    };
    write_atomic(&dir.join("run.json"), pretty(&run, dir)?.as_bytes())?;
    Ok(())
}

/// What a run writes besides the tables and JSON files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extras {
    /// `cases.sqlite`, the case archive.
    pub cases: bool,
    /// `accusations.graphml`, the accusation network.
    pub graph: bool,
}

/// Writes a run's files into `staging`, then puts the directory in place with its manifest:
/// the whole previous set is replaced, and a run killed before the end leaves no directory that
/// looks complete.
///
/// # Errors
/// [`OutputError`] naming the file that could not be written; the target is then untouched.
#[cfg(feature = "archive")]
pub fn write_run(
    staging: Staging,
    world: &World,
    info: &RunInfo,
    extras: Extras,
) -> Result<Manifest, OutputError> {
    write_all(staging.dir(), world, info)?;
    if extras.cases {
        write_cases(&staging.dir().join("cases.sqlite"), world, info)?;
    }
    if extras.graph {
        write_graphml(&staging.dir().join("accusations.graphml"), world)?;
    }
    staging.commit(info.manifest(), RUN_FILES)
}

#[cfg(feature = "archive")]
fn pretty(value: &impl Serialize, dir: &Path) -> Result<String, OutputError> {
    serde_json::to_string_pretty(value)
        .map(|s| s + "\n")
        .map_err(|e| OutputError::Io {
            path: dir.into(),
            cause: e.into(),
        })
}
