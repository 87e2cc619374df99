//! The file format of the tables: CSV (the default, and the form experiments resume from) or
//! Parquet (cargo feature `parquet`). The one place that turns a table's CSV name into its
//! Parquet name.

#[cfg(feature = "archive")]
use std::path::Path;

use crate::OutputError;

/// The file format of the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// `.csv`, counts rounded to whole full-scale people.
    #[default]
    Csv,
    /// `.parquet` (cargo feature `parquet`): typed columns, the same values (see the `parquet`
    /// module).
    Parquet,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Parquet => "parquet",
        }
    }

    /// The file name of the table `stem` (`annual` -> `annual.parquet`).
    pub fn file(self, stem: &str) -> String {
        format!("{stem}.{}", self.extension())
    }

    /// Parses `csv` or `parquet`.
    ///
    /// # Errors
    /// [`OutputError::Table`] saying what was expected.
    pub fn parse(text: &str) -> Result<Format, OutputError> {
        match text {
            "csv" => Ok(Format::Csv),
            "parquet" => Ok(Format::Parquet),
            other => Err(OutputError::Table(format!(
                "unknown format `{other}`: expected `csv` or `parquet`"
            ))),
        }
    }
}

/// The Parquet name of a CSV table's file (`runs.csv` -> `runs.parquet`); other names as they
/// are.
pub fn parquet_name(csv_name: &str) -> String {
    match csv_name.strip_suffix(".csv") {
        Some(stem) => Format::Parquet.file(stem),
        None => csv_name.to_string(),
    }
}

/// The names an output directory of a command may hold: `names` as they are, and beside each
/// CSV table its Parquet form, so that a directory written with `--format parquet` is
/// recognised as the command's own.
pub fn with_parquet_names(names: &[&str]) -> Vec<String> {
    let mut all: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    all.extend(
        names
            .iter()
            .filter(|n| n.ends_with(".csv"))
            .map(|n| parquet_name(n)),
    );
    all
}

/// With [`Format::Parquet`], writes a `.parquet` beside each of the CSV tables `csv_names` in
/// `dir` (the experiments write CSV first: it is the form they resume from). With
/// [`Format::Csv`], removes such copies an earlier run left, which a resumed experiment would
/// otherwise keep beside tables that have moved on.
///
/// # Errors
/// As `parquet::csv_to_parquet`; [`OutputError::Io`] if a stale copy cannot be removed;
/// [`OutputError::Table`] if this build has no Parquet support.
#[cfg(feature = "archive")]
pub fn table_copies(dir: &Path, csv_names: &[&str], format: Format) -> Result<(), OutputError> {
    for name in csv_names {
        let csv = dir.join(name);
        let copy = dir.join(parquet_name(name));
        match format {
            Format::Csv => match std::fs::remove_file(&copy) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(OutputError::Io {
                        path: copy,
                        cause: e,
                    });
                }
                _ => {}
            },
            #[cfg(feature = "parquet")]
            Format::Parquet => crate::parquet::csv_to_parquet(&csv, &copy)?,
            #[cfg(not(feature = "parquet"))]
            Format::Parquet => {
                let _ = csv;
                return Err(no_parquet());
            }
        }
    }
    Ok(())
}

#[cfg(all(feature = "archive", not(feature = "parquet")))]
pub(crate) fn no_parquet() -> OutputError {
    OutputError::Table(
        "this build of chistka has no Parquet support (cargo feature `parquet`)".into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parquet_names_sit_beside_the_csv_tables_only() {
        assert_eq!(parquet_name("runs.csv"), "runs.parquet");
        assert_eq!(parquet_name("ensemble.json"), "ensemble.json");
        assert_eq!(
            with_parquet_names(&["sweep.csv", "chart-*.svg"]),
            ["sweep.csv", "chart-*.svg", "sweep.parquet"]
        );
        assert!(
            Format::parse("xlsx")
                .unwrap_err()
                .to_string()
                .contains("`csv` or `parquet`")
        );
    }
}
