//! Order 00486 (15 August 1937): the wives of "traitors to the motherland" condemned by the
//! Military Collegium and the military tribunals were arrested and sentenced by the Special Board
//! to five to eight years; their children went to homes. Until the halt. The order's reach was
//! the Military Collegium's men (the lists, the show trials, the elite and the officers), not the
//! troikas' and albums' mass victims, whose families went onto the registers: about 18,000 wives
//! by October 1938 (Jansen and Petrov), against the hundreds of thousands the mass operations
//! would have given.

use rand::Rng as _;

use crate::ledger::{Cause, Channel, Source, Verdict};
use crate::people::{Category, PersonId, flag};
use crate::processes::sentencing;
use crate::streams::Key;
use crate::world::{Case, World};

/// Called on each sentence: the wife of a man shot or sent to camp may be taken.
pub fn on_sentence(w: &mut World, p: PersonId, verdict: Verdict, case: Case, channel: Channel) {
    let params = &w.params.wives;
    if !params.enabled
        || w.today < params.from
        || sentencing::halted(w)
        || !matches!(verdict, Verdict::Execution | Verdict::Camp)
        || channel != Channel::MilitaryCollegium
        || matches!(case.source, Source::Wife { .. })
        || w.people.has(p, flag::FEMALE)
    {
        return;
    }
    let Some(wife) = w.people.household(p).find(|&q| {
        q != p && w.people.has(q, flag::FEMALE) && w.people.category(q) != Category::Dependant
    }) else {
        return;
    };
    let mut rng = w
        .streams
        .stream3(Key::Wives.id(), u64::from(wife), u64::from(w.today.0));
    if rng.random::<f64>() < params.arrest_probability.get() {
        let delay = w
            .params
            .interrogation
            .days_to_interrogation_mean
            .sample(&mut rng);
        w.arrest_in(
            wife,
            Cause::Centre,
            Source::Wife { husband: p },
            Some(case.group),
            delay,
        );
    }
}

/// The Special Board's sentence on a wife: camp, within the Board's longest term.
pub fn sentence(w: &mut World, p: PersonId) {
    let mut rng = w
        .streams
        .stream3(Key::WivesSentence.id(), u64::from(p), u64::from(w.today.0));
    let years = w.params.wives.term_years_mean * rng.random_range(0.77..1.23);
    let cap = sentencing::body(w, Channel::SpecialBoard)
        .camp_term_max_years
        .at(w.today.year());
    let term = (years.min(cap) * 365.25) as u32;
    sentencing::to_camp(w, p, term, Channel::SpecialBoard);
}
