//! Regression adjustment of an ABC posterior (Beaumont, Zhang & Balding 2002, "Approximate
//! Bayesian computation in population genetics", Genetics 162: 2025-2035).
//!
//! An accepted particle's summaries lie within the tolerance of the record, not on it, and its
//! parameter value carries that distance: a particle whose simulated arrests overshoot the record
//! tends to have a parameter that makes arrests high. Plain ABC keeps the values as they are, so
//! its posterior is wider than the true posterior by what the tolerance lets in (the recovery
//! check sees this as coverage above the nominal level, and rank histograms heaped in the
//! middle). The adjustment fits the parameter on the summaries among the accepted particles and
//! moves each particle to where the fit says it would lie had its summaries been the record's:
//! `θ* = θ − βᵀ(s − s_obs)`, that is the fit at the record plus the particle's residual.
//!
//! Four choices, each with its reason:
//! - The fit is in the logit of the parameter's position within its prior's bounds (on the log
//!   scale for a log-uniform prior), so adjusted values stay inside the prior (Hamilton, Currat,
//!   Ray, Heckel, Beaumont & Excoffier 2005, Genetics 170: 409-417).
//! - The summaries are many beside the particles (the record's 36 targets, 60 particles in the
//!   recovery check), where least squares is unstable; the fit is a ridge regression whose
//!   penalty is chosen by generalised cross-validation (Golub, Heath & Wahba 1979,
//!   Technometrics 21: 215-223) among [`PENALTIES`].
//! - The weights are the particles' importance weights; no second kernel on the distance (the
//!   SMC's last tolerance already bounds it, and a kernel would cut the effective sample further).
//! - The residuals are taken leaving each particle out of the fit, and widened by the fit's own
//!   uncertainty at the record. With 36 summaries beside 60 particles the in-sample residuals
//!   are much smaller than the posterior's spread: the first version of this adjustment, which
//!   used them, covered the truth with its 90% intervals in 75% of the recovery check's first 85
//!   readings and in 64% of a test model's 700, its ranks heaped at both ends (too narrow). The
//!   leave-one-out residual is the classical prediction residual (Allen 1974, Technometrics 16:
//!   125-127, "PRESS"); the widening is the usual prediction interval's `1 + h` at a new point.
//!   On the test model (`the_adjusted_interval_covers_the_truth_nine_times_in_ten`) the two
//!   together cover 89.9%.

use super::prior::Prior;
use super::{Distance, Side};

/// Ridge penalties tried, on the standardised summaries (each of weighted variance 1): from
/// nearly least squares to nearly no adjustment. Assumption: the grid and its steps of about √10.
pub const PENALTIES: [f64; 9] = [1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0, 3.0, 10.0];

/// The regression-adjusted values of one parameter over the particles of one hypothesis.
///
/// `values`, `weights` and `summaries` are the particles' parameter values, importance weights
/// and simulated summaries; `observed` the record's summaries and `distance` the distance they
/// were accepted by. Returns the values unchanged where no fit is possible: fewer than three
/// particles, or no summary that varies among them.
///
/// A one-sided summary (a floor or a ceiling of the record) enters the fit as the distance sees
/// it: its shortfall below a floor, its excess above a ceiling, and 0 on the free side. The
/// record is then the point where every such summary is satisfied, and a particle is moved only
/// by how far it falls short, never by how far it clears a bound the record does not fix.
pub fn adjusted(
    values: &[f64],
    weights: &[f64],
    summaries: &[&[f64]],
    observed: &[f64],
    distance: &Distance,
    prior: &Prior,
) -> Vec<f64> {
    let n = values.len();
    let total: f64 = weights.iter().sum();
    if n < 3 || total.is_nan() || total <= 0.0 {
        return values.to_vec();
    }
    let w: Vec<f64> = weights.iter().map(|x| x / total).collect();
    let n_eff = 1.0 / w.iter().map(|x| x * x).sum::<f64>();
    // The summaries as distances from the record in the distance's own units, standardised to
    // weighted mean 0 and variance 1; a summary that does not vary among the particles says
    // nothing about the parameter and is left out.
    let mut columns: Vec<Vec<f64>> = Vec::new();
    let mut at_record: Vec<f64> = Vec::new();
    for j in 0..observed.len() {
        let scale = distance.scales.get(j).copied().unwrap_or(1.0);
        let side = distance.sides.get(j).copied().unwrap_or(Side::Both);
        let x: Vec<f64> = summaries
            .iter()
            .map(|s| {
                let z = (s[j] - observed[j]) / scale;
                match side {
                    Side::Both => z,
                    Side::Below => z.min(0.0),
                    Side::Above => z.max(0.0),
                }
            })
            .collect();
        if x.iter().any(|v| !v.is_finite()) {
            continue;
        }
        let mean: f64 = x.iter().zip(&w).map(|(v, w)| v * w).sum();
        let var: f64 = x.iter().zip(&w).map(|(v, w)| w * (v - mean).powi(2)).sum();
        if var.is_nan() || var <= 1e-24 {
            continue;
        }
        let sd = var.sqrt();
        columns.push(x.iter().map(|v| (v - mean) / sd).collect());
        at_record.push(-mean / sd);
    }
    let p = columns.len();
    if p == 0 {
        return values.to_vec();
    }
    let y: Vec<f64> = values.iter().map(|&v| to_line(prior, v)).collect();
    let y_mean: f64 = y.iter().zip(&w).map(|(v, w)| v * w).sum();
    let yc: Vec<f64> = y.iter().map(|v| v - y_mean).collect();
    // Normal equations of the weighted fit: a = ZᵀWZ, b = ZᵀWy.
    let mut a = vec![0.0; p * p];
    let mut b = vec![0.0; p];
    for r in 0..p {
        for c in r..p {
            let v: f64 = (0..n).map(|i| w[i] * columns[r][i] * columns[c][i]).sum();
            a[r * p + c] = v;
            a[c * p + r] = v;
        }
        b[r] = (0..n).map(|i| w[i] * columns[r][i] * yc[i]).sum();
    }
    // (GCV score, Cholesky factor of A + λI, coefficients) of the best penalty so far.
    let mut best: Option<(f64, Vec<f64>, Vec<f64>)> = None;
    for &penalty in &PENALTIES {
        let mut m = a.clone();
        for d in 0..p {
            m[d * p + d] += penalty;
        }
        let Some(chol) = cholesky(&m, p) else {
            continue;
        };
        let beta = solve(&chol, p, &b);
        // Degrees of freedom: the trace of (A + λI)⁻¹A.
        let df: f64 = (0..p)
            .map(|c| {
                let col: Vec<f64> = (0..p).map(|r| a[r * p + c]).collect();
                solve(&chol, p, &col)[c]
            })
            .sum();
        if df >= n_eff - 1.0 {
            continue;
        }
        let rss: f64 = (0..n)
            .map(|i| {
                let fit: f64 = (0..p).map(|j| beta[j] * columns[j][i]).sum();
                w[i] * (yc[i] - fit).powi(2)
            })
            .sum();
        let gcv = rss / (1.0 - df / n_eff).powi(2);
        if best.as_ref().is_none_or(|(g, ..)| gcv < *g) {
            best = Some((gcv, chol, beta));
        }
    }
    let Some((_, chol, beta)) = best else {
        return values.to_vec();
    };
    // The posterior at the record is the fit there plus the residuals' spread. In-sample
    // residuals understate that spread by what the fit has learnt from each particle itself
    // (with 36 summaries beside 60 particles, much of it), and the fit at the record is itself
    // uncertain. So each residual is taken left out of the fit, e / (1 - h) with h the
    // particle's leverage (its weight times 1 + zᵀ(A + λI)⁻¹z, the 1 for the mean), and widened
    // by √(1 + Σ cᵢ²), the variance of the fit at the record over the residuals' (cᵢ: each
    // particle's share in that fit).
    let toward_record = solve(&chol, p, &at_record);
    let at: f64 = y_mean + (0..p).map(|j| beta[j] * at_record[j]).sum::<f64>();
    let mut spread_at_record = 0.0;
    let residuals: Vec<f64> = (0..n)
        .map(|i| {
            let z: Vec<f64> = (0..p).map(|j| columns[j][i]).collect();
            let fit: f64 = (0..p).map(|j| beta[j] * z[j]).sum();
            let leverage = w[i] * (1.0 + dot(&z, &solve(&chol, p, &z)));
            let share = w[i] * (1.0 + dot(&z, &toward_record));
            spread_at_record += share * share;
            // A particle of nearly all the weight has a leverage near 1: its left-out residual
            // is bounded rather than infinite (a thousand times the in-sample one at most).
            (yc[i] - fit) / (1.0 - leverage).max(1e-3)
        })
        .collect();
    let widen = (1.0 + spread_at_record).sqrt();
    residuals
        .iter()
        .map(|e| from_line(prior, at + widen * e))
        .collect()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Where a value sits within its prior's bounds, on the whole line: the logit of its position
/// (of its logarithm's position for a log-uniform prior), kept off the bounds themselves.
fn to_line(prior: &Prior, v: f64) -> f64 {
    let u = match *prior {
        Prior::Uniform { lo, hi } => (v - lo) / (hi - lo),
        Prior::LogUniform { lo, hi } => (v.ln() - lo.ln()) / (hi.ln() - lo.ln()),
    };
    let u = u.clamp(1e-9, 1.0 - 1e-9);
    (u / (1.0 - u)).ln()
}

/// The inverse of [`to_line`].
fn from_line(prior: &Prior, y: f64) -> f64 {
    let u = 1.0 / (1.0 + (-y).exp());
    match *prior {
        Prior::Uniform { lo, hi } => lo + u * (hi - lo),
        Prior::LogUniform { lo, hi } => (lo.ln() + u * (hi.ln() - lo.ln())).exp(),
    }
}

/// The lower triangle `l` of `m = l lᵀ` (row-major, `p` × `p`), or `None` if `m` is not
/// positive definite.
fn cholesky(m: &[f64], p: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; p * p];
    for i in 0..p {
        for j in 0..=i {
            let s: f64 = m[i * p + j] - (0..j).map(|k| l[i * p + k] * l[j * p + k]).sum::<f64>();
            if i == j {
                if s.is_nan() || s <= 0.0 {
                    return None;
                }
                l[i * p + i] = s.sqrt();
            } else {
                l[i * p + j] = s / l[j * p + j];
            }
        }
    }
    Some(l)
}

/// `x` with `l lᵀ x = b`.
fn solve(l: &[f64], p: usize, b: &[f64]) -> Vec<f64> {
    let mut z = vec![0.0; p];
    for i in 0..p {
        z[i] = (b[i] - (0..i).map(|k| l[i * p + k] * z[k]).sum::<f64>()) / l[i * p + i];
    }
    let mut x = vec![0.0; p];
    for i in (0..p).rev() {
        x[i] = (z[i] - (i + 1..p).map(|k| l[k * p + i] * x[k]).sum::<f64>()) / l[i * p + i];
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use chistka_engine::streams::Streams;
    use rand::Rng as _;

    fn mean(v: &[f64]) -> f64 {
        v.iter().sum::<f64>() / v.len() as f64
    }

    fn sd(v: &[f64]) -> f64 {
        let m = mean(v);
        (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64).sqrt()
    }

    /// Particles accepted within a tolerance of a record made by θ = 0.5 through a summary
    /// that follows θ closely, beside summaries that are noise.
    fn particles(informative: bool) -> (Vec<f64>, Vec<Vec<f64>>) {
        let mut rng = Streams::new(7).stream(1);
        let mut theta = Vec::new();
        let mut summaries = Vec::new();
        while theta.len() < 60 {
            let t: f64 = rng.random_range(0.0..1.0);
            let s0 = if informative {
                2.0 * t + rng.random_range(-0.01..0.01)
            } else {
                rng.random_range(0.9..1.1)
            };
            if (s0 - 1.0).abs() < 0.1 {
                let mut s = vec![s0];
                s.extend((0..10).map(|_| rng.random_range(-1.0..1.0)));
                theta.push(t);
                summaries.push(s);
            }
        }
        (theta, summaries)
    }

    #[test]
    fn an_informative_summary_pulls_the_particles_to_the_truth() {
        let (theta, summaries) = particles(true);
        let refs: Vec<&[f64]> = summaries.iter().map(Vec::as_slice).collect();
        let observed = vec![1.0; 11];
        let prior = Prior::Uniform { lo: 0.0, hi: 1.0 };
        let w = vec![1.0; theta.len()];
        let adj = adjusted(
            &theta,
            &w,
            &refs,
            &observed,
            &Distance::new(vec![1.0; 11]),
            &prior,
        );
        // Plain: spread over the tolerance (about 0.05 either side of 0.5).
        assert!(sd(&theta) > 0.02, "plain sd {}", sd(&theta));
        assert!(
            sd(&adj) < 0.3 * sd(&theta),
            "adjusted sd {} against plain {}",
            sd(&adj),
            sd(&theta)
        );
        assert!(
            (mean(&adj) - 0.5).abs() < 0.01,
            "adjusted mean {}",
            mean(&adj)
        );
        assert!(adj.iter().all(|&v| (0.0..=1.0).contains(&v)));
    }

    /// A bound every particle clears says nothing about where between the particles the record
    /// lies: with the informative summary a floor (or a ceiling) that all particles clear, the
    /// adjustment leaves them where they are, while read as a value to hit it would drag them
    /// all to the bound.
    #[test]
    fn a_bound_every_particle_clears_moves_no_particle() {
        let (theta, summaries) = particles(true);
        let refs: Vec<&[f64]> = summaries.iter().map(Vec::as_slice).collect();
        let prior = Prior::Uniform { lo: 0.0, hi: 1.0 };
        let w = vec![1.0; theta.len()];
        // Every particle's informative summary lies in (0.9, 1.1).
        for (bound, side) in [(0.85, Side::Below), (1.15, Side::Above)] {
            let mut observed = vec![0.0; 11];
            observed[0] = bound;
            let mut by = Distance::new(vec![1.0; 11]);
            by.sides[0] = side;
            let kept = adjusted(&theta, &w, &refs, &observed, &by, &prior);
            assert!(
                sd(&kept) > 0.7 * sd(&theta) && (mean(&kept) - mean(&theta)).abs() < 0.02,
                "{side:?}: sd {} (plain {}), mean {} (plain {})",
                sd(&kept),
                sd(&theta),
                mean(&kept),
                mean(&theta)
            );
            let dragged = adjusted(
                &theta,
                &w,
                &refs,
                &observed,
                &Distance::new(vec![1.0; 11]),
                &prior,
            );
            assert!(
                (mean(&dragged) - bound / 2.0).abs() < 0.02 && sd(&dragged) < 0.3 * sd(&theta),
                "{side:?} read as a value to hit: mean {}, sd {}",
                mean(&dragged),
                sd(&dragged)
            );
        }
    }

    /// Simulation-based calibration of the adjusted reading where it is cheap: seven parameters
    /// uniform on (0, 1), 36 summaries each a sparse mix of them, bent by a sine and noisy; for
    /// each of 100 records, the 60 simulations of 1,500 nearest to it, as in the recovery check
    /// (its 36 targets, 60 particles). Each parameter's 90% interval should cover its truth 90%
    /// of the time. Measured on these 700 intervals: plain 92.6% (too wide), in-sample
    /// residuals 64% (too narrow), this adjustment 89.9%.
    #[test]
    fn the_adjusted_interval_covers_the_truth_nine_times_in_ten() {
        use rand_distr::StandardNormal;
        let (d, p, draws, keep) = (7, 36, 1500, 60);
        let mut rng = Streams::new(11).stream(0);
        let loadings: Vec<Vec<f64>> = (0..p)
            .map(|_| {
                (0..d)
                    .map(|_| {
                        let x: f64 = rng.sample(StandardNormal);
                        if rng.random::<f64>() < 0.3 { x } else { 0.0 }
                    })
                    .collect()
            })
            .collect();
        let noise: Vec<f64> = (0..p)
            .map(|_| 0.05 + 0.3 * rng.sample::<f64, _>(StandardNormal).abs())
            .collect();
        let simulate = |theta: &[f64], rng: &mut chistka_engine::streams::Rng| -> Vec<f64> {
            (0..p)
                .map(|j| {
                    let x: f64 = loadings[j].iter().zip(theta).map(|(a, t)| a * t).sum();
                    x + 0.3 * (3.0 * x).sin() + noise[j] * rng.sample::<f64, _>(StandardNormal)
                })
                .collect()
        };
        let scales: Vec<f64> = noise.iter().map(|s| 3.0 * s).collect();
        let by = Distance::new(scales.clone());
        let prior = Prior::Uniform { lo: 0.0, hi: 1.0 };
        let (mut covered, mut total) = (0, 0);
        for record in 0..100 {
            let mut rng = Streams::new(11).stream(1 + record);
            let truth: Vec<f64> = (0..d).map(|_| rng.random()).collect();
            let observed = simulate(&truth, &mut rng);
            let mut sims: Vec<(f64, Vec<f64>, Vec<f64>)> = (0..draws)
                .map(|_| {
                    let theta: Vec<f64> = (0..d).map(|_| rng.random()).collect();
                    let s = simulate(&theta, &mut rng);
                    let distance: f64 = s
                        .iter()
                        .zip(&observed)
                        .zip(&scales)
                        .map(|((a, b), c)| ((a - b) / c).powi(2))
                        .sum();
                    (distance, theta, s)
                })
                .collect();
            sims.sort_by(|a, b| a.0.total_cmp(&b.0));
            sims.truncate(keep);
            let summaries: Vec<&[f64]> = sims.iter().map(|x| x.2.as_slice()).collect();
            let w = vec![1.0; keep];
            for (k, &t) in truth.iter().enumerate() {
                let values: Vec<f64> = sims.iter().map(|x| x.1[k]).collect();
                let adj = adjusted(&values, &w, &summaries, &observed, &by, &prior);
                let lo = super::super::weighted::quantile(&adj, &w, 0.05);
                let hi = super::super::weighted::quantile(&adj, &w, 0.95);
                covered += usize::from(lo <= t && t <= hi);
                total += 1;
            }
        }
        let coverage = covered as f64 / total as f64;
        // 700 intervals: a calibrated reading lands within 0.9 ± 0.034 (three standard errors).
        assert!(
            (0.86..=0.94).contains(&coverage),
            "coverage {coverage} of {total}"
        );
    }

    #[test]
    fn summaries_that_say_nothing_leave_the_particles_nearly_as_they_are() {
        let (theta, summaries) = particles(false);
        let refs: Vec<&[f64]> = summaries.iter().map(Vec::as_slice).collect();
        let prior = Prior::Uniform { lo: 0.0, hi: 1.0 };
        let w = vec![1.0; theta.len()];
        let adj = adjusted(
            &theta,
            &w,
            &refs,
            &[1.0; 11],
            &Distance::new(vec![1.0; 11]),
            &prior,
        );
        assert!(
            sd(&adj) > 0.7 * sd(&theta),
            "adjusted sd {} against plain {}",
            sd(&adj),
            sd(&theta)
        );
    }

    #[test]
    fn adjusted_values_stay_within_the_prior() {
        // Values near the upper bound, summaries that would push them past it.
        let theta: Vec<f64> = (0..30).map(|i| 0.9 + 0.003 * f64::from(i)).collect();
        let summaries: Vec<Vec<f64>> = theta.iter().map(|t| vec![10.0 * (t - 0.8)]).collect();
        let refs: Vec<&[f64]> = summaries.iter().map(Vec::as_slice).collect();
        for prior in [
            Prior::Uniform { lo: 0.5, hi: 1.0 },
            Prior::LogUniform { lo: 0.5, hi: 1.0 },
        ] {
            let adj = adjusted(
                &theta,
                &[1.0; 30],
                &refs,
                &[0.0],
                &Distance::new(vec![1.0]),
                &prior,
            );
            assert!(
                adj.iter().all(|&v| (0.5..=1.0).contains(&v)),
                "{prior:?}: {adj:?}"
            );
        }
    }

    #[test]
    fn no_fit_without_particles_or_varying_summaries() {
        let prior = Prior::Uniform { lo: 0.0, hi: 1.0 };
        let s = [1.0, 2.0];
        assert_eq!(
            adjusted(
                &[0.2, 0.4],
                &[1.0, 1.0],
                &[&s, &s],
                &s,
                &Distance::new(vec![1.0, 1.0]),
                &prior
            ),
            vec![0.2, 0.4]
        );
        let theta = [0.1, 0.2, 0.3, 0.4];
        assert_eq!(
            adjusted(
                &theta,
                &[1.0; 4],
                &[&s, &s, &s, &s],
                &s,
                &Distance::new(vec![1.0, 1.0]),
                &prior
            ),
            theta.to_vec()
        );
    }

    #[test]
    fn the_line_and_back_is_the_identity() {
        for prior in [
            Prior::Uniform { lo: -2.0, hi: 3.0 },
            Prior::LogUniform {
                lo: 0.01,
                hi: 100.0,
            },
        ] {
            for v in [0.02, 0.5, 1.0, 2.9] {
                let back = from_line(&prior, to_line(&prior, v));
                assert!(
                    (back - v).abs() < 1e-9 * v.abs().max(1.0),
                    "{prior:?} {v} {back}"
                );
            }
        }
    }
}
