//! The national operations, line by line: each NKVD order (German 00439, Polish 00485, Harbin
//! 00593, and the Latvian, Finnish, Estonian, Romanian, Greek, Afghan, Iranian and Chinese
//! directives) with its dates, its own pool of suspects and the share of its convicted who were
//! shot; and the procedure that judged them (the "album": a local dvoika's proposal approved in
//! Moscow by the Commission of the NKVD chief and the Procurator; from September 1938 the special
//! troikas).

use chistka_engine::calendar::Day;

use super::{MeanDays, Probability};

/// The national operations and their sentencing procedure.
#[derive(Debug, Clone)]
pub struct NationalParams {
    /// Switch.
    pub enabled: bool,
    /// Mean days from a local dvoika's proposal to the Commission's approval in Moscow (the album
    /// waited there; the approved sentence is recorded on the Commission's day).
    pub album_review_days_mean: MeanDays,
    /// Mean days from the transfer of a pending album case to a special troika (or from the
    /// dvoika's stage, for a case reaching it after the transfer) to the troika's sentence.
    pub special_troika_days_mean: MeanDays,
    /// The lines, in the order of the scenario (the index is the operation's source id).
    pub operations: Vec<NationalOperation>,
}

/// One line of the national operations.
#[derive(Debug, Clone)]
pub struct NationalOperation {
    /// Name, e.g. "polish".
    pub name: String,
    /// The NKVD order or directive, e.g. "00485".
    pub order: String,
    /// Day it starts (its order is issued then, or once the threat reaches a positive
    /// `threat.order_threshold`).
    pub start: Day,
    /// Who the line's suspects were: a union of parts, each a group of the population.
    pub pool: Vec<PoolPart>,
    /// Arrests per 1,000 adults of the pool per month while the line runs.
    pub arrests_per_1000_per_month: f64,
    /// Share of the line's convicted who were shot (the dvoika's first category).
    pub execution_share: Probability,
    /// Share of the line's convicted not shot who were deported rather than sent to camp.
    pub deportation_share: Probability,
}

/// A group of adults in a line's pool: those of a nationality, optionally only in some regions,
/// only in towns or villages, only those on the registers (kartoteka), each taken with `share`.
#[derive(Debug, Clone)]
pub struct PoolPart {
    /// Nationality (a name of data/population.csv).
    pub nationality: String,
    /// Region codes of data/regions.csv (empty: every region).
    pub regions: Vec<String>,
    /// Only town (true) or village (false) dwellers; None: both.
    pub urban: Option<bool>,
    /// Only those on the registers (former kulaks, clergy, "former people", former members of
    /// other parties, people with a criminal record, expelled party members).
    pub registered: bool,
    /// Share of the group drawn into the pool (once, when the world is built).
    pub share: Probability,
    /// Share of the group's women drawn, after `share`: the orders named contingents of men
    /// (defectors, prisoners of war, emigres, foreign citizens at defence plants), while a
    /// deportation took whole families (1).
    pub women_share: Probability,
}
