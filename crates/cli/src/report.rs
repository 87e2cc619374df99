//! `chistka report`.

use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// A run's (or an ensemble's) output directory.
    dir: PathBuf,
    /// The HTML file to write.
    #[arg(short, long, default_value = "report.html")]
    output: PathBuf,
}

pub fn report(args: ReportArgs) -> anyhow::Result<()> {
    let report = chistka_report::write_report(&args.dir, &args.output)?;
    writeln!(
        std::io::stdout().lock(),
        "Report with {} charts written to {}",
        report.charts.len(),
        args.output.display()
    )?;
    Ok(())
}
