//! A run's output directory: which files it holds, and writing them as one unit.
//!
//! The command line (`chistka run`) and the Python package (`chistka.run(out=...)`) both write
//! through [`write_run`] or [`RunTables::commit`], so their directories hold the same files,
//! the same bytes for the same seed, and a manifest listing every file with its SHA-256.

#[cfg(feature = "archive")]
use std::path::Path;

use chistka_model::world::World;
#[cfg(feature = "archive")]
use serde::Serialize;

use crate::{Format, Table, annual, daily, monthly, summary_json};
#[cfg(feature = "archive")]
use crate::{Manifest, OutputError, RunInfo, Staging, write_atomic, write_cases, write_graphml};

/// The period tables of a run, by file stem (`annual.csv` or `annual.parquet`).
pub const RUN_TABLES: [&str; 3] = ["annual", "monthly", "daily"];

/// Every name a run directory may hold but its manifest: the period tables in either format,
/// `summary.json`, `run.json`, and on request the case archive and the network. Also what a
/// directory written before manifests existed is recognised by.
pub const RUN_FILES: &[&str] = &[
    "annual.csv",
    "monthly.csv",
    "daily.csv",
    "annual.parquet",
    "monthly.parquet",
    "daily.parquet",
    "longrun.csv",
    "longrun_party.csv",
    "longrun.parquet",
    "longrun_party.parquet",
    "summary.json",
    "run.json",
    "cases.sqlite",
    "accusations.graphml",
];

/// What a run writes besides the tables and JSON files, and the tables' format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extras {
    /// `cases.sqlite`, the case archive.
    pub cases: bool,
    /// `accusations.graphml`, the accusation network.
    pub graph: bool,
    /// The format of the period tables.
    pub format: Format,
}

/// The tables and summary of a finished run, kept without the world (a few hundred kilobytes
/// instead of the whole population): what the Python package holds on to after a run.
#[derive(Debug, Clone)]
pub struct RunTables {
    /// By year ([`annual`]).
    pub annual: Table,
    /// By month ([`monthly`]).
    pub monthly: Table,
    /// By day ([`daily`]).
    pub daily: Table,
    /// The headline figures ([`summary_json`]), without the run id.
    pub summary: serde_json::Value,
    /// The long run's tables by file stem (`longrun`, `longrun_party`), for a run past 22 June
    /// 1941 only ([`crate::longrun::tables`]).
    pub longrun: Vec<(&'static str, Table)>,
}

/// `run.json`: the run id first, then what produced the run.
#[cfg(feature = "archive")]
#[derive(Serialize)]
struct RunJson<'a> {
    run_id: String,
    #[serde(flatten)]
    info: &'a RunInfo,
}

impl RunTables {
    /// The tables of `world`.
    pub fn of(world: &World) -> RunTables {
        RunTables {
            annual: annual(world),
            monthly: monthly(world),
            daily: daily(world),
            summary: summary_json(world),
            longrun: crate::longrun::tables(world),
        }
    }

    /// The tables with their file stems, in [`RUN_TABLES`] order.
    pub fn tables(&self) -> [(&'static str, &Table); 3] {
        [
            (RUN_TABLES[0], &self.annual),
            (RUN_TABLES[1], &self.monthly),
            (RUN_TABLES[2], &self.daily),
        ]
    }

    /// The text of `summary.json`: the run id first, then the figures.
    ///
    /// # Errors
    /// [`OutputError::Io`] if the figures cannot be serialised.
    #[cfg(feature = "archive")]
    pub fn summary_text(&self, info: &RunInfo) -> Result<String, OutputError> {
        let mut summary = serde_json::Map::new();
        summary.insert("run_id".into(), info.run_id().into());
        if let serde_json::Value::Object(figures) = &self.summary {
            summary.extend(figures.clone());
        }
        pretty(&summary, Path::new("summary.json"))
    }

    /// The text of `run.json`: the run id first, then what produced the run.
    ///
    /// # Errors
    /// [`OutputError::Io`] if it cannot be serialised.
    #[cfg(feature = "archive")]
    pub fn run_text(info: &RunInfo) -> Result<String, OutputError> {
        let run = RunJson {
            run_id: info.run_id(),
            info,
        };
        pretty(&run, Path::new("run.json"))
    }

    /// Writes the tables in `format`, `summary.json` and `run.json` into `dir` (created if
    /// needed); both JSON files carry the run id. To write a run directory as a unit use
    /// [`RunTables::commit`] or [`write_run`].
    ///
    /// # Errors
    /// [`OutputError::Io`] naming the file that could not be written; [`OutputError::Table`]
    /// if Parquet is asked of a build without it.
    #[cfg(feature = "archive")]
    pub fn write(&self, dir: &Path, info: &RunInfo, format: Format) -> Result<(), OutputError> {
        std::fs::create_dir_all(dir).map_err(|source| OutputError::Io {
            path: dir.into(),
            cause: source,
        })?;
        for (stem, table) in self.tables() {
            write_table(&dir.join(format.file(stem)), table, format)?;
        }
        for (stem, table) in &self.longrun {
            write_table(&dir.join(format.file(stem)), table, format)?;
        }
        write_atomic(
            &dir.join("summary.json"),
            self.summary_text(info)?.as_bytes(),
        )?;
        write_atomic(&dir.join("run.json"), Self::run_text(info)?.as_bytes())?;
        Ok(())
    }

    /// Writes the files into `staging` and puts the directory in place with its manifest, as
    /// [`write_run`] does (without the case archive and network, which need the world).
    ///
    /// # Errors
    /// As [`RunTables::write`] and [`Staging::commit`]; the target is then untouched.
    #[cfg(feature = "archive")]
    pub fn commit(
        &self,
        staging: Staging,
        info: &RunInfo,
        format: Format,
    ) -> Result<Manifest, OutputError> {
        self.write(staging.dir(), info, format)?;
        staging.commit(info.manifest(), RUN_FILES)
    }
}

/// Writes one period table at `path` in `format`, atomically.
///
/// # Errors
/// As [`RunTables::write`].
#[cfg(feature = "archive")]
pub fn write_table(path: &Path, table: &Table, format: Format) -> Result<(), OutputError> {
    match format {
        Format::Csv => write_atomic(path, table.to_csv().as_bytes()),
        #[cfg(feature = "parquet")]
        Format::Parquet => crate::parquet::write_table(path, table),
        #[cfg(not(feature = "parquet"))]
        Format::Parquet => Err(crate::format::no_parquet()),
    }
}

/// Writes the CSV tables, `summary.json` and `run.json` of a run into `dir` (see
/// [`RunTables::write`]).
///
/// # Errors
/// [`OutputError::Io`] naming the file that could not be written.
#[cfg(feature = "archive")]
pub fn write_all(dir: &Path, world: &World, info: &RunInfo) -> Result<(), OutputError> {
    write_all_as(dir, world, info, Format::Csv)
}

/// As [`write_all`], with the period tables in `format`.
///
/// # Errors
/// As [`RunTables::write`].
#[cfg(feature = "archive")]
pub fn write_all_as(
    dir: &Path,
    world: &World,
    info: &RunInfo,
    format: Format,
) -> Result<(), OutputError> {
    RunTables::of(world).write(dir, info, format)
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
    write_all_as(staging.dir(), world, info, extras.format)?;
    if extras.cases {
        write_cases(&staging.dir().join("cases.sqlite"), world, info)?;
    }
    if extras.graph {
        write_graphml(&staging.dir().join("accusations.graphml"), world)?;
    }
    staging.commit(info.manifest(), RUN_FILES)
}

/// Pretty JSON with a final newline.
#[cfg(feature = "archive")]
fn pretty(value: &impl Serialize, file: &Path) -> Result<String, OutputError> {
    serde_json::to_string_pretty(value)
        .map(|s| s + "\n")
        .map_err(|e| OutputError::Io {
            path: file.into(),
            cause: e.into(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_its_name_in_both_formats() {
        for format in [Format::Csv, Format::Parquet] {
            for stem in RUN_TABLES {
                assert!(RUN_FILES.contains(&format.file(stem).as_str()), "{stem}");
            }
        }
    }
}
