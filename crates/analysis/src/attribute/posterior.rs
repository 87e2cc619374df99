//! Attribution under each explanation: `chistka attribute --explain DIR` decomposes the
//! posterior of a `chistka explain` run by mechanism, hypothesis by hypothesis.
//!
//! The attribution of the default scenario answers "how much does each mechanism account for,
//! *given the default's parameters*". Which parameters are right is what the explanations dispute,
//! so the same question is asked of each hypothesis's posterior instead:
//!
//! - for each hypothesis, `draws` particles of the last generation are drawn by weight (its own
//!   stream, so the draws do not depend on the other hypotheses);
//! - each drawn particle's scenario is decomposed as in [`super::attribute`] (Shapley values
//!   over the mechanisms, with no share for a switch that only gates the others, and the shares
//!   by cause), on one seed: draw d runs on seed `seed + d` under every hypothesis, so the
//!   hypotheses are compared on common random numbers;
//! - the rows of a hypothesis give the mean and the 5-95% band over its draws: the band spans the
//!   posterior's uncertainty and the model's noise together;
//! - rows `posterior` mix the hypotheses by their posterior probabilities (each draw of
//!   hypothesis m weighs p_m / draws): the decomposition the record supports, averaged over the
//!   explanations in proportion to how well each fits.

use std::collections::BTreeMap;
use std::path::Path;

use chistka_engine::streams::Streams;
use rand::Rng as _;

use super::{Method, attribute};
use crate::abc::weighted;
use crate::bands::Bands;
use crate::hypotheses::Hypothesis;
use crate::{AnalysisError, Progress};

/// Stream key of the draws of particles.
const DRAW_STREAM: u64 = 0x4154_5452_5f50_4f53; // "ATTR_POS"

/// One particle of an `explain` posterior.
#[derive(Debug, Clone, PartialEq)]
pub struct Particle {
    /// Index of its hypothesis.
    pub model: usize,
    /// Its weight (the weights of all particles sum to 1).
    pub weight: f64,
    /// Its parameter values, in the hypothesis's prior order.
    pub theta: Vec<f64>,
}

/// Reads `particles.csv` as `chistka explain` writes it (`model, weight, distance`, then one
/// column per parameter of any hypothesis, empty where a hypothesis lacks it), against the
/// `hypotheses` it was sampled over.
///
/// # Errors
/// [`AnalysisError::Input`] naming the file and line: a missing column, an unknown hypothesis,
/// a value that is not a number, a missing parameter, or no particle at all.
pub fn read_particles(
    path: &Path,
    text: &str,
    hypotheses: &[Hypothesis],
) -> Result<Vec<Particle>, AnalysisError> {
    let at = |line: usize, what: String| {
        AnalysisError::Input(format!("{} line {line}: {what}", path.display()))
    };
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let Some((_, header)) = lines.next() else {
        return Err(at(
            1,
            "empty file: expected the header `model,weight,distance,...`".into(),
        ));
    };
    let header: Vec<&str> = header.split(',').collect();
    if header.len() < 3 || header[..3] != ["model", "weight", "distance"] {
        return Err(at(
            1,
            format!(
                "expected the header `model,weight,distance,...`, found `{}`",
                header.join(",")
            ),
        ));
    }
    // For each hypothesis, the column of each of its parameters.
    let mut columns = Vec::with_capacity(hypotheses.len());
    for h in hypotheses {
        let cols = h
            .priors
            .iter()
            .map(|(key, _)| {
                header.iter().position(|c| c == key).ok_or_else(|| {
                    at(
                        1,
                        format!("no column `{key}` (a parameter of hypothesis `{}`)", h.name),
                    )
                })
            })
            .collect::<Result<Vec<usize>, _>>();
        columns.push(cols);
    }
    let mut particles = Vec::new();
    for (line, l) in lines {
        if l.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = l.split(',').collect();
        if fields.len() != header.len() {
            return Err(at(
                line,
                format!("{} fields, expected {}", fields.len(), header.len()),
            ));
        }
        let model = hypotheses
            .iter()
            .position(|h| h.name == fields[0])
            .ok_or_else(|| {
                at(
                    line,
                    format!(
                        "hypothesis `{}` is not among those given ({})",
                        fields[0],
                        hypotheses
                            .iter()
                            .map(|h| h.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })?;
        let number = |s: &str, what: &str| {
            s.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| at(line, format!("{what}: `{s}` is not a number")))
        };
        let weight = number(fields[1], "weight")?;
        if weight < 0.0 {
            return Err(at(line, format!("weight {weight} is negative")));
        }
        let cols = columns[model]
            .as_ref()
            .map_err(|e| AnalysisError::Input(e.to_string()))?;
        let theta = cols
            .iter()
            .map(|&c| number(fields[c], header[c]))
            .collect::<Result<Vec<f64>, _>>()?;
        particles.push(Particle {
            model,
            weight,
            theta,
        });
    }
    let total: f64 = particles.iter().map(|p| p.weight).sum();
    if particles.is_empty() || total <= 0.0 {
        return Err(at(
            1,
            "no particle with a positive weight: is this the particles.csv of `chistka explain`?"
                .into(),
        ));
    }
    for p in &mut particles {
        p.weight /= total;
    }
    Ok(particles)
}

/// One row of `attribution_posterior.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The hypothesis, or `posterior` for the mixture.
    pub hypothesis: String,
    /// Its posterior probability (1 for the mixture).
    pub probability: f64,
    /// Draws the row is over.
    pub draws: usize,
    /// The row as in [`super::Row`] (`shapley`, `total`, `cause` or `split`), its bands over
    /// the draws.
    pub row: super::Row,
}

/// The attribution of a posterior.
#[derive(Debug, Clone, PartialEq)]
pub struct PosteriorAttribution {
    /// Per hypothesis, its rows, then the mixture's.
    pub rows: Vec<Row>,
    /// The method of every draw's decomposition.
    pub method: Method,
    /// Runs in all.
    pub runs: usize,
}

/// A row's identity: (kind, name, output).
type Key = (&'static str, String, &'static str);
/// Of one hypothesis, the values and the shares of its draws, for one row.
type Draws = (Vec<f64>, Vec<f64>);

/// Decomposes `draws` particles of each hypothesis with a positive probability.
///
/// # Errors
/// Zero draws; any error of [`attribute`] (a bad scale, a failed run).
#[allow(clippy::too_many_arguments)]
pub fn attribute_posterior(
    hypotheses: &[Hypothesis],
    particles: &[Particle],
    draws: usize,
    scale: f64,
    seed: u64,
    permutations: Option<usize>,
    pool: &rayon::ThreadPool,
    progress: Progress<'_>,
) -> Result<PosteriorAttribution, AnalysisError> {
    crate::check_runs(draws, "an attribution of the posterior")?;
    let probability: Vec<f64> = (0..hypotheses.len())
        .map(|m| {
            particles
                .iter()
                .filter(|p| p.model == m)
                .map(|p| p.weight)
                .sum()
        })
        .collect();
    let live: Vec<usize> = (0..hypotheses.len())
        .filter(|&m| probability[m] > 0.0)
        .collect();
    let total = live.len() * draws;
    progress(0, total as u64);
    let mut cells: BTreeMap<Key, Vec<Draws>> = BTreeMap::new();
    let mut order: Vec<Key> = Vec::new();
    let (mut method, mut runs) = (Method::Exact, 0);
    for (done_m, &m) in live.iter().enumerate() {
        let own: Vec<&Particle> = particles.iter().filter(|p| p.model == m).collect();
        let mut rng = Streams::new(seed).stream2(DRAW_STREAM, m as u64);
        for d in 0..draws {
            let u: f64 = rng.random::<f64>() * probability[m];
            let mut acc = 0.0;
            let chosen = own
                .iter()
                .find(|p| {
                    acc += p.weight;
                    acc > u
                })
                .unwrap_or_else(|| own.last().expect("a live hypothesis has particles"));
            let scenario = hypotheses[m].at(&chosen.theta)?;
            let a = attribute(
                &scenario,
                scale,
                seed.wrapping_add(d as u64),
                1,
                permutations,
                pool,
                &mut |_, _| {},
            )?;
            method = a.method;
            runs += a.coalitions;
            for r in a.rows.iter().filter(|r| r.kind != "off") {
                let key = (r.kind, r.name.clone(), r.output);
                let entry = cells.entry(key.clone()).or_insert_with(|| {
                    order.push(key);
                    vec![(Vec::new(), Vec::new()); hypotheses.len()]
                });
                let nan = f64::NAN;
                entry[m].0.push(r.value.map_or(nan, |b| b.mean));
                entry[m].1.push(r.share.map_or(nan, |b| b.mean));
            }
            progress((done_m * draws + d + 1) as u64, total as u64);
        }
    }
    let mut rows = Vec::new();
    for &m in &live {
        for key in &order {
            let (values, shares) = &cells[key][m];
            if values.is_empty() {
                continue;
            }
            rows.push(Row {
                hypothesis: hypotheses[m].name.clone(),
                probability: probability[m],
                draws: values.len(),
                row: super::Row {
                    kind: key.0,
                    name: key.1.clone(),
                    output: key.2,
                    value: Bands::of(&mut values.clone()),
                    share: Bands::of(&mut shares.clone()),
                },
            });
        }
    }
    // The mixture, over the rows every live hypothesis has.
    for key in &order {
        let per = &cells[key];
        if live.iter().any(|&m| per[m].0.is_empty()) {
            continue;
        }
        let mix = |pick: fn(&Draws) -> &Vec<f64>| {
            let (mut x, mut w) = (Vec::new(), Vec::new());
            for &m in &live {
                let v = pick(&per[m]);
                for &xi in v.iter().filter(|x| !x.is_nan()) {
                    x.push(xi);
                    w.push(probability[m] / v.len() as f64);
                }
            }
            weighted_bands(&x, &w)
        };
        rows.push(Row {
            hypothesis: "posterior".into(),
            probability: 1.0,
            draws: live.iter().map(|&m| per[m].0.len()).sum(),
            row: super::Row {
                kind: key.0,
                name: key.1.clone(),
                output: key.2,
                value: mix(|c| &c.0),
                share: mix(|c| &c.1),
            },
        });
    }
    Ok(PosteriorAttribution { rows, method, runs })
}

/// Weighted mean and 5th, 50th and 95th weighted percentiles, or `None` without values.
fn weighted_bands(x: &[f64], w: &[f64]) -> Option<Bands> {
    if x.is_empty() {
        return None;
    }
    Some(Bands {
        mean: weighted::mean(x, w),
        p05: weighted::quantile(x, w, 0.05),
        p50: weighted::quantile(x, w, 0.5),
        p95: weighted::quantile(x, w, 0.95),
    })
}

impl PosteriorAttribution {
    /// `attribution_posterior.csv`: `hypothesis, probability, draws, kind, name, output`, then
    /// mean, p05, p50, p95 of the value and of the share.
    pub fn to_csv(&self) -> String {
        let mut text = format!("hypothesis,probability,draws,{}\n", super::Row::CSV_HEADER);
        for r in &self.rows {
            text.push_str(&format!(
                "{},{},{},{}\n",
                r.hypothesis,
                chistka_format::csv(r.probability),
                r.draws,
                r.row.csv_fields()
            ));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two() -> Vec<Hypothesis> {
        crate::hypotheses::load_list("top-down,snowball").unwrap_or_else(|e| panic!("{e}"))
    }

    fn particles_csv(h: &[Hypothesis]) -> String {
        let mut keys: Vec<String> = Vec::new();
        for x in h {
            for (k, _) in &x.priors {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
        }
        let mut text = format!("model,weight,distance,{}\n", keys.join(","));
        for (m, x) in h.iter().enumerate() {
            let row: Vec<String> = keys
                .iter()
                .map(|k| match x.priors.iter().find(|(key, _)| key == k) {
                    Some((_, p)) => {
                        let (lo, hi) = p.bounds();
                        format!("{}", (lo + hi) / 2.0)
                    }
                    None => String::new(),
                })
                .collect();
            text.push_str(&format!(
                "{},{},1.0,{}\n",
                x.name,
                1.0 + m as f64,
                row.join(",")
            ));
        }
        text
    }

    #[test]
    fn particles_are_read_by_name_and_their_weights_normalised() {
        let h = two();
        let text = particles_csv(&h);
        let p = read_particles(Path::new("p.csv"), &text, &h).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].model, p[1].model), (0, 1));
        assert!((p[0].weight - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(p[1].theta.len(), h[1].priors.len());
    }

    #[test]
    fn bad_particles_are_refused_naming_the_file_and_line() {
        let h = two();
        let text = particles_csv(&h);
        let bad_name = text.replacen("snowball,", "avalanche,", 1);
        let e = read_particles(Path::new("p.csv"), &bad_name, &h).unwrap_err();
        assert!(
            e.to_string().contains("p.csv line 3") && e.to_string().contains("avalanche"),
            "{e}"
        );
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines[1] = lines[1].replacen(",1,", ",heavy,", 1);
        let e = read_particles(Path::new("p.csv"), &lines.join("\n"), &h).unwrap_err();
        assert!(
            e.to_string().contains("line 2") && e.to_string().contains("heavy"),
            "{e}"
        );
        let e = read_particles(Path::new("p.csv"), "a,b\n", &h).unwrap_err();
        assert!(e.to_string().contains("line 1"), "{e}");
        let e = read_particles(Path::new("p.csv"), "", &h).unwrap_err();
        assert!(e.to_string().contains("empty"), "{e}");
    }

    #[test]
    fn each_hypothesis_is_decomposed_and_the_mixture_weighs_them() {
        let h = two();
        let p = read_particles(Path::new("p.csv"), &particles_csv(&h), &h)
            .unwrap_or_else(|e| panic!("{e}"));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let a = attribute_posterior(&h, &p, 1, 0.0002, 7, Some(1), &pool, &mut |_, _| {})
            .unwrap_or_else(|e| panic!("{e}"));
        let shapley = |who: &str| -> f64 {
            a.rows
                .iter()
                .filter(|r| r.hypothesis == who && r.row.kind == "shapley")
                .filter(|r| r.row.output == super::super::OUTPUTS[0])
                .filter_map(|r| r.row.value.map(|b| b.mean))
                .sum()
        };
        let effect = |who: &str| {
            a.rows
                .iter()
                .find(|r| r.hypothesis == who && r.row.name == "effect_of_all")
                .and_then(|r| r.row.value)
                .map_or(f64::NAN, |b| b.mean)
        };
        for who in ["top-down", "snowball"] {
            let (s, e) = (shapley(who), effect(who));
            assert!(
                (s - e).abs() <= 1e-6 * e.abs().max(1.0),
                "{who}: {s} vs {e}"
            );
        }
        // One draw each: the mixture's mean is the probability-weighted mean of the two.
        let (pt, ps) = (1.0 / 3.0, 2.0 / 3.0);
        let mixed = effect("posterior");
        let want = pt * effect("top-down") + ps * effect("snowball");
        assert!(
            (mixed - want).abs() <= 1e-6 * want.abs(),
            "{mixed} vs {want}"
        );
        assert!(a.to_csv().starts_with("hypothesis,probability,draws,kind,"));
        assert!(a.rows.iter().all(|r| r.row.kind != "off"));
    }
}
