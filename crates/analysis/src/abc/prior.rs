//! Priors of the free parameters, and the coordinate the perturbation kernel works in.

use rand::Rng;

/// The prior of one parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Prior {
    /// Uniform on `[lo, hi]`.
    Uniform {
        /// Lower bound.
        lo: f64,
        /// Upper bound.
        hi: f64,
    },
    /// Uniform in the logarithm on `[lo, hi]`, `0 < lo`: density `1 / (x ln(hi / lo))`.
    LogUniform {
        /// Lower bound (positive).
        lo: f64,
        /// Upper bound.
        hi: f64,
    },
}

impl Prior {
    /// The bounds.
    pub fn bounds(&self) -> (f64, f64) {
        match *self {
            Prior::Uniform { lo, hi } | Prior::LogUniform { lo, hi } => (lo, hi),
        }
    }

    /// Why the prior is not a proper distribution, if it is not.
    pub fn problem(&self) -> Option<String> {
        let (lo, hi) = self.bounds();
        if !(lo.is_finite() && hi.is_finite() && lo < hi) {
            return Some(format!("bounds [{lo}, {hi}] are not finite with lo < hi"));
        }
        if matches!(self, Prior::LogUniform { .. }) && lo <= 0.0 {
            return Some(format!("a log-uniform prior needs lo > 0, not {lo}"));
        }
        None
    }

    /// Whether `x` is in the support (bounds included).
    pub fn contains(&self, x: f64) -> bool {
        let (lo, hi) = self.bounds();
        lo <= x && x <= hi
    }

    /// The prior density at `x` (0 outside the support).
    pub fn density(&self, x: f64) -> f64 {
        if !self.contains(x) {
            return 0.0;
        }
        match *self {
            Prior::Uniform { lo, hi } => 1.0 / (hi - lo),
            Prior::LogUniform { lo, hi } => 1.0 / (x * (hi / lo).ln()),
        }
    }

    /// A draw from the prior.
    pub fn sample(&self, rng: &mut impl Rng) -> f64 {
        let (lo, hi) = self.bounds();
        let z = self.kernel_coordinate(lo) + rng.random::<f64>() * self.kernel_width();
        // Rounding in exp() must not step outside the bounds.
        self.value_at(z).clamp(lo, hi)
    }

    /// The coordinate the kernel perturbs and in which the prior is flat: `x`, or `ln x` for a
    /// log-uniform prior (a step there is a ratio, as suits a scale parameter).
    pub(crate) fn kernel_coordinate(&self, x: f64) -> f64 {
        match self {
            Prior::Uniform { .. } => x,
            Prior::LogUniform { .. } => x.ln(),
        }
    }

    /// The inverse of [`Prior::kernel_coordinate`].
    pub(crate) fn value_at(&self, z: f64) -> f64 {
        match self {
            Prior::Uniform { .. } => z,
            Prior::LogUniform { .. } => z.exp(),
        }
    }

    /// The width of the support in the kernel coordinate: the prior's density there is its
    /// inverse.
    pub(crate) fn kernel_width(&self) -> f64 {
        let (lo, hi) = self.bounds();
        self.kernel_coordinate(hi) - self.kernel_coordinate(lo)
    }

    /// For the log: `uniform(lo,hi)` or `loguniform(lo,hi)`, bounds in round-trip precision.
    pub(crate) fn describe(&self) -> String {
        match self {
            Prior::Uniform { lo, hi } => format!("uniform({lo};{hi})"),
            Prior::LogUniform { lo, hi } => format!("loguniform({lo};{hi})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_uniform_density_integrates_to_one_and_draws_stay_inside() {
        let p = Prior::LogUniform {
            lo: 0.01,
            hi: 100.0,
        };
        assert_eq!(p.density(0.005), 0.0);
        assert_eq!(p.density(101.0), 0.0);
        let ln = (1e4f64).ln();
        assert!((p.density(1.0) - 1.0 / ln).abs() < 1e-15);
        assert!((p.density(10.0) - 0.1 / ln).abs() < 1e-15);
        // Midpoint rule on a log grid: the integral of x f(x) d(ln x) over the support.
        let n = 10_000;
        let step = ln / n as f64;
        let integral: f64 = (0..n)
            .map(|k| {
                let x = (0.01f64.ln() + (k as f64 + 0.5) * step).exp();
                p.density(x) * x * step
            })
            .sum();
        assert!((integral - 1.0).abs() < 1e-9, "{integral}");
        let mut rng = chistka_engine::streams::Streams::new(3).stream(0);
        let draws: Vec<f64> = (0..20_000).map(|_| p.sample(&mut rng)).collect();
        assert!(draws.iter().all(|&x| p.contains(x)));
        // Half the mass is below the geometric midpoint, 1.
        let below = draws.iter().filter(|&&x| x < 1.0).count() as f64 / draws.len() as f64;
        assert!((below - 0.5).abs() < 0.015, "{below}");
        let u = Prior::Uniform { lo: -2.0, hi: 2.0 };
        assert_eq!(u.density(0.3), 0.25);
        assert_eq!(u.density(2.5), 0.0);
    }

    #[test]
    fn improper_priors_are_named() {
        assert!(Prior::Uniform { lo: 1.0, hi: 1.0 }.problem().is_some());
        assert!(
            Prior::Uniform {
                lo: 0.0,
                hi: f64::INFINITY
            }
            .problem()
            .is_some()
        );
        assert!(Prior::LogUniform { lo: 0.0, hi: 1.0 }.problem().is_some());
        assert!(Prior::LogUniform { lo: 1e-3, hi: 1.0 }.problem().is_none());
    }
}
