//! The sampler against posteriors known in closed form, and its determinism, resumption,
//! budget and refusals.

use chistka_engine::streams::Streams;
use rand::Rng;
use rand_distr::{Distribution, Geometric, Poisson, StandardNormal};

use super::*;

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn settings(particles: usize, generations: usize) -> Settings {
    Settings {
        particles,
        generations,
        quantile: 0.5,
        min_acceptance: 0.0,
        max_simulations: usize::MAX,
        model_stay: 0.7,
        seed: 1937,
        batch: 64,
    }
}

fn uniform(name: &str, lo: f64, hi: f64) -> (String, Prior) {
    (name.to_string(), Prior::Uniform { lo, hi })
}

fn hypothesis(name: &str, params: Vec<(String, Prior)>) -> Hypothesis {
    Hypothesis {
        name: name.to_string(),
        params,
    }
}

/// The mean (and standard deviation) of 20 draws from N(mu, sigma); sigma is 1 when absent.
struct Gaussian;

impl Simulator for Gaussian {
    fn simulate(&self, _: usize, theta: &[f64], seed: u64) -> Result<Vec<f64>, AnalysisError> {
        let mut rng = Streams::new(seed).stream(0);
        let sigma = theta.get(1).copied().unwrap_or(1.0);
        let y: Vec<f64> = (0..20)
            .map(|_| theta[0] + sigma * rng.sample::<f64, _>(StandardNormal))
            .collect();
        let (mean, var) = moments(&y);
        Ok(if theta.len() > 1 {
            vec![mean, var.sqrt()]
        } else {
            vec![mean]
        })
    }
}

/// The mean and variance (n − 1) of 50 counts: 0 Poisson(λ), 1 geometric of mean μ, 2
/// Poisson(4) with no free parameter.
struct Counts;

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

fn moments(y: &[f64]) -> (f64, f64) {
    let n = y.len() as f64;
    let mean = y.iter().sum::<f64>() / n;
    let var = y.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var)
}

fn gaussian_run(s: &Settings, threads: usize, log: Option<&std::path::Path>) -> Posterior {
    let h = [hypothesis("normal", vec![uniform("mu", -10.0, 10.0)])];
    let d = Distance { scales: vec![1.0] };
    run(
        &h,
        &Gaussian,
        &[1.37],
        &d,
        s,
        &pool(threads),
        log,
        &mut |_, _| {},
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn gaussian_mean_posterior_is_recovered() {
    // y ~ N(mu, 1), n = 20, flat prior: the posterior is N(ybar, 1/20).
    let p = gaussian_run(&settings(500, 9), 2, None);
    assert_eq!(p.stop, Stop::Generations);
    assert_eq!(p.generations.len(), 9);
    let eps: Vec<f64> = p.generations.iter().map(|g| g.epsilon).collect();
    assert!(eps.windows(2).all(|w| w[1] < w[0]), "{eps:?}");
    let mean = p.mean(0, 0);
    let (v, w): (Vec<f64>, Vec<f64>) = p
        .last()
        .particles
        .iter()
        .map(|q| (q.theta[0], q.weight))
        .unzip();
    let sd = weighted::variance(&v, &w).sqrt();
    let want = 1.0 / 20f64.sqrt();
    assert!((mean - 1.37).abs() < 0.05, "mean {mean}");
    assert!((sd / want - 1.0).abs() < 0.2, "sd {sd} vs {want}");
    // The 90% interval is about ybar ± 1.645 sd.
    let (lo, hi) = p.interval(0, 0, 0.9);
    assert!((lo - (1.37 - 1.645 * want)).abs() < 0.12, "{lo}");
    assert!((hi - (1.37 + 1.645 * want)).abs() < 0.12, "{hi}");
    // The accepted simulations of the mean are within ε of 1.37.
    let (m, plo, phi) = p.predictive(None, 0, 0.9);
    let e = p.last().epsilon;
    assert!((m - 1.37).abs() < e && plo >= 1.37 - e && phi <= 1.37 + e);
    assert!(p.last().ess > 100.0, "ess {}", p.last().ess);
}

fn counts_run(hypotheses: &[Hypothesis], observed: &[f64], s: &Settings) -> Posterior {
    let d = Distance {
        scales: vec![0.25, 1.0],
    };
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
fn the_result_is_the_same_whatever_the_threads_and_the_batch() {
    let s = settings(200, 5);
    let one = gaussian_run(&s, 1, None);
    let two = gaussian_run(&s, 2, None);
    assert_eq!(one, two);
    let small_batches = gaussian_run(
        &Settings {
            batch: 7,
            ..s.clone()
        },
        2,
        None,
    );
    assert_eq!(one, small_batches);
    let other_seed = gaussian_run(&Settings { seed: 1938, ..s }, 2, None);
    assert_ne!(one.last().particles, other_seed.last().particles);
}

#[test]
fn a_resumed_run_equals_an_uninterrupted_one() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let log = dir.path().join("abc.log");
    let s = settings(100, 5);
    let whole = gaussian_run(&s, 2, None);
    let first = gaussian_run(
        &Settings {
            generations: 3,
            ..s.clone()
        },
        2,
        Some(&log),
    );
    assert_eq!(first.generations[..], whole.generations[..3]);
    let resumed = gaussian_run(&s, 2, Some(&log));
    assert_eq!(resumed, whole);
    // A run cut short while writing generation 4: its rows and a partial line are dropped.
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let cut = lines.len() - 100 + 37;
    let partial = format!("{}\n{}", lines[..cut].join("\n"), &lines[cut][..5]);
    std::fs::write(&log, partial).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(gaussian_run(&s, 1, Some(&log)), whole);
    assert_eq!(std::fs::read_to_string(&log).unwrap_or_default(), text);
    // Everything logged: nothing to run, the same answer.
    assert_eq!(gaussian_run(&s, 1, Some(&log)), whole);
    // Another experiment's log is refused and left alone.
    let h = [hypothesis("normal", vec![uniform("mu", -10.0, 10.0)])];
    let d = Distance { scales: vec![1.0] };
    let other = Settings { seed: 1, ..s };
    let e = run(
        &h,
        &Gaussian,
        &[1.37],
        &d,
        &other,
        &pool(1),
        Some(&log),
        &mut |_, _| {},
    )
    .expect_err("another seed");
    assert!(matches!(e, AnalysisError::Resume(_)), "{e}");
    let e = run(
        &h,
        &Gaussian,
        &[1.5],
        &d,
        &settings(100, 5),
        &pool(1),
        Some(&log),
        &mut |_, _| {},
    )
    .expect_err("other data");
    assert!(matches!(e, AnalysisError::Resume(_)), "{e}");
    assert_eq!(std::fs::read_to_string(&log).unwrap_or_default(), text);
}

#[test]
fn particles_stay_inside_the_prior_support() {
    // The data sit at the edge of mu's support; sigma is a scale with a log-uniform prior.
    let (mu, sigma) = (
        Prior::Uniform { lo: 0.0, hi: 2.0 },
        Prior::LogUniform { lo: 0.1, hi: 10.0 },
    );
    let h = [hypothesis(
        "normal",
        vec![("mu".into(), mu), ("sigma".into(), sigma)],
    )];
    let d = Distance {
        scales: vec![0.1, 0.1],
    };
    let p = run(
        &h,
        &Gaussian,
        &[1.98, 0.5],
        &d,
        &settings(300, 6),
        &pool(2),
        None,
        &mut |_, _| {},
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for g in &p.generations {
        for q in &g.particles {
            assert!(
                mu.contains(q.theta[0]) && sigma.contains(q.theta[1]),
                "{:?}",
                q.theta
            );
        }
    }
    assert!(p.quantile(0, 0, 0.5) > 1.6, "{}", p.quantile(0, 0, 0.5));
    let (lo, hi) = p.interval(0, 1, 0.9);
    assert!(lo < 0.5 && 0.5 < hi && hi < 1.0, "({lo}, {hi})");
}

#[test]
fn the_budget_stops_with_the_last_complete_generation() {
    let s = settings(100, 6);
    let whole = gaussian_run(&s, 2, None);
    let upto = |g: usize| -> usize { whole.generations[..g].iter().map(|g| g.simulations).sum() };
    // Enough for three generations and part of the fourth.
    let limited = Settings {
        max_simulations: upto(4) - 1,
        ..s.clone()
    };
    let p = gaussian_run(&limited, 2, None);
    assert_eq!(p.stop, Stop::Budget);
    assert_eq!(p.generations[..], whole.generations[..3]);
    assert_eq!(p.simulations, upto(4) - 1);
    // Exactly enough for four.
    let p = gaussian_run(
        &Settings {
            max_simulations: upto(4),
            ..s.clone()
        },
        1,
        None,
    );
    assert_eq!(p.generations.len(), 4);
    // Not enough for the prior sample.
    let h = [hypothesis("normal", vec![uniform("mu", -10.0, 10.0)])];
    let d = Distance { scales: vec![1.0] };
    let tiny = Settings {
        max_simulations: 99,
        ..s
    };
    let e = run(
        &h,
        &Gaussian,
        &[1.37],
        &d,
        &tiny,
        &pool(1),
        None,
        &mut |_, _| {},
    )
    .expect_err("budget below one generation");
    assert!(matches!(e, AnalysisError::Input(_)), "{e}");
}

#[test]
fn a_low_acceptance_rate_abandons_the_generation() {
    let s = settings(100, 9);
    let whole = gaussian_run(&s, 2, None);
    // The first generation whose acceptance falls below 0.2, and the run that stops before it.
    let low = whole
        .generations
        .iter()
        .position(|g| g.acceptance < 0.2)
        .unwrap_or_else(|| panic!("acceptance never below 0.2"));
    let p = gaussian_run(
        &Settings {
            min_acceptance: 0.2,
            ..s
        },
        2,
        None,
    );
    assert_eq!(p.stop, Stop::Acceptance);
    assert_eq!(p.generations[..], whole.generations[..low]);
}

#[test]
fn malformed_requests_are_refused_with_the_reason() {
    let h = vec![hypothesis("normal", vec![uniform("mu", -10.0, 10.0)])];
    let d = Distance { scales: vec![1.0] };
    let s = settings(10, 2);
    let refused = |h: &[Hypothesis], d: &Distance, s: &Settings, want: &str| {
        let e = run(h, &Gaussian, &[1.0], d, s, &pool(1), None, &mut |_, _| {}).expect_err(want);
        assert!(
            matches!(e, AnalysisError::Input(_)) && e.to_string().contains(want),
            "{e}"
        );
    };
    refused(&[], &d, &s, "at least one hypothesis");
    refused(
        &h,
        &d,
        &Settings {
            particles: 0,
            ..s.clone()
        },
        "particles",
    );
    refused(
        &h,
        &d,
        &Settings {
            quantile: 1.0,
            ..s.clone()
        },
        "quantile 1",
    );
    refused(
        &h,
        &d,
        &Settings {
            quantile: 0.0,
            ..s.clone()
        },
        "quantile 0",
    );
    refused(
        &h,
        &d,
        &Settings {
            model_stay: 1.5,
            ..s.clone()
        },
        "model_stay",
    );
    refused(&h, &Distance { scales: vec![0.0] }, &s, "scale 0");
    refused(&h, &Distance { scales: vec![-1.0] }, &s, "scale -1");
    refused(
        &h,
        &Distance {
            scales: vec![1.0, 1.0],
        },
        &s,
        "2 distance scales",
    );
    let twice = vec![h[0].clone(), h[0].clone()];
    refused(&twice, &d, &s, "named twice");
    let flat = vec![hypothesis("x", vec![uniform("mu", 1.0, 1.0)])];
    refused(&flat, &d, &s, "x.mu");
    // A simulator returning the wrong number of summaries is named.
    let e = run(&h, &Counts, &[1.0], &d, &s, &pool(1), None, &mut |_, _| {})
        .expect_err("two summaries for one");
    assert!(e.to_string().contains("2 summaries"), "{e}");
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
    p.write_summary(&summary).unwrap_or_else(|e| panic!("{e}"));
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
            "p95"
        ]
    );
    assert!(rows.iter().all(|r| r.len() == 9));
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
}
