//! Bands: the mean and the 5th, 50th and 95th percentiles of a set of values (one per seed).
//!
//! Percentiles interpolate linearly between order statistics (Hyndman and Fan's type 7, the
//! default of R and NumPy): the p-quantile of n sorted values is `x[h]` with h = (n - 1) p, read
//! between the two neighbouring values when h is not whole.

/// Mean and percentiles of a set of values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bands {
    /// Arithmetic mean.
    pub mean: f64,
    /// 5th percentile.
    pub p05: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

impl Bands {
    /// Column names of [`Bands::fields`].
    pub const COLUMNS: [&'static str; 4] = ["mean", "p05", "p50", "p95"];

    /// The bands of `values` (sorted in place), or `None` if there are none. NaN values are
    /// left out (a share whose denominator was zero).
    pub fn of(values: &mut [f64]) -> Option<Bands> {
        let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        // Summed in sorted order, so the mean does not depend on the order the runs finished.
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        Some(Bands {
            mean,
            p05: quantile_sorted(&v, 0.05),
            p50: quantile_sorted(&v, 0.5),
            p95: quantile_sorted(&v, 0.95),
        })
    }

    /// The four figures as CSV fields ([`chistka_format::csv`]).
    pub fn fields(&self) -> [String; 4] {
        [self.mean, self.p05, self.p50, self.p95].map(chistka_format::csv)
    }
}

/// The p-quantile (0 <= p <= 1, clamped) of sorted values, type 7: the one quantile of chistka.
/// NaN for an empty slice.
pub fn quantile_sorted(v: &[f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let h = (v.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(v.len() - 1);
    v[lo] + (h - lo as f64) * (v[hi] - v[lo])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn bands_are_ordered_and_within_the_values(
            mut v in proptest::collection::vec(-1e9f64..1e9, 1..60)
        ) {
            let (lo, hi) = v.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
            let b = Bands::of(&mut v).ok_or_else(|| TestCaseError::fail("no bands"))?;
            let eps = 1e-6 * (hi - lo).abs().max(1.0);
            prop_assert!(lo - eps <= b.p05 && b.p05 <= b.p50 + eps && b.p50 <= b.p95 + eps && b.p95 <= hi + eps, "{b:?}");
            prop_assert!(lo - eps <= b.mean && b.mean <= hi + eps);
        }

        #[test]
        fn bands_do_not_depend_on_the_order_of_the_runs(
            v in proptest::collection::vec(-1e6f64..1e6, 1..40), rot in 0usize..40
        ) {
            let mut a = v.clone();
            let mut b = v.clone();
            b.rotate_left(rot % v.len());
            b.reverse();
            prop_assert_eq!(Bands::of(&mut a), Bands::of(&mut b));
        }

        #[test]
        fn quantiles_match_numpy_on_evenly_spaced_values(n in 2usize..200, p in 0.0f64..1.0) {
            // For 0, 1, ..., n-1, numpy's linear quantile is p (n - 1) exactly.
            let v: Vec<f64> = (0..n).map(|i| i as f64).collect();
            prop_assert!((quantile_sorted(&v, p) - p * (n - 1) as f64).abs() < 1e-9);
        }
    }

    #[test]
    fn quantiles_interpolate_like_numpy() {
        let xs = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
        // numpy.quantile(range(1, 11), [0.05, 0.5, 0.95]) = [1.45, 5.5, 9.55]
        assert!((quantile_sorted(&xs, 0.05) - 1.45).abs() < 1e-12);
        assert!((quantile_sorted(&xs, 0.5) - 5.5).abs() < 1e-12);
        assert!((quantile_sorted(&xs, 0.95) - 9.55).abs() < 1e-12);
        assert!(quantile_sorted(&[], 0.5).is_nan());
    }

    #[test]
    fn known_inputs() {
        let mut v: Vec<f64> = (1..=21).rev().map(f64::from).collect();
        let b = Bands::of(&mut v).unwrap_or_else(|| unreachable!());
        // h = 20 p: p05 at h = 1 (value 2), p50 at h = 10 (11), p95 at h = 19 (20).
        assert_eq!(
            b,
            Bands {
                mean: 11.0,
                p05: 2.0,
                p50: 11.0,
                p95: 20.0
            }
        );
    }

    #[test]
    fn interpolates_between_order_statistics() {
        let b = Bands::of(&mut [10.0, 0.0, 30.0]).unwrap_or_else(|| unreachable!());
        // n = 3: h = 0.1 for p05 (0 + 0.1 * 10), 1 for p50, 1.9 for p95 (10 + 0.9 * 20).
        assert!((b.p05 - 1.0).abs() < 1e-12);
        assert_eq!(b.p50, 10.0);
        assert!((b.p95 - 28.0).abs() < 1e-12);
        assert!((b.mean - 40.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn one_value_and_none_and_nan() {
        let b = Bands::of(&mut [5.0]).unwrap_or_else(|| unreachable!());
        assert_eq!((b.mean, b.p05, b.p50, b.p95), (5.0, 5.0, 5.0, 5.0));
        assert!(Bands::of(&mut []).is_none());
        assert!(Bands::of(&mut [f64::NAN]).is_none());
        let b = Bands::of(&mut [f64::NAN, 2.0]).unwrap_or_else(|| unreachable!());
        assert_eq!(b.mean, 2.0);
    }
}
