//! The populations [`super::run`] returns, their summaries and their files.

use std::path::Path;

use chistka_format::csv as num;

use super::weighted;
use super::{Distance, Hypothesis, Stop};
use crate::AnalysisError;
use crate::log::csv_line;

/// One accepted simulation.
#[derive(Debug, Clone, PartialEq)]
pub struct Particle {
    /// Index of its hypothesis.
    pub model: usize,
    /// Its parameter values, in the order of the hypothesis' parameters.
    pub theta: Vec<f64>,
    /// Its importance weight; a generation's weights sum to 1.
    pub weight: f64,
    /// Its distance from the observations.
    pub distance: f64,
    /// Its simulated summaries.
    pub summary: Vec<f64>,
}

/// One complete population.
#[derive(Debug, Clone, PartialEq)]
pub struct Generation {
    /// 0 for the prior sample.
    pub index: usize,
    /// The tolerance its particles met (∞ for generation 0: any finite distance).
    pub epsilon: f64,
    /// Its particles, in the order they were proposed.
    pub particles: Vec<Particle>,
    /// Proposals up to its last accepted one, each one simulation (but for a proposal that
    /// found no point inside the prior's support in 1000 draws: a rejection without one).
    pub simulations: usize,
    /// Particles accepted per simulation.
    pub acceptance: f64,
    /// Effective sample size of all its weights.
    pub ess: f64,
    /// Effective sample size within each model (0 for a model without particles).
    pub model_ess: Vec<f64>,
    /// Each model's share of the weight.
    pub model_probability: Vec<f64>,
}

impl Generation {
    /// A generation from its particles (weights already normalised: they are not touched, so
    /// that a generation read back from the log is bit for bit the one computed).
    pub(crate) fn new(
        index: usize,
        epsilon: f64,
        particles: Vec<Particle>,
        simulations: usize,
        models: usize,
    ) -> Generation {
        let mut model_probability = vec![0.0; models];
        let mut within: Vec<Vec<f64>> = vec![Vec::new(); models];
        for p in &particles {
            model_probability[p.model] += p.weight;
            within[p.model].push(p.weight);
        }
        let all: Vec<f64> = particles.iter().map(|p| p.weight).collect();
        Generation {
            index,
            epsilon,
            acceptance: particles.len() as f64 / simulations.max(1) as f64,
            ess: weighted::ess(&all),
            model_ess: within.iter().map(|w| weighted::ess(w)).collect(),
            model_probability,
            particles,
            simulations,
        }
    }

    /// The values and weights of parameter `param` within model `model`.
    fn param(&self, model: usize, param: usize) -> (Vec<f64>, Vec<f64>) {
        self.particles
            .iter()
            .filter(|p| p.model == model)
            .map(|p| (p.theta[param], p.weight))
            .unzip()
    }
}

/// What [`super::run`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Posterior {
    /// The hypotheses compared.
    pub hypotheses: Vec<Hypothesis>,
    /// Every complete generation, the prior sample first; the last is the posterior.
    pub generations: Vec<Generation>,
    /// Why sampling stopped.
    pub stop: Stop,
    /// Simulations of the generations, and of the one abandoned at the end in this call (a
    /// resumed run does not know what an earlier call abandoned).
    pub simulations: usize,
}

impl Posterior {
    /// The last generation.
    pub fn last(&self) -> &Generation {
        // `run` never returns a posterior without a generation.
        &self.generations[self.generations.len() - 1]
    }

    /// Each hypothesis' posterior probability.
    pub fn model_probability(&self) -> Vec<f64> {
        self.last().model_probability.clone()
    }

    /// The Monte Carlo standard error of each probability, `sqrt(p (1 − p) / ESS)` with the
    /// last generation's effective sample size (see the module documentation).
    pub fn model_probability_error(&self) -> Vec<f64> {
        let g = self.last();
        g.model_probability
            .iter()
            .map(|p| (p * (1.0 - p) / g.ess).sqrt())
            .collect()
    }

    /// The weighted posterior mean of parameter `param` of model `model` (NaN for a model
    /// without particles).
    pub fn mean(&self, model: usize, param: usize) -> f64 {
        let (v, w) = self.last().param(model, param);
        weighted::mean(&v, &w)
    }

    /// The weighted p-quantile of parameter `param` within model `model`'s particles.
    pub fn quantile(&self, model: usize, param: usize, p: f64) -> f64 {
        let (v, w) = self.last().param(model, param);
        weighted::quantile(&v, &w, p)
    }

    /// The equal-tailed credible interval of probability `level` (for example 0.9) of parameter
    /// `param` within model `model`; NaNs for a model without particles.
    pub fn interval(&self, model: usize, param: usize, level: f64) -> (f64, f64) {
        let (v, w) = self.last().param(model, param);
        let tail = (1.0 - level) / 2.0;
        (
            weighted::quantile(&v, &w, tail),
            weighted::quantile(&v, &w, 1.0 - tail),
        )
    }

    /// The last generation's values of parameter `param` within model `model`, adjusted by
    /// regression on the summaries ([`super::adjust`]), with their weights: `observed` is the
    /// record and `distance` the distance the particles were accepted by. Empty for a model
    /// without particles.
    pub fn adjusted(
        &self,
        model: usize,
        param: usize,
        observed: &[f64],
        distance: &Distance,
    ) -> (Vec<f64>, Vec<f64>) {
        let last = self.last();
        let mine: Vec<&Particle> = last.particles.iter().filter(|p| p.model == model).collect();
        let values: Vec<f64> = mine.iter().map(|p| p.theta[param]).collect();
        let weights: Vec<f64> = mine.iter().map(|p| p.weight).collect();
        let summaries: Vec<&[f64]> = mine.iter().map(|p| p.summary.as_slice()).collect();
        let Some((_, prior)) = self.hypotheses[model].params.get(param) else {
            return (values, weights);
        };
        let values =
            super::adjust::adjusted(&values, &weights, &summaries, observed, distance, prior);
        (values, weights)
    }

    /// The weighted mean and equal-tailed band of probability `level` of summary `target` over
    /// the accepted simulations, of model `model` or of all models. These simulations met ε, so
    /// the band is narrower than a posterior predictive of fresh simulations would be.
    pub fn predictive(&self, model: Option<usize>, target: usize, level: f64) -> (f64, f64, f64) {
        let (v, w): (Vec<f64>, Vec<f64>) = self
            .last()
            .particles
            .iter()
            .filter(|p| model.is_none_or(|m| p.model == m))
            .map(|p| (p.summary[target], p.weight))
            .unzip();
        let tail = (1.0 - level) / 2.0;
        (
            weighted::mean(&v, &w),
            weighted::quantile(&v, &w, tail),
            weighted::quantile(&v, &w, 1.0 - tail),
        )
    }

    /// Every parameter name, in order of first appearance over the hypotheses.
    fn param_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for (n, _) in self.hypotheses.iter().flat_map(|h| &h.params) {
            if !names.contains(&n.as_str()) {
                names.push(n);
            }
        }
        names
    }

    /// Writes the last generation as CSV (`model,weight,distance`, then one column per
    /// parameter name, empty where the particle's model has no such parameter), atomically.
    ///
    /// # Errors
    /// [`AnalysisError::Output`] if the file cannot be written.
    pub fn write_particles(&self, path: &Path) -> Result<(), AnalysisError> {
        let names = self.param_names();
        let mut header = vec!["model", "weight", "distance"];
        header.extend(&names);
        let mut text = csv_line(&header);
        for p in &self.last().particles {
            let h = &self.hypotheses[p.model];
            let mut row = vec![h.name.clone(), num(p.weight), num(p.distance)];
            for name in &names {
                let k = h.params.iter().position(|(n, _)| n == name);
                row.push(k.map(|k| num(p.theta[k])).unwrap_or_default());
            }
            text.push_str(&csv_line(&row));
        }
        Ok(chistka_output::write_atomic(path, text.as_bytes())?)
    }

    /// Writes a summary as CSV, atomically: per hypothesis a row with its probability, the
    /// probability's Monte Carlo error and its effective sample size, then per parameter a row
    /// with its mean and 5th, 50th and 95th percentiles, plainly and after regression adjustment
    /// on the summaries ([`Posterior::adjusted`], against `observed` by `distance`).
    ///
    /// # Errors
    /// [`AnalysisError::Output`] if the file cannot be written.
    pub fn write_summary(
        &self,
        path: &Path,
        observed: &[f64],
        distance: &Distance,
    ) -> Result<(), AnalysisError> {
        const QUANTILES: [f64; 3] = [0.05, 0.5, 0.95];
        let mut text = csv_line(&[
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
            "adjusted_p95",
        ]);
        let (p, e) = (self.model_probability(), self.model_probability_error());
        for (m, h) in self.hypotheses.iter().enumerate() {
            let ess = self.last().model_ess[m];
            let mut row = vec![
                h.name.clone(),
                String::new(),
                num(p[m]),
                num(e[m]),
                num(ess),
            ];
            row.resize(13, String::new());
            text.push_str(&csv_line(&row));
            for (k, (name, _)) in h.params.iter().enumerate() {
                let mut row = vec![h.name.clone(), name.clone()];
                row.resize(5, String::new());
                row.push(num(self.mean(m, k)));
                row.extend(QUANTILES.map(|q| num(self.quantile(m, k, q))));
                let (v, w) = self.adjusted(m, k, observed, distance);
                row.push(num(weighted::mean(&v, &w)));
                row.extend(QUANTILES.map(|q| num(weighted::quantile(&v, &w, q))));
                text.push_str(&csv_line(&row));
            }
        }
        Ok(chistka_output::write_atomic(path, text.as_bytes())?)
    }
}
