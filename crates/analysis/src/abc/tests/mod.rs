//! The sampler against posteriors known in closed form, and its determinism, resumption,
//! budget and refusals.

mod counts;
mod stopping;

use chistka_engine::streams::Streams;
use rand::Rng;
use rand_distr::StandardNormal;

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

fn moments(y: &[f64]) -> (f64, f64) {
    let n = y.len() as f64;
    let mean = y.iter().sum::<f64>() / n;
    let var = y.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var)
}

fn gaussian_run(s: &Settings, threads: usize, log: Option<&std::path::Path>) -> Posterior {
    let h = [hypothesis("normal", vec![uniform("mu", -10.0, 10.0)])];
    let d = Distance::new(vec![1.0]);
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
    let d = Distance::new(vec![0.1, 0.1]);
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
fn malformed_requests_are_refused_with_the_reason() {
    let h = vec![hypothesis("normal", vec![uniform("mu", -10.0, 10.0)])];
    let d = Distance::new(vec![1.0]);
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
    refused(&h, &Distance::new(vec![0.0]), &s, "scale 0");
    refused(&h, &Distance::new(vec![-1.0]), &s, "scale -1");
    refused(&h, &Distance::new(vec![1.0, 1.0]), &s, "2 distance scales");
    let twice = vec![h[0].clone(), h[0].clone()];
    refused(&twice, &d, &s, "named twice");
    let flat = vec![hypothesis("x", vec![uniform("mu", 1.0, 1.0)])];
    refused(&flat, &d, &s, "x.mu");
    // A simulator returning the wrong number of summaries is named.
    let e = run(
        &h,
        &counts::Counts,
        &[1.0],
        &d,
        &s,
        &pool(1),
        None,
        &mut |_, _| {},
    )
    .expect_err("two summaries for one");
    assert!(e.to_string().contains("2 summaries"), "{e}");
}

#[test]
fn a_one_sided_summary_counts_only_on_its_side() {
    let d = Distance {
        scales: vec![1.0, 1.0, 1.0],
        sides: vec![Side::Both, Side::Below, Side::Above],
    };
    let o = [0.0, 0.0, 0.0];
    // Above the bound of an "at least" summary and below that of an "at most" one: free.
    assert_eq!(d.between(&[0.0, 5.0, -5.0], &o), 0.0);
    // The wrong side counts in full.
    assert!((d.between(&[0.0, -3.0, 0.0], &o) - (9.0f64 / 3.0).sqrt()).abs() < 1e-12);
    assert!((d.between(&[0.0, 0.0, 3.0], &o) - (9.0f64 / 3.0).sqrt()).abs() < 1e-12);
    assert!((d.between(&[3.0, 0.0, 0.0], &o) - (9.0f64 / 3.0).sqrt()).abs() < 1e-12);
    assert_eq!(d.between(&[f64::NAN, 0.0, 0.0], &o), f64::INFINITY);
}

#[test]
fn regression_adjustment_narrows_a_wide_tolerance_to_the_true_posterior() {
    // Three generations stop at a tolerance wider than the posterior itself: the plain
    // particles are too spread, the adjusted ones close to N(ybar, 1/20) (the mean is a
    // sufficient summary and the model linear in it).
    let p = gaussian_run(&settings(200, 3), 2, None);
    let want = 1.0 / 20f64.sqrt();
    let (v, w): (Vec<f64>, Vec<f64>) = p
        .last()
        .particles
        .iter()
        .map(|q| (q.theta[0], q.weight))
        .unzip();
    let plain = weighted::variance(&v, &w).sqrt();
    let (a, wa) = p.adjusted(0, 0, &[1.37], &Distance::new(vec![1.0]));
    assert_eq!(wa, w);
    let adjusted = weighted::variance(&a, &wa).sqrt();
    let mean = weighted::mean(&a, &wa);
    assert!(
        plain > 1.3 * want,
        "plain sd {plain} vs {want}: the tolerance is not wide"
    );
    assert!(
        (adjusted / want - 1.0).abs() < 0.25,
        "adjusted sd {adjusted} vs {want} (plain {plain})"
    );
    // The fit is linear in the logit of the prior's position, which the summary is not quite
    // over a tolerance this wide (the particles span about a quarter of the prior's range): the
    // adjusted mean sits within half a posterior standard deviation of ybar (measured 0.055).
    assert!((mean - 1.37).abs() < 0.5 * want, "adjusted mean {mean}");
}
