//! The long run's tables: `longrun.csv` (the layers of the elite by date) and
//! `longrun_party.csv` (the party by period of joining), written only by a run that goes past
//! 22 June 1941.

use chistka_model::longrun::{LongRun, party::PERIODS};
use chistka_model::world::World;

use crate::Table;

/// The layers, in the order of the columns.
pub const LAYERS: [&str; 8] = [
    "politburo",
    "central_committee",
    "first_secretaries",
    "ministers",
    "high_command",
    "lower_nomenklatura",
    "officer_corps",
    "all_nomenklatura",
];

/// The measures of each layer, in the order of the columns (`{layer}_{measure}`).
pub const MEASURES: [&str; 7] = [
    "places",
    "holders",
    "cohort_1937_39",
    "share_promoted_1937_39",
    "mean_age",
    "share_worker_peasant_technical",
    "share_born_1901_1920",
];

/// `longrun.csv`: one row a date (22 June 1941, then 1 January of each year, then the last
/// day), for each layer its places, holders, holders promoted in 1937-39 and their share, mean
/// age, the share of workers' or peasants' children with technical education, and the share
/// born in 1901-1920.
pub fn layers(long: &LongRun) -> Table {
    let mut columns = vec!["date".to_string()];
    for layer in LAYERS {
        for m in MEASURES {
            columns.push(format!("{layer}_{m}"));
        }
    }
    let mut rows = Vec::new();
    let mut dates: Vec<_> = long.layers.iter().map(|r| r.date).collect();
    dates.dedup();
    for date in dates {
        let mut values = Vec::with_capacity(columns.len() - 1);
        for layer in LAYERS {
            let r = long.row(layer, date);
            values.extend(r.map_or([f64::NAN; 7], |r| {
                [
                    r.places,
                    r.holders,
                    r.cohort_1937_39,
                    r.share_promoted_1937_39,
                    r.mean_age,
                    r.share_worker_peasant_technical,
                    r.share_born_1901_1920,
                ]
            }));
        }
        rows.push((date.to_string(), values));
    }
    Table { columns, rows }
}

/// `longrun_party.csv`: members and candidates on each date, by period of joining, and all.
pub fn party(long: &LongRun) -> Table {
    let mut columns = vec!["date".to_string()];
    columns.extend(PERIODS.iter().map(|p| p.0.to_string()));
    columns.push("members".into());
    let rows = long
        .party
        .iter()
        .map(|r| {
            let mut v = r.by_period.clone();
            v.push(r.total);
            (r.date.to_string(), v)
        })
        .collect();
    Table { columns, rows }
}

/// Both tables of `world`'s long run, by file stem; none without one.
pub fn tables(world: &World) -> Vec<(&'static str, Table)> {
    world
        .longrun
        .as_ref()
        .map(|l| vec![("longrun", layers(l)), ("longrun_party", party(l))])
        .unwrap_or_default()
}
