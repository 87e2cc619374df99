//! Statistics of weighted samples: mean, effective sample size, quantile.

/// The weighted mean (NaN when the weights sum to zero).
pub fn mean(values: &[f64], weights: &[f64]) -> f64 {
    let total: f64 = weights.iter().sum();
    values.iter().zip(weights).map(|(x, w)| x * w).sum::<f64>() / total
}

/// The weighted variance about the weighted mean, normalised by the sum of weights (the
/// variance of the weighted empirical distribution, as Beaumont et al. 2009 use).
pub fn variance(values: &[f64], weights: &[f64]) -> f64 {
    let m = mean(values, weights);
    let total: f64 = weights.iter().sum();
    values
        .iter()
        .zip(weights)
        .map(|(x, w)| w * (x - m) * (x - m))
        .sum::<f64>()
        / total
}

/// Kish's effective sample size `(Σw)² / Σw²`: `n` for equal weights, 1 when one weight holds
/// all. 0 for no (or only zero) weights.
pub fn ess(weights: &[f64]) -> f64 {
    let s: f64 = weights.iter().sum();
    let s2: f64 = weights.iter().map(|w| w * w).sum();
    if s2 > 0.0 { s * s / s2 } else { 0.0 }
}

/// The weighted p-quantile (p clamped to [0, 1]), NaN when no weight is positive.
///
/// With the values sorted and `c_k` the weights up to and including value `k`, value `k` stands
/// at the midpoint `m_k = c_k - w_k / 2` of its weight; the midpoints are rescaled so that the
/// smallest value is quantile 0 and the largest quantile 1, and the quantile is interpolated
/// linearly between them. For equal weights `m_k` is `(k - 1/2) w` and the positions are
/// `(k - 1) / (n - 1)`: exactly [`crate::bands::quantile_sorted`] (type 7). Values of zero weight
/// are left out.
pub fn quantile(values: &[f64], weights: &[f64], p: f64) -> f64 {
    let mut pairs: Vec<(f64, f64)> = values
        .iter()
        .zip(weights)
        .filter(|(_, w)| **w > 0.0)
        .map(|(x, w)| (*x, *w))
        .collect();
    if pairs.is_empty() {
        return f64::NAN;
    }
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = pairs.len();
    if n == 1 {
        return pairs[0].0;
    }
    let mut mid = Vec::with_capacity(n);
    let mut cumulative = 0.0;
    for (_, w) in &pairs {
        mid.push(cumulative + w / 2.0);
        cumulative += w;
    }
    let (first, last) = (mid[0], mid[n - 1]);
    let target = first + p.clamp(0.0, 1.0) * (last - first);
    // The first midpoint at or above the target.
    let k = mid.partition_point(|&m| m < target).clamp(1, n - 1);
    let (m0, m1) = (mid[k - 1], mid[k]);
    let f = ((target - m0) / (m1 - m0)).clamp(0.0, 1.0);
    pairs[k - 1].0 + f * (pairs[k].0 - pairs[k - 1].0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bands::quantile_sorted;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn equal_weights_give_the_unweighted_quantile(
            v in proptest::collection::vec(-1e6f64..1e6, 1..40),
            p in 0.0f64..=1.0,
            w in 0.001f64..100.0,
        ) {
            let mut sorted = v.clone();
            sorted.sort_by(f64::total_cmp);
            let want = quantile_sorted(&sorted, p);
            let got = quantile(&v, &vec![w; v.len()], p);
            prop_assert!((got - want).abs() <= 1e-9 * (1.0 + want.abs()), "{got} vs {want}");
        }
    }

    #[test]
    fn a_small_weighted_example() {
        // Midpoints 0.5, 1.5, 3 of total 4: positions 0, 0.4, 1.
        let (v, w) = ([3.0, 1.0, 2.0], [2.0, 1.0, 1.0]);
        assert_eq!(quantile(&v, &w, 0.0), 1.0);
        assert_eq!(quantile(&v, &w, 0.4), 2.0);
        assert!((quantile(&v, &w, 0.5) - (2.0 + 0.1 / 0.6)).abs() < 1e-12);
        assert_eq!(quantile(&v, &w, 1.0), 3.0);
        // A heavy middle value pulls the quartiles towards it: positions 0, 0.5, 1.
        let (v, w) = ([1.0, 2.0, 3.0], [1.0, 2.0, 1.0]);
        assert_eq!(quantile(&v, &w, 0.25), 1.5);
        assert_eq!(quantile(&v, &w, 0.5), 2.0);
        // Zero weights are ignored; no weight at all is NaN.
        assert_eq!(quantile(&[5.0, 1.0], &[0.0, 1.0], 0.9), 1.0);
        assert!(quantile(&[5.0], &[0.0], 0.5).is_nan());
    }

    #[test]
    fn ess_and_moments() {
        assert_eq!(ess(&[0.25; 4]), 4.0);
        assert_eq!(ess(&[1.0, 0.0, 0.0]), 1.0);
        assert_eq!(ess(&[]), 0.0);
        assert!((ess(&[1.0, 2.0, 3.0]) - 36.0 / 14.0).abs() < 1e-12);
        assert_eq!(mean(&[1.0, 4.0], &[3.0, 1.0]), 1.75);
        assert!(
            (variance(&[1.0, 4.0], &[3.0, 1.0]) - (0.75 * 0.5625 + 0.25 * 5.0625)).abs() < 1e-12
        );
    }
}
