//! The nomenklatura as a graded hierarchy: how rank and political biography shape who is taken
//! from the top, the regional sweeps of 1937, and the suspicion successors inherit.
//!
//! - **Graded risk.** A member of the elite or an official carries a relative risk: the factor
//!   of his rank (Politburo, Central Committee, commissar, first secretary, high command;
//!   delegates and officials 1) times the factors of his biography (former oppositionist, Old
//!   Bolshevik). Stalin's lists draw names in proportion to it, and the show trials take their
//!   defendants by biography: former oppositionists first, then Old Bolsheviks, then the rest,
//!   each tier in proportion to rank ([`defendants`]).
//! - **Sweeps.** On the dates of `data/sweeps.csv` an emissary of the centre (Kaganovich,
//!   Malenkov, Zhdanov, Andreev, ...) arrives in a republic or oblast: its first secretary is
//!   arrested, and each member of his bureau with `sweep_bureau_arrest_probability` times his
//!   biography factors. The posts of the secretary and his bureau stay under suspicion until
//!   `suspicion_until`: whoever holds one, a survivor or a successor, is arrested at
//!   `suspicion_arrests_per_year` (times his biography factors), so that a region can go
//!   through several first secretaries.
//!
//! Off (`nomenklatura.enabled = false`) there are no sweeps and no suspicion; the graded risk of
//! the lists and the trials stays (set its factors to 1 to make it neutral).

use rand::Rng as _;

use crate::institutions::nomenklatura::old_bolshevik;
use crate::ledger::{Cause, Source};
use crate::people::{NONE, PersonId, Role};
use crate::processes::poisson_counts;
use crate::streams::Key;
use crate::ties::PostKind;
use crate::world::{Event, World, priority};

/// What the sweeps leave behind.
#[derive(Debug, Clone, Default)]
pub struct NomenklaturaState {
    /// Posts under suspicion, with the sweep that put them there, in the order they were added.
    pub suspect_posts: Vec<(u32, u16)>,
    /// First-secretary posts already swept (a second sweep of a region takes another oblast).
    pub swept: Vec<u32>,
}

/// The biography factor of `p`: former oppositionist and Old Bolshevik factors, multiplied.
pub fn biography_factor(w: &World, p: PersonId) -> f64 {
    let n = &w.params.nomenklatura;
    let mut f = 1.0;
    if w.nomenklatura.ex_opposition.contains(p) {
        f *= n.ex_oppositionist_relative_risk;
    }
    if old_bolshevik(&w.people, p) {
        f *= n.old_bolshevik_relative_risk;
    }
    f
}

/// The rank factor of `p` (1 for delegates, officials and everyone else).
pub fn rank_factor(w: &World, p: PersonId) -> f64 {
    let n = &w.params.nomenklatura;
    match w.role(p) {
        Role::Politburo => n.politburo_relative_risk,
        Role::CentralCommittee => n.central_committee_relative_risk,
        Role::PeoplesCommissar => n.commissar_relative_risk,
        Role::RegionalFirstSecretary => n.first_secretary_relative_risk,
        Role::Marshal | Role::ArmyCommander | Role::CorpsCommander => n.high_command_relative_risk,
        _ => 1.0,
    }
}

/// The relative risk of `p` from the top: rank times biography.
pub fn risk(w: &World, p: PersonId) -> f64 {
    rank_factor(w, p) * biography_factor(w, p)
}

/// The largest risk any member of the elite can carry, for rejection sampling.
pub fn max_risk(w: &World) -> f64 {
    let n = &w.params.nomenklatura;
    let rank = [
        1.0,
        n.politburo_relative_risk,
        n.central_committee_relative_risk,
        n.commissar_relative_risk,
        n.first_secretary_relative_risk,
        n.high_command_relative_risk,
    ]
    .into_iter()
    .fold(0.0, f64::max);
    rank * max_biography(w)
}

/// The largest biography factor.
pub fn max_biography(w: &World) -> f64 {
    let n = &w.params.nomenklatura;
    n.ex_oppositionist_relative_risk.max(1.0) * n.old_bolshevik_relative_risk.max(1.0)
}

/// `n` show-trial defendants from `pool`, chosen by biography: former oppositionists first, then
/// Old Bolsheviks, then the rest; within a tier without replacement in proportion to the rank
/// factor (weighted sampling by exponential keys, Efraimidis & Spirakis 2006).
pub fn defendants(
    w: &World,
    pool: &[PersonId],
    n: usize,
    rng: &mut chistka_engine::streams::Rng,
) -> Vec<PersonId> {
    let mut keyed: Vec<(u8, f64, PersonId)> = pool
        .iter()
        .map(|&p| {
            let tier = if w.nomenklatura.ex_opposition.contains(p) {
                0
            } else if old_bolshevik(&w.people, p) {
                1
            } else {
                2
            };
            let u: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
            // The largest u^(1/w) first is the smallest -ln(u)/w first.
            let key = -u.ln() / rank_factor(w, p).max(1e-12);
            (tier, key, p)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    keyed.into_iter().take(n).map(|k| k.2).collect()
}

/// Schedules every sweep of the data.
pub fn schedule(w: &mut World) {
    let n = w.params.nomenklatura.structure.sweeps.len();
    for i in 0..n {
        let date = w.params.nomenklatura.structure.sweeps[i].date;
        if date >= w.params.start && date <= w.params.end {
            w.queue
                .push(date, priority::EXIT, Event::Sweep { index: i as u16 });
        }
    }
}

/// An emissary arrives: the first secretary of the place and part of his bureau are arrested,
/// and their posts fall under suspicion.
pub fn sweep(w: &mut World, index: u16) {
    let params = std::sync::Arc::clone(&w.params);
    let n = &params.nomenklatura;
    let Some(s) = n.structure.sweeps.get(usize::from(index)) else {
        return;
    };
    if !n.enabled {
        return;
    }
    let mut rng = w
        .streams
        .stream3(Key::Sweep.id(), u64::from(index), u64::from(w.today.0));
    let posts: Vec<u32> = (0..w.ties.posts.len() as u32)
        .filter(|&i| {
            let post = &w.ties.posts[i as usize];
            post.kind == PostKind::FirstSecretary && post.region == s.region
        })
        .collect();
    // A republic's own secretary is its first post; an oblast sweep of a republic with oblasts
    // takes one of the others not yet swept.
    let fresh: Vec<u32> = posts
        .iter()
        .copied()
        .skip(usize::from(posts.len() > 1))
        .filter(|p| !w.state.nomenklatura.swept.contains(p))
        .collect();
    let Some(&post) = (if fresh.is_empty() {
        posts.first()
    } else {
        fresh.get(rng.random_range(0..fresh.len()))
    }) else {
        return;
    };
    w.state.nomenklatura.swept.push(post);
    let bureau: Vec<u32> = w.ties.tails.members(post).to_vec();
    let delay_mean = w.params.interrogation.days_to_interrogation_mean;
    let secretary = w.ties.posts[post as usize].holder;
    if secretary != NONE {
        let delay = delay_mean.sample(&mut rng);
        w.arrest(secretary, Cause::Centre, Source::Sweep(index), delay);
    }
    for &b in &bureau {
        let q = w.ties.posts[b as usize].holder;
        if q == NONE {
            continue;
        }
        let p = (n.sweep_bureau_arrest_probability.get() * biography_factor(w, q)).min(1.0);
        if rng.random::<f64>() < p {
            let delay = delay_mean.sample(&mut rng);
            w.arrest(q, Cause::Centre, Source::Sweep(index), delay);
        }
    }
    let list = &mut w.state.nomenklatura.suspect_posts;
    for p in std::iter::once(post).chain(bureau) {
        if !list.iter().any(|&(q, _)| q == p) {
            list.push((p, index));
        }
    }
}

/// Today's arrests of the holders of posts under suspicion.
pub fn daily(w: &mut World) {
    let n = &w.params.nomenklatura;
    if !n.enabled || w.today > n.suspicion_until || w.state.nomenklatura.suspect_posts.is_empty() {
        return;
    }
    let per_day = n.suspicion_arrests_per_year / 365.25;
    let mut rng = w.streams.stream2(Key::Suspicion.id(), u64::from(w.today.0));
    let posts = w.state.nomenklatura.suspect_posts.clone();
    // One Poisson draw for the day, thinned per holder by his biography: cheap and exact.
    let max_bio = max_biography(w);
    let k = poisson_counts(
        &mut rng,
        std::iter::once(per_day * max_bio * posts.len() as f64),
    )[0];
    let delay_mean = w.params.interrogation.days_to_interrogation_mean;
    for _ in 0..k {
        let (post, sweep) = posts[rng.random_range(0..posts.len())];
        let q = w.ties.posts[post as usize].holder;
        if q == NONE || !w.people.at_liberty(q) {
            continue;
        }
        if rng.random::<f64>() * max_bio < biography_factor(w, q) {
            let delay = delay_mean.sample(&mut rng);
            w.arrest(q, Cause::Centre, Source::Sweep(sweep), delay);
        }
    }
}
