//! The calibration loop: fit named scenario parameters to a target set.
//!
//! - **Parameters** are dotted keys of the merged scenario TOML (`quota.grant_probability`,
//!   `policing.arrests_per_100k_adults_per_year.1937`), set through [`with_values`] and
//!   [`chistka_scenario::with_overrides`], so every candidate is validated like a file.
//! - **Bounds** come from the parameter declarations ([`chistka_scenario::spec::bounds`]: each
//!   parameter's calibration range, else its valid range) or from the user
//!   (`key=lo..hi`); a key with neither is refused.
//! - **The optimiser** is `argmin`'s Nelder-Mead simplex, run on coordinates scaled to the unit
//!   cube (0 = lower bound, 1 = upper). A vertex outside the cube is evaluated at the nearest
//!   point inside and penalised by 100 times its squared distance, so the simplex walks back in.
//!   The start is the scenario's own values; the initial simplex steps 0.15 of each range.
//! - **The objective** is [`validate::loss`] of the mean over a fixed seed set (common random
//!   numbers: the same seeds for every candidate, so the objective is deterministic and the
//!   simplex compares parameters, not noise). Seeds run in parallel on the caller's pool.
//! - **The log** (`calibration.log`: a line recording scenario, targets, seeds and scale, then
//!   CSV: evaluation, loss, one column per parameter) is the experiments' one
//!   [`AppendLog`], appended and flushed after every evaluation. Nelder-Mead is deterministic, so
//!   a calibration restarted on the same log replays the logged evaluations (checking that each
//!   candidate is the one logged) instead of running them, then carries on. A truncated last
//!   line (an interrupted write) is dropped.
//! - **The budget** counts evaluations, replayed ones included.

use std::path::{Path, PathBuf};

use argmin::core::{CostFunction, Executor};
use argmin::solver::neldermead::NelderMead;
use chistka_scenario::{Scenario, dotted};

use crate::AnalysisError as Error;
use crate::log::AppendLog;
use crate::outcome::run_seeds;
use crate::spec;
use crate::targets::TargetSet;
use crate::validate;

/// A parameter to fit.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSpec {
    /// Dotted key.
    pub key: String,
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
}

/// The parameters of a comma-separated list, with bounds from `overrides` (`key=lo..hi`, read
/// by [`spec::ParamSpec::parse`]) or the declared ranges ([`declared_bounds`]).
///
/// # Errors
/// [`Error::Input`] for an empty list, a repeated key, a malformed override, or a key without
/// bounds.
pub fn parse_params(list: &str, overrides: &[String]) -> Result<Vec<ParamSpec>, Error> {
    let mut user = Vec::new();
    for o in overrides {
        match spec::ParamSpec::parse("--bounds", o)? {
            spec::ParamSpec::Range { key, lo, hi } if lo < hi => user.push((key, lo, hi)),
            _ => {
                return Err(Error::Input(format!(
                    "--bounds `{o}`: expected KEY=LO..HI with LO < HI"
                )));
            }
        }
    }
    let mut out: Vec<ParamSpec> = Vec::new();
    for key in list.split(',').map(str::trim).filter(|k| !k.is_empty()) {
        if out.iter().any(|p| p.key == key) {
            return Err(Error::Input(format!("--params: `{key}` given twice")));
        }
        let (lo, hi) = user
            .iter()
            .find(|(k, ..)| k == key)
            .map(|&(_, lo, hi)| (lo, hi))
            .or_else(|| declared_bounds(key))
            .ok_or_else(|| {
                Error::Input(format!(
                    "no declared bounds for `{key}`; give them with --bounds {key}=LO..HI"
                ))
            })?;
        out.push(ParamSpec {
            key: key.into(),
            lo,
            hi,
        });
    }
    if out.is_empty() {
        return Err(Error::Input("--params: no parameters given".into()));
    }
    if let Some((k, ..)) = user.iter().find(|(k, ..)| !out.iter().any(|p| &p.key == k)) {
        return Err(Error::Input(format!("--bounds `{k}`: not among --params")));
    }
    Ok(out)
}

/// `base` with each parameter of `specs` set to its value in `values` (rounded where the scenario
/// holds an integer), validated again.
///
/// # Errors
/// A [`chistka_scenario::ScenarioError`] if a key does not exist or a value breaks a rule.
pub fn with_values(
    base: &Scenario,
    specs: &[ParamSpec],
    values: &[f64],
) -> Result<Scenario, chistka_scenario::ScenarioError> {
    let pairs: Vec<(String, toml::Value)> = specs
        .iter()
        .zip(values)
        .map(|(p, &v)| {
            let value = if dotted::is_integer(base, &p.key) {
                toml::Value::Integer(v.round() as i64)
            } else {
                toml::Value::Float(v)
            };
            (p.key.clone(), value)
        })
        .collect();
    chistka_scenario::with_overrides(base, &pairs)
}

/// The settings of a calibration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The targets.
    pub targets: TargetSet,
    /// The seed set (the same for every candidate).
    pub seeds: Vec<u64>,
    /// Population scale.
    pub scale: f64,
    /// Evaluations at most, replayed ones included.
    pub budget: usize,
    /// The log to append to and resume from.
    pub log: PathBuf,
}

/// One evaluation of the objective.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// 0-based index.
    pub index: usize,
    /// Parameter values, in the order of the specs.
    pub values: Vec<f64>,
    /// The loss (with any out-of-bounds penalty).
    pub loss: f64,
    /// Read from the log rather than run.
    pub replayed: bool,
}

/// The outcome of a calibration.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The best evaluation.
    pub best: Evaluation,
    /// Evaluations in all.
    pub evaluations: usize,
    /// Of which replayed from the log.
    pub replayed: usize,
    /// Why it stopped.
    pub stopped: String,
    /// The base scenario with the best values.
    pub fitted: Scenario,
}

impl Outcome {
    /// The header of `fitted.toml`: the command, the date, targets, seeds and scale, the loss,
    /// and each fitted value with its bounds, as TOML comments. `command` and `date` come from
    /// the caller, so the library stays free of clocks and process arguments.
    pub fn fitted_header(
        &self,
        specs: &[ParamSpec],
        settings: &Settings,
        command: &str,
        date: &str,
    ) -> Vec<String> {
        let (first, last) = (
            settings.seeds.first().copied().unwrap_or(0),
            settings.seeds.last().copied().unwrap_or(0),
        );
        let mut header = vec![
            format!("# Fitted by: {command}"),
            format!(
                "# Date: {date} | targets: {} | seeds {first}..={last} | scale {}",
                settings.targets.name, settings.scale
            ),
            format!(
                "# Loss {} after {} evaluations ({} replayed from the log); stopped: {}",
                chistka_format::sig(self.best.loss, 6),
                self.evaluations,
                self.replayed,
                self.stopped
            ),
            "# Fitted values (bounds):".to_string(),
        ];
        for (p, v) in specs.iter().zip(&self.best.values) {
            header.push(format!(
                "#   {} = {} ({}..{})",
                p.key,
                chistka_format::csv(*v),
                chistka_format::csv(p.lo),
                chistka_format::csv(p.hi)
            ));
        }
        header.push(format!(
            "# The merged scenario `{}` with these values; check it with `chistka validate` on \
             other seeds (`--seed`).",
            self.fitted.name
        ));
        header
    }

    /// `fitted.toml`: [`Outcome::fitted_header`], then the merged scenario with the fitted
    /// values.
    pub fn fitted_toml(&self, header: &[String]) -> String {
        format!("{}\n{}", header.join("\n"), self.fitted.canonical)
    }
}

/// Why the objective stops the optimiser: the budget is spent.
#[derive(Debug, thiserror::Error)]
#[error("budget spent")]
struct BudgetSpent;

/// The log file's first line: what the logged losses were computed on.
fn context_line(s: &Settings, base: &Scenario) -> String {
    let seeds = match (s.seeds.first(), s.seeds.last()) {
        (Some(a), Some(b)) => format!("{a}..={b}"),
        _ => String::new(),
    };
    format!(
        "# scenario={} hash={} targets={} seeds={} scale={}",
        base.name,
        chistka_output::fingerprint(&base.canonical),
        s.targets.name,
        seeds,
        s.scale
    )
}

fn header_line(specs: &[ParamSpec]) -> String {
    let mut h = "evaluation,loss".to_string();
    for p in specs {
        h.push(',');
        h.push_str(&p.key);
    }
    h
}

/// The evaluations logged by an earlier run of the same calibration.
fn logged(
    existing: &crate::log::Existing,
    specs: &[ParamSpec],
    path: &Path,
) -> Result<Vec<Evaluation>, Error> {
    let mut out = Vec::new();
    for (line, fields) in &existing.records {
        let parsed: Option<Vec<f64>> = fields.iter().map(|f| f.parse::<f64>().ok()).collect();
        match parsed.filter(|v| v.len() == specs.len() + 2 && v[0] as usize == out.len()) {
            Some(v) => out.push(Evaluation {
                index: out.len(),
                loss: v[1],
                values: v[2..].to_vec(),
                replayed: true,
            }),
            None => {
                return Err(Error::Resume(format!(
                    "{}:{line}: expected evaluation {}, its loss and {} values; use another \
                     --out or remove the log",
                    path.display(),
                    out.len(),
                    specs.len()
                )));
            }
        }
    }
    Ok(out)
}

fn log_fields(e: &Evaluation) -> Vec<String> {
    // Full precision (Rust's shortest round-trip form): a replay compares the candidates.
    let mut f = vec![e.index.to_string(), format!("{}", e.loss)];
    f.extend(e.values.iter().map(|v| format!("{v}")));
    f
}

struct Objective<'a> {
    runner: &'a dyn crate::runner::Runner,
    base: &'a Scenario,
    specs: &'a [ParamSpec],
    settings: &'a Settings,
    logged: Vec<Evaluation>,
    state: std::rc::Rc<std::cell::RefCell<State<'a>>>,
}

struct State<'a> {
    done: Vec<Evaluation>,
    log: AppendLog,
    on_eval: &'a mut dyn FnMut(&Evaluation, &Evaluation),
}

impl Objective<'_> {
    fn values(&self, z: &[f64]) -> (Vec<f64>, f64) {
        let mut penalty = 0.0;
        let values = self
            .specs
            .iter()
            .zip(z)
            .map(|(p, &z)| {
                let c = z.clamp(0.0, 1.0);
                penalty += 100.0 * (z - c).powi(2);
                p.lo + (p.hi - p.lo) * c
            })
            .collect();
        (values, penalty)
    }

    fn evaluate(&self, values: &[f64]) -> Result<f64, Error> {
        let scenario = match with_values(self.base, self.specs, values) {
            Ok(s) => s,
            // A candidate that breaks a rule of validation (shares of a year above 1, say) is
            // simply very bad.
            Err(_) => return Ok(1e6),
        };
        let runs = run_seeds(
            self.runner,
            &scenario,
            self.settings.scale,
            &self.settings.seeds,
            &mut |_, _| {},
        )?;
        Ok(validate::loss(&validate::compare(
            &self.settings.targets,
            &runs,
        )))
    }
}

impl CostFunction for Objective<'_> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, z: &Self::Param) -> Result<f64, argmin::core::Error> {
        let mut st = self.state.borrow_mut();
        let index = st.done.len();
        if index >= self.settings.budget {
            return Err(argmin::core::Error::new(BudgetSpent));
        }
        let (values, penalty) = self.values(z);
        let eval = match self.logged.get(index) {
            Some(logged) => {
                let same = logged.values.len() == values.len()
                    && logged
                        .values
                        .iter()
                        .zip(&values)
                        .all(|(a, b)| (a - b).abs() <= 1e-9 * a.abs().max(1e-300));
                if !same {
                    return Err(argmin::core::Error::new(Error::Resume(format!(
                        "{}: evaluation {index} of the log is not the one this calibration \
                         replays; use another --out or remove the log",
                        self.settings.log.display()
                    ))));
                }
                logged.clone()
            }
            None => {
                let loss = self.evaluate(&values)? + penalty;
                let e = Evaluation {
                    index,
                    values,
                    loss,
                    replayed: false,
                };
                st.log.append(&log_fields(&e))?;
                e
            }
        };
        let loss = eval.loss;
        st.done.push(eval);
        let best = st
            .done
            .iter()
            .min_by(|a, b| a.loss.total_cmp(&b.loss))
            .cloned()
            .unwrap_or_else(|| st.done[index].clone());
        let last = st.done[index].clone();
        (st.on_eval)(&last, &best);
        Ok(loss)
    }
}

/// Refuses a set that must never be fitted (the validation set, or a set with no positive
/// weight): fitting it would make its out-of-sample comparison meaningless.
///
/// # Errors
/// [`Error::Input`] naming the set and what to use instead.
pub fn refuse_never_fitted(set: &TargetSet) -> Result<(), Error> {
    if set.never_fitted() {
        return Err(Error::Input(format!(
            "target set `{}` is never fitted: it is the out-of-sample check (every weight is 0 \
             or it is the validation set); calibrate on `archival` and show this set with \
             `chistka validate --targets {}`",
            set.name, set.name
        )));
    }
    Ok(())
}

/// Fits `specs` of `base` to the settings' targets; `on_eval(last, best)` is told of every
/// evaluation (for a progress bar).
///
/// # Errors
/// [`Error::Input`] if a key is not a number in the scenario or its value lies outside its
/// bounds; [`Error::Resume`] or [`Error::Io`] if the log belongs to another calibration or
/// cannot be written; [`Error::Optimiser`] if the optimiser fails.
pub fn calibrate(
    runner: &dyn crate::runner::Runner,
    base: &Scenario,
    specs: &[ParamSpec],
    settings: &Settings,
    on_eval: &mut dyn FnMut(&Evaluation, &Evaluation),
) -> Result<Outcome, Error> {
    refuse_never_fitted(&settings.targets)?;
    let mut z0 = Vec::with_capacity(specs.len());
    for p in specs {
        let v = dotted::number(base, &p.key)
            .ok_or_else(|| Error::Input(format!("`{}` is not a number in the scenario", p.key)))?;
        if !(p.lo..=p.hi).contains(&v) {
            return Err(Error::Input(format!(
                "`{}` = {v} lies outside its bounds {}..{}",
                p.key, p.lo, p.hi
            )));
        }
        z0.push((v - p.lo) / (p.hi - p.lo));
    }
    let preamble = [context_line(settings, base), header_line(specs)];
    let (log, existing) = AppendLog::open(&settings.log, &preamble, "calibration")?;
    let logged = logged(&existing, specs, &settings.log)?;
    let mut simplex = vec![z0.clone()];
    for i in 0..z0.len() {
        let mut v = z0.clone();
        v[i] += if v[i] + 0.15 <= 1.0 { 0.15 } else { -0.15 };
        simplex.push(v);
    }
    let solver: NelderMead<Vec<f64>, f64> = NelderMead::new(simplex)
        .with_sd_tolerance(1e-4)
        .map_err(|e| Error::Optimiser(e.to_string()))?;
    let replayable = logged.len();
    let state = std::rc::Rc::new(std::cell::RefCell::new(State {
        done: Vec::new(),
        log,
        on_eval,
    }));
    let objective = Objective {
        runner,
        base,
        specs,
        settings,
        logged,
        state: state.clone(),
    };
    let result = Executor::new(objective, solver)
        .configure(|s| s.max_iters(settings.budget as u64))
        .run();
    let stopped = match result {
        Ok(r) => r.state.termination_status.to_string(),
        Err(e) if e.downcast_ref::<BudgetSpent>().is_some() => "budget spent".to_string(),
        Err(e) => match e.downcast::<Error>() {
            Ok(mine) => return Err(mine),
            Err(other) => return Err(Error::Optimiser(other.to_string())),
        },
    };
    let done = std::mem::take(&mut state.borrow_mut().done);
    if let Ok(st) = std::rc::Rc::try_unwrap(state) {
        st.into_inner().log.finish()?;
    }
    let best = done
        .iter()
        .min_by(|a, b| a.loss.total_cmp(&b.loss))
        .cloned()
        .ok_or_else(|| Error::Optimiser("no evaluation was made".into()))?;
    let fitted = with_values(base, specs, &best.values)?;
    Ok(Outcome {
        evaluations: done.len(),
        replayed: done.len().min(replayable),
        stopped,
        best,
        fitted,
    })
}

/// The range calibration searches for `key` when the user gives none: its declared calibration
/// range, else its valid range (one declaration per parameter, in `chistka_scenario::spec`).
pub fn declared_bounds(key: &str) -> Option<(f64, f64)> {
    chistka_scenario::spec::bounds(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_validation_set_and_weightless_sets_are_refused() {
        let validation = crate::targets::embedded("validation").unwrap();
        let e = refuse_never_fitted(&validation).unwrap_err().to_string();
        assert!(e.contains("never fitted") && e.contains("archival"), "{e}");
        let archival = crate::targets::embedded("archival").unwrap();
        assert!(refuse_never_fitted(&archival).is_ok());
        // Renaming does not help: a set of weight-0 rows is refused whatever it is called.
        let mut renamed = validation.clone();
        renamed.name = "mine.csv".into();
        assert!(refuse_never_fitted(&renamed).is_err());
        // The loss ignores weight-0 rows, so the validation set could never move a fit anyway.
        let rows: Vec<crate::validate::Row> = validation
            .targets
            .iter()
            .map(|t| crate::validate::row(t.clone(), vec![t.value * 3.0]))
            .collect();
        assert_eq!(crate::validate::loss(&rows), 0.0);
    }
}
