//! Output files of a run (the output contract of the model brief):
//!
//! - `annual.csv`: one row per calendar year, the contract's columns exactly;
//! - `monthly.csv`, `daily.csv`: every flow by period, arrests by cause, stocks at period start;
//! - `summary.json`: headline figures (full-scale equivalents);
//! - `run.json`: what produced the files;
//! - on request, `cases.sqlite` (the case archive, [`cases`]) and `accusations.graphml` (the
//!   accusation network, [`graphml`]);
//! - with [`Format::Parquet`] (cargo feature `parquet`), `annual.parquet`, `monthly.parquet` and
//!   `daily.parquet` in place of the CSV tables; the experiments keep their CSV tables (the form
//!   they resume from) and add a Parquet copy of each ([`table_copies`]).
//!
//! The directory is one unit ([`mod@unit`]): the files are written into a fresh directory beside
//! the target, [`manifest`] last (names, sizes, SHA-256, run id), and the whole directory then
//! takes the target's place, so an interrupted run never leaves a directory that looks complete
//! and a rerun replaces every file of the previous one.

#[cfg(feature = "archive")]
mod atomic;
#[cfg(feature = "archive")]
pub mod cases;
mod format;
#[cfg(feature = "archive")]
pub mod graphml;
#[cfg(feature = "archive")]
mod in_place;
pub mod longrun;
#[cfg(feature = "archive")]
pub mod manifest;
#[cfg(feature = "parquet")]
pub mod parquet;
mod run_dir;
mod tables;
#[cfg(feature = "archive")]
pub mod unit;

use std::path::PathBuf;

use chistka_model::world::World;
use serde::Serialize;

#[cfg(feature = "archive")]
pub use atomic::{publish, temp_beside, write_atomic};
#[cfg(feature = "archive")]
pub use cases::{CaseCounts, write_cases};
#[cfg(feature = "archive")]
pub use format::table_copies;
pub use format::{Format, parquet_name, with_parquet_names};
#[cfg(feature = "archive")]
pub use graphml::write_graphml;
#[cfg(feature = "archive")]
pub use in_place::InPlace;
#[cfg(feature = "archive")]
pub use manifest::{Manifest, ManifestError, read_manifest, write_manifest};
pub use run_dir::{Extras, RUN_FILES, RUN_TABLES, RunTables};
#[cfg(feature = "archive")]
pub use run_dir::{write_all, write_all_as, write_run, write_table};
pub use tables::{Table, annual, daily, monthly};
#[cfg(feature = "archive")]
pub use unit::{Leftovers, Staging};

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
    /// Parquet encoding failed.
    #[error("cannot write {path}: {message}")]
    Parquet {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A table cannot be converted (a malformed file, or Parquet asked of a build without it).
    #[error("{0}")]
    Table(String),
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
