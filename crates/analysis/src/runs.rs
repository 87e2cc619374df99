//! `runs.csv`, the ensemble's log: a column per figure (`annual.1937.arrests`,
//! `monthly.1937-08.executions`, `summary.arrests_1937_1938`), a row per run, and the bands of
//! every figure read back from it in bounded memory.

use std::path::Path;

use crate::AnalysisError;
use crate::bands::Bands;
use crate::ensemble::BandRow;
use crate::outcome::Section;

/// The name of a figure's column in `runs.csv`.
pub fn column_name(section: Section, period: &str, metric: &str) -> String {
    if period.is_empty() {
        format!("{}.{metric}", section.name())
    } else {
        format!("{}.{period}.{metric}", section.name())
    }
}

/// The (section, period, metric) of a column of `runs.csv`.
pub fn parse_column(name: &str) -> Option<(Section, String, String)> {
    let (section, rest) = name.split_once('.')?;
    let section = Section::parse(section)?;
    if section == Section::Summary {
        return Some((section, String::new(), rest.to_string()));
    }
    let (period, metric) = rest.split_once('.')?;
    Some((section, period.to_string(), metric.to_string()))
}

/// The bands of every figure (column) of a `runs.csv` file, in column order, holding at most
/// `budget` values in memory (more passes over the file when needed).
///
/// # Errors
/// The file cannot be read, or a line is malformed (named with its number).
pub fn bands_from_runs(path: &Path, budget: usize) -> Result<Vec<BandRow>, AnalysisError> {
    let mut columns: Vec<(Section, String, String)> = Vec::new();
    let mut runs = 0usize;
    for_each_row(path, |n, fields| {
        if n == 0 {
            for (i, name) in fields.iter().enumerate().skip(1) {
                columns.push(parse_column(name).ok_or_else(|| {
                    bad(
                        path,
                        0,
                        &format!("column {} `{name}` is not section.period.metric", i + 1),
                    )
                })?);
            }
        } else {
            runs += 1;
        }
        Ok(())
    })?;
    let per_pass = (budget / runs.max(1)).max(1);
    let mut rows = Vec::with_capacity(columns.len());
    for first in (0..columns.len()).step_by(per_pass) {
        let last = (first + per_pass).min(columns.len());
        let mut values: Vec<Vec<f64>> = vec![Vec::with_capacity(runs); last - first];
        for_each_row(path, |n, fields| {
            if n == 0 {
                return Ok(());
            }
            for (i, v) in values.iter_mut().enumerate() {
                let cell = fields.get(first + i + 1).map_or("", String::as_str);
                if cell.is_empty() {
                    continue;
                }
                v.push(
                    cell.parse::<f64>()
                        .map_err(|_| bad(path, n, &format!("`{cell}` is not a number")))?,
                );
            }
            Ok(())
        })?;
        for (key, mut v) in columns[first..last].iter().zip(values) {
            if let Some(bands) = Bands::of(&mut v) {
                rows.push(BandRow {
                    section: key.0,
                    period: key.1.clone(),
                    metric: key.2.clone(),
                    bands,
                });
            }
        }
    }
    Ok(rows)
}

fn bad(path: &Path, record: usize, what: &str) -> AnalysisError {
    AnalysisError::Input(format!(
        "{}: {} {what}; expected a header `seed,section.period.metric,...` and one row per run",
        path.display(),
        if record == 0 {
            "the header:".to_string()
        } else {
            format!("run {record}:")
        }
    ))
}

/// Calls `f(record, fields)` for the header (record 0) and every run of a `runs.csv` file.
fn for_each_row(
    path: &Path,
    mut f: impl FnMut(usize, &[String]) -> Result<(), AnalysisError>,
) -> Result<(), AnalysisError> {
    let file = std::fs::File::open(path).map_err(AnalysisError::io(path))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .comment(Some(b'#'))
        .from_reader(std::io::BufReader::new(file));
    let mut fields = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            AnalysisError::Input(format!("{}:{line}: not CSV ({e})", path.display()))
        })?;
        fields.clear();
        fields.extend(record.iter().map(String::from));
        f(n, &fields)?;
    }
    Ok(())
}
