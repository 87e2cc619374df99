//! The purge of the Red Army after the military case of June 1937.
//!
//! - **Dismissals by the political organs** on three grounds: expulsion from the party by the
//!   army's party commissions (a daily hazard among officers with a card), "ties with enemies"
//!   (when an officer is arrested, his commander and his direct subordinates may be dismissed;
//!   so are the close circle of a fallen commander, through the patronage cascade),
//!   and the directive of June 1938 on officers of "foreign" nationalities (those of the diaspora
//!   nationalities, dismissed on its date with some probability).
//! - **Arrests by the NKVD's special departments**: a daily hazard among the officers, and a
//!   share of the dismissed arrested some weeks later, with their cause `centre` (the purge was
//!   ordered from the top) and source `special_department`.
//! - **Naming inside the command network**: after the military case, each officer arrested
//!   names officers of his command network (his commander, his subordinates, his regiment), who
//!   join the investigators' queue of suspects.
//! - **The reinstatement commission** of 1938-40 hears the dismissed still at liberty and
//!   reinstates some, to their old post if it is still vacant.
//!
//! Off (`army.enabled = false`) no officer is dismissed, arrested by a special department or
//! reinstated; officers are still reached by the other mechanisms (lists, trials, naming).

use rand::Rng as _;
use rand::seq::SliceRandom;

use crate::institutions::army::Rank;
use crate::ledger::{Accusation, Cause, Flow, Source};
use crate::people::{NONE, Nationality, PartyStatus, PersonId};
use crate::processes::{interrogation, poisson_counts};
use crate::streams::Key;
use crate::world::{Event, World, priority};

codes!(
    /// Why an officer was dismissed.
    Ground {
        /// Expelled from the party by the army's party commission.
        Expulsion = "expulsion",
        /// "Ties with enemies": a comrade, commander or patron arrested.
        Ties = "ties",
        /// The 1938 directive on officers of "foreign" nationalities.
        Nationality = "nationality",
    }
);

/// What the army's purge keeps between days.
#[derive(Debug, Clone, Default)]
pub struct ArmyState {
    /// Dismissals by ground, in full-scale people (the officers count one each).
    pub by_ground: [f64; 3],
    /// True once the directive on "foreign" nationalities has been applied.
    pub directive_done: bool,
    /// Index of the next graduate of the military schools to be given a post.
    pub next_graduate: usize,
}

fn in_purge(w: &World) -> bool {
    let a = &w.params.army;
    a.enabled && w.today >= a.purge_from && w.today <= a.purge_until
}

/// True if `p` is an officer: a senior rank, an officer of the army's part of the table, or a
/// graduate once given a post.
fn officer(w: &World, p: PersonId) -> bool {
    match w.army.rank(p, w.role(p)) {
        None => false,
        Some(Rank::Graduate) => w.ties.post_of.holds(p),
        Some(_) => true,
    }
}

/// A random officer of the army's part of the table (below the senior ranks) who satisfies
/// `ok`, in a bounded number of tries.
fn random_officer(
    w: &World,
    rng: &mut chistka_engine::streams::Rng,
    ok: impl Fn(PersonId) -> bool,
) -> Option<PersonId> {
    let ids = w.army.people.clone();
    if ids.is_empty() {
        return None;
    }
    (0..200)
        .map(|_| rng.random_range(ids.clone()))
        .find(|&p| officer(w, p) && ok(p))
}

/// Today's expulsions with dismissal, special-department arrests and the nationality directive.
pub fn daily(w: &mut World) {
    if !in_purge(w) {
        return;
    }
    let params = std::sync::Arc::clone(&w.params);
    let a = &params.army;
    let mut rng = w.streams.stream2(Key::Army.id(), u64::from(w.today.0));
    let officers = w.army.officer_count() as f64;
    let n = poisson_counts(
        &mut rng,
        [
            a.expulsions_per_1000_per_year / 1000.0 / 365.25 * officers,
            a.special_department_arrests_per_1000_per_year / 1000.0 / 365.25 * officers,
        ]
        .into_iter(),
    );
    for _ in 0..n[0] {
        let card = |p: PersonId| {
            matches!(
                w.people.party(p),
                PartyStatus::Member | PartyStatus::Candidate
            ) && w.people.at_liberty(p)
                && w.ties.post_of.holds(p)
        };
        if let Some(p) = random_officer(w, &mut rng, card) {
            expel(w, p);
            dismiss(w, p, Ground::Expulsion);
        }
    }
    for _ in 0..n[1] {
        if let Some(p) = random_officer(w, &mut rng, |p| w.people.at_liberty(p)) {
            let delay = w
                .params
                .interrogation
                .days_to_interrogation_mean
                .sample(&mut rng);
            w.arrest(p, Cause::Centre, Source::SpecialDepartment, delay);
        }
    }
    if !w.state.army.directive_done && w.today >= a.foreign_directive {
        w.state.army.directive_done = true;
        let foreign: Vec<PersonId> = w
            .army
            .officers()
            .chain(senior(w))
            .filter(|&p| w.people.nationality[p as usize] != Nationality::Other as u8)
            .collect();
        for p in foreign {
            if rng.random::<f64>() < a.foreign_dismissal_probability.get() {
                dismiss(w, p, Ground::Nationality);
            }
        }
    }
}

/// The senior ranks (marshals to division commanders) of the elite layer.
fn senior(w: &World) -> impl Iterator<Item = PersonId> + '_ {
    w.elite.clone().filter(|&p| officer(w, p))
}

/// Expels `p` from the party (the army's party commission), if they hold a card.
fn expel(w: &mut World, p: PersonId) {
    if matches!(
        w.people.party(p),
        PartyStatus::Member | PartyStatus::Candidate
    ) {
        let d = w.day_index();
        let weight = w.weight(p);
        w.people.set_party(p, PartyStatus::Expelled);
        w.ledger.count(d, Flow::PartyExpulsions, weight);
        w.stocks.party -= weight;
    }
}

/// Dismisses the officer `p` from his post on `ground`, if the army's purge is on, he is at
/// liberty and holds a post; schedules his possible arrest by the special department and his
/// hearing by the reinstatement commission. Returns true if he was dismissed.
pub fn dismiss(w: &mut World, p: PersonId, ground: Ground) -> bool {
    if !in_purge(w) || !w.people.at_liberty(p) || !officer(w, p) {
        return false;
    }
    let Some(post) = w.vacate(p) else {
        return false;
    };
    let d = w.day_index();
    let weight = w.weight(p);
    w.ledger.count(d, Flow::Dismissals, weight);
    w.ledger.dismissals.push((p, w.today, true));
    w.state.army.by_ground[ground as usize] += weight;
    let a = &w.params.army;
    let mut rng = w
        .streams
        .stream3(Key::ArmyOfficer.id(), u64::from(p), u64::from(w.today.0));
    if rng.random::<f64>() < a.dismissed_arrest_probability.get() {
        let day = w
            .today
            .plus(a.arrest_delay_days_mean.sample(&mut rng).max(1));
        w.queue
            .push(day, priority::SENTENCE, Event::ArmyArrest { person: p });
    }
    let start = if w.today < a.review_from {
        a.review_from
    } else {
        w.today
    };
    let day = start.plus(a.review_delay_days_mean.sample(&mut rng).max(1));
    if day <= a.review_until {
        w.queue.push(
            day,
            priority::SENTENCE,
            Event::ArmyReview { person: p, post },
        );
    }
    true
}

/// A dismissed officer's arrest by the special department, if still at liberty and not
/// reinstated.
pub fn arrest_dismissed(w: &mut World, p: PersonId) {
    if !w.params.army.enabled
        || !w.people.at_liberty(p)
        || w.ties.post_of.holds(p)
        || w.today > w.params.army.purge_until
    {
        return;
    }
    let mut rng = w
        .streams
        .stream3(Key::ArmyOfficer.id(), u64::from(p), u64::from(w.today.0));
    let delay = w
        .params
        .interrogation
        .days_to_interrogation_mean
        .sample(&mut rng);
    w.arrest(p, Cause::Centre, Source::SpecialDepartment, delay);
}

/// The reinstatement commission's decision on a dismissed officer still at liberty and out of
/// the army: reinstated with some probability, to his old post if it is still vacant.
pub fn review(w: &mut World, p: PersonId, post: u32) {
    if !w.params.army.enabled || !w.people.at_liberty(p) || w.ties.post_of.holds(p) {
        return;
    }
    let mut rng = w
        .streams
        .stream3(Key::ArmyReview.id(), u64::from(p), u64::from(w.today.0));
    if rng.random::<f64>() >= w.params.army.reinstatement_probability.get() {
        return;
    }
    let d = w.day_index();
    let weight = w.weight(p);
    w.ledger.count(d, Flow::Reinstatements, weight);
    w.ledger.reinstatements.push((p, w.today));
    if w.ties.posts[post as usize].holder == NONE {
        w.appoint(p, post, false);
    }
}

/// Called on every arrest: an arrested officer's comrades may be dismissed for "ties", and
/// after the military case he names officers of his command network.
pub fn on_arrest(w: &mut World, p: PersonId) {
    if !in_purge(w) || !officer(w, p) {
        return;
    }
    let mut network = std::mem::take(&mut w.state.reuse.people);
    network.clear();
    ties_and_names(w, p, &mut network);
    w.state.reuse.people = network;
}

/// [`on_arrest`]'s work, with `network` (empty) as room for the officer's command network.
fn ties_and_names(w: &mut World, p: PersonId, network: &mut Vec<PersonId>) {
    let params = std::sync::Arc::clone(&w.params);
    let a = &params.army;
    let mut rng = w
        .streams
        .stream3(Key::ArmyOfficer.id(), u64::from(p), u64::from(w.today.0));
    // "Ties": his commander and his direct subordinates.
    let boss = w.ties.patron(p);
    if boss != NONE {
        network.push(boss);
    }
    w.ties.tail(p, network);
    network.retain(|&q| q != p && officer(w, q));
    for &q in network.iter() {
        if rng.random::<f64>() < a.ties_dismissal_probability.get() {
            dismiss(w, q, Ground::Ties);
        }
    }
    // Whom he can name: the same (still officers after the dismissals), and the officers of his
    // regiment. A regiment's members are the officers below the senior ranks that the army's
    // build placed in it, whose rank never changes: officers all, so they are not checked one by
    // one (a read of the rank table at a stride of a regiment, for each member at every arrest).
    network.retain(|&q| q != p && officer(w, q));
    network.sort_unstable();
    network.dedup();
    let wp = w.people.workplace[p as usize];
    if w.army.regiment(wp).is_some() {
        // The regiment's members come sorted (the index lists a workplace's people by id), so
        // the handful above is merged into them rather than the whole sorted again: the same
        // sorted list without repeats, at a cost that follows the regiment's size.
        let members = w.ties.workplaces.members(wp);
        debug_assert!(members.iter().all(|&q| officer(w, q)));
        let mut merged = std::mem::take(&mut w.state.reuse.merged);
        merged.clear();
        union_sorted(
            network,
            members.iter().copied().filter(|&q| q != p),
            &mut merged,
        );
        std::mem::swap(network, &mut merged);
        w.state.reuse.merged = merged;
    }
    let k = (a.named_per_arrest_mean.sample(&mut rng) as usize).min(network.len());
    if k == 0 {
        return;
    }
    let coerced = interrogation::torture(w);
    let group = w.open_cases.get(&p).map_or(NONE, |c| c.group);
    let (named, _) = network.partial_shuffle(&mut rng, k);
    for &q in named.iter() {
        w.ledger.accusations.push(Accusation {
            accuser: p,
            accused: q,
            day: w.today,
            coerced,
        });
        if w.people.at_liberty(q) {
            let r = w.people.region[q as usize] as usize;
            if let Some(queue) = w.state.suspects.get_mut(r) {
                queue.push_back((q, p, group));
            }
        }
    }
}

/// The next graduate of the military schools at liberty and without a post, in id order; None
/// once they are all placed.
pub fn next_graduate(w: &mut World) -> Option<PersonId> {
    while let Some(&p) = w.army.graduates.get(w.state.army.next_graduate) {
        w.state.army.next_graduate += 1;
        if w.people.at_liberty(p) && !w.ties.post_of.holds(p) {
            return Some(p);
        }
    }
    None
}

/// Appends to `out` the union of `a` and `b`, both sorted ascending without repeats: sorted
/// ascending without repeats.
fn union_sorted(a: &[PersonId], b: impl Iterator<Item = PersonId>, out: &mut Vec<PersonId>) {
    let mut a = a.iter().copied().peekable();
    for y in b {
        while let Some(x) = a.next_if(|&x| x < y) {
            out.push(x);
        }
        a.next_if_eq(&y);
        out.push(y);
    }
    out.extend(a);
}

#[cfg(test)]
mod tests {
    use super::union_sorted;

    #[test]
    fn the_union_is_the_sorted_concatenation_without_repeats() {
        let cases: [(&[u32], &[u32]); 6] = [
            (&[], &[]),
            (&[3], &[]),
            (&[], &[1, 2]),
            (&[1, 5, 9], &[2, 5, 7, 9, 11]),
            (&[10, 20], &[1, 2, 3]),
            (&[0, 4, 8, 100], &[4, 5, 8, 99, 100, 101]),
        ];
        for (a, b) in cases {
            let mut out = vec![42];
            union_sorted(a, b.iter().copied(), &mut out);
            let mut expected: Vec<u32> = a.iter().chain(b).copied().collect();
            expected.sort_unstable();
            expected.dedup();
            assert_eq!(out[0], 42, "appends, keeps what was there");
            assert_eq!(out[1..], expected[..], "{a:?} with {b:?}");
        }
    }
}
