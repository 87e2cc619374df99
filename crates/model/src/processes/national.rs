//! National operations, line by line (German order 00439 of 25 July 1937, Polish 00485 of
//! 11 August, Harbin 00593 of 20 September, and the Latvian, Finnish, Estonian, Romanian, Greek,
//! Afghan, Iranian and Chinese directives of late 1937 and 1938).
//!
//! Each line has its own pool of suspects, drawn once when the world is built from the parts the
//! scenario names: not one pool per nationality, because the lines were not. The Harbin line
//! took Soviet citizens back from the Chinese Eastern Railway; the Polish line took Belarusians,
//! Ukrainians and Russians with any Polish tie as well as Poles (Petrov and Roginskii). A person
//! may stand in several pools.
//!
//! The album procedure (Jansen and Petrov): after the investigation a dvoika of the regional NKVD
//! chief and the procurator proposed a category (the first, shooting, or the second, camps) and
//! sent the case in an "album" to Moscow, where the Commission of the NKVD chief and the
//! Procurator of the USSR (Yezhov and Vyshinsky) approved it; the sentence dates from the
//! Commission's approval, which kept cases waiting for months. On 15 September 1938 the
//! Politburo handed every album not yet approved to special troikas in the regions, which
//! sentenced them and the later cases until they were abolished with the halt of 17 November.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;

use chistka_engine::streams::{Rng, Streams};
use rand::Rng as _;

use crate::census::Census;
use crate::ledger::{Cause, Channel, Source, Verdict};
use crate::params::{NationalOperation, Params, PoolPart};
use crate::people::{Nationality, People, PersonId, Status, category_age, flag};
use crate::processes::quota::running;
use crate::processes::{poisson_count, registry, sentencing};
use crate::streams::Key;
use crate::world::World;

/// The state of the national operations: each line's pool and the albums waiting in Moscow.
#[derive(Debug, Clone, Default)]
pub struct NationalState {
    /// Each line's pool of suspects (adults of the mass population), in id order.
    pub pools: Vec<Vec<PersonId>>,
    /// Cases the dvoikas have proposed and Moscow has not yet approved:
    /// (day of the decision, person, first category), earliest first.
    pub albums: BinaryHeap<Reverse<(u16, PersonId, bool)>>,
    /// True once the pending albums have gone to the special troikas.
    pub transferred: bool,
}

impl NationalState {
    /// Draws each line's pool from the people (after the registries are marked).
    pub fn build(
        people: &People,
        regions: &[Range<PersonId>],
        lists: &GroupLists<'_>,
        params: &Params,
        census: &Census,
        streams: Streams,
    ) -> Self {
        let pools = params
            .national
            .operations
            .iter()
            .enumerate()
            .map(|(i, op)| pool(people, regions, lists, op, census, streams, i))
            .collect();
        NationalState {
            pools,
            ..NationalState::default()
        }
    }

    /// Cases awaiting the Commission's approval.
    pub fn pending(&self) -> usize {
        self.albums.len()
    }
}

/// The pool of line `i`: the adults of its parts, drawn from the line's own stream.
fn pool(
    people: &People,
    regions: &[Range<PersonId>],
    lists: &GroupLists<'_>,
    op: &NationalOperation,
    census: &Census,
    streams: Streams,
    i: usize,
) -> Vec<PersonId> {
    let mut rng = streams.stream3(Key::NationalPool.id(), i as u64, 0);
    draw_group(people, regions, lists, &op.pool, census, &mut rng, true)
}

/// The mass population's ids by nationality code, each list in id order, built in one pass so
/// that a line whose parts name only small nationalities visits their members alone instead of
/// scanning the whole population once per line. "Other" (nearly everyone) is not listed: a
/// region where a part names it is scanned whole.
#[derive(Debug, Clone, Default)]
pub struct ByNationality(Vec<Vec<PersonId>>);

impl ByNationality {
    /// Indexes the people of `regions` (the mass population).
    pub fn new(people: &People, regions: &[Range<PersonId>]) -> Self {
        let mut by = vec![Vec::new(); Nationality::ALL.len()];
        let other = Nationality::Other as u8;
        for p in regions.iter().flat_map(Clone::clone) {
            let code = people.nationality[p as usize];
            if code == other {
                continue;
            }
            if let Some(list) = by.get_mut(usize::from(code)) {
                list.push(p);
            }
        }
        ByNationality(by)
    }

    /// The members of nationality `code` inside `range`, in id order.
    fn within(&self, code: u8, range: &Range<PersonId>) -> &[PersonId] {
        let Some(list) = self.0.get(usize::from(code)) else {
            return &[];
        };
        let from = list.partition_point(|&p| p < range.start);
        let to = list.partition_point(|&p| p < range.end);
        &list[from..to]
    }
}

/// What [`draw_group`] visits instead of a region's whole population: its members by
/// nationality and, when the registries are kept, its registered people.
#[derive(Debug, Clone, Copy)]
pub struct GroupLists<'a> {
    /// The mass population by nationality.
    pub nationality: &'a ByNationality,
    /// Each region's registered people ([`registry::registered`]) in id order, as
    /// [`registry::build`] listed them; None when the registries are not kept (the lists are
    /// then empty, not complete).
    pub registered: Option<&'a [Vec<PersonId>]>,
}

/// Everyone of the mass population in one of `parts` (adults only, or every age), each part
/// taking its share of its group; in id order.
///
/// Only people who can meet a part are visited, in id order, so the draws (and the pools) are
/// those of a scan of every region: the members of the parts' nationalities and, where a part
/// names "other" (nearly everyone) for registered people only, the region's registered. A
/// region where a part takes "other" unregistered is scanned whole, by its columns alone, 64
/// people at a time (`for_each_candidate`): only adults (where asked) outside the elite and of
/// a part's nationality go on to the parts' tests and draws. A person of no part's nationality,
/// or of "other" and unregistered where only the registered are taken, makes no draw in a scan,
/// so leaving them out changes nothing.
pub fn draw_group(
    people: &People,
    regions: &[Range<PersonId>],
    lists: &GroupLists<'_>,
    parts: &[PoolPart],
    census: &Census,
    rng: &mut Rng,
    adults_only: bool,
) -> Vec<PersonId> {
    let parts: Vec<(u8, Vec<bool>, &PoolPart)> = parts
        .iter()
        .filter_map(|part| {
            let nat = Nationality::from_name(&part.nationality)? as u8;
            let inside = census
                .regions
                .iter()
                .map(|r| part.regions.is_empty() || part.regions.contains(&r.code))
                .collect();
            Some((nat, inside, part))
        })
        .collect();
    let other = Nationality::Other as u8;
    let mut out = Vec::new();
    let mut visit: Vec<&[PersonId]> = Vec::new();
    for (r, ids) in regions.iter().enumerate() {
        // The parts that reach this region, in the scenario's order (the order of the draws),
        // and their nationalities.
        let here: Vec<(u8, &PoolPart)> = parts
            .iter()
            .filter(|(_, inside, _)| inside.get(r).copied().unwrap_or(false))
            .map(|(nat, _, part)| (*nat, *part))
            .collect();
        if here.is_empty() {
            continue;
        }
        let mut codes: Vec<u8> = here.iter().map(|(nat, _)| *nat).collect();
        codes.sort_unstable();
        codes.dedup();
        let mut consider = |p: PersonId| {
            let i = p as usize;
            if (adults_only && !people.adult(p)) || people.has(p, flag::ELITE) {
                return;
            }
            let taken = here
                .iter()
                .any(|(nat, part)| people.nationality[i] == *nat && takes(people, p, part, rng));
            if taken {
                out.push(p);
            }
        };
        // "Other" taken here by a part that wants the registered only (and the registries are
        // listed): its registered stand in for the whole region.
        let registered = lists.registered.and_then(|lists| lists.get(r)).filter(|_| {
            here.iter()
                .filter(|(nat, _)| *nat == other)
                .all(|(_, part)| part.registered)
        });
        // The whole region in id order, read in place; or its members of the parts'
        // nationalities (and its registered), merged into id order.
        if codes.contains(&other) && registered.is_none() {
            let mut wanted = [false; 256];
            for &c in &codes {
                wanted[usize::from(c)] = true;
            }
            if let [(_, part)] = here[..] {
                // One part (the Chinese line's "other" in the RSFSR): every candidate is of its
                // nationality. The draws run on a copy of the stream in registers, put back after.
                // Going through `consider` instead (the parts in a list, the stream behind a
                // reference) took twice as long (criterion, 7 December 2026: 6.9 against 3.4 ms).
                let mut draws = rng.clone();
                for_each_candidate(people, ids, &wanted, adults_only, |p| {
                    if takes(people, p, part, &mut draws) {
                        out.push(p);
                    }
                });
                *rng = draws;
            } else {
                for_each_candidate(people, ids, &wanted, adults_only, &mut consider);
            }
        } else {
            visit.clear();
            for &c in codes.iter().filter(|&&c| c != other) {
                visit.push(lists.nationality.within(c, ids));
            }
            if codes.contains(&other)
                && let Some(registered) = registered
            {
                visit.push(registered);
            }
            for_each_merged(&mut visit, &mut consider);
        }
    }
    out
}

/// Calls `visit` on each id of `lists` (each in id order, without repeats), in id order and
/// once each: the lists merged, not sorted again. A single list (or the last one left) is
/// read straight through.
fn for_each_merged(lists: &mut Vec<&[PersonId]>, mut visit: impl FnMut(PersonId)) {
    let mut last = None;
    loop {
        lists.retain(|list| !list.is_empty());
        if let [list] = lists[..] {
            let repeat = usize::from(list.first() == last.as_ref());
            list[repeat..].iter().for_each(|&p| visit(p));
            return;
        }
        // The least head among two or more lists, until one of them runs out.
        loop {
            let Some(list) = lists.iter_mut().min_by_key(|list| list[0]) else {
                return;
            };
            let p = list[0];
            *list = &list[1..];
            if last != Some(p) {
                visit(p);
                last = Some(p);
            }
            if list.is_empty() {
                break;
            }
        }
    }
}

/// Whether `part` takes `p`, a person of its nationality: its tests of residence and of the
/// registers, then its draws (its share, and its share of women), in that order.
#[inline(always)]
fn takes(people: &People, p: PersonId, part: &PoolPart, rng: &mut Rng) -> bool {
    part.urban.is_none_or(|u| people.has(p, flag::URBAN) == u)
        && (!part.registered || registry::registered(people, p))
        && (part.share.get() >= 1.0 || rng.random::<f64>() < part.share.get())
        && (part.women_share.get() >= 1.0
            || !people.has(p, flag::FEMALE)
            || rng.random::<f64>() < part.women_share.get())
}

/// Calls `visit` on each person of `ids`, in id order, who is an adult (if `adults_only`),
/// outside the elite, and of a nationality `wanted` marks: the people of a region who can meet
/// a part of a group. The columns are read 64 people at a time into a bit mask, with no branch
/// a person, so that the region's other people cost a few instructions each: a line that takes
/// a share of everyone of "other" nationality in the RSFSR goes through half the population
/// when each run starts.
fn for_each_candidate(
    people: &People,
    ids: &Range<PersonId>,
    wanted: &[bool; 256],
    adults_only: bool,
    mut visit: impl FnMut(PersonId),
) {
    let range = ids.start as usize..ids.end as usize;
    let columns = people.category_age[range.clone()]
        .chunks(64)
        .zip(people.flags[range.clone()].chunks(64))
        .zip(people.nationality[range].chunks(64));
    let mut first = ids.start;
    for ((cells, flags), nationality) in columns {
        let mut mask = 0u64;
        for (j, ((&cell, &flags), &nationality)) in
            cells.iter().zip(flags).zip(nationality).enumerate()
        {
            let candidate = (!adults_only || cell & category_age::AGE != 0)
                & (flags & flag::ELITE == 0)
                & wanted[usize::from(nationality)];
            mask |= u64::from(candidate) << j;
        }
        while mask != 0 {
            visit(first + mask.trailing_zeros());
            mask &= mask - 1;
        }
        first += cells.len() as PersonId;
    }
}

/// Today's decisions in Moscow (or by the special troikas) and arrests in every running line.
pub fn daily(w: &mut World) {
    if !w.params.national.enabled {
        return;
    }
    if w.state.policy.special_troikas && !w.state.national.transferred {
        transfer_to_special_troikas(w);
    }
    decide_due_albums(w);
    arrest(w);
}

fn arrest(w: &mut World) {
    let delay_mean = w.params.interrogation.days_to_interrogation_mean;
    let female = w.params.policing.female_relative_risk.get();
    for i in 0..w.params.national.operations.len() {
        let op = &w.params.national.operations[i];
        if !running(w, w.state.policy.national_issued[i]) {
            continue;
        }
        let mut rng = w
            .streams
            .stream3(Key::National.id(), i as u64, u64::from(w.today.0));
        // The line's rate as the centre set it when it issued the order (its response to the
        // threat of that day).
        let per_day =
            op.arrests_per_1000_per_month / 1000.0 / 30.44 * w.state.policy.national_factor[i];
        let size = w.state.national.pools[i].len();
        if size == 0 {
            continue;
        }
        let count = poisson_count(&mut rng, per_day * size as f64);
        for _ in 0..count {
            // A few tries for someone still at liberty; the line moves on otherwise.
            for _ in 0..20 {
                let pool = &w.state.national.pools[i];
                let p = pool[rng.random_range(0..pool.len())];
                let sex = if w.people.has(p, flag::FEMALE) {
                    female
                } else {
                    1.0
                };
                if w.people.at_liberty(p) && rng.random::<f64>() < sex {
                    let delay = delay_mean.sample(&mut rng);
                    w.arrest(p, Cause::National, Source::Operation(i as u16), delay);
                    break;
                }
            }
        }
    }
}

/// The line of `p`'s open case (None if it is not a national case).
fn line_of(w: &World, p: PersonId) -> Option<usize> {
    match w.open_cases.get(&p) {
        Some(c) if c.cause == Cause::National => match c.source {
            Source::Operation(i) => Some(usize::from(i)),
            _ => None,
        },
        _ => None,
    }
}

/// The execution share of the line that opened group case `group` (the index of its first
/// arrest): an associate named in a national case was judged with the group, by its line's share.
pub fn group_execution_share(w: &World, group: u32) -> f64 {
    match w.ledger.arrests.get(group as usize) {
        Some(root) if root.cause == Cause::National => match root.source {
            Source::Operation(i) => w
                .params
                .national
                .operations
                .get(usize::from(i))
                .map_or(0.0, |op| op.execution_share.get()),
            _ => 0.0,
        },
        _ => 0.0,
    }
}

/// The dvoika's stage of a national case (called when its investigation is done): it proposes a
/// category with the line's execution share, and the case waits for Moscow in an album; once the
/// special troikas sit, they sentence it after their own short delay.
pub fn sentence(w: &mut World, p: PersonId) {
    let mut rng = w.streams.stream3(
        Key::NationalSentence.id(),
        u64::from(p),
        u64::from(w.today.0),
    );
    let share = line_of(w, p)
        .and_then(|i| w.params.national.operations.get(i))
        .map_or(0.0, |op| op.execution_share.get());
    let first = rng.random::<f64>() < share;
    let mut review =
        w.streams
            .stream3(Key::NationalReview.id(), u64::from(p), u64::from(w.today.0));
    let wait = if w.state.national.transferred {
        w.params
            .national
            .special_troika_days_mean
            .sample(&mut review)
    } else {
        w.params.national.album_review_days_mean.sample(&mut review)
    };
    let day = w.today.plus(wait.max(1));
    w.state.national.albums.push(Reverse((day.0, p, first)));
}

/// 15 September 1938: every album still waiting in Moscow goes back to a special troika of its
/// region, which sentences it after its own delay.
fn transfer_to_special_troikas(w: &mut World) {
    let pending: Vec<(u16, PersonId, bool)> = std::mem::take(&mut w.state.national.albums)
        .into_iter()
        .map(|Reverse(x)| x)
        .collect();
    for (_, p, first) in pending {
        let mut review =
            w.streams
                .stream3(Key::NationalReview.id(), u64::from(p), u64::from(w.today.0));
        let wait = w
            .params
            .national
            .special_troika_days_mean
            .sample(&mut review);
        let day = w.today.plus(wait.max(1));
        w.state.national.albums.push(Reverse((day.0, p, first)));
    }
    w.state.national.transferred = true;
}

/// The albums decided today: approved in Moscow (or sentenced by a special troika) with the
/// dvoika's category; a case still pending at the halt goes the way of every pending case of
/// the mass operations (released, or judged by the courts).
fn decide_due_albums(w: &mut World) {
    while let Some(&Reverse((day, p, first))) = w.state.national.albums.peek() {
        if day > w.today.0 {
            break;
        }
        w.state.national.albums.pop();
        if w.people.status(p) != Status::Arrested || line_of(w, p).is_none() {
            continue;
        }
        if sentencing::halted(w) {
            sentencing::sentence(w, p);
            continue;
        }
        let channel = if w.state.national.transferred {
            Channel::SpecialTroika
        } else {
            Channel::Album
        };
        if first {
            w.sentence(p, Verdict::Execution, 0, channel);
            continue;
        }
        let mut rng = w.streams.stream3(
            Key::NationalSentence.id(),
            u64::from(p),
            u64::from(w.today.0),
        );
        let deport = line_of(w, p)
            .and_then(|i| w.params.national.operations.get(i))
            .map_or(0.0, |op| op.deportation_share.get());
        if rng.random::<f64>() < deport {
            w.sentence(p, Verdict::Deportation, 0, channel);
        } else {
            let term = sentencing::camp_term(w, &mut rng);
            sentencing::to_camp(w, p, term, channel);
        }
    }
}
