//! Which explanations fit the record: ABC-SMC model choice ([`crate::abc`]) over the
//! hypotheses of [`crate::hypotheses`], against the fitted targets of one or several target sets
//! (by default `archival` and `patterns`).
//!
//! - **The simulator** runs a hypothesis's scenario at the proposed parameter values, at the
//!   chosen scale and the proposal's seed, and reads every target's model value from the run
//!   ([`crate::targets::Target::value`]).
//! - **The distance** is the root mean square over the targets of (model − record) /
//!   (record × tolerance): 1 is a run at the edge of every tolerance. An "at least" target
//!   counts only a shortfall, an "at most" target only an excess.
//! - **The posterior predictive** is drawn afresh: `predictive_runs` particles of each hypothesis
//!   are drawn by weight and simulated again on new seeds, so the bands show what the fitted
//!   hypothesis produces, not only the simulations that happened to pass the last tolerance.
//!   A target *fits* a hypothesis when the mean of its predictive runs is within tolerance.
//! - **The counterfactuals** ([`crate::counterfactuals`]) run on each predictive run's particle
//!   and seed, so their differences are posterior-predictive differences with bands.
//! - **Results do not depend on the thread count**, and an interrupted run resumes from its log
//!   (both from [`crate::abc`]); the predictive seeds are a pure function of the settings' seed.

use std::path::PathBuf;

use chistka_engine::streams::Streams;
use rand::Rng as _;

use crate::AnalysisError as Error;
use crate::abc::{self, Distance, Posterior, Simulator};
use crate::counterfactuals;
use crate::hypotheses::Hypothesis;
use crate::outcome::{Societies, run_in, run_one};
use crate::targets::{Relation, Target, TargetSet};
use crate::validate::{relative_error, within};
use chistka_model::society::Society;

/// The settings of a model choice.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The sets whose fitted targets (weight > 0) are the observations.
    pub targets: Vec<TargetSet>,
    /// Population scale of every simulation.
    pub scale: f64,
    /// The sampler's settings.
    pub abc: abc::Settings,
    /// Fresh runs per hypothesis for the posterior predictive.
    pub predictive_runs: usize,
    /// The resumable log of generations.
    pub log: Option<PathBuf>,
    /// Where the sampler's simulations get their synthetic society. With
    /// [`Societies::Shared`] one is drawn from the sampler's seed and hosts every proposal;
    /// the posterior-predictive runs and the counterfactuals always draw their own, so their
    /// bands include the population's own variation.
    pub society: Societies,
}

/// The model, as [`abc`] sees it.
#[derive(Debug)]
pub struct ModelSimulator<'a> {
    hypotheses: &'a [Hypothesis],
    targets: &'a [Target],
    scale: f64,
    /// The society every proposal runs in, when shared.
    society: Option<Society>,
}

impl ModelSimulator<'_> {
    /// The targets' values in a run (NaN where a run lacks one).
    fn values(&self, run: &crate::outcome::RunOutcome) -> Vec<f64> {
        self.targets
            .iter()
            .map(|t| t.value(run).unwrap_or(f64::NAN))
            .collect()
    }
}

impl<'a> ModelSimulator<'a> {
    /// The simulator of `hypotheses` reading `targets`, at `scale`, each run on a society of its
    /// own ([`Societies::Own`]) or on one drawn from `seed` ([`Societies::Shared`]; from the
    /// first hypothesis's scenario: a proposal whose scenario it does not fit draws its own).
    pub fn new(
        hypotheses: &'a [Hypothesis],
        targets: &'a [Target],
        scale: f64,
        society: Societies,
        seed: u64,
    ) -> Self {
        let society = match (society, hypotheses.first()) {
            (Societies::Shared, Some(h)) => Some(Society::build(&h.scenario.params, scale, seed)),
            _ => None,
        };
        ModelSimulator {
            hypotheses,
            targets,
            scale,
            society,
        }
    }

    /// As [`Simulator::simulate`], but always on a society of the run's own: how a synthetic
    /// record is made, so that a fit on a shared society is not tested on its own population.
    ///
    /// # Errors
    /// As [`Simulator::simulate`].
    pub fn simulate_own(&self, model: usize, theta: &[f64], seed: u64) -> Result<Vec<f64>, Error> {
        let scenario = self.hypotheses[model].at(theta)?;
        Ok(self.values(&run_one(&scenario, self.scale, seed)?))
    }
}

impl Simulator for ModelSimulator<'_> {
    fn simulate(&self, model: usize, theta: &[f64], seed: u64) -> Result<Vec<f64>, Error> {
        let scenario = self.hypotheses[model].at(theta)?;
        let run = match &self.society {
            Some(society) => run_in(society, &scenario, seed)?,
            None => run_one(&scenario, self.scale, seed)?,
        };
        Ok(self.values(&run))
    }

    fn describe(&self) -> String {
        match &self.society {
            Some(s) => format!("scale={} society=shared:{}", self.scale, s.seed()),
            None => format!("scale={} society=own", self.scale),
        }
    }
}

/// One target under one hypothesis: the record, the predictive mean and 90% band, and whether
/// the mean is within tolerance.
#[derive(Debug, Clone)]
pub struct Fit {
    /// Index of the target in [`Explanation::targets`].
    pub target: usize,
    /// Mean over the predictive runs.
    pub mean: f64,
    /// 5th percentile.
    pub p05: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Relative error of the mean.
    pub relative_error: f64,
    /// Within tolerance.
    pub within: bool,
}

/// The result of a model choice.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// The hypotheses, in the order given.
    pub hypotheses: Vec<Hypothesis>,
    /// The targets that were fitted.
    pub targets: Vec<Target>,
    /// The sampler's posterior.
    pub posterior: Posterior,
    /// Per hypothesis, per target: the predictive fit (empty for a hypothesis with no particle
    /// left).
    pub fits: Vec<Vec<Fit>>,
    /// The counterfactuals under each hypothesis, from the same predictive runs.
    pub counterfactuals: Vec<counterfactuals::Difference>,
}

/// The fitted targets of the sets, each once (by name).
///
/// # Errors
/// [`Error::Input`] if no set has a fitted target, or two sets give one name different figures.
pub fn fitted_targets(sets: &[TargetSet]) -> Result<Vec<Target>, Error> {
    let mut out: Vec<Target> = Vec::new();
    for set in sets {
        for t in set.targets.iter().filter(|t| t.weight > 0.0) {
            match out.iter().find(|o| o.name == t.name) {
                Some(o) if o.value != t.value || o.key != t.key => {
                    return Err(Error::Input(format!(
                        "target `{}` is in two sets with different figures",
                        t.name
                    )));
                }
                Some(_) => {}
                None => out.push(t.clone()),
            }
        }
    }
    if out.is_empty() {
        return Err(Error::Input(
            "no fitted target (weight > 0) in the target sets given".into(),
        ));
    }
    Ok(out)
}

/// The observations and the distance of the targets: scale = |record| x tolerance, and for a
/// one-sided target the side that counts.
pub fn observed_and_distance(targets: &[Target]) -> (Vec<f64>, Distance) {
    let observed = targets.iter().map(|t| t.value).collect();
    let scales = targets
        .iter()
        .map(|t| (t.value.abs() * t.tolerance).max(1e-12))
        .collect();
    let sides = targets
        .iter()
        .map(|t| match t.relation {
            Relation::Eq => abc::Side::Both,
            Relation::Ge => abc::Side::Below,
            Relation::Le => abc::Side::Above,
        })
        .collect();
    (observed, Distance { scales, sides })
}

/// Runs the model choice.
///
/// # Errors
/// As [`abc::run`]; [`Error::Input`] for empty hypotheses or targets.
pub fn explain(
    pool: &rayon::ThreadPool,
    hypotheses: &[Hypothesis],
    settings: &Settings,
    progress: crate::Progress,
) -> Result<Explanation, Error> {
    let targets = fitted_targets(&settings.targets)?;
    let sim = ModelSimulator::new(
        hypotheses,
        &targets,
        settings.scale,
        settings.society,
        settings.abc.seed,
    );
    let (observed, distance) = observed_and_distance(&targets);
    let models: Vec<abc::Hypothesis> = hypotheses
        .iter()
        .map(|h| abc::Hypothesis {
            name: h.name.clone(),
            params: h.priors.clone(),
        })
        .collect();
    let posterior = abc::run(
        &models,
        &sim,
        &observed,
        &distance,
        &settings.abc,
        pool,
        settings.log.as_deref(),
        progress,
    )?;
    let (fits, counterfactuals) = predictive(pool, &sim, &posterior, &targets, settings)?;
    Ok(Explanation {
        hypotheses: hypotheses.to_vec(),
        targets,
        posterior,
        fits,
        counterfactuals,
    })
}

/// What one predictive run gives: the targets' values, the counterfactuals' metrics (the
/// factual first).
type PredictiveRun = (Vec<f64>, Vec<Vec<f64>>);

/// Fresh runs of particles drawn by weight within each hypothesis, each with the
/// counterfactuals on the same seed.
fn predictive(
    pool: &rayon::ThreadPool,
    sim: &ModelSimulator<'_>,
    posterior: &Posterior,
    targets: &[Target],
    settings: &Settings,
) -> Result<(Vec<Vec<Fit>>, Vec<counterfactuals::Difference>), Error> {
    let last = posterior.last();
    let n = settings.predictive_runs;
    // Which particle each predictive run takes, and its seed: a pure function of the seed.
    let streams = Streams::new(settings.abc.seed);
    let mut jobs: Vec<(usize, usize, u64)> = Vec::new();
    for m in 0..posterior.hypotheses.len() {
        let members: Vec<usize> = (0..last.particles.len())
            .filter(|&i| last.particles[i].model == m)
            .collect();
        let total: f64 = members.iter().map(|&i| last.particles[i].weight).sum();
        if members.is_empty() || total <= 0.0 {
            continue;
        }
        let mut rng = streams.stream2(0x7072_6564, m as u64);
        for _ in 0..n {
            let mut u = rng.random::<f64>() * total;
            let mut pick = members[members.len() - 1];
            for &i in &members {
                u -= last.particles[i].weight;
                if u <= 0.0 {
                    pick = i;
                    break;
                }
            }
            jobs.push((m, pick, rng.random::<u64>()));
        }
    }
    let mut values: Vec<Vec<Vec<f64>>> = vec![Vec::new(); posterior.hypotheses.len()];
    let mut pairs = Vec::new();
    crate::parallel::in_order(
        pool,
        jobs.len(),
        |k| -> Result<PredictiveRun, Error> {
            let (m, i, seed) = jobs[k];
            let theta = &last.particles[i].theta;
            let factual = sim.hypotheses[m].at(theta)?;
            let run = run_one(&factual, sim.scale, seed)?;
            let metrics = |r: &crate::outcome::RunOutcome| {
                counterfactuals::METRICS
                    .iter()
                    .map(|k| r.summary_value(k).unwrap_or(f64::NAN))
                    .collect::<Vec<f64>>()
            };
            let mut cf = vec![metrics(&run)];
            for name in counterfactuals::NAMES {
                let other = counterfactuals::apply(&factual, name)?;
                cf.push(metrics(&run_one(&other, sim.scale, seed)?));
            }
            let summary = sim.values(&run);
            Ok((summary, cf))
        },
        |k, (summary, mut cf)| {
            values[jobs[k].0].push(summary);
            let factual = cf.remove(0);
            pairs.push((jobs[k].0, factual, cf));
            Ok(())
        },
    )?;
    let differences = counterfactuals::differences(&pairs, posterior.hypotheses.len());
    let fits = values
        .iter()
        .map(|runs| {
            if runs.is_empty() {
                return Vec::new();
            }
            targets
                .iter()
                .enumerate()
                .map(|(j, t)| {
                    let mut v: Vec<f64> = runs
                        .iter()
                        .map(|r| r[j])
                        .filter(|x| x.is_finite())
                        .collect();
                    v.sort_by(f64::total_cmp);
                    let mean = v.iter().sum::<f64>() / v.len().max(1) as f64;
                    let e = relative_error(mean, t.value, t.relation);
                    Fit {
                        target: j,
                        mean,
                        p05: crate::bands::quantile_sorted(&v, 0.05),
                        p95: crate::bands::quantile_sorted(&v, 0.95),
                        relative_error: e,
                        within: within(e, t.tolerance),
                    }
                })
                .collect()
        })
        .collect();
    Ok((fits, differences))
}

impl Explanation {
    /// `counterfactuals.csv`: under each hypothesis, each counterfactual's paired difference in
    /// the arrests and executions of 1937-38 over the predictive runs.
    pub fn counterfactuals_csv(&self) -> String {
        use chistka_format::csv as num;
        let mut text = crate::log::csv_line(&[
            "hypothesis",
            "counterfactual",
            "metric",
            "factual_mean",
            "counterfactual_mean",
            "difference_mean",
            "difference_p05",
            "difference_p95",
        ]);
        for d in &self.counterfactuals {
            text.push_str(&crate::log::csv_line(&[
                self.hypotheses[d.hypothesis].name.clone(),
                d.counterfactual.to_string(),
                d.metric.to_string(),
                num(d.base),
                num(d.mean),
                num(d.diff),
                num(d.p05),
                num(d.p95),
            ]));
        }
        text
    }

    /// `hypotheses.csv`: per hypothesis its posterior probability, the probability's Monte Carlo
    /// error, the effective sample size, and the targets its predictive runs fit and miss.
    pub fn hypotheses_csv(&self) -> String {
        use chistka_format::csv as num;
        let mut text = crate::log::csv_line(&[
            "hypothesis",
            "summary",
            "probability",
            "probability_error",
            "ess",
            "targets_fitted",
            "targets_missed",
            "missed",
        ]);
        let p = self.posterior.model_probability();
        let e = self.posterior.model_probability_error();
        for (m, h) in self.hypotheses.iter().enumerate() {
            let fits = &self.fits[m];
            let missed: Vec<&str> = fits
                .iter()
                .filter(|f| !f.within)
                .map(|f| self.targets[f.target].name.as_str())
                .collect();
            text.push_str(&crate::log::csv_line(&[
                h.name.clone(),
                h.summary.clone(),
                num(p[m]),
                num(e[m]),
                num(self.posterior.last().model_ess[m]),
                (fits.len() - missed.len()).to_string(),
                missed.len().to_string(),
                missed.join(" "),
            ]));
        }
        text
    }

    /// `predictive.csv`: per hypothesis and target, the record, the predictive mean and 90%
    /// band, the relative error and whether it is within tolerance.
    pub fn predictive_csv(&self) -> String {
        use chistka_format::csv as num;
        let mut text = crate::log::csv_line(&[
            "hypothesis",
            "target",
            "record",
            "relation",
            "tolerance",
            "mean",
            "p05",
            "p95",
            "relative_error",
            "within",
        ]);
        for (m, h) in self.hypotheses.iter().enumerate() {
            for f in &self.fits[m] {
                let t = &self.targets[f.target];
                text.push_str(&crate::log::csv_line(&[
                    h.name.clone(),
                    t.name.clone(),
                    num(t.value),
                    match t.relation {
                        Relation::Eq => "eq".into(),
                        Relation::Ge => "ge".into(),
                        Relation::Le => "le".into(),
                    },
                    num(t.tolerance),
                    num(f.mean),
                    num(f.p05),
                    num(f.p95),
                    num(f.relative_error),
                    f.within.to_string(),
                ]));
            }
        }
        text
    }
}
