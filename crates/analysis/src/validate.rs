//! Validation: the model over seeds against a target set. The arithmetic: the model's mean and 5-95% band over seeds, its relative error
//! against the record, whether it is within tolerance, and the calibration loss.
//!
//! **The loss** is the weighted mean, over targets, of the squared log-ratio of the model's mean
//! to the record, each measured in units of its tolerance:
//!
//! ```text
//! loss = sum_i w_i (ln(m_i / v_i) / ln(1 + tol_i))^2 / sum_i w_i
//! ```
//!
//! so a target exactly at the edge of its tolerance contributes 1 (times its weight), a ratio
//! error counts the same whether the model is too high or too low, and a tight target (10%)
//! pulls harder than a loose one (20%). For an "at least" target only a shortfall counts. A
//! model value of 0 is taken as 1e-6 of the record (a large but finite penalty).

use std::collections::BTreeSet;

use crate::AnalysisError;
use crate::bands::Bands;
use crate::outcome::RunOutcome;
use crate::targets::{Kind, Relation, Target, TargetSet};

/// Relative error of `model` against `record` under `relation`: (model - record) / record, or 0
/// for an "at least" or "at most" target that is met.
pub fn relative_error(model: f64, record: f64, relation: Relation) -> f64 {
    let e = (model - record) / record;
    match relation {
        Relation::Eq => e,
        Relation::Ge => e.min(0.0),
        Relation::Le => e.max(0.0),
    }
}

/// Whether a relative error is within a tolerance.
pub fn within(relative_error: f64, tolerance: f64) -> bool {
    relative_error.abs() <= tolerance + 1e-12
}

/// A target's contribution to the loss before weighting: the squared log-ratio in units of
/// `ln(1 + tolerance)`.
pub fn target_loss(model: f64, target: &Target) -> f64 {
    let m = model.max(1e-6 * target.value);
    let mut r = (m / target.value).ln();
    match target.relation {
        Relation::Eq => {}
        Relation::Ge => r = r.min(0.0),
        Relation::Le => r = r.max(0.0),
    }
    (r / (1.0 + target.tolerance).ln()).powi(2)
}

/// One line of the fit table.
#[derive(Debug, Clone)]
pub struct Row {
    /// The target.
    pub target: Target,
    /// The model's mean and percentiles over the runs (`None` if it has no such output).
    pub bands: Option<Bands>,
    /// Mean over runs (NaN if the model has no such output).
    pub mean: f64,
    /// 5% quantile over runs.
    pub q05: f64,
    /// 95% quantile over runs.
    pub q95: f64,
    /// (mean - record) / record (see [`relative_error`]).
    pub relative_error: f64,
    /// |relative error| within the tolerance.
    pub within: bool,
}

/// Checks that the runs produce every target of a set.
///
/// # Errors
/// [`AnalysisError::Targets`] naming the file and line of the first target whose column, year
/// or key the model does not produce, and what exists instead.
pub fn check_targets(set: &TargetSet, runs: &[RunOutcome]) -> Result<(), AnalysisError> {
    let Some(run) = runs.first() else {
        return Ok(());
    };
    for t in &set.targets {
        if let Some(message) = t.missing(run) {
            return Err(AnalysisError::Targets {
                file: set.name.clone(),
                line: t.line,
                message: format!("target `{}`: {message}", t.name),
            });
        }
    }
    Ok(())
}

/// The targets of a set the runs can be compared on, and those skipped with the reason.
///
/// A set that is never fitted (the validation set) asks for outputs that mechanisms still to
/// come will produce: its targets without a model output are skipped, each with the reason in
/// words. In any other set such a target is an error (a typo in a fitted set must not pass).
///
/// # Errors
/// [`AnalysisError::Targets`] as [`check_targets`], for a set with a fitted row.
pub fn usable(
    set: TargetSet,
    runs: &[RunOutcome],
) -> Result<(TargetSet, Vec<(Target, String)>), AnalysisError> {
    let (set, skipped) = match runs.first() {
        Some(run) if set.never_fitted() => {
            let (present, missing) = set.split_missing(run);
            let skipped = missing
                .into_iter()
                .map(|(t, reason)| {
                    // Without the list of what exists instead: that is for a typo.
                    let short = reason
                        .split("; expected")
                        .next()
                        .unwrap_or(&reason)
                        .to_string();
                    (t, short)
                })
                .collect();
            (present, skipped)
        }
        _ => (set, Vec::new()),
    };
    check_targets(&set, runs)?;
    Ok((set, skipped))
}

/// `skipped.csv`: `target, key, period, reason` for every target [`usable`] skipped (only the
/// header when none was).
pub fn skipped_csv(skipped: &[(Target, String)]) -> String {
    let mut text = crate::log::csv_line(&["target", "key", "period", "reason"]);
    for (t, reason) in skipped {
        text.push_str(&crate::log::csv_line(&[
            t.name.clone(),
            t.key.clone(),
            t.period.clone(),
            format!("no model output yet: {reason}"),
        ]));
    }
    text
}

/// Compares the runs with every target of a set.
pub fn compare(set: &TargetSet, runs: &[RunOutcome]) -> Vec<Row> {
    set.targets
        .iter()
        .map(|t| {
            let values: Vec<f64> = runs.iter().filter_map(|r| t.value(r)).collect();
            row(t.clone(), values)
        })
        .collect()
}

/// The statistics of one target from the model's values.
pub fn row(target: Target, mut values: Vec<f64>) -> Row {
    let bands = Bands::of(&mut values);
    let mean = bands.map_or(f64::NAN, |b| b.mean);
    let relative_error = relative_error(mean, target.value, target.relation);
    Row {
        q05: bands.map_or(f64::NAN, |b| b.p05),
        q95: bands.map_or(f64::NAN, |b| b.p95),
        within: within(relative_error, target.tolerance),
        bands,
        relative_error,
        mean,
        target,
    }
}

/// The columns of `validate.csv`, one row per target.
pub const VALIDATE_COLUMNS: [&str; 15] = [
    "target",
    "kind",
    "key",
    "period",
    "relation",
    "record",
    "model_mean",
    "model_q05",
    "model_q95",
    "relative_error",
    "tolerance",
    "within",
    "weight",
    "status",
    "source",
];

/// `validate.csv`: every target with the record, the model's mean and 5-95% band over the
/// seeds, the relative error, the tolerance and whether it is met ([`VALIDATE_COLUMNS`]).
pub fn validate_csv(rows: &[Row]) -> String {
    use chistka_format::csv as num;
    let mut text = crate::log::csv_line(&VALIDATE_COLUMNS);
    for r in rows {
        let t = &r.target;
        text.push_str(&crate::log::csv_line(&[
            t.name.clone(),
            match t.kind {
                Kind::Annual { .. } => "annual".into(),
                Kind::Summary { .. } => "summary".into(),
            },
            t.key.clone(),
            t.period.clone(),
            match t.relation {
                Relation::Eq => "eq".into(),
                Relation::Ge => "ge".into(),
                Relation::Le => "le".into(),
            },
            num(t.value),
            num(r.mean),
            num(r.q05),
            num(r.q95),
            num(r.relative_error),
            num(t.tolerance),
            r.within.to_string(),
            num(t.weight),
            t.status.clone(),
            t.source.clone(),
        ]));
    }
    text
}

/// One output of the runs that no target covers: its bands over the seeds.
#[derive(Debug, Clone, PartialEq)]
pub struct Uncalibrated {
    /// `summary` or `annual`.
    pub output: &'static str,
    /// Summary key or annual column.
    pub key: String,
    /// Year for an annual cell, empty for a summary figure.
    pub period: String,
    /// Mean and percentiles over the seeds.
    pub bands: Bands,
}

/// Every figure of `summary.json` and every cell of `annual.csv` that no target of `rows`
/// covers: how the model behaves out of sample. Summary figures first, then the annual cells
/// column by column.
pub fn uncalibrated(rows: &[Row], runs: &[RunOutcome]) -> Vec<Uncalibrated> {
    let Some(first) = runs.first() else {
        return Vec::new();
    };
    let used: BTreeSet<&str> = rows
        .iter()
        .filter_map(|r| match &r.target.kind {
            Kind::Summary { keys } => Some(keys.iter().map(String::as_str)),
            Kind::Annual { .. } => None,
        })
        .flatten()
        .collect();
    let targeted = |col: &str, year: i16| {
        rows.iter().any(|r| {
            matches!(&r.target.kind, Kind::Annual { column, from, to }
                if column == col && (*from..=*to).contains(&year))
        })
    };
    let mut out = Vec::new();
    for (key, _) in first
        .summary
        .iter()
        .filter(|(k, _)| !used.contains(k.as_str()))
    {
        let mut xs: Vec<f64> = runs.iter().filter_map(|r| r.summary_value(key)).collect();
        if let Some(bands) = Bands::of(&mut xs) {
            out.push(Uncalibrated {
                output: "summary",
                key: key.clone(),
                period: String::new(),
                bands,
            });
        }
    }
    for col in first.annual.columns.iter().skip(1) {
        for (year, _) in &first.annual.rows {
            if year.parse::<i16>().is_ok_and(|y| targeted(col, y)) {
                continue;
            }
            let mut xs: Vec<f64> = runs
                .iter()
                .filter_map(|r| r.annual.get(year, col))
                .collect();
            if let Some(bands) = Bands::of(&mut xs) {
                out.push(Uncalibrated {
                    output: "annual",
                    key: col.clone(),
                    period: year.clone(),
                    bands,
                });
            }
        }
    }
    out
}

/// `not_calibrated.csv`: `output, key, period, model_mean, model_q05, model_q95`.
pub fn uncalibrated_csv(rows: &[Uncalibrated]) -> String {
    use chistka_format::csv as num;
    let mut text = crate::log::csv_line(&[
        "output",
        "key",
        "period",
        "model_mean",
        "model_q05",
        "model_q95",
    ]);
    for u in rows {
        text.push_str(&crate::log::csv_line(&[
            u.output.to_string(),
            u.key.clone(),
            u.period.clone(),
            num(u.bands.mean),
            num(u.bands.p05),
            num(u.bands.p95),
        ]));
    }
    text
}

/// The rows of a fit table grouped by series (an annual column, or `summary`), in order of
/// first appearance: one chart each.
pub fn series(rows: &[Row]) -> Vec<(String, Vec<&Row>)> {
    let mut out: Vec<(String, Vec<&Row>)> = Vec::new();
    for r in rows {
        let name = r.target.series().to_string();
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => v.push(r),
            None => out.push((name, vec![r])),
        }
    }
    out
}

/// The calibration loss of a fit table (see the module's documentation); targets the model
/// cannot produce count as a value of 0.
pub fn loss(rows: &[Row]) -> f64 {
    let (mut sum, mut weights) = (0.0, 0.0);
    for r in rows.iter().filter(|r| r.target.weight > 0.0) {
        let m = if r.mean.is_finite() { r.mean } else { 0.0 };
        sum += r.target.weight * target_loss(m, &r.target);
        weights += r.target.weight;
    }
    if weights > 0.0 { sum / weights } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::targets::Kind;

    fn target(value: f64, tolerance: f64, relation: Relation) -> Target {
        Target {
            name: "t".into(),
            kind: Kind::Summary {
                keys: vec!["k".into()],
            },
            key: "k".into(),
            period: String::new(),
            relation,
            value,
            tolerance,
            weight: 1.0,
            status: "V2".into(),
            source: "test".into(),
            line: 0,
        }
    }

    #[test]
    fn relative_error_and_tolerance() {
        let r = row(target(100.0, 0.2, Relation::Eq), vec![110.0, 130.0]);
        assert!((r.mean - 120.0).abs() < 1e-12);
        assert!((r.relative_error - 0.2).abs() < 1e-12);
        assert!(r.within, "exactly at the tolerance counts as within");
        let r = row(target(100.0, 0.15, Relation::Eq), vec![80.0, 84.0]);
        assert!((r.relative_error + 0.18).abs() < 1e-12);
        assert!(!r.within);
        // "At least": above the record is no error, below is.
        assert_eq!(relative_error(7.0e6, 6.0e6, Relation::Ge), 0.0);
        assert!((relative_error(3.0e6, 6.0e6, Relation::Ge) + 0.5).abs() < 1e-12);
        assert_eq!(relative_error(0.01, 0.15, Relation::Le), 0.0);
        assert!((relative_error(0.3, 0.15, Relation::Le) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn loss_is_symmetric_in_ratio_and_scaled_by_tolerance() {
        let t = target(100.0, 0.2, Relation::Eq);
        assert!(target_loss(100.0, &t).abs() < 1e-12);
        assert!(
            (target_loss(120.0, &t) - 1.0).abs() < 1e-12,
            "edge of tolerance = 1"
        );
        assert!((target_loss(200.0, &t) - target_loss(50.0, &t)).abs() < 1e-12);
        let g = target(100.0, 0.1, Relation::Ge);
        assert_eq!(target_loss(150.0, &g), 0.0);
        assert!(target_loss(0.0, &g).is_finite());
        let mut zero = target(100.0, 0.2, Relation::Eq);
        zero.weight = 0.0;
        let rows = vec![row(t, vec![120.0]), row(zero, vec![1.0e9])];
        assert!(
            (loss(&rows) - 1.0).abs() < 1e-12,
            "weight 0 rows never count"
        );
    }
}
