//! The model through its library: invariants of the event log and common random numbers.

use std::collections::HashMap;

use chistka_model::ledger::{Cause, Flow, Stock, Verdict};
use chistka_model::people::Status;
use chistka_model::sim::{Quiet, RunOptions, run};
use chistka_model::world::World;

fn world(edit: impl FnOnce(&mut chistka_model::params::Params), seed: u64) -> World {
    let mut params = chistka_scenario::embedded("great-purge").unwrap().params;
    edit(&mut params);
    run(params, RunOptions { scale: 0.001, seed }, &mut Quiet).unwrap()
}

#[test]
fn nobody_is_executed_twice_or_arrested_after_death() {
    let w = world(|_| {}, 3);
    let mut dead: HashMap<u32, u16> = HashMap::new();
    for s in w
        .ledger
        .sentences
        .iter()
        .filter(|s| s.verdict == Verdict::Execution)
    {
        assert!(
            dead.insert(s.person, s.day.0).is_none(),
            "person {} executed twice",
            s.person
        );
    }
    for a in &w.ledger.arrests {
        if let Some(&d) = dead.get(&a.person) {
            assert!(a.day.0 < d, "person {} arrested after execution", a.person);
        }
    }
    for (p, &status) in w.people.status.iter().enumerate() {
        if status == Status::Executed as u8 {
            assert!(
                dead.contains_key(&(p as u32)),
                "executed without a sentence"
            );
        }
    }
}

#[test]
fn every_arrest_has_a_cause_and_named_arrests_a_source() {
    let w = world(|_| {}, 4);
    assert!(!w.ledger.arrests.is_empty());
    for a in &w.ledger.arrests {
        if a.cause == Cause::Named {
            assert!(
                (a.source as usize) < w.people.len(),
                "named arrest without an accuser"
            );
            assert!(
                w.ledger
                    .accusations
                    .iter()
                    .any(|x| x.accuser == a.source && x.accused == a.person),
                "named arrest without the accusation behind it"
            );
        }
    }
}

#[test]
fn camp_stock_equals_inflow_minus_outflow() {
    let w = world(|_| {}, 5);
    let days = w.ledger.days();
    let start = w.ledger.stock(0, Stock::CampPopulation);
    let end = w.ledger.stock(days - 1, Stock::CampPopulation);
    // Flows of the last day happen after its stock is observed.
    let sum = |f: Flow| (0..days - 1).map(|d| w.ledger.flow(d, f)).sum::<f64>();
    let inflow = sum(Flow::CampSentences) + sum(Flow::CriminalConvictions);
    let camp_releases: f64 = {
        // Releases also include people freed without sentence and at the end of exile: count
        // camp exits from the log instead.
        let stock_change = end - start;
        inflow - sum(Flow::DeathsInCustody) - stock_change
    };
    assert!(camp_releases >= 0.0);
    assert!(
        camp_releases <= sum(Flow::Releases) + 1e-6,
        "camp releases are among all releases"
    );
    // And the running stock matches the people table at the end.
    let in_camp = (0..w.people.len() as u32)
        .filter(|&p| w.people.status(p) == Status::InCamp)
        .map(|p| w.weight(p))
        .sum::<f64>();
    let last = w.stocks.camp;
    assert!(
        (in_camp - last).abs() < 1e-3 * last.max(1.0),
        "stock {last} vs people in camp {in_camp}"
    );
}

#[test]
fn population_is_conserved() {
    let w = world(|_| {}, 6);
    let counted: usize = Status::ALL
        .iter()
        .map(|&s| w.people.status.iter().filter(|&&x| x == s as u8).count())
        .sum();
    assert_eq!(counted, w.people.len());
}

/// Index of the first day two series differ, if any (short failure messages).
fn first_difference(a: &[f64], b: &[f64]) -> Option<usize> {
    a.iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .or((a.len() != b.len()).then_some(a.len().min(b.len())))
}

#[test]
fn switching_interrogation_off_leaves_ordinary_policing_draws_unchanged() {
    // The threat couples the processes (named arrests raise it, it raises routine policing), so
    // hold it fixed to see the streams themselves.
    let on = world(|p| p.threat.enabled = false, 7);
    let off = world(
        |p| {
            p.threat.enabled = false;
            p.interrogation.enabled = false;
        },
        7,
    );
    let ordinary = |w: &World| {
        (0..w.ledger.days())
            .map(|d| w.ledger.cause(d, Cause::Ordinary))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        first_difference(&ordinary(&on), &ordinary(&off)),
        None,
        "same ordinary arrests day by day"
    );
    let named = |w: &World| {
        w.ledger
            .arrests
            .iter()
            .filter(|a| a.cause == Cause::Named)
            .count()
    };
    assert!(named(&on) > 0);
    assert_eq!(named(&off), 0);
    let criminal = |w: &World| {
        (0..w.ledger.days())
            .map(|d| w.ledger.flow(d, Flow::CriminalConvictions))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        first_difference(&criminal(&on), &criminal(&off)),
        None,
        "the courts' inflow is untouched too"
    );
}

#[test]
fn torture_raises_arrests_by_naming() {
    let with = world(|_| {}, 8);
    let without = world(|p| p.interrogation.torture_from = None, 8);
    let named = |w: &World| {
        w.ledger
            .arrests
            .iter()
            .filter(|a| a.cause == Cause::Named)
            .count()
    };
    assert!(
        named(&with) > named(&without),
        "{} vs {}",
        named(&with),
        named(&without)
    );
}

#[test]
fn mass_operations_switched_off_leave_no_quota_or_national_arrests() {
    let w = world(
        |p| {
            p.quota.enabled = false;
            p.national.enabled = false;
        },
        9,
    );
    assert!(
        w.ledger
            .arrests
            .iter()
            .all(|a| !matches!(a.cause, Cause::Quota | Cause::National))
    );
    let on = world(|_| {}, 9);
    let count = |w: &World, c: Cause| w.ledger.arrests.iter().filter(|a| a.cause == c).count();
    assert!(count(&on, Cause::Quota) > 0 && count(&on, Cause::National) > 0);
}

#[test]
fn no_mass_arrest_after_the_halt_and_an_early_halt_arrests_fewer() {
    let w = world(|_| {}, 10);
    let halt = w.params.halt.date;
    assert!(
        w.ledger
            .arrests
            .iter()
            .filter(|a| matches!(a.cause, Cause::Quota | Cause::National))
            .all(|a| a.day < halt),
        "mass operations end with the halt"
    );
    let early = world(|p| p.halt.date = "1937-12-01".parse().unwrap(), 10);
    let quota = |w: &World| {
        w.ledger
            .arrests
            .iter()
            .filter(|a| a.cause == Cause::Quota)
            .count()
    };
    assert!(
        quota(&early) < quota(&w),
        "{} vs {}",
        quota(&early),
        quota(&w)
    );
}

#[test]
fn quota_sentences_respect_the_first_category_limits() {
    let w = world(|_| {}, 11);
    for (r, used) in w.quota.used.iter().enumerate() {
        // One simulated person may overshoot by its weight.
        assert!(
            used[0] <= w.quota.limit[r][0] + w.mass_weight + 1e-6,
            "region {r}: {used:?} vs {:?}",
            w.quota.limit[r]
        );
    }
    let executed = w
        .ledger
        .sentences
        .iter()
        .filter(|s| s.cause == Cause::Quota && s.verdict == Verdict::Execution)
        .count();
    assert!(executed > 0);
}
