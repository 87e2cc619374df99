//! The patronage cascade (Getty's "family circles"): when a patron falls, the members of his
//! close circle are suspect. Some are arrested, others dismissed. An officer's dismissal is the
//! army's political organs' ("ties with enemies", [`crate::processes::army`]), which also hear
//! his appeal.

use rand::Rng as _;

use crate::ledger::{Cause, Flow, Source};
use crate::people::PersonId;
use crate::processes::army;
use crate::streams::Key;
use crate::ties::PostKind;
use crate::world::{Event, World, priority};

/// Called when `p` is arrested: vacates the post and marks the tail.
pub fn on_fall(w: &mut World, p: PersonId) {
    let mut tail = Vec::new();
    w.ties.tail(p, &mut tail);
    let post = w.vacate(p);
    if post.is_none() || !w.params.patronage.enabled || tail.is_empty() {
        return;
    }
    let params = std::sync::Arc::clone(&w.params);
    let pp = &params.patronage;
    let mut rng = w
        .streams
        .stream3(Key::Patronage.id(), u64::from(p), u64::from(w.today.0));
    // Only a close circle of the tail is at risk: the chance scales down with the tail's size.
    let tail_size: f64 = tail.iter().map(|&q| w.weight(q)).sum();
    let circle = (pp.circle_size / tail_size).min(1.0);
    for q in tail {
        let u: f64 = rng.random();
        let arrest = u < pp.arrest_probability.get() * circle;
        let dismiss =
            !arrest && u < (pp.arrest_probability.get() + pp.dismissal_probability.get()) * circle;
        if arrest || dismiss {
            let day = w.today.plus(pp.delay_days_mean.sample(&mut rng).max(1));
            w.queue.push(
                day,
                priority::SENTENCE,
                Event::PatronageHit {
                    person: q,
                    patron: p,
                    arrest,
                },
            );
        }
    }
}

/// The consequence for `q` of the fall of `patron`.
pub fn hit(w: &mut World, q: PersonId, patron: PersonId, arrest: bool) {
    if !w.people.at_liberty(q) {
        return;
    }
    let mut rng = w
        .streams
        .stream3(Key::Patronage.id(), u64::from(q), u64::from(w.today.0));
    if arrest {
        let delay = w
            .params
            .interrogation
            .days_to_interrogation_mean
            .sample(&mut rng);
        w.arrest(q, Cause::Patronage, Source::Person(patron), delay);
        return;
    }
    let kind = w
        .ties
        .posts
        .get(w.ties.post_of.get(q) as usize)
        .map(|p| p.kind);
    if matches!(kind, Some(PostKind::Military | PostKind::HighCommand)) {
        army::dismiss(w, q, army::Ground::Ties);
        return;
    }
    if w.vacate(q).is_none() {
        return;
    }
    let d = w.day_index();
    let weight = w.weight(q);
    w.ledger.count(d, Flow::Dismissals, weight);
    w.ledger.dismissals.push((q, w.today, false));
}
