//! Experiments over many runs of chistka: the questions a single run cannot answer.
//!
//! - [`ensemble`]: many seeds of one scenario, streamed to disk, summarised as bands (mean and
//!   the 5th, 50th and 95th percentiles);
//! - [`sweep`]: a grid or a Latin hypercube over scenario parameters, resumable;
//! - [`compare`]: two scenarios on the same seeds (common random numbers), differences with bands;
//! - [`attribute`]: each mechanism's Shapley share of the arrests and executions of 1937-38, beside
//!   the shares by cause that the provenance of each arrest gives directly.
//!
//! Work runs in the rayon pool the caller installs (see [`parallel::in_order`]); results come
//! back in run order, so every output is the same whatever the number of threads. The library
//! prints nothing: progress goes to a callback.
//!
//! ```
//! use chistka_analysis::bands::Bands;
//! let b = Bands::of(&mut [3.0, 1.0, 2.0]).unwrap();
//! assert_eq!((b.mean, b.p50), (2.0, 2.0));
//! ```

pub mod attribute;
pub mod bands;
pub mod chart;
pub mod compare;
pub mod ensemble;
pub mod outcome;
pub mod parallel;
pub mod shapley;
pub mod sweep;

use std::path::PathBuf;

/// Told how many units of work are done, and how many there are in all.
pub type Progress<'a> = &'a mut dyn FnMut(u64, u64);

/// Errors of an experiment.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    /// A scenario, or a scenario with overrides, does not validate.
    #[error("{0}")]
    Scenario(#[from] chistka_scenario::ScenarioError),
    /// The model's embedded data is malformed (a bug).
    #[error("{0}")]
    Data(#[from] chistka_model::census::DataError),
    /// An output file could not be written.
    #[error("{0}")]
    Output(#[from] chistka_output::OutputError),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The user's request is malformed (a parameter spec, a count).
    #[error("{0}")]
    Input(String),
    /// Files of an earlier, different experiment are in the way.
    #[error("{0}")]
    Resume(String),
}

impl AnalysisError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| AnalysisError::Io { path, source }
    }
}

/// A number as text for the CSV files: rounded to six decimals, shortest form.
pub fn num(x: f64) -> String {
    if x.is_nan() {
        return String::new();
    }
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 { "0".into() } else { format!("{r}") }
}

/// The seeds of `runs` runs from `first`: `first, first + 1, ...`.
pub fn seeds(first: u64, runs: usize) -> impl Iterator<Item = u64> + Clone {
    (0..runs as u64).map(move |r| first.wrapping_add(r))
}
