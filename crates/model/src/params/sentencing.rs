//! Sentencing powers and practice by body and date: which body sat when, from when it could pass
//! a death sentence, the longest camp term it could give, the terms it gave, and (for the bodies
//! that judged case by case rather than within limits or lists) the shares of each verdict.

use chistka_engine::calendar::Day;

use super::YearTable;

/// Sentencing after investigation: the delay, and each body's powers and practice.
#[derive(Debug, Clone)]
pub struct SentencingParams {
    /// Mean days from interrogation to sentence.
    pub days_to_sentence_mean: YearTable,
    /// Mean exile term, in years.
    pub exile_term_years_mean: f64,
    /// Share of the NKVD's cases outside the mass operations, the centre and the elite that the
    /// Special Board judged while it sat, by year; the rest went to the courts.
    pub special_board_case_share: YearTable,
    /// The regional troikas of order 00447 (second category: camp terms).
    pub troika: Body,
    /// The "album" procedure (the dvoika of the NKVD chief and the procurator) of the national
    /// operations.
    pub album: Body,
    /// The special troikas that took over the national operations' cases in September 1938.
    pub special_troika: Body,
    /// The Military Collegium of the Supreme Court.
    pub military_collegium: Body,
    /// The NKVD Special Board (OSO).
    pub special_board: Body,
    /// The ordinary courts (regional courts, military tribunals) in political cases.
    pub court: Body,
}

/// One sentencing body: its powers by date and the sentences it passed.
#[derive(Debug, Clone)]
pub struct Body {
    /// First day it sat.
    pub from: Day,
    /// Last day it sat (absent: to the end of the run).
    pub until: Option<Day>,
    /// First day it could pass a death sentence (absent: never in the run).
    pub death_from: Option<Day>,
    /// The longest camp term it could give, in years, by year.
    pub camp_term_max_years: YearTable,
    /// The camp terms it gave.
    pub terms: Terms,
    /// Shares of each verdict, for the bodies that judged case by case (absent for the troikas,
    /// which sentenced within the limits, and the album, whose share is the operations').
    pub verdicts: Option<VerdictShares>,
}

impl Body {
    /// True if the body sits on `day`.
    pub fn sits(&self, day: Day) -> bool {
        day >= self.from && self.until.is_none_or(|u| day <= u)
    }

    /// True if the body may pass a death sentence on `day`.
    pub fn may_shoot(&self, day: Day) -> bool {
        self.death_from.is_some_and(|d| day >= d)
    }

    /// A camp term in days drawn from the body's terms, cut to the longest it could give on
    /// `day`.
    pub fn camp_term_days<R: rand::Rng + ?Sized>(&self, day: Day, rng: &mut R) -> u32 {
        let years = self
            .terms
            .draw(rng)
            .min(self.camp_term_max_years.at(day.year()));
        (years * 365.25).round() as u32
    }
}

/// Shares of the verdicts of a body that judged case by case; the rest are released.
#[derive(Debug, Clone)]
pub struct VerdictShares {
    /// Share sentenced to death, by year (where the body may pass it).
    pub execution_share: YearTable,
    /// Share sent to camps, colonies or prison, by year.
    pub camp_share: YearTable,
    /// Share exiled, by year.
    pub exile_share: YearTable,
}

/// A distribution of camp terms over whole numbers of years, validated: at least one term, every
/// weight finite and not negative, a positive total.
#[derive(Debug, Clone, PartialEq)]
pub struct Terms {
    years: Vec<f64>,
    cumulative: Vec<f64>,
}

/// Why a term distribution was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TermsError {
    /// The two lists differ in length.
    #[error("expected as many weights as terms, found {terms} terms and {weights} weights")]
    Lengths {
        /// Number of terms.
        terms: usize,
        /// Number of weights.
        weights: usize,
    },
    /// No term, or weights that sum to nothing.
    #[error("expected at least one term with a positive weight")]
    Empty,
    /// A weight or a term that is negative or not a number.
    #[error("expected terms and weights that are finite and not negative, found {0}")]
    Value(f64),
}

impl Terms {
    /// Terms of `years` with relative `weights`.
    ///
    /// # Errors
    /// Lists of different lengths, no positive weight, or a negative or non-finite value.
    ///
    /// ```
    /// use chistka_model::params::Terms;
    /// let t = Terms::new(vec![5.0, 10.0], vec![1.0, 3.0]).unwrap();
    /// assert_eq!(t.mean(), 8.75);
    /// assert!(Terms::new(vec![5.0], vec![0.0]).is_err());
    /// ```
    pub fn new(years: Vec<f64>, weights: Vec<f64>) -> Result<Self, TermsError> {
        if years.len() != weights.len() {
            return Err(TermsError::Lengths {
                terms: years.len(),
                weights: weights.len(),
            });
        }
        if let Some(&x) = years
            .iter()
            .chain(&weights)
            .find(|x| !x.is_finite() || **x < 0.0)
        {
            return Err(TermsError::Value(x));
        }
        let total: f64 = weights.iter().sum();
        if total <= 0.0 {
            return Err(TermsError::Empty);
        }
        let mut acc = 0.0;
        let cumulative = weights
            .iter()
            .map(|w| {
                acc += w / total;
                acc
            })
            .collect();
        Ok(Terms { years, cumulative })
    }

    /// One term, in years.
    pub fn draw<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let u: f64 = rng.random();
        let i = self
            .cumulative
            .iter()
            .position(|&c| u < c)
            .unwrap_or(self.years.len() - 1);
        self.years[i]
    }

    /// The mean term, in years.
    pub fn mean(&self) -> f64 {
        let mut prev = 0.0;
        self.years
            .iter()
            .zip(&self.cumulative)
            .map(|(y, c)| {
                let p = c - prev;
                prev = *c;
                y * p
            })
            .sum()
    }
}

impl SentencingParams {
    /// Every body with the name of its section in a scenario file.
    pub fn bodies(&self) -> [(&'static str, &Body); 6] {
        [
            ("troika", &self.troika),
            ("album", &self.album),
            ("special_troika", &self.special_troika),
            ("military_collegium", &self.military_collegium),
            ("special_board", &self.special_board),
            ("court", &self.court),
        ]
    }
}
