//! The centre's response to its threat and the regional chiefs' requests (processes/requests.rs):
//! the volumes follow the threat continuously, without a gate, and the chiefs ask for more as
//! their regions' own pressure rises. Common random numbers: each pair differs in one parameter.

use chistka_model::ledger::Cause;
use chistka_model::params::{Happening, Params, Probability};
use chistka_model::processes::requests;
use chistka_model::sim::{Quiet, RunOptions, execute};
use chistka_model::world::World;

fn world(edit: impl FnOnce(&mut Params), seed: u64) -> World {
    let mut params = chistka_scenario::embedded("great-purge").unwrap().params;
    edit(&mut params);
    execute(params, RunOptions { scale: 0.001, seed }, &mut Quiet)
}

fn arrests(w: &World, cause: Cause) -> usize {
    w.ledger.arrests.iter().filter(|a| a.cause == cause).count()
}

fn limits(w: &World) -> f64 {
    w.state.quota.limit.iter().map(|l| l[0] + l[1]).sum()
}

fn initial(w: &World) -> f64 {
    w.state.quota.initial.iter().map(|l| l[0] + l[1]).sum()
}

fn requests_made(w: &World) -> usize {
    w.state.quota.requests.iter().sum::<u32>() as usize
}

/// No grants and no general raise: the limits stay what the order set.
fn no_raises(p: &mut Params) {
    p.quota.grant_probability_by_year = None;
    p.quota.grant_probability = Probability::new(0.0).unwrap();
    for e in p.timeline.values_mut() {
        if matches!(e.what, Happening::LimitIncrease { .. }) {
            e.enabled = false;
        }
    }
}

#[test]
fn without_the_threat_the_orders_still_come_but_smaller() {
    let on = world(|_| {}, 41);
    let off = world(|p| p.threat.enabled = false, 41);
    // No gate: the orders are issued on their dates either way.
    assert_eq!(off.state.policy.quota_issued, on.state.policy.quota_issued);
    assert!(off.state.policy.national_issued.iter().all(Option::is_some));
    // The threat stays at its initial level, and the centre's volumes scale by
    // (initial / order_reference) ^ elasticity.
    let t = &off.params.threat;
    let expected = (t.initial / t.order_reference).powf(t.limit_elasticity);
    assert!((off.state.policy.quota_factor - expected).abs() < 1e-12);
    assert!(on.state.policy.quota_factor > 5.0 * off.state.policy.quota_factor);
    assert!(
        arrests(&off, Cause::Quota) * 3 < arrests(&on, Cause::Quota),
        "{} vs {}",
        arrests(&off, Cause::Quota),
        arrests(&on, Cause::Quota)
    );
    assert!(arrests(&off, Cause::National) * 3 < arrests(&on, Cause::National));
}

#[test]
fn with_elasticity_zero_the_volumes_do_not_follow_the_threat() {
    let w = world(|p| p.threat.limit_elasticity = 0.0, 42);
    assert_eq!(w.state.policy.quota_factor, 1.0);
    assert!(w.state.policy.national_factor.iter().all(|&f| f == 1.0));
    assert!(!w.state.quota.granted.is_empty());
    assert!(limits(&w) > initial(&w));
}

#[test]
fn the_limits_are_the_records_times_the_centres_response_on_the_day_of_the_order() {
    let w = world(no_raises, 43);
    let f = w.state.policy.quota_factor;
    assert!(f > 0.5 && f < 2.0, "{f}");
    assert!((limits(&w) - f * initial(&w)).abs() < 1e-6 * initial(&w));
    // Twice the reference at elasticity 1: about half the limits (the threat's path moves a
    // little, through the lists, which follow it too).
    let doubled = world(
        |p| {
            no_raises(p);
            p.threat.order_reference *= 2.0;
        },
        43,
    );
    let ratio = doubled.state.policy.quota_factor / f;
    assert!((ratio - 0.5).abs() < 0.05, "{ratio}");
    assert!(arrests(&doubled, Cause::Quota) < arrests(&w, Cause::Quota));
}

#[test]
fn local_pressure_makes_chiefs_ask_sooner_and_more_often() {
    let limits_only = world(|_| {}, 44);
    let pressed = world(|p| p.quota.request_weight_named = 20.0, 44);
    assert!(
        requests_made(&pressed) > requests_made(&limits_only),
        "{} vs {}",
        requests_made(&pressed),
        requests_made(&limits_only)
    );
}

#[test]
fn the_danger_of_a_purge_adds_its_weight_to_every_chiefs_pressure() {
    // At the default, chiefs already ask as often as they may once their limits fill, so the
    // count of requests cannot show it: the pressure itself is checked.
    let mut w = world(|p| p.quota.request_weight_danger = 0.7, 44);
    let q = w.params.quota.clone();
    let calm: Vec<f64> = (0..w.regions.len())
        .map(|r| requests::pressure(&w, r, &q))
        .collect();
    assert!(calm.iter().any(|&x| x > 0.0));
    w.state.policy.purges.push((w.today, 0.01, 0));
    for (r, before) in calm.iter().enumerate() {
        let total = w.state.quota.limit[r][0] + w.state.quota.limit[r][1];
        let expected = if total > 0.0 { before + 0.7 } else { 0.0 };
        assert!((requests::pressure(&w, r, &q) - expected).abs() < 1e-12);
    }
}

#[test]
fn the_centres_fear_moves_its_grants() {
    // The threat always above a reference of 1, volumes fixed (elasticity 0): a steep positive
    // slope grants every request, a steep negative one none.
    let edit = |slope: f64| {
        move |p: &mut Params| {
            p.threat.order_reference = 1.0;
            p.threat.limit_elasticity = 0.0;
            p.threat.grant_threat_slope = slope;
        }
    };
    let eager = world(edit(50.0), 45);
    let grudging = world(edit(-50.0), 45);
    assert!(requests_made(&eager) > 0 && requests_made(&grudging) > 0);
    assert_eq!(eager.state.quota.granted.len(), requests_made(&eager));
    assert_eq!(grudging.state.quota.granted.len(), 0);
}
