//! `chistka ensemble`: many seeds of one scenario, with bands; resumable.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use chistka_analysis::ensemble::{EnsembleSpec, ensemble as run_ensemble};
use chistka_analysis::outcome::{Section, Societies};
use chistka_analysis::outputs::{ENSEMBLE, design};
use chistka_format::count;

use crate::experiment::{Common, Counter};

#[derive(Debug, clap::Args)]
pub struct EnsembleArgs {
    /// Scenario file, or the name of an embedded scenario (default: great-purge).
    scenario: Option<PathBuf>,
    /// Number of runs (seeds S, S+1, ...).
    #[arg(long, default_value_t = 20)]
    runs: usize,
    #[command(flatten)]
    common: Common,
    /// Output directory. Rerun the same command to resume an interrupted ensemble.
    #[arg(long, default_value = "out/ensemble")]
    out: PathBuf,
    /// Where the runs' synthetic people come from: `own` (run r draws its own population from
    /// seed S + r: each run is `chistka run --seed S+r`) or `shared` (one population, drawn
    /// from seed S, hosts every run: faster, and the bands then hold the dynamics' variation
    /// on that one population only).
    #[arg(long, default_value = "own", value_name = "WHERE")]
    society: String,
    /// Table format: csv or parquet.
    #[arg(long, value_enum, default_value_t = crate::experiment::TableFormat::Csv)]
    format: crate::experiment::TableFormat,
}

pub fn ensemble(args: EnsembleArgs) -> anyhow::Result<()> {
    let scenario = crate::load_scenario(args.scenario.as_ref())?;
    chistka_analysis::check_runs(args.runs, "an ensemble")?;
    let society = Societies::parse(&args.society)?;
    let pool = args.common.pool()?;
    let dir = crate::unit::resumable(&args.out, &ENSEMBLE.names())?;
    let spec = EnsembleSpec {
        scenario,
        scale: args.common.scale,
        first_seed: args.common.seed,
        runs: args.runs,
        society,
    };
    let provenance = crate::unit::Provenance {
        kind: "ensemble",
        scenario: &spec.scenario,
        other: None,
        seed: spec.first_seed,
        scale: spec.scale,
        design: design::ensemble(spec.runs, spec.society),
    };
    let started = Instant::now();
    let bar = Counter::new("ensemble");
    let report = run_ensemble(&spec, &pool, &args.out, &mut |d, t| bar.update(d, t))?;
    bar.finish();
    let wall = started.elapsed().as_secs_f64();
    let seeds = args.common.seeds(spec.runs);
    let info = serde_json::json!({
        "run_id": provenance.run_id(),
        "version": env!("CARGO_PKG_VERSION"),
        "git_commit": option_env!("CHISTKA_GIT_COMMIT"),
        "scenario": spec.scenario.name,
        "scenario_hash": chistka_output::fingerprint(&spec.scenario.canonical),
        "first_seed": spec.first_seed,
        "runs": spec.runs,
        "seeds": seeds,
        "scale": spec.scale,
        "society": spec.society.label(spec.first_seed),
        "threads": pool.current_num_threads(),
        "resumed_runs": report.resumed,
        "wall_seconds": (wall * 1000.0).round() / 1000.0,
        "note": "Bands over seeds of a synthetic population: no figure describes a real person.",
    });
    crate::experiment::write(&args.out, "ensemble.json", &format!("{info:#}\n"))?;
    args.format.copies(&args.out, &ENSEMBLE)?;
    crate::unit::commit_resumable(dir, &provenance)?;

    let mut out = std::io::stdout().lock();
    if report.dropped_partial_line {
        writeln!(
            out,
            "dropped a partial last line of runs.csv (an interrupted write)"
        )?;
    }
    writeln!(
        out,
        "ensemble | scenario {} | {} runs, seeds {}..={} ({} already done, {} run now) | scale {} | {:.1} s",
        spec.scenario.name,
        spec.runs,
        spec.first_seed,
        spec.first_seed + spec.runs as u64 - 1,
        report.resumed,
        report.ran,
        spec.scale,
        wall
    )?;
    writeln!(out, "Full-scale equivalents; synthetic people.")?;
    writeln!(
        out,
        "{:<32} {:>12} {:>12} {:>12} {:>12}",
        "figure", "mean", "p05", "p50", "p95"
    )?;
    for r in report.rows.iter().filter(|r| {
        (r.section == Section::Summary
            && (r.metric.ends_with("1937_1938") || r.metric.starts_with("arrests_by_cause")))
            || (r.section == Section::Annual && r.metric == "arrests")
    }) {
        let label = if r.period.is_empty() {
            r.metric.clone()
        } else {
            format!("{} {}", r.metric, r.period)
        };
        let b = r.bands;
        writeln!(
            out,
            "{label:<32} {:>12} {:>12} {:>12} {:>12}",
            count(b.mean),
            count(b.p05),
            count(b.p50),
            count(b.p95)
        )?;
    }
    writeln!(
        out,
        "Outputs in {}/ (runs.csv, annual_bands.csv, monthly_bands.csv, summary_bands.csv, ensemble.json)",
        args.out.display()
    )?;
    Ok(())
}
