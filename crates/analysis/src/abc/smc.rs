//! The sampler: generation after generation until a stopping rule holds.

use std::path::Path;

use chistka_engine::streams::Streams;
use rand::Rng;

use super::kernel::Proposer;
use super::{Distance, Generation, Hypothesis, Particle, Posterior, Settings, Simulator, Stop};
use super::{check, resume};
use crate::bands::quantile_sorted;
use crate::{AnalysisError, Progress};

/// Draws of a proposal outside the prior's support before it counts as one rejected
/// simulation (only a kernel far wider than the support gets near it).
const TRIES: usize = 1000;

/// Runs ABC-SMC with model choice (see the module documentation) for the `hypotheses`, with
/// `sim` against the `observed` summaries, in `pool`. With `log`, complete generations are
/// appended there and an earlier run's are read back first. `progress` is told the
/// generations done out of [`Settings::generations`].
///
/// # Errors
/// [`AnalysisError::Input`] for a malformed request, a simulator returning the wrong number of
/// summaries, or a budget or acceptance rate that does not let the prior sample complete;
/// [`AnalysisError::Resume`] or [`AnalysisError::Io`] for a log of another experiment or one
/// that cannot be written; any error of the simulator.
#[allow(clippy::too_many_arguments)]
pub fn run(
    hypotheses: &[Hypothesis],
    sim: &impl Simulator,
    observed: &[f64],
    distance: &Distance,
    settings: &Settings,
    pool: &rayon::ThreadPool,
    log: Option<&Path>,
    progress: Progress,
) -> Result<Posterior, AnalysisError> {
    check(hypotheses, observed, distance, settings)?;
    let (mut log, mut generations) = match log {
        Some(path) => {
            let (log, done) = resume::open(
                path,
                hypotheses,
                observed,
                distance,
                settings,
                &sim.describe(),
            )?;
            (Some(log), done)
        }
        None => (None, Vec::new()),
    };
    generations.truncate(settings.generations);
    let mut simulations: usize = generations.iter().map(|g| g.simulations).sum();
    let ctx = Context {
        hypotheses,
        sim,
        observed,
        distance,
        settings,
        pool,
    };
    progress(generations.len() as u64, settings.generations as u64);
    let stop = loop {
        let t = generations.len();
        if t >= settings.generations {
            break Stop::Generations;
        }
        let epsilon = match generations.last() {
            None => f64::INFINITY,
            Some(g) => {
                let mut d: Vec<f64> = g.particles.iter().map(|p| p.distance).collect();
                d.sort_by(f64::total_cmp);
                let e = quantile_sorted(&d, settings.quantile);
                if e >= g.epsilon {
                    break Stop::Epsilon;
                }
                e
            }
        };
        let budget = settings.max_simulations.saturating_sub(simulations);
        match ctx.generation(t, epsilon, generations.last(), budget)? {
            Ok(g) => {
                simulations += g.simulations;
                if let Some(log) = &mut log {
                    resume::append(log, &g, hypotheses)?;
                }
                generations.push(g);
                progress(generations.len() as u64, settings.generations as u64);
            }
            Err((stop, used)) => {
                simulations += used;
                break stop;
            }
        }
    };
    if let Some(log) = log {
        log.finish()?;
    }
    if generations.is_empty() {
        return Err(AnalysisError::Input(format!(
            "the prior sample of {} particles did not complete ({stop:?}): raise \
             max_simulations ({}) or lower min_acceptance ({})",
            settings.particles, settings.max_simulations, settings.min_acceptance
        )));
    }
    Ok(Posterior {
        hypotheses: hypotheses.to_vec(),
        generations,
        stop,
        simulations,
    })
}

/// Everything a proposal needs.
struct Context<'a, S> {
    hypotheses: &'a [Hypothesis],
    sim: &'a S,
    observed: &'a [f64],
    distance: &'a Distance,
    settings: &'a Settings,
    pool: &'a rayon::ThreadPool,
}

/// Why the proposals of a batch stopped being taken.
enum Halt {
    Full,
    Stop(Stop),
    Failed(AnalysisError),
}

/// One proposal's outcome: a particle (its `weight` holding the log weight) or a rejection.
type Proposal = Option<Particle>;

impl<S: Simulator> Context<'_, S> {
    /// Generation `t` at tolerance `epsilon`, or why it was abandoned and the simulations it
    /// spent.
    fn generation(
        &self,
        t: usize,
        epsilon: f64,
        previous: Option<&Generation>,
        budget: usize,
    ) -> Result<Result<Generation, (Stop, usize)>, AnalysisError> {
        let s = self.settings;
        let proposer = previous.map(|g| Proposer::new(g, self.hypotheses, s.model_stay));
        let mut accepted: Vec<Particle> = Vec::with_capacity(s.particles);
        let mut simulations = 0usize;
        let mut base = 0usize;
        loop {
            let r = crate::parallel::in_order(
                self.pool,
                s.batch,
                |j| {
                    self.propose(proposer.as_ref(), t, base + j, epsilon)
                        .map_err(Halt::Failed)
                },
                |_, proposal: Proposal| {
                    simulations += 1;
                    if simulations > budget {
                        return Err(Halt::Stop(Stop::Budget));
                    }
                    // Acceptance particles / simulations would end below the minimum.
                    if simulations as f64 * s.min_acceptance > s.particles as f64 {
                        return Err(Halt::Stop(Stop::Acceptance));
                    }
                    if let Some(p) = proposal {
                        accepted.push(p);
                        if accepted.len() == s.particles {
                            return Err(Halt::Full);
                        }
                    }
                    Ok(())
                },
            );
            base += s.batch;
            match r {
                Ok(()) => {}
                Err(Halt::Full) => break,
                Err(Halt::Stop(stop)) => return Ok(Err((stop, simulations.min(budget)))),
                Err(Halt::Failed(e)) => return Err(e),
            }
        }
        // Log weights to weights summing to 1.
        let max = accepted
            .iter()
            .map(|p| p.weight)
            .fold(f64::NEG_INFINITY, f64::max);
        for p in &mut accepted {
            p.weight = (p.weight - max).exp();
        }
        let total: f64 = accepted.iter().map(|p| p.weight).sum();
        for p in &mut accepted {
            p.weight /= total;
        }
        let models = self.hypotheses.len();
        Ok(Ok(Generation::new(
            t,
            epsilon,
            accepted,
            simulations,
            models,
        )))
    }

    /// Proposal `i` of generation `t`: drawn, simulated, and kept if within `epsilon`.
    fn propose(
        &self,
        proposer: Option<&Proposer>,
        t: usize,
        i: usize,
        epsilon: f64,
    ) -> Result<Proposal, AnalysisError> {
        let mut rng = Streams::new(self.settings.seed).stream2(t as u64, i as u64);
        let seed: u64 = rng.random();
        let drawn = match proposer {
            None => {
                let m = rng.random_range(0..self.hypotheses.len());
                let params = &self.hypotheses[m].params;
                Some((m, params.iter().map(|(_, p)| p.sample(&mut rng)).collect()))
            }
            Some(p) => p.draw(&mut rng, TRIES),
        };
        let Some((model, theta)) = drawn else {
            return Ok(None);
        };
        let summary = self.sim.simulate(model, &theta, seed)?;
        if summary.len() != self.observed.len() {
            return Err(AnalysisError::Input(format!(
                "the simulator returned {} summaries for hypothesis `{}`, {} were observed",
                summary.len(),
                self.hypotheses[model].name,
                self.observed.len()
            )));
        }
        let distance = self.distance.between(&summary, self.observed);
        if !(distance.is_finite() && distance <= epsilon) {
            return Ok(None);
        }
        let log_weight = proposer.map_or(0.0, |p| p.log_weight(model, &theta));
        Ok(Some(Particle {
            model,
            theta,
            weight: log_weight,
            distance,
            summary,
        }))
    }
}
