//! `chistka sweep`: a grid or Latin hypercube over scenario parameters.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use chistka_analysis::outputs;
use chistka_analysis::spec::ParamSpec;
use chistka_analysis::sweep::{SweepSpec, design, sweep as run_sweep};

use crate::experiment::{Common, Counter};

#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    /// Scenario file, or the name of an embedded scenario (default: great-purge).
    scenario: Option<PathBuf>,
    /// A parameter by its dotted TOML key: `key=v1,v2,...` (a grid axis) or `key=lo..hi` (a
    /// range for --lhs). Repeat for more parameters.
    #[arg(long = "param", required = true)]
    params: Vec<String>,
    /// Sample N points of a Latin hypercube over the ranges (crossed with any grid axes).
    #[arg(long, value_name = "N")]
    lhs: Option<usize>,
    /// Runs (seeds S, S+1, ...) per point; every point runs on the same seeds.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    #[command(flatten)]
    common: Common,
    /// Output directory. Rerun the same command to resume an interrupted sweep.
    #[arg(long, default_value = "out/sweep")]
    out: PathBuf,
    /// Table format: csv or parquet.
    #[arg(long, value_enum, default_value_t = crate::experiment::TableFormat::Csv)]
    format: crate::experiment::TableFormat,
}

pub fn sweep(args: SweepArgs) -> anyhow::Result<()> {
    let scenario = crate::load_scenario(args.scenario.as_ref())?;
    let specs: Vec<ParamSpec> = args
        .params
        .iter()
        .map(|p| ParamSpec::parse("--param", p))
        .collect::<Result<_, _>>()?;
    let points = design(&specs, args.lhs, args.common.seed)?;
    chistka_analysis::check_runs(args.runs, "a sweep")?;
    // The library checks every point before it creates the directory: a bad point writes nothing.
    let pool = args.common.pool()?;
    let dir = crate::unit::resumable(&args.out, &outputs::SWEEP.names())?;
    let spec = SweepSpec {
        scenario,
        points,
        scale: args.common.scale,
        first_seed: args.common.seed,
        runs: args.runs,
    };
    let provenance = crate::unit::Provenance {
        kind: "sweep",
        scenario: &spec.scenario,
        other: None,
        seed: spec.first_seed,
        scale: spec.scale,
        design: outputs::design::sweep(spec.runs, &args.params, args.lhs),
    };
    let started = Instant::now();
    let bar = Counter::new("sweep");
    let report = run_sweep(&spec, &pool, &args.out, &mut |d, t| bar.update(d, t))?;
    bar.finish();
    args.format.copies(&args.out, &outputs::SWEEP)?;
    crate::unit::commit_resumable(dir, &provenance)?;
    let mut out = std::io::stdout().lock();
    if report.dropped_partial_line {
        writeln!(
            out,
            "dropped a partial last line of sweep.csv (an interrupted write)"
        )?;
    }
    writeln!(
        out,
        "sweep | scenario {} | {} points x {} runs | {} rows already done, {} run now | {:.1} s",
        spec.scenario.name,
        spec.points.len(),
        spec.runs,
        report.resumed,
        report.ran,
        started.elapsed().as_secs_f64()
    )?;
    writeln!(
        out,
        "Outputs in {}/ (points.csv, sweep.csv); full-scale equivalents, synthetic people.",
        args.out.display()
    )?;
    Ok(())
}
