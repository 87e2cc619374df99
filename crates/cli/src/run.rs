//! `chistka run`.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use chistka_model::sim::{self, RunOptions};
use chistka_output::{Extras, RUN_FILES, RunInfo, Staging, annual, fingerprint, write_run};

use crate::experiment::Common;
use crate::progress::Bar;

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Scenario file, or the name of an embedded scenario (default: great-purge).
    scenario: Option<PathBuf>,
    #[command(flatten)]
    common: Common,
    /// Output directory, written as a unit: a rerun replaces all of it (see docs/outputs.md).
    #[arg(long, default_value = "out/run")]
    out: PathBuf,
    /// Also write the case archive `cases.sqlite` (synthetic people; schema in docs/cases.md).
    #[arg(long)]
    cases: bool,
    /// Also write the accusation network `accusations.graphml`.
    #[arg(long)]
    graph: bool,
    /// Table format: csv or parquet.
    #[arg(long, value_enum, default_value_t = crate::experiment::TableFormat::Csv)]
    format: crate::experiment::TableFormat,
    /// Last day, YYYY-MM-DD, replacing the scenario's `end`: a day after 1941-06-22 carries the
    /// run on to it with the long run (the elite and the party; writes longrun.csv and
    /// longrun_party.csv).
    #[arg(long, value_name = "YYYY-MM-DD")]
    until: Option<String>,
}

/// `scenario` with its `end` replaced by `until`, validated again.
pub fn with_until(
    scenario: chistka_scenario::Scenario,
    until: Option<&str>,
) -> anyhow::Result<chistka_scenario::Scenario> {
    let Some(until) = until else {
        return Ok(scenario);
    };
    let day: chistka_engine::calendar::Day = until.parse().map_err(|_| {
        anyhow::anyhow!("--until {until}: expected a date YYYY-MM-DD between 1934-01-02 and 2113")
    })?;
    let date = chistka_scenario::dotted::value(&day.to_string());
    Ok(chistka_scenario::with_overrides(
        &scenario,
        &[("end".into(), date)],
    )?)
}

pub fn run(args: RunArgs) -> anyhow::Result<()> {
    // Validate everything before touching the output directory: a bad input writes nothing.
    let scenario = with_until(
        crate::load_scenario(args.scenario.as_ref())?,
        args.until.as_deref(),
    )?;
    let pool = args.common.pool()?;
    let threads = pool.current_num_threads();
    // Refuse an output directory that cannot be replaced before spending the run on it.
    let (staging, leftovers) = Staging::begin(&args.out, RUN_FILES)?;
    report_leftovers(&leftovers);

    let started = Instant::now();
    let mut bar = Bar::new();
    let world = pool.install(|| {
        sim::run(
            scenario.params.clone(),
            RunOptions {
                scale: args.common.scale,
                seed: args.common.seed,
            },
            &mut bar,
        )
    })?;
    bar.finish();
    let wall = started.elapsed().as_secs_f64();

    let info = RunInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        git_commit: option_env!("CHISTKA_GIT_COMMIT").map(String::from),
        scenario: scenario.name.clone(),
        scenario_hash: fingerprint(&scenario.canonical),
        seed: args.common.seed,
        scale: args.common.scale,
        threads,
        wall_seconds: (wall * 1000.0).round() / 1000.0,
        people_simulated: world.people.len(),
        mass_weight: world.mass_weight,
        note: "The people simulated are synthetic: no record describes a real person.".into(),
    };
    let extras = Extras {
        cases: args.cases,
        graph: args.graph,
        format: args.format.output(),
    };
    let manifest = write_run(staging, &world, &info, extras)?;
    let mut extra = String::new();
    if args.cases {
        extra.push_str(", cases.sqlite");
    }
    if args.graph {
        extra.push_str(", accusations.graphml");
    }
    if world.longrun.is_some() {
        extra.push_str(&format!(
            ", longrun.{ext}, longrun_party.{ext}",
            ext = args.format.output().extension()
        ));
    }

    let table = annual(&world);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "chistka {} | scenario {} | seed {} | scale {} ({} people simulated) | {:.1} s | run {}",
        info.version,
        info.scenario,
        info.seed,
        info.scale,
        chistka_format::count(info.people_simulated as f64),
        wall,
        manifest.run_id
    )?;
    writeln!(out, "Full-scale equivalents; synthetic people.")?;
    let cols = [
        "arrests",
        "convictions",
        "executions",
        "releases",
        "deaths_in_custody",
        "camp_population_jan1",
        "party_members_jan1",
    ];
    write!(out, "{:>6}", "year")?;
    for c in cols {
        write!(
            out,
            " {:>14}",
            c.replace("_population", "").replace("_members", "")
        )?;
    }
    writeln!(out)?;
    for (year, _) in &table.rows {
        write!(out, "{year:>6}")?;
        for c in cols {
            write!(
                out,
                " {:>14}",
                table
                    .get(year, c)
                    .map_or_else(String::new, chistka_format::count)
            )?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "Outputs in {}/ (annual.{ext}, monthly.{ext}, daily.{ext}, summary.json, run.json{extra}, \
         manifest.json)",
        args.out.display(),
        ext = args.format.output().extension()
    )?;
    Ok(())
}

/// Says on stderr what interrupted runs had left beside an output directory (every command that
/// writes a directory as a unit calls this).
pub fn report_leftovers(found: &chistka_output::Leftovers) {
    for path in &found.removed {
        eprintln!("removed {}, left by an interrupted run", path.display());
    }
    for path in &found.in_progress {
        eprintln!(
            "note: {} belongs to a run that is still going (its process exists); left alone",
            path.display()
        );
    }
}
