//! The `chistka` binary: parses the command line and calls the libraries. No logic lives here.

mod attribute;
mod calibrate;
mod cascade;
mod compare;
mod ensemble;
mod experiment;
mod explain;
mod huge_pages;
mod progress;
mod report;
mod run;
mod scenario_cmd;
mod serve;
mod sweep;
mod unit;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// chistka: a simulator of political purges and state terror (the Soviet Great Purge, 1934-1938).
/// The people it simulates are synthetic: no record it writes describes a real person.
#[derive(Debug, Parser)]
#[command(name = "chistka", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a scenario (default: the embedded Great Purge) and write the outputs.
    Run(run::RunArgs),
    /// Show or list the embedded scenarios.
    Scenario {
        #[command(subcommand)]
        action: scenario_cmd::Action,
    },
    /// Run the interrogation snowball alone on a network from a file (continuous-time SIR).
    Cascade(cascade::CascadeArgs),
    /// Write one self-contained HTML report (SVG charts, no scripts) from a run's output directory.
    Report(report::ReportArgs),
    /// Run many seeds of a scenario and write bands (mean, 5th, 50th, 95th percentiles).
    Ensemble(ensemble::EnsembleArgs),
    /// Run a grid or Latin hypercube over scenario parameters (resumable).
    Sweep(sweep::SweepArgs),
    /// Run two scenarios on the same seeds and show the differences with bands.
    Compare(compare::CompareArgs),
    /// Attribute arrests and executions of 1937-38 to mechanisms (Shapley) and to causes.
    Attribute(attribute::AttributeArgs),
    /// Compare a scenario over several seeds with a target set (archival, textbook or a file).
    Validate(validate::ValidateArgs),
    /// Fit named scenario parameters to a target set.
    Calibrate(calibrate::CalibrateArgs),
    /// Which explanations of the terror fit the record: ABC-SMC model choice over the hypotheses.
    Explain(explain::ExplainArgs),
    /// Serve the classroom app (built into this binary from web/dist) on http://127.0.0.1:8000.
    Serve(serve::ServeArgs),
}

fn main() -> ExitCode {
    huge_pages::start_with_huge_pages();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run::run(args),
        Command::Scenario { action } => scenario_cmd::scenario(action),
        Command::Cascade(args) => cascade::cascade(args),
        Command::Report(args) => report::report(args),
        Command::Ensemble(args) => ensemble::ensemble(args),
        Command::Sweep(args) => sweep::sweep(args),
        Command::Compare(args) => compare::compare(args),
        Command::Attribute(args) => attribute::attribute(args),
        Command::Validate(args) => validate::validate(args),
        Command::Calibrate(args) => calibrate::calibrate(args),
        Command::Explain(args) => explain::explain(args),
        Command::Serve(args) => serve::serve(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", words(&e));
            ExitCode::from(2)
        }
    }
}

/// An error and its causes in one line, each said once: a library error often repeats its
/// source's text, and "No such file or directory" twice helps nobody.
fn words(e: &anyhow::Error) -> String {
    let mut text = e.to_string();
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !text.contains(&c) {
            text.push_str(": ");
            text.push_str(&c);
        }
    }
    // Rust's "(os error 2)" means nothing to a reader; the words before it say it all.
    while let Some(i) = text.find(" (os error ") {
        let end = text[i..].find(')').map_or(text.len(), |j| i + j + 1);
        text.replace_range(i..end, "");
    }
    text
}

/// Where a scenario comes from: an embedded name or a file.
fn load_scenario(arg: Option<&PathBuf>) -> anyhow::Result<chistka_scenario::Scenario> {
    let scenario = match arg {
        None => chistka_scenario::embedded(chistka_scenario::DEFAULT)?,
        Some(p)
            if !p.exists() && chistka_scenario::embedded_text(&p.to_string_lossy()).is_some() =>
        {
            chistka_scenario::embedded(&p.to_string_lossy())?
        }
        Some(p) => chistka_scenario::load(p)?,
    };
    Ok(scenario)
}
