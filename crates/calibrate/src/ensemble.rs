//! Runs of one scenario over a set of seeds, in parallel on a caller's rayon pool; each run keeps
//! only its annual table and its summary (the world itself is dropped at once).

use std::collections::BTreeMap;

use chistka_model::params::Params;
use chistka_model::sim::{self, Quiet, RunOptions};
use chistka_model::summary::{self, Value};
use chistka_output::Table;
use rayon::prelude::*;

use crate::Error;
use crate::targets::{Kind, Target};

/// The first seed of a seed set: the default seed of `chistka run`.
pub const FIRST_SEED: u64 = 1937;

/// The seed set of `n` runs: 1937, 1938, ...
pub fn seeds(n: usize) -> Vec<u64> {
    (0..n as u64).map(|i| FIRST_SEED + i).collect()
}

/// What one run leaves for comparison.
#[derive(Debug, Clone)]
pub struct RunOutputs {
    /// The seed.
    pub seed: u64,
    /// `annual.csv`.
    pub annual: Table,
    /// `summary.json`, nested tables flattened to `table.key`.
    pub summary: BTreeMap<String, f64>,
}

impl RunOutputs {
    /// The model's value for a target, or `None` if a column, year or key is missing.
    pub fn value(&self, target: &Target) -> Option<f64> {
        match &target.kind {
            Kind::Annual { column, from, to } => (*from..=*to)
                .map(|y| self.annual.get(&y.to_string(), column))
                .sum(),
            Kind::Summary { keys } => keys.iter().map(|k| self.summary.get(k).copied()).sum(),
        }
    }
}

/// Runs `params` once per seed at `scale` on `pool`, in seed order.
///
/// # Errors
/// [`Error::Run`] if a run cannot be built (a bug in the embedded data).
pub fn run(
    pool: &rayon::ThreadPool,
    params: &Params,
    seeds: &[u64],
    scale: f64,
) -> Result<Vec<RunOutputs>, Error> {
    pool.install(|| {
        seeds
            .par_iter()
            .map(|&seed| {
                let world = sim::run(params.clone(), RunOptions { scale, seed }, &mut Quiet)
                    .map_err(|e| Error::Run(e.to_string()))?;
                let mut flat = BTreeMap::new();
                for (k, v) in summary::summary(&world) {
                    match v {
                        Value::Number(x) => {
                            flat.insert(k, x);
                        }
                        Value::Table(t) => {
                            for (inner, x) in t {
                                flat.insert(format!("{k}.{inner}"), x);
                            }
                        }
                    }
                }
                Ok(RunOutputs {
                    seed,
                    annual: chistka_output::annual(&world),
                    summary: flat,
                })
            })
            .collect()
    })
}
