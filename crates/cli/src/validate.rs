//! `chistka validate`: a scenario against a target set, over several seeds.

use std::io::Write;
use std::path::PathBuf;

use chistka_analysis::outputs::{VALIDATE, design};
use chistka_analysis::targets::{self, Relation};
use chistka_analysis::validate::{self, Row};
use chistka_format::{figure, pct};
use chistka_output::write_atomic;
use chistka_report::target_chart::{TargetMark, target_chart};

use crate::experiment::{Common, Counter};

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Scenario file, or the name of an embedded scenario (default: great-purge).
    scenario: Option<PathBuf>,
    /// Target set: archival, textbook, validation (composition and institutions, never
    /// fitted), or a CSV file (see data/targets_archival.csv).
    #[arg(long, default_value = "archival")]
    targets: String,
    /// Seeds to run (S, S+1, ...). Check a fit on fresh seeds with another --seed.
    #[arg(long, default_value_t = 10)]
    runs: usize,
    #[command(flatten)]
    common: Common,
    /// Output directory for validate.csv, not_calibrated.csv and the charts.
    #[arg(long, default_value = "out/validate")]
    out: PathBuf,
    /// Table format: csv or parquet.
    #[arg(long, value_enum, default_value_t = crate::experiment::TableFormat::Csv)]
    format: crate::experiment::TableFormat,
}

/// The marks of a validation chart: one per target of a series.
pub fn marks(rows: &[&Row]) -> (bool, Vec<TargetMark>) {
    let relative = rows.iter().any(|r| r.target.series() == "summary");
    let marks = rows
        .iter()
        .map(|r| TargetMark {
            label: if relative {
                r.target.name.clone()
            } else {
                r.target.period.clone()
            },
            record: r.target.value,
            tolerance: r.target.tolerance,
            mean: r.mean,
            q05: r.q05,
            q95: r.q95,
        })
        .collect();
    (relative, marks)
}

pub fn validate(args: ValidateArgs) -> anyhow::Result<()> {
    let scenario = crate::load_scenario(args.scenario.as_ref())?;
    let set = targets::load(&args.targets)?;
    chistka_analysis::check_runs(args.runs, "a validation")?;
    let pool = args.common.pool()?;
    let staging = crate::unit::fresh(&args.out, &VALIDATE.names())?;
    let seeds = args.common.seeds(args.runs);
    let bar = Counter::new("validate");
    let runs = chistka_analysis::outcome::run_seeds(
        &pool,
        &scenario,
        args.common.scale,
        &seeds,
        &mut |d, t| bar.update(d, t),
    )?;
    bar.finish();
    // A target the model does not produce is an error before anything is written, except in a
    // set that is never fitted (the validation set): there it is skipped with the reason, since
    // the record asks for outputs that mechanisms still to come will produce.
    let never_fitted = set.never_fitted();
    let (set, skipped) = validate::usable(set, &runs)?;
    let rows = validate::compare(&set, &runs);
    let uncalibrated = validate::uncalibrated(&rows, &runs);

    write_atomic(
        &staging.dir().join("validate.csv"),
        validate::validate_csv(&rows).as_bytes(),
    )?;
    write_atomic(
        &staging.dir().join("not_calibrated.csv"),
        validate::uncalibrated_csv(&uncalibrated).as_bytes(),
    )?;
    write_atomic(
        &staging.dir().join("skipped.csv"),
        validate::skipped_csv(&skipped).as_bytes(),
    )?;
    args.format.copies(staging.dir(), &VALIDATE)?;
    let mut charts = Vec::new();
    for (series, rs) in validate::series(&rows) {
        let file = format!("chart-{series}.svg");
        let (relative, marks) = marks(&rs);
        write_atomic(
            &staging.dir().join(&file),
            target_chart(&series, relative, &marks).as_bytes(),
        )?;
        charts.push(file);
    }
    let provenance = crate::unit::Provenance {
        kind: "validate",
        scenario: &scenario,
        other: None,
        seed: args.common.seed,
        scale: args.common.scale,
        design: design::validate(args.runs, &set.name),
    };
    crate::unit::commit_fresh(staging, &provenance, &VALIDATE.names())?;

    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "chistka validate | scenario {} | targets {} | {} seeds {}..={} | scale {}",
        scenario.name,
        set.name,
        args.runs,
        seeds[0],
        seeds[seeds.len() - 1],
        args.common.scale
    )?;
    writeln!(
        out,
        "{:<30} {:>12} {:>12} {:>25} {:>8} {:>5}  within",
        "target", "record", "model mean", "model 5-95%", "rel.err", "tol"
    )?;
    let (mut fitted, mut ok) = (0, 0);
    for r in &rows {
        let t = &r.target;
        let band = format!("{}..{}", figure(r.q05), figure(r.q95));
        let mark = if t.weight > 0.0 {
            fitted += 1;
            ok += usize::from(r.within);
            if r.within { "yes" } else { "NO" }
        } else if never_fitted {
            if r.within {
                "yes (not calibrated)"
            } else {
                "no (not calibrated)"
            }
        } else if r.within {
            "yes (not fitted)"
        } else {
            "no (not fitted)"
        };
        let rel = match t.relation {
            Relation::Ge => format!(">={}", figure(t.value)),
            Relation::Le => format!("<={}", figure(t.value)),
            Relation::Eq => figure(t.value),
        };
        writeln!(
            out,
            "{:<30} {:>12} {:>12} {:>25} {:>8} {:>5}  {}",
            t.name,
            rel,
            figure(r.mean),
            band,
            pct(r.relative_error),
            pct(t.tolerance),
            mark
        )?;
    }
    if never_fitted {
        let within = rows.iter().filter(|r| r.within).count();
        writeln!(
            out,
            "{within} of {} targets within tolerance; not calibrated: this set is never fitted \
             (chistka calibrate refuses it), so these are out-of-sample results",
            rows.len()
        )?;
        if !skipped.is_empty() {
            writeln!(
                out,
                "\nSkipped ({}: the model does not produce these outputs yet):",
                skipped.len()
            )?;
            for (t, reason) in &skipped {
                writeln!(out, "  {:<30} {}", t.name, reason)?;
            }
        }
    } else {
        writeln!(
            out,
            "{ok} of {fitted} fitted targets within tolerance; loss {}",
            chistka_format::sig(validate::loss(&rows), 4)
        )?;
    }
    writeln!(
        out,
        "\nNot calibrated (out of sample; mean over seeds, 5-95% band):"
    )?;
    for u in &uncalibrated {
        let name = if u.period.is_empty() {
            u.key.clone()
        } else {
            format!("{} {}", u.key, u.period)
        };
        writeln!(
            out,
            "  {:<46} {:>12} {:>25}",
            name,
            figure(u.bands.mean),
            format!("{}..{}", figure(u.bands.p05), figure(u.bands.p95))
        )?;
    }
    writeln!(
        out,
        "\nWritten to {}/: validate.csv, not_calibrated.csv, skipped.csv, {}",
        args.out.display(),
        charts.join(", ")
    )?;
    Ok(())
}
