//! Sentencing, by the body that had the power to judge the case on the day, with that body's
//! powers and practice (`[sentencing.*]`: when it sat, from when it could shoot, its longest
//! term, the terms it gave).
//!
//! Who judges a case:
//! - the Military Collegium: the centre's cases (Stalin's lists, show trials, the purge of the
//!   purgers), the elite layer and army officers;
//! - the troika of order 00447, while it sits: every case of a group case that an arrest under
//!   the order started, including the associates named in it (the troikas judged the whole group,
//!   within the region's limits);
//! - the album procedure, and from September 1938 the special troikas: the group cases of the
//!   national operations;
//! - otherwise the Special Board (its share of the cases while it sits) or the courts.
//!
//! A body that may not pass death on the day (the Special Board before 17 November 1941) never
//! does: its death share becomes its longest camp term. After the halt, pending cases of the
//! mass operations are released with some probability, or judged by the courts. Detainees may
//! die in prison before their sentence, and prisoners in transit before they reach a camp.

use chistka_engine::streams::Rng;
use rand::Rng as _;

use crate::events::Case;
use crate::ledger::{Cause, Channel, Flow, Source, Verdict};
use crate::params::Body;
use crate::people::{Category, NONE, PersonId, flag};
use crate::processes::{camps, centre, national, quota, wives};
use crate::streams::Key;
use crate::world::World;

/// True once the halt has come.
pub fn halted(w: &World) -> bool {
    w.params.halt.enabled && w.today >= w.params.halt.date
}

/// The body's parameters for a channel.
pub fn body(w: &World, channel: Channel) -> &Body {
    let s = &w.params.sentencing;
    match channel {
        Channel::Troika => &s.troika,
        Channel::Album => &s.album,
        Channel::SpecialTroika => &s.special_troika,
        Channel::MilitaryCollegium => &s.military_collegium,
        Channel::SpecialBoard => &s.special_board,
        Channel::Court => &s.court,
    }
}

/// The cause of the arrest that started the group case `group` (None for a case of its own
/// without a recorded start).
fn root_cause(w: &World, group: u32) -> Option<Cause> {
    if group == NONE {
        return None;
    }
    w.ledger.arrests.get(group as usize).map(|a| a.cause)
}

/// The channel of the national operations today: the album, or the special troikas once the
/// timeline has brought them in.
fn national_channel(w: &World) -> Channel {
    if w.state.policy.special_troikas {
        Channel::SpecialTroika
    } else {
        Channel::Album
    }
}

/// The channel that judges a case of `cause` against `p` today, for a case of its own (the
/// national operations' [`national::sentence`] asks this for its album or special troika).
pub fn channel(w: &World, p: PersonId, cause: Cause) -> Channel {
    let case = Case {
        cause,
        source: Source::None,
        group: NONE,
    };
    channel_of(w, p, &case)
}

/// The channel that judges `case` against `p` today.
pub fn channel_of(w: &World, p: PersonId, case: &Case) -> Channel {
    let today = w.today;
    let s = &w.params.sentencing;
    if case.cause == Cause::Centre
        || w.people.has(p, flag::ELITE)
        || w.people.category(p) == Category::ArmyOfficer
    {
        return Channel::MilitaryCollegium;
    }
    // A case belongs to the operation whose arrest started its group.
    let root = if matches!(case.cause, Cause::Quota | Cause::National) {
        Some(case.cause)
    } else {
        root_cause(w, case.group)
    };
    if !halted(w) {
        match root {
            Some(Cause::Quota) if s.troika.sits(today) => return Channel::Troika,
            Some(Cause::National) => {
                let ch = national_channel(w);
                if body(w, ch).sits(today) {
                    return ch;
                }
            }
            _ => {}
        }
    }
    if s.special_board.sits(today) && !halted_mass(w, root) {
        let mut rng = w.streams.stream3(
            Key::SentencingChannel.id(),
            u64::from(p),
            u64::from(today.0),
        );
        if rng.random::<f64>() < s.special_board_case_share.at(today.year()) {
            return Channel::SpecialBoard;
        }
    }
    Channel::Court
}

/// True for a mass-operation case after the halt: those went to the courts (s.4).
fn halted_mass(w: &World, root: Option<Cause>) -> bool {
    halted(w) && matches!(root, Some(Cause::Quota | Cause::National))
}

/// Sentences the arrested person `p` by the channel of their case.
pub fn sentence(w: &mut World, p: PersonId) {
    let case = w.open_cases.get(&p).copied().unwrap_or(Case {
        cause: Cause::Ordinary,
        source: Source::None,
        group: NONE,
    });
    if died_in_prison(w, p) {
        quota::on_death_before_sentence(w, p, &case);
        return;
    }
    let root = if matches!(case.cause, Cause::Quota | Cause::National) {
        Some(case.cause)
    } else {
        root_cause(w, case.group)
    };
    // Wives under order 00486 were the Special Board's, whatever their husband's case.
    if let Source::Wife { .. } = case.source {
        return wives::sentence(w, p);
    }
    if halted_mass(w, root) {
        let mut rng = w
            .streams
            .stream3(Key::Halt.id(), u64::from(p), u64::from(w.today.0));
        if rng.random::<f64>() < w.params.halt.pending_release_probability.get() {
            release(w, p, Channel::Court);
            return;
        }
    }
    match channel_of(w, p, &case) {
        Channel::Troika => quota::sentence(w, p),
        Channel::Album | Channel::SpecialTroika if case.cause == Cause::National => {
            national::sentence(w, p)
        }
        // An associate named in a national group case: the album judged the group by its
        // line's share.
        ch @ (Channel::Album | Channel::SpecialTroika) => {
            let share = national::group_execution_share(w, case.group);
            by_share(w, p, ch, share)
        }
        Channel::MilitaryCollegium if case.cause == Cause::Centre => centre::sentence(w, p),
        other => by_body(w, p, other),
    }
}

/// Releases `p` without conviction and counts it as an acquittal.
fn release(w: &mut World, p: PersonId, channel: Channel) {
    let d = w.day_index();
    let weight = w.weight(p);
    w.ledger.count(d, Flow::ReleasesAcquitted, weight);
    w.sentence(p, Verdict::Release, 0, channel);
}

/// Death in prison between arrest and sentence, at the yearly prison mortality over the days
/// detained. True if `p` died.
fn died_in_prison(w: &mut World, p: PersonId) -> bool {
    let percent = w.params.camps.prison_mortality_percent_per_year;
    if !w.params.camps.enabled || percent <= 0.0 {
        return false;
    }
    let days = f64::from(w.today.since(w.people.status_day(p)));
    let chance = 1.0 - (-percent / 100.0 / 365.25 * days).exp();
    let mut rng = w
        .streams
        .stream3(Key::Prison.id(), u64::from(p), u64::from(w.today.0));
    if rng.random::<f64>() < chance {
        w.die_in_custody(p, Flow::DeathsInPrison);
        true
    } else {
        false
    }
}

/// A camp term in days from the terms of the national operations' album, cut to its longest
/// term on the day (kept for the national operations' sentence).
pub fn camp_term(w: &World, rng: &mut Rng) -> u32 {
    camp_term_by(w, national_channel(w), rng)
}

/// A camp term in days from the terms `channel` gave, cut to the longest it could give today.
pub fn camp_term_by(w: &World, channel: Channel, rng: &mut Rng) -> u32 {
    body(w, channel).camp_term_days(w.today, rng)
}

/// Sends `p` to a camp or colony for `term` days under `channel`; some die in transit.
pub fn to_camp(w: &mut World, p: PersonId, term: u32, channel: Channel) {
    w.sentence(p, Verdict::Camp, term, channel);
    if camps::died_in_transit(w, p) {
        return;
    }
    camps::schedule_exit(w, p, term);
}

/// Death or camp at `execution_share` (death only where the body may pass it), camp terms by
/// the body's terms.
fn by_share(w: &mut World, p: PersonId, channel: Channel, execution_share: f64) {
    let mut rng = w
        .streams
        .stream3(Key::Sentencing.id(), u64::from(p), u64::from(w.today.0));
    let b = body(w, channel);
    if b.may_shoot(w.today) && rng.random::<f64>() < execution_share {
        w.sentence(p, Verdict::Execution, 0, channel);
    } else {
        let term = b.camp_term_days(w.today, &mut rng);
        to_camp(w, p, term, channel);
    }
}

/// The sentence of a body that judged case by case, by its shares in force in the year. Where
/// the body may not pass death on the day, its death share gets its longest camp term.
fn by_body(w: &mut World, p: PersonId, channel: Channel) {
    let mut rng = w
        .streams
        .stream3(Key::Sentencing.id(), u64::from(p), u64::from(w.today.0));
    let today = w.today;
    let year = today.year();
    let b = body(w, channel);
    let (execution, camp, exile) = b.verdicts.as_ref().map_or((0.0, 1.0, 0.0), |v| {
        (
            v.execution_share.at(year),
            v.camp_share.at(year),
            v.exile_share.at(year),
        )
    });
    let u: f64 = rng.random();
    if u < execution {
        if b.may_shoot(today) {
            w.sentence(p, Verdict::Execution, 0, channel);
        } else {
            let term = (b.camp_term_max_years.at(year) * 365.25).round() as u32;
            to_camp(w, p, term, channel);
        }
    } else if u < execution + camp {
        let term = b.camp_term_days(today, &mut rng);
        to_camp(w, p, term, channel);
    } else if u < execution + camp + exile {
        let years = w.params.sentencing.exile_term_years_mean;
        let term = (years * rng.random_range(0.5..1.5) * 365.25).round() as u32;
        w.sentence(p, Verdict::Exile, term, channel);
    } else {
        release(w, p, channel);
    }
}
