//! Interrogation and confession: the machinery feeding itself.
//!
//! An arrested person is interrogated; with some chance they confess, and a confession names
//! "accomplices" (workmates, patron, appointees; not the household: `Ties::accomplices`).
//! Torture, once authorised, raises both the chance of confession and the number named. The
//! police pursue a share of the named, who join their region's queue of suspects; each day the
//! police arrest from that queue up to their investigative capacity.

use rand::Rng as _;

use crate::ledger::{Accusation, Cause, Source};
use crate::people::{PersonId, flag};
use crate::processes::{exp_days, poisson_counts};
use crate::streams::Key;
use crate::world::{Event, World, priority};

/// True if torture is authorised today.
pub fn torture(w: &World) -> bool {
    w.params
        .interrogation
        .torture_from
        .is_some_and(|d| w.today >= d)
}

/// Interrogates `p` and schedules the sentence.
pub fn interrogate(w: &mut World, p: PersonId, scratch: &mut Vec<PersonId>) {
    let mut rng = w
        .streams
        .stream3(Key::Interrogation.id(), u64::from(p), u64::from(w.today.0));
    let delay = exp_days(
        w.params.sentencing.days_to_sentence_mean.at(w.today.year()),
        &mut rng,
    );
    let since = w.people.status_day(p);
    let case = w.open_cases.get(&p).copied();
    // Show-trial defendants are sentenced at their trial. A national case's sentence here is
    // its dvoika's stage: the wait for Moscow's approval follows (processes::national).
    let trial = case.is_some_and(|c| matches!(c.source, Source::Trial(_)));
    if !trial {
        w.queue.push(
            w.today.plus(delay.max(1)),
            priority::SENTENCE,
            Event::Sentence { person: p, since },
        );
    }
    let group = case.map_or(crate::people::NONE, |c| c.group);
    let params = &w.params.interrogation;
    if !params.enabled {
        return;
    }
    let coerced = torture(w);
    let (confess, mean) = if coerced {
        (
            params.confession_probability_torture,
            params.named_per_confession_mean_torture,
        )
    } else {
        (
            params.confession_probability,
            params.named_per_confession_mean,
        )
    };
    let pursue = params.pursue_probability;
    let elite_factor = params.elite_pursue_factor;
    if rng.random::<f64>() >= confess.get() || mean.get() <= 0.0 {
        return;
    }
    let k = mean.sample(&mut rng) as usize;
    if k == 0 {
        return;
    }
    let mut named = std::mem::take(&mut w.state.reuse.people);
    let mut positions = std::mem::take(&mut w.state.reuse.positions);
    w.ties
        .accomplices(&w.people, p, scratch)
        .choose_into(k, &mut rng, &mut positions, &mut named);
    for &q in &named {
        w.ledger.accusations.push(Accusation {
            accuser: p,
            accused: q,
            day: w.today,
            coerced,
        });
        // A scenario may make the police pursue named women less (off by default).
        let sex = crate::processes::sex_factor(w, q);
        // Arresting a member of the nomenklatura elite needed sanction from above.
        let rank = if w.people.has(q, flag::ELITE) {
            elite_factor.get()
        } else {
            1.0
        };
        if w.people.at_liberty(q) && rng.random::<f64>() < pursue.get() * sex * rank {
            let r = w.people.region[q as usize] as usize;
            w.state.suspects[r].push_back((q, p, group));
        }
    }
    w.state.reuse.people = named;
    w.state.reuse.positions = positions;
}

/// Today's arrests of named suspects, up to each region's investigative capacity.
pub fn daily(w: &mut World) {
    if !w.params.interrogation.enabled {
        return;
    }
    let t = &w.params.threat;
    let lever = w.state.policy.lever(t.capacity_gain, t.reference);
    let per_adult_day = w
        .params
        .interrogation
        .named_arrest_capacity_per_100k_adults_per_day
        .at(w.today.year())
        / 1e5
        * lever;
    let delay_mean = w.params.interrogation.days_to_interrogation_mean;
    let mut rng = w
        .streams
        .stream2(Key::Investigation.id(), u64::from(w.today.0));
    let capacities = poisson_counts(&mut rng, w.region_adults.iter().map(|a| per_adult_day * a));
    // Capacity is in simulated mass people: a suspect of the elite or the army, who stands for
    // one real person, uses 1 / mass_weight of a place, so the capacity means the same number of
    // real arrests at any scale.
    for (r, capacity) in capacities.into_iter().enumerate() {
        let mut left = f64::from(capacity);
        while left > 0.0 {
            let Some((q, accuser, group)) = w.state.suspects[r].pop_front() else {
                break;
            };
            let delay = delay_mean.sample(&mut rng);
            if w.arrest_in(q, Cause::Named, Source::Person(accuser), Some(group), delay) {
                left -= w.weight(q) / w.mass_weight;
            }
        }
    }
}
