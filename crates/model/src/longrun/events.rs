//! The dated events of the long run: the record's sizes of the layers, the congresses (with the
//! 1961 Rules' renewal), the Leningrad affair, the Doctors' plot purge, Beria's fall and the
//! Anti-Party Group; and the removals they make.

use chistka_engine::calendar::Day;
use chistka_engine::streams::Rng;
use rand::Rng as _;

use super::Layer;
use super::filling::fill_seats;
use super::roster::{Cadre, Elite, Post};
use super::turnover::Exits;
use crate::params::LongRunParams;

/// The dated events in `(from, to]`, in date order: (day, kind, row of `data/longrun.csv`).
pub(super) fn dated(p: &LongRunParams, from: Day, to: Day) -> Vec<(Day, u8, usize)> {
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
pub(super) fn event(
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

pub(super) fn since(c: &Cadre, layer: Layer) -> Day {
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

pub(super) fn drop_empty(elite: &mut Elite) {
    elite.cadres.retain(|c| !c.holds_nothing());
}

/// Sets the places of `layer`. After 1941 a seat shrinks by those seated last (the Presidium of
/// 25 lost the members co-opted in October 1952), a post by holders at random (the abolished
/// ministries, the regions merged again). On the first day (`newest_first` false) every layer
/// keeps holders at random: the daily model's Central Committee stands for the members and
/// candidates of 1934 and their successors, the record's for the full members elected in 1939.
pub(super) fn resize(
    elite: &mut Elite,
    layer: Layer,
    size: u32,
    newest_first: bool,
    rng: &mut Rng,
) {
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

pub(super) fn remove_longest(elite: &mut Elite, layer: Layer, n: usize, exits: &mut Exits) {
    let mut ids: Vec<usize> = (0..elite.cadres.len())
        .filter(|&i| elite.cadres[i].in_layer(layer))
        .collect();
    ids.sort_by_key(|&i| (since(&elite.cadres[i], layer), i));
    ids.truncate(n);
    remove_at(elite, ids, exits);
}

/// Removes about `count` full-scale people of the civilian lower nomenklatura, a record at a
/// time.
fn remove_reserve(elite: &mut Elite, count: f64, rng: &mut Rng) {
    let mut left = count;
    while left > 0.0 && !elite.reserve.is_empty() {
        let i = rng.random_range(0..elite.reserve.len());
        let w = elite.reserve[i].weight;
        // A record heavier than what is left goes with the chance that keeps the mean right.
        if w <= left || rng.random::<f64>() < left / w {
            elite.reserve.swap_remove(i);
        }
        left -= w;
    }
}
