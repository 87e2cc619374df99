//! `chistka compare`: two scenarios on the same seeds.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use chistka_analysis::compare::compare as run_compare;
use chistka_analysis::outcome::Section;
use chistka_analysis::outputs::{COMPARE, design};

use crate::experiment::{Common, Counter};

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Scenario A (file or embedded name): the reference.
    a: PathBuf,
    /// Scenario B: differences are B - A.
    b: PathBuf,
    /// Number of seeds; both scenarios run on each.
    #[arg(long, default_value_t = 10)]
    runs: usize,
    #[command(flatten)]
    common: Common,
    /// Output directory.
    #[arg(long, default_value = "out/compare")]
    out: PathBuf,
    /// Table format: csv or parquet.
    #[arg(long, value_enum, default_value_t = crate::experiment::TableFormat::Csv)]
    format: crate::experiment::TableFormat,
}

pub fn compare(args: CompareArgs) -> anyhow::Result<()> {
    let a = crate::load_scenario(Some(&args.a))?;
    let b = crate::load_scenario(Some(&args.b))?;
    chistka_analysis::check_runs(args.runs, "a comparison")?;
    let pool = args.common.pool()?;
    let staging = crate::unit::fresh(&args.out, &COMPARE.names())?;
    let started = Instant::now();
    let bar = Counter::new("compare");
    let c = run_compare(
        &a,
        &b,
        args.common.scale,
        args.common.seed,
        args.runs,
        &pool,
        &mut |d, t| bar.update(d, t),
    )?;
    bar.finish();
    let csv = c.to_csv();
    crate::experiment::write(staging.dir(), "comparison.csv", &csv)?;
    args.format.copies(staging.dir(), &COMPARE)?;
    let table = chistka_report::Table::parse(&csv).map_err(anyhow::Error::msg)?;
    let svg =
        chistka_report::comparison_chart::comparison_svg(&table, &c.a_name, &c.b_name, c.runs)
            .map_err(anyhow::Error::msg)?;
    crate::experiment::write(staging.dir(), "comparison.svg", &svg)?;
    let provenance = crate::unit::Provenance {
        kind: "compare",
        scenario: &a,
        other: Some(&b),
        seed: args.common.seed,
        scale: args.common.scale,
        design: design::compare(args.runs),
    };
    crate::unit::commit_fresh(staging, &provenance, &COMPARE.names())?;

    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "compare | A {} | B {} | {} seeds from {} (common random numbers) | scale {} | {:.1} s",
        c.a_name,
        c.b_name,
        c.runs,
        args.common.seed,
        args.common.scale,
        started.elapsed().as_secs_f64()
    )?;
    writeln!(
        out,
        "Full-scale equivalents; synthetic people. diff = B - A, seed by seed."
    )?;
    writeln!(
        out,
        "{:<40} {:>12} {:>12} {:>12} {:>12} {:>12}",
        "figure", "A", "B", "diff", "diff p05", "diff p95"
    )?;
    for r in c.rows.iter().filter(|r| {
        r.section == Section::Summary
            || (r.section == Section::Annual
                && ["arrests", "executions"].contains(&r.metric.as_str()))
    }) {
        let label = if r.period.is_empty() {
            r.metric.clone()
        } else {
            format!("{} {}", r.metric, r.period)
        };
        let f = chistka_format::figure;
        writeln!(
            out,
            "{label:<40} {:>12} {:>12} {:>12} {:>12} {:>12}",
            f(r.a.mean),
            f(r.b.mean),
            f(r.diff.mean),
            f(r.diff.p05),
            f(r.diff.p95)
        )?;
    }
    writeln!(
        out,
        "Outputs in {}/ (comparison.csv, comparison.svg)",
        args.out.display()
    )?;
    Ok(())
}
