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
