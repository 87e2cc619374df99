//! `chistka attribute`: each mechanism's Shapley share, and the shares by cause; with
//! `--explain DIR`, under each hypothesis of a `chistka explain` posterior.

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
    /// Seeds; every coalition of mechanisms runs on each (default 5).
    #[arg(long)]
    runs: Option<usize>,
    /// Estimate Shapley values from K random orders of the mechanisms instead of all 2^M
    /// coalitions (the default above 8 mechanisms, with K = 64; with --explain, K = 16 for each
    /// draw).
    #[arg(long, value_name = "K")]
    permutations: Option<usize>,
    /// Decompose the posterior of this `chistka explain` output directory instead of a
    /// scenario: each hypothesis at particles drawn by weight from its particles.csv, and their
    /// mixture by posterior probability (attribution_posterior.csv).
    #[arg(long, value_name = "DIR", conflicts_with_all = ["scenario", "runs"])]
    explain: Option<PathBuf>,
    /// With --explain: particles drawn per hypothesis, each decomposed on its own seed.
    #[arg(long, default_value_t = 4, requires = "explain")]
    draws: usize,
    /// With --explain: the hypotheses the explain run was sampled over (names or files; `all`
    /// for the four embedded ones).
    #[arg(long, default_value = "all", requires = "explain")]
    hypotheses: String,
    #[command(flatten)]
    common: Common,
    /// Output directory.
    #[arg(long, default_value = "out/attribution")]
    out: PathBuf,
}

pub fn attribute(args: AttributeArgs) -> anyhow::Result<()> {
    if let Some(dir) = &args.explain {
        return posterior(&args, dir);
    }
    let scenario = crate::load_scenario(args.scenario.as_ref())?;
    let runs = args.runs.unwrap_or(5);
    chistka_analysis::check_runs(runs, "an attribution")?;
    let pool = args.common.pool()?;
    let staging = crate::unit::fresh(&args.out, &["attribution.csv"])?;
    let started = Instant::now();
    let bar = Counter::new("attribute");
    let a = run_attribute(
        &scenario,
        args.common.scale,
        args.common.seed,
        runs,
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
        design: format!("runs={runs} permutations={:?}", args.permutations),
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

/// `attribute --explain DIR`: the decomposition under each hypothesis of a posterior.
fn posterior(args: &AttributeArgs, dir: &std::path::Path) -> anyhow::Result<()> {
    use chistka_analysis::attribute::posterior as post;
    const FILE: &str = "attribution_posterior.csv";
    let hyps = chistka_analysis::hypotheses::load_list(&args.hypotheses)?;
    let path = dir.join("particles.csv");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        anyhow::anyhow!(
            "{}: {e}: --explain takes the output directory of `chistka explain`",
            path.display()
        )
    })?;
    let particles = post::read_particles(&path, &text, &hyps)?;
    chistka_analysis::check_runs(args.draws, "an attribution of the posterior")?;
    chistka_analysis::outcome::check_scale(args.common.scale)?;
    let permutations = Some(args.permutations.unwrap_or(16));
    let pool = args.common.pool()?;
    let staging = crate::unit::fresh(&args.out, &[FILE])?;
    let started = Instant::now();
    let bar = Counter::new("attribute");
    let a = post::attribute_posterior(
        &hyps,
        &particles,
        args.draws,
        args.common.scale,
        args.common.seed,
        permutations,
        &pool,
        &mut |d, t| bar.update(d, t),
    )?;
    bar.finish();
    crate::experiment::write(staging.dir(), FILE, &a.to_csv())?;
    let provenance = crate::unit::Provenance {
        kind: "attribute",
        scenario: &hyps[0].scenario,
        other: None,
        seed: args.common.seed,
        scale: args.common.scale,
        design: format!(
            "explain={} hypotheses={} draws={} permutations={permutations:?}",
            dir.display(),
            args.hypotheses,
            args.draws
        ),
    };
    crate::unit::commit_fresh(staging, &provenance, &[FILE])?;

    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "attribute --explain {} | {} draws per hypothesis, {:?} | {} runs | scale {} | {:.1} s",
        dir.display(),
        args.draws,
        a.method,
        a.runs,
        args.common.scale,
        started.elapsed().as_secs_f64()
    )?;
    writeln!(
        out,
        "Shapley shares of the effect of all mechanisms on {}, mean [5-95% over the draws]; \
         full-scale equivalents, synthetic people.",
        OUTPUTS[0]
    )?;
    let mut seen = Vec::new();
    for r in &a.rows {
        if !seen.contains(&r.hypothesis) {
            seen.push(r.hypothesis.clone());
            let label = if r.hypothesis == "posterior" {
                "posterior (the hypotheses mixed by probability)".to_string()
            } else {
                format!("{} (probability {:.3})", r.hypothesis, r.probability)
            };
            writeln!(out, "\n{label}:")?;
        }
        let (row, name) = (&r.row, r.row.name.as_str());
        if row.output != OUTPUTS[0] {
            continue;
        }
        match (row.kind, row.value, row.share) {
            ("shapley", Some(v), Some(s)) => writeln!(
                out,
                "  {:<28} {:>12}  {}",
                name,
                count(v.mean),
                share_text(&s)
            )?,
            ("split", Some(v), Some(s)) => writeln!(
                out,
                "  = {:<26} {:>12}  {} of arrests by provenance",
                name.replace('_', " "),
                count(v.mean),
                share_text(&s)
            )?,
            _ => {}
        }
    }
    writeln!(out, "Output in {}/{FILE}", args.out.display())?;
    Ok(())
}
