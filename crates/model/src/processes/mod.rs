//! One module per process of the purge. Each reads its own parameters, draws only from its own
//! random streams, and changes the world only through the primitives of [`crate::world::World`].
//!
//! So far: ordinary policing, interrogation and the arrest of those named, quota operations,
//! national operations, the halt, sentencing, and the camps. The other mechanisms of the model brief slot in as further modules.

pub mod army;
pub mod camps;
pub mod capacity;
pub mod centre;
pub mod denunciation;
pub mod deportation;
pub mod interrogation;
pub mod national;
pub mod nomenklatura;
pub mod party;
pub mod patronage;
pub mod policing;
pub mod promotion;
pub mod quota;
pub mod registry;
pub mod requests;
pub mod sentencing;
pub mod timeline;
pub mod wives;

use chistka_engine::streams::Rng;
use rand::Rng as _;
use rand_distr::{Distribution, Exp1, Poisson};

use crate::params::{CategoryTable, Params};
use crate::people::{PersonId, flag};
use crate::pools::{ByCategory, RiskDraw};
use crate::world::{Happened, World};

/// A process's reaction to what a primitive did.
pub type Reaction = fn(&mut World, &Happened);

/// The processes that react to the primitives (arrest, sentence, release, death, a post
/// vacated), in the order they are told. A mechanism that reacts to one is one line here, and
/// `world.rs` does not change.
pub const REACTIONS: &[(&str, Reaction)] = &[
    // The threat rises with "conspiracies" uncovered; recent arrests raise local hysteria.
    ("timeline", |w, e| {
        if let Happened::Arrested {
            person,
            cause,
            weight,
        } = *e
        {
            timeline::on_arrest(w, person, cause, weight);
        }
    }),
    // An associate arrested in a group case of order 00447 counts against the region's limit.
    ("quota", |w, e| {
        if let Happened::Arrested {
            person,
            cause,
            weight,
        } = *e
        {
            quota::on_arrest(w, person, cause, weight);
        }
    }),
    // A fallen patron's circle falls with him.
    ("patronage", |w, e| {
        if let Happened::Arrested { person, .. } = *e {
            patronage::on_fall(w, person);
        }
    }),
    // An arrested officer's comrades are dismissed for "ties"; he names his command network.
    ("army", |w, e| {
        if let Happened::Arrested { person, .. } = *e {
            army::on_arrest(w, person);
        }
    }),
    // A vacated post waits for its next holder.
    ("promotion", |w, e| {
        if let Happened::PostVacated { post } = *e {
            promotion::on_vacancy(w, post);
        }
    }),
    // Order 00486: a condemned man's wife may be taken.
    ("wives", |w, e| {
        if let Happened::Sentenced {
            person,
            verdict,
            case,
            channel,
        } = *e
        {
            wives::on_sentence(w, person, verdict, case, channel);
        }
    }),
];

/// The scenario knob `policing.female_relative_risk` for person `p`: its value for a woman, 1
/// for a man. It is 1 in the default scenario (off): women reach the terror through the
/// composition of the categories and registries and through their families, not through a
/// multiplier. Every pick of a person applies it the same way when a scenario sets it.
pub fn sex_factor(w: &World, p: PersonId) -> f64 {
    if w.people.has(p, flag::FEMALE) {
        w.params.policing.female_relative_risk.get()
    } else {
        1.0
    }
}

/// A random person of region `r` at liberty, chosen with probability proportional to the
/// category weight times [`sex_factor`]. A wife who keeps house ([`flag::AT_HOME`]) is never
/// picked: routine policing worked through workplaces, their informers and the registries.
///
/// Drawn from the region's pools ([`crate::pools`]): a category by its weight times the size of
/// its pool, then a member; one who is not at liberty is passed over and the draw made again,
/// as is a woman, with probability 1 - her factor / the largest factor, when a scenario sets
/// one. Each person at liberty is so drawn with probability proportional to risk times factor,
/// as a draw over the whole region would, at the cost of one or two reads instead of one per
/// person tried. None if nobody has a positive weight, or none was found at liberty in a
/// bounded number of tries.
///
/// The category is drawn by `draw`, a risk table prepared for the pools: one of the run's
/// ([`World::risk_draws`]), or [`RiskDraw::new`] for another.
pub fn pick_target(w: &World, r: usize, draw: &RiskDraw, rng: &mut Rng) -> Option<PersonId> {
    if draw.total(r) <= 0.0 {
        return None;
    }
    let female = w.params.policing.female_relative_risk.get();
    let largest = female.max(1.0);
    for _ in 0..10_000 {
        let c = draw.draw(r, rng);
        let pool = w.pools.working(r, c);
        let p = pool[rng.random_range(0..pool.len())];
        if !w.people.at_liberty(p) {
            continue;
        }
        if female != 1.0 && rng.random::<f64>() * largest >= sex_factor(w, p) {
            continue;
        }
        return Some(p);
    }
    None
}

/// The risk tables a run draws people by with [`pick_target`].
#[derive(Debug, Clone, Copy)]
pub enum Risk {
    /// Ordinary arrests ([`policing`]).
    Policing,
    /// The mass operation's arrests when no registers are kept ([`quota`]).
    Quota,
    /// The courts' ordinary convicts, and the initial camp stock's criminals ([`camps`]).
    Criminal,
    /// The convicts of the 1940 decrees ([`camps::decree_risk`]).
    Decrees,
}

/// The run's [`Risk`] tables, each prepared once for the pools when the run starts: the
/// weights are not reckoned again at every pick.
#[derive(Debug, Clone)]
pub struct RiskDraws([RiskDraw; 4]);

impl RiskDraws {
    /// The draws by `params`' tables over `pools`.
    pub fn new(pools: &ByCategory, params: &Params) -> Self {
        let table = |risk: &CategoryTable| RiskDraw::new(pools, risk);
        RiskDraws([
            table(&params.policing.category_risk),
            table(&params.quota.category_risk),
            table(&params.camps.criminal_category_risk),
            table(&camps::decree_risk()),
        ])
    }

    /// The draw by `risk`.
    pub fn get(&self, risk: Risk) -> &RiskDraw {
        &self.0[risk as usize]
    }
}

/// A whole number of days with exponential distribution and the given mean (0 if the mean is
/// not positive), for a mean that changes (a year table's value, a term in years); a fixed mean
/// is a [`MeanDays`](crate::params::MeanDays) with its draw prepared. Drawn as
/// `rand_distr::Exp` draws (a standard exponential times 1 / (1 / mean)), so values are
/// unchanged from when this built an `Exp` per draw, but nothing here can fail.
pub fn exp_days(mean: f64, rng: &mut Rng) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    let scale = 1.0 / (1.0 / mean);
    (rng.sample::<f64, _>(Exp1) * scale).round() as u32
}

/// One Poisson draw per rate (0 for a rate that is not positive).
///
/// The rates change every day with the state (members, adults, limits), so no distribution can
/// be built in advance. Each is a validated parameter times a count of people: finite, and far
/// below `Poisson::MAX_LAMBDA` (about 1.8e19); a rate outside that is a bug, not a user's
/// mistake, and stops the run with its value instead of silently drawing 0.
pub fn poisson_counts(rng: &mut Rng, rates: impl Iterator<Item = f64>) -> Counts {
    let mut counts = Counts {
        len: 0,
        n: [0; Counts::MAX],
    };
    for lambda in rates {
        assert!(
            counts.len < Counts::MAX,
            "more than {} daily rates in one draw: a model bug",
            Counts::MAX
        );
        counts.n[counts.len] = poisson_count(rng, lambda);
        counts.len += 1;
    }
    counts
}

/// One Poisson draw (0 for a rate that is not positive); see [`poisson_counts`].
pub fn poisson_count(rng: &mut Rng, lambda: f64) -> u32 {
    if lambda > 0.0 {
        let d = Poisson::new(lambda).unwrap_or_else(|e| {
            panic!("a daily rate of {lambda} is not a Poisson rate ({e}): a model bug")
        });
        d.sample(rng) as u32
    } else {
        0
    }
}

/// The counts of [`poisson_counts`], one a rate, kept on the stack: the daily processes draw
/// them every day, and a vector each time was most of the day loop's allocations.
#[derive(Debug, Clone, Copy)]
pub struct Counts {
    len: usize,
    n: [u32; Counts::MAX],
}

impl Counts {
    /// At most this many rates in one draw: a region is a `u8`, so a rate a region fits.
    pub const MAX: usize = 256;
}

impl std::ops::Deref for Counts {
    type Target = [u32];

    fn deref(&self) -> &[u32] {
        &self.n[..self.len]
    }
}

impl IntoIterator for Counts {
    type Item = u32;
    type IntoIter = std::iter::Take<std::array::IntoIter<u32, { Counts::MAX }>>;

    fn into_iter(self) -> Self::IntoIter {
        self.n.into_iter().take(self.len)
    }
}

/// A region index drawn by population.
pub fn pick_region(w: &World, rng: &mut Rng) -> usize {
    let total: f64 = w.region_adults.iter().sum();
    let mut u = rng.random::<f64>() * total;
    for (r, a) in w.region_adults.iter().enumerate() {
        if u < *a {
            return r;
        }
        u -= a;
    }
    w.region_adults.len().saturating_sub(1)
}
