//! The seed's claims about the promoted generation as summary keys:
//!
//! - `party_1941_joined_since_1938_share`: the share of the party (members and candidates at
//!   liberty) on the daily model's last day who joined in 1938 or later. Every run has it.
//! - With a long run, for each layer: `cohort_1937_39_share_{layer}` (by year, on 1 January),
//!   `cohort_1937_39_below_half_year_{layer}` (the first 1 January from the share's peak on at
//!   which it is below one half; absent if it never is), `longrun_mean_age_{layer}`,
//!   `longrun_holders_{layer}` and `longrun_places_{layer}` (by year), and
//!   `longrun_party_members` (members and candidates on 1 January, by year).

use std::collections::BTreeMap;

use crate::people::PartyStatus;
use crate::summary::Value;
use crate::world::World;

/// Adds the keys to a run's summary.
pub fn add(w: &World, out: &mut BTreeMap<String, Value>) {
    let (mut all, mut recent) = (0.0, 0.0);
    for p in 0..w.people.len() as u32 {
        if matches!(
            w.people.party(p),
            PartyStatus::Member | PartyStatus::Candidate
        ) && w.people.at_liberty(p)
        {
            let weight = w.weight(p);
            all += weight;
            if 1880 + i32::from(w.people.party_year[p as usize]) >= 1938 {
                recent += weight;
            }
        }
    }
    out.insert(
        "party_1941_joined_since_1938_share".into(),
        Value::Number(if all > 0.0 { recent / all } else { 0.0 }),
    );
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
        if let Some(r) = rows[peak..].iter().find(|r| r.share_promoted_1937_39 < 0.5) {
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
