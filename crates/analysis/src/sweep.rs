//! Sweeps: a grid or a Latin hypercube over scenario parameters, several seeds per point,
//! one row per (point, seed) in `sweep.csv`, resumable after an interruption.
//!
//! Parameters are addressed by dotted TOML keys of the merged scenario
//! (`interrogation.named_per_confession_mean_torture`, a year of a year table such as
//! `policing.arrests_per_100k_adults_per_year.1937`); each point is the scenario with those keys
//! set, validated again by [`chistka_scenario::with_overrides`] before anything runs.
//!
//! Every point runs on the same seeds (common random numbers), so differences between points
//! are not differences of luck.
//!
//! **Resumption.** `points.csv` records the design; `sweep.csv` is the experiments' one
//! [`AppendLog`], appended one whole row at a time. On a restart with the same arguments the
//! design must match `points.csv`, a partial last line (a crash in the middle of a write) is cut
//! off, and the (point, seed) rows already present are not run again.

use std::collections::HashSet;
use std::path::Path;

use chistka_engine::streams::Streams;
use chistka_format::csv as num;
use chistka_scenario::Scenario;
use rand::RngCore;

use crate::log::{AppendLog, csv_line};
use crate::outcome::{RunOutcome, check_scale};
use crate::runner::{Runner, Task};
use crate::spec::{ParamSpec, value_text};
use crate::{AnalysisError, Progress, seeds};

/// Stream key of the Latin hypercube's draws.
const LHS_STREAM: u64 = 0x5357_4545_504c_4853; // "SWEEPLHS"

/// A point of the design: its id and the value of every parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// 0-based id, its row order in `points.csv`.
    pub id: usize,
    /// (dotted key, value), in the order of the `--param` arguments.
    pub values: Vec<(String, toml::Value)>,
}

/// The design: every combination of the listed values (the first parameter varies slowest),
/// crossed with `lhs` Latin hypercube points over the ranges.
///
/// # Errors
/// [`AnalysisError::Input`] for ranges without `lhs`, `lhs` without ranges, or a key given twice.
pub fn design(
    specs: &[ParamSpec],
    lhs: Option<usize>,
    seed: u64,
) -> Result<Vec<Point>, AnalysisError> {
    if specs.is_empty() {
        return Err(AnalysisError::Input(
            "a sweep needs at least one --param".into(),
        ));
    }
    let mut seen = HashSet::new();
    for s in specs {
        if !seen.insert(s.key()) {
            return Err(AnalysisError::Input(format!(
                "--param `{}` given twice",
                s.key()
            )));
        }
    }
    let ranges: Vec<(&str, f64, f64)> = specs
        .iter()
        .filter_map(|s| match s {
            ParamSpec::Range { key, lo, hi } => Some((key.as_str(), *lo, *hi)),
            ParamSpec::List { .. } => None,
        })
        .collect();
    let lhs_rows = match (lhs, ranges.is_empty()) {
        (None, true) => vec![Vec::new()],
        (Some(n), false) if n > 0 => latin_hypercube(n, ranges.len(), seed)
            .into_iter()
            .map(|u| {
                ranges
                    .iter()
                    .zip(u)
                    // Rounded as written to points.csv, so the file holds the values run.
                    .map(|(&(_, lo, hi), u)| chistka_format::csv_value(lo + (hi - lo) * u))
                    .collect::<Vec<f64>>()
            })
            .collect(),
        (None, false) => {
            return Err(AnalysisError::Input(
                "a range (`key=lo..hi`) needs --lhs N, the number of points to sample".into(),
            ));
        }
        (Some(_), _) => {
            return Err(AnalysisError::Input(
                "--lhs needs at least one range (`key=lo..hi`) and N >= 1".into(),
            ));
        }
    };
    // Grid over the lists, first list slowest.
    let mut grid: Vec<Vec<toml::Value>> = vec![Vec::new()];
    for s in specs {
        if let ParamSpec::List { values, .. } = s {
            grid = grid
                .into_iter()
                .flat_map(|g| {
                    values.iter().map(move |v| {
                        let mut g = g.clone();
                        g.push(v.clone());
                        g
                    })
                })
                .collect();
        }
    }
    let mut points = Vec::new();
    for g in &grid {
        for l in &lhs_rows {
            let (mut gi, mut li) = (g.iter(), l.iter());
            let values = specs
                .iter()
                .map(|s| {
                    let v = match s {
                        ParamSpec::List { .. } => gi.next().cloned(),
                        ParamSpec::Range { .. } => li.next().map(|&x| toml::Value::Float(x)),
                    };
                    (
                        s.key().to_string(),
                        v.unwrap_or(toml::Value::Boolean(false)),
                    )
                })
                .collect();
            points.push(Point {
                id: points.len(),
                values,
            });
        }
    }
    Ok(points)
}

/// `n` points of a Latin hypercube in `[0, 1)^dims`: in every dimension each of the `n` strata
/// `[k/n, (k+1)/n)` holds exactly one point, at a uniform position inside it; the strata are
/// matched across dimensions by independent random permutations (McKay, Beckman and Conover
/// 1979). The draws come from the seeded stream `LHS_STREAM` of `seed`.
pub fn latin_hypercube(n: usize, dims: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = Streams::new(seed).stream(LHS_STREAM);
    let mut out = vec![vec![0.0; dims]; n];
    for d in 0..dims {
        let mut strata: Vec<usize> = (0..n).collect();
        // Fisher-Yates with our own index draw, so the design does not depend on how a rand
        // version maps random bits to ranges.
        for i in (1..n).rev() {
            let j = ((u128::from(rng.next_u64()) * (i as u128 + 1)) >> 64) as usize;
            strata.swap(i, j);
        }
        for (row, k) in out.iter_mut().zip(strata) {
            let u = (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
            row[d] = (k as f64 + u) / n as f64;
        }
    }
    out
}

/// What to run.
#[derive(Debug, Clone)]
pub struct SweepSpec {
    /// The base scenario.
    pub scenario: Scenario,
    /// The design.
    pub points: Vec<Point>,
    /// Population scale.
    pub scale: f64,
    /// Seed of the first run at each point.
    pub first_seed: u64,
    /// Runs (seeds) per point.
    pub runs: usize,
}

/// How a sweep went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SweepReport {
    /// Rows found from an earlier, interrupted sweep.
    pub resumed: usize,
    /// Rows run now.
    pub ran: usize,
    /// Whether a partial last line was dropped.
    pub dropped_partial_line: bool,
}

/// The annual figures each row carries besides the summary.
const ANNUAL_OUTPUTS: [(&str, &str); 4] = [
    ("1937", "arrests"),
    ("1938", "arrests"),
    ("1937", "executions"),
    ("1938", "executions"),
];

fn output_columns(o: &RunOutcome) -> Vec<(String, f64)> {
    let mut cols: Vec<(String, f64)> = ANNUAL_OUTPUTS
        .iter()
        .map(|(y, m)| (format!("{m}_{y}"), o.annual.get(y, m).unwrap_or(0.0)))
        .collect();
    cols.extend(o.summary.iter().cloned());
    cols
}

/// Runs the sweep in `pool`, writing `points.csv` and `sweep.csv` into `dir`, or resumes it.
///
/// `sweep.csv` has `point`, one column per parameter, `seed`, then the outputs: arrests and
/// executions of 1937 and 1938 and every summary figure of the first run (arrests and
/// executions of 1937-38, arrests by cause as `arrests_by_cause.<cause>`, ...).
///
/// # Errors
/// A point that does not validate (before anything runs), a `points.csv` from another design
/// ([`AnalysisError::Resume`]), a failed run, or a file that cannot be written.
pub fn sweep(
    spec: &SweepSpec,
    runner: &dyn Runner,
    dir: &Path,
    progress: Progress<'_>,
) -> Result<SweepReport, AnalysisError> {
    check_scale(spec.scale)?;
    crate::check_runs(spec.runs, "a sweep")?;
    let scenarios: Vec<Scenario> = spec
        .points
        .iter()
        .map(|p| {
            chistka_scenario::with_overrides(&spec.scenario, &p.values).map_err(|e| {
                let values: Vec<String> = p
                    .values
                    .iter()
                    .map(|(k, v)| format!("{k}={}", value_text(v)))
                    .collect();
                crate::spec::override_error(
                    e,
                    &format!("--param: point {} ({})", p.id, values.join(", ")),
                )
            })
        })
        .collect::<Result<_, _>>()?;
    let keys: Vec<&str> = spec.points.first().map_or_else(Vec::new, |p| {
        p.values.iter().map(|(k, _)| k.as_str()).collect()
    });

    std::fs::create_dir_all(dir).map_err(AnalysisError::io(dir))?;
    let points_text = points_csv(&keys, &spec.points);
    let points_path = dir.join("points.csv");
    let sweep_path = dir.join("sweep.csv");
    match std::fs::read_to_string(&points_path) {
        Ok(old) if old != points_text => {
            return Err(AnalysisError::Resume(format!(
                "{} holds another design (other parameters, values or --lhs/--seed); \
                 use another --out or remove the directory",
                points_path.display()
            )));
        }
        Ok(_) => {}
        Err(_) if sweep_path.exists() => {
            return Err(AnalysisError::Resume(format!(
                "{} exists without points.csv; use another --out or remove it",
                sweep_path.display()
            )));
        }
        Err(_) => chistka_output::write_atomic(&points_path, points_text.as_bytes())?,
    }

    let (mut log, existing) = AppendLog::open(&sweep_path, &[], "sweep")?;
    let done = done_rows(&existing, &keys, &sweep_path)?;
    let seeds: Vec<u64> = seeds(spec.first_seed, spec.runs).collect();
    let todo: Vec<(usize, u64)> = spec
        .points
        .iter()
        .flat_map(|p| seeds.iter().map(move |&s| (p.id, s)))
        .filter(|(p, s)| !done.contains(&(*p, *s)))
        .collect();
    let mut header: Vec<String> = existing
        .records
        .first()
        .map_or_else(Vec::new, |(_, h)| h.clone());
    let total = todo.len() as u64;
    progress(0, total);
    let tasks: Vec<Task<'_>> = todo
        .iter()
        .map(|&(point, seed)| Task {
            scenario: &scenarios[point],
            scale: spec.scale,
            seed,
            society: None,
        })
        .collect();
    runner.run_in_order(&tasks, &mut |i, outcome| {
        let (point, seed) = todo[i];
        let outputs = output_columns(&outcome);
        if header.is_empty() {
            header.push("point".into());
            header.extend(keys.iter().map(|k| (*k).to_string()));
            header.push("seed".into());
            header.extend(outputs.iter().map(|(k, _)| k.clone()));
            log.append(&header)?;
        }
        let mut record: Vec<String> = vec![point.to_string()];
        record.extend(spec.points[point].values.iter().map(|(_, v)| value_text(v)));
        record.push(seed.to_string());
        for col in &header[keys.len() + 2..] {
            let v = outputs
                .iter()
                .find(|(k, _)| k == col)
                .map_or(String::new(), |(_, v)| num(*v));
            record.push(v);
        }
        log.append(&record)?;
        progress(i as u64 + 1, total);
        Ok(())
    })?;
    log.finish()?;
    Ok(SweepReport {
        resumed: done.len(),
        ran: todo.len(),
        dropped_partial_line: existing.dropped_partial_line,
    })
}

fn points_csv(keys: &[&str], points: &[Point]) -> String {
    let mut header = vec!["point".to_string()];
    header.extend(keys.iter().map(|k| (*k).to_string()));
    let mut text = csv_line(&header);
    for p in points {
        let mut rec = vec![p.id.to_string()];
        rec.extend(p.values.iter().map(|(_, v)| value_text(v)));
        text.push_str(&csv_line(&rec));
    }
    text
}

/// The (point, seed) rows an earlier, interrupted sweep finished, after checking that its header
/// has the same parameter columns.
fn done_rows(
    existing: &crate::log::Existing,
    keys: &[&str],
    path: &Path,
) -> Result<HashSet<(usize, u64)>, AnalysisError> {
    let mismatch = |what: String| {
        AnalysisError::Resume(format!(
            "{} was written by another sweep ({what}); use another --out or remove it",
            path.display()
        ))
    };
    let mut done = HashSet::new();
    let Some((_, header)) = existing.records.first() else {
        return Ok(done);
    };
    let want_keys = header
        .get(1..=keys.len())
        .map(|k| k.iter().map(String::as_str).collect::<Vec<_>>());
    if header.first().map(String::as_str) != Some("point")
        || want_keys.as_deref() != Some(keys)
        || header.get(keys.len() + 1).map(String::as_str) != Some("seed")
    {
        return Err(mismatch("other parameter columns".into()));
    }
    for (line, record) in &existing.records[1..] {
        if record.len() != header.len() {
            return Err(mismatch(format!(
                "line {line} has {} fields, the header {}",
                record.len(),
                header.len()
            )));
        }
        let point = record.first().and_then(|p| p.parse::<usize>().ok());
        let seed = record
            .get(keys.len() + 1)
            .and_then(|s| s.parse::<u64>().ok());
        match (point, seed) {
            (Some(p), Some(s)) => {
                done.insert((p, s));
            }
            _ => return Err(mismatch(format!("line {line}: no point id or seed"))),
        }
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_crosses_lists_first_slowest() {
        let specs = [
            ParamSpec::parse("--param", "a.x=1,2").unwrap_or_else(|e| panic!("{e}")),
            ParamSpec::parse("--param", "a.y=3,4,5").unwrap_or_else(|e| panic!("{e}")),
        ];
        let pts = design(&specs, None, 1).unwrap_or_else(|e| panic!("{e}"));
        let text: Vec<String> = pts
            .iter()
            .map(|p| {
                p.values
                    .iter()
                    .map(|(_, v)| value_text(v))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert_eq!(text, ["1 3", "1 4", "1 5", "2 3", "2 4", "2 5"]);
        assert!(
            design(
                &[ParamSpec::parse("--param", "a.x=0..1").unwrap_or_else(|e| panic!("{e}"))],
                None,
                1
            )
            .is_err()
        );
        assert!(design(&specs, Some(3), 1).is_err());
    }

    #[test]
    fn latin_hypercube_has_one_point_per_stratum_and_is_seeded() {
        let n = 20;
        let x = latin_hypercube(n, 3, 7);
        for d in 0..3 {
            let mut strata: Vec<usize> = x.iter().map(|r| (r[d] * n as f64) as usize).collect();
            strata.sort_unstable();
            assert_eq!(strata, (0..n).collect::<Vec<_>>());
        }
        assert_eq!(x, latin_hypercube(n, 3, 7));
        assert_ne!(x, latin_hypercube(n, 3, 8));
    }

    fn spec(points: Vec<Point>) -> SweepSpec {
        SweepSpec {
            scenario: chistka_scenario::embedded("great-purge").unwrap_or_else(|e| panic!("{e}")),
            points,
            scale: 0.0002,
            first_seed: 1,
            runs: 2,
        }
    }

    fn pool() -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn resumes_after_an_interruption_mid_line_without_redoing_rows() {
        let specs = [
            ParamSpec::parse(
                "--param",
                "interrogation.named_per_confession_mean_torture=1,3",
            )
            .unwrap_or_else(|e| panic!("{e}")),
            ParamSpec::parse(
                "--param",
                "policing.arrests_per_100k_adults_per_year.1937=50..150",
            )
            .unwrap_or_else(|e| panic!("{e}")),
        ];
        let points = design(&specs, Some(2), 9).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(points.len(), 4);
        let spec = spec(points);
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let report =
            sweep(&spec, &pool(), dir.path(), &mut |_, _| {}).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            report,
            SweepReport {
                resumed: 0,
                ran: 8,
                dropped_partial_line: false
            }
        );
        let path = dir.path().join("sweep.csv");
        let full = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(full.lines().count(), 9);
        let header = full.lines().next().unwrap_or("");
        assert!(header.starts_with(
            "point,interrogation.named_per_confession_mean_torture,policing.arrests_per_100k_adults_per_year.1937,seed,arrests_1937,"
        ), "{header}");
        assert!(header.contains("arrests_1937_1938") && header.contains("arrests_by_cause.quota"));

        // A crash in the middle of row 6: five whole rows and half of the sixth.
        let cut: usize = full.lines().take(6).map(|l| l.len() + 1).sum::<usize>() + 7;
        std::fs::write(&path, &full[..cut]).unwrap_or_else(|e| panic!("{e}"));
        let report =
            sweep(&spec, &pool(), dir.path(), &mut |_, _| {}).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            report,
            SweepReport {
                resumed: 5,
                ran: 3,
                dropped_partial_line: true
            }
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap_or_default(),
            full,
            "the same rows, in the same order"
        );

        // Finished: nothing to run.
        let report =
            sweep(&spec, &pool(), dir.path(), &mut |_, _| {}).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((report.resumed, report.ran), (8, 0));

        // Another design in the same directory is refused, and nothing is touched.
        let other =
            super::tests::spec(design(&specs, Some(3), 9).unwrap_or_else(|e| panic!("{e}")));
        let e = sweep(&other, &pool(), dir.path(), &mut |_, _| {}).expect_err("another design");
        assert!(matches!(e, AnalysisError::Resume(_)), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), full);
    }

    #[test]
    fn a_point_that_does_not_validate_runs_nothing() {
        let specs = [
            ParamSpec::parse("--param", "interrogation.confession_probability=0.5,7")
                .unwrap_or_else(|e| panic!("{e}")),
        ];
        let spec = spec(design(&specs, None, 1).unwrap_or_else(|e| panic!("{e}")));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let e =
            sweep(&spec, &pool(), dir.path(), &mut |_, _| {}).expect_err("7 is not a probability");
        assert!(e.to_string().contains("confession_probability"), "{e}");
        assert!(!dir.path().join("sweep.csv").exists());
    }
}
