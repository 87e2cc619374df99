//! What turns the elite over after 1941, and how its places are filled again.
//!
//! Each year every holder of a top place may die (Gompertz mortality times the elite's factor),
//! retire (past `retirement_age`, at the era's rate) or be dismissed from the elite (at the
//! era's rate); each record of the lower nomenklatura may die, fall in the war, or retire. Then
//! the dated events of the year, in date order: the record's sizes of the layers (a Central
//! Committee row is a congress, which elects the Committee: under the 1961 Rules it first
//! renews a share of the longest-serving, then it shrinks by the most recently co-opted or
//! grows), the Leningrad affair, the "Doctors' plot" purge (only if Stalin is alive that day),
//! Beria's fall and the Anti-Party Group. Last, vacancies are filled from below ([`fill`]).

use chistka_engine::calendar::Day;
use chistka_engine::streams::Rng;
use rand::Rng as _;

use super::fenwick::Fenwick;
use super::roster::{Cadre, Elite, Post, Reserve};
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
    (p.mortality_at_60_per_year * factor * 2f64.powf((age - 60.0) / p.mortality_doubling_years))
        .min(1.0)
}

/// The chance over `years` of an event of annual chance `q`.
fn over(q: f64, years: f64) -> f64 {
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
}

/// Death, retirement and dismissal from `from` to `to`.
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
    let years = f64::from(to.since(from)) / 365.2425;
    let mid = Day(from.0 + (to.0 - from.0) / 2);
    let now = year_of(from);
    let retire = p.era(&p.retirement_per_year, mid);
    let dismiss = p.era(&p.dismissal_per_year, mid);
    let war_years = f64::from(to.min(p.war_end).since(from)) / 365.2425;
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
    // The lower nomenklatura: death, the war, retirement, each record as a whole.
    elite.reserve.retain(|r| {
        let age = now - r.traits.born;
        let death = over(mortality(p, age, 1.0), years);
        let factor = if r.military {
            p.war_death_officer_factor
        } else {
            p.war_death_cadre_factor
        };
        let war = over(p.war_death_share_per_year * factor, war_years);
        let retirement = if age >= p.retirement_age {
            over(retire, years)
        } else {
            0.0
        };
        rng.random::<f64>() >= death + war + retirement
    });
}

/// The dated events in `(from, to]`, in date order: (day, kind, row of `data/longrun.csv`).
fn dated(p: &LongRunParams, from: Day, to: Day) -> Vec<(Day, u8, usize)> {
    let within = |d: Day| d > from && d <= to;
    let mut dated: Vec<(Day, u8, usize)> = Vec::new();
    for (i, s) in p.data.sizes.iter().enumerate() {
        if within(s.from) {
            dated.push((s.from, 0, i));
        }
    }
    for (d, kind) in [
        (p.leningrad_affair, 1),
        (p.doctors_plot_purge, 2),
        (p.beria_fall, 3),
        (p.anti_party_group, 4),
    ] {
        if within(d) {
            dated.push((d, kind, 0));
        }
    }
    dated.sort();
    dated
}

/// One dated event.
fn event(
    elite: &mut Elite,
    p: &LongRunParams,
    day: Day,
    kind: u8,
    i: usize,
    rng: &mut Rng,
    exits: &mut Exits,
) {
    match kind {
        0 => {
            let s = p.data.sizes[i];
            if s.layer == Layer::CentralCommittee {
                congress(elite, p, s.size, day, rng, exits);
            } else {
                resize(elite, s.layer, s.size, true, rng);
            }
        }
        1 => {
            remove_random(elite, p.leningrad_affair_removed_top as usize, rng, exits);
            remove_reserve(elite, p.leningrad_affair_removed_officials, rng);
        }
        2 if p.stalin_death > day => {
            let n = (p.doctors_plot_purge_share * elite.cadres.len() as f64).round() as usize;
            remove_random(elite, n, rng, exits);
        }
        3 => {
            remove_from(elite, Layer::Politburo, 1, rng, exits);
            remove_from(
                elite,
                Layer::Ministers,
                p.beria_fall_removed_top.saturating_sub(1) as usize,
                rng,
                exits,
            );
        }
        4 => remove_oldest_guard(elite, p.anti_party_group_removed as usize, exits),
        _ => {}
    }
}

/// A congress: renewal under the 1961 Rules, then the Committee of `size` full members.
fn congress(
    elite: &mut Elite,
    p: &LongRunParams,
    size: u32,
    day: Day,
    rng: &mut Rng,
    exits: &mut Exits,
) {
    // Those who lost their post since the last congress are not re-elected.
    for c in &mut elite.cadres {
        if c.post_lost && c.post == Post::None && !c.politburo {
            c.cc = false;
        }
        c.post_lost = false;
    }
    drop_empty(elite);
    if day >= p.renewal_from && day <= p.renewal_until {
        for layer in [Layer::CentralCommittee, Layer::Politburo] {
            let n = (p.renewal_share_centre * elite.holders(layer) as f64).round() as usize;
            let mut ids: Vec<usize> = (0..elite.cadres.len())
                .filter(|&i| elite.cadres[i].in_layer(layer))
                .collect();
            ids.sort_by_key(|&i| (since(&elite.cadres[i], layer), i));
            for &i in ids.iter().take(n) {
                unseat(&mut elite.cadres[i], layer);
            }
            exits.purged += n as f64;
        }
        drop_empty(elite);
    }
    resize(elite, Layer::CentralCommittee, size, true, rng);
    fill_seats(elite, p, Layer::CentralCommittee, day, rng);
}

fn since(c: &Cadre, layer: Layer) -> Day {
    match layer {
        Layer::Politburo => c.politburo_since,
        Layer::CentralCommittee => c.cc_since,
        _ => c.post_since,
    }
}

fn unseat(c: &mut Cadre, layer: Layer) {
    match layer {
        Layer::Politburo => c.politburo = false,
        // Leaving the Committee is leaving the Politburo too.
        Layer::CentralCommittee => (c.cc, c.politburo) = (false, false),
        _ => c.post = Post::None,
    }
}

fn drop_empty(elite: &mut Elite) {
    elite.cadres.retain(|c| !c.holds_nothing());
}

/// Sets the places of `layer`. After 1941 a seat shrinks by those seated last (the Presidium of
/// 25 lost the members co-opted in October 1952), a post by holders at random (the abolished
/// ministries, the regions merged again). On the first day (`newest_first` false) every layer
/// keeps holders at random: the daily model's Central Committee stands for the members and
/// candidates of 1934 and their successors, the record's for the full members elected in 1939.
fn resize(elite: &mut Elite, layer: Layer, size: u32, newest_first: bool, rng: &mut Rng) {
    elite.places[layer as usize] = size;
    let mut ids: Vec<usize> = (0..elite.cadres.len())
        .filter(|&i| elite.cadres[i].in_layer(layer))
        .collect();
    if ids.len() <= size as usize {
        return;
    }
    for k in (1..ids.len()).rev() {
        ids.swap(k, rng.random_range(0..=k));
    }
    if layer.is_seat() {
        // Politburo members keep their Committee seats.
        ids.sort_by_key(|&i| {
            let c = &elite.cadres[i];
            let order = if newest_first {
                std::cmp::Reverse(since(c, layer))
            } else {
                std::cmp::Reverse(Day(0))
            };
            (layer == Layer::CentralCommittee && c.politburo, order)
        });
    }
    for &i in ids.iter().take(ids.len() - size as usize) {
        unseat(&mut elite.cadres[i], layer);
    }
    drop_empty(elite);
}

fn remove_at(elite: &mut Elite, mut ids: Vec<usize>, exits: &mut Exits) {
    ids.sort_unstable();
    ids.dedup();
    exits.purged += ids.len() as f64;
    for &i in ids.iter().rev() {
        elite.cadres.remove(i);
    }
}

fn remove_random(elite: &mut Elite, n: usize, rng: &mut Rng, exits: &mut Exits) {
    let len = elite.cadres.len();
    let ids = rand::seq::index::sample(rng, len, n.min(len)).into_vec();
    remove_at(elite, ids, exits);
}

fn remove_from(elite: &mut Elite, layer: Layer, n: usize, rng: &mut Rng, exits: &mut Exits) {
    let ids: Vec<usize> = (0..elite.cadres.len())
        .filter(|&i| elite.cadres[i].in_layer(layer))
        .collect();
    let pick = rand::seq::index::sample(rng, ids.len(), n.min(ids.len()));
    remove_at(elite, pick.iter().map(|k| ids[k]).collect(), exits);
}

/// The Presidium members longest in the elite (the earliest born as the tie-break: the old
/// guard, Molotov, Kaganovich, Malenkov).
fn remove_oldest_guard(elite: &mut Elite, n: usize, exits: &mut Exits) {
    let mut ids: Vec<usize> = (0..elite.cadres.len())
        .filter(|&i| elite.cadres[i].politburo)
        .collect();
    ids.sort_by(|&a, &b| {
        let (x, y) = (&elite.cadres[a], &elite.cadres[b]);
        x.cc_since
            .cmp(&y.cc_since)
            .then(x.traits.born.total_cmp(&y.traits.born))
            .then(a.cmp(&b))
    });
    ids.truncate(n);
    remove_at(elite, ids, exits);
}

fn remove_longest(elite: &mut Elite, layer: Layer, n: usize, exits: &mut Exits) {
    let mut ids: Vec<usize> = (0..elite.cadres.len())
        .filter(|&i| elite.cadres[i].in_layer(layer))
        .collect();
    ids.sort_by_key(|&i| (since(&elite.cadres[i], layer), i));
    ids.truncate(n);
    remove_at(elite, ids, exits);
}

/// Removes about `count` full-scale people of the civilian lower nomenklatura, a record at a
/// time (a bounded number of tries).
fn remove_reserve(elite: &mut Elite, count: f64, rng: &mut Rng) {
    let mut left = count;
    let civilians = elite.reserve.iter().filter(|r| !r.military).count();
    for _ in 0..civilians.min(100_000) {
        if left <= 0.0 || elite.reserve.is_empty() {
            break;
        }
        let i = rng.random_range(0..elite.reserve.len());
        if elite.reserve[i].military {
            continue;
        }
        let w = elite.reserve[i].weight;
        // A record heavier than what is left goes with the chance that keeps the mean right.
        if w <= left || rng.random::<f64>() < left / w {
            elite.reserve.swap_remove(i);
        }
        left -= w;
    }
}

/// The weight of a candidate for a top place: age, education and origin.
fn preference(p: &LongRunParams, t: &super::roster::Traits, now: f64) -> f64 {
    let z = (now - t.born - p.appointment_age_mean) / p.appointment_age_sd;
    // A career is a ladder: full weight after `seniority_years` in the nomenklatura.
    let seniority = ((now - t.entered) / p.seniority_years).clamp(0.0, 1.0);
    let mut w = (-0.5 * z * z).exp() * seniority;
    if t.technical {
        w *= p.technical_preference;
    }
    if t.worker_peasant {
        w *= p.origin_preference;
    }
    w
}

/// Fills the vacant posts from the lower nomenklatura and the Politburo's vacant seats from the
/// Central Committee. (The Committee's seats are filled at congresses.)
pub fn fill(elite: &mut Elite, p: &LongRunParams, day: Day, rng: &mut Rng) {
    let mut draw = ReserveDraw::default();
    let mut officers = ReserveDraw {
        military: true,
        ..ReserveDraw::default()
    };
    for (layer, post) in [
        (Layer::FirstSecretaries, Post::FirstSecretary),
        (Layer::Ministers, Post::Minister),
        (Layer::HighCommand, Post::HighCommand),
    ] {
        let vacant = (elite.places(layer) as usize).saturating_sub(elite.holders(layer));
        // The senior command is refilled from the officers, the rest from the civilian cadres.
        let draw = if layer == Layer::HighCommand {
            &mut officers
        } else {
            &mut draw
        };
        for _ in 0..vacant {
            let Some(t) = draw.one(elite, p, day, rng) else {
                break;
            };
            let mut c = Cadre::new(t);
            (c.post, c.post_since) = (post, day);
            elite.cadres.push(c);
        }
    }
    // Both emptied lists index the reserve as it was: drop the records in one pass.
    let mut emptied = draw.emptied;
    emptied.extend(officers.emptied);
    ReserveDraw {
        emptied,
        ..ReserveDraw::default()
    }
    .finish(elite);
    fill_seats(elite, p, Layer::Politburo, day, rng);
}

/// Fills the vacant seats of `layer`: the Politburo's from the Committee (by seniority on it),
/// the Committee's from the holders of posts (with `cc_from_posts_probability`, by
/// [`preference`]) or the lower nomenklatura.
fn fill_seats(elite: &mut Elite, p: &LongRunParams, layer: Layer, day: Day, rng: &mut Rng) {
    let now = year_of(day);
    let vacant = (elite.places(layer) as usize).saturating_sub(elite.holders(layer));
    let mut draw = ReserveDraw::default();
    for _ in 0..vacant {
        let eligible = |c: &Cadre| match layer {
            Layer::Politburo => c.cc && !c.politburo,
            _ => !c.cc && c.post != Post::None,
        };
        let from_below =
            layer == Layer::Politburo || rng.random::<f64>() < p.cc_from_posts_probability;
        let weights: Vec<f64> = elite
            .cadres
            .iter()
            .map(|c| match (eligible(c), layer) {
                (false, _) => 0.0,
                // The Politburo co-opts from the Committee by seniority in it (years on the
                // Committee, plus one), whatever the age.
                (true, Layer::Politburo) => (now - year_of(c.cc_since)).max(0.0) + 1.0,
                (true, _) => preference(p, &c.traits, now),
            })
            .collect();
        let total: f64 = weights.iter().sum();
        let chosen = if from_below && total > 0.0 {
            let mut u = rng.random::<f64>() * total;
            weights.iter().position(|&w| {
                u -= w;
                u < 0.0 && w > 0.0
            })
        } else {
            None
        };
        let i = match chosen {
            Some(i) => i,
            None => match draw.one(elite, p, day, rng) {
                Some(t) => {
                    elite.cadres.push(Cadre::new(t));
                    elite.cadres.len() - 1
                }
                None => break,
            },
        };
        let c = &mut elite.cadres[i];
        if layer == Layer::Politburo && !c.cc {
            (c.cc, c.cc_since) = (true, day);
        }
        match layer {
            Layer::Politburo => (c.politburo, c.politburo_since) = (true, day),
            _ => (c.cc, c.cc_since) = (true, day),
        }
    }
    draw.finish(elite);
}

/// Draws from the lower nomenklatura by [`preference`] times weight, each draw taking one
/// full-scale person out of his record. Built on the first draw, once for all the draws of a
/// filling; [`ReserveDraw::finish`] then drops the emptied records.
#[derive(Default)]
struct ReserveDraw {
    /// Draws officers (true) or civilian cadres (false).
    military: bool,
    pref: Vec<f64>,
    tree: Option<Fenwick>,
    emptied: Vec<usize>,
}

impl ReserveDraw {
    fn one(
        &mut self,
        elite: &mut Elite,
        p: &LongRunParams,
        day: Day,
        rng: &mut Rng,
    ) -> Option<super::roster::Traits> {
        let tree = self.tree.get_or_insert_with(|| {
            let now = year_of(day);
            let military = self.military;
            self.pref = elite
                .reserve
                .iter()
                .map(|r| {
                    if r.military == military {
                        preference(p, &r.traits, now)
                    } else {
                        0.0
                    }
                })
                .collect();
            Fenwick::new(
                &elite
                    .reserve
                    .iter()
                    .zip(&self.pref)
                    .map(|(r, &q)| r.weight * q)
                    .collect::<Vec<_>>(),
            )
        });
        // A few tries: rounding can land on a record already emptied.
        for _ in 0..8 {
            let total = tree.total();
            if total <= 0.0 {
                return None;
            }
            let i = tree.find(rng.random::<f64>() * total)?;
            let r: &mut Reserve = &mut elite.reserve[i];
            if r.weight <= 0.0 {
                continue;
            }
            let take = r.weight.min(1.0);
            r.weight -= take;
            tree.add(i, -take * self.pref[i]);
            if r.weight <= 1e-9 {
                self.emptied.push(i);
            }
            return Some(r.traits);
        }
        None
    }

    fn finish(mut self, elite: &mut Elite) {
        self.emptied.sort_unstable();
        self.emptied.dedup();
        // Highest first: what swap_remove moves down is never still to be removed.
        for &i in self.emptied.iter().rev() {
            elite.reserve.swap_remove(i);
        }
    }
}
