//! Ordinary policing: the NKVD's routine political arrests outside the mass operations, at a
//! yearly rate per adult, falling on categories in proportion to their relative risk.

use crate::ledger::Cause;
use crate::ledger::Source;
use crate::processes::{Risk, pick_target, poisson_counts};
use crate::streams::Key;
use crate::world::World;

/// Today's ordinary arrests, region by region.
pub fn daily(w: &mut World) {
    if !w.params.policing.enabled {
        return;
    }
    let year = w.today.year();
    let t = &w.params.threat;
    let lever = w.state.policy.lever(t.policing_gain, t.reference);
    let per_adult_day =
        w.params.policing.arrests_per_100k_adults_per_year.at(year) / 1e5 / 365.25 * lever;
    let mut rng = w.streams.stream2(Key::Policing.id(), u64::from(w.today.0));
    let delay_mean = w.params.interrogation.days_to_interrogation_mean;
    // All counts first, then the targets: the counts stay the same whatever other processes did
    // to the population (common random numbers across counterfactuals).
    let counts = poisson_counts(&mut rng, w.region_adults.iter().map(|a| per_adult_day * a));
    for (r, n) in counts.into_iter().enumerate() {
        for _ in 0..n {
            let Some(p) = pick_target(w, r, w.risk_draws.get(Risk::Policing), &mut rng) else {
                break;
            };
            let delay = delay_mean.sample(&mut rng);
            w.arrest(p, Cause::Ordinary, Source::None, delay);
        }
    }
}
