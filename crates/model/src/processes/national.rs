//! National operations (orders 00439, 00485, 00593, ...): arrests along nationality lines, with
//! "album" sentencing, in which lists were approved in Moscow with a high share of death
//! sentences.

use rand::Rng as _;

use crate::ledger::{Cause, Source, Verdict};
use crate::people::{Nationality, PersonId};
use crate::processes::quota::running;
use crate::processes::{poisson_counts, sentencing};
use crate::streams::Key;
use crate::world::World;

/// Today's arrests in every running national operation.
pub fn daily(w: &mut World) {
    let n = w.params.national.clone();
    if !n.enabled {
        return;
    }
    let delay_mean = w.params.interrogation.days_to_interrogation_mean;
    let female = w.params.policing.female_relative_risk.get();
    for (i, op) in n.operations.iter().enumerate() {
        if !running(w, w.state.policy.national_issued[i]) {
            continue;
        }
        let mut rng = w
            .streams
            .stream3(Key::National.id(), i as u64, u64::from(w.today.0));
        let per_day = op.arrests_per_1000_per_month / 1000.0 / 30.44;
        let nats: Vec<usize> = op
            .nationalities
            .iter()
            .filter_map(|s| Nationality::from_name(s))
            .map(|x| x as usize)
            .collect();
        let counts = poisson_counts(
            &mut rng,
            nats.iter()
                .map(|&x| per_day * w.state.by_nationality[x].len() as f64),
        );
        for (k, count) in counts.into_iter().enumerate() {
            let pool = nats[k];
            for _ in 0..count {
                // A few tries for someone still at liberty; the operation moves on otherwise.
                for _ in 0..20 {
                    let list = &w.state.by_nationality[pool];
                    if list.is_empty() {
                        break;
                    }
                    let p = list[rng.random_range(0..list.len())];
                    let sex = if w.people.has(p, crate::people::flag::FEMALE) {
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
}

/// The album (or special troika) sentence on a national case.
pub fn sentence(w: &mut World, p: PersonId) {
    let mut rng = w.streams.stream3(
        Key::NationalSentence.id(),
        u64::from(p),
        u64::from(w.today.0),
    );
    let channel = sentencing::channel(w, p, Cause::National);
    if rng.random::<f64>() < w.params.national.album_execution_share.get() {
        w.sentence(p, Verdict::Execution, 0, channel);
    } else {
        let term = sentencing::camp_term(w, &mut rng);
        sentencing::to_camp(w, p, term, channel);
    }
}
