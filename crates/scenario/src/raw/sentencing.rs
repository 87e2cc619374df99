//! The `[sentencing]` section as serde reads it: the delay, and one table per sentencing body
//! with its powers (when it sat, from when it could shoot, its longest camp term) and practice.

use chistka_engine::calendar::Day;
use chistka_model::params::YearTable;
use serde::Deserialize;

/// Sentencing after investigation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentencingParams {
    /// Mean days from interrogation to sentence, by year.
    pub days_to_sentence_mean: YearTable,
    /// Mean exile term, in years.
    pub exile_term_years_mean: f64,
    /// Share of the other NKVD cases the Special Board judged while it sat, by year.
    pub special_board_case_share: YearTable,
    /// The regional troikas of order 00447.
    pub troika: Body,
    /// The album procedure of the national operations.
    pub album: Body,
    /// The special troikas of September-November 1938.
    pub special_troika: Body,
    /// The Military Collegium of the Supreme Court.
    pub military_collegium: Body,
    /// The NKVD Special Board (OSO).
    pub special_board: Body,
    /// The ordinary courts.
    pub court: Body,
}

/// One sentencing body as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// First day it sat.
    pub from: Day,
    /// Last day it sat (absent: to the end of the run).
    pub until: Option<Day>,
    /// First day it could pass a death sentence (absent: never).
    pub death_from: Option<Day>,
    /// The longest camp term it could give, in years, by year.
    pub camp_term_max_years: YearTable,
    /// The camp terms it gave, in years.
    pub camp_term_years: Vec<f64>,
    /// Their relative weights.
    pub camp_term_weights: Vec<f64>,
    /// Share sentenced to death, by year (bodies that judged case by case).
    pub execution_share: Option<YearTable>,
    /// Share sent to camp, by year.
    pub camp_share: Option<YearTable>,
    /// Share exiled, by year.
    pub exile_share: Option<YearTable>,
}
