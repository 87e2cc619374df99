//! The raw form of a scenario: what serde reads from the merged TOML, types and unknown keys
//! checked, values not yet. [`validate`] (or `Params::try_from`) is the only way from here to
//! the [`Params`](chistka_model::params::Params) a run takes.

mod convert;
mod institutions;
mod longrun;
mod sections;
mod sentencing;

use std::collections::BTreeMap;

use chistka_engine::calendar::Day;
use chistka_model::params::Pool;
use serde::Deserialize;

pub use convert::{Invalid, validate};
pub use institutions::{ArmyParams, NomenklaturaParams};
pub use longrun::LongRunParams;
pub use sections::*;
pub use sentencing::{Body, SentencingParams};

/// All parameters of a scenario file, as read.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParams {
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
    /// Dated events of the policy timeline, by id.
    pub timeline: BTreeMap<String, RawEvent>,
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
    /// Deportations by decree.
    pub deportation: DeportationParams,
    /// The army's purge.
    pub army: ArmyParams,
    /// The nomenklatura's graded risk and the regional sweeps.
    pub nomenklatura: NomenklaturaParams,
    /// The long run, 1941-1985.
    pub longrun: LongRunParams,
}

fn yes() -> bool {
    true
}

/// One scripted event as written: `kind` says which fields it takes, and serde refuses a
/// missing or a foreign one.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RawEvent {
    /// The Kirov murder and the law of 1 December 1934.
    KirovMurder {
        /// Day of the event.
        date: Day,
        /// Switch (default on).
        #[serde(default = "yes")]
        enabled: bool,
        /// Change of the threat (default 0).
        threat: Option<f64>,
        /// Where the event comes from.
        source: Option<String>,
    },
    /// A show trial.
    ShowTrial {
        /// Day of the verdict.
        date: Day,
        /// Switch (default on).
        #[serde(default = "yes")]
        enabled: bool,
        /// Number of defendants.
        defendants: u32,
        /// Death sentences among them.
        death_sentences: u32,
        /// Whom the defendants are drawn from (default `party`).
        pool: Option<Pool>,
        /// Change of the threat at the verdict (default 0).
        threat: Option<f64>,
        /// The trial happens only if the threat is at least this (default 0).
        min_threat: Option<f64>,
        /// Where the event comes from.
        source: Option<String>,
    },
    /// A change at the head of the NKVD.
    NkvdChiefChange {
        /// Day of the event.
        date: Day,
        /// Switch (default on).
        #[serde(default = "yes")]
        enabled: bool,
        /// Change of the threat (default 0).
        threat: Option<f64>,
        /// Where the event comes from.
        source: Option<String>,
    },
    /// A plenum or another event that changes the threat.
    Plenum {
        /// Day of the event.
        date: Day,
        /// Switch (default on).
        #[serde(default = "yes")]
        enabled: bool,
        /// Change of the threat (default 0).
        threat: Option<f64>,
        /// Where the event comes from.
        source: Option<String>,
    },
    /// A war scare.
    WarScare {
        /// Day of the event.
        date: Day,
        /// Switch (default on).
        #[serde(default = "yes")]
        enabled: bool,
        /// Change of the threat (default 0).
        threat: Option<f64>,
        /// Where the event comes from.
        source: Option<String>,
    },
    /// A party expulsion campaign.
    ExpulsionCampaign {
        /// First day.
        date: Day,
        /// Switch (default on).
        #[serde(default = "yes")]
        enabled: bool,
        /// Last day.
        end: Day,
        /// Share of members and candidates expelled over the campaign.
        expel_share: f64,
        /// Where the event comes from.
        source: Option<String>,
    },
    /// Party admissions frozen.
    AdmissionsFreeze {
        /// Day of the event.
        date: Day,
        /// Switch (default on).
        #[serde(default = "yes")]
        enabled: bool,
        /// Where the event comes from.
        source: Option<String>,
    },
    /// Party admissions reopen.
    AdmissionsReopen {
        /// Day of the event.
        date: Day,
        /// Switch (default on).
        #[serde(default = "yes")]
        enabled: bool,
        /// Where the event comes from.
        source: Option<String>,
    },
    /// The expelled may appeal.
    AppealsOpen {
        /// Day of the event.
        date: Day,
        /// Switch (default on).
        #[serde(default = "yes")]
        enabled: bool,
        /// Where the event comes from.
        source: Option<String>,
    },
    /// Quota limits raised.
    LimitIncrease {
        /// Day of the event.
        date: Day,
        /// Switch (default on).
        #[serde(default = "yes")]
        enabled: bool,
        /// Share of the initial limits added.
        limit_increase_share: f64,
        /// Where the event comes from.
        source: Option<String>,
    },
    /// Special troikas take over the national operations' cases.
    SpecialTroikas {
        /// Day of the event.
        date: Day,
        /// Switch (default on).
        #[serde(default = "yes")]
        enabled: bool,
        /// Where the event comes from.
        source: Option<String>,
    },
    /// Releases of political prisoners.
    Releases {
        /// First day.
        date: Day,
        /// Switch (default on).
        #[serde(default = "yes")]
        enabled: bool,
        /// Last day.
        end: Day,
        /// Share of political prisoners released over the period.
        release_share: f64,
        /// Where the event comes from.
        source: Option<String>,
    },
}
