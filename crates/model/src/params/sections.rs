//! The sections of validated parameters, one struct per mechanism. Probabilities and shares are
//! [`Probability`], mean waiting times [`MeanDays`] with their distribution built; the other
//! numbers were checked against their declared ranges before these were built.

use std::collections::BTreeMap;

use chistka_engine::calendar::Day;

use super::{CategoryTable, MeanCount, MeanDays, Probability, YearTable};

/// Order 00486: wives of men sentenced to death or camp in the mass operations and by the centre
/// were arrested and sentenced by the Special Board; their children went to homes.
#[derive(Debug, Clone)]
pub struct WivesParams {
    /// Switch.
    pub enabled: bool,
    /// Day of the order.
    pub from: Day,
    /// Chance the wife of such a man is arrested.
    pub arrest_probability: Probability,
    /// Mean camp term of the wives, in years.
    pub term_years_mean: f64,
}

/// The centre's perceived threat: raised by scripted events and uncovered "conspiracies",
/// decaying, lowered by the halt. It scales the policy levers.
#[derive(Debug, Clone)]
pub struct ThreatParams {
    /// Switch (off: the threat stays at its initial level and no event changes it).
    pub enabled: bool,
    /// Level on the first day.
    pub initial: f64,
    /// Half-life of an increase, in days.
    pub half_life_days: f64,
    /// Increase per arrest of a member of the elite layer ("conspiracies uncovered").
    pub per_elite_arrest: f64,
    /// Increase per 10,000 arrests by naming (full scale).
    pub per_10k_named_arrests: f64,
    /// Level at which the threat is "normal": the levers below act on threat above it.
    pub reference: f64,
    /// Ordinary policing rate multiplier per unit of threat above the reference.
    pub policing_gain: f64,
    /// Capacity to arrest the named, multiplier per unit of threat above the reference.
    pub capacity_gain: f64,
    /// The mass orders wait until the threat reaches this level (0: they come on their dates).
    pub order_threshold: f64,
    /// The threat at which the centre sets the record's limits and rates: the centre's
    /// decisions scale by (threat / order_reference) ^ limit_elasticity.
    pub order_reference: f64,
    /// How strongly the centre's limits, grants, rates and lists follow its threat (0: fixed
    /// volumes whatever the threat).
    pub limit_elasticity: f64,
    /// Change of the log-odds of granting a region's request per unit of threat above
    /// `order_reference`.
    pub grant_threat_slope: f64,
    /// Factor applied to the threat at the halt.
    pub halt_factor: f64,
}

/// The registries (kartoteka) the police already hold.
#[derive(Debug, Clone)]
pub struct RegistryParams {
    /// Switch (off: mass operations choose by category risk alone, without the lists).
    pub enabled: bool,
    /// Share of "former people", intellectuals and employees registered as former members of
    /// other parties.
    pub other_parties_share: Probability,
    /// Tries at the registry before the operation turns to associates of those arrested.
    pub tries_before_associates: u32,
}

/// Denunciation from below.
#[derive(Debug, Clone)]
pub struct DenunciationParams {
    /// Switch.
    pub enabled: bool,
    /// Denunciations per 100,000 adults per year in calm times.
    pub per_100k_adults_per_year: f64,
    /// Hysteria added by a show trial.
    pub hysteria_per_trial: f64,
    /// Hysteria per arrest per 1,000 adults of the region in the last month.
    pub hysteria_per_local_arrest_per_1000: f64,
    /// Half-life of hysteria, in days.
    pub hysteria_half_life_days: f64,
    /// Share of denunciations out of fear (of a random associate).
    pub fear_share: Probability,
    /// Share out of careerism (of one's boss, to take the post).
    pub careerism_share: Probability,
    /// Chance the police act on a denunciation. The rest are old scores (household, workmates).
    pub act_probability: Probability,
}

/// The patronage cascade.
#[derive(Debug, Clone)]
pub struct PatronageParams {
    /// Switch.
    pub enabled: bool,
    /// Real people in a patron's close circle ("family circle"): the tail at risk.
    pub circle_size: f64,
    /// Chance a member of the circle is arrested when the patron falls.
    pub arrest_probability: Probability,
    /// Chance a member of the circle not arrested is dismissed.
    pub dismissal_probability: Probability,
    /// Mean days from the patron's arrest to the consequences.
    pub delay_days_mean: MeanDays,
}

/// Party purges and admissions.
#[derive(Debug, Clone)]
pub struct PartyParams {
    /// Switch (expulsion campaigns, appeals, admissions; expulsion on arrest always happens).
    pub enabled: bool,
    /// Admissions as candidates per year while admissions are open.
    pub admissions_per_year: YearTable,
    /// Chance an expelled person at liberty appeals once appeals open.
    pub appeal_probability: Probability,
    /// Chance an appeal is granted.
    pub appeal_success_probability: Probability,
    /// Mean days to an appeal's decision.
    pub appeal_delay_days_mean: MeanDays,
    /// Only those expelled by the party on or after this day may appeal after the January 1938
    /// plenum (the earlier expelled may only re-apply as new candidates).
    pub appeal_covers_expelled_from: Day,
    /// A member reinstated on appeal keeps his original joining year (false: it restarts).
    pub reinstated_keep_seniority: bool,
    /// Mean years a candidate waits for full membership while transfers are open.
    pub candidate_stage_years_mean: f64,
    /// Deaths of members and candidates per 1,000 per year.
    pub deaths_per_1000_per_year: f64,
    /// Mechanical drop-outs (dues unpaid, card not collected) per 1,000 per year.
    pub dropouts_per_1000_per_year: f64,
}

/// Elite terror from the centre: sentences approved at the top ("Stalin's lists").
#[derive(Debug, Clone)]
pub struct CentreParams {
    /// Switch (show trials are timeline events and have their own switch).
    pub enabled: bool,
    /// First day of the lists.
    pub lists_from: Day,
    /// Last day of the lists.
    pub lists_until: Day,
    /// Names on the lists in all.
    pub names: f64,
    /// Share of the names from the elite layer (the rest: officials, managers, officers).
    pub elite_share: Probability,
    /// Share sentenced to death.
    pub execution_share: Probability,
    /// Days before a show trial's verdict that its defendants are arrested.
    pub trial_arrest_lead_days: u32,
}

/// The purge of the purgers.
#[derive(Debug, Clone)]
pub struct PurgersParams {
    /// Switch.
    pub enabled: bool,
    /// Share of NKVD officers arrested after a change at the top.
    pub arrest_share: Probability,
    /// Days over which those arrests spread.
    pub window_days: f64,
}

/// Filling vacated posts.
#[derive(Debug, Clone)]
pub struct PromotionParams {
    /// Switch (off: vacated posts stay empty).
    pub enabled: bool,
    /// Mean days a post stays vacant.
    pub vacancy_days_mean: MeanDays,
    /// Chance a vacancy is filled from the tail below (a promotion chain) rather than by a recruit.
    pub from_below_probability: Probability,
    /// Ordinary turnover of post-holders (transfer, retirement, death) per year; it also sets the
    /// tenure of the holders on the first day (exponential with mean 1/rate), so that without
    /// purges the capacity indices stay level.
    pub rotation_per_year: f64,
}

/// Quota operations: per-region limits of the first (shoot) and second (camp) category.
#[derive(Debug, Clone)]
pub struct QuotaParams {
    /// Switch.
    pub enabled: bool,
    /// Day the operation starts.
    pub start: Day,
    /// Initial limits by region code: [first category, second category].
    pub limits: BTreeMap<String, [f64; 2]>,
    /// Initial limits of the regions not listed, shared among them by population.
    pub limits_rest_of_union: [f64; 2],
    /// Share of its current limit a region's NKVD can arrest per day.
    pub daily_capacity_share_of_limit: f64,
    /// Switch: a region takes no more of the order's arrests while its open cases of the order
    /// reach its share of the operational staff times the cases an operative carries.
    pub staff_bound: bool,
    /// The NKVD's operational staff across the Union, shared among the regions by adults.
    pub operational_staff: f64,
    /// Open cases of the order an operative can carry at once.
    pub open_cases_per_operative: f64,
    /// How much more likely the troika passes the first category than the second, per place
    /// left in each limit (1: in proportion to what is left).
    pub first_category_priority: f64,
    /// Share of its limit a region must have filled before it asks for more.
    pub request_threshold_share: Probability,
    /// Share beyond its limit a region arrests before permission (over-fulfilment).
    pub overfulfilment_share: Probability,
    /// Days between a region's requests for a higher limit.
    pub request_interval_days: u32,
    /// Weight in a regional chief's pressure to ask for more of the named arrests in his region
    /// over the last month, as a share of its initial limit (the "organisations" confessions
    /// uncovered).
    pub request_weight_named: f64,
    /// Weight of the denunciations made in the region over the last month, as a share of its
    /// initial limit (signals from below).
    pub request_weight_denunciations: f64,
    /// Pressure added while a purge of the NKVD runs (the danger of being purged for
    /// "insufficient vigilance").
    pub request_weight_danger: f64,
    /// Chance the centre grants a request.
    pub grant_probability: Probability,
    /// Size of a granted increase, as a share of the region's initial limit.
    pub increase_share_of_initial_limit: f64,
    /// Chance the centre grants a request, by year, replacing `grant_probability` when present.
    pub grant_probability_by_year: Option<YearTable>,
    /// The first category's share of granted increases (and of general raises of the limits),
    /// by year; absent, an increase keeps the initial limit's split between the categories.
    pub increase_first_category_share_by_year: Option<YearTable>,
    /// Relative chance by category of being taken: the kartoteka first.
    pub category_risk: CategoryTable,
}

/// The halt: mass operations and troikas end; pending cases are judged more leniently.
#[derive(Debug, Clone)]
pub struct HaltParams {
    /// Switch (off: the operations never stop).
    pub enabled: bool,
    /// Day of the resolution.
    pub date: Day,
    /// Chance a pending mass-operation case is released rather than sentenced.
    pub pending_release_probability: Probability,
}

/// Population structure not fixed by `data/`.
#[derive(Debug, Clone)]
pub struct PopulationParams {
    /// Mean household size.
    pub household_size_mean: f64,
    /// Mean number of adults in an urban workplace.
    pub workplace_size_urban_mean: f64,
    /// Mean number of adults in a kolkhoz or rural workplace.
    pub workplace_size_rural_mean: f64,
    /// Relative propensity of each adult category to hold a party card in 1934.
    pub party_propensity: CategoryTable,
}

/// Ordinary NKVD arrests outside the mass operations.
#[derive(Debug, Clone)]
pub struct PolicingParams {
    /// Switch.
    pub enabled: bool,
    /// Arrests per 100,000 adults per year.
    pub arrests_per_100k_adults_per_year: YearTable,
    /// Relative risk of arrest by category.
    pub category_risk: CategoryTable,
    /// Risk of a woman relative to a man of the same category (at most 1).
    pub female_relative_risk: Probability,
}

/// Interrogation: confession and naming of associates.
#[derive(Debug, Clone)]
pub struct InterrogationParams {
    /// Switch.
    pub enabled: bool,
    /// Mean days from arrest to the interrogation that settles the case.
    pub days_to_interrogation_mean: MeanDays,
    /// Chance that an arrested person confesses, without torture.
    pub confession_probability: Probability,
    /// Chance of confession once "physical pressure" is authorised.
    pub confession_probability_torture: Probability,
    /// Mean associates named in a confession, without torture.
    pub named_per_confession_mean: MeanCount,
    /// Mean associates named once torture is authorised.
    pub named_per_confession_mean_torture: MeanCount,
    /// Chance that the police pursue a named associate.
    pub pursue_probability: Probability,
    /// Factor on that chance for a member of the elite layer, whose arrest needed sanction.
    pub elite_pursue_factor: Probability,
    /// Arrests of named suspects the police can make per 100,000 adults per day.
    pub named_arrest_capacity_per_100k_adults_per_day: YearTable,
    /// Day torture is authorised (absent: never).
    pub torture_from: Option<Day>,
}

/// Camps and colonies.
#[derive(Debug, Clone)]
pub struct CampParams {
    /// Switch for the non-political inflow and camp mortality (the stock always exists).
    pub enabled: bool,
    /// ITL camp population on the first day.
    pub initial_camp_population: f64,
    /// ITK colony population on the first day.
    pub initial_colony_population: f64,
    /// Share of the initial stock convicted of counter-revolutionary crimes.
    pub initial_political_share: Probability,
    /// Mean remaining term of the initial stock, in years.
    pub initial_remaining_term_years_mean: f64,
    /// Deaths per 100 of the average roll per year.
    pub mortality_percent_per_year: YearTable,
    /// Ordinary criminal convicts sent to camps and colonies by the courts, per year.
    pub criminal_convicts_per_year: YearTable,
    /// Mean term of ordinary criminal convicts, in years.
    pub criminal_term_years_mean: f64,
    /// Relative chance by category of being among the criminal convicts.
    pub criminal_category_risk: CategoryTable,
    /// Terms shorter than this many years were served in colonies (ITK), longer in camps (ITL).
    pub colony_term_below_years: f64,
    /// Admissions per year the camps and colonies could take without overcrowding.
    pub intake_capacity_per_year: f64,
    /// Rise of the mortality rate per unit of admissions in the last year above the capacity
    /// (0: mortality does not respond to overcrowding).
    pub crowding_mortality_elasticity: f64,
    /// Deaths in prison per 100 detainees per year, between arrest and sentence.
    pub prison_mortality_percent_per_year: f64,
    /// Chance a prisoner sentenced to camp dies in transit.
    pub transit_death_probability: Probability,
    /// Days of remission a criminal convict earned per day worked (work credits, zachety).
    pub work_credit_days_per_day: f64,
    /// Day parole and work credits were abolished.
    pub work_credits_abolished: Day,
    /// The decree of 26 June 1940 (leaving work without permission): prison terms.
    pub labour_decree: Decree,
    /// The decree of 10 August 1940 (petty theft at work, hooliganism): camp terms.
    pub theft_decree: Decree,
    /// Day of the first arrests in the annexed territories (eastern Poland, 17 September 1939).
    pub annexed_from: Day,
    /// Prisoners from the annexed territories sent to camps per year (outside the synthetic
    /// population: an aggregate stock).
    pub annexed_inflow_per_year: YearTable,
    /// Share of the annexed territories' prisoners convicted of political crimes.
    pub annexed_political_share: Probability,
}

/// A decree that sent ordinary Soviet citizens to camps, colonies or prison on short terms.
#[derive(Debug, Clone)]
pub struct Decree {
    /// Day of the decree.
    pub from: Day,
    /// Convicted to confinement per year while it applies.
    pub convicts_per_year: f64,
    /// Mean term, in years.
    pub term_years_mean: f64,
}

/// One scripted event of the timeline: when, whether it is on, and what happens.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEvent {
    /// When (the verdict, for a show trial).
    pub date: Day,
    /// Off: the event does not happen (its index, and so its random stream, is kept).
    pub enabled: bool,
    /// Where the event and its figures come from.
    pub source: Option<String>,
    /// What happens, with the figures of that kind of event.
    pub what: Happening,
}

/// What a scripted event does; each kind carries exactly the figures it needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Happening {
    /// The Kirov murder and the law of 1 December 1934: a jump in threat.
    KirovMurder {
        /// Change of the threat.
        threat: f64,
    },
    /// A show trial: defendants from the elite arrested beforehand, sentenced on the date.
    ShowTrial(ShowTrial),
    /// A change at the head of the NKVD: the purge of the purgers follows.
    NkvdChiefChange {
        /// Change of the threat.
        threat: f64,
    },
    /// A plenum or another event that changes the threat.
    Plenum {
        /// Change of the threat.
        threat: f64,
    },
    /// A war scare.
    WarScare {
        /// Change of the threat.
        threat: f64,
    },
    /// A party expulsion campaign from the date to `end`.
    ExpulsionCampaign {
        /// Last day.
        end: Day,
        /// Share of members and candidates expelled over the campaign.
        expel_share: Probability,
    },
    /// Party admissions frozen.
    AdmissionsFreeze,
    /// Party admissions reopen.
    AdmissionsReopen,
    /// The expelled may appeal.
    AppealsOpen,
    /// Quota limits raised by a share of the initial limits.
    LimitIncrease {
        /// Share of the initial limits added.
        share: f64,
    },
    /// Special troikas take over the national operations' cases.
    SpecialTroikas,
    /// Releases of political prisoners from the date to `end`.
    Releases {
        /// Last day.
        end: Day,
        /// Share of political prisoners released over the period.
        release_share: Probability,
    },
}

/// The figures of a show trial.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShowTrial {
    /// Number of defendants.
    pub defendants: u32,
    /// Death sentences among them (at most `defendants`).
    pub death_sentences: u32,
    /// Whom the defendants are drawn from.
    pub pool: Pool,
    /// Change of the threat at the verdict.
    pub threat: f64,
    /// The trial happens only if the threat is at least this.
    pub min_threat: f64,
}

/// Whom a show trial's defendants are drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pool {
    /// Members of the Central Committee, people's commissars and congress delegates: the
    /// opposition and the party's leaders.
    Party,
    /// Marshals and army and corps commanders.
    Army,
}
