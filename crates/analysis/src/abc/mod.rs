//! Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC), with model choice.
//!
//! Given competing hypotheses (models, each with named free parameters and their priors), a
//! simulator that maps a model, its parameter values and a seed to summary statistics, and the
//! observed summaries, [`run`] approximates the joint posterior over (model, parameters) by a
//! weighted population of particles whose simulations came within a tolerance ε of the
//! observations, with ε shrinking generation by generation.
//!
//! # The algorithm
//!
//! Toni, Welch, Strelkowa, Ipsen & Stumpf (2009), *Approximate Bayesian computation scheme for
//! parameter inference and model selection in dynamical systems*, J. R. Soc. Interface 6, with
//! the kernel of Beaumont, Cornuet, Marin & Robert (2009), *Adaptive approximate Bayesian
//! computation*, Biometrika 96, and ε chosen adaptively as a quantile of the last distances
//! (Del Moral, Doucet & Jasra 2012, Statistics and Computing 22; Drovandi & Pettitt 2011,
//! Biometrics 67).
//!
//! - **Generation 0** draws the model uniformly and the parameters from its prior, and accepts
//!   every simulation at a finite distance (ε₀ = ∞): a sample of the prior predictive, weights
//!   equal.
//! - **Generation t > 0** uses ε_t = the [`Settings::quantile`] of generation t−1's distances. A
//!   proposal draws a model m′ from the previous model marginal p_{t−1}, moves it by the model
//!   kernel K_M (stay with [`Settings::model_stay`], else uniformly to another model that still
//!   has particles), draws a particle j of the chosen model m with its weight normalised within
//!   m, and perturbs each parameter with a Gaussian of variance twice the weighted variance of
//!   m's particles (Beaumont et al.). A proposal outside the prior's support is drawn again
//!   from the start (model included); the simulation is accepted when its distance is at most
//!   ε_t. The weight of an accepted (m, θ) is
//!
//!   w ∝ π(m) π(θ | m) / [ q(m) Σ_{j ∈ m} w̃_j K_θ(θ | θ_j) ],  q(m) = Σ_{m′} p_{t−1}(m′) K_M(m | m′),
//!
//!   which is the density of the proposal actually used (redrawing outside the support only
//!   scales it by one constant), so the weighted population is an importance sample of the ABC
//!   posterior at ε_t and the model probabilities are the weights' sums within each model.
//!   This is Toni & Stumpf's (2010, Bioinformatics 26) weight written per model; drawing m′
//!   from p_{t−1} rather than the prior, as pyABC does (Klinger et al. 2018), puts the
//!   simulations where the posterior mass is. A model that loses all its particles cannot be
//!   proposed again: its probability is 0 from then on.
//! - The kernel works in a coordinate where the prior is flat: the value itself for a uniform
//!   prior, its logarithm for a log-uniform one (steps are ratios for a scale parameter); the
//!   prior density and the kernel density are both taken in that coordinate, so the Jacobian
//!   cancels. A parameter whose particles all agree gets a kernel deviation of 1e-4 of its
//!   prior's width instead of 0.
//! - **Stopping**: after [`Settings::generations`]; when the next ε would not be smaller than
//!   the last ([`Stop::Epsilon`]); when a generation would need more than
//!   `particles / min_acceptance` simulations ([`Stop::Acceptance`]) or more than the remaining
//!   [`Settings::max_simulations`] ([`Stop::Budget`]). Such a generation is abandoned at once
//!   and the result is the last complete one.
//!
//! # Determinism
//!
//! Proposal i of generation t draws from its own stream, a pure function of
//! ([`Settings::seed`], t, i), and the simulator's seed is its first draw. Proposals run in
//! batches of [`Settings::batch`] on the caller's pool and are taken in index order until
//! `particles` are accepted, so the result does not depend on the number of threads or on the
//! batch size; [`Generation::simulations`] counts the proposals up to the last one accepted
//! (up to `batch − 1` more may have run and been discarded).
//!
//! # Monte Carlo error
//!
//! [`Posterior::model_probability_error`] is `sqrt(p (1 − p) / ESS)`, the standard error of a
//! proportion estimated from ESS independent draws, ESS being Kish's effective sample size of
//! the last generation's weights. It measures only the noise of the finite population, not the
//! bias of a non-zero ε nor that of the chosen summaries.
//!
//! # Resuming
//!
//! With a log, each complete generation's particles are appended (one row each, values in
//! round-trip precision) to an [`crate::log::AppendLog`] whose preamble records the hypotheses,
//! the observations, the distance scales and the settings that shape the particles (all but
//! `generations`, `max_simulations` and `batch`). A rerun reads the complete generations back,
//! drops a partial one, and continues: the result is bit for bit that of an uninterrupted run.

pub mod adjust;
mod kernel;
mod posterior;
pub mod prior;
mod resume;
pub mod sbc;
mod smc;
#[cfg(test)]
mod tests;
pub mod weighted;

pub use posterior::{Generation, Particle, Posterior};
pub use prior::Prior;
pub use smc::run;

use crate::AnalysisError;

/// A model with its free parameters (possibly none).
#[derive(Debug, Clone, PartialEq)]
pub struct Hypothesis {
    /// Its name, as written in the output files.
    pub name: String,
    /// Each parameter's name and prior.
    pub params: Vec<(String, Prior)>,
}

/// How [`run`] samples.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Accepted particles per generation.
    pub particles: usize,
    /// The most generations, the prior sample (generation 0) included.
    pub generations: usize,
    /// ε of the next generation is this quantile of the accepted distances, in (0, 1).
    pub quantile: f64,
    /// A generation whose acceptance rate would fall below this is abandoned, in [0, 1] (0: no
    /// minimum).
    pub min_acceptance: f64,
    /// The most simulations in all; the generation that would exceed it is abandoned
    /// (`usize::MAX`: no budget).
    pub max_simulations: usize,
    /// The model kernel's probability of keeping the model, in [0, 1] (Toni et al. use 0.7).
    pub model_stay: f64,
    /// The seed of every random stream.
    pub seed: u64,
    /// Proposals simulated per parallel batch.
    pub batch: usize,
}

/// Why sampling stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// [`Settings::generations`] were done.
    Generations,
    /// The next ε would not have been smaller than the last.
    Epsilon,
    /// The next generation's acceptance rate fell below [`Settings::min_acceptance`].
    Acceptance,
    /// The next generation would have exceeded [`Settings::max_simulations`].
    Budget,
}

/// The simulator: summary statistics (one per observed value) of model `model` with parameter
/// values `theta` (in the order of its [`Hypothesis::params`]) and `seed`. It must be a pure
/// function of its arguments, and may be called from several threads at once.
pub trait Simulator: Sync {
    /// Simulates once.
    ///
    /// # Errors
    /// Whatever makes the simulation impossible; it stops [`run`].
    fn simulate(&self, model: usize, theta: &[f64], seed: u64) -> Result<Vec<f64>, AnalysisError>;

    /// What else the summaries depend on besides the model, `theta` and the seed (the scale,
    /// where the population comes from), in one line; empty if nothing. It goes into the
    /// log's preamble, so a log written by another simulator is refused, not resumed.
    fn describe(&self) -> String {
        String::new()
    }
}

/// Which side of an observation a summary is penalised on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Both: the observation is a value to hit.
    Both,
    /// Only a shortfall counts: the observation is a lower bound ("at least").
    Below,
    /// Only an excess counts: the observation is an upper bound ("at most").
    Above,
}

/// The distance between simulated and observed summaries: the root mean square of
/// `(s − o) / scale` over the summaries (for a one-sided summary only on the side that counts),
/// infinite when a summary is NaN.
#[derive(Debug, Clone, PartialEq)]
pub struct Distance {
    /// One positive scale per summary (for example the target's tolerance).
    pub scales: Vec<f64>,
    /// One side per summary.
    pub sides: Vec<Side>,
}

impl Distance {
    /// A two-sided distance with these scales.
    pub fn new(scales: Vec<f64>) -> Self {
        let sides = vec![Side::Both; scales.len()];
        Distance { scales, sides }
    }

    /// The distance of `simulated` from `observed` (of the same length as the scales).
    pub fn between(&self, simulated: &[f64], observed: &[f64]) -> f64 {
        let mut sum = 0.0;
        for (((s, o), scale), side) in simulated
            .iter()
            .zip(observed)
            .zip(&self.scales)
            .zip(&self.sides)
        {
            let mut z = (s - o) / scale;
            if z.is_nan() {
                return f64::INFINITY;
            }
            match side {
                Side::Both => {}
                Side::Below => z = z.min(0.0),
                Side::Above => z = z.max(0.0),
            }
            sum += z * z;
        }
        (sum / self.scales.len() as f64).sqrt()
    }
}

/// Checks the request before any simulation.
fn check(
    hypotheses: &[Hypothesis],
    observed: &[f64],
    distance: &Distance,
    s: &Settings,
) -> Result<(), AnalysisError> {
    let bad = |m: String| Err(AnalysisError::Input(m));
    if hypotheses.is_empty() {
        return bad("ABC needs at least one hypothesis".into());
    }
    for (k, h) in hypotheses.iter().enumerate() {
        if hypotheses[..k].iter().any(|o| o.name == h.name) {
            return bad(format!("hypothesis `{}` is named twice", h.name));
        }
        for (name, prior) in &h.params {
            if let Some(why) = prior.problem() {
                return bad(format!("the prior of `{}.{name}`: {why}", h.name));
            }
        }
    }
    if observed.is_empty() || observed.iter().any(|o| !o.is_finite()) {
        return bad("ABC needs at least one observed summary, all finite".into());
    }
    if distance.sides.len() != distance.scales.len() {
        return bad(format!(
            "{} distance sides for {} scales",
            distance.sides.len(),
            distance.scales.len()
        ));
    }
    if distance.scales.len() != observed.len() {
        return bad(format!(
            "{} distance scales for {} observed summaries",
            distance.scales.len(),
            observed.len()
        ));
    }
    if let Some(x) = distance
        .scales
        .iter()
        .find(|x| !(x.is_finite() && **x > 0.0))
    {
        return bad(format!(
            "distance scale {x}: scales must be positive and finite"
        ));
    }
    if s.particles == 0 || s.generations == 0 || s.batch == 0 {
        return bad("particles, generations and batch must each be at least 1".into());
    }
    if !(s.quantile > 0.0 && s.quantile < 1.0) {
        return bad(format!("quantile {}: must be in (0, 1)", s.quantile));
    }
    for (what, x) in [
        ("min_acceptance", s.min_acceptance),
        ("model_stay", s.model_stay),
    ] {
        if !(0.0..=1.0).contains(&x) {
            return bad(format!("{what} {x}: must be in [0, 1]"));
        }
    }
    Ok(())
}
