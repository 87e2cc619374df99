//! What an experiment keeps of one run: the annual and monthly tables and the summary figures,
//! small enough to hold for many runs, without the world they came from.

use chistka_model::census::{CENSUS_1937_POPULATION, Census};
use chistka_model::sim::{self, Quiet, RunOptions};
use chistka_model::society::Society;
use chistka_model::summary::{Value, summary};
use chistka_model::world::World;
use chistka_output::{Table, annual, monthly};
use chistka_scenario::Scenario;

use crate::{AnalysisError, Progress};

/// Which table a figure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    /// One row per calendar year.
    Annual,
    /// One row per month.
    Monthly,
    /// The summary figures (no period).
    Summary,
}

impl Section {
    /// Its name in files.
    pub fn name(self) -> &'static str {
        match self {
            Section::Annual => "annual",
            Section::Monthly => "monthly",
            Section::Summary => "summary",
        }
    }

    /// The section with this name.
    pub fn parse(s: &str) -> Option<Section> {
        [Section::Annual, Section::Monthly, Section::Summary]
            .into_iter()
            .find(|x| x.name() == s)
    }
}

/// The figures of one run (full-scale equivalents).
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    /// The run's seed.
    pub seed: u64,
    /// `annual.csv` as a table.
    pub annual: Table,
    /// `monthly.csv` as a table.
    pub monthly: Table,
    /// The summary, flattened: a table entry `arrests_by_cause` / `quota` becomes
    /// `arrests_by_cause.quota`; sorted by key.
    pub summary: Vec<(String, f64)>,
}

impl RunOutcome {
    /// The figures of a finished run.
    pub fn from_world(seed: u64, world: &World) -> RunOutcome {
        let mut flat = Vec::new();
        for (key, value) in summary(world) {
            match value {
                Value::Number(x) => flat.push((key, x)),
                Value::Table(t) => {
                    flat.extend(t.into_iter().map(|(k, x)| (format!("{key}.{k}"), x)))
                }
            }
        }
        flat.sort_by(|a, b| a.0.cmp(&b.0));
        RunOutcome {
            seed,
            annual: annual(world),
            monthly: monthly(world),
            summary: flat,
        }
    }

    /// A summary figure by its flattened key.
    pub fn summary_value(&self, key: &str) -> Option<f64> {
        self.summary.iter().find(|(k, _)| k == key).map(|&(_, v)| v)
    }

    /// Every figure as (section, period, metric, value): the annual and monthly tables row by
    /// row, column by column, then the summary (period empty).
    pub fn records(&self) -> impl Iterator<Item = (Section, &str, &str, f64)> {
        fn table(section: Section, t: &Table) -> impl Iterator<Item = (Section, &str, &str, f64)> {
            t.rows.iter().flat_map(move |(period, values)| {
                t.columns[1..]
                    .iter()
                    .zip(values)
                    .map(move |(c, &v)| (section, period.as_str(), c.as_str(), v))
            })
        }
        let annual = table(Section::Annual, &self.annual);
        let monthly = table(Section::Monthly, &self.monthly);
        annual.chain(monthly).chain(
            self.summary
                .iter()
                .map(|(k, v)| (Section::Summary, "", k.as_str(), *v)),
        )
    }

    /// Sum of a monthly column over the months of the calendar years `from..=to`.
    pub fn monthly_sum(&self, column: &str, from: i32, to: i32) -> f64 {
        let Some(c) = self.monthly.columns.iter().position(|n| n == column) else {
            return 0.0;
        };
        self.monthly
            .rows
            .iter()
            .filter(|(month, _)| {
                month
                    .get(..4)
                    .and_then(|y| y.parse::<i32>().ok())
                    .is_some_and(|y| (from..=to).contains(&y))
            })
            .filter_map(|(_, v)| v.get(c - 1))
            .sum()
    }
}

/// Runs `scenario` once for each seed, in parallel on `pool`, and keeps the figures of each run
/// in seed order: the one way every experiment runs its seeds.
///
/// # Errors
/// [`AnalysisError::Data`] if the model's embedded data is malformed (a bug).
pub fn run_seeds(
    runner: &dyn crate::runner::Runner,
    scenario: &Scenario,
    scale: f64,
    seeds: &[u64],
    progress: Progress<'_>,
) -> Result<Vec<RunOutcome>, AnalysisError> {
    check_scale(scale)?;
    let mut out = Vec::with_capacity(seeds.len());
    let total = seeds.len() as u64;
    progress(0, total);
    let tasks: Vec<crate::runner::Task<'_>> = seeds
        .iter()
        .map(|&seed| crate::runner::Task {
            scenario,
            scale,
            seed,
            society: None,
        })
        .collect();
    runner.run_in_order(&tasks, &mut |i, o| {
        out.push(o);
        progress(i as u64 + 1, total);
        Ok(())
    })?;
    Ok(out)
}

/// Runs `scenario` once, on the current thread's rayon pool, and keeps its figures.
///
/// # Errors
/// [`AnalysisError::Data`] if the model's embedded data is malformed (a bug).
pub fn run_one(scenario: &Scenario, scale: f64, seed: u64) -> Result<RunOutcome, AnalysisError> {
    let world = sim::run(
        scenario.params.clone(),
        RunOptions { scale, seed },
        &mut Quiet,
    )?;
    Ok(RunOutcome::from_world(seed, &world))
}

/// Where the runs of an experiment get their synthetic society (the people drawn from the
/// census, their ties and institutions: [`chistka_model::society`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Societies {
    /// Each run draws its own from its seed: a run is `chistka run --seed S`, byte for byte.
    Own,
    /// One society, drawn once from the experiment's seed, hosts every run that fits it; each
    /// run starts from a copy and differs only in its dynamics. Faster (no population build per
    /// run) and with less noise between parameter values (the population is common to all),
    /// at the price of conditioning on one synthetic population.
    Shared,
}

impl Societies {
    /// Parses `own` or `shared`.
    ///
    /// # Errors
    /// [`AnalysisError::Input`] naming the two choices.
    pub fn parse(text: &str) -> Result<Self, AnalysisError> {
        match text.trim() {
            "own" => Ok(Societies::Own),
            "shared" => Ok(Societies::Shared),
            other => Err(AnalysisError::Input(format!(
                "society {other:?} (--society on the command line): expected `own` (each run \
                 draws its own population from its seed) or `shared` (one population, drawn \
                 once, hosts every run)"
            ))),
        }
    }

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Societies::Own => "own",
            Societies::Shared => "shared",
        }
    }

    /// How the manifests name it for an experiment whose shared society is drawn from `seed`:
    /// `own`, or `shared:SEED`.
    pub fn label(self, seed: u64) -> String {
        match self {
            Societies::Own => "own".into(),
            Societies::Shared => format!("shared:{seed}"),
        }
    }
}

/// Runs one [`Task`](crate::runner::Task): on a society of its own, or on a copy of the shared
/// society its [`society`](crate::runner::Task::society) seed names ([`shared_society`]). A pure
/// function of the task, whichever thread or process runs it.
///
/// # Errors
/// As [`run_one`].
pub fn run_task(task: &crate::runner::Task<'_>) -> Result<RunOutcome, AnalysisError> {
    match task.society {
        None => run_one(task.scenario, task.scale, task.seed),
        Some(society) => {
            let shared = shared_society(&task.scenario.params, task.scale, society);
            run_in(&shared, task.scenario, task.seed)
        }
    }
}

/// The last shared society drawn in this process, kept for the runs that follow it.
static SHARED: std::sync::Mutex<Option<std::sync::Arc<Society>>> = std::sync::Mutex::new(None);

/// The society of `params`' structure at `scale` drawn from `seed`: built once and kept, so
/// that the runs of an experiment on a shared society (each with a task naming it) build it
/// once per process, whether they run on the local threads or on a Dask worker. It is a pure
/// function of its arguments, so a cached copy is the same people as a fresh build.
///
/// One society is kept at a time (a new one replaces it); [`release_shared_society`] frees it
/// when an experiment ends. A thread asking while another builds waits for that build rather
/// than drawing the same people twice.
pub fn shared_society(
    params: &chistka_model::params::Params,
    scale: f64,
    seed: u64,
) -> std::sync::Arc<Society> {
    // A panic in another run while it held the lock leaves nothing half-built behind (the slot
    // is written only with a finished society), so the poisoned value is still sound.
    let mut slot = SHARED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(s) = slot.as_ref()
        && s.seed() == seed
        && s.fits(params, scale)
    {
        return std::sync::Arc::clone(s);
    }
    // Drop the old one before drawing the new: never two populations in memory at once.
    *slot = None;
    let built = std::sync::Arc::new(Society::build(params, scale, seed));
    *slot = Some(std::sync::Arc::clone(&built));
    built
}

/// Frees the shared society kept by [`shared_society`], if any (the runs still holding it
/// keep it alive until they end).
pub fn release_shared_society() {
    let mut slot = SHARED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    *slot = None;
}

/// Runs `scenario` with `seed` from a copy of `society`, or on a society of its own when
/// `society` does not fit the scenario (a scenario that changes the census, the population's
/// structure, the army's or the nomenklatura's tables or the rotation of posts).
///
/// # Errors
/// As [`run_one`].
pub fn run_in(
    society: &Society,
    scenario: &Scenario,
    seed: u64,
) -> Result<RunOutcome, AnalysisError> {
    if !society.fits(&scenario.params, society.scale()) {
        return run_one(scenario, society.scale(), seed);
    }
    let world = sim::execute_in(society, scenario.params.clone(), seed, &mut Quiet);
    Ok(RunOutcome::from_world(seed, &world))
}

/// The smallest scale at which the synthetic population still expects at least one person in
/// every republic's towns and in its villages, and at least one in every category of every
/// census dimension (sex, age band, social category, education, nationality) across the union.
/// Below it some regions or categories would simply be missing, and the mechanisms that pick
/// them (the Harbin, Polish or German lines of the national operations, the kulak line of
/// order 00447) would have no one to act on.
///
/// # Errors
/// [`AnalysisError::Data`] if the embedded census is malformed (a bug).
pub fn minimum_scale() -> Result<f64, AnalysisError> {
    let census = Census::embedded()?;
    let places: Vec<(bool, f64)> = census
        .regions
        .iter()
        .flat_map(|r| {
            [
                (true, r.population_share * r.urban_share),
                (false, r.population_share * (1.0 - r.urban_share)),
            ]
        })
        .collect();
    let mut smallest = places.iter().map(|&(_, p)| p).fold(f64::INFINITY, f64::min);
    for d in [
        &census.sex,
        &census.age,
        &census.category,
        &census.education,
        &census.nationality,
    ] {
        for c in 0..d.names.len() {
            let share: f64 = places
                .iter()
                .map(|&(urban, p)| p * d.shares(urban).get(c).copied().unwrap_or(0.0))
                .sum();
            if share > 0.0 {
                smallest = smallest.min(share);
            }
        }
    }
    Ok(1.0 / (CENSUS_1937_POPULATION * smallest))
}

/// Checks a population scale given by a user: at most 1 (everyone), at least
/// [`minimum_scale`].
///
/// # Errors
/// [`AnalysisError::Input`] saying which bound is broken and why.
pub fn check_scale(scale: f64) -> Result<(), AnalysisError> {
    let min = minimum_scale()?;
    if !(scale.is_finite() && scale <= 1.0) {
        return Err(AnalysisError::Input(format!(
            "--scale {scale}: expected a share of the population between {} and 1 (1 simulates \
             all 162.0 million people)",
            chistka_format::sig(min, 2)
        )));
    }
    if scale < min {
        return Err(AnalysisError::Input(format!(
            "--scale {scale}: expected at least {}, the smallest scale at which every republic's \
             towns and villages, and every sex, age band, social category, education and \
             nationality, have at least one simulated person; below it some would not exist",
            chistka_format::sig(min, 2)
        )));
    }
    Ok(())
}
