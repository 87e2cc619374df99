//! Where an experiment's simulations run: the seam between the experiments and the workers.
//!
//! Every experiment reduces to a list of [`Task`]s (a scenario, with its overrides applied, a
//! scale and a seed) whose [`RunOutcome`]s it folds, in task order, into its files. A [`Runner`]
//! carries the tasks out and hands the outcomes back in that order. The local runner is a rayon
//! thread pool (`&pool` coerces to `&dyn Runner`); the Python package adds one that maps the
//! tasks over a Dask cluster. Because the fold is the same code and a run depends only on its
//! task, the files are the same bytes wherever the runs went.

use chistka_scenario::Scenario;

use crate::AnalysisError;
use crate::outcome::{RunOutcome, run_task};

/// One simulation: a validated scenario, a population scale, a seed, and where its synthetic
/// people come from.
#[derive(Debug, Clone, Copy)]
pub struct Task<'a> {
    /// The scenario (overrides already applied).
    pub scenario: &'a Scenario,
    /// Population scale.
    pub scale: f64,
    /// The run's seed.
    pub seed: u64,
    /// `None`: the run draws its society from its own seed (`chistka run --seed S`). `Some(s)`:
    /// it runs on the society of its scenario's structure drawn from seed `s`
    /// ([`crate::outcome::shared_society`]), shared with every task of the same structure and
    /// scale naming `s`. Tasks of other structures each get theirs from `s` too, but only one
    /// society is kept at a time, so an experiment should not interleave structures.
    pub society: Option<u64>,
}

/// Told each outcome with its task's index, in index order; an error stops the runs.
pub type Sink<'a> = &'a mut dyn FnMut(usize, RunOutcome) -> Result<(), AnalysisError>;

/// Carries out simulations and hands their outcomes back in task order.
pub trait Runner: Sync {
    /// Runs `tasks`, calling `sink` with each outcome in index order as soon as it and all
    /// before it are done.
    ///
    /// # Errors
    /// The first error in index order, from a run or from `sink`.
    fn run_in_order(&self, tasks: &[Task<'_>], sink: Sink<'_>) -> Result<(), AnalysisError>;

    /// How many runs go at once (recorded in the experiments' manifests).
    fn workers(&self) -> usize;
}

impl Runner for rayon::ThreadPool {
    fn run_in_order(&self, tasks: &[Task<'_>], sink: Sink<'_>) -> Result<(), AnalysisError> {
        crate::parallel::in_order(self, tasks.len(), |i| run_task(&tasks[i]), sink)
    }

    fn workers(&self) -> usize {
        self.current_num_threads()
    }
}
