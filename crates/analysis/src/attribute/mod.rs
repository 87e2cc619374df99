//! Attribution: how much of the arrests and executions of 1937-38 each mechanism accounts for.
//!
//! Two answers, side by side (see `docs/attribution.md`):
//!
//! - **Shapley shares over ablations.** A mechanism is a scenario section with an `enabled`
//!   key, found in the merged TOML, so mechanisms added later are picked up without a change
//!   here. The game's players are the mechanisms enabled in the scenario; a coalition's value is
//!   the figure with only its members on; a mechanism's Shapley value is its mean marginal
//!   effect over all orders of switching the mechanisms on. Exact over the 2^M coalitions when
//!   M <= [`EXACT_MAX`], otherwise estimated from seeded random orders (Castro et al. 2009). The
//!   values are computed seed by seed (the game on one seed is a game too, and the Shapley value
//!   is linear in v), so they come with bands over the seeds.
//! - **Direct shares by cause**, from the provenance of every arrest in the full scenario, and
//!   the split between centrally ordered (quota, national, centre), bottom-up (denunciation,
//!   named, patronage) and ordinary policing, which is neither.
//!
//! **No share for a switch that only gates the others.** A mechanism switched off in a coalition
//! takes away what it does, not the others' permission to act: where the scenario makes the
//! mass orders wait for the threat (a positive `threat.order_threshold`, the first milestone's
//! gate), a coalition without the threat also drops the wait ([`GATES`]). The threat is then
//! credited with what its level does to the volumes, not with every arrest the orders make.
//!
//! [`posterior`] runs the same decomposition on the posterior of `chistka explain`, hypothesis by
//! hypothesis.

pub mod posterior;

use std::collections::BTreeMap;

use chistka_engine::streams::Streams;
use chistka_scenario::Scenario;

use crate::bands::Bands;
use crate::outcome::{RunOutcome, check_scale, run_one};
use crate::shapley;
use crate::{AnalysisError, Progress, seeds};

/// Exact Shapley values up to this many mechanisms (2^8 = 256 coalitions per seed).
pub const EXACT_MAX: usize = 8;
/// Random orders drawn when the count is above [`EXACT_MAX`] and none was asked for.
pub const DEFAULT_PERMUTATIONS: usize = 64;
/// Stream key of the random orders.
const ORDER_STREAM: u64 = 0x4154_5452_4942_5554; // "ATTRIBUT"

/// Gates: (mechanism, key, value the key takes in a coalition without the mechanism). A gate key
/// makes other mechanisms wait for this one; switching the mechanism off must not switch them off
/// too, or it earns their share. Applied only where the scenario sets the key to something else.
pub const GATES: [(&str, &str, f64); 1] = [("threat", "threat.order_threshold", 0.0)];

/// The figures attributed.
pub const OUTPUTS: [&str; 2] = ["arrests_1937_1938", "executions_1937_1938"];

/// Causes of arrest ordered from the centre.
pub const CENTRAL: [&str; 3] = ["quota", "national", "centre"];
/// Causes of arrest that grew from below or fed on arrests already made.
pub const BOTTOM_UP: [&str; 3] = ["denunciation", "named", "patronage"];
/// Ordinary policing: neither ordered as a campaign nor set off by another arrest.
pub const NEITHER: [&str; 1] = ["ordinary"];

/// The switchable mechanisms of a scenario: dotted paths of the tables with a boolean
/// `enabled` key, sorted, each with its setting (see [`chistka_scenario::dotted::switches`]).
pub fn mechanisms(scenario: &Scenario) -> Vec<(String, bool)> {
    chistka_scenario::dotted::switches(scenario)
}

/// How Shapley values are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// All 2^M coalitions.
    Exact,
    /// This many random orders, drawn from the stream of this seed.
    Sampled {
        /// Number of orders.
        permutations: usize,
        /// Seed of the orders.
        seed: u64,
    },
}

impl Method {
    /// Exact up to [`EXACT_MAX`] mechanisms, else sampled with `permutations` (default
    /// [`DEFAULT_PERMUTATIONS`]); asking for permutations forces sampling.
    pub fn choose(m: usize, permutations: Option<usize>, seed: u64) -> Method {
        match permutations {
            None if m <= EXACT_MAX => Method::Exact,
            p => Method::Sampled {
                permutations: p.unwrap_or(DEFAULT_PERMUTATIONS),
                seed,
            },
        }
    }
}

/// One row of `attribution.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// `shapley`, `total`, `cause`, `split`, or `off` (a mechanism switched off in the
    /// scenario, not a player).
    pub kind: &'static str,
    /// Mechanism, cause, or group.
    pub name: String,
    /// The figure (`arrests_1937_1938`, `executions_1937_1938`).
    pub output: &'static str,
    /// Bands of the value over the seeds (full-scale equivalents).
    pub value: Option<Bands>,
    /// Bands of the share over the seeds: of the effect of all mechanisms together for Shapley
    /// values, of all arrests for causes and the split.
    pub share: Option<Bands>,
}

impl Row {
    /// The header of [`Row::csv_fields`].
    pub const CSV_HEADER: &'static str =
        "kind,name,output,mean,p05,p50,p95,share_mean,share_p05,share_p50,share_p95";

    /// The row as CSV fields: kind, name, output, then mean, p05, p50, p95 of the value and of
    /// the share (empty where they do not apply).
    pub fn csv_fields(&self) -> String {
        let fields =
            |b: &Option<Bands>| b.map_or_else(|| vec![String::new(); 4], |b| b.fields().to_vec());
        format!(
            "{},{},{},{},{}",
            self.kind,
            self.name,
            self.output,
            fields(&self.value).join(","),
            fields(&self.share).join(",")
        )
    }
}

/// The attribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    /// The players.
    pub mechanisms: Vec<String>,
    /// The method used.
    pub method: Method,
    /// Coalitions run (each on every seed).
    pub coalitions: usize,
    /// Seeds.
    pub runs: usize,
    /// The rows, Shapley first.
    pub rows: Vec<Row>,
}

struct Figures {
    outputs: [f64; 2],
    by_cause: BTreeMap<String, f64>,
}

fn figures(o: &RunOutcome) -> Figures {
    let by_cause = o
        .monthly
        .columns
        .iter()
        .filter_map(|c| c.strip_prefix("arrests_"))
        .map(|cause| {
            (
                cause.to_string(),
                o.monthly_sum(&format!("arrests_{cause}"), 1937, 1938),
            )
        })
        .collect();
    Figures {
        outputs: OUTPUTS.map(|k| o.summary_value(k).unwrap_or(0.0)),
        by_cause,
    }
}

/// Runs every coalition the method needs on seeds `first_seed..first_seed + runs` in `pool`.
///
/// # Errors
/// A bad scale, zero runs, a coalition scenario that does not validate (before anything
/// runs), or a failed run.
pub fn attribute(
    scenario: &Scenario,
    scale: f64,
    first_seed: u64,
    runs: usize,
    permutations: Option<usize>,
    pool: &rayon::ThreadPool,
    progress: Progress<'_>,
) -> Result<Attribution, AnalysisError> {
    check_scale(scale)?;
    crate::check_runs(runs, "an attribution")?;
    let all = mechanisms(scenario);
    let players: Vec<String> = all
        .iter()
        .filter(|(_, on)| *on)
        .map(|(k, _)| k.clone())
        .collect();
    let m = players.len();
    if m > 62 {
        return Err(AnalysisError::Input(format!(
            "{m} mechanisms: at most 62 are supported"
        )));
    }
    let method = Method::choose(m, permutations, first_seed);
    let full = (1u64 << m) - 1;
    let (coalitions, perms): (Vec<u64>, Vec<Vec<usize>>) = match method {
        Method::Exact => (shapley::all_coalitions(m), Vec::new()),
        Method::Sampled { permutations, seed } => {
            let mut rng = Streams::new(seed).stream(ORDER_STREAM);
            let perms = shapley::permutations(m, permutations, &mut rng);
            (shapley::coalitions_of(&perms).into_iter().collect(), perms)
        }
    };
    let scenarios: Vec<Scenario> = coalitions
        .iter()
        .map(|&mask| coalition(scenario, &players, mask))
        .collect::<Result<_, _>>()?;
    let index: BTreeMap<u64, usize> = coalitions
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, i))
        .collect();

    let seeds: Vec<u64> = seeds(first_seed, runs).collect();
    // values[coalition][seed][output]
    let mut values = vec![vec![[0.0; 2]; runs]; coalitions.len()];
    let mut by_cause: Vec<BTreeMap<String, f64>> = Vec::with_capacity(runs);
    let tasks = coalitions.len() * runs;
    progress(0, tasks as u64);
    crate::parallel::in_order(
        pool,
        tasks,
        |t| run_one(&scenarios[t / runs], scale, seeds[t % runs]).map(|o| figures(&o)),
        |t, f| {
            let (c, r) = (t / runs, t % runs);
            values[c][r] = f.outputs;
            if coalitions[c] == full {
                by_cause.push(f.by_cause);
            }
            progress(t as u64 + 1, tasks as u64);
            Ok(())
        },
    )?;

    let mut rows = Vec::new();
    for (o, output) in OUTPUTS.iter().enumerate() {
        let v = |mask: u64, r: usize| index.get(&mask).map_or(0.0, |&c| values[c][r][o]);
        // Per seed: φ_i and the total effect v(all) - v(none).
        let mut phi = vec![Vec::with_capacity(runs); m];
        let mut shares = vec![Vec::with_capacity(runs); m];
        let (mut total, mut with_all, mut with_none) = (Vec::new(), Vec::new(), Vec::new());
        for r in 0..runs {
            let p = match method {
                Method::Exact => shapley::exact(m, |s| v(s, r)),
                Method::Sampled { .. } => shapley::sampled(m, &perms, |s| v(s, r)),
            };
            let effect = v(full, r) - v(0, r);
            for i in 0..m {
                phi[i].push(p[i]);
                shares[i].push(if effect != 0.0 {
                    p[i] / effect
                } else {
                    f64::NAN
                });
            }
            total.push(effect);
            with_all.push(v(full, r));
            with_none.push(v(0, r));
        }
        for i in 0..m {
            rows.push(Row {
                kind: "shapley",
                name: players[i].clone(),
                output,
                value: Bands::of(&mut phi[i]),
                share: Bands::of(&mut shares[i]),
            });
        }
        for (name, mut x) in [
            ("all_mechanisms", with_all),
            ("no_mechanisms", with_none),
            ("effect_of_all", total),
        ] {
            rows.push(Row {
                kind: "total",
                name: name.into(),
                output,
                value: Bands::of(&mut x),
                share: None,
            });
        }
        for (k, _) in all.iter().filter(|(_, on)| !*on) {
            rows.push(Row {
                kind: "off",
                name: k.clone(),
                output,
                value: None,
                share: None,
            });
        }
    }

    // Direct shares by cause, 1937-38, in the full scenario.
    let output = OUTPUTS[0];
    let causes: Vec<String> = by_cause
        .first()
        .map_or_else(Vec::new, |b| b.keys().cloned().collect());
    let totals: Vec<f64> = by_cause.iter().map(|b| b.values().sum()).collect();
    let share_of = |pick: &dyn Fn(&str) -> bool| -> (Option<Bands>, Option<Bands>) {
        let mut v: Vec<f64> = by_cause
            .iter()
            .map(|b| b.iter().filter(|(c, _)| pick(c)).map(|(_, x)| x).sum())
            .collect();
        let mut s: Vec<f64> = v
            .iter()
            .zip(&totals)
            .map(|(x, t)| if *t > 0.0 { x / t } else { f64::NAN })
            .collect();
        (Bands::of(&mut v), Bands::of(&mut s))
    };
    for cause in &causes {
        let (value, share) = share_of(&|c| c == cause);
        rows.push(Row {
            kind: "cause",
            name: cause.clone(),
            output,
            value,
            share,
        });
    }
    let known = |c: &str| CENTRAL.contains(&c) || BOTTOM_UP.contains(&c) || NEITHER.contains(&c);
    type Pick<'a> = &'a dyn Fn(&str) -> bool;
    let groups: [(&str, Pick<'_>); 4] = [
        ("central", &|c| CENTRAL.contains(&c)),
        ("bottom_up", &|c| BOTTOM_UP.contains(&c)),
        ("ordinary_neither", &|c| NEITHER.contains(&c)),
        ("unclassified", &|c| !known(c)),
    ];
    for (name, pick) in groups {
        if name == "unclassified" && causes.iter().all(|c| known(c)) {
            continue;
        }
        let (value, share) = share_of(pick);
        rows.push(Row {
            kind: "split",
            name: name.into(),
            output,
            value,
            share,
        });
    }
    Ok(Attribution {
        mechanisms: players,
        method,
        coalitions: coalitions.len(),
        runs,
        rows,
    })
}

/// The scenario with exactly the `players` of `mask` switched on, and the gates of those
/// switched off opened ([`GATES`]).
///
/// # Errors
/// An override that does not validate.
pub fn coalition(
    scenario: &Scenario,
    players: &[String],
    mask: u64,
) -> Result<Scenario, chistka_scenario::ScenarioError> {
    let mut overrides: Vec<(String, toml::Value)> = players
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                format!("{p}.enabled"),
                toml::Value::Boolean(mask & (1 << i) != 0),
            )
        })
        .collect();
    for (mechanism, key, open) in GATES {
        let off = players
            .iter()
            .position(|p| p == mechanism)
            .is_some_and(|i| mask & (1 << i) == 0);
        let set = chistka_scenario::dotted::number(scenario, key);
        if off && set.is_some_and(|v| v != open) {
            overrides.push((key.to_string(), toml::Value::Float(open)));
        }
    }
    chistka_scenario::with_overrides(scenario, &overrides)
}

impl Attribution {
    /// `attribution.csv`: `kind, name, output`, then mean, p05, p50, p95 of the value and of
    /// the share (empty where they do not apply).
    pub fn to_csv(&self) -> String {
        let mut text = format!("{}\n", Row::CSV_HEADER);
        for r in &self.rows {
            text.push_str(&r.csv_fields());
            text.push('\n');
        }
        text
    }

    /// One line on the method and its cost.
    pub fn method_note(&self) -> String {
        let m = self.mechanisms.len();
        match self.method {
            Method::Exact => format!(
                "exact Shapley values over {m} mechanisms: {} coalitions x {} seeds = {} runs",
                self.coalitions,
                self.runs,
                self.coalitions * self.runs
            ),
            Method::Sampled { permutations, seed } => format!(
                "Shapley values sampled from {permutations} random orders (seed {seed}) of {m} mechanisms: \
                 {} distinct coalitions x {} seeds = {} runs",
                self.coalitions,
                self.runs,
                self.coalitions * self.runs
            ),
        }
    }

    /// A row by kind, name and output.
    pub fn row(&self, kind: &str, name: &str, output: &str) -> Option<&Row> {
        self.rows
            .iter()
            .find(|r| r.kind == kind && r.name == name && r.output == output)
    }
}

/// Formats a share band as `12.3% [10.1%, 14.0%]` (mean, then the 5th and 95th percentiles).
pub fn share_text(b: &Bands) -> String {
    use chistka_format::pct;
    format!("{} [{}, {}]", pct(b.mean), pct(b.p05), pct(b.p95))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mechanisms_are_found_in_the_merged_toml() {
        let s = chistka_scenario::embedded("great-purge").unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<String> = mechanisms(&s).into_iter().map(|(k, _)| k).collect();
        for want in ["interrogation", "national", "policing", "quota"] {
            assert!(names.iter().any(|n| n == want), "{names:?}");
        }
        let off = chistka_scenario::with_overrides(
            &s,
            &[("quota.enabled".into(), toml::Value::Boolean(false))],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(mechanisms(&off).contains(&("quota".to_string(), false)));
    }

    #[test]
    fn a_coalition_without_the_threat_does_not_keep_its_gate_shut() {
        let s = chistka_scenario::embedded("great-purge").unwrap_or_else(|e| panic!("{e}"));
        let gated = chistka_scenario::with_overrides(
            &s,
            &[("threat.order_threshold".into(), toml::Value::Float(3.0))],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let players: Vec<String> = ["quota", "threat"].map(String::from).to_vec();
        let threshold = |c: &Scenario| {
            chistka_scenario::dotted::number(c, "threat.order_threshold").unwrap_or(f64::NAN)
        };
        let enabled = |c: &Scenario, k: &str| {
            chistka_scenario::dotted::table(c)
                .and_then(|t| chistka_scenario::dotted::get(&t, k).cloned())
                .and_then(|v| v.as_bool())
        };
        // Quota on, threat off: the orders no longer wait for a threat that cannot rise.
        let c = coalition(&gated, &players, 0b01).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(threshold(&c), 0.0);
        assert_eq!(enabled(&c, "threat.enabled"), Some(false));
        assert_eq!(enabled(&c, "quota.enabled"), Some(true));
        // With the threat on, its gate is the scenario's.
        let c = coalition(&gated, &players, 0b11).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(threshold(&c), 3.0);
        // The default has no gate: nothing to open.
        let c = coalition(&s, &players, 0b01).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(threshold(&c), 0.0);
    }

    #[test]
    fn method_is_exact_up_to_eight_mechanisms() {
        assert_eq!(Method::choose(8, None, 1), Method::Exact);
        assert_eq!(
            Method::choose(9, None, 1),
            Method::Sampled {
                permutations: DEFAULT_PERMUTATIONS,
                seed: 1
            }
        );
        assert_eq!(
            Method::choose(3, Some(5), 2),
            Method::Sampled {
                permutations: 5,
                seed: 2
            }
        );
    }

    #[test]
    fn shapley_values_add_up_to_the_effect_of_all_mechanisms() {
        let s = chistka_scenario::embedded("great-purge").unwrap_or_else(|e| panic!("{e}"));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let a = attribute(&s, 0.0002, 3, 1, Some(2), &pool, &mut |_, _| {})
            .unwrap_or_else(|e| panic!("{e}"));
        for output in OUTPUTS {
            let sum: f64 = a
                .rows
                .iter()
                .filter(|r| r.kind == "shapley" && r.output == output)
                .filter_map(|r| r.value.map(|b| b.mean))
                .sum();
            let effect = a
                .row("total", "effect_of_all", output)
                .and_then(|r| r.value)
                .map_or(f64::NAN, |b| b.mean);
            assert!(
                (sum - effect).abs() <= 1e-6 * effect.abs().max(1.0),
                "{output}: {sum} vs {effect}"
            );
        }
        let split: f64 = ["central", "bottom_up", "ordinary_neither"]
            .iter()
            .filter_map(|g| {
                a.row("split", g, OUTPUTS[0])
                    .and_then(|r| r.share)
                    .map(|b| b.mean)
            })
            .sum();
        assert!(
            (split - 1.0).abs() < 1e-9,
            "the split covers every arrest: {split}"
        );
        assert!(a.to_csv().starts_with("kind,name,output,mean,"));
    }
}
