//! Micro-benchmarks of the hot paths (criterion): the event queue (a drain of pushes made in
//! advance, and a day loop whose events schedule more), building the population, the indexed
//! pools (their build, a draw by risk, a draw of recruits), the roster of inmates (its churn and
//! its draws), who holds which post (`holders::PostOf` at the full-scale size), the indexes kept
//! so as not to search everyone (who is at liberty, the registers' listing and a run's registers
//! drawn from it, the workplaces' member index, the capacity index's stratum), a few simulated years at a small scale, and the cascade on a generated network.
//!
//! `cargo bench -p chistka --bench hot_paths`; results in `target/criterion/`. These measure;
//! no test asserts a time.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use chistka_engine::calendar::Day;
use chistka_engine::queue::EventQueue;
use chistka_engine::streams::Streams;
use chistka_model::census::Census;
use chistka_model::holders::PostOf;
use chistka_model::people::{NONE, People, Status};
use chistka_model::pools::{ByCategory, RiskDraw};
use chistka_model::population;
use chistka_model::processes::{capacity, national, pick_target, registry};
use chistka_model::roster::Roster;
use chistka_model::sim::{self, Quiet, RunOptions};
use chistka_model::society::Society;
use chistka_model::ties::Index;
use criterion::{Criterion, criterion_group, criterion_main};
use rand::Rng;

fn queue(c: &mut Criterion) {
    c.bench_function("queue: 100k events over 1000 days, push then drain", |b| {
        let mut rng = Streams::new(1).stream(1);
        let days: Vec<u16> = (0..100_000).map(|_| rng.random_range(0..1000)).collect();
        b.iter(|| {
            let mut q = EventQueue::new();
            for (i, &d) in days.iter().enumerate() {
                q.push(Day(d), (i % 3) as u8, i);
            }
            let mut n = 0;
            for d in 0..1000 {
                while let Some(e) = q.pop_due(Day(d)) {
                    n += e.payload & 1;
                }
            }
            black_box(n)
        });
    });
}

/// A day loop as the simulation's: each event, when handled, schedules a follow-up with chance
/// one half, a fifth of them for the same day (a consequence handled at once: an arrest's
/// interrogation), the rest up to 60 days later.
fn queue_day_loop(c: &mut Criterion) {
    c.bench_function(
        "queue: 1000 days, 100 new events a day, each scheduling a follow-up half the time",
        |b| {
            let mut rng = Streams::new(2).stream(1);
            let draws: Vec<(bool, u16, u8)> = (0..400_000)
                .map(|_| {
                    let follow = rng.random::<f64>() < 0.5;
                    let later = if rng.random::<f64>() < 0.2 {
                        0
                    } else {
                        rng.random_range(1..60)
                    };
                    (follow, later, rng.random_range(0..3))
                })
                .collect();
            b.iter(|| {
                let mut q = EventQueue::new();
                let mut k = 0usize;
                let mut n = 0usize;
                for d in 0..1000u16 {
                    for _ in 0..100 {
                        let (_, later, priority) = draws[k % draws.len()];
                        k += 1;
                        q.push(Day(d + later), priority, k);
                    }
                    while let Some(e) = q.pop_due(Day(d)) {
                        n += e.payload & 1;
                        let (follow, later, priority) = draws[k % draws.len()];
                        k += 1;
                        if follow {
                            q.push(Day(d + later), priority, k);
                        }
                    }
                }
                black_box(n)
            });
        },
    );
}

/// Who holds which post at the full-scale size: 4.5 million holders among 162 million people.
/// Lookups of random people (most hold nothing, as in the day loop's checks) and the churn of
/// vacating and filling posts.
fn holders(c: &mut Criterion) {
    let people = 162_000_000u32;
    let mut rng = Streams::new(9).stream(1);
    let posts: Vec<u32> = (0..4_500_000)
        .map(|_| rng.random_range(0..people))
        .collect();
    let mut post_of = PostOf::of_holders(people as usize, posts.iter().copied());
    let mut group = c.benchmark_group("holders");
    group.sample_size(10);
    group.bench_function("10,000 lookups of random people among 162 M", |b| {
        b.iter(|| {
            let mut n = 0u64;
            for _ in 0..10_000 {
                let p = rng.random_range(0..people);
                n += u64::from(post_of.get(p) != NONE);
            }
            black_box(n)
        });
    });
    let mut holding = posts;
    group.bench_function("10,000 posts vacated and filled among 4.5 M holders", |b| {
        b.iter(|| {
            for _ in 0..10_000 {
                let post = rng.random_range(0..holding.len());
                let newcomer = rng.random_range(0..people);
                if post_of.holds(newcomer) {
                    continue;
                }
                post_of.take(holding[post]);
                post_of.set(newcomer, post as u32);
                holding[post] = newcomer;
            }
            black_box(post_of.len())
        });
    });
    group.finish();
}

fn population_build(c: &mut Criterion) {
    let census = Census::embedded().unwrap();
    let params = chistka_scenario::embedded("great-purge").unwrap().params;
    let mut group = c.benchmark_group("population");
    group.sample_size(10);
    group.bench_function("build at scale 0.01 (1.62 M people)", |b| {
        b.iter(|| {
            black_box(
                population::build(&census, &params.population, 0.01, Streams::new(7))
                    .people
                    .len(),
            )
        });
    });
    group.finish();
}

fn pools(c: &mut Criterion) {
    let params = chistka_scenario::embedded("great-purge").unwrap().params;
    let risk = params.policing.category_risk.clone();
    let w = sim::build_world(
        params,
        RunOptions {
            scale: 0.01,
            seed: 7,
        },
        &mut Quiet,
    );
    let mut group = c.benchmark_group("pools");
    group.sample_size(10);
    group.bench_function("build at scale 0.01 (1.62 M people)", |b| {
        b.iter(|| black_box(ByCategory::new(&w.people, &w.regions).bytes()));
    });
    let draw = RiskDraw::new(&w.pools, &risk);
    group.bench_function("10,000 draws by policing risk, every region in turn", |b| {
        let mut rng = Streams::new(3).stream(1);
        b.iter(|| {
            let mut n = 0u64;
            for i in 0..10_000 {
                let r = i % w.regions.len();
                n += u64::from(pick_target(&w, r, &draw, &mut rng).unwrap_or(0));
            }
            black_box(n)
        });
    });
    group.bench_function(
        "10,000 draws of recruits by education, every region in turn",
        |b| {
            let mut rng = Streams::new(4).stream(1);
            b.iter(|| {
                let mut n = 0u64;
                for i in 0..10_000 {
                    let r = i % w.regions.len();
                    n += u64::from(w.state.recruits[r].pick(&w.pools, &mut rng).unwrap_or(0));
                }
                black_box(n)
            });
        },
    );
    group.finish();
}

/// The camps' roster at about the size of the 1939 camps at full scale (2 million inmates):
/// a day's churn and a day's draws of the review releases (about a third qualify).
fn roster(c: &mut Criterion) {
    let mut rng = Streams::new(8).stream(1);
    let mut roster = Roster::default();
    for _ in 0..2_000_000 {
        roster.insert(rng.random_range(0..162_000_000));
    }
    let mut group = c.benchmark_group("roster");
    group.sample_size(10);
    group.bench_function("10,000 removals and 10,000 insertions among 2 M", |b| {
        b.iter(|| {
            for _ in 0..10_000 {
                let p = roster.draw(&mut rng, |_| true).unwrap();
                roster.remove(p);
                roster.insert(rng.random_range(0..162_000_000));
            }
            black_box(roster.len())
        });
    });
    group.bench_function("10,000 draws among 2 M where a third qualify", |b| {
        b.iter(|| {
            let mut n = 0u64;
            for _ in 0..10_000 {
                n += u64::from(roster.draw(&mut rng, |p| p % 3 == 0).unwrap());
            }
            black_box(n)
        });
    });
    group.finish();
}

fn simulate(c: &mut Criterion) {
    let mut params = chistka_scenario::embedded("great-purge").unwrap().params;
    params.end = Day::from_ymd(1937, 12, 31).unwrap();
    params.start = Day::from_ymd(1934, 1, 1).unwrap();
    let mut group = c.benchmark_group("simulate");
    group.sample_size(10);
    group.bench_function("1934-1937 at scale 0.001, build included", |b| {
        b.iter(|| {
            let w = sim::run(
                params.clone(),
                RunOptions {
                    scale: 0.001,
                    seed: 3,
                },
                &mut Quiet,
            )
            .unwrap();
            black_box(w.ledger.arrests.len())
        });
    });
    group.finish();
}

/// What a run at the default scale costs with a society of its own and from a shared one
/// (`sim::execute_in`), and the society's parts: its build and the copy each shared run makes.
fn society(c: &mut Criterion) {
    let params = chistka_scenario::embedded("great-purge").unwrap().params;
    let shared = Society::build(&params, 0.01, 7);
    let mut group = c.benchmark_group("society");
    group.sample_size(10);
    group.bench_function("build at scale 0.01", |b| {
        b.iter(|| black_box(Society::build(&params, 0.01, 7).pop.people.len()));
    });
    group.bench_function("copy at scale 0.01", |b| {
        b.iter(|| black_box(shared.clone().pop.people.len()));
    });
    group.bench_function("run 1934-1941 at scale 0.01, own society", |b| {
        b.iter(|| {
            let opts = RunOptions {
                scale: 0.01,
                seed: 3,
            };
            black_box(
                sim::execute(params.clone(), opts, &mut Quiet)
                    .ledger
                    .arrests
                    .len(),
            )
        });
    });
    group.bench_function("run 1934-1941 at scale 0.01, shared society", |b| {
        b.iter(|| {
            let w = sim::execute_in(&shared, params.clone(), 3, &mut Quiet);
            black_box(w.ledger.arrests.len())
        });
    });
    group.finish();
}

/// The indexes a run keeps beside its people instead of searching them (issue 14): who is at
/// liberty, one bit a person, read at random among 162 million against the 3-byte standing it
/// mirrors; the society's registers' listing and workplaces' member index, built once; a run's
/// registers drawn from the listing; the capacity index read over its stratum.
fn indexes(c: &mut Criterion) {
    let mut group = c.benchmark_group("indexes");
    group.sample_size(10);
    {
        let mut people = People::default();
        people.grow(162_000_000);
        let mut rng = Streams::new(12).stream(1);
        let ids: Vec<u32> = (0..1_000_000)
            .map(|_| rng.random_range(0..162_000_000))
            .collect();
        for &p in ids.iter().step_by(7) {
            people.set_status(p, Status::Arrested, Day(1));
        }
        group.bench_function(
            "1,000,000 reads of who is at liberty among 162 M people: the bits",
            |b| b.iter(|| black_box(ids.iter().filter(|&&p| people.at_liberty(p)).count())),
        );
        group.bench_function("the same reads off the standing column", |b| {
            b.iter(|| {
                black_box(
                    ids.iter()
                        .filter(|&&p| people.status(p).at_liberty())
                        .count(),
                )
            })
        });
    }
    let params = chistka_scenario::embedded("great-purge").unwrap().params;
    let society = Society::build(&params, 0.01, 7);
    let mut people = society.pop.people.clone();
    group.bench_function("the society's registers' listing at scale 0.01", |b| {
        b.iter(|| {
            let pop = &society.pop;
            black_box(registry::Listing::of(&pop.people, &pop.regions, |p| {
                pop.army.full_scale(p)
            }))
        })
    });
    group.bench_function("the workplaces' member index at scale 0.01", |b| {
        b.iter(|| {
            let pop = &society.pop;
            black_box(Index::build(&pop.people.workplace, pop.workplaces as usize))
        })
    });
    group.bench_function("a run's registers at scale 0.01, from the listing", |b| {
        b.iter(|| {
            let (lists, roll) =
                registry::build(&mut people, &society.registry, &params, Streams::new(3));
            black_box(lists.len() + roll.len())
        })
    });
    // The national lines' pools, drawn at every run's start: a line taking "other" in a region
    // (the Chinese line in the RSFSR) goes through the region's people.
    let (registers, _) = registry::build(&mut people, &society.registry, &params, Streams::new(3));
    for (what, registered) in [
        ("registers kept (the default)", Some(registers.as_slice())),
        ("registers not kept", None),
    ] {
        let lists = national::GroupLists {
            nationality: &society.by_nationality,
            registered,
        };
        group.bench_function(
            format!("the national lines' pools at scale 0.01, {what}"),
            |b| {
                b.iter(|| {
                    let state = national::NationalState::build(
                        &people,
                        &society.pop.regions,
                        &lists,
                        &params,
                        &society.census,
                        Streams::new(3),
                    );
                    black_box(state.pools.iter().map(Vec::len).sum::<usize>())
                })
            },
        );
    }
    let w = sim::world_in(society, params, 3);
    group.bench_function(
        "the capacity indices at scale 0.01, over the stratum",
        |b| b.iter(|| black_box(capacity::indices(&w))),
    );
    group.finish();
}

fn cascade(c: &mut Criterion) {
    use chistka_cascade::graph::Graph;
    // A random graph of 100,000 nodes with mean degree 10, as in the cascade race.
    let n = 100_000u32;
    let mut rng = Streams::new(11).stream(1);
    let mut text = String::new();
    for _ in 0..(n as usize * 5) {
        text.push_str(&format!(
            "{} {}\n",
            rng.random_range(0..n),
            rng.random_range(0..n)
        ));
    }
    let graph = Graph::from_text(&text, "bench").unwrap();
    let params = chistka_cascade::sir::Params::new(0.3, 1.0, 10, graph.node_count()).unwrap();
    let mut group = c.benchmark_group("cascade");
    group.sample_size(20);
    group.bench_function("SIR on G(1e5, m=5e5), tau 0.3, gamma 1", |b| {
        let mut run = 0u64;
        b.iter(|| {
            run += 1;
            let out =
                chistka_cascade::sir::run(&graph, &params, &mut Streams::new(5).stream2(1, run));
            black_box(out.final_size)
        });
    });
    group.finish();
}

criterion_group!(
    benches,
    queue,
    queue_day_loop,
    holders,
    population_build,
    pools,
    roster,
    society,
    indexes,
    simulate,
    cascade
);
criterion_main!(benches);
