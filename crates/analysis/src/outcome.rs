//! What an experiment keeps of one run: the annual and monthly tables and the summary figures,
//! small enough to hold for many runs, without the world they came from.

use chistka_model::sim::{self, Quiet, RunOptions};
use chistka_model::summary::{Value, summary};
use chistka_model::world::World;
use chistka_output::{Table, annual, monthly};
use chistka_scenario::Scenario;

use crate::AnalysisError;

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

/// Checks a population scale given by a user.
///
/// # Errors
/// [`AnalysisError::Input`] unless 0 < scale <= 1.
pub fn check_scale(scale: f64) -> Result<(), AnalysisError> {
    if scale > 0.0 && scale <= 1.0 {
        Ok(())
    } else {
        Err(AnalysisError::Input(format!(
            "the scale must be in (0, 1], found {scale}"
        )))
    }
}
