//! The run loop: build the world, then for each day observe the stocks, apply the events due,
//! and run the daily processes in a fixed order.

use chistka_engine::calendar::Day;
use chistka_engine::streams::Streams;

use crate::census::DataError;
use crate::params::Params;
use crate::people::PersonId;
use crate::people::Status;
use crate::processes::{
    army, camps, capacity, centre, denunciation, deportation, interrogation, national,
    nomenklatura, party, patronage, policing, promotion, quota, sentencing, timeline,
};
use crate::society::Society;
use crate::world::{Event, World};

/// Told of progress; the library never prints.
pub trait Observer {
    /// Called at the end of each simulated day with the number of days done and in all.
    fn day_done(&mut self, _done: usize, _total: usize) {}
    /// Called when a phase starts ("population", "simulation").
    fn phase(&mut self, _name: &str) {}
}

/// An observer that ignores everything.
#[derive(Debug, Default)]
pub struct Quiet;
impl Observer for Quiet {}

/// Options of one run besides the scenario's parameters.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    /// Population scale (1.0 = 162.0 million).
    pub scale: f64,
    /// Run seed.
    pub seed: u64,
}

/// Builds the world: population, ties, the initial camp stock, from the census the parameters
/// were validated against (nothing here can fail).
pub fn build_world(params: Params, opts: RunOptions, observer: &mut dyn Observer) -> World {
    observer.phase("population");
    let society = Society::build(&params, opts.scale, opts.seed);
    world_in(society, params, opts.seed)
}

/// The world of a run of `params` with `seed` on `society`: the registers, the initial camp
/// stock, the timeline and the nomenklatura's sweeps.
///
/// # Panics
/// If `society` does not [fit](Society::fits) `params` at its own scale: a run on a society
/// drawn from other structural parameters would be a run of no scenario.
pub fn world_in(society: Society, params: Params, seed: u64) -> World {
    assert!(
        society.fits(&params, society.scale()),
        "a society drawn from other structural parameters (census, population, army, \
         nomenklatura or rotation of posts) cannot host this run: build one with Society::build"
    );
    let mut world = World::in_society(params, society, Streams::new(seed));
    camps::init(&mut world);
    timeline::schedule(&mut world);
    nomenklatura::schedule(&mut world);
    world.state.policy.capacity_start = capacity::indices(&world);
    world
}

/// As [`build_world`], in the fallible form the callers of earlier versions use.
///
/// # Errors
/// None any more: the census is parsed and checked when the parameters are validated. The
/// `Result` stays until the callers move to [`build_world`].
pub fn build(
    params: Params,
    opts: RunOptions,
    observer: &mut dyn Observer,
) -> Result<World, DataError> {
    Ok(build_world(params, opts, observer))
}

/// A daily process: it takes the world and a scratch list it may reuse.
pub type Process = fn(&mut World, &mut Vec<PersonId>);

/// The daily processes, in the order they run each day after the day's scheduled events: the
/// timeline first (it switches policies on for the day), then the arrests of each channel, then
/// interrogation's arrests of the named (which the day's other arrests may have added to), the
/// party, the ordinary turnover of posts and the camps. A new mechanism that acts every day is
/// one line here.
pub const DAILY: &[(&str, Process)] = &[
    ("timeline", |w, _| timeline::daily(w)),
    ("policing", |w, _| policing::daily(w)),
    ("quota", |w, _| quota::daily(w)),
    ("national", |w, _| national::daily(w)),
    ("deportation", |w, _| deportation::daily(w)),
    ("centre", |w, _| centre::daily(w)),
    ("army", |w, _| army::daily(w)),
    ("nomenklatura", |w, _| nomenklatura::daily(w)),
    ("denunciation", denunciation::daily),
    ("interrogation", |w, _| interrogation::daily(w)),
    ("party", |w, _| party::daily(w)),
    ("promotion", |w, _| promotion::rotation(w)),
    ("camps", |w, _| camps::daily(w)),
];

/// How many events ahead of the one handled the loop asks for the next one's person or post
/// ([`World::prefetch`]): far enough for a load from memory to arrive, near enough that it is
/// still in the caches when the event comes. Changes no result, only the time.
const PREFETCH_AHEAD: usize = 16;

/// Runs the world to the scenario's end.
pub fn simulate(world: &mut World, observer: &mut dyn Observer) {
    observer.phase("simulation");
    let (start, end) = (world.params.start, world.params.end);
    let total = end.since(start) as usize + 1;
    let mut scratch: Vec<PersonId> = Vec::new();
    for i in 0..total {
        world.today = Day(start.0 + i as u16);
        world.observe_stocks();
        while let Some(e) = world.queue.pop_due(world.today) {
            if let Some(next) = world.queue.ahead(PREFETCH_AHEAD) {
                world.prefetch(next);
            }
            dispatch(world, e.payload, &mut scratch);
        }
        for &(_, process) in DAILY {
            process(world, &mut scratch);
        }
        observer.day_done(i + 1, total);
    }
    if world.state.policy.capacity_1941.is_none() {
        timeline::snapshot_1941(world);
    }
    if world.params.longrun.until.is_some() {
        observer.phase("long run");
        world.longrun = crate::longrun::run(world);
    }
}

fn dispatch(w: &mut World, e: Event, scratch: &mut Vec<PersonId>) {
    match e {
        Event::Interrogate { person, since } if w.current(person, Status::Arrested, since) => {
            interrogation::interrogate(w, person, scratch);
        }
        Event::Sentence { person, since } if w.current(person, Status::Arrested, since) => {
            sentencing::sentence(w, person);
        }
        Event::CampExit {
            person,
            since,
            death,
        } if w.current(person, Status::InCamp, since) => {
            camps::exit(w, person, death);
        }
        Event::ExileEnd { person, since } if w.current(person, Status::InExile, since) => {
            camps::exile_end(w, person);
        }
        Event::Timeline { index, phase } => timeline::apply(w, index, phase),
        Event::PatronageHit {
            person,
            patron,
            arrest,
        } => patronage::hit(w, person, patron, arrest),
        Event::ArmyArrest { person } => army::arrest_dismissed(w, person),
        Event::ArmyReview { person, post } => army::review(w, person, post),
        Event::Sweep { index } => nomenklatura::sweep(w, index),
        Event::AppealDecision { person } => party::decide_appeal(w, person),
        Event::FillPost { post } => promotion::fill(w, post),
        _ => {} // stale: the person's status changed since it was scheduled
    }
}

/// Builds and runs in one call; cannot fail.
pub fn execute(params: Params, opts: RunOptions, observer: &mut dyn Observer) -> World {
    let mut world = build_world(params, opts, observer);
    simulate(&mut world, observer);
    world
}

/// Runs `params` with `seed` from a copy of `society`, which is left as it was: how many runs of
/// one scenario that differ only in their dynamics (a calibration, an ensemble) share one
/// population build. With `society` drawn on `seed` itself this is [`execute`] at the society's
/// scale, byte for byte.
///
/// # Panics
/// As [`world_in`], if `society` does not fit `params`.
pub fn execute_in(
    society: &Society,
    params: Params,
    seed: u64,
    observer: &mut dyn Observer,
) -> World {
    observer.phase("population");
    let mut world = world_in(society.clone(), params, seed);
    simulate(&mut world, observer);
    world
}

/// As [`execute`], in the fallible form the callers of earlier versions use.
///
/// # Errors
/// None any more (see [`build`]).
pub fn run(
    params: Params,
    opts: RunOptions,
    observer: &mut dyn Observer,
) -> Result<World, DataError> {
    Ok(execute(params, opts, observer))
}
