//! Regional NKVD chiefs ask the centre for higher limits of order 00447, and the centre answers.
//!
//! A chief's pressure to ask is the share of his current limit already used, plus what his own
//! region produces: the arrests by naming of the last month (the "organisations" that
//! confessions uncovered) and the denunciations of the last month, each as a share of the
//! region's initial limit, plus the danger of being purged for "insufficient vigilance" while a
//! purge of the NKVD runs (archival-record s.9: chiefs competed to over-fulfil and asked for
//! more; failing to find enemies was itself suspicious). He asks once the pressure reaches
//! `request_threshold_share`, at most every `request_interval_days`.
//!
//! The centre grants with its chance of the year, moved by its threat (log-odds,
//! `threat.grant_threat_slope`), and sizes the raise by its response to the threat
//! ([`crate::processes::timeline::Policy::centre_factor`]). With the local weights at 0 and the
//! slope at 0, requests follow the limits alone: the centre's story. The weights free them to
//! follow the region: the story of pressure from below, and of the snowball.

use chistka_engine::streams::Rng;
use rand::Rng as _;

use crate::params::QuotaParams;
use crate::processes::quota::increase;
use crate::world::World;

/// A chief's pressure to ask for more in region `r` today.
pub fn pressure(w: &World, r: usize, q: &QuotaParams) -> f64 {
    let s = &w.state.quota;
    let total = s.limit[r][0] + s.limit[r][1];
    let initial = s.initial[r][0] + s.initial[r][1];
    if total <= 0.0 || initial <= 0.0 {
        return 0.0;
    }
    let policy = &w.state.policy;
    let local = |v: &[f64]| v.get(r).copied().unwrap_or(0.0) / initial;
    let danger = if policy.purges.is_empty() { 0.0 } else { 1.0 };
    s.arrested[r] / total
        + q.request_weight_named * local(&policy.local_named)
        + q.request_weight_denunciations * local(&policy.local_denounced)
        + q.request_weight_danger * danger
}

/// Region `r`'s chief asks for more if his pressure is high enough and his last request is old
/// enough; the centre may grant it. Draws from the quota's stream of the day.
pub fn consider(w: &mut World, r: usize, q: &QuotaParams, rng: &mut Rng) {
    let s = &w.state.quota;
    let due = s.last_request[r].is_none_or(|d| w.today.since(d) >= q.request_interval_days);
    if !due || s.limit[r][0] + s.limit[r][1] <= 0.0 {
        return;
    }
    if pressure(w, r, q) < q.request_threshold_share.get() {
        return;
    }
    let year = w.today.year();
    let at_reference = q
        .grant_probability_by_year
        .as_ref()
        .map_or(q.grant_probability.get(), |t| t.at(year));
    let policy = &w.state.policy;
    let grant = policy.grant_chance(&w.params.threat, at_reference);
    let factor = policy.centre_factor(&w.params.threat);
    let s = &mut w.state.quota;
    s.last_request[r] = Some(w.today);
    s.requests[r] += 1;
    if rng.random::<f64>() < grant {
        let add = increase(
            q,
            s.initial[r],
            q.increase_share_of_initial_limit * factor,
            year,
        );
        for (limit, add) in s.limit[r].iter_mut().zip(add) {
            *limit += add;
        }
        s.grants[r] += 1;
        s.granted.push((w.today, r as u16));
    }
}
