//! Ensembles: many seeds of one scenario, streamed to disk, summarised as bands.
//!
//! Each run's figures are written to `runs.csv` (long form: `seed, section, period, metric,
//! value`) as soon as it and the runs before it are done, and then dropped, so memory does not
//! grow with the number of runs. The bands are computed afterwards from that file, in as many
//! passes over it as needed to hold at most [`VALUES_IN_MEMORY`] values at once.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use chistka_scenario::Scenario;

use crate::bands::Bands;
use crate::outcome::{Section, check_scale, run_one};
use crate::{AnalysisError, Progress, num, seeds};

/// The most values held in memory at once while computing bands from `runs.csv` (128 MB).
pub const VALUES_IN_MEMORY: usize = 16 << 20;

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

/// Runs the ensemble in `pool` and writes `runs.csv`, `annual_bands.csv`, `monthly_bands.csv`
/// and `summary_bands.csv` into `dir` (created if needed). Returns the bands.
///
/// # Errors
/// A bad scale or zero runs ([`AnalysisError::Input`]), a failed run, or a file that cannot
/// be written.
pub fn ensemble(
    spec: &EnsembleSpec,
    pool: &rayon::ThreadPool,
    dir: &Path,
    progress: Progress<'_>,
) -> Result<Vec<BandRow>, AnalysisError> {
    check_scale(spec.scale)?;
    if spec.runs == 0 {
        return Err(AnalysisError::Input(
            "an ensemble needs at least one run".into(),
        ));
    }
    std::fs::create_dir_all(dir).map_err(AnalysisError::io(dir))?;
    let runs_path = dir.join("runs.csv");
    // Streamed into a temporary file that is renamed into place once complete.
    let tmp = chistka_output::temp_beside(&runs_path)?;
    let mut out = BufWriter::new(tmp);
    let io = |e| AnalysisError::Io {
        path: runs_path.clone(),
        source: e,
    };
    writeln!(out, "seed,section,period,metric,value").map_err(io)?;
    let seeds: Vec<u64> = seeds(spec.first_seed, spec.runs).collect();
    let total = spec.runs as u64;
    progress(0, total);
    crate::parallel::in_order(
        pool,
        spec.runs,
        |r| run_one(&spec.scenario, spec.scale, seeds[r]),
        |r, outcome| {
            for (section, period, metric, value) in outcome.records() {
                writeln!(
                    out,
                    "{},{},{period},{metric},{}",
                    outcome.seed,
                    section.name(),
                    num(value)
                )
                .map_err(io)?;
            }
            progress(r as u64 + 1, total);
            Ok(())
        },
    )?;
    let tmp = out.into_inner().map_err(|e| io(e.into_error()))?;
    chistka_output::publish(tmp, &runs_path)?;

    let rows = bands_from_runs(&runs_path, VALUES_IN_MEMORY)?;
    write_bands(dir, &rows)?;
    Ok(rows)
}

/// Writes `annual_bands.csv`, `monthly_bands.csv` (`period, metric, mean, p05, p50, p95`) and
/// `summary_bands.csv` (`metric, mean, p05, p50, p95`), each atomically.
///
/// # Errors
/// A file that cannot be written.
pub fn write_bands(dir: &Path, rows: &[BandRow]) -> Result<(), AnalysisError> {
    for (section, file) in [
        (Section::Annual, "annual_bands.csv"),
        (Section::Monthly, "monthly_bands.csv"),
        (Section::Summary, "summary_bands.csv"),
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

type Key = (Section, String, String);

/// The bands of every figure in a `runs.csv` file, in the order the figures first appear,
/// holding at most `budget` values in memory (more passes over the file when needed).
///
/// # Errors
/// The file cannot be read or a line is malformed.
pub fn bands_from_runs(path: &Path, budget: usize) -> Result<Vec<BandRow>, AnalysisError> {
    // First pass: the figures, in order, and the number of runs.
    let mut keys: Vec<Key> = Vec::new();
    let mut index: HashMap<Key, usize> = HashMap::new();
    let mut runs = 0usize;
    let mut last_seed = None;
    for_each_record(path, |seed, key, _| {
        if last_seed != Some(seed) {
            runs += 1;
            last_seed = Some(seed);
        }
        if !index.contains_key(&key) {
            index.insert(key.clone(), keys.len());
            keys.push(key);
        }
    })?;
    let per_pass = (budget / runs.max(1)).max(1);
    let mut rows = Vec::with_capacity(keys.len());
    for first in (0..keys.len()).step_by(per_pass) {
        let last = (first + per_pass).min(keys.len());
        let mut values: Vec<Vec<f64>> = vec![Vec::with_capacity(runs); last - first];
        for_each_record(path, |_, key, value| {
            if let Some(&i) = index.get(&key)
                && (first..last).contains(&i)
            {
                values[i - first].push(value);
            }
        })?;
        for (key, mut v) in keys[first..last].iter().zip(values) {
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

fn for_each_record(path: &Path, mut f: impl FnMut(u64, Key, f64)) -> Result<(), AnalysisError> {
    let file = std::fs::File::open(path).map_err(AnalysisError::io(path))?;
    let bad = |n: usize, line: &str| {
        AnalysisError::Input(format!(
            "{}:{n}: expected `seed,section,period,metric,value`, found `{line}`",
            path.display()
        ))
    };
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(AnalysisError::io(PathBuf::from(path)))?;
        if n == 0 {
            continue;
        }
        let f5: Vec<&str> = line.split(',').collect();
        let [seed, section, period, metric, value] = f5[..] else {
            return Err(bad(n + 1, &line));
        };
        let (Ok(seed), Some(section), Ok(value)) = (
            seed.parse::<u64>(),
            Section::parse(section),
            value.parse::<f64>(),
        ) else {
            return Err(bad(n + 1, &line));
        };
        f(
            seed,
            (section, period.to_string(), metric.to_string()),
            value,
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs_file(dir: &Path) -> PathBuf {
        let path = dir.join("runs.csv");
        let mut text = String::from("seed,section,period,metric,value\n");
        for (seed, a, b) in [
            (1, 10.0, 1.0),
            (2, 30.0, 3.0),
            (3, 20.0, 2.0),
            (4, 40.0, 4.0),
            (5, 0.0, 0.0),
        ] {
            text.push_str(&format!("{seed},annual,1937,arrests,{a}\n"));
            text.push_str(&format!("{seed},monthly,1937-01,arrests,{b}\n"));
            text.push_str(&format!(
                "{seed},summary,,arrests_by_cause.quota,{}\n",
                a + b
            ));
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
    fn a_malformed_line_is_reported_with_its_number() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("runs.csv");
        std::fs::write(
            &path,
            "seed,section,period,metric,value\n1,annual,1937,arrests\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let e = bands_from_runs(&path, 10).expect_err("malformed");
        assert!(e.to_string().contains("runs.csv:2:"), "{e}");
    }

    fn files(dir: &Path) -> Vec<(String, String)> {
        [
            "runs.csv",
            "annual_bands.csv",
            "monthly_bands.csv",
            "summary_bands.csv",
        ]
        .iter()
        .map(|f| {
            (
                f.to_string(),
                std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}")),
            )
        })
        .collect()
    }

    #[test]
    fn the_same_files_with_one_and_two_threads() {
        let spec = EnsembleSpec {
            scenario: chistka_scenario::embedded("great-purge").unwrap_or_else(|e| panic!("{e}")),
            scale: 0.0002,
            first_seed: 11,
            runs: 3,
        };
        let mut outputs = Vec::new();
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap_or_else(|e| panic!("{e}"));
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            let mut calls = 0;
            let rows = ensemble(&spec, &pool, dir.path(), &mut |_, _| calls += 1)
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(calls, 4, "progress at 0 and after each run");
            assert!(
                rows.iter()
                    .any(|r| r.section == Section::Summary && r.metric == "arrests_by_cause.named")
            );
            let f = files(dir.path());
            assert_eq!(
                f[0].1
                    .lines()
                    .filter(|l| l.contains(",summary,,arrests_1937_1938,"))
                    .count(),
                3
            );
            let seeds: Vec<&str> = f[0]
                .1
                .lines()
                .skip(1)
                .map(|l| l.split(',').next().unwrap_or(""))
                .collect();
            assert!(
                seeds.windows(2).all(|w| w[0] <= w[1]),
                "runs.csv in run order"
            );
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
}
