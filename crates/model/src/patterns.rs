//! The figures that separate the explanations of the terror (issue "The explanations as rival
//! hypotheses"): not the totals, which every explanation can be fitted to, but their pattern.
//!
//! - the monthly shape around the orders and the halt: arrests in August 1937 over July 1937
//!   (a step at the orders, or smooth growth), December 1938 over October 1938 and 1939 over
//!   1938 (how fast arrests fell after the halt of 17 November 1938);
//! - the progress of order 00447 (archival-record s.4): arrested by 15 August, 1 September and
//!   30 September 1937 (the operation started on 5 August: a step, or a slow build-up), and the
//!   troikas' sentences and executions by 30 September 1937 and 1 January 1938, arrested by
//!   1 November 1938; all arrests of July-October 1938 (the slowdown before the halt);
//! - the regional chiefs' requests for higher limits of order 00447 and the centre's grants, by
//!   year, the share of requests granted, and the spread of the regions' final sentences over their initial limits;
//! - the share of the arrests of 1937-38 opened by a denunciation: directly, and through the
//!   group case that a denunciation started.
//!
//! All are full-scale equivalents; ratios of two flows are independent of scale.

use std::collections::BTreeMap;

use chistka_engine::calendar::Day;

use crate::ledger::{Cause, Channel, Flow, Verdict};
use crate::summary::Value;
use crate::world::World;

/// Sum of a flow over the days for which `when` holds.
fn flow_when(w: &World, flow: Flow, when: impl Fn(Day) -> bool) -> f64 {
    (0..w.ledger.days())
        .filter(|&d| when(Day(w.params.start.0 + d as u16)))
        .map(|d| w.ledger.flow(d, flow))
        .sum()
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { f64::NAN }
}

/// Adds the pattern figures to a run's summary.
pub fn add(w: &World, out: &mut BTreeMap<String, Value>) {
    let mut num = |k: &str, v: f64| {
        out.insert(k.to_string(), Value::Number(v));
    };
    let month = |y: i16, m: i8| flow_when(w, Flow::Arrests, |d| d.year() == y && d.month() == m);
    let year = |y: i16| flow_when(w, Flow::Arrests, |d| d.year() == y);
    num(
        "arrests_aug_1937_over_jul_1937",
        ratio(month(1937, 8), month(1937, 7)),
    );
    num(
        "arrests_dec_1938_over_oct_1938",
        ratio(month(1938, 12), month(1938, 10)),
    );
    num("arrests_1939_over_1938", ratio(year(1939), year(1938)));

    // Order 00447's progress: arrests under the order and in the group cases its arrests
    // started; the troikas' sentences.
    let quota_case = |a: &crate::ledger::Arrest| {
        a.cause == Cause::Quota
            || w.ledger
                .arrests
                .get(a.group as usize)
                .is_some_and(|r| r.cause == Cause::Quota)
    };
    let arrested_by = |y: i16, m: i8, d: i8| {
        let Ok(day) = Day::from_ymd(y, m, d) else {
            return f64::NAN;
        };
        w.ledger
            .arrests
            .iter()
            .filter(|a| a.day <= day && quota_case(a))
            .map(|a| w.weight(a.person))
            .sum::<f64>()
    };
    num(
        "order_00447_arrested_by_1937_08_15",
        arrested_by(1937, 8, 15),
    );
    num(
        "order_00447_arrested_by_1937_09_01",
        arrested_by(1937, 9, 1),
    );
    num(
        "order_00447_arrested_by_1937_09_30",
        arrested_by(1937, 9, 30),
    );
    num(
        "order_00447_arrested_by_1938_11_01",
        arrested_by(1938, 11, 1),
    );
    let sentenced_by = |y: i16, m: i8, d: i8| {
        let Ok(day) = Day::from_ymd(y, m, d) else {
            return [f64::NAN; 2];
        };
        let mut out = [0.0; 2];
        for s in &w.ledger.sentences {
            if s.day <= day && s.channel == Channel::Troika && s.verdict != Verdict::Release {
                out[0] += w.weight(s.person);
                if s.verdict == Verdict::Execution {
                    out[1] += w.weight(s.person);
                }
            }
        }
        out
    };
    let [sentenced, shot] = sentenced_by(1937, 9, 30);
    num("order_00447_sentenced_by_1937_09_30", sentenced);
    num("order_00447_executed_by_1937_09_30", shot);
    let [sentenced, shot] = sentenced_by(1937, 12, 31);
    num("order_00447_sentenced_by_1938_01_01", sentenced);
    num("order_00447_executed_by_1938_01_01", shot);
    // All arrests from 1 July to 31 October 1938: the slowdown before the halt.
    num(
        "arrests_jul_oct_1938",
        flow_when(w, Flow::Arrests, |d| {
            d.year() == 1938 && (7..=10).contains(&d.month())
        }),
    );

    let q = &w.state.quota;
    num(
        "quota_requests",
        q.requests.iter().map(|&n| f64::from(n)).sum(),
    );
    let grants_in = |y: i16| q.granted.iter().filter(|(d, _)| d.year() == y).count() as f64;
    num("quota_grants", q.granted.len() as f64);
    num(
        "quota_grant_share",
        ratio(
            q.granted.len() as f64,
            q.requests.iter().map(|&n| f64::from(n)).sum(),
        ),
    );
    num("quota_grants_1937", grants_in(1937));
    num("quota_grants_1938", grants_in(1938));
    num(
        "quota_regions_granted",
        q.grants.iter().filter(|&&n| n > 0).count() as f64,
    );
    // Final sentences over the initial limit, region by region: the spread (max over min) of
    // the regions that had a limit.
    let fulfilment: Vec<f64> = q
        .initial
        .iter()
        .zip(&q.used)
        .filter(|(i, _)| i[0] + i[1] > 0.0)
        .map(|(i, u)| (u[0] + u[1]) / (i[0] + i[1]))
        .collect();
    let (lo, hi) = fulfilment
        .iter()
        .fold((f64::INFINITY, 0.0f64), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        });
    num("quota_fulfilment_max_over_min", ratio(hi, lo));

    // Arrests of 1937-38 opened by a denunciation: the arrest itself, or its group case.
    let (mut all, mut direct, mut opened) = (0.0, 0.0, 0.0);
    for a in &w.ledger.arrests {
        if !(1937..=1938).contains(&a.day.year()) {
            continue;
        }
        let weight = w.weight(a.person);
        all += weight;
        if a.cause == Cause::Denunciation {
            direct += weight;
        }
        let root = w
            .ledger
            .arrests
            .get(a.group as usize)
            .map_or(a.cause, |r| r.cause);
        if root == Cause::Denunciation {
            opened += weight;
        }
    }
    num(
        "denunciation_share_of_arrests_1937_1938",
        ratio(direct, all),
    );
    num(
        "denunciation_opened_share_of_arrests_1937_1938",
        ratio(opened, all),
    );
}
