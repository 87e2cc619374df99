//! Camps (ITL) and colonies (ITK): the initial stock, the inflows from outside the NKVD's cases
//! (ordinary criminal convicts of the courts, the decrees of 1940, the annexed territories),
//! deaths at the yearly mortality rate raised by overcrowding, deaths in transit, and releases by
//! origin and reason (end of term, review); work credits shorten criminal terms until 1939.
//!
//! Cost follows events, not inmates x days: on admission each inmate's exit is drawn once, as
//! the earlier of the end of the time to serve and a death time drawn from the piecewise-constant
//! yearly hazard (exact inversion of the cumulative hazard), and scheduled as one event. The
//! extra deaths of overcrowding, which depend on later admissions, are drawn day by day on top.

use rand::Rng as _;

use chistka_engine::calendar::Day;

use crate::ledger::Flow;
use crate::params::CategoryTable;
use crate::people::{Category, PersonId, flag};
use crate::processes::{Risk, exp_days, pick_region, pick_target, poisson_count, poisson_counts};
use crate::streams::{Key, reflected};
use crate::world::{Event, World, priority};

/// What the camps keep between days.
#[derive(Debug, Clone, Default)]
pub struct CampState {
    /// Inmates serving in a colony (ITK) rather than a camp (ITL).
    pub in_colony: crate::ids::IdSet,
    /// Colony (ITK) population, full-scale.
    pub colony_stock: f64,
    /// Prisoners from the annexed territories (an aggregate, full-scale; in the camps).
    pub annexed: f64,
    /// Of whom political.
    pub annexed_political: f64,
}

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

/// Days a prisoner admitted on `admitted` with a term of `term` days serves when every day worked
/// earns `credit` days of remission until `abolished` (the decree of 15 June 1939), and none
/// after.
pub fn days_served(admitted: Day, term: u32, credit: f64, abolished: Day) -> u32 {
    if credit <= 0.0 || admitted >= abolished {
        return term;
    }
    let with_credits = f64::from(term) / (1.0 + credit);
    let before = f64::from(abolished.since(admitted));
    if with_credits <= before {
        with_credits.round() as u32
    } else {
        (f64::from(term) - credit * before).round() as u32
    }
}

/// Schedules the exit of `p`, who entered a camp or colony today with `term_days` to serve,
/// and counts the admission.
pub fn schedule_exit(w: &mut World, p: PersonId, term_days: u32) {
    let d = w.day_index();
    let weight = w.weight(p);
    w.ledger.count(d, Flow::CampAdmissions, weight);
    place(w, p, term_days, true);
}

/// Puts `p` in a colony or a camp by their term, and schedules their exit: work credits for
/// criminal convicts admitted with `credits`, death by the yearly mortality table.
fn place(w: &mut World, p: PersonId, term_days: u32, credits: bool) {
    let c = &w.params.camps;
    if f64::from(term_days) < c.colony_term_below_years * 365.25 {
        w.state.camps.in_colony.insert(p);
        w.state.camps.colony_stock += w.weight(p);
    }
    let served = if credits && !w.people.has(p, flag::POLITICAL) {
        days_served(
            w.today,
            term_days,
            c.work_credit_days_per_day,
            c.work_credits_abolished,
        )
    } else {
        term_days
    };
    let mut rng = w
        .streams
        .stream3(Key::Camps.id(), u64::from(p), u64::from(w.today.0));
    let e: f64 = -(1.0 - rng.random::<f64>()).ln();
    let death = if w.params.camps.enabled {
        days_to_death(w, w.today, e, served)
    } else {
        None
    };
    let since = w.people.status_day(p);
    let (days, death) = match death {
        Some(d) => (d, true),
        None => (served, false),
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

/// `p` leaves the camps or colonies: by death, or free at the end of the term (counted by
/// origin).
pub fn exit(w: &mut World, p: PersonId, death: bool) {
    if !death {
        let d = w.day_index();
        let weight = w.weight(p);
        let flow = if w.people.has(p, flag::POLITICAL) {
            Flow::ReleasesEndOfTermPolitical
        } else {
            Flow::ReleasesEndOfTermCriminal
        };
        w.ledger.count(d, flow, weight);
    }
    leave(w, p, death);
}

/// Takes `p` off the rolls of the colonies, then out of the stock.
fn leave(w: &mut World, p: PersonId, death: bool) {
    if w.state.camps.in_colony.remove(&p) {
        w.state.camps.colony_stock -= w.weight(p);
    }
    w.leave_camp(p, death);
}

/// An exile freed at the end of the term.
pub fn exile_end(w: &mut World, p: PersonId) {
    let d = w.day_index();
    let weight = w.weight(p);
    w.ledger.count(d, Flow::ReleasesExileEnd, weight);
    w.release(p);
}

/// Death in transit of `p`, just sentenced to camp: true if they died on the way.
pub fn died_in_transit(w: &mut World, p: PersonId) -> bool {
    let chance = w.params.camps.transit_death_probability.get();
    if !w.params.camps.enabled || chance <= 0.0 {
        return false;
    }
    let mut rng = w
        .streams
        .stream3(Key::Transit.id(), u64::from(p), u64::from(w.today.0));
    if rng.random::<f64>() < chance {
        w.die_in_custody(p, Flow::DeathsInTransit);
        true
    } else {
        false
    }
}

/// Fills the camps and colonies with their stock on the first day: the first part of the draws
/// to the camps, the rest to the colonies, in proportion to the two stocks.
pub fn init(w: &mut World) {
    let params = std::sync::Arc::clone(&w.params);
    let c = &params.camps;
    let n_camps = (c.initial_camp_population / w.mass_weight).round() as usize;
    let n = ((c.initial_camp_population + c.initial_colony_population) / w.mass_weight).round()
        as usize;
    let mut rng = w.streams.stream2(Key::Camps.id(), reflected(0));
    for i in 0..n {
        let political = rng.random::<f64>() < c.initial_political_share.get();
        let r = pick_region(w, &mut rng);
        // The politicals by the ordinary arrests' risk, the rest by the courts'.
        let risk = if political {
            Risk::Policing
        } else {
            Risk::Criminal
        };
        let Some(p) = pick_target(w, r, w.risk_draws.get(risk), &mut rng) else {
            continue;
        };
        w.enter_camp(p, political);
        let term = exp_days(c.initial_remaining_term_years_mean * 365.25, &mut rng).max(1);
        // The remaining time of the initial stock is time to serve, credits included.
        place(w, p, term, false);
        // The stock on the first day is the record's, whatever the remaining terms.
        let colony = i >= n_camps;
        let weight = w.weight(p);
        if colony && w.state.camps.in_colony.insert(p) {
            w.state.camps.colony_stock += weight;
        } else if !colony && w.state.camps.in_colony.remove(&p) {
            w.state.camps.colony_stock -= weight;
        }
    }
}

/// Today's releases of political prisoners on review (the 1939-40 releases of the timeline).
fn releases(w: &mut World) {
    let per_day: f64 = w.state.policy.releases.iter().map(|r| r.1).sum();
    if per_day <= 0.0 {
        return;
    }
    let mut rng = w.streams.stream2(Key::Releases.id(), u64::from(w.today.0));
    let stock = w.stocks.camp_political / w.mass_weight;
    let n = poisson_count(&mut rng, per_day * stock);
    let mass = w.mass_ids();
    let d = w.day_index();
    for _ in 0..n {
        // A draw stands for `mass_weight` people, so it is made among the mass's political
        // prisoners (the elite's are a few hundred, each of weight 1).
        let drawn = w.inmates.draw(&mut rng, |p| {
            mass.contains(&p) && w.people.has(p, flag::POLITICAL)
        });
        let Some(p) = drawn else {
            break;
        };
        let weight = w.weight(p);
        w.ledger.count(d, Flow::ReleasesOnReview, weight);
        leave(w, p, false);
    }
}

/// Admissions to the camps and colonies over the last year, annualised over the days run when
/// fewer (none before 90 days: too few to say).
fn admissions_last_year(w: &World) -> f64 {
    let d = w.day_index();
    let from = d.saturating_sub(364);
    let days = d - from + 1;
    if days < 90 {
        return 0.0;
    }
    let sum: f64 = (from..=d)
        .map(|i| w.ledger.flow(i, Flow::CampAdmissions))
        .sum();
    sum * 365.0 / days as f64
}

/// The mortality rate today (per person per day): the year's rate, raised by overcrowding.
/// Returns (the year's base rate, the extra of overcrowding).
pub fn hazard_today(w: &World) -> (f64, f64) {
    let c = &w.params.camps;
    let base = daily_hazard(c.mortality_percent_per_year.at(w.today.year()));
    let excess = (admissions_last_year(w) / c.intake_capacity_per_year - 1.0).max(0.0);
    (base, base * c.crowding_mortality_elasticity * excess)
}

/// Today's deaths of overcrowding among the inmates: the extra hazard on top of the deaths
/// already scheduled at the year's rate.
fn crowding_deaths(w: &mut World, extra: f64) {
    if extra <= 0.0 {
        return;
    }
    let mut rng = w
        .streams
        .stream2(Key::CampCrowding.id(), u64::from(w.today.0));
    let inmates = (w.stocks.camp - w.state.camps.annexed) / w.mass_weight;
    let n = poisson_count(&mut rng, extra * inmates.max(0.0));
    let elite = w.elite.clone();
    for _ in 0..n {
        let Some(p) = w.inmates.draw(&mut rng, |p| !elite.contains(&p)) else {
            break;
        };
        leave(w, p, true);
    }
}

/// The annexed territories' prisoners: an aggregate stock in the camps, admitted day by day and
/// dying at the camps' rate (their terms outlast the run).
fn annexed(w: &mut World, hazard: f64) {
    let c = &w.params.camps;
    let d = w.day_index();
    let inflow = if w.today >= c.annexed_from {
        c.annexed_inflow_per_year.at(w.today.year()) / 365.25
    } else {
        0.0
    };
    let political = c.annexed_political_share.get();
    let s = &mut w.state.camps;
    let deaths = s.annexed * hazard;
    let deaths_political = s.annexed_political * hazard;
    s.annexed += inflow - deaths;
    s.annexed_political += inflow * political - deaths_political;
    w.stocks.camp += inflow - deaths;
    w.stocks.camp_political += inflow * political - deaths_political;
    w.ledger.count(d, Flow::CampAdmissions, inflow);
    w.ledger.count(d, Flow::DeathsInCustody, deaths);
}

/// Sends `n` ordinary convicts drawn by `risk` to confinement for terms of about `term_years`
/// (within a factor 1/2..3/2, Assumption).
fn convicts(
    w: &mut World,
    n: u32,
    risk: Risk,
    term_years: f64,
    rng: &mut chistka_engine::streams::Rng,
) {
    let d = w.day_index();
    for _ in 0..n {
        let r = pick_region(w, rng);
        let Some(p) = pick_target(w, r, w.risk_draws.get(risk), rng) else {
            continue;
        };
        let weight = w.weight(p);
        w.ledger.count(d, Flow::CriminalConvictions, weight);
        w.enter_camp(p, false);
        let spread: f64 = rng.random_range(0.5..1.5);
        schedule_exit(w, p, (term_years * spread * 365.25).round() as u32);
    }
}

/// The risk by category of the 1940 decrees: they reached ordinary workers, every adult
/// category alike (Assumption); no dependant and no one of the elite layer.
pub fn decree_risk() -> CategoryTable {
    let mut everyone = CategoryTable([1.0; Category::ALL.len()]);
    everyone.0[Category::Dependant as usize] = 0.0;
    everyone.0[Category::Elite as usize] = 0.0;
    everyone
}

/// Today's releases on review, the criminal convicts of the courts and of the 1940 decrees,
/// the annexed territories' prisoners, and the deaths of overcrowding.
pub fn daily(w: &mut World) {
    releases(w);
    if !w.params.camps.enabled {
        return;
    }
    let params = std::sync::Arc::clone(&w.params);
    let c = &params.camps;
    let mut rng = w.streams.stream2(Key::Camps.id(), u64::from(w.today.0));
    let lambda = c.criminal_convicts_per_year.at(w.today.year()) / 365.25 / w.mass_weight;
    let n = poisson_count(&mut rng, lambda);
    convicts(w, n, Risk::Criminal, c.criminal_term_years_mean, &mut rng);
    // Both decrees' counts are drawn before anyone is picked: a pick draws more or fewer numbers
    // as it passes over people not at liberty, and the second decree's count must not depend
    // on who the first one's picks passed over (common random numbers across scenarios).
    let mut rng = w.streams.stream2(Key::Decrees.id(), u64::from(w.today.0));
    let decrees = [&c.labour_decree, &c.theft_decree];
    let counts = poisson_counts(
        &mut rng,
        decrees.iter().map(|decree| {
            if w.today >= decree.from {
                decree.convicts_per_year / 365.25 / w.mass_weight
            } else {
                0.0
            }
        }),
    );
    for (decree, n) in decrees.into_iter().zip(counts) {
        convicts(w, n, Risk::Decrees, decree.term_years_mean, &mut rng);
    }
    let (base, extra) = hazard_today(w);
    annexed(w, base + extra);
    crowding_deaths(w, extra);
}

#[cfg(test)]
mod tests {
    use chistka_engine::calendar::Day;

    #[test]
    fn hazard_matches_the_annual_rate() {
        // 2.42% of the average roll per year: about 2.39% of a closed cohort die within a year.
        let h = super::daily_hazard(2.42) * 365.25;
        assert!((1.0 - (-h).exp() - 0.0239).abs() < 0.001);
    }

    #[test]
    fn work_credits_shorten_terms_until_their_abolition() {
        let abolished = Day::from_ymd(1939, 6, 15).expect("a date");
        let early = Day::from_ymd(1935, 1, 1).expect("a date");
        // Released long before the abolition: a third off at 0.5 credit days per day.
        assert_eq!(super::days_served(early, 300, 0.5, abolished), 200);
        // Admitted after it: the whole term.
        let late = Day::from_ymd(1939, 7, 1).expect("a date");
        assert_eq!(super::days_served(late, 300, 0.5, abolished), 300);
        // Across it: credits for the days before, then day for day.
        let across = Day(abolished.0 - 100);
        assert_eq!(super::days_served(across, 400, 0.5, abolished), 350);
        // No credits: the term.
        assert_eq!(super::days_served(early, 300, 0.0, abolished), 300);
    }
}
