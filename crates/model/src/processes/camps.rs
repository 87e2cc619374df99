//! Camps and colonies: the initial stock, the non-political inflow from the courts, deaths at the
//! yearly mortality rate, and releases at the end of terms.
//!
//! Cost follows events, not inmates x days: on admission each inmate's exit is drawn once, as
//! the earlier of the end of the term and a death time drawn from the piecewise-constant yearly
//! hazard (exact inversion of the cumulative hazard), and scheduled as one event.

use rand::Rng as _;
use rand_distr::{Distribution, Poisson};

use chistka_engine::calendar::Day;

use crate::params::CategoryTable;
use crate::people::PersonId;
use crate::processes::{exp_days, pick_region, pick_target};
use crate::streams::{Key, reflected};
use crate::world::{Event, World, priority};

/// Yearly hazard (per day) from an annual mortality percentage of the average roll.
fn daily_hazard(percent: f64) -> f64 {
    // m deaths per 100 of the average roll per year is a rate of m/100 per person-year.
    percent / 100.0 / 365.25
}

/// Days until death under the yearly mortality table from `from`, given a unit exponential
/// draw `e`; None if death would come after `horizon` days.
fn days_to_death(w: &World, from: Day, e: f64, horizon: u32) -> Option<u32> {
    let table = &w.params.camps.mortality_percent_per_year;
    let mut left = e;
    let mut day = from;
    let mut elapsed = 0u32;
    while elapsed < horizon {
        let year = day.year();
        let next_year = Day::jan1(year.saturating_add(1));
        let span = next_year.since(day).clamp(1, horizon - elapsed);
        let h = daily_hazard(table.at(year));
        if h * f64::from(span) >= left {
            return Some(elapsed + (left / h).ceil() as u32);
        }
        left -= h * f64::from(span);
        elapsed += span;
        day = day.plus(span);
    }
    None
}

/// Schedules the exit of `p`, who entered a camp today with `term_days` to serve.
pub fn schedule_exit(w: &mut World, p: PersonId, term_days: u32) {
    let mut rng = w
        .streams
        .stream3(Key::Camps.id(), u64::from(p), u64::from(w.today.0));
    let e: f64 = -(1.0 - rng.random::<f64>()).ln();
    let death = if w.params.camps.enabled {
        days_to_death(w, w.today, e, term_days)
    } else {
        None
    };
    let since = w.people.status_day[p as usize];
    let (days, death) = match death {
        Some(d) => (d, true),
        None => (term_days, false),
    };
    w.queue.push(
        w.today.plus(days.max(1)),
        priority::EXIT,
        Event::CampExit {
            person: p,
            since,
            death,
        },
    );
}

/// Fills the camps and colonies with their stock on the first day.
pub fn init(w: &mut World) {
    let c = w.params.camps.clone();
    let n = ((c.initial_camp_population + c.initial_colony_population) / w.mass_weight).round()
        as usize;
    let mut rng = w.streams.stream2(Key::Camps.id(), reflected(0));
    let political_risk = w.params.policing.category_risk.clone();
    let criminal_risk = c.criminal_category_risk.clone();
    for _ in 0..n {
        let political = rng.random::<f64>() < c.initial_political_share.get();
        let r = pick_region(w, &mut rng);
        let risk: &CategoryTable = if political {
            &political_risk
        } else {
            &criminal_risk
        };
        let Some(p) = pick_target(w, r, risk, &mut rng) else {
            continue;
        };
        w.enter_camp(p, political);
        let term = exp_days(c.initial_remaining_term_years_mean * 365.25, &mut rng).max(1);
        schedule_exit(w, p, term);
    }
}

/// Today's releases of political prisoners (the 1939-40 releases of the timeline).
fn releases(w: &mut World) {
    let per_day: f64 = w.state.policy.releases.iter().map(|r| r.1).sum();
    if per_day <= 0.0 {
        return;
    }
    let mut rng = w.streams.stream2(Key::Releases.id(), u64::from(w.today.0));
    let stock = w.stocks.camp_political / w.mass_weight;
    let n = crate::processes::poisson_counts(&mut rng, std::iter::once(per_day * stock))[0];
    let mass = w.mass_ids();
    for _ in 0..n {
        // Political prisoners are a few per cent of the people: rejection over the mass ids (a
        // draw stands for `mass_weight` people).
        for _ in 0..20_000 {
            let p = rng.random_range(mass.clone());
            if w.people.status(p) == crate::people::Status::InCamp
                && w.people.has(p, crate::people::flag::POLITICAL)
            {
                w.leave_camp(p, false);
                break;
            }
        }
    }
}

/// Today's releases and the ordinary criminal convicts sent to camps by the courts.
pub fn daily(w: &mut World) {
    releases(w);
    if !w.params.camps.enabled {
        return;
    }
    let c = &w.params.camps;
    let lambda = c.criminal_convicts_per_year.at(w.today.year()) / 365.25 / w.mass_weight;
    let term_mean = c.criminal_term_years_mean;
    let risk = c.criminal_category_risk.clone();
    let mut rng = w.streams.stream2(Key::Camps.id(), u64::from(w.today.0));
    let n = if lambda > 0.0 {
        Poisson::new(lambda).map_or(0.0, |d| d.sample(&mut rng)) as u32
    } else {
        0
    };
    let d = w.day_index();
    for _ in 0..n {
        let r = pick_region(w, &mut rng);
        let Some(p) = pick_target(w, r, &risk, &mut rng) else {
            continue;
        };
        let weight = w.weight(p);
        w.ledger
            .count(d, crate::ledger::Flow::CriminalConvictions, weight);
        w.enter_camp(p, false);
        let spread: f64 = rng.random_range(0.5..1.5);
        schedule_exit(w, p, (term_mean * spread * 365.25).round() as u32);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hazard_matches_the_annual_rate() {
        // 2.42% of the average roll per year: about 2.39% of a closed cohort die within a year.
        let h = super::daily_hazard(2.42) * 365.25;
        assert!((1.0 - (-h).exp() - 0.0239).abs() < 0.001);
    }
}
