//! `chistka calibrate`: fit scenario parameters to a target set.

use std::io::Write;
use std::path::PathBuf;

use chistka_analysis::calibrate as fit;
use chistka_analysis::outputs::{CALIBRATE, design};
use chistka_analysis::targets;
use chistka_output::write_atomic;

use crate::experiment::Common;

#[derive(Debug, clap::Args)]
pub struct CalibrateArgs {
    /// Scenario file, or the name of an embedded scenario (default: great-purge).
    scenario: Option<PathBuf>,
    /// Target set: archival, patterns, textbook, or a CSV file (the validation set is refused:
    /// it is never fitted); ABC-SMC takes several, comma-separated.
    #[arg(long)]
    targets: String,
    /// How to fit: `nelder-mead` (a point estimate of --params) or `abc-smc` (posterior
    /// particles, credible intervals and model choice over --hypotheses).
    #[arg(long, value_enum, default_value_t = Method::NelderMead)]
    method: Method,
    /// Parameters to fit by Nelder-Mead: dotted keys, comma-separated
    /// (e.g. quota.grant_probability,camps.criminal_convicts_per_year.1936).
    #[arg(long)]
    params: Option<String>,
    /// ABC-SMC: hypotheses (embedded names or files, comma-separated, or `all`), each with its
    /// free parameters and priors (scenarios/hypotheses/).
    #[arg(long)]
    hypotheses: Option<String>,
    #[command(flatten)]
    sampler: crate::explain::SamplerArgs,
    /// Bounds of a parameter, KEY=LO..HI, replacing its declared bounds (repeatable).
    #[arg(long = "bounds")]
    bounds: Vec<String>,
    /// Evaluations at most (each runs every seed).
    #[arg(long, default_value_t = 100)]
    budget: usize,
    /// Seeds per evaluation (S, S+1, ...), the same for every candidate.
    #[arg(long, default_value_t = 4)]
    runs: usize,
    #[command(flatten)]
    common: Common,
    /// Output directory: calibration.log (resumed if present) and fitted.toml.
    #[arg(long, default_value = "out/calibrate")]
    out: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Method {
    NelderMead,
    AbcSmc,
}

pub fn calibrate(args: CalibrateArgs) -> anyhow::Result<()> {
    if args.method == Method::AbcSmc {
        if args.params.is_some() || args.scenario.is_some() {
            anyhow::bail!(
                "--method abc-smc fits the free parameters of --hypotheses (their priors are in the \
                 hypothesis files, scenarios/hypotheses/): give --hypotheses instead of a scenario \
                 and --params"
            );
        }
        let Some(list) = args.hypotheses.as_deref() else {
            anyhow::bail!("--method abc-smc needs --hypotheses (names, files or `all`)");
        };
        let out = if args.out == std::path::Path::new("out/calibrate") {
            PathBuf::from("out/calibrate-abc")
        } else {
            args.out.clone()
        };
        let on = crate::explain::On {
            scale: args.common.scale,
            seed: args.common.seed,
            threads: &args.common.threads,
        };
        let result = crate::explain::sample(list, &args.targets, &args.sampler, &on, &out)?;
        return crate::explain::print_table(&result, &out);
    }
    if args.hypotheses.is_some() {
        anyhow::bail!("--hypotheses is for --method abc-smc");
    }
    let Some(params) = args.params.as_deref() else {
        anyhow::bail!("--params is required: the dotted keys to fit (or use --method abc-smc)");
    };
    let scenario = crate::load_scenario(args.scenario.as_ref())?;
    let set = targets::load(&args.targets)?;
    // Before anything runs or is written: the validation set is never fitted.
    fit::refuse_never_fitted(&set)?;
    let specs = fit::parse_params(params, &args.bounds)?;
    chistka_analysis::check_runs(args.runs, "a calibration")?;
    if args.budget == 0 {
        anyhow::bail!("--budget 0: expected at least 1 evaluation");
    }
    let pool = args.common.pool()?;
    let dir = crate::unit::resumable(&args.out, &CALIBRATE.names())?;
    crate::experiment::out_dir(&args.out)?;
    let settings = fit::Settings {
        targets: set,
        seeds: args.common.seeds(args.runs),
        scale: args.common.scale,
        budget: args.budget,
        log: args.out.join("calibration.log"),
    };
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(args.budget as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "calibrating [{bar:30}] {pos}/{len} evaluations {elapsed} (eta {eta}) {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let outcome = fit::calibrate(&pool, &scenario, &specs, &settings, &mut |last, best| {
        bar.set_position(last.index as u64 + 1);
        bar.set_message(format!("best loss {}", chistka_format::sig(best.loss, 4)));
    })?;
    bar.finish_and_clear();

    let command: Vec<String> = std::env::args().collect();
    let date = jiff::Timestamp::now()
        .strftime("%Y-%m-%d %H:%M UTC")
        .to_string();
    let header = outcome.fitted_header(&specs, &settings, &command.join(" "), &date);
    write_atomic(
        &args.out.join("fitted.toml"),
        outcome.fitted_toml(&header).as_bytes(),
    )?;
    let provenance = crate::unit::Provenance {
        kind: "calibrate",
        scenario: &scenario,
        other: None,
        seed: args.common.seed,
        scale: args.common.scale,
        design: design::calibrate(
            args.runs,
            &settings.targets.name,
            params,
            &args.bounds,
            args.budget,
        ),
    };
    crate::unit::commit_resumable(dir, &provenance)?;

    let mut out = std::io::stdout().lock();
    for line in &header {
        writeln!(out, "{}", line.trim_start_matches("# "))?;
    }
    writeln!(
        out,
        "Written to {}/: fitted.toml, calibration.log",
        args.out.display()
    )?;
    Ok(())
}
