//! Parameters of the model, as read from a scenario.
//!
//! These are the validated parameters: the raw form a scenario file deserialises into lives in
//! `chistka_scenario::raw`, whose conversion checks every value against its declared range
//! (`chistka_scenario::spec`), builds the checked quantities ([`Probability`], [`MeanDays`], the
//! typed timeline) and ends in [`Params::new`], which checks the rules that tie several
//! parameters together (dates in order, shares that sum to at most 1, names that must exist) and
//! is the only way to build a [`Params`].
//!
//! Units are in the names. The default values live in the embedded scenario
//! `scenarios/great-purge.toml`, each on its own line with its source or the word "Assumption";
//! `docs/parameters.md` lists every parameter with its meaning, unit, range and source.

mod army;
mod deportation;
mod longrun;
mod national;
mod nomenklatura;
mod sections;
mod sentencing;
mod tables;
mod units;
mod validate;

use std::collections::BTreeMap;

use chistka_engine::calendar::Day;

use std::sync::Arc;

use crate::census::Census;

pub use army::ArmyParams;
pub use deportation::{DeportationParams, Removal};
pub use longrun::{ByEra, LongRunParams};
pub use national::{NationalOperation, NationalParams, PoolPart};
pub use nomenklatura::NomenklaturaParams;
pub use sections::*;
pub use sentencing::{Body, SentencingParams, Terms, TermsError, VerdictShares};
pub use tables::{CategoryTable, YearTable};
pub use units::{MeanCount, MeanDays, Probability, UnitError};
pub use validate::Violations;

/// All parameters of one run, validated: built only by [`Params::new`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Params {
    /// The census the parameters were validated against, parsed once and shared by every run
    /// of them, so that a run cannot fail on its data after validation.
    pub census: Arc<Census>,
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
    /// Deportations by decree (the Koreans of the Far East, border zones).
    pub deportation: DeportationParams,
    /// The army's purge: dismissals, special departments, reinstatement.
    pub army: ArmyParams,
    /// The nomenklatura's graded risk and the regional sweeps.
    pub nomenklatura: NomenklaturaParams,
    /// The long run, 1941-1985.
    pub longrun: LongRunParams,
}

/// The sections of a run's parameters, each valid on its own, not yet checked against each other.
#[derive(Debug, Clone)]
pub struct Sections {
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
    /// Deportations by decree (the Koreans of the Far East, border zones).
    pub deportation: DeportationParams,
    /// The army's purge: dismissals, special departments, reinstatement.
    pub army: ArmyParams,
    /// The nomenklatura's graded risk and the regional sweeps.
    pub nomenklatura: NomenklaturaParams,
    /// The long run, 1941-1985.
    pub longrun: LongRunParams,
}

impl Params {
    /// Checks the sections against each other and against `census`.
    ///
    /// # Errors
    /// Every rule broken, each with its dotted key.
    pub fn new(s: Sections, census: &Census) -> Result<Params, Violations> {
        let params = Params {
            census: Arc::new(census.clone()),
            start: s.start,
            end: s.end,
            population: s.population,
            policing: s.policing,
            interrogation: s.interrogation,
            sentencing: s.sentencing,
            camps: s.camps,
            quota: s.quota,
            national: s.national,
            halt: s.halt,
            threat: s.threat,
            timeline: s.timeline,
            registries: s.registries,
            denunciation: s.denunciation,
            patronage: s.patronage,
            party: s.party,
            centre: s.centre,
            purgers: s.purgers,
            promotion: s.promotion,
            wives: s.wives,
            deportation: s.deportation,
            army: s.army,
            nomenklatura: s.nomenklatura,
            longrun: s.longrun,
        };
        params.validate(census)?;
        Ok(params)
    }
}
