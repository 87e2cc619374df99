//! Parameters of the nomenklatura as a graded hierarchy (see
//! [`crate::processes::nomenklatura`]): how rank and political biography shape the risk, and the
//! regional sweeps of 1937 with the suspicion their successors inherit. The posts, the close
//! circles and the sweeps are data (`data/nomenklatura.csv`, `data/sweeps.csv`).

use std::sync::Arc;

use chistka_engine::calendar::Day;

use super::Probability;
use crate::institutions::nomenklatura::NomenklaturaData;

/// The graded risk of the nomenklatura and the regional sweeps.
#[derive(Debug, Clone)]
pub struct NomenklaturaParams {
    /// Switch for the regional sweeps and the suspicion successors inherit (the graded risk
    /// always applies to the lists and the trials; set its factors to 1 to make it neutral).
    pub enabled: bool,
    /// The bureaus, biographies and sweeps (`data/nomenklatura.csv`, `data/sweeps.csv`).
    pub structure: Arc<NomenklaturaData>,
    /// Risk of a former oppositionist relative to a member with no such past.
    pub ex_oppositionist_relative_risk: f64,
    /// Risk of an Old Bolshevik (joined in 1917 or before) relative to later members.
    pub old_bolshevik_relative_risk: f64,
    /// Risk by rank, relative to a Congress delegate or official: Politburo.
    pub politburo_relative_risk: f64,
    /// ... Central Committee member or candidate.
    pub central_committee_relative_risk: f64,
    /// ... people's commissar.
    pub commissar_relative_risk: f64,
    /// ... regional first secretary.
    pub first_secretary_relative_risk: f64,
    /// ... marshal, army or corps commander (for the military case).
    pub high_command_relative_risk: f64,
    /// Chance a member of an obkom bureau is arrested in a sweep (times the biography factors,
    /// capped at 1); the first secretary always is.
    pub sweep_bureau_arrest_probability: Probability,
    /// Arrests per year of a successor holding a post under suspicion.
    pub suspicion_arrests_per_year: f64,
    /// Last day a post stays under suspicion.
    pub suspicion_until: Day,
}
