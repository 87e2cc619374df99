//! The log of complete generations: written as each completes, read back on a rerun.
//!
//! One row per particle: `generation,epsilon,simulations,model,weight,distance`, then
//! `theta1..thetaP` (P the most parameters of any hypothesis; empty beyond the particle's
//! model's) and `summary1..summaryK`, every number in Rust's shortest round-trip form so that
//! a generation read back is bit for bit the one computed.

use std::path::Path;

use super::{Distance, Generation, Hypothesis, Particle, Settings};
use crate::AnalysisError;
use crate::log::{AppendLog, csv_line};

/// What the particles depend on: another log is another experiment. `generations`,
/// `max_simulations` and `batch` are left out: they decide how far a run goes, not its
/// generations.
fn preamble(
    hypotheses: &[Hypothesis],
    observed: &[f64],
    distance: &Distance,
    s: &Settings,
    simulator: &str,
) -> Vec<String> {
    let list = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x}"))
            .collect::<Vec<_>>()
            .join(";")
    };
    let mut lines = vec![format!(
        "# abc particles={} quantile={} min_acceptance={} model_stay={} seed={}",
        s.particles, s.quantile, s.min_acceptance, s.model_stay, s.seed
    )];
    for (m, h) in hypotheses.iter().enumerate() {
        let params: Vec<String> = h
            .params
            .iter()
            .map(|(n, p)| format!("{n:?}~{}", p.describe()))
            .collect();
        lines.push(format!(
            "# hypothesis {m} {:?}: {}",
            h.name,
            params.join(" ")
        ));
    }
    lines.push(format!(
        "# observed={} scales={} sides={:?}",
        list(observed),
        list(&distance.scales),
        distance.sides
    ));
    if !simulator.is_empty() {
        lines.push(format!("# simulator {simulator}"));
    }
    lines
}

fn header(hypotheses: &[Hypothesis], targets: usize) -> Vec<String> {
    let most = hypotheses.iter().map(|h| h.params.len()).max().unwrap_or(0);
    let mut h: Vec<String> = [
        "generation",
        "epsilon",
        "simulations",
        "model",
        "weight",
        "distance",
    ]
    .map(String::from)
    .to_vec();
    h.extend((1..=most).map(|k| format!("theta{k}")));
    h.extend((1..=targets).map(|k| format!("summary{k}")));
    h
}

/// Appends generation `g`, one row per particle.
pub(crate) fn append(
    log: &mut AppendLog,
    g: &Generation,
    hypotheses: &[Hypothesis],
) -> Result<(), AnalysisError> {
    let most = hypotheses.iter().map(|h| h.params.len()).max().unwrap_or(0);
    for p in &g.particles {
        let mut row = vec![
            g.index.to_string(),
            format!("{}", g.epsilon),
            g.simulations.to_string(),
            p.model.to_string(),
            format!("{}", p.weight),
            format!("{}", p.distance),
        ];
        row.extend(p.theta.iter().map(|x| format!("{x}")));
        row.extend((p.theta.len()..most).map(|_| String::new()));
        row.extend(p.summary.iter().map(|x| format!("{x}")));
        log.append(&row)?;
    }
    Ok(())
}

/// Opens the log at `path` and reads back its complete generations. A generation with fewer
/// than `particles` rows (a run interrupted while writing it) is dropped, from the file too.
pub(crate) fn open(
    path: &Path,
    hypotheses: &[Hypothesis],
    observed: &[f64],
    distance: &Distance,
    s: &Settings,
    simulator: &str,
) -> Result<(AppendLog, Vec<Generation>), AnalysisError> {
    let pre = preamble(hypotheses, observed, distance, s, simulator);
    let head = header(hypotheses, observed.len());
    let (mut log, existing) = AppendLog::open(path, &pre, "ABC run")?;
    let refuse = |line: usize, why: &str| {
        AnalysisError::Resume(format!(
            "{}:{line}: {why}; use another --out or remove the log",
            path.display()
        ))
    };
    let mut records = existing.records.iter();
    match records.next() {
        None => {
            log.append(&head)?;
            return Ok((log, Vec::new()));
        }
        Some((line, fields)) if *fields != head => {
            return Err(refuse(*line, "not the header this ABC run writes"));
        }
        Some(_) => {}
    }
    let most = head.len() - 6 - observed.len();
    let mut generations: Vec<Generation> = Vec::new();
    let mut rows: Vec<&Vec<String>> = Vec::new();
    let mut block: Vec<Particle> = Vec::new();
    let mut block_head: Option<(f64, usize)> = None;
    for (line, fields) in records {
        let bad = |why: &str| refuse(*line, why);
        let num = |k: usize| -> Result<f64, AnalysisError> {
            fields[k].parse::<f64>().map_err(|_| bad("not a number"))
        };
        let int = |k: usize| -> Result<usize, AnalysisError> {
            fields[k].parse::<usize>().map_err(|_| bad("not a count"))
        };
        if fields.len() != head.len() {
            return Err(bad("wrong number of fields"));
        }
        let (index, model) = (int(0)?, int(3)?);
        if index != generations.len() {
            return Err(bad(&format!("expected generation {}", generations.len())));
        }
        let params = match hypotheses.get(model) {
            Some(h) => h.params.len(),
            None => return Err(bad("no such hypothesis")),
        };
        let theta = (0..params).map(|k| num(6 + k)).collect::<Result<_, _>>()?;
        let summary = (0..observed.len())
            .map(|k| num(6 + most + k))
            .collect::<Result<_, _>>()?;
        block_head.get_or_insert((num(1)?, int(2)?));
        block.push(Particle {
            model,
            theta,
            weight: num(4)?,
            distance: num(5)?,
            summary,
        });
        rows.push(fields);
        if block.len() == s.particles {
            let (epsilon, sims) = block_head.take().unwrap_or_default();
            let particles = std::mem::take(&mut block);
            generations.push(Generation::new(
                index,
                epsilon,
                particles,
                sims,
                hypotheses.len(),
            ));
        }
    }
    if !block.is_empty() {
        // A generation cut short: rewrite the log without it, then append from there.
        drop(log);
        let mut text: String = pre.iter().map(|l| format!("{l}\n")).collect();
        text.push_str(&csv_line(&head));
        for r in &rows[..rows.len() - block.len()] {
            text.push_str(&csv_line(r));
        }
        chistka_output::write_atomic(path, text.as_bytes())?;
        log = AppendLog::open(path, &pre, "ABC run")?.0;
    }
    Ok((log, generations))
}
