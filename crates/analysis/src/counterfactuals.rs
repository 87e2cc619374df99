//! The counterfactuals under each fitted hypothesis: for the posterior-predictive runs of
//! [`crate::explain`], the same particle and seed (common random numbers) with one event or
//! mechanism changed as in the shipped counterfactual scenarios (no Kirov murder, no torture, no
//! denunciation, the halt on 1 December 1937), and the difference in the arrests and executions
//! of 1937-38 with its 5-95% band over the runs, whatever it turns out to be.

use chistka_scenario::{Scenario, dotted};

use crate::AnalysisError as Error;

/// The shipped counterfactuals, in report order.
pub const NAMES: [&str; 4] = ["no-kirov", "no-torture", "no-denunciation", "early-halt"];

/// The figures compared.
pub const METRICS: [&str; 2] = ["arrests_1937_1938", "executions_1937_1938"];

/// What a counterfactual scenario changes from the one it extends: its leaves, without its name.
///
/// # Errors
/// [`Error::Input`] for an unknown counterfactual.
pub fn changes(name: &str) -> Result<Vec<(String, toml::Value)>, Error> {
    let text = chistka_scenario::embedded_text(name)
        .ok_or_else(|| Error::Input(format!("no embedded counterfactual `{name}`")))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e| Error::Input(format!("{name} (embedded): {e}")))?;
    Ok(dotted::leaves(&table)
        .into_iter()
        .filter(|(k, _)| !matches!(k.as_str(), "extends" | "name" | "description"))
        .collect())
}

/// `scenario` with the changes of counterfactual `name`.
///
/// # Errors
/// As [`changes`], and a scenario error if the changes do not apply.
pub fn apply(scenario: &Scenario, name: &str) -> Result<Scenario, Error> {
    Ok(chistka_scenario::with_overrides(scenario, &changes(name)?)?)
}

/// One counterfactual under one hypothesis, for one metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// Hypothesis index.
    pub hypothesis: usize,
    /// Counterfactual name.
    pub counterfactual: &'static str,
    /// Metric name.
    pub metric: &'static str,
    /// Mean of the factual runs.
    pub base: f64,
    /// Mean of the counterfactual runs.
    pub mean: f64,
    /// Mean difference (counterfactual − factual).
    pub diff: f64,
    /// 5th percentile of the per-run differences.
    pub p05: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// One predictive run: its hypothesis, the factual metrics, and one entry per counterfactual of
/// its metrics (in the order of [`NAMES`] and [`METRICS`]).
pub type Paired = (usize, Vec<f64>, Vec<Vec<f64>>);

/// The differences from paired runs.
pub fn differences(pairs: &[Paired], hypotheses: usize) -> Vec<Difference> {
    let mut out = Vec::new();
    for m in 0..hypotheses {
        let runs: Vec<&Paired> = pairs.iter().filter(|p| p.0 == m).collect();
        if runs.is_empty() {
            continue;
        }
        for (c, name) in NAMES.iter().enumerate() {
            for (k, metric) in METRICS.iter().enumerate() {
                let base: Vec<f64> = runs.iter().map(|r| r.1[k]).collect();
                let other: Vec<f64> = runs.iter().map(|r| r.2[c][k]).collect();
                let mut d: Vec<f64> = base.iter().zip(&other).map(|(a, b)| b - a).collect();
                d.sort_by(f64::total_cmp);
                let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
                out.push(Difference {
                    hypothesis: m,
                    counterfactual: name,
                    metric,
                    base: mean(&base),
                    mean: mean(&other),
                    diff: mean(&d),
                    p05: crate::bands::quantile_sorted(&d, 0.05),
                    p95: crate::bands::quantile_sorted(&d, 0.95),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_counterfactual_changes_what_its_file_says() {
        let base = chistka_scenario::embedded("great-purge").unwrap();
        let s = apply(&base, "no-kirov").unwrap();
        assert!(!s.params.timeline["kirov"].enabled);
        let s = apply(&base, "no-denunciation").unwrap();
        assert!(!s.params.denunciation.enabled);
        let s = apply(&base, "early-halt").unwrap();
        assert_ne!(s.params.halt.date, base.params.halt.date);
        let s = apply(&base, "no-torture").unwrap();
        assert!(s.params.interrogation.torture_from > base.params.interrogation.torture_from);
        assert!(apply(&base, "no-such").is_err());
    }

    #[test]
    fn differences_are_paired_by_run() {
        // Two runs of hypothesis 0: factual [10, 5], [20, 7]; every counterfactual halves them.
        let cf = |a: f64, b: f64| vec![vec![a / 2.0, b / 2.0]; NAMES.len()];
        let pairs = vec![
            (0, vec![10.0, 5.0], cf(10.0, 5.0)),
            (0, vec![20.0, 7.0], cf(20.0, 7.0)),
        ];
        let d = differences(&pairs, 2);
        assert_eq!(d.len(), NAMES.len() * METRICS.len());
        assert_eq!(d[0].base, 15.0);
        assert_eq!(d[0].mean, 7.5);
        assert_eq!(d[0].diff, -7.5);
        assert_eq!(
            (d[0].p05, d[0].p95),
            (-10.0 + 0.05 * 5.0, -10.0 + 0.95 * 5.0)
        );
    }
}
