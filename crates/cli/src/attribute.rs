//! `chistka attribute`: each mechanism's Shapley share, and the shares by cause.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use chistka_analysis::attribute::{OUTPUTS, attribute as run_attribute, share_text};

use chistka_format::count;

use crate::experiment::{Common, Counter};

#[derive(Debug, clap::Args)]
pub struct AttributeArgs {
    /// Scenario file, or the name of an embedded scenario (default: great-purge).
    scenario: Option<PathBuf>,
    /// Seeds; every coalition of mechanisms runs on each.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Estimate Shapley values from K random orders of the mechanisms instead of all 2^M
    /// coalitions (the default above 8 mechanisms, with K = 64).
    #[arg(long, value_name = "K")]
    permutations: Option<usize>,
    #[command(flatten)]
    common: Common,
    /// Output directory.
    #[arg(long, default_value = "out/attribution")]
    out: PathBuf,
}

pub fn attribute(args: AttributeArgs) -> anyhow::Result<()> {
    let scenario = crate::load_scenario(args.scenario.as_ref())?;
    chistka_analysis::check_runs(args.runs, "an attribution")?;
    let pool = args.common.pool()?;
    let staging = crate::unit::fresh(&args.out, &["attribution.csv"])?;
    let started = Instant::now();
    let bar = Counter::new("attribute");
    let a = run_attribute(
        &scenario,
        args.common.scale,
        args.common.seed,
        args.runs,
        args.permutations,
        &pool,
        &mut |d, t| bar.update(d, t),
    )?;
    bar.finish();
    crate::experiment::write(staging.dir(), "attribution.csv", &a.to_csv())?;
    let provenance = crate::unit::Provenance {
        kind: "attribute",
        scenario: &scenario,
        other: None,
        seed: args.common.seed,
        scale: args.common.scale,
        design: format!("runs={} permutations={:?}", args.runs, args.permutations),
    };
    crate::unit::commit_fresh(staging, &provenance, &["attribution.csv"])?;

    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "attribute | scenario {} | {} | scale {} | {:.1} s",
        scenario.name,
        a.method_note(),
        args.common.scale,
        started.elapsed().as_secs_f64()
    )?;
    writeln!(
        out,
        "Full-scale equivalents; synthetic people. Bands: 5-95% over {} seeds.",
        a.runs
    )?;
    for output in OUTPUTS {
        writeln!(
            out,
            "\nShapley shares of the effect of all mechanisms on {output}:"
        )?;
        for r in a.rows.iter().filter(|r| r.output == output) {
            match (r.kind, r.value, r.share) {
                ("shapley", Some(v), Some(s)) => {
                    writeln!(
                        out,
                        "  {:<28} {:>12}  {}",
                        r.name,
                        count(v.mean),
                        share_text(&s)
                    )?;
                }
                ("shapley", Some(v), None) => {
                    writeln!(out, "  {:<28} {:>12}", r.name, count(v.mean))?
                }
                ("total", Some(v), _) => {
                    writeln!(
                        out,
                        "  [{}] {:>12}",
                        r.name.replace('_', " "),
                        count(v.mean)
                    )?;
                }
                ("off", ..) => writeln!(out, "  {:<28} switched off in this scenario", r.name)?,
                _ => {}
            }
        }
    }
    writeln!(
        out,
        "\nArrests of 1937-38 by cause, from the provenance of each arrest:"
    )?;
    for kind in ["cause", "split"] {
        for r in a.rows.iter().filter(|r| r.kind == kind) {
            if let (Some(v), Some(s)) = (r.value, r.share) {
                let name = if kind == "split" {
                    format!("= {}", r.name.replace('_', " "))
                } else {
                    r.name.clone()
                };
                writeln!(
                    out,
                    "  {name:<28} {:>12}  {}",
                    count(v.mean),
                    share_text(&s)
                )?;
            }
        }
    }
    writeln!(
        out,
        "central = quota + national + centre; bottom up = denunciation + named + patronage; \
         ordinary policing is neither."
    )?;
    writeln!(out, "Output in {}/attribution.csv", args.out.display())?;
    Ok(())
}
