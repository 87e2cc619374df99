//! The long run, 22 June 1941 to as late as 1985: what became of the generation the terror
//! promoted.
//!
//! The daily model of the terror stops on the day of the German invasion. When the scenario's
//! `end` (or `chistka run --until`) is later, the run carries on from the world it left, a year
//! at a time, with the elite and the party only:
//!
//! - **The elite** ([`roster`]): everyone then holding a place in the Politburo or the Central
//!   Committee, a regional first secretaryship, a people's commissariat or the senior army
//!   command, one record a person; and below them the lower nomenklatura (officials and economic
//!   cadres in posts) and the officer corps, the reserves the top is refilled from. Each keeps
//!   what the daily model knew of him: whether he was promoted in 1937-39, his social origin and
//!   technical education, and a birth year drawn in his age band.
//! - **What moves them** ([`turnover`]): ageing and death by age (Gompertz); retirement past an
//!   age and dismissal at the rates of each era (Stalin, Khrushchev, the "stability of cadres"
//!   after 1964); the war's losses.
//! - **The dated events** ([`events`]): the Leningrad affair; the "Doctors' plot" purge, which
//!   strikes only if Stalin is still alive on its day; Beria's fall; the Anti-Party Group; the
//!   1961 Party Rules' systematic renewal, until the 23rd Congress repealed it; the congresses
//!   that elect the Central Committee; the layers' sizes by date (`data/longrun.csv`).
//! - **Promotion chains** ([`filling`]): the Politburo from the Central Committee, the
//!   Committee's seats from the holders of regional and ministerial posts or from the lower
//!   nomenklatura, the posts from the lower nomenklatura and the high command from the officers,
//!   each draw weighted by age, seniority, education and origin. The lower nomenklatura is
//!   refilled by entrants of each year.
//! - **The party** ([`party`]) by year of joining and year of birth: death by age, the war's
//!   losses, exits, and admissions by era.
//!
//! The 1937-39 cohort is a flag on each record: nobody joins it after 1939. The people are
//! synthetic: no record describes a real person.

pub mod claims;
pub mod data;
pub mod events;
mod fenwick;
pub mod filling;
pub mod party;
pub mod roster;
pub mod turnover;

use chistka_engine::calendar::Day;

use crate::streams::Key;
use crate::world::World;
pub use data::{Layer, LongRunData};
pub use roster::{Cadre, Post, Reserve};

/// The day the daily model ends and the long run begins: the German invasion.
pub fn start_day() -> Day {
    Day::from_ymd(1941, 6, 22).unwrap_or(Day(0))
}

/// The calendar year of `day` with its fraction (1 July 1953 is about 1953.5).
pub fn year_of(day: Day) -> f64 {
    1934.0 + f64::from(day.0) / 365.2425
}

/// One layer on one date.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerRow {
    /// The date.
    pub date: Day,
    /// The layer's name ([`Layer::name`], or `lower_nomenklatura`, or `all_nomenklatura`).
    pub layer: &'static str,
    /// Places (the record's size; for the lower nomenklatura, its holders).
    pub places: f64,
    /// Holders (full-scale people).
    pub holders: f64,
    /// Holders promoted in 1937-39 (full-scale people).
    pub cohort_1937_39: f64,
    /// Their share of the holders.
    pub share_promoted_1937_39: f64,
    /// Mean age of the holders.
    pub mean_age: f64,
    /// Share of the holders who are workers' or peasants' children with technical education.
    pub share_worker_peasant_technical: f64,
    /// Share of the holders born in 1901-1920 (the generation Mawdsley and White count).
    pub share_born_1901_1920: f64,
}

/// The party on one date, by period of joining.
#[derive(Debug, Clone, PartialEq)]
pub struct PartyRow {
    /// The date.
    pub date: Day,
    /// Members and candidates by period of joining ([`party::PERIODS`]).
    pub by_period: Vec<f64>,
    /// All members and candidates.
    pub total: f64,
}

/// What the long run produced.
#[derive(Debug, Clone, Default)]
pub struct LongRun {
    /// The layers on 22 June 1941, then on 1 January of each year, then on the last day.
    pub layers: Vec<LayerRow>,
    /// The party on the same dates.
    pub party: Vec<PartyRow>,
    /// The 1937-39 cohort as it was formed: everyone appointed to a post of the nomenklatura in
    /// those years, whatever became of him by 1941 (full-scale people).
    pub cohort_formed: f64,
    /// Removals by cause over the whole long run (full-scale people of the top layers).
    pub exits: turnover::Exits,
}

impl LongRun {
    /// The row of `layer` on `date`.
    pub fn row(&self, layer: &str, date: Day) -> Option<&LayerRow> {
        self.layers
            .iter()
            .find(|r| r.layer == layer && r.date == date)
    }
}

/// Runs the long run from the world the daily model left, if the parameters ask for one.
pub fn run(w: &World) -> Option<LongRun> {
    run_observed(w, &mut |_, _| {})
}

/// As [`run`], showing `observe` the elite on each date a row is recorded.
pub fn run_observed(w: &World, observe: &mut dyn FnMut(Day, &roster::Elite)) -> Option<LongRun> {
    let until = w.params.longrun.until?;
    let p = &w.params.longrun;
    let mut elite = roster::Elite::from_world(w);
    let mut members = party::Cohorts::from_world(w);
    let start = w.params.end;
    let mut out = LongRun {
        cohort_formed: elite.cohort_formed,
        ..LongRun::default()
    };
    let mut rng = w.streams.stream(Key::LongRun.id());
    turnover::begin(&mut elite, p, start, &mut rng);
    record(&elite, &members, start, &mut out);
    observe(start, &elite);
    let mut t = start;
    while t < until {
        let next = Day::jan1(t.year() + 1).min(until);
        let mut rng = w.streams.stream2(Key::LongRun.id(), u64::from(next.0));
        turnover::step(&mut elite, p, t, next, &mut rng, &mut out.exits);
        members.step(p, t, next);
        let growth = (1.0 + p.reserve_growth_per_year).powf(year_of(next) - year_of(start));
        elite.grow_reserve(p, next, growth, &mut rng);
        filling::fill(&mut elite, p, next, &mut rng);
        record(&elite, &members, next, &mut out);
        observe(next, &elite);
        t = next;
    }
    Some(out)
}

fn record(elite: &roster::Elite, members: &party::Cohorts, date: Day, out: &mut LongRun) {
    let now = year_of(date);
    // One row from (weight, traits) pairs; `places` None for a reserve (its holders).
    let row = |layer: &'static str,
               places: Option<f64>,
               holders: &mut dyn Iterator<Item = (f64, &roster::Traits)>| {
        let (mut n, mut cohort, mut age, mut wpt, mut born_1901_1920) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for (weight, t) in holders {
            n += weight;
            if t.promoted_1937_39 {
                cohort += weight;
            }
            age += weight * (now - t.born);
            if t.worker_peasant && t.technical {
                wpt += weight;
            }
            if (1901.0..1921.0).contains(&t.born) {
                born_1901_1920 += weight;
            }
        }
        let share = |x: f64| if n > 0.0 { x / n } else { 0.0 };
        LayerRow {
            date,
            layer,
            places: places.unwrap_or(n),
            holders: n,
            cohort_1937_39: cohort,
            share_promoted_1937_39: share(cohort),
            mean_age: share(age),
            share_worker_peasant_technical: share(wpt),
            share_born_1901_1920: share(born_1901_1920),
        }
    };
    for layer in Layer::ALL {
        let places = f64::from(elite.places(layer));
        let mut holders = elite
            .cadres
            .iter()
            .filter(|c| c.in_layer(layer))
            .map(|c| (1.0, &c.traits));
        out.layers
            .push(row(layer.name(), Some(places), &mut holders));
    }
    let civilians = elite.reserve.iter().map(|r| (r.weight, &r.traits));
    let officers = elite.officers.iter().map(|r| (r.weight, &r.traits));
    let top = elite.cadres.iter().map(|c| (1.0, &c.traits));
    out.layers
        .push(row("lower_nomenklatura", None, &mut civilians.clone()));
    out.layers
        .push(row("officer_corps", None, &mut officers.clone()));
    out.layers.push(row(
        "all_nomenklatura",
        None,
        &mut top.chain(civilians).chain(officers),
    ));
    out.party.push(PartyRow {
        date,
        by_period: members.by_period(),
        total: members.total(),
    });
}
