//! What turns the elite over after 1941, and how its places are filled again.
//!
//! Each year every holder of a top place may die (Gompertz mortality times the elite's factor),
//! retire (past `retirement_age`, at the era's rate) or be dismissed from the elite (at the
//! era's rate); each record of the lower nomenklatura may die, fall in the war, or retire. Then
//! the dated events of the year, in date order: the record's sizes of the layers (a Central
//! Committee row is a congress, which elects the Committee: under the 1961 Rules it first
//! renews a share of the longest-serving, then it shrinks by the most recently co-opted or
//! grows), the Leningrad affair, the "Doctors' plot" purge (only if Stalin is alive that day),
//! Beria's fall and the Anti-Party Group ([`super::events`]). Last, vacancies are filled from
//! below ([`super::filling`]).

use chistka_engine::calendar::Day;
use chistka_engine::streams::Rng;
use rand::Rng as _;

use super::events::{dated, event, remove_longest, resize};
use super::filling::{fill, fill_seats};
use super::roster::{Elite, Post};
use super::{Layer, year_of};
use crate::params::LongRunParams;

/// Departures from the top layers over the long run, by cause.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Exits {
    /// Died in office.
    pub deaths: f64,
    /// Retired.
    pub retirements: f64,
    /// Dismissed from the elite by the era's ordinary turnover.
    pub dismissals: f64,
    /// Removed in the Leningrad affair, the Doctors' plot purge, Beria's fall, the Anti-Party
    /// Group, or renewed under the 1961 Rules.
    pub purged: f64,
}

/// Annual chance of death at `age` (Gompertz), times `factor`, at most 1.
pub fn mortality(p: &LongRunParams, age: f64, factor: f64) -> f64 {
    // 2^x as e^(x ln 2): the reserves' loop calls this for every record every year.
    let doublings = (age - 60.0) / p.mortality_doubling_years;
    (p.mortality_at_60_per_year * factor * (doublings * std::f64::consts::LN_2).exp()).min(1.0)
}

/// The chance over `years` of an event of annual chance `q`.
pub(super) fn over(q: f64, years: f64) -> f64 {
    1.0 - (1.0 - q.clamp(0.0, 1.0)).powf(years)
}

/// Sets the places of each layer to the record's on the first day and fills them.
pub fn begin(elite: &mut Elite, p: &LongRunParams, start: Day, rng: &mut Rng) {
    for layer in Layer::ALL {
        resize(elite, layer, p.data.size(layer, start), false, rng);
    }
    fill(elite, p, start, rng);
    fill_seats(elite, p, Layer::CentralCommittee, start, rng);
}

/// A stretch of time, as its hazards read it.
struct Span {
    /// Its length in years.
    years: f64,
    /// Its middle day, which decides the era.
    mid: Day,
    /// The year at its start, with the fraction (ages are taken then).
    now: f64,
    /// The years of it before the war's end.
    war_years: f64,
}

impl Span {
    fn new(p: &LongRunParams, from: Day, to: Day) -> Span {
        Span {
            years: f64::from(to.since(from)) / 365.2425,
            mid: Day(from.0 + (to.0 - from.0) / 2),
            now: year_of(from),
            war_years: f64::from(to.min(p.war_end).since(from)) / 365.2425,
        }
    }
}

/// One step from `from` to `to` (at most a year).
pub fn step(
    elite: &mut Elite,
    p: &LongRunParams,
    from: Day,
    to: Day,
    rng: &mut Rng,
    exits: &mut Exits,
) {
    // The hazards run from event to event, so that a body elected in February faces them
    // from February.
    let mut t = from;
    for (day, kind, i) in dated(p, from, to) {
        hazards(elite, p, t, day, rng, exits);
        event(elite, p, day, kind, i, rng, exits);
        t = day;
    }
    hazards(elite, p, t, to, rng, exits);
    reserve_hazards(elite, p, from, to, rng);
}

/// Death, retirement and dismissal of the top layers from `from` to `to`.
fn hazards(
    elite: &mut Elite,
    p: &LongRunParams,
    from: Day,
    to: Day,
    rng: &mut Rng,
    exits: &mut Exits,
) {
    if to <= from {
        return;
    }
    let Span {
        years,
        mid,
        now,
        war_years,
    } = Span::new(p, from, to);
    let retire = p.era(&p.retirement_per_year, mid);
    let dismiss = p.era(&p.dismissal_per_year, mid);
    elite.cadres.retain_mut(|c| {
        let age = now - c.traits.born;
        // The senior command fell at the front as well.
        let war = if c.post == Post::HighCommand {
            over(p.war_death_high_command_per_year, war_years)
        } else {
            0.0
        };
        let death = war + over(mortality(p, age, p.elite_mortality_factor), years);
        let retirement = if age >= p.retirement_age {
            over(retire, years)
        } else {
            0.0
        };
        let dismissal = over(dismiss, years);
        let u: f64 = rng.random();
        if u < death {
            exits.deaths += 1.0;
        } else if u < death + retirement {
            exits.retirements += 1.0;
        } else if u < death + retirement + dismissal {
            // A dismissal takes the post; the seats go at the next congress (a seat went with a
            // post). A member of the Politburo with no post leaves it for the Committee; a
            // member of the Committee alone keeps his seat to the congress.
            exits.dismissals += 1.0;
            if c.post != Post::None {
                (c.post, c.post_lost) = (Post::None, true);
            } else if c.politburo {
                c.politburo = false;
            }
            return !c.holds_nothing();
        } else {
            return true;
        }
        false
    });
    // Under the 1961 Rules, a share of the longest-serving first secretaries renewed each year.
    if mid >= p.renewal_from && mid <= p.renewal_until {
        let x = p.renewal_share_regional_per_year
            * years
            * elite.holders(Layer::FirstSecretaries) as f64;
        // Whole removals, the fraction by chance (unbiased over short segments).
        let n = x.floor() as usize + usize::from(rng.random::<f64>() < x.fract());
        remove_longest(elite, Layer::FirstSecretaries, n, exits);
    }
}

/// The lower nomenklatura and the officers from `from` to `to`: death, the war, retirement, each
/// record as a whole. Once a step, not from event to event: the events do not touch the records'
/// hazards, and the reserves are the long run's largest loop.
fn reserve_hazards(elite: &mut Elite, p: &LongRunParams, from: Day, to: Day, rng: &mut Rng) {
    let Span {
        years,
        mid,
        now,
        war_years,
    } = Span::new(p, from, to);
    let retire = p.era(&p.retirement_per_year, mid);
    // Only death depends on the record; the rest is worked out once.
    let war_officer = over(
        p.war_death_share_per_year * p.war_death_officer_factor,
        war_years,
    );
    let war_cadre = over(
        p.war_death_share_per_year * p.war_death_cadre_factor,
        war_years,
    );
    let retirement_past_age = over(retire, years);
    for pool in [&mut elite.reserve, &mut elite.officers] {
        pool.retain(|r| {
            let age = now - r.traits.born;
            let death = over(mortality(p, age, 1.0), years);
            let war = if r.military { war_officer } else { war_cadre };
            let retirement = if age >= p.retirement_age {
                retirement_past_age
            } else {
                0.0
            };
            rng.random::<f64>() >= death + war + retirement
        });
    }
}
