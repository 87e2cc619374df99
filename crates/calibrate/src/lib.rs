//! Targets, validation and calibration of chistka scenarios against the record.
//!
//! - [`targets`]: target sets, machine-readable (`data/targets_archival.csv`,
//!   `data/targets_textbook.csv`, embedded; or a user's file), read with line-numbered errors.
//! - [`ensemble`]: runs a scenario over a set of seeds in parallel (a local rayon pool) and keeps
//!   each run's annual table and summary.
//! - [`stats`]: for each target the model's mean, 5-95% band, relative error, whether it is
//!   within tolerance, and the calibration loss.
//! - [`fit`]: the calibration loop (Nelder-Mead from `argmin` over bounded parameters, with a log
//!   that lets an interrupted calibration resume).
//! - [`svg`]: a chart per series, the model's band against the record.
//!
//! ```no_run
//! use chistka_calibrate::{ensemble, stats, targets};
//! let scenario = chistka_scenario::embedded("great-purge").unwrap();
//! let set = targets::embedded("archival").unwrap();
//! let pool = rayon::ThreadPoolBuilder::new().build().unwrap();
//! let runs = ensemble::run(&pool, &scenario.params, &ensemble::seeds(10), 0.01).unwrap();
//! for row in stats::compare(&set, &runs) {
//!     println!("{} {} {:.3}", row.target.name, row.mean, row.relative_error);
//! }
//! ```

pub mod ensemble;
pub mod fit;
pub mod stats;
pub mod svg;
pub mod targets;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A target file is malformed.
    #[error("{file}:{line}: {message}")]
    Targets {
        /// The file (or embedded set).
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A target set name that is neither embedded nor a file.
    #[error("cannot read targets `{0}`: {1}")]
    TargetsIo(String, std::io::Error),
    /// A run failed (a bug in the embedded data).
    #[error("run failed: {0}")]
    Run(String),
    /// A parameter could not be set.
    #[error(transparent)]
    Scenario(#[from] chistka_scenario::ScenarioError),
    /// A calibration's parameters or bounds are wrong.
    #[error("{0}")]
    Params(String),
    /// The calibration log cannot be read or written, or belongs to another calibration.
    #[error("calibration log {path}: {message}")]
    Log {
        /// The log file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The optimiser failed.
    #[error("optimiser: {0}")]
    Optimiser(String),
}
