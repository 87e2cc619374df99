//! Each synthetic record's fit, kept beside the recovery log in `recovery_particles/`: the
//! particles its parameters were read from, with their simulated summaries, the record itself
//! and the distance's scales. A rerun reads a record's fit back from its file instead of
//! simulating it again, so the reading (the interval, the adjustment) can change, and the log be
//! rebuilt, at no cost in simulations.
//!
//! A file:
//!
//! ```text
//! # recovery check: ...                     the log's first line: which check made it
//! # dataset=12 truth=snowball chosen=top-down probability_of_truth=0.31
//! row,weight,<the hypothesis's parameters>,<the targets>
//! truth,,<the true parameters>,<the synthetic record>
//! scale,,,...,<the distance's scale of each target>
//! particle,<weight>,<its parameters>,<its simulated targets>    one row per particle
//! ```
//!
//! Every number is written in full (the shortest text that reads back to the same value), so a
//! reading from the file is bit for bit the reading from the simulations.

use std::path::Path;

use crate::AnalysisError as Error;
use crate::abc;
use crate::log::csv_line;
use crate::targets::Target;

/// The directory beside the log.
pub(super) const DIR: &str = "recovery_particles";

/// The file of dataset `index` within [`DIR`].
pub(super) fn name(index: usize) -> String {
    format!("dataset-{index:05}.csv")
}

/// What one synthetic record's parameters are read from.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Fit {
    /// The hypothesis that generated the record.
    pub truth: usize,
    /// Its true parameters.
    pub theta: Vec<f64>,
    /// The model choice's pick (`None` if not run).
    pub chosen: Option<usize>,
    /// The model choice's probability of the truth (NaN if not run).
    pub probability_of_truth: f64,
    /// The synthetic record.
    pub observed: Vec<f64>,
    /// The last generation's particles of the true hypothesis (their `model` is not kept).
    pub particles: Vec<abc::Particle>,
}

/// What fixes the files of one check.
pub(super) struct File<'a> {
    /// The log's first line.
    pub preamble: &'a str,
    /// The hypotheses.
    pub models: &'a [abc::Hypothesis],
    /// The targets, in the order of the summaries.
    pub targets: &'a [Target],
    /// The distance's scales.
    pub scales: &'a [f64],
}

impl File<'_> {
    /// Writes dataset `index`'s fit to `path`, atomically (creating the directory).
    pub(super) fn write(&self, path: &Path, index: usize, fit: &Fit) -> Result<(), Error> {
        let num = |v: f64| format!("{v}");
        let model = &self.models[fit.truth];
        let mut text = format!(
            "{}\n# dataset={index} truth={} chosen={} probability_of_truth={}\n",
            self.preamble,
            model.name,
            fit.chosen.map_or("", |c| self.models[c].name.as_str()),
            num(fit.probability_of_truth)
        );
        let mut header = vec!["row".to_string(), "weight".to_string()];
        header.extend(model.params.iter().map(|(k, _)| k.clone()));
        header.extend(self.targets.iter().map(|t| t.name.clone()));
        text.push_str(&csv_line(&header));
        let mut row = vec!["truth".to_string(), String::new()];
        row.extend(fit.theta.iter().map(|&v| num(v)));
        row.extend(fit.observed.iter().map(|&v| num(v)));
        text.push_str(&csv_line(&row));
        let mut row = vec!["scale".to_string(), String::new()];
        row.extend(model.params.iter().map(|_| String::new()));
        row.extend(self.scales.iter().map(|&v| num(v)));
        text.push_str(&csv_line(&row));
        for p in &fit.particles {
            let mut row = vec!["particle".to_string(), num(p.weight)];
            row.extend(p.theta.iter().map(|&v| num(v)));
            row.extend(p.summary.iter().map(|&v| num(v)));
            text.push_str(&csv_line(&row));
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(Error::io(dir))?;
        }
        Ok(chistka_output::write_atomic(path, text.as_bytes())?)
    }

    /// The fit kept in `path`, or `None` if there is none, or one written by another check
    /// (other settings, targets or scales: it is simulated again and replaced).
    ///
    /// # Errors
    /// [`Error::Resume`] naming the file and line, for a file of this check that does not read.
    pub(super) fn read(&self, path: &Path) -> Result<Option<Fit>, Error> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io(path)(e)),
        };
        let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
        if lines.next().map(|(_, l)| l) != Some(self.preamble) {
            return Ok(None);
        }
        let bad = |line: usize, what: String| {
            Error::Resume(format!(
                "{} line {line}: {what} (remove the file to simulate this record again)",
                path.display()
            ))
        };
        let (line, about) = lines
            .next()
            .ok_or_else(|| bad(2, "the file ends before the dataset's line".into()))?;
        let field = |key: &str| {
            about
                .split(' ')
                .find_map(|f| f.strip_prefix(key)?.strip_prefix('='))
                .ok_or_else(|| bad(line, format!("expected `{key}=` in `{about}`")))
        };
        let model = |name: &str| {
            self.models
                .iter()
                .position(|m| m.name == name)
                .ok_or_else(|| bad(line, format!("unknown hypothesis `{name}`")))
        };
        let truth = model(field("truth")?)?;
        let chosen = match field("chosen")? {
            "" => None,
            name => Some(model(name)?),
        };
        let probability_of_truth = number(field("probability_of_truth")?)
            .ok_or_else(|| bad(line, "probability_of_truth is not a number".into()))?;
        let params = &self.models[truth].params;
        let (np, nt) = (params.len(), self.targets.len());
        let mut want = vec!["row".to_string(), "weight".to_string()];
        want.extend(params.iter().map(|(k, _)| k.clone()));
        want.extend(self.targets.iter().map(|t| t.name.clone()));
        let (line, header) = lines
            .next()
            .ok_or_else(|| bad(3, "the file ends before its header".into()))?;
        if header != csv_line(&want).trim_end() {
            return Ok(None);
        }
        // The rows after the header: their kind, weight, parameters and summaries.
        let mut rows = Vec::new();
        for (line, l) in lines {
            let cells: Vec<&str> = l.split(',').collect();
            if cells.len() != 2 + np + nt {
                return Err(bad(
                    line,
                    format!("{} fields, expected {}", cells.len(), 2 + np + nt),
                ));
            }
            let values = |cells: &[&str]| -> Result<Vec<f64>, Error> {
                cells
                    .iter()
                    .map(|c| number(c).ok_or_else(|| bad(line, format!("`{c}` is not a number"))))
                    .collect()
            };
            let theta = if cells[0] == "scale" {
                Vec::new()
            } else {
                values(&cells[2..2 + np])?
            };
            let weight = if cells[0] == "particle" {
                values(&cells[1..2])?[0]
            } else {
                f64::NAN
            };
            rows.push((line, cells[0], weight, theta, values(&cells[2 + np..])?));
        }
        let mut rows = rows.into_iter();
        let (_, kind, _, theta, observed) = rows
            .next()
            .ok_or_else(|| bad(line + 1, "expected the `truth` row".into()))?;
        if kind != "truth" {
            return Err(bad(line + 1, format!("`{kind}`, expected `truth`")));
        }
        match rows.next() {
            Some((_, "scale", _, _, scales)) if same(&scales, self.scales) => {}
            // Scales of another target set: this check's reading would differ.
            Some((_, "scale", ..)) => return Ok(None),
            _ => return Err(bad(line + 2, "expected the `scale` row".into())),
        }
        let particles = rows
            .map(|(line, kind, weight, theta, summary)| {
                if kind != "particle" {
                    return Err(bad(line, format!("`{kind}`, expected `particle`")));
                }
                Ok(abc::Particle {
                    model: 0,
                    theta,
                    weight,
                    distance: f64::NAN,
                    summary,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Some(Fit {
            truth,
            theta,
            chosen,
            probability_of_truth,
            observed,
            particles,
        }))
    }
}

/// A number as [`File::write`] writes it (`NaN` included); `None` if it is not one.
fn number(s: &str) -> Option<f64> {
    s.parse().ok()
}

/// Whether two lists of numbers are the same, bit for bit.
fn same(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Setup {
        models: Vec<abc::Hypothesis>,
        targets: Vec<Target>,
        scales: Vec<f64>,
    }

    fn setup() -> Setup {
        let models = crate::hypotheses::load_list("top-down,snowball")
            .unwrap()
            .into_iter()
            .map(|h| abc::Hypothesis {
                name: h.name,
                params: h.priors,
            })
            .collect();
        let targets = crate::targets::embedded("archival").unwrap().targets;
        let scales = (0..targets.len()).map(|i| 0.1 + i as f64 / 3.0).collect();
        Setup {
            models,
            targets,
            scales,
        }
    }

    /// A fit with awkward numbers: thirds, a NaN summary, a value near the smallest.
    fn fit(s: &Setup) -> Fit {
        let np = s.models[1].params.len();
        let nt = s.targets.len();
        let row = |k: f64| (0..nt).map(|i| (i as f64 + k) / 3.0).collect::<Vec<f64>>();
        let mut summary = row(0.5);
        summary[2] = f64::NAN;
        Fit {
            truth: 1,
            theta: (0..np).map(|i| 1.0 / (i as f64 + 3.0)).collect(),
            chosen: Some(0),
            probability_of_truth: 0.1 + 0.2,
            observed: row(0.0),
            particles: vec![
                abc::Particle {
                    model: 0,
                    theta: vec![0.7; np],
                    weight: 0.75,
                    distance: f64::NAN,
                    summary,
                },
                abc::Particle {
                    model: 0,
                    theta: vec![1e-300; np],
                    weight: 0.25,
                    distance: f64::NAN,
                    summary: row(2.0),
                },
            ],
        }
    }

    fn file(s: &Setup) -> File<'_> {
        File {
            preamble: "# recovery check: test",
            models: &s.models,
            targets: &s.targets,
            scales: &s.scales,
        }
    }

    fn bits(f: &Fit) -> Vec<u64> {
        let all = f
            .theta
            .iter()
            .chain(&f.observed)
            .chain([&f.probability_of_truth]);
        let particles = f
            .particles
            .iter()
            .flat_map(|p| p.theta.iter().chain(&p.summary).chain([&p.weight]));
        all.chain(particles).map(|v| v.to_bits()).collect()
    }

    #[test]
    fn a_fit_reads_back_bit_for_bit() {
        let s = setup();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DIR).join(name(12));
        let f = fit(&s);
        file(&s).write(&path, 12, &f).unwrap();
        let back = file(&s).read(&path).unwrap().expect("this check's file");
        assert_eq!((back.truth, back.chosen), (1, Some(0)));
        assert_eq!(bits(&back), bits(&f));

        let without_choice = Fit {
            chosen: None,
            probability_of_truth: f64::NAN,
            ..f
        };
        file(&s).write(&path, 12, &without_choice).unwrap();
        let back = file(&s).read(&path).unwrap().unwrap();
        assert_eq!(back.chosen, None);
        assert!(back.probability_of_truth.is_nan());
    }

    #[test]
    fn a_file_of_another_check_is_simulated_again_and_a_broken_one_named() {
        let s = setup();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name(3));
        assert_eq!(file(&s).read(&path).unwrap(), None, "no file");
        file(&s).write(&path, 3, &fit(&s)).unwrap();

        let other = File {
            preamble: "# recovery check: another",
            ..file(&s)
        };
        assert_eq!(other.read(&path).unwrap(), None, "another check's file");
        let scales = vec![1.0; s.scales.len()];
        let rescaled = File {
            scales: &scales,
            ..file(&s)
        };
        assert_eq!(rescaled.read(&path).unwrap(), None, "other scales");

        let text = std::fs::read_to_string(&path).unwrap();
        let broken = text.replacen("particle,0.75", "particle,zero", 1);
        assert_ne!(broken, text);
        std::fs::write(&path, broken).unwrap();
        let err = file(&s).read(&path).unwrap_err().to_string();
        assert!(
            err.contains(&path.display().to_string())
                && err.contains("line 6")
                && err.contains("`zero`"),
            "{err}"
        );
        let cut: String = text
            .lines()
            .take(5)
            .map(|l| format!("{l}\n"))
            .collect::<String>()
            + "particle,1\n";
        std::fs::write(&path, cut).unwrap();
        let err = file(&s).read(&path).unwrap_err().to_string();
        assert!(
            err.contains("line 6") && err.contains("fields, expected"),
            "{err}"
        );
    }
}
