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

    /// A numeric cell of a row by column name.
    pub fn number(&self, row: &[String], name: &str) -> Option<f64> {
        row.get(self.col(name)?)?.parse().ok()
    }

    /// A text cell of a row by column name.
    pub fn text<'a>(&self, row: &'a [String], name: &str) -> &'a str {
        self.col(name)
            .and_then(|c| row.get(c))
            .map_or("", String::as_str)
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

/// Reads a table the program wrote, insisting that it is whole: it ends with a newline and every
/// row has as many fields as the header.
///
/// # Errors
/// A message naming the line and what was expected.
pub fn read_whole(text: &str) -> Result<Table, String> {
    if text.trim().is_empty() {
        return Err("the file is empty; expected a header line and rows".into());
    }
    if !text.ends_with('\n') {
        let line = text.lines().count();
        return Err(format!(
            "line {line}: the file ends in the middle of a line, so it is cut short (was the \
             command interrupted?); run it again"
        ));
    }
    let mut r = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let columns: Vec<String> = r
        .headers()
        .map_err(|e| format!("the header is not CSV: {e}"))?
        .iter()
        .map(String::from)
        .collect();
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| match e.kind() {
            csv::ErrorKind::UnequalLengths {
                pos,
                expected_len,
                len,
            } => format!(
                "line {}: expected {expected_len} fields as in the header, found {len}; the \
                 file is damaged or cut short",
                pos.as_ref().map_or(0, |p| p.line())
            ),
            _ => format!("not CSV: {e}"),
        })?;
        rows.push(rec.iter().map(String::from).collect());
    }
    Ok(Table { columns, rows })
}

/// Checks that a table has the named columns.
///
/// # Errors
/// A message listing the columns missing and the header expected.
pub fn require_columns(t: &Table, need: &[&str]) -> Result<(), String> {
    let missing: Vec<&str> = need
        .iter()
        .copied()
        .filter(|c| t.col(c).is_none())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "line 1: no column `{}`; expected a header with {} (is this a file of another \
             program or another chistka version?)",
            missing.join("`, `"),
            need.join(", ")
        ))
    }
}

/// Checks that the years of `annual.csv` follow one another and, when `monthly.csv` is there,
/// end in the year of its last month: a file cut at a line boundary still fails.
///
/// # Errors
/// A message naming the line of the first gap, or the missing last years.
pub fn check_years(annual: &Table, monthly: Option<&Table>) -> Result<(), String> {
    let years: Vec<Option<i32>> = annual.labels().iter().map(|y| y.parse().ok()).collect();
    for (i, y) in years.iter().enumerate() {
        let ok = match (i.checked_sub(1).and_then(|j| years[j]), y) {
            (_, None) => false,
            (Some(prev), Some(y)) => *y == prev + 1,
            (None, Some(_)) => true,
        };
        if !ok {
            return Err(format!(
                "line {}: expected the year after the one above, found `{}`",
                i + 2,
                annual.labels()[i]
            ));
        }
    }
    let last_month_year = monthly
        .and_then(|m| m.labels().last().cloned())
        .and_then(|m| m.get(..4).and_then(|y| y.parse::<i32>().ok()));
    if let (Some(want), last) = (last_month_year, years.last().copied().flatten())
        && last != Some(want)
    {
        return Err(format!(
            "the last year is {}, but monthly.csv runs to {want}: the file is cut short; run \
             the command again",
            last.map_or_else(|| "missing".to_string(), |y| y.to_string())
        ));
    }
    Ok(())
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
        Bands::from_table(&Table::parse(text)?)
    }

    /// The bands of a table read already.
    ///
    /// # Errors
    /// A message if a column is missing or a value is not a number.
    pub fn from_table(t: &Table) -> Result<Bands, String> {
        let need = |n: &str| t.col(n).ok_or_else(|| format!("no column `{n}`"));
        let (period, metric) = (need("period")?, need("metric")?);
        let (mean, p05, p50, p95) = (need("mean")?, need("p05")?, need("p50")?, need("p95")?);
        let mut rows = Vec::new();
        for (i, r) in t.rows.iter().enumerate() {
            let num = |c: usize| -> Result<f64, String> {
                r.get(c)
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| format!("line {}: `{}` is not a number", i + 2, t.columns[c]))
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
    fn a_table_cut_short_is_refused_with_its_line() {
        let whole = "year,arrests\n1934,5\n1935,6\n";
        assert!(read_whole(whole).is_ok());
        let e = read_whole("year,arrests\n1934,5\n1935").expect_err("no newline");
        assert!(e.starts_with("line 3:") && e.contains("cut short"), "{e}");
        let e = read_whole("year,arrests\n1934,5\n1935\n").expect_err("a short row");
        assert!(
            e.starts_with("line 3:") && e.contains("expected 2 fields"),
            "{e}"
        );
        let t = read_whole("year,arrests\n1934,5\n1936,6\n").unwrap_or_default();
        let e = check_years(&t, None).expect_err("a gap");
        assert!(e.starts_with("line 3:"), "{e}");
        let t = read_whole(whole).unwrap_or_default();
        let m = read_whole("month,arrests\n1936-12,1\n").unwrap_or_default();
        assert!(
            check_years(&t, Some(&m))
                .expect_err("missing 1936")
                .contains("1936")
        );
        assert!(require_columns(&t, &["year", "executions"]).is_err());
    }

    #[test]
    fn bands_need_their_columns() {
        let b = Bands::parse("period,metric,mean,p05,p50,p95\n1937,arrests,2,1,2,3\n");
        assert_eq!(b.map(|b| b.rows.len()), Ok(1));
        assert!(Bands::parse("period,metric,mean\n").is_err());
    }
}
