//! The seed's claims about the promoted generation as summary keys, for a run with a long run
//! (the share of the 1941 party who joined since 1938 is `party_1941_joined_since_1938_share`,
//! which every run has). For each layer:
//!
//! - `cohort_1937_39_share_{layer}`: the share of the holders promoted in 1937-39, by year (on
//!   1 January);
//! - `cohort_1937_39_peak_share_{layer}` and `cohort_1937_39_peak_year_{layer}`: its highest
//!   share on a 1 January, and the year (the first, if tied);
//! - `cohort_1937_39_below_half_year_{layer}`: if the peak was a majority, the first 1 January
//!   after it on which the share is below one half (absent if it never was a majority, or never
//!   falls below);
//! - `longrun_mean_age_{layer}`, `longrun_share_born_1901_1920_{layer}`,
//!   `longrun_share_worker_peasant_technical_{layer}`, `longrun_holders_{layer}` and
//!   `longrun_places_{layer}`, by year;
//!
//! and `longrun_party_members`, members and candidates on 1 January, by year.

use std::collections::BTreeMap;

use crate::summary::Value;
use crate::world::World;

/// Adds the keys to a run's summary.
pub fn add(w: &World, out: &mut BTreeMap<String, Value>) {
    let Some(long) = &w.longrun else {
        return;
    };
    // 1 January rows only, by year.
    let jan1 = |d: chistka_engine::calendar::Day| d.date().month() == 1 && d.date().day() == 1;
    for layer in super::Layer::ALL
        .map(super::Layer::name)
        .into_iter()
        .chain(["all_nomenklatura"])
    {
        let rows: Vec<_> = long
            .layers
            .iter()
            .filter(|r| r.layer == layer && jan1(r.date))
            .collect();
        let by_year = |f: &dyn Fn(&super::LayerRow) -> f64| -> Value {
            Value::Table(
                rows.iter()
                    .map(|r| (r.date.year().to_string(), f(r)))
                    .collect(),
            )
        };
        out.insert(
            format!("cohort_1937_39_share_{layer}"),
            by_year(&|r| r.share_promoted_1937_39),
        );
        out.insert(
            format!("longrun_mean_age_{layer}"),
            by_year(&|r| r.mean_age),
        );
        out.insert(
            format!("longrun_share_born_1901_1920_{layer}"),
            by_year(&|r| r.share_born_1901_1920),
        );
        out.insert(
            format!("longrun_share_worker_peasant_technical_{layer}"),
            by_year(&|r| r.share_worker_peasant_technical),
        );
        out.insert(format!("longrun_holders_{layer}"), by_year(&|r| r.holders));
        out.insert(format!("longrun_places_{layer}"), by_year(&|r| r.places));
        let peak = rows
            .iter()
            .enumerate()
            .max_by(|a, b| {
                a.1.share_promoted_1937_39
                    .total_cmp(&b.1.share_promoted_1937_39)
                    .then(b.0.cmp(&a.0))
            })
            .map_or(0, |(i, _)| i);
        if let Some(top) = rows.get(peak) {
            out.insert(
                format!("cohort_1937_39_peak_share_{layer}"),
                Value::Number(top.share_promoted_1937_39),
            );
            out.insert(
                format!("cohort_1937_39_peak_year_{layer}"),
                Value::Number(f64::from(top.date.year())),
            );
        }
        // Only a share that was a majority can fall below one half.
        if let Some(r) = rows
            .get(peak)
            .filter(|r| r.share_promoted_1937_39 >= 0.5)
            .and_then(|_| rows[peak..].iter().find(|r| r.share_promoted_1937_39 < 0.5))
        {
            out.insert(
                format!("cohort_1937_39_below_half_year_{layer}"),
                Value::Number(f64::from(r.date.year())),
            );
        }
    }
    out.insert(
        "longrun_party_members".into(),
        Value::Table(
            long.party
                .iter()
                .filter(|r| jan1(r.date))
                .map(|r| (r.date.year().to_string(), r.total))
                .collect(),
        ),
    );
}
