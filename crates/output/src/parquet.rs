//! Arrow record batches and Parquet files of the output tables (cargo feature `parquet`).
//!
//! The period tables become typed Arrow columns: `year` as a 32-bit integer, `month` as text
//! (`YYYY-MM`), `date` as an Arrow date; counts as 64-bit integers rounded to whole full-scale
//! people exactly as in the CSV files, and the indices (`threat`, `hysteria`) as 64-bit floats
//! at full precision (the CSV rounds them to three decimals). The same batches are what the
//! Python package hands to pandas, polars and pyarrow, so a Parquet file and a Python table
//! always hold the same values.
//!
//! The tables of the experiments (runs, sweep, bands, particles) are written first as CSV, the
//! resumable form; [`csv_to_parquet`] converts such a file column by column, each column an
//! integer, a float or text according to what all of its cells hold.
//!
//! ```
//! use chistka_output::Table;
//! let t = Table { columns: vec!["year".into(), "arrests".into()], rows: vec![("1937".into(), vec![936750.4])] };
//! let batch = chistka_output::parquet::record_batch(&t).unwrap();
//! assert_eq!(batch.num_rows(), 1);
//! ```

use std::path::Path;
use std::sync::Arc;

use arrow_array::{
    ArrayRef, Date32Array, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray,
};
use arrow_schema::{ArrowError, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::{OutputError, Table, publish, temp_beside};

/// Columns that hold an index (a share or a level), not a count of people.
pub(crate) fn is_index(column: &str) -> bool {
    matches!(column, "threat" | "hysteria")
}

/// The table as one Arrow record batch (types as in the module's overview).
///
/// # Errors
/// [`OutputError::Table`] if a period label is not what its column name promises (a bug).
pub fn record_batch(table: &Table) -> Result<RecordBatch, OutputError> {
    let bad = |what: String| OutputError::Table(what);
    let label_name = table.columns.first().map_or("period", String::as_str);
    let labels = table.rows.iter().map(|(l, _)| l.as_str());
    let label: ArrayRef = match label_name {
        "year" => Arc::new(
            labels
                .map(|l| {
                    l.parse::<i32>()
                        .map_err(|_| bad(format!("year label `{l}`")))
                })
                .collect::<Result<Int32Array, _>>()?,
        ),
        "date" => Arc::new(
            labels
                .map(|l| days_since_epoch(l).ok_or_else(|| bad(format!("date label `{l}`"))))
                .collect::<Result<Vec<i32>, _>>()
                .map(Date32Array::from)?,
        ),
        _ => Arc::new(StringArray::from_iter_values(labels)),
    };
    let mut fields = vec![Field::new(label_name, label.data_type().clone(), false)];
    let mut arrays = vec![label];
    for (i, name) in table.columns.iter().enumerate().skip(1) {
        let values = table
            .rows
            .iter()
            .map(|(_, v)| v.get(i - 1).copied().unwrap_or(f64::NAN));
        let array: ArrayRef = if is_index(name) {
            Arc::new(values.collect::<Float64Array>())
        } else {
            // Whole full-scale people, rounded as the CSV rounds them.
            Arc::new(values.map(|v| v.round() as i64).collect::<Int64Array>())
        };
        fields.push(Field::new(name, array.data_type().clone(), false));
        arrays.push(array);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
        .map_err(|e| bad(format!("cannot build the Arrow table: {e}")))
}

/// Writes one batch as a Parquet file at `path`, atomically (Snappy compression).
///
/// The bytes depend only on the batch: the same run gives the same file.
///
/// # Errors
/// [`OutputError::Io`] if the file cannot be written, [`OutputError::Parquet`] if encoding fails.
pub fn write_parquet(path: &Path, batch: &RecordBatch) -> Result<(), OutputError> {
    let tmp = temp_beside(path)?;
    let file = tmp
        .as_file()
        .try_clone()
        .map_err(|source| OutputError::Io {
            path: path.into(),
            cause: source,
        })?;
    let parquet_err = |e: parquet::errors::ParquetError| OutputError::Parquet {
        path: path.into(),
        message: e.to_string(),
    };
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut writer =
        ArrowWriter::try_new(file, batch.schema(), Some(props)).map_err(parquet_err)?;
    writer.write(batch).map_err(parquet_err)?;
    writer.close().map_err(parquet_err)?;
    publish(tmp, path)
}

/// Writes the period table `table` as Parquet at `path`.
///
/// # Errors
/// As [`record_batch`] and [`write_parquet`].
pub fn write_table(path: &Path, table: &Table) -> Result<(), OutputError> {
    write_parquet(path, &record_batch(table)?)
}

/// Reads a CSV file with a header (as the experiments write them; lines starting with `#` are
/// skipped) into one batch: a column is
/// `Int64` if every cell is an integer, `Float64` if every cell is a number or empty (empty
/// cells become nulls), and text otherwise.
///
/// # Errors
/// [`OutputError::Io`] if the file cannot be read, [`OutputError::Table`] naming the file and
/// line if a row has the wrong number of cells.
pub fn csv_batch(csv_path: &Path) -> Result<RecordBatch, OutputError> {
    let at = |line: u64, what: String| {
        OutputError::Table(format!("{}:{line}: {what}", csv_path.display()))
    };
    // Lines starting with `#` are the logs' preambles (what experiment wrote them), not rows.
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_path(csv_path)
        .map_err(|e| OutputError::Io {
            path: csv_path.into(),
            cause: std::io::Error::other(e.to_string()),
        })?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| at(1, e.to_string()))?
        .iter()
        .map(String::from)
        .collect();
    let mut cells: Vec<Vec<String>> = vec![Vec::new(); header.len()];
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            at(line, e.to_string())
        })?;
        if record.len() != header.len() {
            return Err(at(
                record.position().map_or(0, |p| p.line()),
                format!("expected {} cells, found {}", header.len(), record.len()),
            ));
        }
        for (column, cell) in cells.iter_mut().zip(record.iter()) {
            column.push(cell.to_string());
        }
    }
    let mut fields = Vec::new();
    let mut arrays: Vec<ArrayRef> = Vec::new();
    for (name, column) in header.iter().zip(cells) {
        let array = infer_column(&column);
        fields.push(Field::new(name, array.data_type().clone(), true));
        arrays.push(array);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
        .map_err(|e: ArrowError| at(1, format!("cannot build the Arrow table: {e}")))
}

/// Converts the CSV file `csv_path` into the Parquet file `parquet_path` (see [`csv_batch`]).
///
/// # Errors
/// As [`csv_batch`] and [`write_parquet`].
pub fn csv_to_parquet(csv_path: &Path, parquet_path: &Path) -> Result<(), OutputError> {
    write_parquet(parquet_path, &csv_batch(csv_path)?)
}

fn infer_column(cells: &[String]) -> ArrayRef {
    if !cells.is_empty() && cells.iter().all(|c| c.parse::<i64>().is_ok()) {
        return Arc::new(
            cells
                .iter()
                .map(|c| c.parse::<i64>().ok())
                .collect::<Int64Array>(),
        );
    }
    let number = |c: &String| c.is_empty() || c.parse::<f64>().is_ok();
    if !cells.is_empty() && cells.iter().all(number) {
        return Arc::new(
            cells
                .iter()
                .map(|c| c.parse::<f64>().ok())
                .collect::<Float64Array>(),
        );
    }
    Arc::new(StringArray::from_iter_values(cells.iter()))
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` label (proleptic Gregorian calendar).
fn days_since_epoch(label: &str) -> Option<i32> {
    let mut parts = label.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil: exact for every Gregorian date.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i32::try_from(era * 146_097 + doe - 719_468).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_schema::DataType;

    #[test]
    fn dates_count_days_from_the_unix_epoch() {
        assert_eq!(days_since_epoch("1970-01-01"), Some(0));
        assert_eq!(days_since_epoch("1934-01-01"), Some(-13149));
        assert_eq!(days_since_epoch("1941-06-22"), Some(-10420));
        assert_eq!(days_since_epoch("1937-13-01"), None);
    }

    #[test]
    fn csv_columns_get_the_narrowest_type_that_holds_every_cell() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("t.csv");
        std::fs::write(
            &csv,
            "seed,metric,value,p05\n1937,arrests,12,0.5\n1938,executions,7,\n",
        )
        .unwrap();
        let b = csv_batch(&csv).unwrap();
        let types: Vec<_> = b
            .schema()
            .fields()
            .iter()
            .map(|f| f.data_type().clone())
            .collect();
        assert_eq!(
            types,
            [
                DataType::Int64,
                DataType::Utf8,
                DataType::Int64,
                DataType::Float64
            ]
        );
        assert_eq!(b.column(3).null_count(), 1);
        std::fs::write(&csv, "a,b\n1,2\n3\n").unwrap();
        let err = csv_batch(&csv).unwrap_err().to_string();
        assert!(err.contains("t.csv:3:"), "{err}");
    }

    #[test]
    fn parquet_files_of_the_same_table_are_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let t = Table {
            columns: vec!["date".into(), "arrests".into(), "threat".into()],
            rows: vec![
                ("1937-08-05".into(), vec![1500.4, 0.25]),
                ("1937-08-06".into(), vec![1600.6, 0.5]),
            ],
        };
        let (a, b) = (dir.path().join("a.parquet"), dir.path().join("b.parquet"));
        write_table(&a, &t).unwrap();
        write_table(&b, &t).unwrap();
        let bytes = std::fs::read(&a).unwrap();
        assert_eq!(bytes, std::fs::read(&b).unwrap());
        assert_eq!(&bytes[..4], b"PAR1");
        let batch = record_batch(&t).unwrap();
        let arrests = batch
            .column(1)
            .as_any()
            .downcast_ref::<Int64Array>()
            .unwrap();
        assert_eq!(arrests.values(), &[1500, 1601]);
    }
}
