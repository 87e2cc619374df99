//! Everything chistka does over many runs: the questions a single run cannot answer.
//!
//! - [`ensemble`]: many seeds of one scenario, appended to `runs.csv` run by run (resumable),
//!   summarised as [`bands`] (mean and the 5th, 50th and 95th percentiles);
//! - [`sweep`]: a grid or a Latin hypercube over scenario parameters, resumable;
//! - [`compare`]: two scenarios on the same seeds (common random numbers), differences with bands;
//! - [`attribute`]: each mechanism's Shapley share of the arrests and executions of 1937-38, beside
//!   the shares by cause that the provenance of each arrest gives directly;
//! - [`targets`] and [`validate`]: target sets read with line-numbered errors, and the model's
//!   mean, band and relative error against each, written as `validate.csv`;
//! - [`calibrate`]: a Nelder-Mead fit of named parameters to a target set, resumable;
//! - [`abc`]: approximate Bayesian computation by sequential Monte Carlo over competing
//!   hypotheses, generic in the simulator: model probabilities and parameter posteriors,
//!   resumable;
//! - [`outputs`]: the files each experiment's directory holds and what its manifest records.
//!
//! They share one way to run seeds ([`outcome::run_seeds`], on [`parallel::in_order`]), one
//! quantile ([`bands::quantile_sorted`]), one [`seeds`], one parameter-argument parser
//! ([`spec::ParamSpec`]) and one resumable append-only log ([`log::AppendLog`]).
//!
//! Work runs in the rayon pool the caller passes; results come back in run order, so every
//! output is the same whatever the number of threads. The library prints nothing: progress goes
//! to a callback. Numbers in files are written by [`chistka_format::csv`].
//!
//! ```
//! use chistka_analysis::bands::Bands;
//! let b = Bands::of(&mut [3.0, 1.0, 2.0]).unwrap();
//! assert_eq!((b.mean, b.p50), (2.0, 2.0));
//! assert_eq!(chistka_analysis::seeds(1937, 3).collect::<Vec<_>>(), [1937, 1938, 1939]);
//! ```
#![warn(missing_docs)]

pub mod abc;
pub mod attribute;
pub mod bands;
pub mod calibrate;
pub mod compare;
pub mod counterfactuals;
pub mod ensemble;
pub mod explain;
pub mod hypotheses;
pub mod log;
pub mod outcome;
pub mod outputs;
pub mod parallel;
pub mod recovery;
pub mod runner;
pub mod runs;
pub mod shapley;
pub mod spec;
pub mod sweep;
pub mod targets;
pub mod validate;

use std::path::PathBuf;

/// Told how many units of work are done, and how many there are in all.
pub type Progress<'a> = &'a mut dyn FnMut(u64, u64);

/// Errors of an experiment, each worded for the person who started it.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    /// A scenario, or a scenario with overrides, does not validate.
    #[error(transparent)]
    Scenario(#[from] chistka_scenario::ScenarioError),
    /// The model's embedded data is malformed (a bug).
    #[error(transparent)]
    Data(#[from] chistka_model::census::DataError),
    /// An output file could not be written.
    #[error(transparent)]
    Output(#[from] chistka_output::OutputError),
    /// A file could not be read or written.
    #[error("{}: {}", path.display(), io_words(source))]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A target file is malformed.
    #[error("{file}:{line}: {message}")]
    Targets {
        /// The file (or embedded set).
        file: String,
        /// 1-based line (0 when the problem is not on one line).
        line: usize,
        /// What is wrong and what was expected.
        message: String,
    },
    /// The user's request is malformed (a parameter argument, a count, a scale).
    #[error("{0}")]
    Input(String),
    /// Files of an earlier, different experiment are in the way.
    #[error("{0}")]
    Resume(String),
    /// Runs sent elsewhere (a Dask cluster, through the Python package) did not come back.
    #[error("the runs on the cluster failed: {0}")]
    Remote(String),
    /// A hypothesis file is malformed.
    #[error("{file}:{line}: {message}")]
    Hypothesis {
        /// The file (or embedded hypothesis).
        file: String,
        /// 1-based line (0 when the problem is not on one line).
        line: usize,
        /// What is wrong and what was expected.
        message: String,
    },
    /// The optimiser of a calibration failed.
    #[error("the optimiser failed: {0}")]
    Optimiser(String),
}

impl AnalysisError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| AnalysisError::Io { path, source }
    }
}

/// An I/O error in words, without Rust's `(os error 2)`.
fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "no such file or directory".into(),
        K::PermissionDenied => "permission denied".into(),
        K::AlreadyExists => "already exists".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// The seeds of `runs` runs from `first`: `first, first + 1, ...`.
pub fn seeds(first: u64, runs: usize) -> impl Iterator<Item = u64> + Clone {
    (0..runs as u64).map(move |r| first.wrapping_add(r))
}

/// Checks that an experiment has at least one run.
///
/// # Errors
/// [`AnalysisError::Input`] naming `--runs` when `runs` is 0.
pub fn check_runs(runs: usize, what: &str) -> Result<(), AnalysisError> {
    if runs == 0 {
        Err(AnalysisError::Input(format!(
            "--runs 0: {what} needs at least one run"
        )))
    } else {
        Ok(())
    }
}
