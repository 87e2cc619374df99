//! Party purges and admissions: expulsion campaigns (the 1935 verification of documents, the 1936
//! exchange of cards, the 1937 expulsions), appeals heard after the January 1938 plenum, the
//! expelled entering the registries, and admissions while they are open (frozen from January 1933
//! to November 1936; mass recruitment 1938-41 of young workers and technical-school graduates).

use rand::Rng as _;

use crate::ledger::Flow;
use crate::people::{AgeBand, Category, Education, PartyStatus, PersonId};
use crate::processes::poisson_counts;
use crate::streams::{Key, reflected};
use crate::world::{Event, World, priority};

/// Stores the year of first admission (kept through expulsion and reinstatement).
fn year_code(year: i16) -> u8 {
    (year - 1880).clamp(0, 255) as u8
}

/// Today's expulsions and admissions.
pub fn daily(w: &mut World) {
    if !w.params.party.enabled {
        return;
    }
    let mut rng = w.streams.stream2(Key::Party.id(), u64::from(w.today.0));
    let d = w.day_index();
    // Expulsions: each running campaign expels members at its daily hazard.
    let hazard: f64 = w.state.policy.campaigns.iter().map(|c| c.1).sum();
    if hazard > 0.0 && !w.state.registry.party_roll.is_empty() {
        let members = w.stocks.party / w.mass_weight;
        let n = poisson_counts(&mut rng, std::iter::once(hazard * members))[0];
        for _ in 0..n {
            for _ in 0..50 {
                let p = w.state.registry.party_roll
                    [rng.random_range(0..w.state.registry.party_roll.len())];
                if matches!(
                    w.people.party(p),
                    PartyStatus::Member | PartyStatus::Candidate
                ) && w.people.at_liberty(p)
                {
                    expel(w, p, d);
                    break;
                }
            }
        }
    }
    // Admissions: young workers, employees and specialists, the better educated first.
    if w.state.policy.admissions_open {
        let per_day =
            w.params.party.admissions_per_year.at(w.today.year()) / 365.25 / w.mass_weight;
        let n = poisson_counts(&mut rng, std::iter::once(per_day))[0];
        for _ in 0..n {
            let r = crate::processes::pick_region(w, &mut rng);
            let ids = w.regions[r].clone();
            if ids.is_empty() {
                continue;
            }
            for _ in 0..200 {
                let p = rng.random_range(ids.clone());
                if recruitable(w, p) && rng.random::<f64>() < education_weight(w, p) {
                    admit(w, p);
                    break;
                }
            }
        }
    }
}

/// True for a young or middle-aged worker, employee, specialist or official at liberty without a
/// party card.
fn recruitable(w: &World, p: PersonId) -> bool {
    let age = AgeBand::from_code(w.people.age[p as usize]);
    matches!(age, AgeBand::Young | AgeBand::Middle)
        && matches!(
            w.people.category(p),
            Category::Worker
                | Category::Employee
                | Category::Specialist
                | Category::Official
                | Category::Manager
                | Category::KolkhozPeasant
        )
        && w.people.party(p) == PartyStatus::None
        && w.people.at_liberty(p)
}

/// Acceptance by education: the technical-school graduates first (Assumption).
pub fn education_weight(w: &World, p: PersonId) -> f64 {
    match w.people.education(p) {
        Education::Higher => 1.0,
        Education::Secondary => 0.8,
        Education::Primary => 0.25,
        Education::None => 0.05,
    }
}

/// Admits `p` as a candidate today.
pub fn admit(w: &mut World, p: PersonId) {
    let weight = w.weight(p);
    let d = w.day_index();
    w.people.party[p as usize] = PartyStatus::Candidate as u8;
    w.people.party_year[p as usize] = year_code(w.today.year());
    w.state.registry.party_roll.push(p);
    w.stocks.party += weight;
    w.ledger.count(d, Flow::PartyAdmissions, weight);
}

/// Expels `p` today; the expelled go on the registers.
fn expel(w: &mut World, p: PersonId, d: usize) {
    let weight = w.weight(p);
    w.people.party[p as usize] = PartyStatus::Expelled as u8;
    w.stocks.party -= weight;
    w.ledger.count(d, Flow::PartyExpulsions, weight);
    if w.params.registries.enabled {
        let r = w.people.region[p as usize] as usize;
        w.state.registry.lists[r].push(p);
    }
}

/// The January 1938 plenum: the expelled at liberty may appeal.
pub fn open_appeals(w: &mut World) {
    if !w.params.party.enabled {
        return;
    }
    let mut rng = w.streams.stream2(Key::Party.id(), reflected(w.today.0));
    let pp = w.params.party.clone();
    for i in 0..w.state.registry.party_roll.len() {
        let p = w.state.registry.party_roll[i];
        if w.people.party(p) == PartyStatus::Expelled
            && w.people.at_liberty(p)
            && rng.random::<f64>() < pp.appeal_probability.get()
        {
            let day = w
                .today
                .plus(pp.appeal_delay_days_mean.sample(&mut rng).max(1));
            w.queue
                .push(day, priority::SENTENCE, Event::AppealDecision { person: p });
        }
    }
}

/// The decision on `p`'s appeal.
pub fn decide_appeal(w: &mut World, p: PersonId) {
    let mut rng = w
        .streams
        .stream3(Key::Party.id(), u64::from(p), u64::from(w.today.0));
    let d = w.day_index();
    let weight = w.weight(p);
    w.ledger.count(d, Flow::Appeals, weight);
    if w.people.party(p) == PartyStatus::Expelled
        && w.people.at_liberty(p)
        && rng.random::<f64>() < w.params.party.appeal_success_probability.get()
    {
        w.ledger.count(d, Flow::AppealsGranted, weight);
        w.people.party[p as usize] = PartyStatus::Member as u8;
        w.stocks.party += weight;
    }
}
