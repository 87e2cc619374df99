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
