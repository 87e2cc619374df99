//! The recovery check of the model choice (issue "The explanations as rival hypotheses"): before
//! trusting what `explain` says about the record, show that it finds the truth where the truth is
//! known.
//!
//! For each of `datasets` synthetic records: draw a hypothesis uniformly and its parameters from
//! its prior, simulate the model once, and take the run's target values as the record. Then run
//! the same ABC-SMC model choice as `explain` (the same code, scale and settings, the distance
//! scaled by the real record's tolerances) and note:
//!
//! - whether the hypothesis of highest posterior probability is the true one;
//! - for each of the true hypothesis's parameters, whether its 90% credible interval covers the
//!   true value, and the rank of the true value among the posterior particles (simulation-based
//!   calibration, Talts et al. 2018: calibrated inference puts it in every rank bin equally
//!   often).
//!
//! Datasets are independent and each is a pure function of (seed, index): `recovery.csv` grows by
//! one block of rows per dataset and a rerun resumes after the last complete one.

use std::path::Path;

use chistka_engine::streams::Streams;

use crate::AnalysisError as Error;
use crate::abc::{self, Side, Simulator, sbc};
use crate::explain::{ModelSimulator, Settings, fitted_targets, observed_and_distance};
use crate::hypotheses::Hypothesis;
use crate::log::AppendLog;

/// One parameter of one synthetic dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterCheck {
    /// The parameter's key.
    pub key: String,
    /// Its true value.
    pub truth: f64,
    /// The 90% credible interval under the true hypothesis (NaN if it lost every particle).
    pub interval: (f64, f64),
    /// Whether the interval covers the truth.
    pub covers: bool,
    /// The rank bin of the truth among the posterior particles (of [`BINS`]).
    pub rank: usize,
}

/// One synthetic dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Its index.
    pub index: usize,
    /// The hypothesis that generated it.
    pub truth: usize,
    /// The hypothesis of highest posterior probability.
    pub chosen: usize,
    /// The posterior probability of the true hypothesis.
    pub probability_of_truth: f64,
    /// The true hypothesis's parameters.
    pub parameters: Vec<ParameterCheck>,
}

/// Rank bins of the histograms.
pub const BINS: usize = 10;

/// The credible level checked.
pub const LEVEL: f64 = 0.9;

const COLUMNS: [&str; 10] = [
    "dataset",
    "truth",
    "chosen",
    "probability_of_truth",
    "parameter",
    "true_value",
    "lo",
    "hi",
    "covers",
    "rank",
];

/// Runs (or resumes) the check over `datasets` synthetic records, appending to `log`.
///
/// # Errors
/// As [`abc::run`]; [`Error::Resume`] for a log of another check.
pub fn check(
    pool: &rayon::ThreadPool,
    hypotheses: &[Hypothesis],
    settings: &Settings,
    datasets: usize,
    log: &Path,
    progress: crate::Progress,
) -> Result<Vec<Case>, Error> {
    let targets = fitted_targets(&settings.targets)?;
    let sim = ModelSimulator::new(hypotheses, &targets, settings.scale);
    let (_, record_distance) = observed_and_distance(&targets);
    // Synthetic records are exact simulated values: every target two-sided.
    let distance = abc::Distance {
        sides: vec![Side::Both; record_distance.scales.len()],
        scales: record_distance.scales,
    };
    let models: Vec<abc::Hypothesis> = hypotheses
        .iter()
        .map(|h| abc::Hypothesis {
            name: h.name.clone(),
            params: h.priors.clone(),
        })
        .collect();
    let preamble = vec![
        format!(
            "# recovery check: hypotheses={} targets={} scale={} particles={} generations={} quantile={} max_simulations={} seed={}",
            models
                .iter()
                .map(|h| h.name.as_str())
                .collect::<Vec<_>>()
                .join(","),
            targets
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(","),
            settings.scale,
            settings.abc.particles,
            settings.abc.generations,
            settings.abc.quantile,
            settings.abc.max_simulations,
            settings.abc.seed
        ),
        crate::log::csv_line(&COLUMNS).trim_end().to_string(),
    ];
    let (mut log, existing) = AppendLog::open(log, &preamble, "recovery check")?;
    let mut cases = parse_cases(&existing.records, hypotheses)?;
    let streams = Streams::new(settings.abc.seed);
    progress(cases.len() as u64, datasets as u64);
    for index in cases.len()..datasets {
        let case = one(pool, &sim, &models, &distance, settings, &streams, index)?;
        for p in &case.parameters {
            log.append(&[
                index.to_string(),
                models[case.truth].name.clone(),
                models[case.chosen].name.clone(),
                chistka_format::csv(case.probability_of_truth),
                p.key.clone(),
                chistka_format::csv(p.truth),
                chistka_format::csv(p.interval.0),
                chistka_format::csv(p.interval.1),
                p.covers.to_string(),
                p.rank.to_string(),
            ])?;
        }
        cases.push(case);
        progress(cases.len() as u64, datasets as u64);
    }
    Ok(cases)
}

fn one(
    pool: &rayon::ThreadPool,
    sim: &ModelSimulator<'_>,
    models: &[abc::Hypothesis],
    distance: &abc::Distance,
    settings: &Settings,
    streams: &Streams,
    index: usize,
) -> Result<Case, Error> {
    use rand::Rng as _;
    let mut rng = streams.stream2(0x7265_636f, index as u64);
    let truth = rng.random_range(0..models.len());
    let theta: Vec<f64> = models[truth]
        .params
        .iter()
        .map(|(_, p)| p.sample(&mut rng))
        .collect();
    let observed = sim.simulate(truth, &theta, rng.random())?;
    let abc_settings = abc::Settings {
        seed: rng.random(),
        ..settings.abc.clone()
    };
    let posterior = abc::run(
        models,
        sim,
        &observed,
        distance,
        &abc_settings,
        pool,
        None,
        &mut |_, _| {},
    )?;
    let probability = posterior.model_probability();
    let chosen = (0..probability.len())
        .max_by(|&a, &b| probability[a].total_cmp(&probability[b]))
        .unwrap_or(0);
    let last = posterior.last();
    let parameters = models[truth]
        .params
        .iter()
        .enumerate()
        .map(|(k, (key, _))| {
            let (draws, weights): (Vec<f64>, Vec<f64>) = last
                .particles
                .iter()
                .filter(|p| p.model == truth)
                .map(|p| (p.theta[k], p.weight))
                .unzip();
            let (interval, rank) = if draws.is_empty() {
                ((f64::NAN, f64::NAN), BINS)
            } else {
                (
                    posterior.interval(truth, k, LEVEL),
                    sbc::rank(theta[k], &draws, &weights, BINS),
                )
            };
            ParameterCheck {
                key: key.clone(),
                truth: theta[k],
                interval,
                covers: sbc::covers(interval, theta[k]),
                rank,
            }
        })
        .collect();
    Ok(Case {
        index,
        truth,
        chosen,
        probability_of_truth: probability[truth],
        parameters,
    })
}

/// The complete datasets of an earlier, interrupted check.
fn parse_cases(
    records: &[(usize, Vec<String>)],
    hypotheses: &[Hypothesis],
) -> Result<Vec<Case>, Error> {
    let by_name = |name: &str, line: usize| {
        hypotheses
            .iter()
            .position(|h| h.name == name)
            .ok_or_else(|| {
                Error::Resume(format!(
                    "recovery log line {line}: unknown hypothesis `{name}`"
                ))
            })
    };
    let number = |s: &str, line: usize| {
        s.parse::<f64>()
            .map_err(|_| Error::Resume(format!("recovery log line {line}: `{s}` is not a number")))
    };
    let mut cases: Vec<Case> = Vec::new();
    for (line, r) in records.iter().skip(1) {
        if r.len() != COLUMNS.len() {
            return Err(Error::Resume(format!(
                "recovery log line {line}: {} fields, expected {}",
                r.len(),
                COLUMNS.len()
            )));
        }
        let index: usize = r[0].parse().map_err(|_| {
            Error::Resume(format!("recovery log line {line}: bad dataset `{}`", r[0]))
        })?;
        if cases.last().is_none_or(|c| c.index != index) {
            cases.push(Case {
                index,
                truth: by_name(&r[1], *line)?,
                chosen: by_name(&r[2], *line)?,
                probability_of_truth: number(&r[3], *line)?,
                parameters: Vec::new(),
            });
        }
        let case = cases.last_mut().expect("pushed above");
        case.parameters.push(ParameterCheck {
            key: r[4].clone(),
            truth: number(&r[5], *line)?,
            interval: (number(&r[6], *line)?, number(&r[7], *line)?),
            covers: r[8] == "true",
            rank: r[9].parse().unwrap_or(BINS),
        });
    }
    // A dataset is complete when it has all its true hypothesis's parameters.
    if let Some(last) = cases.last()
        && last.parameters.len() < hypotheses[last.truth].priors.len()
    {
        cases.pop();
    }
    Ok(cases)
}

/// The rates the check reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Rates {
    /// Datasets.
    pub datasets: usize,
    /// Share in which the true hypothesis had the highest probability.
    pub chosen_rate: f64,
    /// Per hypothesis: (datasets it generated, share of them in which it was chosen).
    pub by_hypothesis: Vec<(usize, f64)>,
    /// Per parameter (hypothesis index, key): datasets, 90% coverage, rank histogram.
    pub coverage: Vec<(usize, String, usize, f64, sbc::RankHistogram)>,
}

/// The rates over the cases.
pub fn rates(cases: &[Case], hypotheses: &[Hypothesis]) -> Rates {
    let n = cases.len();
    let chosen = cases.iter().filter(|c| c.chosen == c.truth).count();
    let by_hypothesis = (0..hypotheses.len())
        .map(|m| {
            let of: Vec<&Case> = cases.iter().filter(|c| c.truth == m).collect();
            let right = of.iter().filter(|c| c.chosen == m).count();
            (of.len(), right as f64 / of.len().max(1) as f64)
        })
        .collect();
    let mut coverage = Vec::new();
    for (m, h) in hypotheses.iter().enumerate() {
        for (k, (key, _)) in h.priors.iter().enumerate() {
            let checks: Vec<&ParameterCheck> = cases
                .iter()
                .filter(|c| c.truth == m)
                .filter_map(|c| c.parameters.get(k))
                .collect();
            let mut hist = sbc::RankHistogram::new(BINS);
            for p in checks.iter().filter(|p| p.rank < BINS) {
                hist.add(p.rank);
            }
            let covered = checks.iter().filter(|p| p.covers).count();
            coverage.push((
                m,
                key.clone(),
                checks.len(),
                covered as f64 / checks.len().max(1) as f64,
                hist,
            ));
        }
    }
    Rates {
        datasets: n,
        chosen_rate: chosen as f64 / n.max(1) as f64,
        by_hypothesis,
        coverage,
    }
}
