//! `chistka run`.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use chistka_model::sim::{self, RunOptions};
use chistka_output::{RunInfo, annual, fingerprint, write_all};

use crate::experiment::Common;
use crate::progress::Bar;

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Scenario file, or the name of an embedded scenario (default: great-purge).
    scenario: Option<PathBuf>,
    #[command(flatten)]
    common: Common,
    /// Output directory.
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// Also write the case archive `cases.sqlite` (synthetic people; schema in docs/cases.md).
    #[arg(long)]
    cases: bool,
    /// Also write the accusation network `accusations.graphml`.
    #[arg(long)]
    graph: bool,
}

pub fn run(args: RunArgs) -> anyhow::Result<()> {
    // Validate everything before touching the output directory: a bad input writes nothing.
    let scenario = crate::load_scenario(args.scenario.as_ref())?;
    let pool = args.common.pool()?;
    let threads = pool.current_num_threads();
    crate::experiment::out_dir(&args.out)?;

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
    write_all(&args.out, &world, &info)?;
    let mut extra = String::new();
    if args.cases {
        chistka_output::write_cases(&args.out.join("cases.sqlite"), &world, &info)?;
        extra.push_str(", cases.sqlite");
    }
    if args.graph {
        chistka_output::write_graphml(&args.out.join("accusations.graphml"), &world)?;
        extra.push_str(", accusations.graphml");
    }

    let table = annual(&world);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "chistka {} | scenario {} | seed {} | scale {} ({} people simulated) | {:.1} s",
        info.version,
        info.scenario,
        info.seed,
        info.scale,
        chistka_format::count(info.people_simulated as f64),
        wall
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
        "Outputs in {}/ (annual.csv, monthly.csv, daily.csv, summary.json, run.json{extra})",
        args.out.display()
    )?;
    Ok(())
}
