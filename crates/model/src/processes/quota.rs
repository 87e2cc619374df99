//! Quota ("limit") operations, after order No. 00447: each region receives a limit of first
//! category (shoot) and second category (camp) sentences, arrests up to a daily operational
//! capacity, drawing on the kartoteka first, and asks the centre for more when its limit runs
//! low; troikas then sentence within the limits.

use chistka_engine::calendar::Day;
use rand::Rng as _;

use crate::census::Census;
use crate::events::Case;
use crate::ledger::{Cause, Channel, Source, Verdict};
use crate::params::QuotaParams;
use crate::people::PersonId;
use crate::processes::{Risk, pick_target, poisson_counts, registry, requests, sentencing};
use crate::streams::Key;
use crate::world::World;

/// Source recorded on quota arrests: the order number.
pub const ORDER_00447: u32 = 447;

/// Limits and their use, per region, in full-scale people.
#[derive(Debug, Clone, Default)]
pub struct QuotaState {
    /// Initial limits [first, second].
    pub initial: Vec<[f64; 2]>,
    /// Current limits.
    pub limit: Vec<[f64; 2]>,
    /// Sentences passed [first, second].
    pub used: Vec<[f64; 2]>,
    /// Arrests made.
    pub arrested: Vec<f64>,
    /// Cases of the order closed without the troika's sentence (deaths in prison).
    pub closed: Vec<f64>,
    /// Day of the last request for more.
    pub last_request: Vec<Option<Day>>,
    /// Requests for more made, by region.
    pub requests: Vec<u32>,
    /// Requests granted, by region.
    pub grants: Vec<u32>,
    /// Each grant: its day and region, in order.
    pub granted: Vec<(Day, u16)>,
}

impl QuotaState {
    /// Initial limits: the listed regions' own, the rest of the Union's shared by adults.
    pub fn new(p: &QuotaParams, census: &Census, region_adults: &[f64]) -> Self {
        let unlisted: f64 = census
            .regions
            .iter()
            .zip(region_adults)
            .filter(|(r, _)| !p.limits.contains_key(&r.code))
            .map(|(_, a)| a)
            .sum();
        let initial: Vec<[f64; 2]> = census
            .regions
            .iter()
            .zip(region_adults)
            .map(|(r, a)| match p.limits.get(&r.code) {
                Some(l) => *l,
                None if unlisted > 0.0 => {
                    let share = a / unlisted;
                    [
                        p.limits_rest_of_union[0] * share,
                        p.limits_rest_of_union[1] * share,
                    ]
                }
                None => [0.0, 0.0],
            })
            .collect();
        let n = initial.len();
        QuotaState {
            limit: initial.clone(),
            initial,
            used: vec![[0.0; 2]; n],
            arrested: vec![0.0; n],
            closed: vec![0.0; n],
            last_request: vec![None; n],
            requests: vec![0; n],
            grants: vec![0; n],
            granted: Vec::new(),
        }
    }
}

/// True while an order issued on `issued` runs (until the halt).
pub fn running(w: &World, issued: Option<Day>) -> bool {
    issued.is_some_and(|d| w.today >= d)
        && !(w.params.halt.enabled && w.today >= w.params.halt.date)
}

/// Today's quota arrests and requests for higher limits.
pub fn daily(w: &mut World) {
    let params = std::sync::Arc::clone(&w.params);
    let q = &params.quota;
    if !q.enabled || !running(w, w.state.policy.quota_issued) {
        return;
    }
    let mut rng = w.streams.stream2(Key::Quota.id(), u64::from(w.today.0));
    let s = &w.state.quota;
    // The rates are read as they are drawn (no vector a day); none of them draws.
    let rates = (0..s.limit.len()).map(|r| {
        let total = s.limit[r][0] + s.limit[r][1];
        // Regions competed to over-fulfil their limits (s.9): they arrest up to a share
        // beyond them before permission; the troikas still sentence within the limits.
        let room = (total * (1.0 + q.overfulfilment_share.get()) - s.arrested[r]).max(0.0);
        let free_staff = staff_room(w, q, r).unwrap_or(f64::INFINITY);
        (q.daily_capacity_share_of_limit * total)
            .min(room)
            .min(free_staff)
            / w.mass_weight
    });
    let counts = poisson_counts(&mut rng, rates);
    let delay_mean = w.params.interrogation.days_to_interrogation_mean;
    let mut scratch: Vec<PersonId> = Vec::new();
    for (r, n) in counts.into_iter().enumerate() {
        for _ in 0..n {
            // The kartoteka first, then the ties of those arrested; without registries, by risk.
            let (p, group) = if w.params.registries.enabled {
                let Some((p, via)) = registry::pick(w, r, &mut rng, &mut scratch) else {
                    break;
                };
                let group = w.open_cases.get(&via).map(|c| c.group);
                (p, group)
            } else {
                let Some(p) = pick_target(w, r, w.risk_draws.get(Risk::Quota), &mut rng) else {
                    break;
                };
                (p, None)
            };
            let delay = delay_mean.sample(&mut rng);
            if w.arrest_in(p, Cause::Quota, Source::Order(ORDER_00447), group, delay) {
                w.state.quota.arrested[r] += w.weight(p);
            }
        }
        requests::consider(w, r, q, &mut rng);
    }
}

/// The order's arrests region `r`'s operatives can still take on today (full-scale people):
/// its share of the NKVD's operational staff (by adults), times the open cases an operative can
/// carry, less the cases of the order it has open (arrested, not yet sentenced by the troika).
/// The same operatives arrested and investigated: a region that has arrested up to what its
/// staff can carry must wait for the troika to clear cases before it takes more. None when the
/// scenario does not bound the order by staff (`staff_bound` off).
pub fn staff_room(w: &World, q: &QuotaParams, r: usize) -> Option<f64> {
    if !q.staff_bound {
        return None;
    }
    let (staff, per) = (q.operational_staff, q.open_cases_per_operative);
    let adults: f64 = w.region_adults.iter().sum();
    if adults <= 0.0 {
        return Some(0.0);
    }
    let s = &w.state.quota;
    let capacity = staff * per * w.region_adults[r] / adults;
    let open = s.arrested[r] - s.used[r][0] - s.used[r][1] - s.closed[r];
    Some((capacity - open).max(0.0))
}

/// Called when `p`, arrested in `case`, died in prison before the troika's sentence: the case
/// no longer occupies the region's operatives.
pub fn on_death_before_sentence(w: &mut World, p: PersonId, case: &Case) {
    if sentencing::channel_of(w, p, case) == Channel::Troika {
        let r = w.people.region[p as usize] as usize;
        let weight = w.weight(p);
        if let Some(x) = w.state.quota.closed.get_mut(r) {
            *x += weight;
        }
    }
}

/// Called on each arrest: an associate arrested in a group case that an arrest under the order
/// started is a case of the operation too, judged by the troika within the limits, so it counts
/// against the region's limit like the arrests from the kartoteka (the order limited the people
/// repressed, however found).
pub fn on_arrest(w: &mut World, p: PersonId, cause: Cause, weight: f64) {
    if cause == Cause::Quota || !running(w, w.state.policy.quota_issued) {
        return;
    }
    let Some(case) = w.open_cases.get(&p) else {
        return;
    };
    let root = w.ledger.arrests.get(case.group as usize).map(|a| a.cause);
    if root == Some(Cause::Quota) && sentencing::channel_of(w, p, &{ *case }) == Channel::Troika {
        let r = w.people.region[p as usize] as usize;
        if let Some(x) = w.state.quota.arrested.get_mut(r) {
            *x += weight;
        }
    }
}

/// A raise of `share` of a region's initial limit in `year`, split between the categories as the
/// initial limit is, or by the first category's share of increases in force (by year when
/// given): the record's final 387,000 shot of 767,000 sentenced is a far higher first-category
/// share than the initial limits' 28%, and the raises of 1938 were mostly for shooting (s.4).
pub fn increase(
    q: &crate::params::QuotaParams,
    initial: [f64; 2],
    share: f64,
    year: i16,
) -> [f64; 2] {
    match q
        .increase_first_category_share_by_year
        .as_ref()
        .map(|t| t.at(year))
    {
        None => [share * initial[0], share * initial[1]],
        Some(first) => {
            let total = share * (initial[0] + initial[1]);
            [first * total, (1.0 - first) * total]
        }
    }
}

/// The troika's sentence on a quota case: first category while the region's first-category limit
/// lasts, in proportion to what is left of each category, the first weighted by its priority.
/// The order put the first category first: "the most dangerous and most hostile" were to be
/// arrested at once and, once their cases were examined by the troikas, shot (Gregory, *Lenin's
/// Brain*, 2008, ch. 5, quoting order 00447).
pub fn sentence(w: &mut World, p: PersonId) {
    let mut rng = w
        .streams
        .stream3(Key::Quota.id(), u64::from(p), u64::from(w.today.0));
    let r = w.people.region[p as usize] as usize;
    let s = &w.state.quota;
    let left1 = (s.limit[r][0] - s.used[r][0]).max(0.0);
    let left2 = (s.limit[r][1] - s.used[r][1]).max(0.0);
    let first_weight = w.params.quota.first_category_priority * left1;
    let first = if first_weight + left2 > 0.0 {
        rng.random::<f64>() < first_weight / (first_weight + left2)
    } else {
        false
    };
    let weight = w.weight(p);
    if first {
        w.state.quota.used[r][0] += weight;
        w.sentence(p, Verdict::Execution, 0, Channel::Troika);
    } else {
        w.state.quota.used[r][1] += weight;
        let term = sentencing::camp_term_by(w, Channel::Troika, &mut rng);
        sentencing::to_camp(w, p, term, Channel::Troika);
    }
}
