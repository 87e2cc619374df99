//! The state each process keeps between days, apart from the core tables of
//! [`World`](crate::world::World): a process's own queues, limits and lists.

use std::collections::VecDeque;

use crate::people::PersonId;
use crate::pools::ByEducation;
use crate::processes::{
    army::ArmyState, camps::CampState, deportation::DeportationState, national::NationalState,
    nomenklatura::NomenklaturaState, party::PartyState, quota::QuotaState, registry::Registries,
    timeline::Policy,
};

/// The state of the processes, one part per process that keeps any.
#[derive(Debug)]
pub struct ProcessState {
    /// The timeline's policy state: threat, hysteria, what the timeline has switched on.
    pub policy: Policy,
    /// Interrogation: named suspects waiting for arrest, per region (suspect, accuser, group
    /// case).
    pub suspects: Vec<VecDeque<(PersonId, PersonId, u32)>>,
    /// The registries (kartoteka) and the roll of everyone who ever held a party card.
    pub registry: Registries,
    /// Denunciation: posts a careerist denouncer hopes to take (post -> denouncer).
    pub claims: crate::ids::IdMap<PersonId>,
    /// The quota operations' limits and their use.
    pub quota: QuotaState,
    /// National operations: each line's pool and the albums waiting in Moscow.
    pub national: NationalState,
    /// Deportations by decree: each removal's group.
    pub deportation: DeportationState,
    /// The party: who it expelled, and when.
    pub party: PartyState,
    /// Camps and colonies: who is in a colony, the aggregate stocks.
    pub camps: CampState,
    /// The army's purge: who was dismissed, on what ground.
    pub army: ArmyState,
    /// The nomenklatura: posts under suspicion after a sweep.
    pub nomenklatura: NomenklaturaState,
    /// Promotion: each region's draw of recruits to vacant posts.
    pub recruits: Vec<ByEducation>,
    /// The party: each region's draw of candidates for admission.
    pub admissions: Vec<ByEducation>,
    /// Room reused by the handlers of events (a confession's names, an officer's network), so
    /// that an event allocates nothing once the run has warmed up.
    pub reuse: Reuse,
}

/// Vectors a handler takes (`std::mem::take`), fills, reads and puts back. A handler that finds
/// one taken (by a handler it was called from) gets an empty one and allocates: slower, never
/// wrong.
#[derive(Debug, Default)]
pub struct Reuse {
    /// People: the named, a network.
    pub people: Vec<PersonId>,
    /// Positions drawn in a circle.
    pub positions: Vec<usize>,
    /// A second list of people, merged into from `people`.
    pub merged: Vec<PersonId>,
}
