//! Checked quantities: a value of these types is valid by construction, so the run loop reads
//! them without checking again, and their distributions are built once, when the scenario is
//! validated, not on every draw.

use chistka_engine::streams::Rng;
use rand::Rng as _;
use rand_distr::{Distribution, Exp1, Poisson};

/// Why a value cannot be a quantity of its type.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum UnitError {
    /// Not in 0..=1.
    #[error("expected a probability or share in 0..=1, found {0}")]
    NotAProbability(f64),
    /// Negative, infinite or not a number.
    #[error("expected a finite number of days, at least 0, found {0}")]
    NotDays(f64),
    /// Negative, infinite, not a number, or too large for a Poisson draw.
    #[error("expected a mean count of at least 0 and at most 1e18, found {0}")]
    NotACount(f64),
}

/// A probability or a share: a number in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Probability(f64);

impl Probability {
    /// Checks `x`.
    ///
    /// # Errors
    /// [`UnitError::NotAProbability`] outside 0..=1 (or NaN).
    pub fn new(x: f64) -> Result<Self, UnitError> {
        if (0.0..=1.0).contains(&x) {
            Ok(Probability(x))
        } else {
            Err(UnitError::NotAProbability(x))
        }
    }

    /// The value.
    pub fn get(self) -> f64 {
        self.0
    }
}

/// A mean waiting time in days, with the exponential distribution of whole days around it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanDays {
    mean: f64,
    /// The factor on a standard exponential draw, `1 / (1 / mean)` as `rand_distr::Exp` computes
    /// it (so the same seed gives the same run as before this type); 0 for a mean of 0.
    scale: f64,
}

impl MeanDays {
    /// Checks `mean` and builds its distribution.
    ///
    /// # Errors
    /// [`UnitError::NotDays`] for a negative, infinite or NaN mean.
    pub fn new(mean: f64) -> Result<Self, UnitError> {
        if !(mean.is_finite() && mean >= 0.0) {
            return Err(UnitError::NotDays(mean));
        }
        let scale = if mean > 0.0 { 1.0 / (1.0 / mean) } else { 0.0 };
        Ok(MeanDays { mean, scale })
    }

    /// The mean, in days.
    pub fn get(self) -> f64 {
        self.mean
    }

    /// A whole number of days, exponentially distributed around the mean (0 if the mean is 0).
    pub fn sample(&self, rng: &mut Rng) -> u32 {
        if self.scale > 0.0 {
            (rng.sample::<f64, _>(Exp1) * self.scale).round() as u32
        } else {
            0
        }
    }
}

/// A mean count (people named in a confession), with its Poisson distribution built once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanCount {
    mean: f64,
    /// None for a mean of 0: the count is always 0.
    poisson: Option<Poisson<f64>>,
}

impl MeanCount {
    /// Checks `mean` and builds its distribution.
    ///
    /// # Errors
    /// [`UnitError::NotACount`] for a negative, infinite or NaN mean, or one too large for a
    /// Poisson draw.
    pub fn new(mean: f64) -> Result<Self, UnitError> {
        if !(mean.is_finite() && mean >= 0.0) {
            return Err(UnitError::NotACount(mean));
        }
        let poisson = if mean > 0.0 {
            Some(Poisson::new(mean).map_err(|_| UnitError::NotACount(mean))?)
        } else {
            None
        };
        Ok(MeanCount { mean, poisson })
    }

    /// The mean.
    pub fn get(self) -> f64 {
        self.mean
    }

    /// A Poisson count around the mean (0 if the mean is 0).
    pub fn sample(&self, rng: &mut Rng) -> u32 {
        self.poisson.map_or(0, |d| d.sample(rng) as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities_outside_0_1_and_bad_days_are_refused() {
        assert!(Probability::new(1.0).is_ok());
        assert!(Probability::new(1.01).is_err());
        assert!(Probability::new(f64::NAN).is_err());
        assert!(MeanDays::new(-1.0).is_err());
        assert!(MeanDays::new(f64::INFINITY).is_err());
    }

    #[test]
    fn a_zero_mean_waits_no_days_and_a_mean_is_kept_on_average() {
        let mut rng = chistka_engine::streams::Streams::new(1).stream(1);
        let zero = MeanDays::new(0.0).expect("valid");
        assert_eq!(zero.sample(&mut rng), 0);
        let ten = MeanDays::new(10.0).expect("valid");
        let n = 20_000;
        let mean = (0..n).map(|_| f64::from(ten.sample(&mut rng))).sum::<f64>() / f64::from(n);
        assert!((mean - 10.0).abs() < 0.3, "{mean}");
    }
}
