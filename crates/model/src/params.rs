//! Parameters of the model, as read from a scenario.
//!
//! The types here are what a scenario file deserialises into (step one, "raw": types and
//! unknown keys are checked by serde); [`Params::validate`] is step two, which checks ranges and
//! the consistency of dates and returns every violation with the dotted key that caused it, so
//! the scenario reader can point at the file, line and column.
//!
//! Units are in the names. The default values live in the embedded scenario
//! `scenarios/great-purge.toml`, each on its own line with its source or the word "Assumption".

use std::collections::BTreeMap;

use chistka_engine::calendar::Day;
use serde::Deserialize;

use crate::people::Category;

/// A value that steps by calendar year: the value for year `y` is the entry with the largest year
/// not after `y` (the first entry before it). Written in TOML as `{ 1934 = 1.0, 1937 = 2.0 }`.
#[derive(Debug, Clone, PartialEq)]
pub struct YearTable(pub Vec<(i16, f64)>);

impl YearTable {
    /// The value in force in `year`.
    pub fn at(&self, year: i16) -> f64 {
        let mut value = self.0.first().map_or(0.0, |e| e.1);
        for &(y, v) in &self.0 {
            if y <= year {
                value = v;
            }
        }
        value
    }

    fn check(&self, path: &str, lo: f64, hi: f64, v: &mut Violations) {
        if self.0.is_empty() {
            v.push(path, "expected at least one year".into());
        }
        for &(y, x) in &self.0 {
            if !(lo..=hi).contains(&x) || x.is_nan() {
                v.push(
                    &format!("{path}.{y}"),
                    format!("expected a value in {lo}..={hi}, found {x}"),
                );
            }
        }
    }
}

impl<'de> Deserialize<'de> for YearTable {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, f64>::deserialize(de)?;
        let mut out = Vec::with_capacity(map.len());
        for (k, v) in map {
            let year: i16 = k
                .parse()
                .ok()
                .filter(|y| (1900..=2100).contains(y))
                .ok_or_else(|| {
                    serde::de::Error::custom(format!("expected a year as key, found `{k}`"))
                })?;
            out.push((year, v));
        }
        out.sort_by_key(|e| e.0);
        Ok(YearTable(out))
    }
}

/// A relative weight per social category; categories not listed weigh `default`.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryTable(pub [f64; Category::ALL.len()]);

impl CategoryTable {
    /// The weight of a category.
    pub fn of(&self, c: Category) -> f64 {
        self.0[c as usize]
    }

    /// The largest weight.
    pub fn max(&self) -> f64 {
        self.0.iter().copied().fold(0.0, f64::max)
    }
}

impl<'de> Deserialize<'de> for CategoryTable {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, f64>::deserialize(de)?;
        let default = map.get("default").copied().unwrap_or(1.0);
        let mut out = [default; Category::ALL.len()];
        // Dependants (children) are never targets, whatever the default.
        out[Category::Dependant as usize] = 0.0;
        for (k, v) in map {
            if k == "default" {
                continue;
            }
            let c = Category::from_name(&k).ok_or_else(|| {
                let names: Vec<_> = Category::ALL.iter().map(|c| c.name()).collect();
                serde::de::Error::custom(format!(
                    "unknown category `{k}`, expected `default` or one of: {}",
                    names.join(", ")
                ))
            })?;
            if !(0.0..=1e6).contains(&v) {
                return Err(serde::de::Error::custom(format!(
                    "weight of `{k}` must be >= 0"
                )));
            }
            out[c as usize] = v;
        }
        Ok(CategoryTable(out))
    }
}

/// Every rule a scenario broke, each with the dotted key it concerns.
#[derive(Debug, Default)]
pub struct Violations(pub Vec<(String, String)>);

impl Violations {
    /// Record one violation.
    pub fn push(&mut self, path: &str, message: String) {
        self.0.push((path.to_string(), message));
    }

    fn range(&mut self, path: &str, x: f64, lo: f64, hi: f64) {
        if !(lo..=hi).contains(&x) || x.is_nan() {
            self.push(path, format!("expected a value in {lo}..={hi}, found {x}"));
        }
    }

    fn prob(&mut self, path: &str, x: f64) {
        self.range(path, x, 0.0, 1.0);
    }
}

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
    /// The mass orders are issued only once the threat reaches this level.
    pub order_threshold: f64,
    /// Factor applied to the threat at the halt.
    pub halt_factor: f64,
}

/// Kinds of scripted event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The Kirov murder and the law of 1 December 1934: a jump in threat.
    KirovMurder,
    /// A show trial: defendants from the elite arrested beforehand, sentenced on the date.
    ShowTrial,
    /// A change at the head of the NKVD: the purge of the purgers follows.
    NkvdChiefChange,
    /// A plenum or another event that changes the threat.
    Plenum,
    /// A war scare.
    WarScare,
    /// A party expulsion campaign from `date` to `end` expelling `expel_share`.
    ExpulsionCampaign,
    /// Party admissions frozen.
    AdmissionsFreeze,
    /// Party admissions reopen.
    AdmissionsReopen,
    /// The expelled may appeal.
    AppealsOpen,
    /// Quota limits raised by `limit_increase_share` of the initial limits.
    LimitIncrease,
    /// Special troikas take over the national operations' cases.
    SpecialTroikas,
    /// Releases of political prisoners from `date` to `end`: `release_share` of them.
    Releases,
}

/// One scripted event. Which fields apply depends on the kind; validation says which are missing.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineEvent {
    /// What happens.
    pub kind: EventKind,
    /// When (the verdict, for a show trial).
    pub date: Day,
    /// Switch (default on).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// End of a campaign.
    pub end: Option<Day>,
    /// Change of threat on the date.
    pub threat: Option<f64>,
    /// Show trial: number of defendants.
    pub defendants: Option<u32>,
    /// Show trial: death sentences among them.
    pub death_sentences: Option<u32>,
    /// Show trial: `party` (opposition and party leaders) or `army`.
    pub pool: Option<String>,
    /// Show trial: the event happens only if the threat is at least this.
    pub min_threat: Option<f64>,
    /// Expulsion campaign: share of members and candidates expelled.
    pub expel_share: Option<f64>,
    /// Limit increase: share of the initial limits added.
    pub limit_increase_share: Option<f64>,
    /// Releases: share of political prisoners released.
    pub release_share: Option<f64>,
    /// Where the event and its figures come from.
    pub source: Option<String>,
}

fn yes() -> bool {
    true
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
    /// Chance a dismissed army officer is reinstated.
    pub army_reinstatement_probability: f64,
    /// Mean days to reinstatement.
    pub reinstatement_delay_days_mean: f64,
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
    /// Share of its limit a region must have filled before it asks for more.
    pub request_threshold_share: f64,
    /// Share beyond its limit a region arrests before permission (over-fulfilment).
    pub overfulfilment_share: f64,
    /// Days between a region's requests for a higher limit.
    pub request_interval_days: u32,
    /// Chance the centre grants a request.
    pub grant_probability: f64,
    /// Size of a granted increase, as a share of the region's initial limit.
    pub increase_share_of_initial_limit: f64,
    /// Share of a granted increase (and of a general raise of the limits) given to the first
    /// category; absent, an increase keeps the initial limit's split between the categories.
    #[serde(default)]
    pub increase_first_category_share: Option<f64>,
    /// Chance the centre grants a request, by year, replacing `grant_probability` when present.
    #[serde(default)]
    pub grant_probability_by_year: Option<YearTable>,
    /// Relative chance by category of being taken: the kartoteka first.
    pub category_risk: CategoryTable,
}

/// The national operations and their "album" sentencing.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalParams {
    /// Switch.
    pub enabled: bool,
    /// Share of album sentences that were death sentences.
    pub album_execution_share: f64,
    /// The operations.
    pub operations: Vec<NationalOperation>,
}

/// One national operation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalOperation {
    /// Name, e.g. "polish".
    pub name: String,
    /// The NKVD order, e.g. "00485".
    pub order: String,
    /// Day it starts.
    pub start: Day,
    /// Nationalities targeted (names as in data/population.csv).
    pub nationalities: Vec<String>,
    /// Arrests per 1,000 adults of the targeted nationalities per month.
    pub arrests_per_1000_per_month: f64,
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

/// Sentencing after investigation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentencingParams {
    /// Mean days from interrogation to sentence.
    pub days_to_sentence_mean: YearTable,
    /// Share of the sentenced shot.
    pub execution_share: YearTable,
    /// Share sent to camps, colonies or prison.
    pub camp_share: YearTable,
    /// Share exiled. The rest are released without conviction.
    pub exile_share: YearTable,
    /// Mean camp term, in years.
    pub camp_term_years_mean: YearTable,
    /// Mean exile term, in years.
    pub exile_term_years_mean: f64,
    /// Day the NKVD Special Board (OSO) begins to sentence.
    pub special_board_from: Day,
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
}

impl Params {
    /// Checks ranges and the consistency of dates.
    ///
    /// # Errors
    /// Every violation found, each with its dotted key.
    pub fn validate(&self) -> Result<(), Violations> {
        let mut v = Violations::default();
        if self.end <= self.start {
            v.push(
                "end",
                format!(
                    "expected a date after start ({}), found {}",
                    self.start, self.end
                ),
            );
        }
        let p = &self.population;
        v.range(
            "population.household_size_mean",
            p.household_size_mean,
            1.0,
            12.0,
        );
        v.range(
            "population.workplace_size_urban_mean",
            p.workplace_size_urban_mean,
            2.0,
            10_000.0,
        );
        v.range(
            "population.workplace_size_rural_mean",
            p.workplace_size_rural_mean,
            2.0,
            10_000.0,
        );
        let pol = &self.policing;
        pol.arrests_per_100k_adults_per_year.check(
            "policing.arrests_per_100k_adults_per_year",
            0.0,
            100_000.0,
            &mut v,
        );
        v.prob("policing.female_relative_risk", pol.female_relative_risk);
        let i = &self.interrogation;
        v.range(
            "interrogation.days_to_interrogation_mean",
            i.days_to_interrogation_mean,
            0.0,
            3650.0,
        );
        v.prob(
            "interrogation.confession_probability",
            i.confession_probability,
        );
        v.prob(
            "interrogation.confession_probability_torture",
            i.confession_probability_torture,
        );
        v.range(
            "interrogation.named_per_confession_mean",
            i.named_per_confession_mean,
            0.0,
            100.0,
        );
        v.range(
            "interrogation.named_per_confession_mean_torture",
            i.named_per_confession_mean_torture,
            0.0,
            100.0,
        );
        v.prob("interrogation.pursue_probability", i.pursue_probability);
        v.prob("interrogation.elite_pursue_factor", i.elite_pursue_factor);
        i.named_arrest_capacity_per_100k_adults_per_day.check(
            "interrogation.named_arrest_capacity_per_100k_adults_per_day",
            0.0,
            1_000.0,
            &mut v,
        );
        let s = &self.sentencing;
        s.days_to_sentence_mean
            .check("sentencing.days_to_sentence_mean", 0.0, 3650.0, &mut v);
        s.execution_share
            .check("sentencing.execution_share", 0.0, 1.0, &mut v);
        s.camp_share
            .check("sentencing.camp_share", 0.0, 1.0, &mut v);
        s.exile_share
            .check("sentencing.exile_share", 0.0, 1.0, &mut v);
        for year in self.start.year()..=self.end.year() {
            let total = s.execution_share.at(year) + s.camp_share.at(year) + s.exile_share.at(year);
            if total > 1.0 + 1e-9 {
                v.push(
                    "sentencing.execution_share",
                    format!("execution, camp and exile shares sum to {total:.3} in {year}, expected at most 1"),
                );
                break;
            }
        }
        s.camp_term_years_mean
            .check("sentencing.camp_term_years_mean", 0.1, 25.0, &mut v);
        v.range(
            "sentencing.exile_term_years_mean",
            s.exile_term_years_mean,
            0.1,
            25.0,
        );
        let c = &self.camps;
        v.range(
            "camps.initial_camp_population",
            c.initial_camp_population,
            0.0,
            2e7,
        );
        v.range(
            "camps.initial_colony_population",
            c.initial_colony_population,
            0.0,
            2e7,
        );
        v.prob("camps.initial_political_share", c.initial_political_share);
        v.range(
            "camps.initial_remaining_term_years_mean",
            c.initial_remaining_term_years_mean,
            0.1,
            25.0,
        );
        c.mortality_percent_per_year
            .check("camps.mortality_percent_per_year", 0.0, 100.0, &mut v);
        c.criminal_convicts_per_year
            .check("camps.criminal_convicts_per_year", 0.0, 1e8, &mut v);
        v.range(
            "camps.criminal_term_years_mean",
            c.criminal_term_years_mean,
            0.1,
            25.0,
        );
        let q = &self.quota;
        let codes: Vec<String> = crate::census::Census::embedded()
            .map(|c| c.regions.into_iter().map(|r| r.code).collect())
            .unwrap_or_default();
        for (code, [a, b]) in &q.limits {
            if !codes.contains(code) {
                v.push(
                    &format!("quota.limits.{code}"),
                    format!("unknown region, expected one of: {}", codes.join(", ")),
                );
            }
            v.range(&format!("quota.limits.{code}"), a.min(*b), 0.0, 1e7);
        }
        v.range(
            "quota.daily_capacity_share_of_limit",
            q.daily_capacity_share_of_limit,
            0.0,
            1.0,
        );
        v.prob("quota.request_threshold_share", q.request_threshold_share);
        v.prob("quota.overfulfilment_share", q.overfulfilment_share);
        v.range(
            "quota.request_interval_days",
            f64::from(q.request_interval_days),
            1.0,
            3650.0,
        );
        v.prob("quota.grant_probability", q.grant_probability);
        if let Some(t) = &q.grant_probability_by_year {
            t.check("quota.grant_probability_by_year", 0.0, 1.0, &mut v);
        }
        if let Some(x) = q.increase_first_category_share {
            v.prob("quota.increase_first_category_share", x);
        }
        v.range(
            "quota.increase_share_of_initial_limit",
            q.increase_share_of_initial_limit,
            0.0,
            100.0,
        );
        let n = &self.national;
        v.prob("national.album_execution_share", n.album_execution_share);
        for (i, op) in n.operations.iter().enumerate() {
            for nat in &op.nationalities {
                if crate::people::Nationality::from_name(nat).is_none() {
                    v.push(
                        &format!("national.operations.{i}.nationalities"),
                        format!("unknown nationality `{nat}`"),
                    );
                }
            }
            v.range(
                &format!("national.operations.{i}.arrests_per_1000_per_month"),
                op.arrests_per_1000_per_month,
                0.0,
                1000.0,
            );
        }
        v.prob(
            "halt.pending_release_probability",
            self.halt.pending_release_probability,
        );
        self.validate_more(&mut v);
        if v.0.is_empty() { Ok(()) } else { Err(v) }
    }
}

impl Params {
    fn validate_more(&self, v: &mut Violations) {
        let t = &self.threat;
        v.range("threat.initial", t.initial, 0.0, 1e3);
        v.range("threat.half_life_days", t.half_life_days, 1.0, 1e5);
        v.range("threat.per_elite_arrest", t.per_elite_arrest, 0.0, 1e3);
        v.range(
            "threat.per_10k_named_arrests",
            t.per_10k_named_arrests,
            0.0,
            1e3,
        );
        v.range("threat.policing_gain", t.policing_gain, 0.0, 1e3);
        v.range("threat.capacity_gain", t.capacity_gain, 0.0, 1e3);
        v.range("threat.halt_factor", t.halt_factor, 0.0, 1.0);
        for (id, e) in &self.timeline {
            let key = |f: &str| format!("timeline.{id}.{f}");
            let need = |v: &mut Violations, f: &str, present: bool| {
                if !present {
                    v.push(
                        &format!("timeline.{id}"),
                        format!("a `{:?}` event needs `{f}`", e.kind),
                    );
                }
            };
            match e.kind {
                EventKind::ShowTrial => {
                    need(v, "defendants", e.defendants.is_some());
                    need(v, "death_sentences", e.death_sentences.is_some());
                    if let (Some(d), Some(x)) = (e.defendants, e.death_sentences)
                        && x > d
                    {
                        v.push(
                            &key("death_sentences"),
                            format!("expected at most the {d} defendants, found {x}"),
                        );
                    }
                    if let Some(pool) = &e.pool
                        && pool != "party"
                        && pool != "army"
                    {
                        v.push(
                            &key("pool"),
                            format!("expected `party` or `army`, found `{pool}`"),
                        );
                    }
                }
                EventKind::ExpulsionCampaign | EventKind::Releases => {
                    need(v, "end", e.end.is_some());
                    if e.end.is_some_and(|end| end < e.date) {
                        v.push(
                            &key("end"),
                            format!("expected a date on or after {}", e.date),
                        );
                    }
                    if e.kind == EventKind::ExpulsionCampaign {
                        need(v, "expel_share", e.expel_share.is_some());
                    } else {
                        need(v, "release_share", e.release_share.is_some());
                    }
                }
                EventKind::LimitIncrease => {
                    need(v, "limit_increase_share", e.limit_increase_share.is_some())
                }
                _ => {}
            }
            for (f, x) in [
                ("expel_share", e.expel_share),
                ("release_share", e.release_share),
            ] {
                if let Some(x) = x {
                    v.prob(&key(f), x);
                }
            }
        }
        let r = &self.registries;
        v.prob("registries.other_parties_share", r.other_parties_share);
        let d = &self.denunciation;
        v.range(
            "denunciation.per_100k_adults_per_year",
            d.per_100k_adults_per_year,
            0.0,
            1e5,
        );
        v.range(
            "denunciation.hysteria_half_life_days",
            d.hysteria_half_life_days,
            1.0,
            1e5,
        );
        v.prob("denunciation.fear_share", d.fear_share);
        v.prob("denunciation.careerism_share", d.careerism_share);
        if d.fear_share + d.careerism_share > 1.0 + 1e-9 {
            v.push(
                "denunciation.careerism_share",
                "fear and careerism shares sum to more than 1".into(),
            );
        }
        v.prob("denunciation.act_probability", d.act_probability);
        let p = &self.patronage;
        v.range("patronage.circle_size", p.circle_size, 0.0, 1e6);
        v.prob("patronage.arrest_probability", p.arrest_probability);
        v.prob("patronage.dismissal_probability", p.dismissal_probability);
        v.prob(
            "patronage.army_reinstatement_probability",
            p.army_reinstatement_probability,
        );
        let party = &self.party;
        party
            .admissions_per_year
            .check("party.admissions_per_year", 0.0, 1e8, v);
        v.prob("party.appeal_probability", party.appeal_probability);
        v.prob(
            "party.appeal_success_probability",
            party.appeal_success_probability,
        );
        let c = &self.centre;
        if c.lists_until < c.lists_from {
            v.push(
                "centre.lists_until",
                format!("expected a date on or after {}", c.lists_from),
            );
        }
        v.range("centre.names", c.names, 0.0, 1e7);
        v.prob("centre.elite_share", c.elite_share);
        v.prob("centre.execution_share", c.execution_share);
        v.prob("purgers.arrest_share", self.purgers.arrest_share);
        v.range("purgers.window_days", self.purgers.window_days, 1.0, 3650.0);
        v.range(
            "promotion.vacancy_days_mean",
            self.promotion.vacancy_days_mean,
            0.0,
            3650.0,
        );
        v.prob(
            "promotion.from_below_probability",
            self.promotion.from_below_probability,
        );
        v.range(
            "promotion.rotation_per_year",
            self.promotion.rotation_per_year,
            0.0,
            10.0,
        );
        v.prob("wives.arrest_probability", self.wives.arrest_probability);
        v.range(
            "wives.term_years_mean",
            self.wives.term_years_mean,
            0.1,
            25.0,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_table_steps() {
        let t = YearTable(vec![(1934, 1.0), (1937, 5.0), (1939, 2.0)]);
        assert_eq!(t.at(1933), 1.0);
        assert_eq!(t.at(1936), 1.0);
        assert_eq!(t.at(1937), 5.0);
        assert_eq!(t.at(1938), 5.0);
        assert_eq!(t.at(1941), 2.0);
    }
}
