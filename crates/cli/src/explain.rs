//! `chistka explain`: which explanations of the terror fit the record (ABC-SMC model choice over
//! the hypotheses of `scenarios/hypotheses/`), and `chistka calibrate --method abc-smc`, the same
//! sampler over any hypotheses and target sets.

use std::io::Write;
use std::path::PathBuf;

use chistka_analysis::outputs::{EXPLAIN, design};
use chistka_analysis::{abc, explain as choice, hypotheses, targets};

use crate::experiment::Threads;

/// The sampler's arguments, shared by `explain` and `calibrate --method abc-smc`.
#[derive(Debug, clap::Args)]
pub struct SamplerArgs {
    /// Accepted particles per generation.
    #[arg(long, default_value_t = 200)]
    pub particles: usize,
    /// Generations at most, the prior sample included.
    #[arg(long, default_value_t = 6)]
    pub generations: usize,
    /// Simulations at most, in all.
    #[arg(long = "max-simulations", default_value_t = 8_000)]
    pub max_simulations: usize,
    /// Each generation's tolerance is this quantile of the last one's distances.
    #[arg(long, default_value_t = 0.5)]
    pub quantile: f64,
    /// Fresh runs per hypothesis for the posterior predictive.
    #[arg(long = "predictive-runs", default_value_t = 40)]
    pub predictive_runs: usize,
    /// Where the sampler's simulations get their synthetic population: `own` (each simulation
    /// draws its own from its seed: the path the recovery check has validated) or `shared`
    /// (one, drawn once from the seed, hosts every proposal: faster, but the sampler is then
    /// conditioned on one synthetic population; the predictive runs still draw their own).
    #[arg(long, default_value = "own", value_name = "WHERE")]
    pub society: String,
}

/// What the sampler runs on: scale, seed, threads.
#[derive(Debug)]
pub struct On<'a> {
    pub scale: f64,
    pub seed: u64,
    pub threads: &'a Threads,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// Hypotheses: names of embedded ones or paths of hypothesis files, comma-separated, or
    /// `all` (top-down, bottom-up, snowball, mixed).
    #[arg(long, default_value = "all")]
    hypotheses: String,
    /// Target sets whose fitted targets are the record, comma-separated.
    #[arg(long, default_value = "archival,patterns")]
    targets: String,
    #[command(flatten)]
    sampler: SamplerArgs,
    /// Population scale of every simulation (1 = 162.0 million people).
    #[arg(long, default_value_t = 0.002)]
    scale: f64,
    /// Seed of the sampler (every simulation's seed derives from it).
    #[arg(long, default_value_t = 1937)]
    seed: u64,
    #[command(flatten)]
    threads: Threads,
    /// Instead of the record: the recovery check over this many synthetic records drawn from
    /// the hypotheses' priors (recovery.csv, resumed if present; recovery_summary.csv; each
    /// record's particles in recovery_particles/).
    #[arg(long)]
    recovery: Option<usize>,
    /// What the recovery check runs on each record: `both` (the model choice for the choice,
    /// a fit of the true hypothesis alone for the parameters' coverage), `choice` (the model
    /// choice only, parameters read from it) or `parameters` (the fit alone).
    #[arg(long = "recovery-check", default_value = "both", value_name = "WHAT")]
    recovery_check: String,
    /// Output directory: hypotheses.csv, parameters.csv, predictive.csv, particles.csv and
    /// abc.log (resumed if present).
    #[arg(long, default_value = "out/explain")]
    out: PathBuf,
}

pub fn explain(args: ExplainArgs) -> anyhow::Result<()> {
    let on = On {
        scale: args.scale,
        seed: args.seed,
        threads: &args.threads,
    };
    if let Some(datasets) = args.recovery {
        return recovery(&args, &on, datasets);
    }
    let result = sample(
        &args.hypotheses,
        &args.targets,
        &args.sampler,
        &on,
        &args.out,
    )?;
    print_table(&result, &args.out)?;
    Ok(())
}

/// Loads everything, checks it, samples, writes the directory; nothing is written before the
/// arguments are checked.
pub fn sample(
    hypotheses_list: &str,
    targets_list: &str,
    a: &SamplerArgs,
    on: &On<'_>,
    out: &std::path::Path,
) -> anyhow::Result<choice::Explanation> {
    let (hyps, pool, settings) = prepare(hypotheses_list, targets_list, a, on, out)?;
    let dir = crate::unit::resumable(out, &EXPLAIN.names())?;
    crate::experiment::out_dir(out)?;
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(a.generations as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "sampling [{bar:30}] {pos}/{len} generations {elapsed}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let result = choice::explain(&pool, &hyps, &settings, &mut |done, _| {
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    let write =
        |name: &str, text: String| chistka_output::write_atomic(&out.join(name), text.as_bytes());
    write("hypotheses.csv", result.hypotheses_csv())?;
    write("predictive.csv", result.predictive_csv())?;
    write("counterfactuals.csv", result.counterfactuals_csv())?;
    // The intervals both plain and adjusted by regression against the record the particles
    // were accepted by (docs/explanations.md, section 6).
    let (observed, distance) = choice::observed_and_distance(&result.targets);
    result
        .posterior
        .write_summary(&out.join("parameters.csv"), &observed, &distance)?;
    result
        .posterior
        .write_particles(&out.join("particles.csv"))?;
    commit(dir, &hyps, hypotheses_list, targets_list, &settings, on)?;
    Ok(result)
}

type Prepared = (
    Vec<hypotheses::Hypothesis>,
    rayon::ThreadPool,
    choice::Settings,
);

/// Loads and checks the hypotheses, the target sets, the scale and the threads.
fn prepare(
    hypotheses_list: &str,
    targets_list: &str,
    a: &SamplerArgs,
    on: &On<'_>,
    out: &std::path::Path,
) -> anyhow::Result<Prepared> {
    let hyps = hypotheses::load_list(hypotheses_list)?;
    let mut sets = Vec::new();
    for name in targets_list
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let set = targets::load(name)?;
        chistka_analysis::calibrate::refuse_never_fitted(&set)?;
        sets.push(set);
    }
    if sets.is_empty() {
        anyhow::bail!("--targets: give at least one target set (archival, patterns or a file)");
    }
    chistka_analysis::outcome::check_scale(on.scale)?;
    let pool = on.threads.pool()?;
    let settings = choice::Settings {
        targets: sets,
        scale: on.scale,
        abc: abc::Settings {
            particles: a.particles,
            generations: a.generations,
            quantile: a.quantile,
            min_acceptance: 0.01,
            max_simulations: a.max_simulations,
            model_stay: 0.7,
            seed: on.seed,
            batch: 2 * pool.current_num_threads().max(1),
        },
        predictive_runs: a.predictive_runs,
        log: Some(out.join("abc.log")),
        society: chistka_analysis::outcome::Societies::parse(&a.society)?,
    };
    Ok((hyps, pool, settings))
}

fn commit(
    dir: chistka_output::InPlace,
    hyps: &[hypotheses::Hypothesis],
    hypotheses_list: &str,
    targets_list: &str,
    settings: &choice::Settings,
    on: &On<'_>,
) -> anyhow::Result<()> {
    let provenance = crate::unit::Provenance {
        kind: "explain",
        scenario: &hyps[0].scenario,
        other: None,
        seed: on.seed,
        scale: on.scale,
        design: design::explain(
            hypotheses_list,
            targets_list,
            &settings.abc,
            settings.predictive_runs,
            settings.society,
        ),
    };
    crate::unit::commit_resumable(dir, &provenance)
}

/// `explain --recovery N`: the check that the model choice finds a known truth.
fn recovery(args: &ExplainArgs, on: &On<'_>, datasets: usize) -> anyhow::Result<()> {
    use chistka_analysis::recovery;
    if datasets == 0 {
        anyhow::bail!("--recovery 0: expected at least one synthetic record");
    }
    let what = recovery::Check::parse(&args.recovery_check)?;
    let (hyps, pool, settings) = prepare(
        &args.hypotheses,
        &args.targets,
        &args.sampler,
        on,
        &args.out,
    )?;
    let dir = crate::unit::resumable(&args.out, &EXPLAIN.names())?;
    crate::experiment::out_dir(&args.out)?;
    let counter = crate::experiment::Counter::new("recovery");
    let cases = recovery::check(
        &pool,
        &hyps,
        &settings,
        what,
        datasets,
        &args.out.join("recovery.csv"),
        &mut |done, all| counter.update(done, all),
    )?;
    counter.finish();
    let rates = recovery::rates(&cases, &hyps);
    let text = recovery_summary(&rates, &hyps);
    chistka_output::write_atomic(&args.out.join("recovery_summary.csv"), text.as_bytes())?;
    commit(dir, &hyps, &args.hypotheses, &args.targets, &settings, on)?;
    let mut out = std::io::stdout().lock();
    let chose = rates.chosen_of > 0;
    writeln!(
        out,
        "chistka explain --recovery --recovery-check {} | {} synthetic records | {}",
        what.name(),
        rates.datasets,
        if chose {
            format!("true hypothesis chosen in {}", percent(rates.chosen_rate))
        } else {
            "no model choice run".to_string()
        }
    )?;
    for (m, (n, rate)) in rates.by_hypothesis.iter().enumerate() {
        if chose {
            writeln!(
                out,
                "  {:<12} generated {n:>3}, chosen {}",
                hyps[m].name,
                percent(*rate)
            )?;
        } else {
            writeln!(out, "  {:<12} generated {n:>3}", hyps[m].name)?;
        }
    }
    writeln!(
        out,
        "{:<12} {:<60} {:>4} {:>9} {:>9}  ranks ({} bins), adjusted ranks",
        "hypothesis",
        "parameter",
        "n",
        "90% cover",
        "adjusted",
        recovery::BINS
    )?;
    for r in &rates.coverage {
        writeln!(
            out,
            "{:<12} {:<60} {:>4} {:>9} {:>9}  {:?} {:?}",
            hyps[r.model].name,
            r.key,
            r.datasets,
            percent(r.coverage),
            percent(r.coverage_adjusted),
            r.ranks.bins,
            r.ranks_adjusted.bins
        )?;
    }
    // The band, counted for each reading over the parameters that have records.
    let rated: Vec<_> = rates.coverage.iter().filter(|r| r.datasets > 0).collect();
    let within = |rate: &dyn Fn(&recovery::ParameterRates) -> f64| {
        rated
            .iter()
            .filter(|r| (recovery::BAND.0..=recovery::BAND.1).contains(&rate(r)))
            .count()
    };
    writeln!(
        out,
        "Parameters whose 90% intervals cover the truth in {:.0}-{:.0}% of records: {} of {} \
         plain, {} of {} adjusted",
        100.0 * recovery::BAND.0,
        100.0 * recovery::BAND.1,
        within(&|r| r.coverage),
        rated.len(),
        within(&|r| r.coverage_adjusted),
        rated.len()
    )?;
    writeln!(
        out,
        "Written to {}/: recovery.csv, recovery_summary.csv, recovery_particles/",
        args.out.display()
    )?;
    Ok(())
}

/// A rate as a whole percentage, or a dash where there was nothing to rate.
fn percent(rate: f64) -> String {
    if rate.is_nan() {
        "-".to_string()
    } else {
        format!("{:.0}%", 100.0 * rate)
    }
}

fn recovery_summary(
    rates: &chistka_analysis::recovery::Rates,
    hyps: &[hypotheses::Hypothesis],
) -> String {
    use chistka_format::csv as num;
    let line = chistka_analysis::log::csv_line;
    let mut text = line(&["hypothesis", "parameter", "datasets", "rate", "ranks"]);
    let line = |fields: &[String]| chistka_analysis::log::csv_line(fields);
    if rates.chosen_of > 0 {
        text.push_str(&line(&[
            "all".to_string(),
            "chosen".to_string(),
            rates.chosen_of.to_string(),
            num(rates.chosen_rate),
            String::new(),
        ]));
    }
    for (m, (n, rate)) in rates
        .by_hypothesis
        .iter()
        .enumerate()
        .filter(|_| rates.chosen_of > 0)
    {
        text.push_str(&line(&[
            hyps[m].name.clone(),
            "chosen".to_string(),
            n.to_string(),
            num(*rate),
            String::new(),
        ]));
    }
    let bins = |h: &chistka_analysis::abc::sbc::RankHistogram| {
        h.bins
            .iter()
            .map(|b| b.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    for r in &rates.coverage {
        text.push_str(&line(&[
            hyps[r.model].name.clone(),
            format!("{} (90% coverage)", r.key),
            r.datasets.to_string(),
            num(r.coverage),
            bins(&r.ranks),
        ]));
        text.push_str(&line(&[
            hyps[r.model].name.clone(),
            format!("{} (90% coverage, regression-adjusted)", r.key),
            r.datasets.to_string(),
            num(r.coverage_adjusted),
            bins(&r.ranks_adjusted),
        ]));
    }
    text
}

pub fn print_table(r: &choice::Explanation, dir: &std::path::Path) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let p = r.posterior.model_probability();
    let e = r.posterior.model_probability_error();
    let last = r.posterior.last();
    writeln!(
        out,
        "chistka explain | {} targets | {} generations, {} simulations, final tolerance {} | stopped: {:?}",
        r.targets.len(),
        r.posterior.generations.len(),
        r.posterior.simulations,
        chistka_format::sig(last.epsilon, 3),
        r.posterior.stop
    )?;
    writeln!(
        out,
        "{:<12} {:>12} {:>8}  missed (posterior predictive mean outside tolerance)",
        "hypothesis", "probability", "fits"
    )?;
    for (m, h) in r.hypotheses.iter().enumerate() {
        let fits = &r.fits[m];
        let missed: Vec<&str> = fits
            .iter()
            .filter(|f| !f.within)
            .map(|f| r.targets[f.target].name.as_str())
            .collect();
        writeln!(
            out,
            "{:<12} {:>6.3} ± {:<5.3} {:>3}/{:<3}  {}",
            h.name,
            p[m],
            e[m],
            fits.len() - missed.len(),
            fits.len(),
            if fits.is_empty() {
                "(no particle left)".to_string()
            } else {
                missed.join(", ")
            }
        )?;
    }
    if !r.counterfactuals.is_empty() {
        writeln!(
            out,
            "Counterfactuals, arrests of 1937-38 (paired posterior-predictive runs: mean change, 5-95%):"
        )?;
        for (m, h) in r.hypotheses.iter().enumerate() {
            let cells: Vec<String> = r
                .counterfactuals
                .iter()
                .filter(|d| d.hypothesis == m && d.metric == "arrests_1937_1938")
                .map(|d| {
                    let pct = |x: f64| 100.0 * x / d.base.max(1.0);
                    format!(
                        "{} {:+.0}% ({:+.0}..{:+.0})",
                        d.counterfactual,
                        pct(d.diff),
                        pct(d.p05),
                        pct(d.p95)
                    )
                })
                .collect();
            if !cells.is_empty() {
                writeln!(out, "  {:<12} {}", h.name, cells.join("; "))?;
            }
        }
    }
    writeln!(
        out,
        "The probabilities are posterior model probabilities under equal prior odds, given the \
         targets and the hypotheses' priors (docs/explanations.md); the people are synthetic."
    )?;
    writeln!(
        out,
        "Written to {}/: hypotheses.csv, parameters.csv, predictive.csv, counterfactuals.csv, particles.csv, abc.log",
        dir.display()
    )?;
    Ok(())
}
