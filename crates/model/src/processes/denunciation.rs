//! Denunciation from below (Fitzpatrick, "Signals from below"): free people denounce out of fear
//! (a random associate), careerism (their boss, hoping to take the post) or old scores (household
//! and workmates), at a rate raised by the hysteria of the show trials and by arrests nearby. The
//! police act on a fraction: Khlevniuk finds denunciations "extremely rare" as evidence in
//! Great-Terror case files (archival-record s.9).

use rand::Rng as _;

use crate::ledger::{Accusation, Cause, Flow, Source};
use crate::people::{Category, NONE, PersonId};
use crate::processes::{poisson_counts, sex_factor};
use crate::streams::Key;
use crate::world::World;

/// Today's denunciations, region by region.
pub fn daily(w: &mut World, scratch: &mut Vec<PersonId>) {
    let params = std::sync::Arc::clone(&w.params);
    let d = &params.denunciation;
    if !d.enabled {
        return;
    }
    let mut rng = w
        .streams
        .stream2(Key::Denunciation.id(), u64::from(w.today.0));
    let base = d.per_100k_adults_per_year / 1e5 / 365.25;
    // The rates are read as they are drawn (no vector a day); none of them draws.
    let rates = (0..w.regions.len()).map(|r| {
        let adults = w.region_adults[r];
        let local = w.state.policy.local.get(r).copied().unwrap_or(0.0)
            / (adults * w.mass_weight).max(1.0)
            * 1e3;
        base * adults
            * (1.0 + w.state.policy.hysteria + d.hysteria_per_local_arrest_per_1000 * local)
    });
    let counts = poisson_counts(&mut rng, rates);
    let delay_mean = w.params.interrogation.days_to_interrogation_mean;
    let day = w.day_index();
    for (r, n) in counts.into_iter().enumerate() {
        let ids = w.regions[r].clone();
        for _ in 0..n {
            if ids.is_empty() {
                break;
            }
            let denouncer = rng.random_range(ids.clone());
            if !w.people.at_liberty(denouncer)
                || w.people.category(denouncer) == Category::Dependant
            {
                continue;
            }
            let u: f64 = rng.random();
            let careerism =
                u >= d.fear_share.get() && u < d.fear_share.get() + d.careerism_share.get();
            let boss = w.ties.patron(denouncer);
            let target = if careerism && boss != NONE {
                boss
            } else {
                let circle = w.ties.associates(&w.people, denouncer, scratch);
                if circle.is_empty() {
                    continue;
                }
                circle.get(rng.random_range(0..circle.len()))
            };
            w.ledger.accusations.push(Accusation {
                accuser: denouncer,
                accused: target,
                day: w.today,
                coerced: false,
            });
            let weight = w.weight(denouncer);
            w.ledger.count(day, Flow::Denunciations, weight);
            if let Some(x) = w.state.policy.local_denounced.get_mut(r) {
                *x += weight;
            }
            if w.people.at_liberty(target)
                && rng.random::<f64>() < d.act_probability.get() * sex_factor(w, target)
            {
                let delay = delay_mean.sample(&mut rng);
                let boss_post = w.ties.post_of.get(target);
                if w.arrest(
                    target,
                    Cause::Denunciation,
                    Source::Person(denouncer),
                    delay,
                ) && careerism
                    && boss_post != NONE
                {
                    // The careerist hopes for the boss's post; promotion may grant it.
                    w.state.claims.insert(boss_post, denouncer);
                }
            }
        }
    }
}
