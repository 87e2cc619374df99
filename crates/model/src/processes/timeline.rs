//! The scripted policy timeline and the leadership's threat.
//!
//! The threat is a level that scripted events (the Kirov murder, show trials, war scares,
//! plenums) raise, that "conspiracies" uncovered by arrests raise (arrests of the elite, arrests
//! by naming), that decays towards its initial level, and that the halt lowers. It scales
//! ordinary policing and the capacity to arrest the named, and the mass orders are issued only
//! once it reaches a threshold: so a run without the Kirov murder can differ in more than one
//! event. Hysteria, raised by show trials and by arrests nearby, drives denunciation.

use std::collections::HashMap;

use chistka_engine::calendar::Day;
use rand::Rng as _;

use crate::ledger::{Cause, Channel, Source, Verdict};
use crate::params::{Happening, Params, Pool, ShowTrial, ThreatParams, TimelineEvent};
use crate::people::{PersonId, Role};
use crate::processes::{party, sentencing};
use crate::streams::Key;
use crate::ties::PostKind;
use crate::world::{Event, World, priority};

/// The policy state a run carries.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The centre's perceived threat.
    pub threat: f64,
    /// Country-wide hysteria (from show trials).
    pub hysteria: f64,
    /// Recent arrests per region (full-scale, decaying with a one-month time constant).
    pub local: Vec<f64>,
    /// Recent arrests by naming per region (the same memory): what confessions "uncovered".
    pub local_named: Vec<f64>,
    /// Recent denunciations made per region (the same memory).
    pub local_denounced: Vec<f64>,
    /// The centre's response to its threat when the quota order was issued.
    pub quota_factor: f64,
    /// The same for each national order.
    pub national_factor: Vec<f64>,
    /// Timeline events in id order, switched off ones included, so that an event's index (the
    /// source of its arrests, the key of its random stream) does not depend on the others.
    pub events: Vec<(String, TimelineEvent)>,
    /// Party admissions open.
    pub admissions_open: bool,
    /// Appeals against expulsion heard.
    pub appeals_open: bool,
    /// Special troikas judge national cases.
    pub special_troikas: bool,
    /// Day the quota order was issued.
    pub quota_issued: Option<Day>,
    /// Day each national order was issued.
    pub national_issued: Vec<Option<Day>>,
    /// Running expulsion campaigns: (last day, share expelled per day).
    pub campaigns: Vec<(Day, f64)>,
    /// Running releases: (last day, share of political prisoners released per day).
    pub releases: Vec<(Day, f64)>,
    /// Running purges of the NKVD: (last day, share arrested per day, index of the timeline
    /// event that set it off).
    pub purges: Vec<(Day, f64, u16)>,
    /// Defendants of each show trial.
    pub defendants: HashMap<u16, Vec<PersonId>>,
    /// The NKVD's posts (fixed: their holders change), for the purge of the purgers.
    pub nkvd_posts: Vec<u32>,
    /// Capacity indices on the first day (economic, military, intellectual).
    pub capacity_start: [f64; 3],
    /// Capacity indices on 1 January 1941 (or the last day, if the run ends before).
    pub capacity_1941: Option<[f64; 3]>,
    /// Of party members and candidates on 1 January 1941, the share first admitted since 1938.
    pub joined_since_1938_share_1941: Option<f64>,
    /// The same by period of first admission: before 1918, 1918-32, 1933-37, 1938-40.
    pub cohorts_1941: Option<[f64; 4]>,
}

impl Policy {
    /// The state on the first day.
    pub fn new(params: &Params) -> Self {
        let events: Vec<(String, TimelineEvent)> = params
            .timeline
            .iter()
            .map(|(k, e)| (k.clone(), e.clone()))
            .collect();
        Policy {
            threat: params.threat.initial,
            hysteria: 0.0,
            local: Vec::new(),
            local_named: Vec::new(),
            local_denounced: Vec::new(),
            quota_factor: 1.0,
            national_factor: vec![1.0; params.national.operations.len()],
            events,
            // Admissions were frozen from January 1933 (V2) unless the timeline reopens them.
            admissions_open: false,
            appeals_open: false,
            special_troikas: false,
            quota_issued: None,
            national_issued: vec![None; params.national.operations.len()],
            campaigns: Vec::new(),
            releases: Vec::new(),
            purges: Vec::new(),
            defendants: HashMap::new(),
            nkvd_posts: Vec::new(),
            capacity_start: [0.0; 3],
            capacity_1941: None,
            joined_since_1938_share_1941: None,
            cohorts_1941: None,
        }
    }

    /// The lever multiplier for a gain: 1 + gain x (threat above the reference).
    pub fn lever(&self, gain: f64, reference: f64) -> f64 {
        1.0 + gain * (self.threat - reference).max(0.0)
    }

    /// The centre's response to its threat today: its limits, grants, operation rates and lists
    /// scale by (threat / order_reference) ^ limit_elasticity, so the volumes follow the fear
    /// continuously instead of waiting for it to cross a gate. With the threat switched off it
    /// stays at its initial level, and so do the volumes it sets.
    pub fn centre_factor(&self, t: &ThreatParams) -> f64 {
        if t.limit_elasticity == 0.0 {
            return 1.0;
        }
        (self.threat.max(0.0) / t.order_reference).powf(t.limit_elasticity)
    }

    /// The chance the centre grants a request, from its chance at the reference threat: the
    /// log-odds move by `grant_threat_slope` per unit of threat above `order_reference`.
    pub fn grant_chance(&self, t: &ThreatParams, at_reference: f64) -> f64 {
        if t.grant_threat_slope == 0.0 || !(0.0..=1.0).contains(&at_reference) {
            return at_reference;
        }
        let p = at_reference.clamp(1e-9, 1.0 - 1e-9);
        let logit = (p / (1.0 - p)).ln() + t.grant_threat_slope * (self.threat - t.order_reference);
        1.0 / (1.0 + (-logit).exp())
    }
}

/// Schedules every enabled event of the timeline.
pub fn schedule(w: &mut World) {
    let lead = w.params.centre.trial_arrest_lead_days;
    for (i, (_, e)) in w.state.policy.events.clone().iter().enumerate() {
        if !e.enabled {
            continue;
        }
        let index = i as u16;
        if matches!(e.what, Happening::ShowTrial(_)) {
            let arrests = Day(e.date.0.saturating_sub(lead as u16).max(w.params.start.0));
            w.queue
                .push(arrests, priority::EXIT, Event::Timeline { index, phase: 0 });
            w.queue
                .push(e.date, priority::EXIT, Event::Timeline { index, phase: 1 });
        } else {
            w.queue
                .push(e.date, priority::EXIT, Event::Timeline { index, phase: 0 });
        }
    }
    w.state.policy.local = vec![0.0; w.regions.len()];
    w.state.policy.local_named = vec![0.0; w.regions.len()];
    w.state.policy.local_denounced = vec![0.0; w.regions.len()];
    w.state.policy.nkvd_posts = nkvd_posts(w);
}

fn raise(w: &mut World, by: f64) {
    if w.params.threat.enabled {
        w.state.policy.threat += by;
    }
}

/// Applies a timeline event.
pub fn apply(w: &mut World, index: u16, phase: u8) {
    let Some((_, e)) = w.state.policy.events.get(index as usize).cloned() else {
        return;
    };
    let days = |end: Day| f64::from((end.since(e.date) + 1).max(1));
    match e.what {
        Happening::KirovMurder { threat }
        | Happening::Plenum { threat }
        | Happening::WarScare { threat } => raise(w, threat),
        Happening::ShowTrial(trial) => show_trial(w, index, phase, &trial),
        Happening::NkvdChiefChange { threat } => {
            raise(w, threat);
            if w.params.purgers.enabled {
                let window = w.params.purgers.window_days;
                let until = w.today.plus(window as u32);
                w.state.policy.purges.push((
                    until,
                    w.params.purgers.arrest_share.get() / window,
                    index,
                ));
            }
        }
        Happening::ExpulsionCampaign { end, expel_share } => {
            // A share expelled over the campaign: a constant daily hazard that removes it.
            let per_day = -(1.0 - expel_share.get().min(0.999)).ln() / days(end);
            w.state.policy.campaigns.push((end, per_day));
        }
        Happening::AdmissionsFreeze => w.state.policy.admissions_open = false,
        Happening::AdmissionsReopen => w.state.policy.admissions_open = true,
        Happening::AppealsOpen => {
            w.state.policy.appeals_open = true;
            party::open_appeals(w);
        }
        Happening::LimitIncrease { share } => {
            // A general raise, sized by the centre's response to today's threat.
            let share = share * w.state.policy.centre_factor(&w.params.threat);
            let params = std::sync::Arc::clone(&w.params);
            let params = &params.quota;
            let q = &mut w.state.quota;
            for r in 0..q.limit.len() {
                let add = super::quota::increase(params, q.initial[r], share, w.today.year());
                for (limit, add) in q.limit[r].iter_mut().zip(add) {
                    *limit += add;
                }
            }
        }
        Happening::SpecialTroikas => w.state.policy.special_troikas = true,
        Happening::Releases { end, release_share } => {
            let per_day = -(1.0 - release_share.get().min(0.999)).ln() / days(end);
            w.state.policy.releases.push((end, per_day));
        }
    }
}

/// A show trial: phase 0 arrests the defendants (cause: centre), phase 1 passes the verdicts and
/// raises threat and hysteria. The trial happens only if the threat has reached `min_threat`.
fn show_trial(w: &mut World, index: u16, phase: u8, e: &ShowTrial) {
    if phase == 0 {
        if w.state.policy.threat < e.min_threat {
            return;
        }
        let mut rng = w.streams.stream3(Key::Centre.id(), u64::from(index), 0);
        let army = e.pool == Pool::Army;
        let pool: Vec<PersonId> = w
            .elite
            .clone()
            .filter(|&p| w.people.at_liberty(p))
            .filter(|&p| {
                let role = w.role(p);
                if army {
                    matches!(
                        role,
                        Role::Marshal | Role::ArmyCommander | Role::CorpsCommander
                    )
                } else {
                    matches!(
                        role,
                        Role::CentralCommittee | Role::PeoplesCommissar | Role::CongressDelegate
                    )
                }
            })
            .collect();
        let mut chosen = Vec::new();
        let n = e.defendants as usize;
        // Chosen by biography, not by lot (former oppositionists first): see nomenklatura.
        for p in super::nomenklatura::defendants(w, &pool, n, &mut rng) {
            let delay = w
                .params
                .interrogation
                .days_to_interrogation_mean
                .sample(&mut rng);
            if w.arrest(p, Cause::Centre, Source::Trial(index), delay) {
                chosen.push(p);
            }
        }
        w.state.policy.defendants.insert(index, chosen);
    } else {
        let Some(defendants) = w.state.policy.defendants.remove(&index) else {
            return;
        };
        let mut rng = w.streams.stream3(Key::Centre.id(), u64::from(index), 1);
        let mut deaths = e.death_sentences;
        for p in defendants {
            if w.people.status(p) != crate::people::Status::Arrested {
                continue;
            }
            if deaths > 0 {
                deaths -= 1;
                w.sentence(p, Verdict::Execution, 0, Channel::MilitaryCollegium);
            } else {
                let term = (rng.random_range(8.0..10.0) * 365.25) as u32;
                sentencing::to_camp(w, p, term, Channel::MilitaryCollegium);
            }
        }
        raise(w, e.threat);
        if w.params.denunciation.enabled {
            w.state.policy.hysteria += w.params.denunciation.hysteria_per_trial;
        }
    }
}

/// The threat's response to an arrest, and the local memory of arrests.
pub fn on_arrest(w: &mut World, p: PersonId, cause: Cause, weight: f64) {
    let r = w.people.region[p as usize] as usize;
    if let Some(x) = w.state.policy.local.get_mut(r) {
        *x += weight;
    }
    if cause == Cause::Named
        && let Some(x) = w.state.policy.local_named.get_mut(r)
    {
        *x += weight;
    }
    if !w.params.threat.enabled {
        return;
    }
    if w.people.has(p, crate::people::flag::ELITE) {
        w.state.policy.threat += w.params.threat.per_elite_arrest;
    }
    if cause == Cause::Named {
        w.state.policy.threat += w.params.threat.per_10k_named_arrests * weight / 1e4;
    }
}

/// Daily: decay of threat, hysteria and local memory; orders issued when due; the halt; campaigns
/// that have ended.
pub fn daily(w: &mut World) {
    let t = &w.params.threat;
    let decay = (-std::f64::consts::LN_2 / t.half_life_days).exp();
    w.state.policy.threat = t.initial + (w.state.policy.threat - t.initial) * decay;
    let h = (-std::f64::consts::LN_2 / w.params.denunciation.hysteria_half_life_days).exp();
    w.state.policy.hysteria *= h;
    let month = (-1.0f64 / 30.0).exp();
    let policy = &mut w.state.policy;
    for x in policy
        .local
        .iter_mut()
        .chain(&mut policy.local_named)
        .chain(&mut policy.local_denounced)
    {
        *x *= month;
    }
    if w.params.halt.enabled && w.today == w.params.halt.date {
        w.state.policy.threat = t.initial + (w.state.policy.threat - t.initial) * t.halt_factor;
    }
    let threshold = t.order_threshold;
    let ready = |start: Day, issued: Option<Day>, threat: f64, today: Day| {
        issued.is_none() && today >= start && threat >= threshold
    };
    if ready(
        w.params.quota.start,
        w.state.policy.quota_issued,
        w.state.policy.threat,
        w.today,
    ) {
        w.state.policy.quota_issued = Some(w.today);
        issue_quota(w);
    }
    let factor = w.state.policy.centre_factor(&w.params.threat);
    for (i, op) in w.params.national.operations.iter().enumerate() {
        if ready(
            op.start,
            w.state.policy.national_issued[i],
            w.state.policy.threat,
            w.today,
        ) {
            w.state.policy.national_issued[i] = Some(w.today);
            w.state.policy.national_factor[i] = factor;
        }
    }
    if w.today == Day::jan1(1941) {
        snapshot_1941(w);
    }
    let today = w.today;
    w.state.policy.campaigns.retain(|c| c.0 >= today);
    w.state.policy.releases.retain(|c| c.0 >= today);
    w.state.policy.purges.retain(|c| c.0 >= today);
}

/// The quota order is issued: the centre sets each region's limits at the record's, scaled by its
/// response to today's threat (the plan of the order is the record's limits at the threat
/// `order_reference`).
fn issue_quota(w: &mut World) {
    let factor = w.state.policy.centre_factor(&w.params.threat);
    w.state.policy.quota_factor = factor;
    for limit in &mut w.state.quota.limit {
        for l in limit.iter_mut() {
            *l *= factor;
        }
    }
}

/// Posts of the NKVD, for the purge of the purgers.
pub fn nkvd_posts(w: &World) -> Vec<u32> {
    w.ties
        .posts
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PostKind::Nkvd)
        .map(|(i, _)| i as u32)
        .collect()
}

/// The figures the output contract takes on 1 January 1941.
pub fn snapshot_1941(w: &mut World) {
    w.state.policy.capacity_1941 = Some(crate::processes::capacity::indices(w));
    let (mut all, mut new, mut cohorts) = (0.0, 0.0, [0.0; 4]);
    // The card holders in id order, not everyone: the same members, added in the same order.
    for p in w.state.registry.card_holders() {
        if matches!(
            w.people.party(p),
            crate::people::PartyStatus::Member | crate::people::PartyStatus::Candidate
        ) && w.people.at_liberty(p)
        {
            let weight = w.weight(p);
            all += weight;
            let year = i32::from(w.people.party_year[p as usize]) + 1880;
            if year >= 1938 {
                new += weight;
            }
            cohorts[match year {
                ..=1917 => 0,
                1918..=1932 => 1,
                1933..=1937 => 2,
                _ => 3,
            }] += weight;
        }
    }
    w.state.policy.joined_since_1938_share_1941 = Some(if all > 0.0 { new / all } else { 0.0 });
    w.state.policy.cohorts_1941 = Some(cohorts.map(|c| if all > 0.0 { c / all } else { 0.0 }));
}
