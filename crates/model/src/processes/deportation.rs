//! Deportations by decree: a whole group, families included, removed to special settlements
//! without arrest, case or sentence. The 1937 removal of the Koreans from the Far East (decree of
//! 21 August 1937, carried out from September to the end of October: about 172,000 people, Bugai;
//! Polian) was deportation, not execution; so was the 1936 removal of Poles and Germans from the
//! Ukrainian border zone to Kazakhstan. Each removal spreads its group evenly over its days, so
//! that everyone of the group still at liberty is gone by its last day.
//!
//! The deported stay in their region's range of ids (the regions are fixed runs of the people
//! table); their status says where they are, and they remain within reach of the police.

use std::ops::Range;

use chistka_engine::streams::Streams;
use rand::Rng as _;

use crate::census::Census;
use crate::params::Params;
use crate::people::{People, PersonId, Status};
use crate::processes::national::{GroupLists, draw_group};
use crate::streams::Key;
use crate::world::World;

/// Each removal's group, drawn when the world is built.
#[derive(Debug, Clone, Default)]
pub struct DeportationState {
    /// The group of each removal (every age), in id order.
    pub groups: Vec<Vec<PersonId>>,
}

impl DeportationState {
    /// Draws each removal's group from the people.
    pub fn build(
        people: &People,
        regions: &[Range<PersonId>],
        lists: &GroupLists<'_>,
        params: &Params,
        census: &Census,
        streams: Streams,
    ) -> Self {
        let groups = params
            .deportation
            .removals
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut rng = streams.stream3(Key::DeportationGroup.id(), i as u64, 0);
                draw_group(people, regions, lists, &r.group, census, &mut rng, false)
            })
            .collect();
        DeportationState { groups }
    }
}

/// Today's deportations: in every removal under way, each member still at liberty goes with
/// chance 1 / (days left, today included).
pub fn daily(w: &mut World) {
    if !w.params.deportation.enabled {
        return;
    }
    for i in 0..w.params.deportation.removals.len() {
        let r = &w.params.deportation.removals[i];
        if w.today < r.start || w.today > r.end {
            continue;
        }
        let left = f64::from(r.end.since(w.today) + 1);
        let mut rng = w
            .streams
            .stream3(Key::Deportation.id(), i as u64, u64::from(w.today.0));
        for k in 0..w.state.deportation.groups[i].len() {
            let p = w.state.deportation.groups[i][k];
            let free = w.people.at_liberty(p) && w.people.status(p) != Status::Deported;
            if free && rng.random::<f64>() * left < 1.0 {
                w.deport(p, i as u16);
            }
        }
    }
}
