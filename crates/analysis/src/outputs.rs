//! What each experiment's output directory holds, and what its manifest records: the one place
//! both adapters (the command line and the Python package) take the file names and the run id
//! from, so that their directories are the same.
//!
//! The tables are written as CSV first (the form the resumable experiments read back); asked for
//! Parquet, each table also gets a `.parquet` beside it
//! ([`chistka_output::table_copies`]) before the manifest is written, so the manifest lists and
//! hashes both.
//!
//! ```
//! use chistka_analysis::outputs::ENSEMBLE;
//! assert!(ENSEMBLE.names().contains(&"runs.parquet"));
//! assert_eq!(ENSEMBLE.tables[0], "runs.csv");
//! ```

use chistka_output::Manifest;
use chistka_scenario::Scenario;

/// The files of one experiment's output directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Files {
    /// The CSV tables, each of which may have a Parquet copy.
    pub tables: &'static [&'static str],
    /// Their Parquet names, in the same order (checked by a test against
    /// [`chistka_output::parquet_name`]).
    pub parquet: &'static [&'static str],
    /// Everything else the experiment writes (`*` stands for any text).
    pub other: &'static [&'static str],
}

impl Files {
    /// Every name the directory may hold but its manifest: what `Staging::begin` and
    /// `InPlace::begin` accept in a directory written before manifests existed.
    pub fn names(&self) -> Vec<&'static str> {
        let all = self.tables.iter().chain(self.parquet).chain(self.other);
        all.copied().collect()
    }
}

/// `ensemble`: `runs.csv` (the resumable log), the bands, `ensemble.json`.
pub const ENSEMBLE: Files = Files {
    tables: &[
        "runs.csv",
        "annual_bands.csv",
        "monthly_bands.csv",
        "summary_bands.csv",
    ],
    parquet: &[
        "runs.parquet",
        "annual_bands.parquet",
        "monthly_bands.parquet",
        "summary_bands.parquet",
    ],
    other: &["ensemble.json"],
};

/// `sweep`: the design (`points.csv`) and the resumable log (`sweep.csv`).
pub const SWEEP: Files = Files {
    tables: &["points.csv", "sweep.csv"],
    parquet: &["points.parquet", "sweep.parquet"],
    other: &[],
};

/// `compare`: the differences and their chart.
pub const COMPARE: Files = Files {
    tables: &["comparison.csv"],
    parquet: &["comparison.parquet"],
    other: &["comparison.svg"],
};

/// `validate`: the targets against the model, the figures with no target, the targets skipped
/// for want of a model output (a never-fitted set only; else just the header), one chart per
/// series.
pub const VALIDATE: Files = Files {
    tables: &["validate.csv", "not_calibrated.csv", "skipped.csv"],
    parquet: &[
        "validate.parquet",
        "not_calibrated.parquet",
        "skipped.parquet",
    ],
    other: &["chart-*.svg"],
};

/// `calibrate`: the resumable log of evaluations and the fitted scenario. The log is text with
/// one JSON object a line, not a table: there is no Parquet form.
pub const CALIBRATE: Files = Files {
    tables: &[],
    parquet: &[],
    other: &["calibration.log", "fitted.toml"],
};

/// `explain` and `calibrate --method abc-smc`: the model choice's table, the parameters'
/// credible intervals, the posterior predictive, the last generation's particles, and the
/// resumable log of generations; `explain --recovery` writes the recovery check's log and rates,
/// and each synthetic record's particles in `recovery_particles/`.
pub const EXPLAIN: Files = Files {
    tables: &[
        "hypotheses.csv",
        "parameters.csv",
        "predictive.csv",
        "particles.csv",
        "counterfactuals.csv",
        "recovery.csv",
        "recovery_summary.csv",
    ],
    parquet: &[
        "hypotheses.parquet",
        "parameters.parquet",
        "predictive.parquet",
        "particles.parquet",
        "counterfactuals.parquet",
        "recovery.parquet",
        "recovery_summary.parquet",
    ],
    other: &["abc.log", "recovery_particles"],
};

/// `attribute`: the Shapley shares.
pub const ATTRIBUTE: Files = Files {
    tables: &["attribution.csv"],
    parquet: &["attribution.parquet"],
    other: &[],
};

/// What an experiment's manifest records.
#[derive(Debug, Clone)]
pub struct Provenance<'a> {
    /// `ensemble`, `sweep`, ...
    pub kind: &'a str,
    /// The scenario (for `compare`, A; see `other`).
    pub scenario: &'a Scenario,
    /// `compare`'s scenario B.
    pub other: Option<&'a Scenario>,
    /// First seed.
    pub seed: u64,
    /// Population scale.
    pub scale: f64,
    /// What else fixes the results (runs, points, targets...), hashed into the id.
    pub design: String,
}

impl Provenance<'_> {
    /// The manifest, without files yet (`Staging::commit` and `InPlace::commit` list them).
    pub fn manifest(&self) -> Manifest {
        let hash = chistka_output::fingerprint(&self.scenario.canonical);
        let (name, hash) = match self.other {
            Some(b) => (
                format!("{} vs {}", self.scenario.name, b.name),
                format!("{hash} vs {}", chistka_output::fingerprint(&b.canonical)),
            ),
            None => (self.scenario.name.clone(), hash),
        };
        Manifest::experiment(self.kind, &name, &hash, self.seed, self.scale, &self.design)
    }

    /// The id the experiment's manifest will carry, for files that record it themselves.
    pub fn run_id(&self) -> String {
        self.manifest().run_id
    }
}

/// The design strings hashed into the experiments' run ids (see [`Provenance::design`]): the
/// arguments that fix the results, worded once so that the command line and the Python package
/// give the same experiment the same id.
pub mod design {
    /// `ensemble`.
    pub fn ensemble(runs: usize, society: crate::outcome::Societies) -> String {
        // Own societies add nothing: the run ids of ensembles from before shared ones stand.
        match society {
            crate::outcome::Societies::Own => format!("runs={runs}"),
            crate::outcome::Societies::Shared => format!("runs={runs} society=shared"),
        }
    }

    /// `sweep`: the parameter arguments as given (`KEY=LO..HI:N`), and the hypercube's size.
    pub fn sweep(runs: usize, params: &[String], lhs: Option<usize>) -> String {
        format!("runs={runs} params={params:?} lhs={lhs:?}")
    }

    /// `compare`.
    pub fn compare(runs: usize) -> String {
        format!("runs={runs}")
    }

    /// `validate`, with the target set's name.
    pub fn validate(runs: usize, targets: &str) -> String {
        format!("runs={runs} targets={targets}")
    }

    /// `explain` (and `calibrate --method abc-smc`): hypotheses, target sets and the sampler's
    /// settings that shape the particles.
    pub fn explain(
        hypotheses: &str,
        targets: &str,
        settings: &crate::abc::Settings,
        predictive_runs: usize,
        society: crate::outcome::Societies,
    ) -> String {
        format!(
            "hypotheses={hypotheses} targets={targets} particles={} quantile={} min_acceptance={} model_stay={} predictive={predictive_runs} society={}",
            settings.particles,
            settings.quantile,
            settings.min_acceptance,
            settings.model_stay,
            society.name()
        )
    }

    /// `calibrate`: the parameters as given (comma-separated keys) and the bounds arguments.
    pub fn calibrate(
        runs: usize,
        targets: &str,
        params: &str,
        bounds: &[String],
        budget: usize,
    ) -> String {
        format!("runs={runs} targets={targets} params={params} bounds={bounds:?} budget={budget}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_its_parquet_name_and_nothing_else_does() {
        for files in [
            ENSEMBLE, SWEEP, COMPARE, VALIDATE, CALIBRATE, EXPLAIN, ATTRIBUTE,
        ] {
            let expected: Vec<String> = files
                .tables
                .iter()
                .map(|t| chistka_output::parquet_name(t))
                .collect();
            assert_eq!(files.parquet, expected.as_slice());
            assert!(files.other.iter().all(|o| !o.ends_with(".csv")));
        }
        assert_eq!(
            crate::ensemble::BAND_FILES,
            ENSEMBLE.tables[1..],
            "the ensemble writes its band files under these names"
        );
    }
}
