//! `chistka report`.

use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Output directories of one scenario: a run's, and any of its ensemble, comparison,
    /// attribution and validation; and a model choice of `chistka explain` (of its own
    /// hypotheses and scale). Each must be complete (its manifest.json matches its files).
    #[arg(required = true, value_name = "DIR")]
    dirs: Vec<PathBuf>,
    /// The HTML file to write.
    #[arg(short, long, default_value = "report.html")]
    output: PathBuf,
}

pub fn report(args: ReportArgs) -> anyhow::Result<()> {
    let parent = args
        .output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let inputs = chistka_report::provenance::load_checked(&args.dirs)?;
    if !parent.is_dir() {
        anyhow::bail!(
            "cannot write the report to {}: the directory {} does not exist",
            args.output.display(),
            parent.display()
        );
    }
    let report = chistka_report::render(&inputs);
    chistka_output::write_atomic(&args.output, report.html.as_bytes())?;
    writeln!(
        std::io::stdout().lock(),
        "Report with {} charts written to {}",
        report.charts.len(),
        args.output.display()
    )?;
    Ok(())
}
