//! `chistka report`.

use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Output directories of one scenario: a run's, and any of its ensemble, comparison and
    /// attribution. Each must be complete (its manifest.json matches its files).
    #[arg(required = true, value_name = "DIR")]
    dirs: Vec<PathBuf>,
    /// The HTML file to write.
    #[arg(short, long, default_value = "report.html")]
    output: PathBuf,
}

pub fn report(args: ReportArgs) -> anyhow::Result<()> {
    let report = chistka_report::write_checked_report(&args.dirs, &args.output)?;
    writeln!(
        std::io::stdout().lock(),
        "Report with {} charts written to {}",
        report.charts.len(),
        args.output.display()
    )?;
    Ok(())
}
