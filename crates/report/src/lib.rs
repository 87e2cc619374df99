//! The historian's report: one self-contained HTML file (inline CSS and SVG, no scripts, no
//! external styles or fonts) that a teacher can open anywhere, built from a run's output tables
//! only, never from the model's memory.
//!
//! [`Inputs::load`] reads what it finds in a directory, exactly as the program writes it: a run's
//! `annual.csv`, `monthly.csv`, `summary.json` and `run.json`; an ensemble's `annual_bands.csv`,
//! `monthly_bands.csv`, `summary_bands.csv` and `ensemble.json`; `comparison.csv` of `chistka
//! compare`, `attribution.csv` of `chistka attribute`, `validate.csv` of `chistka validate`, and
//! the long run's `longrun.csv` and `longrun_party.csv` of a run past 22 June 1941.
//! Every file is optional and sections without their data are left out, but a file that is there
//! must be whole: a table cut short (a row with missing fields, no final newline, a gap in the
//! years) or without the columns the program writes is an error naming the file, the line and
//! what was expected. [`render`] turns them into the page, with the archival record
//! (`data/record_annual.csv`, `data/party.csv`, and the long run's targets) compiled in.
//!
//! ```no_run
//! let inputs = chistka_report::Inputs::load(std::path::Path::new("out")).unwrap();
//! let report = chistka_report::render(&inputs);
//! assert!(report.html.contains("synthetic"));
//! ```

#![warn(missing_docs)]

pub mod comparison_chart;
mod page;
pub mod provenance;
pub mod svg;
mod tables;
pub mod target_chart;

use std::path::{Path, PathBuf};

pub use tables::{BandRow, Bands, Table};

/// The archival record by year (repression flows and camp population), with source and status.
pub const RECORD_ANNUAL_CSV: &str = include_str!("../../../data/record_annual.csv");
/// VKP(b) membership on 1 January (Rigby 1968).
pub const PARTY_CSV: &str = include_str!("../../../data/party.csv");
/// The validation targets (never fitted), whose `longrun_*` rows are the record of who held the
/// long run's posts. Read as text rather than through chistka-analysis, which the report does
/// not otherwise need.
pub const TARGETS_VALIDATION_CSV: &str = include_str!("../../../data/targets_validation.csv");
/// The long run's calibration targets: party membership and the layers' sizes.
pub const TARGETS_LONGRUN_CSV: &str = include_str!("../../../data/targets_longrun.csv");

/// Errors reading a run directory or writing the report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A file exists but could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file is not in the expected format.
    #[error("{path}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The directory holds none of the files a report is built from.
    #[error(
        "{0} holds no chistka outputs (annual.csv, monthly.csv, summary.json, an ensemble's \
         annual_bands.csv, comparison.csv, attribution.csv or validate.csv): run `chistka run \
         --out DIR` first"
    )]
    Empty(PathBuf),
    /// The report could not be written.
    #[error(transparent)]
    Write(#[from] chistka_output::OutputError),
    /// The files do not make one complete output of one scenario ([`provenance`]).
    #[error("{0}")]
    Provenance(String),
}

/// Everything a report is built from; each part is optional.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// `annual.csv` of a run.
    pub annual: Option<Table>,
    /// `monthly.csv` of a run.
    pub monthly: Option<Table>,
    /// `summary.json` of a run.
    pub summary: Option<serde_json::Value>,
    /// `run.json` of a run.
    pub run: Option<serde_json::Value>,
    /// An ensemble's `annual_bands.csv`.
    pub annual_bands: Option<Bands>,
    /// An ensemble's `monthly_bands.csv`.
    pub monthly_bands: Option<Bands>,
    /// An ensemble's `summary_bands.csv` (`metric,mean,p05,p50,p95`).
    pub summary_bands: Option<Table>,
    /// An ensemble's `ensemble.json`.
    pub ensemble: Option<serde_json::Value>,
    /// `comparison.csv` of `chistka compare`.
    pub comparison: Option<Table>,
    /// `attribution.csv` of `chistka attribute`.
    pub attribution: Option<Table>,
    /// `validate.csv` of `chistka validate`.
    pub validation: Option<Table>,
    /// `hypotheses.csv` of `chistka explain`.
    pub explanation: Option<Table>,
    /// `counterfactuals.csv` of `chistka explain`.
    pub counterfactuals: Option<Table>,
    /// `parameters.csv` of `chistka explain`: each hypothesis's credible intervals.
    pub parameters: Option<Table>,
    /// `longrun.csv` of a run past 22 June 1941: the layers of the elite by date.
    pub longrun: Option<Table>,
    /// `longrun_party.csv` of such a run: the party by period of joining.
    pub longrun_party: Option<Table>,
}

/// The columns the report reads from each table, as the program writes them.
pub const REQUIRED_COLUMNS: [(&str, &[&str]); 11] = [
    (
        "annual.csv",
        &["year", "arrests", "convictions", "executions"],
    ),
    ("monthly.csv", &["month", "arrests"]),
    (
        "annual_bands.csv",
        &["period", "metric", "mean", "p05", "p50", "p95"],
    ),
    (
        "monthly_bands.csv",
        &["period", "metric", "mean", "p05", "p50", "p95"],
    ),
    (
        "summary_bands.csv",
        &["metric", "mean", "p05", "p50", "p95"],
    ),
    (
        "comparison.csv",
        &[
            "section",
            "period",
            "metric",
            "a_mean",
            "b_mean",
            "diff_mean",
            "diff_p05",
            "diff_p50",
            "diff_p95",
        ],
    ),
    (
        "attribution.csv",
        &[
            "kind",
            "name",
            "output",
            "mean",
            "p05",
            "p50",
            "p95",
            "share_mean",
            "share_p05",
            "share_p50",
            "share_p95",
        ],
    ),
    (
        "validate.csv",
        &[
            "target",
            "kind",
            "key",
            "period",
            "record",
            "model_mean",
            "model_q05",
            "model_q95",
            "relative_error",
            "tolerance",
            "within",
            "weight",
        ],
    ),
    (
        "hypotheses.csv",
        &[
            "hypothesis",
            "summary",
            "probability",
            "probability_error",
            "targets_fitted",
            "targets_missed",
            "missed",
        ],
    ),
    (
        "counterfactuals.csv",
        &[
            "hypothesis",
            "counterfactual",
            "metric",
            "factual_mean",
            "difference_mean",
            "difference_p05",
            "difference_p95",
        ],
    ),
    // The adjusted columns came later; an older explain's table is read without them.
    (
        "parameters.csv",
        &["hypothesis", "parameter", "mean", "p5", "p50", "p95"],
    ),
];

fn read_optional(path: &Path) -> Result<Option<String>, ReportError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ReportError::Read {
            path: path.into(),
            source,
        }),
    }
}

impl Inputs {
    /// Reads the output files found in `dir`.
    ///
    /// # Errors
    /// [`ReportError::Read`] or [`ReportError::Parse`] for a file that exists but cannot be
    /// used (cut short, malformed, or without the columns the program writes);
    /// [`ReportError::Empty`] if none of the main files is there.
    pub fn load(dir: &Path) -> Result<Inputs, ReportError> {
        let parse_err = |path: PathBuf| move |message: String| ReportError::Parse { path, message };
        let table = |name: &str| -> Result<Option<Table>, ReportError> {
            let path = dir.join(name);
            let Some(text) = read_optional(&path)? else {
                return Ok(None);
            };
            let t = tables::read_whole(&text).map_err(parse_err(path.clone()))?;
            let need = REQUIRED_COLUMNS
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(&[][..], |(_, c)| *c);
            tables::require_columns(&t, need).map_err(parse_err(path))?;
            Ok(Some(t))
        };
        let bands = |name: &str| -> Result<Option<Bands>, ReportError> {
            let path = dir.join(name);
            match table(name)? {
                None => Ok(None),
                Some(t) => Bands::from_table(&t).map(Some).map_err(parse_err(path)),
            }
        };
        let json = |name: &str| -> Result<Option<serde_json::Value>, ReportError> {
            let path = dir.join(name);
            read_optional(&path)?
                .map(|t| {
                    serde_json::from_str(&t).map_err(|e| ReportError::Parse {
                        path,
                        message: format!(
                            "line {}: not the JSON chistka writes ({}); is the file cut short?",
                            e.line(),
                            json_words(&e)
                        ),
                    })
                })
                .transpose()
        };
        let inputs = Inputs {
            annual: table("annual.csv")?,
            monthly: table("monthly.csv")?,
            summary: json("summary.json")?,
            run: json("run.json")?,
            annual_bands: bands("annual_bands.csv")?,
            monthly_bands: bands("monthly_bands.csv")?,
            summary_bands: table("summary_bands.csv")?,
            ensemble: json("ensemble.json")?,
            comparison: table("comparison.csv")?,
            attribution: table("attribution.csv")?,
            validation: table("validate.csv")?,
            explanation: table("hypotheses.csv")?,
            counterfactuals: table("counterfactuals.csv")?,
            parameters: table("parameters.csv")?,
            longrun: table("longrun.csv")?,
            longrun_party: table("longrun_party.csv")?,
        };
        if let Some(t) = &inputs.annual {
            tables::check_years(t, inputs.monthly.as_ref())
                .map_err(parse_err(dir.join("annual.csv")))?;
        }
        if inputs.annual.is_none()
            && inputs.monthly.is_none()
            && inputs.summary.is_none()
            && inputs.annual_bands.is_none()
            && inputs.monthly_bands.is_none()
            && inputs.comparison.is_none()
            && inputs.attribution.is_none()
            && inputs.validation.is_none()
            && inputs.explanation.is_none()
        {
            return Err(ReportError::Empty(dir.into()));
        }
        Ok(inputs)
    }
}

/// A JSON error in words.
fn json_words(e: &serde_json::Error) -> &'static str {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => "it ends too early",
        Category::Syntax => "a syntax error",
        Category::Data => "a value of the wrong kind",
        Category::Io => "it could not be read",
    }
}

/// A rendered report.
#[derive(Debug, Clone)]
pub struct Report {
    /// The page.
    pub html: String,
    /// The title of every chart drawn, in page order (one `<svg>` each).
    pub charts: Vec<String>,
}

/// Renders the report.
pub fn render(inputs: &Inputs) -> Report {
    page::render(inputs)
}

/// Reads the outputs in `dirs`, checked and merged by [`provenance::load_checked`], and writes
/// the report to `out` atomically.
///
/// # Errors
/// As [`provenance::load_checked`], and [`ReportError::Write`] if `out` cannot be written.
pub fn write_checked_report(dirs: &[PathBuf], out: &Path) -> Result<Report, ReportError> {
    let report = render(&provenance::load_checked(dirs)?);
    chistka_output::write_atomic(out, report.html.as_bytes())?;
    Ok(report)
}

/// Reads `dir` and writes the report to `out` atomically.
///
/// # Errors
/// As [`Inputs::load`], and [`ReportError::Write`] if `out` cannot be written.
pub fn write_report(dir: &Path, out: &Path) -> Result<Report, ReportError> {
    let report = render(&Inputs::load(dir)?);
    chistka_output::write_atomic(out, report.html.as_bytes())?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_parses_with_source_and_status_on_every_row() {
        let t = Table::parse(RECORD_ANNUAL_CSV).unwrap_or_default();
        assert_eq!(t.columns, ["year", "metric", "value", "status", "source"]);
        let value = |year: &str, metric: &str| {
            t.rows
                .iter()
                .find(|r| r[0] == year && r[1] == metric)
                .and_then(|r| r[2].parse::<f64>().ok())
        };
        // 1937-38 arrests sum to Getty & Naumov's 1,575,259; 1937 death sentences 353,074.
        assert_eq!(
            value("1937", "arrests")
                .zip(value("1938", "arrests"))
                .map(|(a, b)| a + b),
            Some(1_575_259.0)
        );
        assert_eq!(value("1937", "executions"), Some(353_074.0));
        assert!(
            t.rows
                .iter()
                .all(|r| r.len() == 5 && !r[3].is_empty() && !r[4].is_empty())
        );
    }

    #[test]
    fn an_empty_directory_is_an_error() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            Inputs::load(dir.path()),
            Err(ReportError::Empty(_))
        ));
    }

    #[test]
    fn a_malformed_file_names_itself() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("summary.json"), "{ not json")
            .unwrap_or_else(|e| panic!("{e}"));
        let err = Inputs::load(dir.path()).map(|_| ()).unwrap_err();
        assert!(err.to_string().contains("summary.json"), "{err}");
    }
}
