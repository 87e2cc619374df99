//! Target sets: what the model should reproduce, machine-readable.
//!
//! A target file is CSV with the header
//! `target,kind,key,period,relation,value,tolerance,weight,status,source`; lines starting with
//! `#` are comments. `kind` is `annual` (a column of `annual.csv`; `period` a year, or
//! `YYYY-YYYY` summed over the years) or `summary` (a key of `summary.json`; keys joined by `+`
//! are summed; a key of a nested table is written `table.key`). `relation` is `eq` (as close as
//! possible) or `ge` (at least). `tolerance` is relative (0.2 = within 20%). `weight` counts in the
//! calibration loss; 0 shows a record figure without ever fitting it.
//!
//! A column, year or key that the model does not produce is caught by
//! [`validate::check_targets`](crate::validate::check_targets) once the runs are in, with the
//! target's line and what exists instead.

use std::path::PathBuf;

use crate::AnalysisError as Error;
use crate::outcome::RunOutcome;

/// The embedded target sets: (name, CSV text).
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "archival",
        include_str!("../../../data/targets_archival.csv"),
    ),
    (
        "textbook",
        include_str!("../../../data/targets_textbook.csv"),
    ),
    (
        "patterns",
        include_str!("../../../data/targets_patterns.csv"),
    ),
    ("longrun", include_str!("../../../data/targets_longrun.csv")),
    (
        VALIDATION,
        include_str!("../../../data/targets_validation.csv"),
    ),
];

/// The name of the validation set (`data/targets_validation.csv`): what the record says about
/// composition and institutions, shown against the model and never fitted.
pub const VALIDATION: &str = "validation";

/// Where a target's model value is read.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A column of the annual table, summed over the years `from..=to`.
    Annual {
        /// Column name.
        column: String,
        /// First year.
        from: i16,
        /// Last year.
        to: i16,
    },
    /// Summary keys, summed.
    Summary {
        /// Keys (nested tables as `table.key`).
        keys: Vec<String>,
    },
}

/// How the model value is judged against the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// As close as possible.
    Eq,
    /// At least the record's value.
    Ge,
    /// At most the record's value (a bound the sources give in words: "extremely rare").
    Le,
}

/// One target.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Its name.
    pub name: String,
    /// Where the model's value comes from.
    pub kind: Kind,
    /// The key as written (column or summary keys).
    pub key: String,
    /// The period as written.
    pub period: String,
    /// Equal to, or at least.
    pub relation: Relation,
    /// The record's value.
    pub value: f64,
    /// Relative tolerance.
    pub tolerance: f64,
    /// Weight in the calibration loss (0: shown, never fitted).
    pub weight: f64,
    /// Status of the figure (V2, 1S, MEM, DER, seed).
    pub status: String,
    /// Where it comes from.
    pub source: String,
    /// Its 1-based line in the target file (0 for a target made in code).
    pub line: usize,
}

impl Target {
    /// The model's value for this target in one run, or `None` if a column, year or key is
    /// missing from the run's tables.
    pub fn value(&self, run: &RunOutcome) -> Option<f64> {
        match &self.kind {
            Kind::Annual { column, from, to } => (*from..=*to)
                .map(|y| run.annual.get(&y.to_string(), column))
                .sum(),
            Kind::Summary { keys } => keys.iter().map(|k| run.summary_value(k)).sum(),
        }
    }

    /// Why the runs have no value for this target, in words naming what exists instead; `None`
    /// if they have one.
    pub fn missing(&self, run: &RunOutcome) -> Option<String> {
        if self.value(run).is_some() {
            return None;
        }
        Some(match &self.kind {
            Kind::Annual { column, from, to } => {
                let columns = &run.annual.columns[1..];
                if !columns.iter().any(|c| c == column) {
                    format!(
                        "`{column}` is not a column of annual.csv; expected one of: {}",
                        columns.join(", ")
                    )
                } else {
                    let years: Vec<&str> =
                        run.annual.rows.iter().map(|(y, _)| y.as_str()).collect();
                    format!(
                        "the run has no year {} in annual.csv; expected years {}",
                        if from == to {
                            from.to_string()
                        } else {
                            format!("in {from}-{to}")
                        },
                        match (years.first(), years.last()) {
                            (Some(a), Some(b)) => format!("{a} to {b}"),
                            _ => "(none)".into(),
                        }
                    )
                }
            }
            Kind::Summary { keys } => {
                let unknown: Vec<&str> = keys
                    .iter()
                    .filter(|k| run.summary_value(k).is_none())
                    .map(String::as_str)
                    .collect();
                format!(
                    "`{}` is not a figure of summary.json; expected one of: {}",
                    unknown.join("`, `"),
                    run.summary
                        .iter()
                        .map(|(k, _)| k.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        })
    }

    /// The series a chart groups it in: the column of an annual target, else `summary`.
    pub fn series(&self) -> &str {
        match &self.kind {
            Kind::Annual { column, .. } => column,
            Kind::Summary { .. } => "summary",
        }
    }
}

/// A named set of targets.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetSet {
    /// `archival`, `textbook`, `validation` or the file name.
    pub name: String,
    /// The targets in file order.
    pub targets: Vec<Target>,
}

impl TargetSet {
    /// True for a set that must never be fitted: the validation set, or any set whose every
    /// weight is 0. Calibration refuses it; validation shows it as "not calibrated" and skips a
    /// target whose model output does not exist yet instead of failing.
    pub fn never_fitted(&self) -> bool {
        self.name == VALIDATION || self.targets.iter().all(|t| t.weight == 0.0)
    }

    /// Splits the set into the targets the runs produce and those they do not, each of the
    /// latter with the reason in words (what exists instead).
    pub fn split_missing(&self, run: &RunOutcome) -> (TargetSet, Vec<(Target, String)>) {
        let mut present = Vec::new();
        let mut missing = Vec::new();
        for t in &self.targets {
            match t.missing(run) {
                None => present.push(t.clone()),
                Some(reason) => missing.push((t.clone(), reason)),
            }
        }
        (
            TargetSet {
                name: self.name.clone(),
                targets: present,
            },
            missing,
        )
    }
}

/// An embedded set by name.
///
/// # Errors
/// [`Error::Targets`] if the name is unknown or (a bug) the embedded file is malformed.
pub fn embedded(name: &str) -> Result<TargetSet, Error> {
    let text = EMBEDDED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .ok_or_else(|| Error::Targets {
            file: name.into(),
            line: 0,
            message:
                "no such embedded target set; expected archival, patterns, textbook or validation"
                    .into(),
        })?;
    parse(name, text)
}

/// An embedded set by name, else a file.
///
/// # Errors
/// [`Error::Io`] if the file cannot be read, [`Error::Targets`] if it is malformed.
pub fn load(name_or_path: &str) -> Result<TargetSet, Error> {
    if EMBEDDED.iter().any(|(n, _)| *n == name_or_path) {
        return embedded(name_or_path);
    }
    let text =
        std::fs::read_to_string(name_or_path).map_err(Error::io(PathBuf::from(name_or_path)))?;
    parse(name_or_path, &text)
}

const HEADER: [&str; 10] = [
    "target",
    "kind",
    "key",
    "period",
    "relation",
    "value",
    "tolerance",
    "weight",
    "status",
    "source",
];

/// Parses target CSV text; `label` names it in errors.
///
/// # Errors
/// [`Error::Targets`] with the 1-based line of the first problem.
pub fn parse(label: &str, text: &str) -> Result<TargetSet, Error> {
    let err = |line: usize, message: String| Error::Targets {
        file: label.into(),
        line,
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut targets = Vec::new();
    let mut header_seen = false;
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            err(line, format!("not valid CSV: {e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let fields: Vec<&str> = record.iter().map(str::trim).collect();
        if !header_seen {
            if fields != HEADER {
                return Err(err(
                    line,
                    format!("expected the header `{}`", HEADER.join(",")),
                ));
            }
            header_seen = true;
            continue;
        }
        if fields.len() != HEADER.len() {
            return Err(err(
                line,
                format!("expected {} fields, found {}", HEADER.len(), fields.len()),
            ));
        }
        let number = |i: usize| -> Result<f64, Error> {
            fields[i]
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| {
                    err(
                        line,
                        format!("`{}`: expected a number, found `{}`", HEADER[i], fields[i]),
                    )
                })
        };
        let (value, tolerance, weight) = (number(5)?, number(6)?, number(7)?);
        if value <= 0.0 {
            return Err(err(
                line,
                format!("`value` must be positive, found {value}"),
            ));
        }
        if !(tolerance > 0.0 && tolerance < 10.0) {
            return Err(err(
                line,
                format!("`tolerance` must be in (0, 10), found {tolerance}"),
            ));
        }
        if weight < 0.0 {
            return Err(err(
                line,
                format!("`weight` must be at least 0, found {weight}"),
            ));
        }
        let kind = match fields[1] {
            "annual" => {
                let (from, to) = years(fields[3]).ok_or_else(|| {
                    err(
                        line,
                        format!(
                            "`period`: expected YYYY or YYYY-YYYY, found `{}`",
                            fields[3]
                        ),
                    )
                })?;
                Kind::Annual {
                    column: fields[2].into(),
                    from,
                    to,
                }
            }
            "summary" => Kind::Summary {
                keys: fields[2].split('+').map(|k| k.trim().to_string()).collect(),
            },
            other => {
                return Err(err(
                    line,
                    format!("`kind`: expected annual or summary, found `{other}`"),
                ));
            }
        };
        let relation = match fields[4] {
            "eq" => Relation::Eq,
            "ge" => Relation::Ge,
            "le" => Relation::Le,
            other => {
                return Err(err(
                    line,
                    format!("`relation`: expected eq, ge or le, found `{other}`"),
                ));
            }
        };
        if fields[0].is_empty() || fields[2].is_empty() {
            return Err(err(line, "`target` and `key` must not be empty".into()));
        }
        targets.push(Target {
            name: fields[0].into(),
            kind,
            key: fields[2].into(),
            period: fields[3].into(),
            relation,
            value,
            tolerance,
            weight,
            status: fields[8].into(),
            source: fields[9].into(),
            line,
        });
    }
    if targets.is_empty() {
        return Err(err(1, "no targets".into()));
    }
    Ok(TargetSet {
        name: label.into(),
        targets,
    })
}

fn years(period: &str) -> Option<(i16, i16)> {
    let ok = |y: i16| (1900..=2100).contains(&y);
    match period.split_once('-') {
        None => period.parse().ok().filter(|y| ok(*y)).map(|y| (y, y)),
        Some((a, b)) => {
            let (a, b): (i16, i16) = (a.parse().ok()?, b.parse().ok()?);
            (ok(a) && ok(b) && a <= b).then_some((a, b))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_sets_parse() {
        let a = embedded("archival").unwrap();
        assert!(a.targets.iter().any(|t| t.name == "order_00447_executed"));
        assert_eq!(
            a.targets.iter().filter(|t| t.weight > 0.0).count(),
            24,
            "the acceptance list of issue 4"
        );
        let v = embedded("validation").unwrap();
        assert!(v.never_fitted() && v.targets.iter().all(|t| t.weight == 0.0));
        assert!(!a.never_fitted());
        let t = embedded("textbook").unwrap();
        assert_eq!(t.targets.len(), 4);
        assert_eq!(t.targets[0].relation, Relation::Ge);
        assert_eq!(
            t.targets[0].kind,
            Kind::Annual {
                column: "arrests".into(),
                from: 1936,
                to: 1938
            }
        );
    }

    #[test]
    fn errors_name_the_line() {
        let head = HEADER.join(",");
        let text = format!(
            "# comment\n{head}\na,annual,arrests,1937,eq,10,0.1,1,V2,x\nb,annual,arrests,19x7,eq,10,0.1,1,V2,x\n"
        );
        let e = parse("mine.csv", &text)
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("mine.csv:4:"), "{e}");
        assert!(e.contains("period"), "{e}");
        let text = format!("{head}\na,annual,arrests,1937,eq,ten,0.1,1,V2,x\n");
        let e = parse("m.csv", &text).map(|_| ()).unwrap_err().to_string();
        assert!(e.starts_with("m.csv:2:") && e.contains("`value`"), "{e}");
        let e = parse("m.csv", "a,b\n").map(|_| ()).unwrap_err().to_string();
        assert!(e.starts_with("m.csv:1:") && e.contains("header"), "{e}");
        let text = format!("{head}\na,weekly,arrests,1937,eq,1,0.1,1,V2,x\n");
        assert!(
            parse("m.csv", &text)
                .map(|_| ())
                .unwrap_err()
                .to_string()
                .contains("`kind`")
        );
    }
}
