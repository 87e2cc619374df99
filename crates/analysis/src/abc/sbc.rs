//! Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari & Gelman 2018): over many
//! data sets simulated from known parameter values, the rank of the truth among posterior
//! draws is uniform when the inference is calibrated, and a credible interval of level α
//! covers the truth in a fraction α of them.

/// The bin (of `bins`, at least 1) of the weighted fraction of posterior `draws` below
/// `truth`, draws equal to it counting half. Calibrated inference puts the truth in every bin
/// equally often.
pub fn rank(truth: f64, draws: &[f64], weights: &[f64], bins: usize) -> usize {
    let total: f64 = weights.iter().sum();
    let below: f64 = draws
        .iter()
        .zip(weights)
        .map(|(x, w)| {
            if *x < truth {
                *w
            } else if *x == truth {
                w / 2.0
            } else {
                0.0
            }
        })
        .sum();
    let bins = bins.max(1);
    ((below / total * bins as f64).floor() as usize).min(bins - 1)
}

/// How often the truth fell in each rank bin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankHistogram {
    /// Counts per bin.
    pub bins: Vec<usize>,
}

impl RankHistogram {
    /// An empty histogram of `bins` bins (at least 1).
    pub fn new(bins: usize) -> Self {
        RankHistogram {
            bins: vec![0; bins.max(1)],
        }
    }

    /// Counts one rank.
    pub fn add(&mut self, bin: usize) {
        let last = self.bins.len() - 1;
        self.bins[bin.min(last)] += 1;
    }

    /// Pearson's chi-square statistic against uniform bins, `Σ (o − e)² / e` with `bins − 1`
    /// degrees of freedom (0 for an empty histogram).
    pub fn chi_square(&self) -> f64 {
        let total: usize = self.bins.iter().sum();
        if total == 0 {
            return 0.0;
        }
        let e = total as f64 / self.bins.len() as f64;
        self.bins.iter().map(|&o| (o as f64 - e).powi(2) / e).sum()
    }

    /// The degrees of freedom of [`RankHistogram::chi_square`].
    pub fn degrees_of_freedom(&self) -> usize {
        self.bins.len() - 1
    }
}

/// Whether the interval `(lo, hi)` contains `truth` (bounds included).
pub fn covers(interval: (f64, f64), truth: f64) -> bool {
    interval.0 <= truth && truth <= interval.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_follow_the_weighted_fraction_below() {
        let draws = [1.0, 2.0, 3.0, 4.0];
        let even = [1.0; 4];
        assert_eq!(rank(0.0, &draws, &even, 10), 0);
        assert_eq!(rank(9.0, &draws, &even, 10), 9);
        assert_eq!(rank(2.5, &draws, &even, 4), 2);
        // A heavy first draw: 0.7 of the weight below 1.5.
        assert_eq!(rank(1.5, &draws, &[7.0, 1.0, 1.0, 1.0], 10), 7);
        // A tie counts half: 1.5 of 4 below.
        assert_eq!(rank(2.0, &draws, &even, 8), 3);
    }

    #[test]
    fn chi_square_of_uniform_and_lopsided_histograms() {
        let mut h = RankHistogram::new(4);
        for b in [0, 1, 2, 3, 0, 1, 2, 3] {
            h.add(b);
        }
        assert_eq!(h.chi_square(), 0.0);
        assert_eq!(h.degrees_of_freedom(), 3);
        let lopsided = RankHistogram {
            bins: vec![8, 0, 0, 0],
        };
        // e = 2: (36 + 4 + 4 + 4) / 2.
        assert_eq!(lopsided.chi_square(), 24.0);
        assert!(covers((1.0, 2.0), 2.0) && !covers((1.0, 2.0), 2.1));
    }
}
