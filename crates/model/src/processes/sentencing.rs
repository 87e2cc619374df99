//! Sentencing, by channel and period: the troikas within the limits for quota cases, the album
//! (and from September 1938 the special troikas) for national cases, the Military Collegium for
//! cases from the centre, the elite and officers, the Special Board (OSO) and the courts for the
//! rest, by the shares in force in the year. After the halt, pending mass-operation cases are
//! released with some probability, or judged by the courts.

use rand::Rng as _;

use crate::ledger::{Cause, Channel, Source, Verdict};
use crate::people::{Category, PersonId, flag};
use crate::processes::{camps, centre, national, quota, wives};
use crate::streams::Key;
use crate::world::World;

/// True once the halt has come.
pub fn halted(w: &World) -> bool {
    w.params.halt.enabled && w.today >= w.params.halt.date
}

/// The channel that judges a case of `cause` against `p` today.
pub fn channel(w: &World, p: PersonId, cause: Cause) -> Channel {
    let halted = halted(w);
    match cause {
        Cause::Quota if !halted => Channel::Troika,
        Cause::National if !halted => {
            if w.state.policy.special_troikas {
                Channel::SpecialTroika
            } else {
                Channel::Album
            }
        }
        Cause::Centre => Channel::MilitaryCollegium,
        _ if w.people.has(p, flag::ELITE) || w.people.category(p) == Category::ArmyOfficer => {
            Channel::MilitaryCollegium
        }
        _ if !halted && w.today >= w.params.sentencing.special_board_from => Channel::SpecialBoard,
        _ => Channel::Court,
    }
}

/// Sentences the arrested person `p` by the channel of their case.
pub fn sentence(w: &mut World, p: PersonId) {
    let cause = w.open_cases.get(&p).map_or(Cause::Ordinary, |c| c.cause);
    let mass = matches!(cause, Cause::Quota | Cause::National);
    if mass && halted(w) {
        let mut rng = w
            .streams
            .stream3(Key::Halt.id(), u64::from(p), u64::from(w.today.0));
        if rng.random::<f64>() < w.params.halt.pending_release_probability.get() {
            w.sentence(p, Verdict::Release, 0, Channel::Court);
            return;
        }
    }
    let source = w.open_cases.get(&p).map_or(Source::None, |c| c.source);
    if let Source::Wife { .. } = source {
        return wives::sentence(w, p);
    }
    match channel(w, p, cause) {
        Channel::Troika => quota::sentence(w, p),
        Channel::Album | Channel::SpecialTroika => national::sentence(w, p),
        Channel::MilitaryCollegium if cause == Cause::Centre => centre::sentence(w, p),
        other => by_year(w, p, other),
    }
}

/// A camp term drawn uniformly over 0.5-1.5 times the year's mean (Assumption).
pub fn camp_term(w: &World, rng: &mut chistka_engine::streams::Rng) -> u32 {
    let mean = w.params.sentencing.camp_term_years_mean.at(w.today.year());
    (mean * rng.random_range(0.5..1.5) * 365.25).round() as u32
}

/// Sends `p` to a camp for `term` days under `channel`.
pub fn to_camp(w: &mut World, p: PersonId, term: u32, channel: Channel) {
    w.sentence(p, Verdict::Camp, term, channel);
    camps::schedule_exit(w, p, term);
}

/// Sentence by the shares in force in the year.
fn by_year(w: &mut World, p: PersonId, channel: Channel) {
    let mut rng = w
        .streams
        .stream3(Key::Sentencing.id(), u64::from(p), u64::from(w.today.0));
    let s = &w.params.sentencing;
    let year = w.today.year();
    let u: f64 = rng.random();
    let (execution, camp, exile) = (
        s.execution_share.at(year),
        s.camp_share.at(year),
        s.exile_share.at(year),
    );
    let exile_years = s.exile_term_years_mean;
    if u < execution {
        w.sentence(p, Verdict::Execution, 0, channel);
    } else if u < execution + camp {
        let term = camp_term(w, &mut rng);
        to_camp(w, p, term, channel);
    } else if u < execution + camp + exile {
        let term = (exile_years * rng.random_range(0.5..1.5) * 365.25).round() as u32;
        w.sentence(p, Verdict::Exile, term, channel);
    } else {
        w.sentence(p, Verdict::Release, 0, channel);
    }
}
