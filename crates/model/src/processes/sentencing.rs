//! Sentencing: execution, camp, exile or release, by the shares in force in the year of the
//! sentence, with terms drawn around the year's mean.

use rand::Rng as _;

use crate::ledger::{Cause, Verdict};
use crate::people::PersonId;
use crate::processes::{camps, national, quota};
use crate::streams as keys;
use crate::world::World;

/// Sentences the arrested person `p` by the channel of their case: troika within the limits for
/// quota cases, the album for national cases, otherwise by the year's shares. After the halt,
/// pending mass-operation cases are released with some probability, or judged as ordinary cases.
pub fn sentence(w: &mut World, p: PersonId) {
    let cause = w.open_cases.get(&p).map_or(Cause::Ordinary, |c| c.0);
    let mass = matches!(cause, Cause::Quota | Cause::National);
    let halted = w.params.halt.enabled && w.today >= w.params.halt.date;
    if mass && halted {
        let mut rng = w
            .streams
            .stream3(keys::HALT, u64::from(p), u64::from(w.today.0));
        if rng.random::<f64>() < w.params.halt.pending_release_probability {
            w.sentence(p, Verdict::Release, 0);
            return;
        }
    } else if cause == Cause::Quota {
        return quota::sentence(w, p);
    } else if cause == Cause::National {
        return national::sentence(w, p);
    }
    by_year(w, p);
}

/// Sentence by the shares in force in the year.
fn by_year(w: &mut World, p: PersonId) {
    let mut rng = w
        .streams
        .stream3(keys::SENTENCING, u64::from(p), u64::from(w.today.0));
    let s = &w.params.sentencing;
    let year = w.today.year();
    let u: f64 = rng.random();
    let (execution, camp, exile) = (
        s.execution_share.at(year),
        s.camp_share.at(year),
        s.exile_share.at(year),
    );
    // Terms spread uniformly over 0.5-1.5 times the mean (Assumption).
    let spread: f64 = rng.random_range(0.5..1.5);
    if u < execution {
        w.sentence(p, Verdict::Execution, 0);
    } else if u < execution + camp {
        let term = (s.camp_term_years_mean.at(year) * spread * 365.25).round() as u32;
        w.sentence(p, Verdict::Camp, term);
        camps::schedule_exit(w, p, term);
    } else if u < execution + camp + exile {
        let term = (s.exile_term_years_mean * spread * 365.25).round() as u32;
        w.sentence(p, Verdict::Exile, term);
    } else {
        w.sentence(p, Verdict::Release, 0);
    }
}
