//! Output files of a run (the output contract of the model brief):
//!
//! - `annual.csv`: one row per calendar year, the contract's columns exactly;
//! - `monthly.csv`, `daily.csv`: every flow by period, arrests by cause, stocks at period start;
//! - `summary.json`: headline figures (full-scale equivalents);
//! - `run.json`: what produced the files;
//! - on request, `cases.sqlite` (the case archive, [`cases`]) and `accusations.graphml` (the
//!   accusation network, [`graphml`]).
//!
//! Every file is written to a temporary file in the output directory and renamed into place, so
//! an interrupted run never leaves a half-written file under a final name.

#[cfg(feature = "archive")]
mod atomic;
#[cfg(feature = "archive")]
pub mod cases;
#[cfg(feature = "archive")]
pub mod graphml;
#[cfg(feature = "parquet")]
pub mod parquet;
mod tables;

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
pub use tables::{Table, annual, daily, monthly};

/// Errors writing outputs.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
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
}

/// The file format of the period tables (`annual`, `monthly`, `daily`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// `.csv`, counts rounded to whole full-scale people.
    #[default]
    Csv,
    /// `.parquet` (cargo feature `parquet`): typed columns, the same values (see [`parquet`]).
    Parquet,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Parquet => "parquet",
        }
    }

    /// Parses `csv` or `parquet`.
    ///
    /// # Errors
    /// [`OutputError::Table`] saying what was expected.
    pub fn parse(text: &str) -> Result<Format, OutputError> {
        match text {
            "csv" => Ok(Format::Csv),
            "parquet" => Ok(Format::Parquet),
            other => Err(OutputError::Table(format!(
                "unknown format `{other}`: expected `csv` or `parquet`"
            ))),
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

#[cfg(feature = "archive")]
/// Writes one period table at `path` in `format`.
///
/// # Errors
/// As [`write_all_as`].
pub fn write_table(path: &Path, table: &Table, format: Format) -> Result<(), OutputError> {
    match format {
        Format::Csv => write_atomic(path, table.to_csv().as_bytes()),
        #[cfg(feature = "parquet")]
        Format::Parquet => parquet::write_table(path, table),
        #[cfg(not(feature = "parquet"))]
        Format::Parquet => Err(OutputError::Table(
            "this build of chistka has no Parquet support (cargo feature `parquet`)".into(),
        )),
    }
}

/// Counts as whole numbers, shares with six decimals.
fn round_json(x: f64) -> f64 {
    if x.abs() >= 10.0 {
        x.round()
    } else {
        (x * 1e6).round() / 1e6
    }
}

/// Writes every output file of a run into `dir` (created if needed).
///
/// Only with the `archive` feature (the default).
///
/// # Errors
/// [`OutputError::Io`] naming the file that could not be written.
#[cfg(feature = "archive")]
pub fn write_all(dir: &Path, world: &World, info: &RunInfo) -> Result<(), OutputError> {
    write_all_as(dir, world, info, Format::Csv)
}

#[cfg(feature = "archive")]
/// As [`write_all`], with the period tables in `format`.
///
/// # Errors
/// As [`write_all`]; [`OutputError::Table`] if Parquet is asked of a build without it.
pub fn write_all_as(
    dir: &Path,
    world: &World,
    info: &RunInfo,
    format: Format,
) -> Result<(), OutputError> {
    RunTables::of(world).write(dir, info, format)
}

/// The tables and summary of a finished run: everything [`write_all`] writes but `run.json`,
/// kept without the world (a few hundred kilobytes instead of the whole population).
#[derive(Debug, Clone)]
pub struct RunTables {
    /// By year ([`annual`]).
    pub annual: Table,
    /// By month ([`monthly`]).
    pub monthly: Table,
    /// By day ([`daily`]).
    pub daily: Table,
    /// `summary.json` ([`summary_json`]).
    pub summary: serde_json::Value,
}

impl RunTables {
    /// The tables of `world`.
    pub fn of(world: &World) -> RunTables {
        RunTables {
            annual: annual(world),
            monthly: monthly(world),
            daily: daily(world),
            summary: summary_json(world),
        }
    }

    #[cfg(feature = "archive")]
    /// Writes the output files into `dir` (created if needed): the period tables in `format`,
    /// `summary.json` and `run.json`.
    ///
    /// # Errors
    /// As [`write_all_as`].
    pub fn write(&self, dir: &Path, info: &RunInfo, format: Format) -> Result<(), OutputError> {
        std::fs::create_dir_all(dir).map_err(|source| OutputError::Io {
            path: dir.into(),
            source,
        })?;
        for (name, table) in [
            ("annual", &self.annual),
            ("monthly", &self.monthly),
            ("daily", &self.daily),
        ] {
            write_table(
                &dir.join(format!("{name}.{}", format.extension())),
                table,
                format,
            )?;
        }
        let summary = serde_json::to_string_pretty(&self.summary).unwrap_or_default() + "\n";
        write_atomic(&dir.join("summary.json"), summary.as_bytes())?;
        let run = serde_json::to_string_pretty(info).unwrap_or_default() + "\n";
        write_atomic(&dir.join("run.json"), run.as_bytes())?;
        Ok(())
    }
}
