//! Parameters of the model, as read from a scenario.
//!
//! The types here are what a scenario file deserialises into: types and unknown keys are
//! checked by serde. Ranges are declared once, in `chistka_scenario::spec`, and checked there on
//! every value of the file; [`Params::validate`] checks the rules that tie several parameters
//! together (dates in order, shares that sum to at most 1, names that must exist), and returns
//! every violation with the dotted key that caused it, so the scenario reader can point at the
//! file, line and column.
//!
//! Units are in the names. The default values live in the embedded scenario
//! `scenarios/great-purge.toml`, each on its own line with its source or the word "Assumption";
//! `docs/parameters.md` lists every parameter with its meaning, unit, range and source.

mod sections;
mod tables;
mod validate;

use std::collections::BTreeMap;

use chistka_engine::calendar::Day;
use serde::Deserialize;

pub use sections::*;
pub use tables::{CategoryTable, YearTable};
pub use validate::Violations;

/// All parameters of one run.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// First simulated day.
    pub start: Day,
    /// Last simulated day (inclusive).
    pub end: Day,
    /// Structure of the synthetic population beyond `data/`.
    pub population: PopulationParams,
    /// Ordinary NKVD policing.
    pub policing: PolicingParams,
    /// Interrogation, confession and naming.
    pub interrogation: InterrogationParams,
    /// Sentencing.
    pub sentencing: SentencingParams,
    /// Camps, colonies and exile.
    pub camps: CampParams,
    /// Quota ("limit") operations such as order 00447.
    pub quota: QuotaParams,
    /// National operations (orders 00439, 00485, 00593, ...).
    pub national: NationalParams,
    /// The halt of 17 November 1938.
    pub halt: HaltParams,
    /// The leadership's perceived threat.
    pub threat: ThreatParams,
    /// Dated events of the policy timeline, by id (an override file can switch one off with
    /// `[timeline.ID] enabled = false`).
    pub timeline: BTreeMap<String, TimelineEvent>,
    /// The registries (kartoteka).
    pub registries: RegistryParams,
    /// Denunciation from below.
    pub denunciation: DenunciationParams,
    /// The patronage cascade.
    pub patronage: PatronageParams,
    /// Party purges, appeals and admissions.
    pub party: PartyParams,
    /// Elite terror from the centre: Stalin's lists.
    pub centre: CentreParams,
    /// The purge of the purgers.
    pub purgers: PurgersParams,
    /// Filling vacated posts: promotion chains and recruitment.
    pub promotion: PromotionParams,
    /// Order 00486: the wives of "traitors to the motherland".
    pub wives: WivesParams,
}
