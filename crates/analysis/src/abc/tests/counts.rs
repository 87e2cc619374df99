//! Model choice between count models, and the output files.

use chistka_engine::streams::Streams;
use rand_distr::{Distribution, Geometric, Poisson};

use super::*;

/// The mean and variance (n − 1) of 50 counts: 0 Poisson(λ), 1 geometric of mean μ, 2
/// Poisson(4) with no free parameter.
pub(super) struct Counts;

impl Simulator for Counts {
    fn simulate(&self, model: usize, theta: &[f64], seed: u64) -> Result<Vec<f64>, AnalysisError> {
        let mut rng = Streams::new(seed).stream(0);
        let bad = |e: String| AnalysisError::Input(e);
        let y: Vec<f64> = match model {
            0 | 2 => {
                let lambda = if model == 2 { 4.0 } else { theta[0] };
                if lambda <= 0.0 {
                    vec![0.0; 50]
                } else {
                    let d = Poisson::new(lambda).map_err(|e| bad(e.to_string()))?;
                    (0..50).map(|_| d.sample(&mut rng)).collect()
                }
            }
            _ => {
                let d = Geometric::new(1.0 / (1.0 + theta[0])).map_err(|e| bad(e.to_string()))?;
                (0..50).map(|_| d.sample(&mut rng) as f64).collect()
            }
        };
        let (mean, var) = moments(&y);
        Ok(vec![mean, var])
    }
}

fn counts_run(hypotheses: &[Hypothesis], observed: &[f64], s: &Settings) -> Posterior {
    let d = Distance::new(vec![0.25, 1.0]);
    run(
        hypotheses,
        &Counts,
        observed,
        &d,
        s,
        &pool(2),
        None,
        &mut |_, _| {},
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn count_hypotheses() -> Vec<Hypothesis> {
    vec![
        hypothesis("poisson", vec![uniform("lambda", 0.0, 10.0)]),
        hypothesis("geometric", vec![uniform("mean", 0.0, 10.0)]),
        hypothesis("poisson4", vec![]),
    ]
}

#[test]
fn model_choice_finds_the_generating_family_and_the_bayes_factor() {
    // Mean 4.1 and variance 4.0 of 50 counts: Poisson-like, far from a geometric's μ(1 + μ).
    let p = counts_run(&count_hypotheses(), &[4.1, 4.0], &settings(1000, 8));
    let prob = p.model_probability();
    let err = p.model_probability_error();
    assert!((prob.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    assert!(prob[0] + prob[2] > 0.99, "{prob:?}");
    // Between the two Poisson models the data's sum (205) is sufficient, so the ABC Bayes
    // factor tends to the exact one: 0.1 Γ(206) / 50^206 against 4^205 e^-200, a probability
    // of 0.929 for the fixed λ = 4 once the geometric is out.
    let fixed = prob[2] / (prob[0] + prob[2]);
    assert!((fixed - 0.929).abs() < 0.02, "{fixed} ± {err:?}");
    assert!(err[2] > 0.0 && err[2] < 0.02, "{err:?}");
    // The free λ sits near the data's mean, with sd about sqrt(4.1 / 50) = 0.29.
    let (lo, hi) = p.interval(0, 0, 0.9);
    assert!(lo < 4.1 && 4.1 < hi && hi - lo < 1.4, "({lo}, {hi})");
    // Data overdispersed like a geometric of mean 4 (variance 20).
    let h = &count_hypotheses()[..2];
    let p = counts_run(h, &[4.0, 20.0], &settings(500, 8));
    let prob = p.model_probability();
    assert!(prob[1] > 0.9, "{prob:?}");
    assert_eq!(prob.len(), 2);
    // And the Poisson-like data between the same two.
    let p = counts_run(h, &[4.1, 4.0], &settings(500, 8));
    assert!(
        p.model_probability()[0] > 0.9,
        "{:?}",
        p.model_probability()
    );
}

#[test]
fn output_files_hold_the_posterior() {
    let p = counts_run(&count_hypotheses(), &[4.1, 4.0], &settings(100, 3));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (particles, summary) = (
        dir.path().join("particles.csv"),
        dir.path().join("summary.csv"),
    );
    p.write_particles(&particles)
        .unwrap_or_else(|e| panic!("{e}"));
    p.write_summary(&summary, &[4.1, 4.0], &Distance::new(vec![1.0, 1.0]))
        .unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(&particles).unwrap_or_default();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("model,weight,distance,lambda,mean"));
    assert_eq!(lines.clone().count(), 100);
    assert!(lines.all(|l| l.split(',').count() == 5));
    let text = std::fs::read_to_string(&summary).unwrap_or_default();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "hypothesis",
            "parameter",
            "probability",
            "probability_error",
            "ess",
            "mean",
            "p5",
            "p50",
            "p95",
            "adjusted_mean",
            "adjusted_p5",
            "adjusted_p50",
            "adjusted_p95"
        ]
    );
    assert!(rows.iter().all(|r| r.len() == 13));
    // poisson, its lambda, geometric, its mean, poisson4.
    let names: Vec<(&str, &str)> = rows[1..].iter().map(|r| (r[0], r[1])).collect();
    assert_eq!(
        names,
        [
            ("poisson", ""),
            ("poisson", "lambda"),
            ("geometric", ""),
            ("geometric", "mean"),
            ("poisson4", "")
        ]
    );
    let prob: f64 = rows[1][2].parse().unwrap_or(f64::NAN);
    assert!((prob - p.model_probability()[0]).abs() < 1e-5);
    let p50: f64 = rows[2][7].parse().unwrap_or(f64::NAN);
    assert!((p50 - p.quantile(0, 0, 0.5)).abs() < 1e-4 * p50.abs());
    let (v, w) = p.adjusted(0, 0, &[4.1, 4.0], &Distance::new(vec![1.0, 1.0]));
    let adjusted_p95: f64 = rows[2][12].parse().unwrap_or(f64::NAN);
    let want = weighted::quantile(&v, &w, 0.95);
    assert!((adjusted_p95 - want).abs() < 1e-4 * want.abs());
}
