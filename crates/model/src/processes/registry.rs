//! The registries (kartoteka): lists the police already held of former kulaks, clergy, "former
//! people", former members of other parties, people with criminal records and expelled party
//! members. Mass operations draw on them first; when a list runs dry, officers turned to the
//! family and work ties of those already arrested (Vatlin on Kuntsevo, archival-record s.9).

use std::ops::Range;

use chistka_engine::streams::{Rng, Streams};
use rand::Rng as _;
use rayon::prelude::*;

use crate::params::Params;
use crate::people::{Category, PartyStatus, People, PersonId, flag};
use crate::processes::sex_factor;
use crate::streams::Key;
use crate::world::World;

/// True if the person's category or record puts them on the registers.
pub fn registered(people: &People, p: PersonId) -> bool {
    matches!(
        people.category(p),
        Category::FormerKulak
            | Category::Clergy
            | Category::FormerPeople
            | Category::CriminalRecord
    ) || people.has(p, flag::OTHER_PARTY)
        || people.party(p) == PartyStatus::Expelled
}

/// The registries (kartoteka) per region, and everyone who ever held a party card (for drawing
/// members at random).
#[derive(Debug, Clone, Default)]
pub struct Registries {
    /// The registered, per region.
    pub lists: Vec<Vec<PersonId>>,
    /// Everyone who ever held a party card.
    pub party_roll: Vec<PersonId>,
}

/// Marks former members of other parties, then lists the registered per region, and everyone
/// holding a party card (the party roll).
pub fn build(
    people: &mut People,
    regions: &[Range<PersonId>],
    params: &Params,
    streams: Streams,
) -> (Vec<Vec<PersonId>>, Vec<PersonId>) {
    // The draws come from one stream, one number for each person of the three categories, in
    // the order of the regions and of the ids: a sequential pass that reads only the category.
    let mut rng = streams.stream(Key::Registry.id());
    let share = params.registries.other_parties_share.get();
    for ids in regions {
        for p in ids.clone() {
            let c = people.category(p);
            if matches!(
                c,
                Category::FormerPeople | Category::Intellectual | Category::Employee
            ) && rng.random::<f64>() < share
            {
                people.flags[p as usize] |= flag::OTHER_PARTY;
            }
        }
    }
    // The lists draw nothing: each region's is its own span of ids, on every thread there is.
    let people = &*people;
    let registry: Vec<Vec<PersonId>> = if params.registries.enabled {
        regions
            .par_iter()
            .map(|ids| ids.clone().filter(|&p| registered(people, p)).collect())
            .collect()
    } else {
        vec![Vec::new(); regions.len()]
    };
    // In id order, on every thread there is (an ordered parallel collect).
    let roll: Vec<PersonId> = (0..people.len() as PersonId)
        .into_par_iter()
        .filter(|&p| {
            matches!(
                people.party(p),
                PartyStatus::Member | PartyStatus::Candidate
            )
        })
        .collect();
    (registry, roll)
}

/// Someone for a mass operation in region `r`: from the registry first, then an associate of a
/// recent arrestee of the region. The `bool` is true for a registry hit; the source is the
/// arrestee whose ties led to the person (NONE for a registry hit).
pub fn pick(
    w: &World,
    r: usize,
    rng: &mut Rng,
    scratch: &mut Vec<PersonId>,
) -> Option<(PersonId, u32)> {
    let list = w.state.registry.lists.get(r)?;
    if !list.is_empty() {
        for _ in 0..w.params.registries.tries_before_associates {
            let p = list[rng.random_range(0..list.len())];
            if w.people.at_liberty(p)
                && w.people.category(p) != Category::Elite
                && rng.random::<f64>() < sex_factor(w, p)
            {
                return Some((p, crate::people::NONE));
            }
        }
    }
    // The lists ran dry: build "groups" from the ties of those already arrested. Women enter
    // here as the composition of those ties brings them: workmates and fellow villagers.
    let arrests = &w.ledger.arrests;
    let mut tries = 0;
    for _ in 0..200 {
        if arrests.is_empty() || tries == 20 {
            return None;
        }
        let k = arrests.len() - 1 - rng.random_range(0..arrests.len().min(5_000));
        let a = arrests[k];
        // The groups of a mass operation are mass people: an arrest of the army (at full
        // scale, so many more entries per real arrest) is passed over without using a try.
        if w.army.full_scale(a.person) {
            continue;
        }
        tries += 1;
        if w.people.region[a.person as usize] as usize != r {
            continue;
        }
        // The operation's "insurgent groups" were built from fellow workers and villagers, not
        // from the household: the families of the condemned went onto the registers instead.
        let circle = w.ties.accomplices(&w.people, a.person, scratch);
        if circle.is_empty() {
            continue;
        }
        let q = circle.get(rng.random_range(0..circle.len()));
        if w.people.at_liberty(q)
            && w.people.category(q) != Category::Elite
            && rng.random::<f64>() < sex_factor(w, q)
            && !w.army.full_scale(q)
        {
            return Some((q, a.person));
        }
    }
    None
}
