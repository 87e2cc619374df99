//! `chistka validate`: a scenario against a target set, over several seeds.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use chistka_calibrate::{ensemble, stats, svg, targets};
use chistka_output::write_atomic;

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Scenario file, or the name of an embedded scenario (default: great-purge).
    scenario: Option<PathBuf>,
    /// Target set: archival, textbook, or a CSV file (see data/targets_archival.csv).
    #[arg(long, default_value = "archival")]
    targets: String,
    /// Seeds to run (1937, 1938, ...).
    #[arg(long, default_value_t = 10)]
    runs: usize,
    /// Population scale.
    #[arg(long, default_value_t = crate::run::DEFAULT_SCALE)]
    scale: f64,
    /// Worker threads. Default: all cores.
    #[arg(long)]
    threads: Option<usize>,
    /// Output directory for validate.csv, not_calibrated.csv and the charts.
    #[arg(long, default_value = "out/validate")]
    out: PathBuf,
}

pub fn pool(threads: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    let n = threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if n == 0 {
        anyhow::bail!("--threads must be at least 1");
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .context("starting worker threads")
}

pub fn check_scale(scale: f64) -> anyhow::Result<()> {
    if !(scale > 0.0 && scale <= 1.0) {
        anyhow::bail!("--scale must be in (0, 1], found {scale}");
    }
    Ok(())
}

fn num(x: f64) -> String {
    if !x.is_finite() {
        "n/a".into()
    } else if x.abs() >= 10.0 || x == x.trunc() {
        // Counts (and exact zeros) as whole numbers; shares and indices with three decimals.
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.3}")
    }
}

pub fn validate(args: ValidateArgs) -> anyhow::Result<()> {
    check_scale(args.scale)?;
    if args.runs == 0 {
        anyhow::bail!("--runs must be at least 1");
    }
    let scenario = crate::load_scenario(args.scenario.as_ref())?;
    let set = targets::load(&args.targets)?;
    let pool = pool(args.threads)?;
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    bar.set_message(format!("running {} seeds", args.runs));
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let seeds = ensemble::seeds(args.runs);
    let runs = ensemble::run(&pool, &scenario.params, &seeds, args.scale)?;
    bar.finish_and_clear();
    let rows = stats::compare(&set, &runs);

    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "target",
        "kind",
        "key",
        "period",
        "relation",
        "record",
        "model_mean",
        "model_q05",
        "model_q95",
        "relative_error",
        "tolerance",
        "within",
        "weight",
        "status",
        "source",
    ])?;
    for r in &rows {
        let t = &r.target;
        w.write_record([
            t.name.clone(),
            match t.kind {
                targets::Kind::Annual { .. } => "annual".into(),
                targets::Kind::Summary { .. } => "summary".into(),
            },
            t.key.clone(),
            t.period.clone(),
            match t.relation {
                targets::Relation::Eq => "eq".into(),
                targets::Relation::Ge => "ge".into(),
            },
            num(t.value),
            num(r.mean),
            num(r.q05),
            num(r.q95),
            format!("{:.4}", r.relative_error),
            format!("{}", t.tolerance),
            r.within.to_string(),
            format!("{}", t.weight),
            t.status.clone(),
            t.source.clone(),
        ])?;
    }
    write_atomic(&args.out.join("validate.csv"), &w.into_inner()?)?;
    let mut charts = Vec::new();
    for (series, rs) in svg::series(&rows) {
        let file = format!("chart-{series}.svg");
        write_atomic(&args.out.join(&file), svg::chart(&series, &rs).as_bytes())?;
        charts.push(file);
    }

    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "chistka validate | scenario {} | targets {} | {} seeds {}..={} | scale {}",
        scenario.name,
        set.name,
        args.runs,
        seeds[0],
        seeds[seeds.len() - 1],
        args.scale
    )?;
    writeln!(
        out,
        "{:<30} {:>12} {:>12} {:>25} {:>8} {:>5}  within",
        "target", "record", "model mean", "model 5-95%", "rel.err", "tol"
    )?;
    let (mut fitted, mut ok) = (0, 0);
    for r in &rows {
        let t = &r.target;
        let band = format!("{}..{}", num(r.q05), num(r.q95));
        let mark = if t.weight > 0.0 {
            fitted += 1;
            ok += usize::from(r.within);
            if r.within { "yes" } else { "NO" }
        } else if r.within {
            "yes (not fitted)"
        } else {
            "no (not fitted)"
        };
        let rel = if t.relation == targets::Relation::Ge {
            format!(">={}", num(t.value))
        } else {
            num(t.value)
        };
        writeln!(
            out,
            "{:<30} {:>12} {:>12} {:>25} {:>+7.1}% {:>4.0}%  {}",
            t.name,
            rel,
            num(r.mean),
            band,
            100.0 * r.relative_error,
            100.0 * t.tolerance,
            mark
        )?;
    }
    writeln!(
        out,
        "{ok} of {fitted} fitted targets within tolerance; loss {:.4}",
        stats::loss(&rows)
    )?;

    // Everything else the runs produce: out-of-sample behaviour, never fitted.
    let used_summary: BTreeSet<&str> = rows
        .iter()
        .filter_map(|r| match &r.target.kind {
            targets::Kind::Summary { keys } => Some(keys.iter().map(String::as_str)),
            targets::Kind::Annual { .. } => None,
        })
        .flatten()
        .collect();
    let mut nc = csv::Writer::from_writer(Vec::new());
    nc.write_record([
        "output",
        "key",
        "period",
        "model_mean",
        "model_q05",
        "model_q95",
    ])?;
    writeln!(
        out,
        "\nNot calibrated (out of sample; mean over seeds, 5-95% band):"
    )?;
    writeln!(out, "summary.json:")?;
    for key in runs[0]
        .summary
        .keys()
        .filter(|k| !used_summary.contains(k.as_str()))
    {
        let xs: Vec<f64> = runs
            .iter()
            .filter_map(|r| r.summary.get(key).copied())
            .collect();
        let r = stats::row(summary_target(key), xs);
        writeln!(
            out,
            "  {:<46} {:>12} {:>25}",
            key,
            num(r.mean),
            format!("{}..{}", num(r.q05), num(r.q95))
        )?;
        nc.write_record(["summary", key, "", &num(r.mean), &num(r.q05), &num(r.q95)])?;
    }
    writeln!(out, "annual.csv (cells not among the targets):")?;
    let annual = &runs[0].annual;
    let targeted = |col: &str, year: i16| {
        rows.iter().any(|r| {
            matches!(&r.target.kind, targets::Kind::Annual { column, from, to }
                if column == col && (*from..=*to).contains(&year))
        })
    };
    let years: Vec<String> = annual.rows.iter().map(|(y, _)| y.clone()).collect();
    write!(out, "  {:<32}", "column")?;
    for y in &years {
        write!(out, " {y:>9}")?;
    }
    writeln!(out)?;
    for col in annual.columns.iter().skip(1) {
        write!(out, "  {col:<32}")?;
        for y in &years {
            let year: i16 = y.parse().unwrap_or(0);
            if targeted(col, year) {
                write!(out, " {:>9}", "(target)")?;
                continue;
            }
            let xs: Vec<f64> = runs.iter().filter_map(|r| r.annual.get(y, col)).collect();
            let r = stats::row(summary_target(col), xs);
            write!(out, " {:>9}", num(r.mean))?;
            nc.write_record(["annual", col, y, &num(r.mean), &num(r.q05), &num(r.q95)])?;
        }
        writeln!(out)?;
    }
    write_atomic(&args.out.join("not_calibrated.csv"), &nc.into_inner()?)?;
    writeln!(
        out,
        "\nWritten to {}/: validate.csv, not_calibrated.csv, {}",
        args.out.display(),
        charts.join(", ")
    )?;
    Ok(())
}

/// A placeholder target, for the statistics of an output without a record.
fn summary_target(key: &str) -> targets::Target {
    targets::Target {
        name: key.into(),
        kind: targets::Kind::Summary {
            keys: vec![key.into()],
        },
        key: key.into(),
        period: String::new(),
        relation: targets::Relation::Eq,
        value: 1.0,
        tolerance: 1.0,
        weight: 0.0,
        status: String::new(),
        source: String::new(),
    }
}
