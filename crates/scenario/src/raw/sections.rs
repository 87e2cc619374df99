//! The sections of a scenario file as serde reads them: plain numbers, checked by
//! [`crate::spec`] and turned into checked quantities by the conversion to
//! [`chistka_model::params::Params`].

use std::collections::BTreeMap;

use chistka_engine::calendar::Day;
use chistka_model::params::{CategoryTable, YearTable};
use serde::Deserialize;

/// Order 00486: wives of men sentenced to death or camp in the mass operations and by the centre
/// were arrested and sentenced by the Special Board; their children went to homes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WivesParams {
    /// Switch.
    pub enabled: bool,
    /// Day of the order.
    pub from: Day,
    /// Chance the wife of such a man is arrested.
    pub arrest_probability: f64,
    /// Mean camp term of the wives, in years.
    pub term_years_mean: f64,
}

/// The centre's perceived threat: raised by scripted events and uncovered "conspiracies",
/// decaying, lowered by the halt. It scales the policy levers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryParams {
    /// Switch (off: mass operations choose by category risk alone, without the lists).
    pub enabled: bool,
    /// Share of "former people", intellectuals and employees registered as former members of
    /// other parties.
    pub other_parties_share: f64,
    /// Tries at the registry before the operation turns to associates of those arrested.
    pub tries_before_associates: u32,
}

/// Denunciation from below.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
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
    pub fear_share: f64,
    /// Share out of careerism (of one's boss, to take the post).
    pub careerism_share: f64,
    /// Chance the police act on a denunciation. The rest are old scores (household, workmates).
    pub act_probability: f64,
}

/// The patronage cascade.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatronageParams {
    /// Switch.
    pub enabled: bool,
    /// Real people in a patron's close circle ("family circle"): the tail at risk.
    pub circle_size: f64,
    /// Chance a member of the circle is arrested when the patron falls.
    pub arrest_probability: f64,
    /// Chance a member of the circle not arrested is dismissed.
    pub dismissal_probability: f64,
    /// Mean days from the patron's arrest to the consequences.
    pub delay_days_mean: f64,
}

/// Party purges and admissions.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyParams {
    /// Switch (expulsion campaigns, appeals, admissions; expulsion on arrest always happens).
    pub enabled: bool,
    /// Admissions as candidates per year while admissions are open.
    pub admissions_per_year: YearTable,
    /// Chance an expelled person at liberty appeals once appeals open.
    pub appeal_probability: f64,
    /// Chance an appeal is granted.
    pub appeal_success_probability: f64,
    /// Mean days to an appeal's decision.
    pub appeal_delay_days_mean: f64,
    /// Only those expelled by the party on or after this day may appeal.
    pub appeal_covers_expelled_from: Day,
    /// A member reinstated on appeal keeps his original joining year.
    pub reinstated_keep_seniority: bool,
    /// Mean years of the candidate stage.
    pub candidate_stage_years_mean: f64,
    /// Deaths of members and candidates per 1,000 per year.
    pub deaths_per_1000_per_year: f64,
    /// Mechanical drop-outs per 1,000 per year.
    pub dropouts_per_1000_per_year: f64,
}

/// Elite terror from the centre: sentences approved at the top ("Stalin's lists").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
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
    pub elite_share: f64,
    /// Share sentenced to death.
    pub execution_share: f64,
    /// Days before a show trial's verdict that its defendants are arrested.
    pub trial_arrest_lead_days: u32,
}

/// The purge of the purgers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurgersParams {
    /// Switch.
    pub enabled: bool,
    /// Share of NKVD officers arrested after a change at the top.
    pub arrest_share: f64,
    /// Days over which those arrests spread.
    pub window_days: f64,
}

/// Filling vacated posts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromotionParams {
    /// Switch (off: vacated posts stay empty).
    pub enabled: bool,
    /// Mean days a post stays vacant.
    pub vacancy_days_mean: f64,
    /// Chance a vacancy is filled from the tail below (a promotion chain) rather than by a recruit.
    pub from_below_probability: f64,
    /// Ordinary turnover of post-holders (transfer, retirement, death) per year; it also sets the
    /// tenure of the holders on the first day (exponential with mean 1/rate), so that without
    /// purges the capacity indices stay level.
    pub rotation_per_year: f64,
}

/// Quota operations: per-region limits of the first (shoot) and second (camp) category.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// Switch: the order's arrests are bounded by each region's operational staff.
    pub staff_bound: bool,
    /// The NKVD's operational staff across the Union.
    pub operational_staff: f64,
    /// Open cases of the order an operative can carry at once.
    pub open_cases_per_operative: f64,
    /// How much more likely the troika passes the first category than the second, per place
    /// left in each limit (1: in proportion to what is left).
    pub first_category_priority: f64,
    /// Share of its limit a region must have filled before it asks for more.
    pub request_threshold_share: f64,
    /// Share beyond its limit a region arrests before permission (over-fulfilment).
    pub overfulfilment_share: f64,
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
    pub grant_probability: f64,
    /// Size of a granted increase, as a share of the region's initial limit.
    pub increase_share_of_initial_limit: f64,
    /// Chance the centre grants a request, by year, replacing `grant_probability` when present.
    #[serde(default)]
    pub grant_probability_by_year: Option<YearTable>,
    /// The first category's share of granted increases, by year (absent: the initial split).
    #[serde(default)]
    pub increase_first_category_share_by_year: Option<YearTable>,
    /// Relative chance by category of being taken: the kartoteka first.
    pub category_risk: CategoryTable,
}

/// The national operations, line by line, and their sentencing procedure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalParams {
    /// Switch.
    pub enabled: bool,
    /// Mean days from a local dvoika's proposal to the Commission's approval in Moscow.
    pub album_review_days_mean: f64,
    /// Mean days to a special troika's sentence.
    pub special_troika_days_mean: f64,
    /// The lines.
    pub operations: Vec<NationalOperation>,
}

/// One line of the national operations.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalOperation {
    /// Name, e.g. "polish".
    pub name: String,
    /// The NKVD order or directive, e.g. "00485".
    pub order: String,
    /// Day it starts.
    pub start: Day,
    /// The parts of the line's pool of suspects.
    pub pool: Vec<PoolPart>,
    /// Arrests per 1,000 adults of the pool per month.
    pub arrests_per_1000_per_month: f64,
    /// Share of the convicted who were shot.
    pub execution_share: f64,
    /// Share of the convicted not shot who were deported rather than sent to camp (default 0).
    #[serde(default)]
    pub deportation_share: f64,
}

/// Deportations by decree.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeportationParams {
    /// Switch.
    pub enabled: bool,
    /// The removals.
    pub removals: Vec<Removal>,
}

/// One removal by decree.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Removal {
    /// Name, e.g. "koreans".
    pub name: String,
    /// The decree.
    pub decree: String,
    /// First day.
    pub start: Day,
    /// Last day.
    pub end: Day,
    /// The group (people of every age).
    pub group: Vec<PoolPart>,
}

/// A group of adults in a line's pool.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolPart {
    /// Nationality (a name of data/population.csv).
    pub nationality: String,
    /// Region codes (absent: every region).
    #[serde(default)]
    pub regions: Vec<String>,
    /// Only town (true) or village (false) dwellers (absent: both).
    #[serde(default)]
    pub urban: Option<bool>,
    /// Only those on the registers (default false).
    #[serde(default)]
    pub registered: bool,
    /// Share of the group drawn into the pool (default 1).
    #[serde(default = "one")]
    pub share: f64,
    /// Share of the group's women drawn, after `share` (default 1: women as men).
    #[serde(default = "one")]
    pub women_share: f64,
}

fn one() -> f64 {
    1.0
}

/// The halt: mass operations and troikas end; pending cases are judged more leniently.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HaltParams {
    /// Switch (off: the operations never stop).
    pub enabled: bool,
    /// Day of the resolution.
    pub date: Day,
    /// Chance a pending mass-operation case is released rather than sentenced.
    pub pending_release_probability: f64,
}

/// Population structure not fixed by `data/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicingParams {
    /// Switch.
    pub enabled: bool,
    /// Arrests per 100,000 adults per year.
    pub arrests_per_100k_adults_per_year: YearTable,
    /// Relative risk of arrest by category.
    pub category_risk: CategoryTable,
    /// Risk of a woman relative to a man of the same category (at most 1).
    pub female_relative_risk: f64,
}

/// Interrogation: confession and naming of associates.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterrogationParams {
    /// Switch.
    pub enabled: bool,
    /// Mean days from arrest to the interrogation that settles the case.
    pub days_to_interrogation_mean: f64,
    /// Chance that an arrested person confesses, without torture.
    pub confession_probability: f64,
    /// Chance of confession once "physical pressure" is authorised.
    pub confession_probability_torture: f64,
    /// Mean associates named in a confession, without torture.
    pub named_per_confession_mean: f64,
    /// Mean associates named once torture is authorised.
    pub named_per_confession_mean_torture: f64,
    /// Chance that the police pursue a named associate.
    pub pursue_probability: f64,
    /// Factor on that chance for a member of the elite layer, whose arrest needed sanction.
    pub elite_pursue_factor: f64,
    /// Arrests of named suspects the police can make per 100,000 adults per day.
    pub named_arrest_capacity_per_100k_adults_per_day: YearTable,
    /// Day torture is authorised (absent: never).
    pub torture_from: Option<Day>,
}

/// Camps and colonies.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampParams {
    /// Switch for the non-political inflow and camp mortality (the stock always exists).
    pub enabled: bool,
    /// ITL camp population on the first day.
    pub initial_camp_population: f64,
    /// ITK colony population on the first day.
    pub initial_colony_population: f64,
    /// Share of the initial stock convicted of counter-revolutionary crimes.
    pub initial_political_share: f64,
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
    /// Rise of the mortality rate per unit of admissions above the capacity.
    pub crowding_mortality_elasticity: f64,
    /// Deaths in prison per 100 detainees per year, between arrest and sentence.
    pub prison_mortality_percent_per_year: f64,
    /// Chance a prisoner sentenced to camp dies in transit.
    pub transit_death_probability: f64,
    /// Days of remission a criminal convict earned per day worked.
    pub work_credit_days_per_day: f64,
    /// Day parole and work credits were abolished.
    pub work_credits_abolished: Day,
    /// The decree of 26 June 1940 (leaving work without permission).
    pub labour_decree: Decree,
    /// The decree of 10 August 1940 (petty theft at work, hooliganism).
    pub theft_decree: Decree,
    /// Day of the first arrests in the annexed territories.
    pub annexed_from: Day,
    /// Prisoners from the annexed territories sent to camps per year.
    pub annexed_inflow_per_year: YearTable,
    /// Share of the annexed territories' prisoners convicted of political crimes.
    pub annexed_political_share: f64,
}

/// A decree that sent ordinary citizens to confinement on short terms.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decree {
    /// Day of the decree.
    pub from: Day,
    /// Convicted to confinement per year while it applies.
    pub convicts_per_year: f64,
    /// Mean term, in years.
    pub term_years_mean: f64,
}
