//! How a run's time splits between building the world and the day loop, and how many
//! person-events the day loop recorded: the figures behind `docs/performance.md`'s distance to
//! the floor (the day loop's seconds over its events).
//!
//! `cargo run --release -p chistka --example event_counts -- SCALE` (default scenario, seed 1937).
//! The people are synthetic.
#![allow(clippy::print_stdout)]

use std::time::Instant;

use chistka_model::sim::{self, Quiet, RunOptions};

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
    let started = Instant::now();
    let mut w = sim::build_world(params, RunOptions { scale, seed: 1937 }, &mut Quiet);
    let built = Instant::now();
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
    for (name, n) in counts {
        println!("  {name:<15} {n:>12}");
    }
    println!(
        "  {:<15} {events:>12}  ({:.2} us of day loop each)",
        "in all",
        loop_s / events.max(1) as f64 * 1e6
    );
}
