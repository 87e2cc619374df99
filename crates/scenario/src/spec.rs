//! Every parameter of a scenario, declared once: its dotted key, what it means, its unit, the
//! range the validator enforces and, where calibration may move it, the narrower range it
//! searches. The validator ([`check_ranges`]), the calibration bounds ([`bounds`]) and the
//! generated reference `docs/parameters.md` ([`crate::reference`]) all read this table; the
//! sources of the default values are the comments beside them in `scenarios/great-purge.toml`.
//!
//! A `*` in a key matches one dotted segment: a year of a year table, a category of a category
//! table, a region code, a timeline id, the index of a national operation.

use serde::Serialize;

/// What kind of value a parameter holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `true` or `false`: a mechanism's switch.
    Switch,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A name or a list of names.
    Text,
    /// A number (or a list of numbers, each checked against the range).
    Number,
}

/// One parameter (or one family of parameters, with `*` in the key).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ParamSpec {
    /// Dotted key, as in a scenario file and in `--param KEY=...`.
    pub key: &'static str,
    /// What it means, in one sentence.
    pub meaning: &'static str,
    /// Its unit, in words.
    pub unit: &'static str,
    /// What kind of value it holds.
    pub kind: Kind,
    /// The values the validator accepts (inclusive); numbers only.
    pub range: Option<(f64, f64)>,
    /// The narrower range calibration searches, where the record bounds it more tightly than
    /// validity does; [`bounds`] falls back to `range`.
    pub calibration: Option<(f64, f64)>,
}

const fn num(
    key: &'static str,
    meaning: &'static str,
    unit: &'static str,
    lo: f64,
    hi: f64,
) -> ParamSpec {
    ParamSpec {
        key,
        meaning,
        unit,
        kind: Kind::Number,
        range: Some((lo, hi)),
        calibration: None,
    }
}

const fn fit(spec: ParamSpec, lo: f64, hi: f64) -> ParamSpec {
    ParamSpec {
        calibration: Some((lo, hi)),
        ..spec
    }
}

const fn switch(key: &'static str, meaning: &'static str) -> ParamSpec {
    ParamSpec {
        key,
        meaning,
        unit: "on/off",
        kind: Kind::Switch,
        range: None,
        calibration: None,
    }
}

const fn date(key: &'static str, meaning: &'static str) -> ParamSpec {
    ParamSpec {
        key,
        meaning,
        unit: "date",
        kind: Kind::Date,
        range: None,
        calibration: None,
    }
}

const fn text(key: &'static str, meaning: &'static str) -> ParamSpec {
    ParamSpec {
        key,
        meaning,
        unit: "name",
        kind: Kind::Text,
        range: None,
        calibration: None,
    }
}

const P: &str = "probability";
const SHARE: &str = "share";
const DAYS: &str = "days";
const YEARS: &str = "years";
const WEIGHT: &str = "relative weight";
const LEVEL: &str = "threat units (1 = the calm of 1934)";

/// The table. Ranges are wide enough for any experiment that still means something (a share in
/// 0..1, a term under 25 years); the calibration ranges are what the record makes plausible.
#[rustfmt::skip]
pub const SPECS: &[ParamSpec] = &[
    date("start", "First simulated day."),
    date("end", "Last simulated day (inclusive). After 1941-06-22 the daily model of the terror stops on that day and the long run (the elite and the party) carries on to this day."),
    // population
    num("population.household_size_mean", "Mean household size.", "people", 1.0, 12.0),
    num("population.workplace_size_urban_mean", "Mean number of adults in an urban workplace.", "adults", 2.0, 10_000.0),
    num("population.workplace_size_rural_mean", "Mean number of adults in a kolkhoz or rural workplace.", "adults", 2.0, 10_000.0),
    num("population.party_propensity.*", "Relative propensity of each adult category to hold a party card in 1934 (`default`: the categories not listed).", WEIGHT, 0.0, 1e6),
    // policing
    switch("policing.enabled", "Ordinary NKVD policing: routine political arrests outside the mass operations."),
    fit(num("policing.arrests_per_100k_adults_per_year.*", "Routine arrests per 100,000 adults per year, by year.", "per 100,000 adults per year", 0.0, 100_000.0), 0.0, 2000.0),
    num("policing.category_risk.*", "Relative risk of a routine arrest by social category.", WEIGHT, 0.0, 1e6),
    num("policing.female_relative_risk", "Risk of a woman relative to a man of the same category.", "ratio", 0.0, 1.0),
    // interrogation
    switch("interrogation.enabled", "Confession and naming: the arrested name associates, who are arrested in turn."),
    num("interrogation.days_to_interrogation_mean", "Mean days from arrest to the interrogation that settles the case.", DAYS, 0.0, 3650.0),
    num("interrogation.confession_probability", "Chance that an arrested person confesses, without torture.", P, 0.0, 1.0),
    num("interrogation.confession_probability_torture", "Chance of confession once \"physical pressure\" is authorised.", P, 0.0, 1.0),
    fit(num("interrogation.named_per_confession_mean", "Mean associates named in a confession, without torture.", "people", 0.0, 100.0), 0.0, 30.0),
    fit(num("interrogation.named_per_confession_mean_torture", "Mean associates named in a confession once torture is authorised.", "people", 0.0, 100.0), 0.0, 30.0),
    num("interrogation.pursue_probability", "Chance that the police pursue a named associate.", P, 0.0, 1.0),
    num("interrogation.elite_pursue_factor", "Factor on that chance for a member of the elite layer, whose arrest needed sanction from above.", "factor", 0.0, 1.0),
    fit(num("interrogation.named_arrest_capacity_per_100k_adults_per_day.*", "Arrests of named suspects the police can make per 100,000 adults per day, by year.", "per 100,000 adults per day", 0.0, 1000.0), 0.0, 1.0),
    date("interrogation.torture_from", "Day torture is authorised (absent: never)."),
    // sentencing
    fit(num("sentencing.days_to_sentence_mean.*", "Mean days from interrogation to sentence, by year.", DAYS, 0.0, 3650.0), 3.0, 365.0),
    num("sentencing.exile_term_years_mean", "Mean exile term.", YEARS, 0.1, 25.0),
    fit(num("sentencing.special_board_case_share.*", "Share of the NKVD's other cases (not mass operations, centre or elite) the Special Board judged while it sat, by year; the rest went to the courts.", SHARE, 0.0, 1.0), 0.0, 1.0),
    date("sentencing.*.from", "First day the sentencing body sat (troika, album, special_troika, military_collegium, special_board, court)."),
    date("sentencing.*.until", "Last day the body sat (absent: to the end of the run)."),
    date("sentencing.*.death_from", "First day the body could pass a death sentence (absent: never)."),
    num("sentencing.*.camp_term_max_years.*", "Longest camp term the body could give, by year.", YEARS, 0.1, 25.0),
    num("sentencing.*.camp_term_years", "The camp terms the body gave.", YEARS, 0.1, 25.0),
    num("sentencing.*.camp_term_weights", "Relative weights of those terms.", WEIGHT, 0.0, 1e6),
    num("sentencing.*.execution_share.*", "Share of the body's sentences that were death, by year (only where it may pass death; with the camp and exile shares at most 1).", SHARE, 0.0, 1.0),
    num("sentencing.*.camp_share.*", "Share of the body's cases sent to camp, by year.", SHARE, 0.0, 1.0),
    num("sentencing.*.exile_share.*", "Share of the body's cases exiled, by year; the rest are released without conviction.", SHARE, 0.0, 1.0),
    // camps
    switch("camps.enabled", "The non-political inflow to the camps and camp mortality (the stock always exists)."),
    num("camps.initial_camp_population", "ITL camp population on the first day.", "people", 0.0, 2e7),
    fit(num("camps.initial_colony_population", "ITK colony population on the first day.", "people", 0.0, 2e7), 0.0, 600_000.0),
    num("camps.initial_political_share", "Share of the initial stock convicted of counter-revolutionary crimes.", SHARE, 0.0, 1.0),
    num("camps.initial_remaining_term_years_mean", "Mean remaining term of the initial stock.", YEARS, 0.1, 25.0),
    num("camps.mortality_percent_per_year.*", "Deaths per 100 of the average roll, by year.", "per 100 per year", 0.0, 100.0),
    fit(num("camps.criminal_convicts_per_year.*", "Ordinary criminal convicts sent to camps and colonies by the courts, by year.", "people per year", 0.0, 1e8), 0.0, 2_000_000.0),
    fit(num("camps.criminal_term_years_mean", "Mean term of ordinary criminal convicts.", YEARS, 0.1, 25.0), 0.5, 10.0),
    num("camps.criminal_category_risk.*", "Relative chance by category of being among the criminal convicts.", WEIGHT, 0.0, 1e6),
    num("camps.colony_term_below_years", "Terms shorter than this were served in colonies (ITK), longer in camps (ITL).", YEARS, 0.0, 25.0),
    num("camps.intake_capacity_per_year", "Admissions per year the camps and colonies could take without overcrowding.", "people per year", 1.0, 1e8),
    num("camps.crowding_mortality_elasticity", "Rise of the mortality rate per unit of last year's admissions above the capacity (0: no response).", "per unit of excess", 0.0, 100.0),
    num("camps.prison_mortality_percent_per_year", "Deaths in prison per 100 detainees per year, between arrest and sentence.", "per 100 per year", 0.0, 100.0),
    num("camps.transit_death_probability", "Chance a prisoner sentenced to camp dies in transit.", P, 0.0, 1.0),
    num("camps.work_credit_days_per_day", "Days of remission a criminal convict earned per day worked (work credits).", "days per day", 0.0, 5.0),
    date("camps.work_credits_abolished", "Day parole and work credits were abolished."),
    date("camps.*.from", "Day of the decree (labour_decree: 26 June 1940; theft_decree: 10 August 1940)."),
    num("camps.*.convicts_per_year", "Convicted to confinement under the decree per year.", "people per year", 0.0, 1e8),
    num("camps.*.term_years_mean", "Mean term under the decree.", YEARS, 0.01, 25.0),
    date("camps.annexed_from", "Day of the first arrests in the annexed territories."),
    num("camps.annexed_inflow_per_year.*", "Prisoners from the annexed territories sent to camps per year, by year (an aggregate stock outside the synthetic population).", "people per year", 0.0, 1e8),
    num("camps.annexed_political_share", "Share of the annexed territories' prisoners convicted of political crimes.", SHARE, 0.0, 1.0),
    // quota
    switch("quota.enabled", "The quota (\"limit\") operation of order 00447."),
    date("quota.start", "Day the operation starts (the order is issued then, or once the threat reaches a positive `threat.order_threshold`)."),
    num("quota.limits.*", "Initial limits of a region (by code): [first category (shoot), second category (camp)].", "people", 0.0, 1e7),
    num("quota.limits_rest_of_union", "Initial limits of the regions not listed, shared among them by population: [first, second].", "people", 0.0, 1e7),
    fit(num("quota.daily_capacity_share_of_limit", "Share of its current limit a region's NKVD can arrest per day.", "share per day", 0.0, 1.0), 0.002, 0.2),
    switch("quota.staff_bound", "Order 00447's arrests bounded by each region's operational staff: a region takes no more while its open cases of the order reach its share of the staff (by adults) times the cases an operative carries."),
    num("quota.operational_staff", "The NKVD's operational staff across the Union, shared among the regions by adults (read when `staff_bound` is on).", "people", 0.0, 1e6),
    fit(num("quota.open_cases_per_operative", "Open cases of order 00447 an operative can carry at once (read when `staff_bound` is on).", "cases", 0.0, 1e4), 0.5, 10.0),
    fit(num("quota.first_category_priority", "How much more likely the troika passes the first category (shoot) than the second, per place left in each limit: 1 sentences in proportion to what is left of each.", WEIGHT, 0.0, 1e3), 0.5, 10.0),
    num("quota.request_threshold_share", "Share of its limit a region must have filled before it asks for more.", SHARE, 0.0, 1.0),
    num("quota.overfulfilment_share", "Share beyond its limit a region arrests before permission (over-fulfilment).", SHARE, 0.0, 1.0),
    num("quota.request_interval_days", "Days between a region's requests for a higher limit.", DAYS, 1.0, 3650.0),
    num("quota.request_weight_named", "Weight in a regional chief's pressure to ask for more of the named arrests in his region over the last month, as a share of its initial limit.", WEIGHT, 0.0, 1e3),
    num("quota.request_weight_denunciations", "Weight in that pressure of the denunciations made in the region over the last month, as a share of its initial limit.", WEIGHT, 0.0, 1e3),
    num("quota.request_weight_danger", "Pressure added while a purge of the NKVD runs (the danger of being purged for \"insufficient vigilance\").", WEIGHT, 0.0, 10.0),
    num("quota.grant_probability", "Chance the centre grants a request (when no year table replaces it).", P, 0.0, 1.0),
    num("quota.grant_probability_by_year.*", "Chance the centre grants a request, by year, replacing `grant_probability`.", P, 0.0, 1.0),
    fit(num("quota.increase_share_of_initial_limit", "Size of a granted increase, as a share of the region's initial limit.", SHARE, 0.0, 100.0), 0.0, 2.0),
    fit(num("quota.increase_first_category_share_by_year.*", "The first category's share of granted increases and general raises, by year (absent: an increase keeps the initial split).", SHARE, 0.0, 1.0), 0.3, 0.9),
    num("quota.category_risk.*", "Relative chance by category of being taken: the kartoteka first.", WEIGHT, 0.0, 1e6),
    // national
    switch("national.enabled", "The national operations (orders 00439, 00485, 00593, ...)."),
    fit(num("national.album_review_days_mean", "Mean days from a local dvoika's proposal to the approval of the album by the Commission (the NKVD chief and the Procurator) in Moscow; the sentence is recorded on the Commission's day.", DAYS, 0.0, 3650.0), 0.0, 180.0),
    num("national.special_troika_days_mean", "Mean days to a special troika's sentence (from the transfer of a pending album case, or from the dvoika's stage after it).", DAYS, 0.0, 3650.0),
    text("national.operations.*.name", "Name of the line, e.g. `polish`."),
    text("national.operations.*.order", "The NKVD order or directive, e.g. `00485`."),
    date("national.operations.*.start", "Day the line starts (its order is issued then, or once the threat reaches a positive `threat.order_threshold`)."),
    text("national.operations.*.pool.*.nationality", "Nationality of a part of the line's pool (a name of data/population.csv)."),
    text("national.operations.*.pool.*.regions", "Region codes the part is limited to (absent: every region)."),
    switch("national.operations.*.pool.*.urban", "Only town dwellers (true) or only villagers (false); absent: both."),
    switch("national.operations.*.pool.*.registered", "Only those on the registers (kartoteka)."),
    num("national.operations.*.pool.*.share", "Share of the part's group drawn into the pool when the world is built.", SHARE, 0.0, 1.0),
    num("national.operations.*.pool.*.women_share", "Share of the part's women drawn into the pool, after `share` (1: women as men).", SHARE, 0.0, 1.0),
    fit(num("national.operations.*.arrests_per_1000_per_month", "Arrests per 1,000 adults of the line's pool per month while the line runs.", "per 1,000 per month", 0.0, 1000.0), 0.0, 100.0),
    num("national.operations.*.execution_share", "Share of the line's convicted who were shot (the dvoika's first category).", SHARE, 0.0, 1.0),
    num("national.operations.*.deportation_share", "Share of the line's convicted not shot who were deported (to special settlement) rather than sent to camp.", SHARE, 0.0, 1.0),
    // deportation
    switch("deportation.enabled", "Deportations by decree: whole groups removed to special settlements without arrest."),
    text("deportation.removals.*.name", "Name of the removal, e.g. `koreans`."),
    text("deportation.removals.*.decree", "The decree ordering it."),
    date("deportation.removals.*.start", "First day of the removal."),
    date("deportation.removals.*.end", "Last day: the whole group still at liberty is gone by then."),
    text("deportation.removals.*.group.*.nationality", "Nationality of a part of the group (a name of data/population.csv)."),
    text("deportation.removals.*.group.*.regions", "Region codes the part is limited to (absent: every region)."),
    num("deportation.removals.*.group.*.share", "Share of the part's group deported (people of every age).", SHARE, 0.0, 1.0),
    num("deportation.removals.*.group.*.women_share", "Share of the part's women deported, after `share` (1: whole families).", SHARE, 0.0, 1.0),
    // halt
    switch("halt.enabled", "The halt of 17 November 1938 (off: the mass operations never stop)."),
    date("halt.date", "Day of the resolution halting the mass operations."),
    num("halt.pending_release_probability", "Chance a pending mass-operation case is released rather than sentenced after the halt.", P, 0.0, 1.0),
    // threat
    switch("threat.enabled", "The leadership's perceived threat (off: it stays at its initial level)."),
    num("threat.initial", "Level on the first day.", LEVEL, 0.0, 1e3),
    num("threat.half_life_days", "Half-life of an increase of the threat.", DAYS, 1.0, 1e5),
    num("threat.per_elite_arrest", "Increase per arrest of a member of the elite layer (\"conspiracies uncovered\").", LEVEL, 0.0, 1e3),
    num("threat.per_10k_named_arrests", "Increase per 10,000 arrests by naming (full scale).", LEVEL, 0.0, 1e3),
    num("threat.reference", "Level at which the threat is \"normal\": the levers act on the threat above it.", LEVEL, 0.0, 1e3),
    num("threat.policing_gain", "Multiplier on ordinary policing per unit of threat above the reference.", "per threat unit", 0.0, 1e3),
    num("threat.capacity_gain", "Multiplier on the capacity to arrest the named per unit of threat above the reference.", "per threat unit", 0.0, 1e3),
    num("threat.order_threshold", "The mass orders wait until the threat reaches this level (0: they come on their dates, and the threat acts on their size instead).", LEVEL, 0.0, 1e3),
    num("threat.order_reference", "The threat at which the centre sets the record's limits and rates.", LEVEL, 0.01, 1e3),
    num("threat.limit_elasticity", "How strongly the centre's limits, grants, operation rates and lists follow its threat: they scale by (threat / order_reference) ^ this.", "elasticity", 0.0, 10.0),
    num("threat.grant_threat_slope", "Change of the log-odds of granting a region's request for a higher limit per unit of threat above order_reference.", "per threat unit", -100.0, 100.0),
    num("threat.halt_factor", "Factor applied to the threat at the halt.", "factor", 0.0, 1.0),
    // timeline
    text("timeline.*.kind", "What happens: kirov_murder, show_trial, nkvd_chief_change, plenum, war_scare, expulsion_campaign, admissions_freeze, admissions_reopen, appeals_open, limit_increase, special_troikas or releases."),
    date("timeline.*.date", "When (the verdict, for a show trial)."),
    switch("timeline.*.enabled", "This event (default on)."),
    date("timeline.*.end", "End of an expulsion campaign or of releases."),
    num("timeline.*.threat", "Change of the threat on the date.", LEVEL, -1e3, 1e3),
    num("timeline.*.defendants", "Show trial: number of defendants.", "people", 0.0, 1000.0),
    num("timeline.*.death_sentences", "Show trial: death sentences among them (at most the defendants).", "people", 0.0, 1000.0),
    text("timeline.*.pool", "Show trial: whom the defendants are drawn from, `party` (opposition and party leaders) or `army`."),
    num("timeline.*.min_threat", "Show trial: the event happens only if the threat is at least this.", LEVEL, 0.0, 1e3),
    fit(num("timeline.*.expel_share", "Expulsion campaign: share of members and candidates expelled.", SHARE, 0.0, 1.0), 0.0, 0.5),
    fit(num("timeline.*.limit_increase_share", "Limit increase: share of the initial limits added.", SHARE, 0.0, 100.0), 0.0, 3.0),
    num("timeline.*.release_share", "Releases: share of political prisoners released over the period.", SHARE, 0.0, 1.0),
    text("timeline.*.source", "Where the event and its figures come from."),
    // registries
    switch("registries.enabled", "The registries (kartoteka): off, mass operations choose by category risk alone."),
    num("registries.other_parties_share", "Share of \"former people\", intellectuals and employees registered as former members of other parties.", SHARE, 0.0, 1.0),
    num("registries.tries_before_associates", "Tries at the registry before an operation turns to associates of those arrested.", "tries", 0.0, 1e4),
    // denunciation
    switch("denunciation.enabled", "Denunciation from below."),
    num("denunciation.per_100k_adults_per_year", "Denunciations per 100,000 adults per year in calm times.", "per 100,000 adults per year", 0.0, 1e5),
    num("denunciation.hysteria_per_trial", "Hysteria added by a show trial.", "hysteria units", 0.0, 1e3),
    num("denunciation.hysteria_per_local_arrest_per_1000", "Hysteria per arrest per 1,000 adults of the region in the last month.", "hysteria units", 0.0, 1e3),
    num("denunciation.hysteria_half_life_days", "Half-life of hysteria.", DAYS, 1.0, 1e5),
    num("denunciation.fear_share", "Share of denunciations out of fear (of a random associate).", SHARE, 0.0, 1.0),
    num("denunciation.careerism_share", "Share out of careerism (of one's boss, to take the post); with `fear_share` at most 1.", SHARE, 0.0, 1.0),
    num("denunciation.act_probability", "Chance the police act on a denunciation.", P, 0.0, 1.0),
    // patronage
    switch("patronage.enabled", "The patronage cascade: a fallen patron's circle falls with him."),
    num("patronage.circle_size", "Real people in a patron's close circle (\"family circle\"): the tail at risk.", "people", 0.0, 1e6),
    num("patronage.arrest_probability", "Chance a member of the circle is arrested when the patron falls.", P, 0.0, 1.0),
    num("patronage.dismissal_probability", "Chance a member of the circle not arrested is dismissed.", P, 0.0, 1.0),
    num("patronage.delay_days_mean", "Mean days from the patron's arrest to the consequences.", DAYS, 0.0, 3650.0),
    // party
    switch("party.enabled", "Party purges, appeals and admissions (expulsion on arrest always happens)."),
    fit(num("party.admissions_per_year.*", "Admissions as candidates per year while admissions are open, by year.", "people per year", 0.0, 1e8), 0.0, 3_000_000.0),
    num("party.appeal_probability", "Chance an expelled person at liberty appeals once appeals open.", P, 0.0, 1.0),
    num("party.appeal_success_probability", "Chance an appeal is granted.", P, 0.0, 1.0),
    num("party.appeal_delay_days_mean", "Mean days to an appeal's decision.", DAYS, 0.0, 3650.0),
    date("party.appeal_covers_expelled_from", "Only those expelled by a party organisation on or after this day (and never arrested) may appeal once appeals open; the earlier expelled may only re-apply as new candidates."),
    switch("party.reinstated_keep_seniority", "A member reinstated on appeal keeps his original joining year (off: it restarts on reinstatement)."),
    num("party.candidate_stage_years_mean", "Mean years a candidate waits for full membership while admissions (and transfers) are open.", YEARS, 0.0, 25.0),
    num("party.deaths_per_1000_per_year", "Deaths of members and candidates per 1,000 per year (they leave the party; the model has no natural mortality of people).", "per 1,000 per year", 0.0, 1000.0),
    num("party.dropouts_per_1000_per_year", "Mechanical drop-outs of members and candidates per 1,000 per year (dues unpaid, cards not collected).", "per 1,000 per year", 0.0, 1000.0),
    // centre
    switch("centre.enabled", "Stalin's lists (show trials are timeline events with switches of their own)."),
    date("centre.lists_from", "First day of the lists."),
    date("centre.lists_until", "Last day of the lists."),
    num("centre.names", "Names on the lists in all.", "people", 0.0, 1e7),
    num("centre.elite_share", "Share of the names from the elite layer (the rest: officials, managers, officers).", SHARE, 0.0, 1.0),
    num("centre.execution_share", "Share of the names sentenced to death.", SHARE, 0.0, 1.0),
    num("centre.trial_arrest_lead_days", "Days before a show trial's verdict that its defendants are arrested.", DAYS, 0.0, 3650.0),
    // purgers
    switch("purgers.enabled", "The purge of the purgers after each change at the head of the NKVD."),
    num("purgers.arrest_share", "Share of NKVD officers arrested after a change at the top.", SHARE, 0.0, 1.0),
    num("purgers.window_days", "Days over which those arrests spread.", DAYS, 1.0, 3650.0),
    // promotion
    switch("promotion.enabled", "Filling vacated posts (off: they stay empty)."),
    num("promotion.vacancy_days_mean", "Mean days a post stays vacant.", DAYS, 0.0, 3650.0),
    num("promotion.from_below_probability", "Chance a vacancy is filled from the tail below (a promotion chain) rather than by a recruit.", P, 0.0, 1.0),
    num("promotion.rotation_per_year", "Ordinary turnover of post-holders per year; it also sets the holders' tenure on the first day, so that without purges the capacity indices stay level.", "per year", 0.0, 10.0),
    // wives
    switch("wives.enabled", "Order 00486: the wives of men shot or sent to camp as \"traitors\"."),
    date("wives.from", "Day of the order."),
    num("wives.arrest_probability", "Chance the wife of such a man is arrested.", P, 0.0, 1.0),
    num("wives.term_years_mean", "Mean camp term of the wives (drawn within +-23%).", YEARS, 0.1, 25.0),
    // army
    switch("army.enabled", "The purge of the Red Army: dismissals by the political organs, arrests by the special departments, naming in the command network, the reinstatement commission."),
    date("army.purge_from", "First day of the purge of the army (after the military case)."),
    date("army.purge_until", "Last day of it."),
    num("army.expulsions_per_1000_per_year", "Expulsions from the party by the army's party commissions, each with dismissal, per 1,000 officers holding a card per year.", "per 1,000 per year", 0.0, 1000.0),
    num("army.ties_dismissal_probability", "Chance an arrested officer's commander, and each of his direct subordinates, is dismissed for \"ties with enemies\".", P, 0.0, 1.0),
    num("army.special_department_arrests_per_1000_per_year", "Arrests by the NKVD's special departments per 1,000 officers per year.", "per 1,000 per year", 0.0, 1000.0),
    num("army.dismissed_arrest_probability", "Chance a dismissed officer is later arrested by the special department.", P, 0.0, 1.0),
    num("army.arrest_delay_days_mean", "Mean days from dismissal to that arrest.", DAYS, 0.0, 3650.0),
    num("army.named_per_arrest_mean", "Mean officers of his command network an arrested officer names.", "people", 0.0, 100.0),
    date("army.foreign_directive", "Day of the directive to dismiss officers of \"foreign\" nationalities."),
    num("army.foreign_dismissal_probability", "Chance an officer of a diaspora nationality is dismissed under that directive.", P, 0.0, 1.0),
    date("army.review_from", "First day the reinstatement commission hears the dismissed."),
    date("army.review_until", "Last day it sits."),
    num("army.reinstatement_probability", "Chance a dismissed officer still at liberty is reinstated.", P, 0.0, 1.0),
    num("army.review_delay_days_mean", "Mean days from dismissal (or the commission's first day) to its decision.", DAYS, 0.0, 3650.0),
    // nomenklatura
    switch("nomenklatura.enabled", "The regional sweeps by the centre's emissaries and the suspicion successors inherit (the graded risk of the lists and trials stays)."),
    num("nomenklatura.ex_oppositionist_relative_risk", "Risk from the top of a former oppositionist relative to a member with no such past.", "ratio", 0.0, 1e3),
    num("nomenklatura.old_bolshevik_relative_risk", "Risk from the top of an Old Bolshevik (joined in 1917 or before) relative to later members.", "ratio", 0.0, 1e3),
    num("nomenklatura.politburo_relative_risk", "Risk from the top of a Politburo member relative to a Congress delegate.", "ratio", 0.0, 1e3),
    num("nomenklatura.central_committee_relative_risk", "Risk from the top of a Central Committee member or candidate relative to a Congress delegate.", "ratio", 0.0, 1e3),
    num("nomenklatura.commissar_relative_risk", "Risk from the top of a people's commissar relative to a Congress delegate.", "ratio", 0.0, 1e3),
    num("nomenklatura.first_secretary_relative_risk", "Risk from the top of a regional first secretary relative to a Congress delegate.", "ratio", 0.0, 1e3),
    num("nomenklatura.high_command_relative_risk", "Risk from the top of a marshal, army or corps commander (for the military case) relative to a delegate.", "ratio", 0.0, 1e3),
    num("nomenklatura.sweep_bureau_arrest_probability", "Chance a member of the obkom bureau is arrested when an emissary sweeps the region (times his biography factors, at most 1).", P, 0.0, 1.0),
    num("nomenklatura.suspicion_arrests_per_year", "Arrests per year of whoever holds a post under suspicion after a sweep (times his biography factors).", "per year", 0.0, 100.0),
    date("nomenklatura.suspicion_until", "Last day a swept post stays under suspicion."),
    // long run
    num("longrun.mortality_at_60_per_year", "Annual chance of death at 60 of a man of the mass population (Gompertz level), after 1941.", P, 0.0, 1.0),
    num("longrun.mortality_doubling_years", "Years of age in which adult mortality doubles (Gompertz slope).", "years", 1.0, 30.0),
    num("longrun.elite_mortality_factor", "Mortality of the elite relative to the mass population's.", "ratio", 0.0, 5.0),
    num("longrun.war_death_share_per_year", "Share of party members and of the lower nomenklatura killed per year of the war, 1941-45.", "per year", 0.0, 1.0),
    num("longrun.war_death_cadre_factor", "War deaths of the lower nomenklatura relative to the party's (cadres were often exempt from call-up).", "ratio", 0.0, 5.0),
    num("longrun.war_death_officer_factor", "War deaths of the officers below the senior command relative to the party's.", "ratio", 0.0, 5.0),
    num("longrun.war_death_high_command_per_year", "Annual chance a member of the senior army command (marshals, army and corps commanders) is killed in the war, 1941-45.", "per year", 0.0, 1.0),
    date("longrun.war_end", "Last day of the war in Europe: the war's deaths and admissions stop."),
    num("longrun.retirement_age", "Age from which a holder of a place may retire.", "years", 40.0, 100.0),
    num("longrun.retirement_per_year_stalin", "Annual chance a holder past the retirement age retires, to Stalin's death.", "per year", 0.0, 1.0),
    num("longrun.retirement_per_year_khrushchev", "Annual chance a holder past the retirement age retires, from Stalin's death to Khrushchev's fall.", "per year", 0.0, 1.0),
    num("longrun.retirement_per_year_brezhnev", "Annual chance a holder past the retirement age retires, after Khrushchev's fall (the stability of cadres).", "per year", 0.0, 1.0),
    num("longrun.dismissal_per_year_stalin", "Annual chance a holder of a top place is dismissed from the elite, to Stalin's death.", "per year", 0.0, 1.0),
    num("longrun.dismissal_per_year_khrushchev", "Annual chance a holder of a top place is dismissed from the elite, from Stalin's death to Khrushchev's fall.", "per year", 0.0, 1.0),
    num("longrun.dismissal_per_year_brezhnev", "Annual chance a holder of a top place is dismissed from the elite, after Khrushchev's fall.", "per year", 0.0, 1.0),
    date("longrun.stalin_death", "Stalin's death: the first era of cadre policy ends."),
    date("longrun.khrushchev_fall", "Khrushchev's fall: the second ends, the stability of cadres begins."),
    date("longrun.leningrad_affair", "The Leningrad affair: the day its removals are counted."),
    num("longrun.leningrad_affair_removed_top", "Holders of top places removed in the Leningrad affair.", "people", 0.0, 1000.0),
    num("longrun.leningrad_affair_removed_officials", "Officials of the lower nomenklatura removed in it (full-scale people).", "people", 0.0, 1e6),
    date("longrun.doctors_plot_purge", "The day the purge the 'Doctors' plot' prepared would have struck the leadership (it strikes only if Stalin is alive then)."),
    num("longrun.doctors_plot_purge_share", "Share of the holders of top places it would have removed.", P, 0.0, 1.0),
    date("longrun.beria_fall", "Beria's arrest."),
    num("longrun.beria_fall_removed_top", "Holders of top places removed with Beria (himself, a Presidium member, and ministers).", "people", 0.0, 1000.0),
    date("longrun.anti_party_group", "The defeat of the 'Anti-Party Group' at the Central Committee's plenum."),
    num("longrun.anti_party_group_removed", "Presidium members removed in it (the longest in the Central Committee first).", "people", 0.0, 100.0),
    date("longrun.renewal_from", "First day of the 1961 Party Rules' systematic renewal of elected bodies."),
    date("longrun.renewal_until", "Its last day: the 23rd Congress repealed it."),
    num("longrun.renewal_share_centre", "Share of the Central Committee and of the Presidium renewed (the longest-serving first) at each congress under the rule.", P, 0.0, 1.0),
    num("longrun.renewal_share_regional_per_year", "Share of regional first secretaries renewed per year under the rule (the longest-serving first).", "per year", 0.0, 1.0),
    num("longrun.appointment_age_mean", "Age most preferred in a candidate for a top place.", "years", 20.0, 90.0),
    num("longrun.appointment_age_sd", "Spread of that preference (a normal curve).", "years", 0.5, 50.0),
    num("longrun.seniority_years", "Years in the nomenklatura after which a candidate for a top place has the full weight of his age (linear from entry: a career is a ladder).", "years", 0.1, 50.0),
    num("longrun.technical_preference", "Weight of a candidate with technical education relative to one without.", "ratio", 0.0, 100.0),
    num("longrun.origin_preference", "Weight of a candidate of worker or peasant origin relative to others.", "ratio", 0.0, 100.0),
    num("longrun.cc_from_posts_probability", "Chance a Central Committee seat goes to a holder of a regional or ministerial post (else to a cadre of the lower nomenklatura).", P, 0.0, 1.0),
    num("longrun.reserve_growth_per_year", "Growth per year of the posts of the lower nomenklatura after 1941 (the posts are posts: they do not grow with the party's membership).", "per year", -0.5, 0.5),
    num("longrun.entrant_age_mean", "Mean age at which a cadre enters the lower nomenklatura after 1941.", "years", 18.0, 60.0),
    num("longrun.entrant_age_sd", "Standard deviation of the age at which a cadre enters the lower nomenklatura.", "years", 0.5, 20.0),
    num("longrun.entrant_worker_peasant_share", "Share of entrants who are workers' or peasants' children.", P, 0.0, 1.0),
    num("longrun.entrant_technical_share_1941", "Share of entrants with technical education in 1941 (linear to 1985).", P, 0.0, 1.0),
    num("longrun.entrant_technical_share_1985", "Share of entrants to the lower nomenklatura with technical education in 1985.", P, 0.0, 1.0),
    fit(num("longrun.admissions_war", "Admissions to the party per member per year in the war (to the war's end).", "per year", 0.0, 2.0), 0.05, 0.8),
    fit(num("longrun.admissions_late_stalin", "Admissions to the party per member per year from the war's end to Stalin's death.", "per year", 0.0, 2.0), 0.0, 0.3),
    fit(num("longrun.admissions_khrushchev", "Admissions to the party per member per year under Khrushchev.", "per year", 0.0, 2.0), 0.0, 0.3),
    fit(num("longrun.admissions_brezhnev", "Admissions to the party per member per year after Khrushchev's fall.", "per year", 0.0, 2.0), 0.0, 0.3),
    num("longrun.admission_age_mean", "Mean age at admission to the party after 1941.", "years", 18.0, 45.0),
    fit(num("longrun.party_exit_per_year", "Members leaving the party per year other than by death (expulsion, drop-out), after 1941.", "per year", 0.0, 1.0), 0.0, 0.05),
];

/// True if `pattern` (with `*` matching one dotted segment) matches `key`.
pub fn matches(pattern: &str, key: &str) -> bool {
    let mut p = pattern.split('.');
    let mut k = key.split('.');
    loop {
        match (p.next(), k.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == "*" || a == b => {}
            _ => return false,
        }
    }
}

/// The spec of a dotted key, if it is a parameter.
pub fn spec(key: &str) -> Option<&'static ParamSpec> {
    SPECS.iter().find(|s| matches(s.key, key))
}

/// The range calibration may search for `key`: its calibration range, else its valid range.
///
/// ```
/// assert_eq!(chistka_scenario::spec::bounds("quota.grant_probability"), Some((0.0, 1.0)));
/// assert_eq!(chistka_scenario::spec::bounds("policing.arrests_per_100k_adults_per_year.1937"), Some((0.0, 2000.0)));
/// assert_eq!(chistka_scenario::spec::bounds("quota.enabled"), None);
/// ```
pub fn bounds(key: &str) -> Option<(f64, f64)> {
    spec(key).and_then(|s| s.calibration.or(s.range))
}

/// Checks every numeric leaf of a merged scenario against its declared range: (dotted key,
/// message) for each value outside it, and for each leaf with no declaration (a parameter
/// added to the model without its spec).
pub fn check_ranges(leaves: &[(String, toml::Value)]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (key, value) in leaves {
        let Some(spec) = spec(key) else {
            out.push((key.clone(), "not a declared parameter".to_string()));
            continue;
        };
        let Some((lo, hi)) = spec.range else {
            continue;
        };
        let numbers: Vec<f64> = match value {
            toml::Value::Array(a) => a.iter().filter_map(number).collect(),
            v => number(v).into_iter().collect(),
        };
        for x in numbers {
            if !(lo..=hi).contains(&x) {
                out.push((
                    key.clone(),
                    format!(
                        "expected a value in {lo}..={hi}, found {x} (unit: {})",
                        spec.unit
                    ),
                ));
            }
        }
    }
    out
}

fn number(v: &toml::Value) -> Option<f64> {
    match v {
        toml::Value::Float(x) => Some(*x),
        toml::Value::Integer(i) => Some(*i as f64),
        _ => None,
    }
}
