//! The proposal of generation t > 0: the model kernel, the choice of a previous particle and
//! the Gaussian perturbation (Beaumont et al. 2009), and the density of all three for the
//! importance weight.

use rand::Rng;
use rand_distr::StandardNormal;

use super::weighted;
use super::{Generation, Hypothesis};

/// A parameter whose particles all agree gets this fraction of its prior's width as kernel
/// deviation, so that the kernel stays a density.
const MIN_DEVIATION: f64 = 1e-4;

/// One model's previous particles, as the kernel uses them.
#[derive(Debug)]
struct Population {
    /// Particles in the kernel coordinate.
    points: Vec<Vec<f64>>,
    /// Their weights normalised within the model, and the running sums (for drawing).
    weights: Vec<f64>,
    cumulative: Vec<f64>,
    /// Kernel deviation per parameter.
    deviation: Vec<f64>,
    /// ln of the Gaussian kernel's normalising constant, `−Σ ln(σ √(2π))`.
    log_norm: f64,
    /// ln of the prior density in the kernel coordinate, `−Σ ln width`.
    log_prior: f64,
    /// ln q(m): the probability that a proposal chooses this model.
    log_choice: f64,
}

/// The proposal built from generation t − 1.
#[derive(Debug)]
pub(crate) struct Proposer<'a> {
    hypotheses: &'a [Hypothesis],
    /// Per model; `None` for a model without particles (it cannot be proposed).
    populations: Vec<Option<Population>>,
    /// The previous model marginal and its running sums.
    marginal: Vec<f64>,
    stay: f64,
}

impl<'a> Proposer<'a> {
    pub(crate) fn new(previous: &Generation, hypotheses: &'a [Hypothesis], stay: f64) -> Self {
        let marginal = previous.model_probability.clone();
        let alive: Vec<usize> = (0..hypotheses.len())
            .filter(|&m| marginal[m] > 0.0)
            .collect();
        let kernel = |m: usize, from: usize| -> f64 {
            match (alive.len(), m == from) {
                (1, _) => 1.0,
                (_, true) => stay,
                (n, false) => (1.0 - stay) / (n - 1) as f64,
            }
        };
        let populations = (0..hypotheses.len())
            .map(|m| {
                if marginal[m] <= 0.0 {
                    return None;
                }
                let priors: Vec<_> = hypotheses[m].params.iter().map(|(_, p)| p).collect();
                let (points, raw): (Vec<Vec<f64>>, Vec<f64>) = previous
                    .particles
                    .iter()
                    .filter(|p| p.model == m)
                    .map(|p| {
                        let z = priors
                            .iter()
                            .zip(&p.theta)
                            .map(|(q, x)| q.kernel_coordinate(*x));
                        (z.collect(), p.weight)
                    })
                    .unzip();
                let total: f64 = raw.iter().sum();
                let weights: Vec<f64> = raw.iter().map(|w| w / total).collect();
                let cumulative = weights
                    .iter()
                    .scan(0.0, |s, w| {
                        *s += w;
                        Some(*s)
                    })
                    .collect();
                let deviation: Vec<f64> = priors
                    .iter()
                    .enumerate()
                    .map(|(k, prior)| {
                        let column: Vec<f64> = points.iter().map(|z| z[k]).collect();
                        let sd = (2.0 * weighted::variance(&column, &weights)).sqrt();
                        sd.max(MIN_DEVIATION * prior.kernel_width())
                    })
                    .collect();
                let log_norm = -deviation
                    .iter()
                    .map(|s| (s * (2.0 * std::f64::consts::PI).sqrt()).ln())
                    .sum::<f64>();
                let log_prior = -priors.iter().map(|p| p.kernel_width().ln()).sum::<f64>();
                let choice: f64 = alive.iter().map(|&f| marginal[f] * kernel(m, f)).sum();
                Some(Population {
                    points,
                    weights,
                    cumulative,
                    deviation,
                    log_norm,
                    log_prior,
                    log_choice: choice.ln(),
                })
            })
            .collect();
        Proposer {
            hypotheses,
            populations,
            marginal,
            stay,
        }
    }

    /// Draws a model and parameter values inside the prior's support; `None` after `tries`
    /// draws outside it.
    pub(crate) fn draw(&self, rng: &mut impl Rng, tries: usize) -> Option<(usize, Vec<f64>)> {
        let alive: Vec<usize> = (0..self.populations.len())
            .filter(|&m| self.populations[m].is_some())
            .collect();
        for _ in 0..tries {
            let from = pick(&self.marginal, rng);
            let m = if alive.len() == 1 || rng.random::<f64>() < self.stay {
                from
            } else {
                let others: Vec<usize> = alive.iter().copied().filter(|&a| a != from).collect();
                others[rng.random_range(0..others.len())]
            };
            let Some(pop) = &self.populations[m] else {
                continue;
            };
            let u = rng.random::<f64>() * pop.cumulative[pop.cumulative.len() - 1];
            let j = pop
                .cumulative
                .partition_point(|&c| c <= u)
                .min(pop.points.len() - 1);
            let mut theta = Vec::with_capacity(pop.deviation.len());
            let mut inside = true;
            for (k, (_, prior)) in self.hypotheses[m].params.iter().enumerate() {
                let step: f64 = rng.sample(StandardNormal);
                let x = prior.value_at(pop.points[j][k] + pop.deviation[k] * step);
                inside &= prior.contains(x);
                theta.push(x);
            }
            if inside {
                return Some((m, theta));
            }
        }
        None
    }

    /// ln of the unnormalised importance weight of an accepted (m, θ):
    /// `ln π(θ | m) − ln q(m) − ln Σ_j w̃_j K(θ | θ_j)`, in the kernel coordinate (the uniform
    /// π(m) is the same for every particle and left out).
    pub(crate) fn log_weight(&self, m: usize, theta: &[f64]) -> f64 {
        let Some(pop) = &self.populations[m] else {
            return f64::NEG_INFINITY;
        };
        let priors = &self.hypotheses[m].params;
        let z: Vec<f64> = priors
            .iter()
            .zip(theta)
            .map(|((_, p), x)| p.kernel_coordinate(*x))
            .collect();
        let terms: Vec<f64> = pop
            .points
            .iter()
            .zip(&pop.weights)
            .map(|(c, w)| {
                let q: f64 = z
                    .iter()
                    .zip(c)
                    .zip(&pop.deviation)
                    .map(|((a, b), s)| ((a - b) / s).powi(2))
                    .sum();
                w.ln() - q / 2.0
            })
            .collect();
        pop.log_prior - pop.log_choice - pop.log_norm - log_sum_exp(&terms)
    }
}

/// An index drawn with probability proportional to `weights`.
fn pick(weights: &[f64], rng: &mut impl Rng) -> usize {
    let total: f64 = weights.iter().sum();
    let mut u = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if u < *w {
            return i;
        }
        u -= w;
    }
    // Rounding: the last model with weight.
    weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
}

/// `ln Σ exp(x)`, without overflow.
pub(crate) fn log_sum_exp(x: &[f64]) -> f64 {
    let max = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return max;
    }
    max + x.iter().map(|v| (v - max).exp()).sum::<f64>().ln()
}
