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
//! [`Check`] says which posterior the parameters are read from. Simulation-based calibration is a
//! property of one model's posterior p(θ | record, hypothesis), so by default ([`Check::Both`]) the
//! parameters come from a second run of the same sampler on the true hypothesis alone, with the
//! same settings: in the joint run a hypothesis that loses most of its particles to a rival is
//! left with a handful, and the interval they span says more about that handful than about the
//! posterior. [`Check::Choice`] reads them from the joint run instead (what `explain` reports for
//! a hypothesis, at its effective sample size), [`Check::Parameters`] runs only the fit of the
//! true hypothesis.
//!
//! Each parameter is read twice from the same particles: as they are, and after regression
//! adjustment on the summaries ([`abc::adjust`]), which takes out the spread the last tolerance
//! lets in. Plain ABC-SMC with a few generations over-covers (its intervals are too wide, its
//! rank histograms heaped in the middle); the log keeps both readings so that the check itself
//! says which is calibrated.
//!
//! Datasets are independent and each is a pure function of (seed, index): `recovery.csv` grows by
//! one block of rows per dataset and a rerun resumes after the last complete one. Beside it,
//! `recovery_particles/` keeps each dataset's fit (its format: `docs/outputs.md`), which a rerun
//! reads instead of simulating again: a log removed is rebuilt from them in seconds.

use std::path::Path;

use chistka_engine::streams::Streams;

use crate::AnalysisError as Error;
use crate::abc::{self, Side, Simulator, sbc};
use crate::explain::{ModelSimulator, Settings, fitted_targets, observed_and_distance};
use crate::hypotheses::Hypothesis;
use crate::log::AppendLog;

mod particles;

use particles::Fit;

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
    /// The same read from the regression-adjusted particles ([`abc::adjust`]).
    pub adjusted: Reading,
}

/// A reading of one parameter's posterior against its true value.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The 90% credible interval (NaN if the hypothesis lost every particle).
    pub interval: (f64, f64),
    /// Whether it covers the truth.
    pub covers: bool,
    /// The rank bin of the truth among the particles (of [`BINS`]; [`BINS`] if none).
    pub rank: usize,
}

/// One synthetic dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// Its index.
    pub index: usize,
    /// The hypothesis that generated it.
    pub truth: usize,
    /// The hypothesis of highest posterior probability (`None` when the model choice was not
    /// run: [`Check::Parameters`]).
    pub chosen: Option<usize>,
    /// The posterior probability of the true hypothesis (NaN when not run).
    pub probability_of_truth: f64,
    /// The true hypothesis's parameters.
    pub parameters: Vec<ParameterCheck>,
}

/// Which runs a check makes for each synthetic record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// The model choice over all hypotheses; the parameters read from its particles of the true
    /// hypothesis.
    Choice,
    /// Only a fit of the true hypothesis alone; the parameters read from it.
    Parameters,
    /// The model choice for the choice, and the fit of the true hypothesis alone for the
    /// parameters.
    Both,
}

impl Check {
    /// Its name on the command line and in the log.
    pub fn name(self) -> &'static str {
        match self {
            Check::Choice => "choice",
            Check::Parameters => "parameters",
            Check::Both => "both",
        }
    }

    /// The check of a name.
    ///
    /// # Errors
    /// [`Error::Input`] naming the three.
    pub fn parse(s: &str) -> Result<Check, Error> {
        match s {
            "choice" => Ok(Check::Choice),
            "parameters" => Ok(Check::Parameters),
            "both" => Ok(Check::Both),
            other => Err(Error::Input(format!(
                "--recovery-check `{other}`: expected `choice` (the model choice, parameters from \
                 it), `parameters` (a fit of the true hypothesis alone) or `both`"
            ))),
        }
    }

    fn chooses(self) -> bool {
        self != Check::Parameters
    }
}

/// Rank bins of the histograms.
pub const BINS: usize = 10;

/// The credible level checked.
pub const LEVEL: f64 = 0.9;

/// The coverage a parameter's intervals must reach, and not exceed, for the check to pass
/// (issue "The explanations as rival hypotheses": between 80% and 97% of records).
pub const BAND: (f64, f64) = (0.8, 0.97);

const COLUMNS: [&str; 14] = [
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
    "lo_adjusted",
    "hi_adjusted",
    "covers_adjusted",
    "rank_adjusted",
];

/// Runs (or resumes) the check over `datasets` synthetic records, appending to `log`. A log
/// that already holds more is left whole, and the cases returned are its first `datasets`: the
/// rates of the first N records of a longer run, without a simulation.
///
/// # Errors
/// As [`abc::run`]; [`Error::Resume`] for a log of another check.
pub fn check(
    pool: &rayon::ThreadPool,
    hypotheses: &[Hypothesis],
    settings: &Settings,
    what: Check,
    datasets: usize,
    log: &Path,
    progress: crate::Progress,
) -> Result<Vec<Case>, Error> {
    let targets = fitted_targets(&settings.targets)?;
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
            "# recovery check: check={} hypotheses={} targets={} scale={} society={} particles={} generations={} quantile={} max_simulations={} seed={}",
            what.name(),
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
            settings.society.name(),
            settings.abc.particles,
            settings.abc.generations,
            settings.abc.quantile,
            settings.abc.max_simulations,
            settings.abc.seed
        ),
        crate::log::csv_line(&COLUMNS).trim_end().to_string(),
    ];
    let particles_dir = log.with_file_name(particles::DIR);
    let (mut log, existing) = AppendLog::open(log, &preamble, "recovery check")?;
    let mut cases = parse_cases(&existing.records, hypotheses)?;
    cases.truncate(datasets);
    let streams = Streams::new(settings.abc.seed);
    let file = particles::File {
        preamble: &preamble[0],
        models: &models,
        targets: &targets,
        scales: &distance.scales,
    };
    progress(cases.len() as u64, datasets as u64);
    for index in cases.len()..datasets {
        // A record whose particles this check already kept is read again, not simulated
        // again: the reading can change without the simulations.
        let path = particles_dir.join(particles::name(index));
        let fit = match file.read(&path)? {
            Some(fit) => fit,
            None => {
                let fit = one(
                    pool, hypotheses, &targets, &models, &distance, settings, what, &streams, index,
                )?;
                // Written before the dataset's rows: a log row without its particles cannot
                // happen.
                file.write(&path, index, &fit)?;
                fit
            }
        };
        let case = read(index, &fit, &models, &distance.scales);
        for p in &case.parameters {
            log.append(&[
                index.to_string(),
                models[case.truth].name.clone(),
                case.chosen
                    .map_or_else(String::new, |c| models[c].name.clone()),
                chistka_format::csv(case.probability_of_truth),
                p.key.clone(),
                chistka_format::csv(p.truth),
                chistka_format::csv(p.interval.0),
                chistka_format::csv(p.interval.1),
                p.covers.to_string(),
                p.rank.to_string(),
                chistka_format::csv(p.adjusted.interval.0),
                chistka_format::csv(p.adjusted.interval.1),
                p.adjusted.covers.to_string(),
                p.adjusted.rank.to_string(),
            ])?;
        }
        cases.push(case);
        progress(cases.len() as u64, datasets as u64);
    }
    Ok(cases)
}

#[allow(clippy::too_many_arguments)]
fn one(
    pool: &rayon::ThreadPool,
    hypotheses: &[Hypothesis],
    targets: &[crate::targets::Target],
    models: &[abc::Hypothesis],
    distance: &abc::Distance,
    settings: &Settings,
    what: Check,
    streams: &Streams,
    index: usize,
) -> Result<Fit, Error> {
    use rand::Rng as _;
    let mut rng = streams.stream2(0x7265_636f, index as u64);
    let truth = rng.random_range(0..models.len());
    let theta: Vec<f64> = models[truth]
        .params
        .iter()
        .map(|(_, p)| p.sample(&mut rng))
        .collect();
    let record_seed = rng.random();
    let abc_settings = abc::Settings {
        seed: rng.random(),
        ..settings.abc.clone()
    };
    // A shared society is drawn from the record's sampler seed; the record itself is made on a
    // society of its own, as the real record was not made on the fit's synthetic population.
    let sim = &ModelSimulator::new(
        hypotheses,
        targets,
        settings.scale,
        settings.society,
        abc_settings.seed,
    );
    let observed = sim.simulate_own(truth, &theta, record_seed)?;
    let fit = |models: &[abc::Hypothesis], sim: &dyn Simulator| {
        abc::run(
            models,
            &Dyn(sim),
            &observed,
            distance,
            &abc_settings,
            pool,
            None,
            &mut |_, _| {},
        )
    };
    let (chosen, probability_of_truth, joint) = if what.chooses() {
        let posterior = fit(models, sim)?;
        let probability = posterior.model_probability();
        let chosen = (0..probability.len())
            .max_by(|&a, &b| probability[a].total_cmp(&probability[b]))
            .unwrap_or(0);
        (Some(chosen), probability[truth], Some(posterior))
    } else {
        (None, f64::NAN, None)
    };
    // The posterior the parameters are read from, and the true hypothesis's index in it.
    let (posterior, m) = match (what, joint) {
        (Check::Choice, Some(joint)) => (joint, truth),
        _ => {
            let alone = Alone { sim, model: truth };
            (fit(std::slice::from_ref(&models[truth]), &alone)?, 0)
        }
    };
    let particles = posterior
        .last()
        .particles
        .iter()
        .filter(|p| p.model == m)
        .cloned()
        .collect();
    Ok(Fit {
        truth,
        theta,
        chosen,
        probability_of_truth,
        observed,
        particles,
    })
}

/// Reads a dataset's parameters from its fit: each parameter's interval and rank, plainly and
/// after regression adjustment.
fn read(index: usize, fit: &Fit, models: &[abc::Hypothesis], scales: &[f64]) -> Case {
    let weights: Vec<f64> = fit.particles.iter().map(|p| p.weight).collect();
    let summaries: Vec<&[f64]> = fit.particles.iter().map(|p| p.summary.as_slice()).collect();
    // Synthetic records are exact simulated values: every target two-sided, as in the fit.
    let by = abc::Distance::new(scales.to_vec());
    let reading = |truth: f64, values: &[f64]| {
        if values.is_empty() {
            return Reading {
                interval: (f64::NAN, f64::NAN),
                covers: false,
                rank: BINS,
            };
        }
        let tail = (1.0 - LEVEL) / 2.0;
        let interval = (
            abc::weighted::quantile(values, &weights, tail),
            abc::weighted::quantile(values, &weights, 1.0 - tail),
        );
        Reading {
            interval,
            covers: sbc::covers(interval, truth),
            rank: sbc::rank(truth, values, &weights, BINS),
        }
    };
    let parameters = models[fit.truth]
        .params
        .iter()
        .enumerate()
        .map(|(k, (key, prior))| {
            let truth = fit.theta[k];
            let values: Vec<f64> = fit.particles.iter().map(|p| p.theta[k]).collect();
            let plain = reading(truth, &values);
            let adjusted = if values.is_empty() {
                values
            } else {
                abc::adjust::adjusted(&values, &weights, &summaries, &fit.observed, &by, prior)
            };
            ParameterCheck {
                key: key.clone(),
                truth,
                interval: plain.interval,
                covers: plain.covers,
                rank: plain.rank,
                adjusted: reading(truth, &adjusted),
            }
        })
        .collect();
    Case {
        index,
        truth: fit.truth,
        chosen: fit.chosen,
        probability_of_truth: fit.probability_of_truth,
        parameters,
    }
}

/// The simulator of one hypothesis alone: model 0 of a one-hypothesis fit is `model` of `sim`.
struct Alone<'a> {
    sim: &'a dyn Simulator,
    model: usize,
}

impl Simulator for Alone<'_> {
    fn simulate(&self, _model: usize, theta: &[f64], seed: u64) -> Result<Vec<f64>, Error> {
        self.sim.simulate(self.model, theta, seed)
    }

    fn describe(&self) -> String {
        self.sim.describe()
    }
}

/// A simulator behind a reference to the trait object, so [`abc::run`] takes either kind.
struct Dyn<'a>(&'a dyn Simulator);

impl Simulator for Dyn<'_> {
    fn simulate(&self, model: usize, theta: &[f64], seed: u64) -> Result<Vec<f64>, Error> {
        self.0.simulate(model, theta, seed)
    }

    fn describe(&self) -> String {
        self.0.describe()
    }
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
    // The header is part of the log's preamble: every record is a row.
    for (line, r) in records {
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
                chosen: if r[2].is_empty() {
                    None
                } else {
                    Some(by_name(&r[2], *line)?)
                },
                probability_of_truth: if r[3].is_empty() {
                    f64::NAN
                } else {
                    number(&r[3], *line)?
                },
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
            adjusted: Reading {
                interval: (number(&r[10], *line)?, number(&r[11], *line)?),
                covers: r[12] == "true",
                rank: r[13].parse().unwrap_or(BINS),
            },
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
    /// Datasets on which the model choice ran.
    pub chosen_of: usize,
    /// Share of those in which the true hypothesis had the highest probability (NaN if none:
    /// no rate, rather than a rate of 0).
    pub chosen_rate: f64,
    /// Per hypothesis: (datasets it generated, share of them in which it was chosen, of those
    /// on which the model choice ran; NaN if none).
    pub by_hypothesis: Vec<(usize, f64)>,
    /// Per parameter of each hypothesis.
    pub coverage: Vec<ParameterRates>,
}

/// The coverage of one parameter of one hypothesis, read plainly and after adjustment.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterRates {
    /// The hypothesis's index.
    pub model: usize,
    /// The parameter's key.
    pub key: String,
    /// Datasets the hypothesis generated.
    pub datasets: usize,
    /// Share of them whose 90% interval covered the truth (NaN if it generated none).
    pub coverage: f64,
    /// The truth's rank bins.
    pub ranks: sbc::RankHistogram,
    /// The same after regression adjustment.
    pub coverage_adjusted: f64,
    /// The same after regression adjustment.
    pub ranks_adjusted: sbc::RankHistogram,
}

/// The rates over the cases.
pub fn rates(cases: &[Case], hypotheses: &[Hypothesis]) -> Rates {
    // A share of nothing is no share: NaN, which the tables print as a dash, not 0%.
    let share = |part: usize, of: usize| {
        if of == 0 {
            f64::NAN
        } else {
            part as f64 / of as f64
        }
    };
    let n = cases.len();
    let chosen_of = cases.iter().filter(|c| c.chosen.is_some()).count();
    let chosen = cases.iter().filter(|c| c.chosen == Some(c.truth)).count();
    let by_hypothesis = (0..hypotheses.len())
        .map(|m| {
            let generated = cases.iter().filter(|c| c.truth == m).count();
            let of: Vec<&Case> = cases
                .iter()
                .filter(|c| c.truth == m && c.chosen.is_some())
                .collect();
            let right = of.iter().filter(|c| c.chosen == Some(m)).count();
            (generated, share(right, of.len()))
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
            let histogram = |ranks: &mut dyn Iterator<Item = usize>| {
                let mut hist = sbc::RankHistogram::new(BINS);
                for r in ranks.filter(|&r| r < BINS) {
                    hist.add(r);
                }
                hist
            };
            let rate = |covered: usize| share(covered, checks.len());
            coverage.push(ParameterRates {
                model: m,
                key: key.clone(),
                datasets: checks.len(),
                coverage: rate(checks.iter().filter(|p| p.covers).count()),
                ranks: histogram(&mut checks.iter().map(|p| p.rank)),
                coverage_adjusted: rate(checks.iter().filter(|p| p.adjusted.covers).count()),
                ranks_adjusted: histogram(&mut checks.iter().map(|p| p.adjusted.rank)),
            });
        }
    }
    Rates {
        datasets: n,
        chosen_of,
        chosen_rate: share(chosen, chosen_of),
        by_hypothesis,
        coverage,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(covers: bool, rank: usize) -> Reading {
        Reading {
            interval: (0.0, 1.0),
            covers,
            rank,
        }
    }

    fn case(index: usize, truth: usize, chosen: Option<usize>, covers: [bool; 2]) -> Case {
        Case {
            index,
            truth,
            chosen,
            probability_of_truth: f64::NAN,
            parameters: vec![ParameterCheck {
                key: "p".into(),
                truth: 0.5,
                interval: (0.0, 1.0),
                covers: covers[0],
                rank: 3,
                adjusted: reading(covers[1], 9),
            }],
        }
    }

    #[test]
    fn a_rate_of_nothing_is_no_rate_not_zero() {
        let hyps = crate::hypotheses::load_list("top-down,snowball").unwrap();
        // Three parameter-only records, all of the first hypothesis.
        let cases = [
            case(0, 0, None, [true, false]),
            case(1, 0, None, [true, true]),
            case(2, 0, None, [false, true]),
        ];
        let rates = rates(&cases, &hyps);
        assert!(rates.chosen_rate.is_nan(), "no model choice ran");
        assert_eq!(rates.by_hypothesis[0].0, 3);
        assert!(rates.by_hypothesis[0].1.is_nan());
        assert_eq!(rates.by_hypothesis[1].0, 0);
        let first = &rates.coverage[0];
        assert_eq!((first.model, first.datasets), (0, 3));
        assert!((first.coverage - 2.0 / 3.0).abs() < 1e-12);
        assert!((first.coverage_adjusted - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(first.ranks.bins[3], 3);
        assert_eq!(first.ranks_adjusted.bins[9], 3);
        let second: Vec<&ParameterRates> = rates.coverage.iter().filter(|r| r.model == 1).collect();
        assert!(!second.is_empty());
        for r in second {
            assert_eq!(r.datasets, 0);
            assert!(r.coverage.is_nan() && r.coverage_adjusted.is_nan(), "{r:?}");
        }

        // With a model choice: a rate over the records it ran on.
        let cases = [
            case(0, 0, Some(0), [true; 2]),
            case(1, 1, Some(0), [true; 2]),
        ];
        let rates = super::rates(&cases, &hyps);
        assert!((rates.chosen_rate - 0.5).abs() < 1e-12);
        assert_eq!(rates.by_hypothesis, vec![(1, 1.0), (1, 0.0)]);
    }
}
