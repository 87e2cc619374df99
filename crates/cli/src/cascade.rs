//! `chistka cascade`: the interrogation snowball alone, on a network read from a file.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use chistka_cascade::graph::Graph;
use chistka_cascade::sir::{self, Params};
use chistka_engine::streams::Streams;
use rayon::prelude::*;

#[derive(Debug, clap::Args)]
pub struct CascadeArgs {
    /// The network: an edge list (`u v` per line, integer ids from 0 to 4294967294, `#`
    /// comments) or a CSV file with a header line (`source,target`). Undirected; self-loops and
    /// duplicates are ignored. Ids need not be contiguous: memory follows the distinct ids.
    #[arg(long)]
    edges: PathBuf,
    /// Naming rate: how often an arrested person names each free neighbour, per day.
    #[arg(long)]
    tau: f64,
    /// Sentencing rate: how often an arrested person's case is closed, per day.
    #[arg(long)]
    gamma: f64,
    /// How many people are arrested at time 0: the K nodes with the smallest ids in the file.
    #[arg(long, default_value_t = 10)]
    initial: usize,
    /// Seed of the batch; run r draws from its own stream, whatever the thread count.
    #[arg(long, default_value_t = 1937)]
    seed: u64,
    /// Number of independent runs.
    #[arg(long, default_value_t = 1)]
    runs: u64,
    #[command(flatten)]
    threads: crate::experiment::Threads,
}

/// Prints one JSON line per run, in run order, to stdout; the loading time goes to stderr.
pub fn cascade(args: CascadeArgs) -> anyhow::Result<()> {
    let threads = args.threads.count()?;
    if args.runs == 0 {
        anyhow::bail!("--runs 0: a cascade needs at least one run");
    }
    let started = Instant::now();
    let graph = Graph::load(&args.edges)?;
    eprintln!(
        "loaded {} nodes, {} edges in {:.3} s",
        graph.node_count(),
        graph.edge_count(),
        started.elapsed().as_secs_f64()
    );
    let params = Params::new(args.tau, args.gamma, args.initial, graph.node_count())?;
    let pool = args.threads.pool()?;
    let streams = Streams::new(args.seed);

    let mut out = std::io::stdout().lock();
    // Runs go to the pool a few batches at a time, so results appear as they come while the
    // output stays in run order.
    let batch = threads as u64 * 4;
    let mut first = 0;
    while first < args.runs {
        let last = (first + batch).min(args.runs);
        let results: Vec<(sir::Outcome, f64)> = pool.install(|| {
            (first..last)
                .into_par_iter()
                .map(|r| {
                    let mut rng = streams.stream2(sir::STREAM_KEY, r);
                    let t0 = Instant::now();
                    let outcome = sir::run(&graph, &params, &mut rng);
                    (outcome, t0.elapsed().as_secs_f64())
                })
                .collect()
        });
        for (r, (outcome, seconds)) in (first..).zip(results) {
            writeln!(
                out,
                "{{\"run\":{r},\"final_size\":{},\"events\":{},\"seconds\":{seconds:.6}}}",
                outcome.final_size, outcome.events
            )?;
        }
        out.flush()?;
        first = last;
    }
    Ok(())
}
