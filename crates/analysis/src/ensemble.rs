//! Ensembles: many seeds of one scenario, appended run by run, summarised as bands.
//!
//! Each run's figures are appended to `runs.csv` as one row (`seed`, then one column per
//! figure: `annual.1937.arrests`, `monthly.1937-08.executions`, `summary.arrests_1937_1938`,
//! ...) as soon as it and the runs before it are done, and then dropped, so memory does not grow
//! with the number of runs. `runs.csv` is the experiments' one [`AppendLog`]: its first line
//! records the scenario (name and hash) and the scale, and an interrupted ensemble run again
//! with the same arguments keeps the finished runs, drops a partial last line and runs the rest.
//! The bands are computed afterwards from that file, in as many passes over it as needed to hold
//! at most [`VALUES_IN_MEMORY`] values at once.

use std::collections::HashSet;
use std::path::Path;

use chistka_format::csv as num;
use chistka_scenario::Scenario;

use crate::bands::Bands;
use crate::log::{AppendLog, Existing};
use crate::outcome::{Section, Societies, check_scale};
use crate::runner::{Runner, Task};
pub use crate::runs::{bands_from_runs, column_name, parse_column};
use crate::{AnalysisError, Progress, seeds};

/// The most values held in memory at once while computing bands from `runs.csv` (128 MB).
pub const VALUES_IN_MEMORY: usize = 16 << 20;

/// The files an ensemble writes besides `runs.csv`, all derived from it.
pub const BAND_FILES: [&str; 3] = ["annual_bands.csv", "monthly_bands.csv", "summary_bands.csv"];

/// What to run.
#[derive(Debug, Clone)]
pub struct EnsembleSpec {
    /// The scenario.
    pub scenario: Scenario,
    /// Population scale.
    pub scale: f64,
    /// Seed of the first run; run r has seed `first_seed + r`.
    pub first_seed: u64,
    /// Number of runs.
    pub runs: usize,
    /// Where the runs' synthetic people come from: each run's own seed ([`Societies::Own`]),
    /// or one society drawn from `first_seed` that every run starts from
    /// ([`Societies::Shared`]: the bands then hold the dynamics' variation on one population,
    /// not the populations'; run 0 is the same either way).
    pub society: Societies,
}

/// The bands of one figure.
#[derive(Debug, Clone, PartialEq)]
pub struct BandRow {
    /// Its table.
    pub section: Section,
    /// Year, month, or empty for a summary figure.
    pub period: String,
    /// Column or summary key.
    pub metric: String,
    /// The bands over the runs.
    pub bands: Bands,
}

/// How an ensemble went.
#[derive(Debug, Clone, PartialEq)]
pub struct EnsembleReport {
    /// Runs found in `runs.csv` from an earlier, interrupted ensemble.
    pub resumed: usize,
    /// Runs run now.
    pub ran: usize,
    /// Whether a partial last line was dropped.
    pub dropped_partial_line: bool,
    /// The bands of every figure.
    pub rows: Vec<BandRow>,
}

fn preamble(spec: &EnsembleSpec) -> String {
    // Runs on a shared society are other figures than runs on their own: the log says which,
    // so that one is never resumed as the other. Own societies add nothing, so the logs written
    // before societies could be shared still resume.
    let society = match spec.society {
        Societies::Own => String::new(),
        Societies::Shared => format!(" society={}", spec.society.label(spec.first_seed)),
    };
    format!(
        "# chistka ensemble: scenario={} hash={} scale={}{society}",
        spec.scenario.name,
        chistka_output::fingerprint(&spec.scenario.canonical),
        spec.scale
    )
}

/// Runs the ensemble in `pool`, or resumes it, and writes `runs.csv`, `annual_bands.csv`,
/// `monthly_bands.csv` and `summary_bands.csv` into `dir` (created if needed).
///
/// The band files of an earlier ensemble are removed before any run starts, so a directory
/// never shows bands that `runs.csv` does not hold.
///
/// # Errors
/// A bad scale or zero runs ([`AnalysisError::Input`]), a `runs.csv` of another scenario or
/// scale, or with seeds outside this ensemble's ([`AnalysisError::Resume`]), a failed run, or a
/// file that cannot be written.
pub fn ensemble(
    spec: &EnsembleSpec,
    runner: &dyn Runner,
    dir: &Path,
    progress: Progress<'_>,
) -> Result<EnsembleReport, AnalysisError> {
    check_scale(spec.scale)?;
    crate::check_runs(spec.runs, "an ensemble")?;
    std::fs::create_dir_all(dir).map_err(AnalysisError::io(dir))?;
    let runs_path = dir.join("runs.csv");
    let (mut log, existing) = AppendLog::open(&runs_path, &[preamble(spec)], "ensemble")?;
    let seeds: Vec<u64> = seeds(spec.first_seed, spec.runs).collect();
    let done = done_seeds(&existing, &seeds, &runs_path)?;
    for f in BAND_FILES {
        match std::fs::remove_file(dir.join(f)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(AnalysisError::io(dir.join(f))(e));
            }
            _ => {}
        }
    }
    let todo: Vec<u64> = seeds
        .iter()
        .copied()
        .filter(|s| !done.contains(s))
        .collect();
    let mut header: Vec<String> = existing
        .records
        .first()
        .map_or_else(Vec::new, |(_, h)| h.clone());
    let total = todo.len() as u64;
    progress(0, total);
    let tasks: Vec<Task<'_>> = todo
        .iter()
        .map(|&seed| Task {
            scenario: &spec.scenario,
            scale: spec.scale,
            seed,
            society: (spec.society == Societies::Shared).then_some(spec.first_seed),
        })
        .collect();
    let ran = runner.run_in_order(&tasks, &mut |r, outcome| {
        let records: Vec<(String, f64)> = outcome
            .records()
            .map(|(s, p, m, v)| (column_name(s, p, m), v))
            .collect();
        if header.is_empty() {
            header.push("seed".into());
            header.extend(records.iter().map(|(k, _)| k.clone()));
            log.append(&header)?;
        }
        let mut row = vec![outcome.seed.to_string()];
        // In the header's order; a figure this run lacks stays empty.
        let mut at = 0;
        for col in &header[1..] {
            let v = if records.get(at).is_some_and(|(k, _)| k == col) {
                at += 1;
                records.get(at - 1).map(|(_, v)| num(*v))
            } else {
                records.iter().find(|(k, _)| k == col).map(|(_, v)| num(*v))
            };
            row.push(v.unwrap_or_default());
        }
        log.append(&row)?;
        progress(r as u64 + 1, total);
        Ok(())
    });
    if spec.society == Societies::Shared {
        crate::outcome::release_shared_society();
    }
    ran?;
    log.finish()?;
    let rows = bands_from_runs(&runs_path, VALUES_IN_MEMORY)?;
    write_bands(dir, &rows)?;
    Ok(EnsembleReport {
        resumed: done.len(),
        ran: todo.len(),
        dropped_partial_line: existing.dropped_partial_line,
        rows,
    })
}

/// The seeds an earlier run of this ensemble finished.
fn done_seeds(
    existing: &Existing,
    seeds: &[u64],
    path: &Path,
) -> Result<HashSet<u64>, AnalysisError> {
    let mut done = HashSet::new();
    let Some((_, header)) = existing.records.first() else {
        return Ok(done);
    };
    let wanted: HashSet<u64> = seeds.iter().copied().collect();
    for (line, record) in &existing.records[1..] {
        let seed = record.first().and_then(|s| s.parse::<u64>().ok());
        match seed {
            Some(s) if record.len() == header.len() && wanted.contains(&s) => {
                done.insert(s);
            }
            Some(s) if record.len() == header.len() => {
                return Err(AnalysisError::Resume(format!(
                    "{}:{line}: holds seed {s}, outside this ensemble's seeds {}..={}; use \
                     another --out, or the --seed and --runs it was started with",
                    path.display(),
                    seeds.first().copied().unwrap_or(0),
                    seeds.last().copied().unwrap_or(0)
                )));
            }
            _ => {
                return Err(AnalysisError::Resume(format!(
                    "{}:{line}: expected a seed and {} figures; use another --out or remove it",
                    path.display(),
                    header.len() - 1
                )));
            }
        }
    }
    Ok(done)
}

/// Writes `annual_bands.csv`, `monthly_bands.csv` (`period, metric, mean, p05, p50, p95`) and
/// `summary_bands.csv` (`metric, mean, p05, p50, p95`), each atomically.
///
/// # Errors
/// A file that cannot be written.
pub fn write_bands(dir: &Path, rows: &[BandRow]) -> Result<(), AnalysisError> {
    for (section, file) in [
        (Section::Annual, BAND_FILES[0]),
        (Section::Monthly, BAND_FILES[1]),
        (Section::Summary, BAND_FILES[2]),
    ] {
        let mut text = String::new();
        if section != Section::Summary {
            text.push_str("period,");
        }
        text.push_str("metric,mean,p05,p50,p95\n");
        for row in rows.iter().filter(|r| r.section == section) {
            if section != Section::Summary {
                text.push_str(&row.period);
                text.push(',');
            }
            text.push_str(&row.metric);
            for f in row.bands.fields() {
                text.push(',');
                text.push_str(&f);
            }
            text.push('\n');
        }
        chistka_output::write_atomic(&dir.join(file), text.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs_file(dir: &Path) -> std::path::PathBuf {
        let path = dir.join("runs.csv");
        let mut text = String::from(
            "# chistka ensemble: test\nseed,annual.1937.arrests,monthly.1937-01.arrests,summary.arrests_by_cause.quota\n",
        );
        for (seed, a, b) in [
            (1, 10.0, 1.0),
            (2, 30.0, 3.0),
            (3, 20.0, 2.0),
            (4, 40.0, 4.0),
            (5, 0.0, 0.0),
        ] {
            text.push_str(&format!("{seed},{a},{b},{}\n", a + b));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        path
    }

    #[test]
    fn bands_of_known_inputs_in_one_pass_and_in_many() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = runs_file(dir.path());
        let one = bands_from_runs(&path, 1000).unwrap_or_else(|e| panic!("{e}"));
        let many = bands_from_runs(&path, 1).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(one, many);
        assert_eq!(one.len(), 3);
        let annual = &one[0];
        assert_eq!(
            (
                annual.section,
                annual.period.as_str(),
                annual.metric.as_str()
            ),
            (Section::Annual, "1937", "arrests")
        );
        // 0, 10, 20, 30, 40: h = 4 p, so p05 = 2, p50 = 20, p95 = 38.
        assert_eq!(
            annual.bands,
            Bands {
                mean: 20.0,
                p05: 2.0,
                p50: 20.0,
                p95: 38.0
            }
        );
        assert_eq!(one[2].metric, "arrests_by_cause.quota");
        assert_eq!(one[2].bands.mean, 22.0);

        write_bands(dir.path(), &one).unwrap_or_else(|e| panic!("{e}"));
        let annual =
            std::fs::read_to_string(dir.path().join("annual_bands.csv")).unwrap_or_default();
        assert_eq!(
            annual,
            "period,metric,mean,p05,p50,p95\n1937,arrests,20,2,20,38\n"
        );
        let summary =
            std::fs::read_to_string(dir.path().join("summary_bands.csv")).unwrap_or_default();
        assert_eq!(
            summary,
            "metric,mean,p05,p50,p95\narrests_by_cause.quota,22,2.2,22,41.8\n"
        );
    }

    #[test]
    fn a_malformed_row_is_reported_with_its_line() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("runs.csv");
        std::fs::write(&path, "seed,annual.1937.arrests\n1,5\n2\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let e = bands_from_runs(&path, 10).expect_err("malformed");
        assert!(e.to_string().contains("runs.csv:3"), "{e}");
        std::fs::write(&path, "seed,annual.1937.arrests\n1,five\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let e = bands_from_runs(&path, 10).expect_err("not a number");
        assert!(e.to_string().contains("`five` is not a number"), "{e}");
    }

    fn files(dir: &Path) -> Vec<(String, String)> {
        std::iter::once("runs.csv")
            .chain(BAND_FILES)
            .map(|f| {
                (
                    f.to_string(),
                    std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}")),
                )
            })
            .collect()
    }

    fn spec(runs: usize) -> EnsembleSpec {
        EnsembleSpec {
            scenario: chistka_scenario::embedded("great-purge").unwrap_or_else(|e| panic!("{e}")),
            scale: 0.0005,
            first_seed: 11,
            runs,
            society: Societies::Own,
        }
    }

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_same_files_with_one_and_two_threads() {
        let spec = spec(3);
        let mut outputs = Vec::new();
        for threads in [1, 2] {
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            let mut calls = 0;
            let report = ensemble(&spec, &pool(threads), dir.path(), &mut |_, _| calls += 1)
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(calls, 4, "progress at 0 and after each run");
            assert!(
                report
                    .rows
                    .iter()
                    .any(|r| r.section == Section::Summary && r.metric == "arrests_by_cause.named")
            );
            let f = files(dir.path());
            let seeds: Vec<&str> = f[0]
                .1
                .lines()
                .skip(2)
                .map(|l| l.split(',').next().unwrap_or(""))
                .collect();
            assert_eq!(seeds, ["11", "12", "13"], "runs.csv in run order");
            let names: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap_or_else(|e| panic!("{e}"))
                .filter_map(|e| e.ok())
                .map(|e| e.file_name())
                .collect();
            assert_eq!(names.len(), 4, "no temporary files left: {names:?}");
            outputs.push(f);
        }
        assert_eq!(outputs[0], outputs[1]);
    }

    /// The rows of `runs.csv` after its preamble and header, by seed.
    fn rows(dir: &Path) -> Vec<String> {
        std::fs::read_to_string(dir.join("runs.csv"))
            .unwrap_or_else(|e| panic!("{e}"))
            .lines()
            .skip(2)
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn a_shared_society_hosts_every_run_and_its_first_run_is_the_ordinary_one() {
        let shared = EnsembleSpec {
            society: Societies::Shared,
            ..spec(3)
        };
        let mut outputs = Vec::new();
        for threads in [1, 2] {
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            ensemble(&shared, &pool(threads), dir.path(), &mut |_, _| {})
                .unwrap_or_else(|e| panic!("{e}"));
            outputs.push((files(dir.path()), rows(dir.path()), dir));
        }
        assert_eq!(
            outputs[0].0, outputs[1].0,
            "the same bytes with 1 and 2 threads"
        );
        let own = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        ensemble(&spec(3), &pool(2), own.path(), &mut |_, _| {}).unwrap_or_else(|e| panic!("{e}"));
        let (own_rows, shared_rows) = (rows(own.path()), &outputs[0].1);
        // The society of the first seed is that run's own: run 0 is the same run.
        assert_eq!(
            own_rows[0], shared_rows[0],
            "run 0 is `chistka run --seed 11`"
        );
        // The others run on the first seed's people, not their own.
        assert_ne!(own_rows[1], shared_rows[1]);
        assert_ne!(own_rows[2], shared_rows[2]);
        // Neither kind of log is resumed as the other.
        let e = ensemble(&shared, &pool(2), own.path(), &mut |_, _| {})
            .expect_err("an own-society log is not resumed on a shared society");
        assert!(e.to_string().contains("society=shared:11"), "{e}");
        let e = ensemble(&spec(3), &pool(2), outputs[0].2.path(), &mut |_, _| {})
            .expect_err("a shared-society log is not resumed with societies of their own");
        assert!(e.to_string().contains("runs.csv"), "{e}");
    }

    #[test]
    fn an_interrupted_ensemble_resumes_to_the_same_bytes() {
        let whole = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        ensemble(&spec(3), &pool(2), whole.path(), &mut |_, _| {})
            .unwrap_or_else(|e| panic!("{e}"));
        let want = files(whole.path());

        // Killed in the middle of writing the third run: two whole rows and part of a third,
        // and the bands of some earlier ensemble lying about.
        let cut = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let runs = &want[0].1;
        let two_rows: usize = runs.lines().take(4).map(|l| l.len() + 1).sum();
        std::fs::write(cut.path().join("runs.csv"), &runs[..two_rows + 40])
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(cut.path().join("annual_bands.csv"), "stale")
            .unwrap_or_else(|e| panic!("{e}"));
        let report = ensemble(&spec(3), &pool(2), cut.path(), &mut |_, _| {})
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (report.resumed, report.ran, report.dropped_partial_line),
            (2, 1, true)
        );
        assert_eq!(
            files(cut.path()),
            want,
            "byte-identical to the uninterrupted ensemble"
        );

        // Another scale in the same directory is refused, and nothing is touched.
        let mut other = spec(3);
        other.scale = 0.001;
        let e = ensemble(&other, &pool(2), cut.path(), &mut |_, _| {}).expect_err("another scale");
        assert!(matches!(e, AnalysisError::Resume(_)), "{e}");
        assert_eq!(files(cut.path()), want);
        // Fewer runs than the file holds is refused too: its bands would not be this ensemble's.
        let e = ensemble(&spec(2), &pool(2), cut.path(), &mut |_, _| {}).expect_err("fewer runs");
        assert!(e.to_string().contains("seed 13"), "{e}");
    }
}
