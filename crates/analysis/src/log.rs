//! The one resumable, append-only log of the experiments: `sweep.csv`, the ensemble's
//! `runs.csv` and `calibration.log` are each a CSV file that grows by one whole row per unit of
//! work (a run, a point and seed, an evaluation).
//!
//! - A row is written with one `write` and flushed, so a crash leaves at most one partial last
//!   line; [`AppendLog::open`] cuts it off (on disk too) and says so.
//! - Optional **preamble** lines (`# scenario=... hash=...`) record what the rows were computed
//!   on. A file whose first lines differ belongs to another experiment and is refused, untouched.
//! - The rows already there come back, so the caller skips the work they record.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::AnalysisError;

/// An open log, appending.
#[derive(Debug)]
pub struct AppendLog {
    path: PathBuf,
    file: std::fs::File,
}

/// What an earlier, interrupted experiment left in a log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Existing {
    /// The CSV records after the preamble (a header first, where the caller wrote one), each
    /// with its 1-based line number in the file.
    pub records: Vec<(usize, Vec<String>)>,
    /// Whether a partial last line (an interrupted write) was cut off.
    pub dropped_partial_line: bool,
}

impl AppendLog {
    /// Opens `path` (created if missing) for appending after `preamble`.
    ///
    /// A new or empty file gets the preamble written at once. An existing file must start with
    /// exactly the preamble's lines, else [`AnalysisError::Resume`] says it belongs to another
    /// experiment and names `what` (for example "sweep") and the fix.
    ///
    /// # Errors
    /// [`AnalysisError::Io`] if the file cannot be read or written; [`AnalysisError::Resume`] for
    /// a file of another experiment, or one that is not CSV before its last line.
    pub fn open(
        path: &Path,
        preamble: &[String],
        what: &str,
    ) -> Result<(AppendLog, Existing), AnalysisError> {
        let io = AnalysisError::io(path);
        let mut existing = Existing::default();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(io(e)),
        };
        let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let text = String::from_utf8_lossy(&bytes[..complete]);
        let lines: Vec<&str> = text.lines().collect();
        let refuse = |why: String| {
            AnalysisError::Resume(format!(
                "{} was written by another {what} ({why}); use another --out or remove the file",
                path.display()
            ))
        };
        if !lines.is_empty() {
            for (i, want) in preamble.iter().enumerate() {
                match lines.get(i) {
                    Some(l) if l == want => {}
                    Some(l) => {
                        return Err(refuse(format!(
                            "line {} is `{l}`, expected `{want}`",
                            i + 1
                        )));
                    }
                    None => return Err(refuse(format!("line {} is missing", i + 1))),
                }
            }
        }
        let body_start = if lines.is_empty() { 0 } else { preamble.len() };
        let body = lines.get(body_start..).unwrap_or(&[]).join("\n");
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(body.as_bytes());
        for record in reader.records() {
            let line = |e: &csv::Error| e.position().map_or(0, |p| p.line() as usize);
            let record =
                record.map_err(|e| refuse(format!("line {}: not CSV", body_start + line(&e))))?;
            let n = body_start + record.position().map_or(0, |p| p.line() as usize);
            existing
                .records
                .push((n, record.iter().map(String::from).collect()));
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(AnalysisError::io(path))?;
        if complete < bytes.len() {
            file.set_len(complete as u64)
                .map_err(AnalysisError::io(path))?;
            existing.dropped_partial_line = true;
        }
        let mut log = AppendLog {
            path: path.to_path_buf(),
            file,
        };
        if lines.is_empty() {
            // Nothing usable: start the file afresh with the preamble.
            log.file.set_len(0).map_err(AnalysisError::io(path))?;
            for line in preamble {
                log.write_line(&format!("{line}\n"))?;
            }
        }
        Ok((log, existing))
    }

    /// Appends one record as a CSV line, in one write, and flushes it.
    ///
    /// # Errors
    /// [`AnalysisError::Io`] if the write fails.
    pub fn append<S: AsRef<str>>(&mut self, fields: &[S]) -> Result<(), AnalysisError> {
        self.write_line(&csv_line(fields))
    }

    fn write_line(&mut self, line: &str) -> Result<(), AnalysisError> {
        let io = AnalysisError::io(&self.path);
        self.file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.flush())
            .map_err(io)
    }

    /// Syncs the log to disk.
    ///
    /// # Errors
    /// [`AnalysisError::Io`] if the sync fails.
    pub fn finish(self) -> Result<(), AnalysisError> {
        self.file.sync_all().map_err(AnalysisError::io(&self.path))
    }
}

/// Fields as one CSV line, quoted where needed, ending in `\n`.
pub fn csv_line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut out = String::new();
    for (i, f) in fields.iter().enumerate() {
        let f = f.as_ref();
        if i > 0 {
            out.push(',');
        }
        if f.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resumes_drops_a_partial_line_and_refuses_another_preamble() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("x.log");
        let pre = vec!["# run=1".to_string()];
        let (mut log, existing) =
            AppendLog::open(&path, &pre, "test").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(existing, Existing::default());
        log.append(&["a", "b"]).unwrap_or_else(|e| panic!("{e}"));
        log.append(&["1", "x,y"]).unwrap_or_else(|e| panic!("{e}"));
        log.finish().unwrap_or_else(|e| panic!("{e}"));
        let full = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(full, "# run=1\na,b\n1,\"x,y\"\n");
        std::fs::write(&path, format!("{full}2,hal")).unwrap_or_else(|e| panic!("{e}"));
        let (_, existing) = AppendLog::open(&path, &pre, "test").unwrap_or_else(|e| panic!("{e}"));
        assert!(existing.dropped_partial_line);
        assert_eq!(existing.records.len(), 2);
        assert_eq!(
            existing.records[1],
            (3, vec!["1".to_string(), "x,y".to_string()])
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), full);
        let e = AppendLog::open(&path, &["# run=2".to_string()], "test").expect_err("another run");
        assert!(e.to_string().contains("another test"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), full);
    }
}
