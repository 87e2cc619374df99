//! How a run's time splits between building the world and the day loop, and how many
//! person-events the day loop recorded: the figures behind `docs/performance.md`'s distance to
//! the floor (the day loop's seconds over its events).
//!
//! The build's parts (the people, the army, the nomenklatura, the ties, the society's indexes,
//! the registers' listing) are timed one by one on a first build, which is then dropped; the
//! run is made on a second, whole build, so the peak memory is not a run's.
//!
//! The resident memory is read from `/proc/self/status` (Linux only) after the society is built,
//! and at the end with its peak: the peak includes the first build's.
//!
//! `cargo run --release -p chistka --example event_counts -- SCALE` (default scenario, seed 1937).
//! The people are synthetic.
#![allow(clippy::print_stdout)]

use std::time::Instant;

use chistka_engine::streams::Streams;
use chistka_model::pools::ByCategory;
use chistka_model::processes::capacity;
use chistka_model::processes::national::ByNationality;
use chistka_model::processes::registry::Listing;
use chistka_model::sim::{self, Quiet};
use chistka_model::society::Society;
use chistka_model::ties::Ties;
use chistka_model::{institutions, population};

fn main() {
    let scale: f64 = match std::env::args().nth(1).map(|a| a.parse()) {
        None => 0.01,
        Some(Ok(s)) if s > 0.0 && s <= 1.0 => s,
        Some(_) => {
            eprintln!("usage: event_counts [SCALE], a scale in (0, 1]");
            std::process::exit(2);
        }
    };
    let params = match chistka_scenario::embedded("great-purge") {
        Ok(s) => s.params,
        Err(e) => {
            eprintln!("the embedded scenario does not load: {e}");
            std::process::exit(1);
        }
    };
    let seed = 1937;
    let started = Instant::now();
    // The build's parts, timed one by one in the order `Society::build` makes them, then the
    // world set on the society; the run is the one `sim::build_world` makes.
    let streams = Streams::new(seed);
    let census = &params.census;
    let mut parts: Vec<(&str, f64)> = Vec::new();
    let mut lap = Instant::now();
    let mut mark = |name, parts: &mut Vec<(&str, f64)>| {
        parts.push((name, lap.elapsed().as_secs_f64()));
        lap = Instant::now();
    };
    let mut pop = population::build(census, &params.population, scale, streams);
    mark("people", &mut parts);
    institutions::army::build(&mut pop, &params.army.structure, census, streams);
    mark("army", &mut parts);
    institutions::nomenklatura::build(&mut pop, &params.nomenklatura.structure, streams);
    mark("nomenklatura", &mut parts);
    let ties = Ties::build(
        &pop,
        streams,
        params.promotion.rotation_per_year,
        params.nomenklatura.structure.bureau_size,
    );
    mark("ties", &mut parts);
    let indexes = (
        ByCategory::new(&pop.people, &pop.regions),
        ByNationality::new(&pop.people, &pop.regions),
        capacity::stratum(&pop.people),
    );
    mark("indexes", &mut parts);
    let listing = Listing::of(&pop.people, &pop.regions, |p| pop.army.full_scale(p));
    mark("registers' listing", &mut parts);
    drop((pop, ties, indexes, listing));
    let parts_s = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let society = Society::build(&params, scale, seed);
    let society_s = started.elapsed().as_secs_f64();
    let society_rss = resident("VmRSS");
    let mut w = sim::world_in(society, params, seed);
    let built = Instant::now();
    let world_s = (built - started).as_secs_f64() - society_s;
    sim::simulate(&mut w, &mut Quiet);
    let done = Instant::now();
    let l = &w.ledger;
    let counts = [
        ("arrests", l.arrests.len()),
        ("sentences", l.sentences.len()),
        ("accusations", l.accusations.len()),
        ("appointments", l.appointments.len()),
        ("dismissals", l.dismissals.len()),
        ("reinstatements", l.reinstatements.len()),
        ("deportations", l.deportations.len()),
    ];
    let events: usize = counts.iter().map(|(_, n)| n).sum();
    let loop_s = (done - built).as_secs_f64();
    println!(
        "scale {scale}: {} people; build {:.2} s, day loop {loop_s:.2} s",
        w.people.len(),
        (built - started).as_secs_f64()
    );
    println!(
        "  society {society_s:.2} s (people, army, nomenklatura, ties alone {parts_s:.2} s: {}), \
         the world on it {world_s:.2} s",
        parts
            .iter()
            .map(|(name, s)| format!("{name} {s:.2}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for (name, n) in counts {
        println!("  {name:<15} {n:>12}");
    }
    println!(
        "  {:<15} {events:>12}  ({:.2} us of day loop each)",
        "in all",
        loop_s / events.max(1) as f64 * 1e6
    );
    println!(
        "  memory: resident {} after the society's build, {} after the run (peak {}); the event \
         queue holds {:.1} MB for {} events",
        society_rss,
        resident("VmRSS"),
        resident("VmHWM"),
        w.queue.bytes() as f64 / 1e6,
        w.queue.len()
    );
    // What a run writes, computed (not written): the summary and the three tables.
    let outputs = Instant::now();
    let summary = chistka_model::summary::summary(&w);
    let summary_s = outputs.elapsed().as_secs_f64();
    let tables = [
        chistka_output::annual(&w),
        chistka_output::monthly(&w),
        chistka_output::daily(&w),
    ];
    println!(
        "  outputs: the summary ({} entries) {summary_s:.3} s, the annual, monthly and daily \
         tables ({} rows) {:.3} s",
        summary.len(),
        tables.iter().map(|t| t.rows.len()).sum::<usize>(),
        outputs.elapsed().as_secs_f64() - summary_s
    );
}

/// A figure of `/proc/self/status` in MB (`VmRSS`, the resident set; `VmHWM`, its peak), or
/// "not measured" where the file is not there.
fn resident(field: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with(field))?;
            let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{:.0} MB", kb / 1e3))
        })
        .unwrap_or_else(|| "not measured".into())
}
