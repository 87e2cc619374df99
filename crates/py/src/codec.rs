//! A run's figures as bytes, to travel from a Dask worker back to the client.
//!
//! Every number goes as its IEEE-754 bits, so what the client folds into bands is exactly what
//! the worker computed (JSON would turn a NaN into null and text would round). The format is
//! private to one version of this module: client and workers must run the same chistka, which
//! [`decode`] checks through the leading tag.

use chistka_analysis::outcome::RunOutcome;
use chistka_output::Table;

/// Leading bytes: format and package version, so mismatched workers fail loudly.
const TAG: &str = concat!("chistka-outcome/1/", env!("CARGO_PKG_VERSION"));

/// The bytes of `outcome`.
pub(crate) fn encode(outcome: &RunOutcome) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 * 1024);
    text(&mut out, TAG);
    out.extend_from_slice(&outcome.seed.to_le_bytes());
    for t in [&outcome.annual, &outcome.monthly] {
        count(&mut out, t.columns.len());
        for c in &t.columns {
            text(&mut out, c);
        }
        count(&mut out, t.rows.len());
        for (label, values) in &t.rows {
            text(&mut out, label);
            count(&mut out, values.len());
            for v in values {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
    }
    count(&mut out, outcome.summary.len());
    for (k, v) in &outcome.summary {
        text(&mut out, k);
        out.extend_from_slice(&v.to_le_bytes());
    }
    out
}

/// The outcome in `bytes`, or what is wrong with them.
pub(crate) fn decode(bytes: &[u8]) -> Result<RunOutcome, String> {
    let mut r = Reader { bytes, at: 0 };
    let tag = r.text()?;
    if tag != TAG {
        return Err(format!(
            "a worker runs another chistka ({tag}) than the client ({TAG}): install the same \
             version everywhere"
        ));
    }
    let seed = r.u64()?;
    let mut tables = Vec::with_capacity(2);
    for _ in 0..2 {
        let columns = (0..r.count()?)
            .map(|_| r.text())
            .collect::<Result<Vec<_>, _>>()?;
        let rows = (0..r.count()?)
            .map(|_| {
                let label = r.text()?;
                let values = (0..r.count()?)
                    .map(|_| r.f64())
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((label, values))
            })
            .collect::<Result<Vec<_>, String>>()?;
        tables.push(Table { columns, rows });
    }
    let summary = (0..r.count()?)
        .map(|_| Ok((r.text()?, r.f64()?)))
        .collect::<Result<Vec<_>, String>>()?;
    if r.at != bytes.len() {
        return Err("trailing bytes after a run's figures".into());
    }
    let monthly = tables.pop().unwrap_or_else(|| Table {
        columns: vec![],
        rows: vec![],
    });
    let annual = tables.pop().unwrap_or_else(|| Table {
        columns: vec![],
        rows: vec![],
    });
    Ok(RunOutcome {
        seed,
        annual,
        monthly,
        summary,
    })
}

fn count(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u64).to_le_bytes());
}

fn text(out: &mut Vec<u8>, s: &str) {
    count(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or("a run's figures end early (truncated bytes)")?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u64(&mut self) -> Result<u64, String> {
        let b: [u8; 8] = self.take(8)?.try_into().map_err(|_| "bad length")?;
        Ok(u64::from_le_bytes(b))
    }

    fn f64(&mut self) -> Result<f64, String> {
        self.u64().map(f64::from_bits)
    }

    fn count(&mut self) -> Result<usize, String> {
        let n = self.u64()?;
        // Every counted item takes at least one byte: a larger count is corrupt, not a reason
        // to allocate.
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= self.bytes.len() - self.at)
            .ok_or_else(|| "a corrupt count in a run's figures".to_string())
    }

    fn text(&mut self) -> Result<String, String> {
        let n = self.count()?;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| "text that is not UTF-8".into())
    }
}
