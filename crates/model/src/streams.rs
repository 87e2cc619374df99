//! Stream keys: each process draws only from streams keyed by its own constant, so that
//! switching one process off leaves every other process's draws unchanged. Never reuse or
//! renumber a key: that would change published results (see the engine's value-stability test).

/// Building the mass population.
pub const POPULATION: u64 = 1;
/// Building the elite layer.
pub const ELITE: u64 = 2;
/// Building patronage ties.
pub const TIES: u64 = 3;
/// Ordinary policing.
pub const POLICING: u64 = 10;
/// Interrogation and naming.
pub const INTERROGATION: u64 = 11;
/// Arrests of named suspects.
pub const INVESTIGATION: u64 = 12;
/// Sentencing.
pub const SENTENCING: u64 = 13;
/// Camps: the initial stock, exits and the non-political inflow.
pub const CAMPS: u64 = 14;
/// Quota operations.
pub const QUOTA: u64 = 15;
/// National operations.
pub const NATIONAL: u64 = 16;
/// The halt's leniency.
pub const HALT: u64 = 17;
/// Registries.
pub const REGISTRY: u64 = 18;
/// Elite terror from the centre: show trials and Stalin's lists.
pub const CENTRE: u64 = 19;
/// Denunciation.
pub const DENUNCIATION: u64 = 20;
/// The patronage cascade.
pub const PATRONAGE: u64 = 21;
/// Party purges, appeals and admissions.
pub const PARTY: u64 = 22;
/// The purge of the purgers.
pub const PURGERS: u64 = 23;
/// Filling posts.
pub const PROMOTION: u64 = 24;
/// Releases from the camps.
pub const RELEASES: u64 = 25;
/// Order 00486 (wives).
pub const WIVES: u64 = 26;
