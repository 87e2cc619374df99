//! The party: candidates and full members, admissions, ordinary attrition, purges and appeals.
//!
//! - **Candidates.** A new recruit is a candidate; after the candidate stage (one or two years by
//!   social group under the 1934 rules, Rigby) he becomes a full member. Admissions and transfers
//!   to full membership were both frozen from January 1933 to November 1936 (V2), so the
//!   candidates of 1931-32 waited out the freeze; transfers run only while admissions are open.
//! - **Attrition.** Members and candidates leave every year by death and by "mechanical"
//!   drop-out (dues unpaid, a card never collected, a move unregistered: Getty, Rigby), apart
//!   from the purges. The model has no natural mortality of people, so a member who dies here
//!   leaves the party but stays in the population: a departure, counted in `party_attrition`.
//! - **Purges.** The 1933 chistka's tail, the 1935 verification of documents, the 1936 exchange
//!   of cards and the 1937 expulsions are timeline campaigns with their shares (1S, Getty); the
//!   expelled go on the registers (kartoteka).
//! - **Appeals.** The January 1938 plenum condemned "errors" in expulsions and ordered appeals
//!   heard (Getty & Naumov). Only those expelled by a party organisation could appeal, not those
//!   expelled because they were arrested, and only if never arrested since; the plenum's target
//!   was the expulsions of the recent campaigns (from `party.appeal_covers_expelled_from`). A
//!   member reinstated on appeal kept his original joining year (reinstatement restored the
//!   standing; Assumption on the rule's reach). The others expelled, from the 1933 chistka and
//!   the 1935 verification, could only re-apply as new candidates once admissions reopened,
//!   with a new joining year.

use rand::Rng as _;

use chistka_engine::calendar::Day;

use crate::ledger::Flow;
use crate::people::{Category, Education, PartyStatus, PersonId, Status};
use crate::processes::poisson_count;
use crate::streams::Key;
use crate::world::{Event, World, priority};

/// What the party keeps between days: who it expelled, and when.
#[derive(Debug, Clone, Default)]
pub struct PartyState {
    /// Everyone expelled by a party organisation (in a campaign, not on arrest), with the day.
    pub expelled: Vec<(PersonId, Day)>,
}

/// Stores the year of first admission (kept through expulsion and reinstatement).
fn year_code(year: i16) -> u8 {
    (year - 1880).clamp(0, 255) as u8
}

/// A random holder of `status` at liberty from the party roll (None after a bounded search).
fn draw(
    w: &World,
    rng: &mut chistka_engine::streams::Rng,
    status: PartyStatus,
) -> Option<PersonId> {
    let roll = &w.state.registry.party_roll;
    if roll.is_empty() {
        return None;
    }
    for _ in 0..50 {
        let p = roll[rng.random_range(0..roll.len())];
        if w.people.party(p) == status && w.people.at_liberty(p) {
            return Some(p);
        }
    }
    None
}

/// Today's expulsions, attrition, transfers and admissions.
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
        let n = poisson_count(&mut rng, hazard * members);
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
    attrition(w);
    transfers(w);
    // Admissions: young workers, employees and specialists, the better educated first.
    if w.state.policy.admissions_open {
        let per_day =
            w.params.party.admissions_per_year.at(w.today.year()) / 365.25 / w.mass_weight;
        let n = poisson_count(&mut rng, per_day);
        // Drawn from the region's pools of the recruitable classes and ages, by education
        // ([`crate::pools::ByEducation`]); the card and the status are checked on the draw.
        for _ in 0..n {
            let r = crate::processes::pick_region(w, &mut rng);
            let Some(draw) = w.state.admissions.get(r) else {
                continue;
            };
            for _ in 0..200 {
                let Some(p) = draw.pick(&w.pools, &mut rng) else {
                    break;
                };
                if recruitable(w, p) {
                    admit(w, p);
                    break;
                }
            }
        }
    }
}

/// Deaths and mechanical drop-outs: each member and candidate leaves at the yearly rates.
fn attrition(w: &mut World) {
    let pp = &w.params.party;
    let per_day = (pp.deaths_per_1000_per_year + pp.dropouts_per_1000_per_year) / 1000.0 / 365.25;
    if per_day <= 0.0 {
        return;
    }
    let mut rng = w
        .streams
        .stream2(Key::PartyAttrition.id(), u64::from(w.today.0));
    let members = w.stocks.party / w.mass_weight;
    let n = poisson_count(&mut rng, per_day * members);
    let d = w.day_index();
    for _ in 0..n {
        let status = if rng.random::<f64>() * w.stocks.party < w.stocks.party_candidates {
            PartyStatus::Candidate
        } else {
            PartyStatus::Member
        };
        if let Some(p) = draw(w, &mut rng, status) {
            let weight = w.weight(p);
            leave(w, p);
            // Left, not expelled: no registers, no appeal; a drop-out may be re-admitted.
            w.people.set_party(p, PartyStatus::None);
            w.ledger.count(d, Flow::PartyAttrition, weight);
        }
    }
}

/// Candidates become full members at the end of their stage, while transfers are open.
fn transfers(w: &mut World) {
    if !w.state.policy.admissions_open {
        return;
    }
    let mean = w.params.party.candidate_stage_years_mean * 365.25;
    if mean <= 0.0 {
        return;
    }
    let mut rng = w
        .streams
        .stream2(Key::PartyTransfer.id(), u64::from(w.today.0));
    let candidates = w.stocks.party_candidates / w.mass_weight;
    let n = poisson_count(&mut rng, candidates / mean);
    let d = w.day_index();
    for _ in 0..n {
        if let Some(p) = draw(w, &mut rng, PartyStatus::Candidate) {
            let weight = w.weight(p);
            w.people.set_party(p, PartyStatus::Member);
            w.stocks.party_candidates -= weight;
            w.ledger.count(d, Flow::CandidateTransfers, weight);
        }
    }
}

/// The classes the party recruited from: workers, employees, specialists, officials, managers
/// and kolkhoz peasants, of 16-49 (the pools' ages for a draw by education).
pub const RECRUITABLE: [Category; 6] = [
    Category::Worker,
    Category::Employee,
    Category::Specialist,
    Category::Official,
    Category::Manager,
    Category::KolkhozPeasant,
];

/// True for someone of the [`RECRUITABLE`] classes (drawn from their pools) free and without a
/// party card: never a member, or one who left, or (re-applying as a new candidate) one expelled
/// whom no appeal has reinstated.
fn recruitable(w: &World, p: PersonId) -> bool {
    matches!(w.people.party(p), PartyStatus::None | PartyStatus::Expelled)
        && w.people.status(p) == Status::Free
}

/// Acceptance by education: the technical-school graduates first (Assumption).
pub fn education_weight(w: &World, p: PersonId) -> f64 {
    acceptance(w.people.education(p))
}

/// Acceptance by education, as [`education_weight`]: the weight the pools' draws give each level.
pub fn acceptance(education: Education) -> f64 {
    match education {
        Education::Higher => 1.0,
        Education::Secondary => 0.8,
        Education::Primary => 0.25,
        Education::None => 0.05,
    }
}

/// Admits `p` as a candidate today, with this year as the joining year (a re-admitted former
/// member starts again: his old standing is lost).
pub fn admit(w: &mut World, p: PersonId) {
    let weight = w.weight(p);
    let d = w.day_index();
    let known = w.people.party(p) != PartyStatus::None || w.people.party_year[p as usize] != 0;
    w.people.set_party(p, PartyStatus::Candidate);
    w.people.party_year[p as usize] = year_code(w.today.year());
    if !known {
        w.state.registry.party_roll.push(p);
    }
    w.stocks.party += weight;
    w.stocks.party_candidates += weight;
    w.ledger.count(d, Flow::PartyAdmissions, weight);
}

/// Takes `p` off the party's stocks (member or candidate).
fn leave(w: &mut World, p: PersonId) {
    let weight = w.weight(p);
    if w.people.party(p) == PartyStatus::Candidate {
        w.stocks.party_candidates -= weight;
    }
    w.stocks.party -= weight;
}

/// Expels `p` today; the expelled go on the registers and on the party's list of the expelled.
fn expel(w: &mut World, p: PersonId, d: usize) {
    let weight = w.weight(p);
    leave(w, p);
    w.people.set_party(p, PartyStatus::Expelled);
    w.ledger.count(d, Flow::PartyExpulsions, weight);
    w.state.party.expelled.push((p, w.today));
    if w.params.registries.enabled {
        let r = w.people.region[p as usize] as usize;
        w.state.registry.lists[r].push(p);
    }
}

/// True if `p`, expelled by the party on `day`, may appeal today under the plenum's rules.
fn may_appeal(w: &World, p: PersonId, day: Day) -> bool {
    day >= w.params.party.appeal_covers_expelled_from
        && w.people.party(p) == PartyStatus::Expelled
        && w.people.status(p) == Status::Free
}

/// The January 1938 plenum: those expelled by the party in the covered campaigns, and never
/// arrested, may appeal.
pub fn open_appeals(w: &mut World) {
    if !w.params.party.enabled {
        return;
    }
    let params = std::sync::Arc::clone(&w.params);
    let pp = &params.party;
    let expelled = w.state.party.expelled.clone();
    for (p, day) in expelled {
        if !may_appeal(w, p, day) {
            continue;
        }
        let mut rng = w
            .streams
            .stream3(Key::PartyAppeal.id(), u64::from(p), u64::from(day.0));
        if rng.random::<f64>() < pp.appeal_probability.get() {
            let decision = w
                .today
                .plus(pp.appeal_delay_days_mean.sample(&mut rng).max(1));
            w.queue.push(
                decision,
                priority::SENTENCE,
                Event::AppealDecision { person: p },
            );
        }
    }
}

/// The decision on `p`'s appeal: granted, he is reinstated as a full member with his original
/// joining year; an appellant arrested meanwhile is not heard.
pub fn decide_appeal(w: &mut World, p: PersonId) {
    let mut rng = w
        .streams
        .stream3(Key::PartyAppeal.id(), u64::from(p), u64::from(w.today.0));
    let d = w.day_index();
    let weight = w.weight(p);
    w.ledger.count(d, Flow::Appeals, weight);
    if w.people.party(p) == PartyStatus::Expelled
        && w.people.status(p) == Status::Free
        && rng.random::<f64>() < w.params.party.appeal_success_probability.get()
    {
        w.ledger.count(d, Flow::AppealsGranted, weight);
        w.people.set_party(p, PartyStatus::Member);
        if !w.params.party.reinstated_keep_seniority {
            w.people.party_year[p as usize] = year_code(w.today.year());
        }
        w.stocks.party += weight;
    }
}
