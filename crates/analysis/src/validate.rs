//! The validation arithmetic: the model's mean and 5-95% band over seeds, its relative error
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

use crate::ensemble::RunOutputs;
use crate::targets::{Relation, Target, TargetSet};

/// The `p`-quantile (0..=1) of `xs`, by linear interpolation between order statistics (type 7
/// of Hyndman & Fan, the default of R and numpy). `None` for no values.
pub fn quantile(xs: &[f64], p: f64) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let h = (v.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    Some(v[lo] + (h - lo as f64) * (v[hi] - v[lo]))
}

/// Relative error of `model` against `record` under `relation`: (model - record) / record, or 0
/// for an "at least" target that is met.
pub fn relative_error(model: f64, record: f64, relation: Relation) -> f64 {
    let e = (model - record) / record;
    match relation {
        Relation::Eq => e,
        Relation::Ge => e.min(0.0),
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
    if target.relation == Relation::Ge {
        r = r.min(0.0);
    }
    (r / (1.0 + target.tolerance).ln()).powi(2)
}

/// One line of the fit table.
#[derive(Debug, Clone)]
pub struct Row {
    /// The target.
    pub target: Target,
    /// The model's value in each run (missing values skipped).
    pub values: Vec<f64>,
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

/// Compares the runs with every target of a set.
pub fn compare(set: &TargetSet, runs: &[RunOutputs]) -> Vec<Row> {
    set.targets
        .iter()
        .map(|t| {
            let values: Vec<f64> = runs.iter().filter_map(|r| r.value(t)).collect();
            row(t.clone(), values)
        })
        .collect()
}

/// The statistics of one target from the model's values.
pub fn row(target: Target, values: Vec<f64>) -> Row {
    let mean = if values.is_empty() {
        f64::NAN
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    };
    let relative_error = relative_error(mean, target.value, target.relation);
    Row {
        q05: quantile(&values, 0.05).unwrap_or(f64::NAN),
        q95: quantile(&values, 0.95).unwrap_or(f64::NAN),
        within: within(relative_error, target.tolerance),
        relative_error,
        mean,
        values,
        target,
    }
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
        }
    }

    #[test]
    fn quantiles_interpolate_like_numpy() {
        let xs = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
        // numpy.quantile(range(1, 11), [0.05, 0.5, 0.95]) = [1.45, 5.5, 9.55]
        assert!((quantile(&xs, 0.05).unwrap() - 1.45).abs() < 1e-12);
        assert!((quantile(&xs, 0.5).unwrap() - 5.5).abs() < 1e-12);
        assert!((quantile(&xs, 0.95).unwrap() - 9.55).abs() < 1e-12);
        assert_eq!(quantile(&[3.0, 1.0, 2.0], 0.0), Some(1.0), "unsorted input");
        assert_eq!(quantile(&[7.0], 0.95), Some(7.0));
        assert_eq!(quantile(&[], 0.5), None);
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
