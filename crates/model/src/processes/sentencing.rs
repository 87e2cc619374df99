//! Sentencing: execution, camp, exile or release, by the shares in force in the year of the
//! sentence, with terms drawn around the year's mean.

use rand::Rng as _;

use crate::ledger::Verdict;
use crate::people::PersonId;
use crate::processes::camps;
use crate::streams as keys;
use crate::world::World;

/// Sentences the arrested person `p`.
pub fn sentence(w: &mut World, p: PersonId) {
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
