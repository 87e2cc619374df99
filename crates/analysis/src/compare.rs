//! Two scenarios on the same seeds (common random numbers): the per-seed differences B - A of
//! the annual and summary figures, with bands.
//!
//! Because every process draws from its own stream, a seed gives the two scenarios the same
//! population and the same draws wherever their mechanisms agree, so the per-seed difference
//! isolates the change and its bands are much narrower than those of two independent ensembles.

use std::collections::HashMap;

use chistka_scenario::Scenario;

use crate::bands::Bands;
use crate::outcome::{RunOutcome, Section, check_scale};
use crate::runner::{Runner, Task};
use chistka_format::csv as num;

use crate::{AnalysisError, Progress, seeds};

/// One figure compared.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareRow {
    /// Annual or summary.
    pub section: Section,
    /// Year, or empty for a summary figure.
    pub period: String,
    /// Column or summary key.
    pub metric: String,
    /// Bands of scenario A over the seeds.
    pub a: Bands,
    /// Bands of scenario B.
    pub b: Bands,
    /// Bands of the per-seed differences B - A.
    pub diff: Bands,
}

/// The comparison of two scenarios.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Name of scenario A.
    pub a_name: String,
    /// Name of scenario B.
    pub b_name: String,
    /// Number of seeds.
    pub runs: usize,
    /// Annual figures (year by year, column by column), then summary figures.
    pub rows: Vec<CompareRow>,
}

/// Runs A and B on seeds `first_seed..first_seed + runs` in `pool` and compares them.
///
/// # Errors
/// A bad scale, zero runs, or a failed run.
pub fn compare(
    a: &Scenario,
    b: &Scenario,
    scale: f64,
    first_seed: u64,
    runs: usize,
    runner: &dyn Runner,
    progress: Progress<'_>,
) -> Result<Comparison, AnalysisError> {
    check_scale(scale)?;
    crate::check_runs(runs, "a comparison")?;
    let seeds: Vec<u64> = seeds(first_seed, runs).collect();
    let mut keys: Vec<Key> = Vec::new();
    // Per figure, the values of A and of B, seed by seed.
    let mut values: HashMap<Key, (Vec<f64>, Vec<f64>)> = HashMap::new();
    progress(0, runs as u64);
    // A and B of each seed one after the other, so that each pair is complete in turn.
    let tasks: Vec<Task<'_>> = seeds
        .iter()
        .flat_map(|&seed| {
            [a, b].map(|scenario| Task {
                scenario,
                scale,
                seed,
                society: None,
            })
        })
        .collect();
    let mut first: Option<RunOutcome> = None;
    runner.run_in_order(&tasks, &mut |t, outcome| {
        let Some(oa) = first.take() else {
            first = Some(outcome);
            return Ok(());
        };
        let (r, ob) = (t / 2, outcome);
        let fa = figures(&oa);
        let fb: HashMap<_, _> = figures(&ob).into_iter().collect();
        for (key, va) in fa {
            let vb = fb.get(&key).copied().unwrap_or(0.0);
            let entry = values.entry(key.clone()).or_insert_with(|| {
                keys.push(key);
                (Vec::new(), Vec::new())
            });
            entry.0.push(va);
            entry.1.push(vb);
        }
        progress(r as u64 + 1, runs as u64);
        Ok::<(), AnalysisError>(())
    })?;
    let rows = keys
        .into_iter()
        .filter_map(|key| {
            let (mut va, mut vb) = values.remove(&key)?;
            let mut d: Vec<f64> = vb.iter().zip(&va).map(|(b, a)| b - a).collect();
            Some(CompareRow {
                a: Bands::of(&mut va)?,
                b: Bands::of(&mut vb)?,
                diff: Bands::of(&mut d)?,
                section: key.0,
                period: key.1,
                metric: key.2,
            })
        })
        .collect();
    Ok(Comparison {
        a_name: a.name.clone(),
        b_name: b.name.clone(),
        runs,
        rows,
    })
}

/// (section, period, metric)
type Key = (Section, String, String);

fn figures(o: &RunOutcome) -> Vec<(Key, f64)> {
    o.records()
        .filter(|(s, ..)| *s != Section::Monthly)
        .map(|(s, p, m, v)| ((s, p.to_string(), m.to_string()), v))
        .collect()
}

impl Comparison {
    /// `comparison.csv`: `section, period, metric`, the means of A and B, then the mean, p05,
    /// p50 and p95 of the per-seed differences B - A.
    pub fn to_csv(&self) -> String {
        let mut text = String::from(
            "section,period,metric,a_mean,b_mean,diff_mean,diff_p05,diff_p50,diff_p95\n",
        );
        for r in &self.rows {
            let d = r.diff.fields();
            text.push_str(&format!(
                "{},{},{},{},{},{}\n",
                r.section.name(),
                r.period,
                r.metric,
                num(r.a.mean),
                num(r.b.mean),
                d.join(",")
            ));
        }
        text
    }

    /// A figure by section, period and metric.
    pub fn row(&self, section: Section, period: &str, metric: &str) -> Option<&CompareRow> {
        self.rows
            .iter()
            .find(|r| r.section == section && r.period == period && r.metric == metric)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_compared_with_itself_differs_by_nothing() {
        let s = chistka_scenario::embedded("great-purge").unwrap_or_else(|e| panic!("{e}"));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let c =
            compare(&s, &s, 0.0002, 5, 2, &pool, &mut |_, _| {}).unwrap_or_else(|e| panic!("{e}"));
        assert!(c.rows.len() > 50);
        for r in &c.rows {
            assert_eq!(
                (r.diff.mean, r.diff.p05, r.diff.p95),
                (0.0, 0.0, 0.0),
                "{r:?}"
            );
            assert_eq!(r.a, r.b);
        }
        let arrests = c
            .row(Section::Summary, "", "arrests_1937_1938")
            .unwrap_or_else(|| panic!("no row"));
        assert!(arrests.a.mean > 0.0);
        assert!(c.to_csv().starts_with("section,period,metric,a_mean,b_mean,diff_mean,diff_p05,diff_p50,diff_p95\nannual,1934,arrests,"));
    }
}
