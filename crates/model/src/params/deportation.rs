//! Deportations by decree: whole groups removed from their homes to special settlements without
//! arrest or case, such as the Koreans of the Far East (Sovnarkom and Central Committee decree
//! No. 1428-326ss of 21 August 1937) and the Poles and Germans of the Ukrainian border zone
//! (Sovnarkom decree of 28 April 1936).

use chistka_engine::calendar::Day;

use super::PoolPart;

/// The deportations by decree.
#[derive(Debug, Clone)]
pub struct DeportationParams {
    /// Switch.
    pub enabled: bool,
    /// The removals, in the order of the scenario (the index is each deportation's record).
    pub removals: Vec<Removal>,
}

/// One removal: its group is deported, spread evenly over the days from `start` to `end`.
#[derive(Debug, Clone)]
pub struct Removal {
    /// Name, e.g. "koreans".
    pub name: String,
    /// The decree, e.g. "1428-326ss".
    pub decree: String,
    /// First day of the removal.
    pub start: Day,
    /// Last day: everyone of the group still at liberty is gone by then.
    pub end: Day,
    /// The group: people of every age (families went together) in one of the parts, each part
    /// taking its share.
    pub group: Vec<PoolPart>,
}
