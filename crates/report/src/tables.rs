//! The CSV tables a report reads: wide tables keyed by their first column, and an ensemble's
//! bands in long form.

/// A CSV table: a header and rows of text cells (lines starting with `#` are comments).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Column names.
    pub columns: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
}

impl Table {
    /// Parses CSV text with a header row.
    ///
    /// # Errors
    /// A message naming the line that is not CSV.
    pub fn parse(text: &str) -> Result<Table, String> {
        let mut r = reader(text);
        let columns = r
            .headers()
            .map_err(|e| e.to_string())?
            .iter()
            .map(String::from)
            .collect();
        let mut rows = Vec::new();
        for rec in r.records() {
            let rec = rec.map_err(|e| e.to_string())?;
            rows.push(rec.iter().map(String::from).collect());
        }
        Ok(Table { columns, rows })
    }

    /// Index of a column.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// The first-column labels, in order.
    pub fn labels(&self) -> Vec<String> {
        self.rows
            .iter()
            .map(|r| r.first().cloned().unwrap_or_default())
            .collect()
    }

    /// A numeric column in row order (None where a cell is missing or not a number).
    pub fn column(&self, name: &str) -> Option<Vec<Option<f64>>> {
        let c = self.col(name)?;
        Some(
            self.rows
                .iter()
                .map(|r| r.get(c).and_then(|v| v.parse().ok()))
                .collect(),
        )
    }

    /// True if the column holds at least one number and nothing else but blanks.
    pub fn is_numeric(&self, c: usize) -> bool {
        let mut any = false;
        for r in &self.rows {
            match r.get(c).map(String::as_str) {
                None | Some("") => {}
                Some(v) if v.parse::<f64>().is_ok() => any = true,
                Some(_) => return false,
            }
        }
        any
    }
}

/// One row of an ensemble's bands.
#[derive(Debug, Clone, PartialEq)]
pub struct BandRow {
    /// Year (`1937`) or month (`1937-08`).
    pub period: String,
    /// Metric name, as in `annual.csv` or `monthly.csv`.
    pub metric: String,
    /// Mean over runs.
    pub mean: f64,
    /// 5th percentile.
    pub p05: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// An ensemble's bands (`period,metric,mean,p05,p50,p95`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bands {
    /// Rows in file order.
    pub rows: Vec<BandRow>,
}

impl Bands {
    /// Parses the long-form CSV.
    ///
    /// # Errors
    /// A message if a column is missing or a value is not a number.
    pub fn parse(text: &str) -> Result<Bands, String> {
        let t = Table::parse(text)?;
        let need = |n: &str| t.col(n).ok_or_else(|| format!("no column `{n}`"));
        let (period, metric) = (need("period")?, need("metric")?);
        let (mean, p05, p50, p95) = (need("mean")?, need("p05")?, need("p50")?, need("p95")?);
        let mut rows = Vec::new();
        for (i, r) in t.rows.iter().enumerate() {
            let num = |c: usize| -> Result<f64, String> {
                r.get(c)
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| format!("row {}: `{}` is not a number", i + 2, t.columns[c]))
            };
            rows.push(BandRow {
                period: r.get(period).cloned().unwrap_or_default(),
                metric: r.get(metric).cloned().unwrap_or_default(),
                mean: num(mean)?,
                p05: num(p05)?,
                p50: num(p50)?,
                p95: num(p95)?,
            });
        }
        Ok(Bands { rows })
    }

    /// The rows of one metric, in file order.
    pub fn metric<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a BandRow> + 'a {
        self.rows.iter().filter(move |r| r.metric == name)
    }

    /// The periods, in order of first appearance.
    pub fn periods(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in &self.rows {
            if !out.contains(&r.period) {
                out.push(r.period.clone());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_skip_comments_and_read_numbers() {
        let t = Table::parse("# note\nyear,arrests,who\n1937,5,x\n1938,,y\n").unwrap_or_default();
        assert_eq!(t.labels(), ["1937", "1938"]);
        assert_eq!(t.column("arrests"), Some(vec![Some(5.0), None]));
        assert!(t.is_numeric(1) && !t.is_numeric(2));
    }

    #[test]
    fn bands_need_their_columns() {
        let b = Bands::parse("period,metric,mean,p05,p50,p95\n1937,arrests,2,1,2,3\n");
        assert_eq!(b.map(|b| b.rows.len()), Ok(1));
        assert!(Bands::parse("period,metric,mean\n").is_err());
    }
}
