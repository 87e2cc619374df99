//! The chistka model in WebAssembly, for the classroom app in `web/`.
//!
//! The browser calls the same libraries as `chistka run`: [`chistka_scenario`] validates the
//! scenario and the page's switches and sliders, [`chistka_model`] runs it, and
//! [`chistka_output`]'s table code (built without its file writers) computes the annual and
//! monthly tables and the summary. Same seed and scale, same numbers as the native binary.
//!
//! This file only translates between JavaScript and [`run`], [`case`], [`controls`],
//! [`scenarios`] and [`download`], which are plain Rust and tested natively.
//!
//! From JavaScript (after `wasm-bindgen --target web`):
//!
//! ```js
//! import init, { Simulation } from "./chistka_wasm.js";
//! await init();
//! const sim = Simulation.run(JSON.stringify({ scenario: "great-purge", seed: 1937 }),
//!                            (phase, done, total) => console.log(phase, done, total));
//! const results = JSON.parse(sim.results_json());
//! ```

pub mod case;
pub mod controls;
pub mod download;
pub mod run;
pub mod scenarios;

use chistka_model::sim::Observer;
use wasm_bindgen::prelude::*;

/// The offered scenarios, as JSON: `[{name, title, explanation, values}]`, where `values` holds
/// the scenario's value of every switch and slider.
#[wasm_bindgen]
pub fn scenarios_json() -> String {
    let list: Vec<_> = scenarios::OFFERED
        .iter()
        .map(|s| {
            let values = chistka_scenario::load_str(s.name, s.toml, None)
                .map(|sc| controls::values(&sc))
                .unwrap_or_default();
            serde_json::json!({
                "name": s.name, "title": s.title, "explanation": s.explanation, "values": values,
            })
        })
        .collect();
    serde_json::Value::Array(list).to_string()
}

/// The switches and sliders, as JSON: `{switches: [...], sliders: [...]}`.
#[wasm_bindgen]
pub fn controls_json() -> String {
    serde_json::json!({ "switches": controls::switches(), "sliders": controls::sliders() })
        .to_string()
}

/// The chistka version the app was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").into()
}

/// The scenario of a request as a TOML file `chistka run` accepts.
///
/// # Errors
/// The reason the request is refused, in words (the key and what was expected).
#[wasm_bindgen]
pub fn scenario_toml(request: &str) -> Result<String, JsError> {
    let r = run::Request::from_json(request).map_err(js)?;
    let s = r.scenario().map_err(js)?;
    Ok(scenario_text(&r, &s))
}

fn scenario_text(r: &run::Request, s: &chistka_scenario::Scenario) -> String {
    let base = chistka_scenario::embedded(chistka_scenario::DEFAULT);
    match base {
        Ok(base) => {
            download::scenario_file(s, &base, &format!("seed {}, scale {}", r.seed, r.scale))
        }
        Err(_) => s.canonical.clone(),
    }
}

fn js(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// Reports progress to a JavaScript function `(phase, done, total)`, about a hundred times a run.
struct Progress {
    callback: Option<js_sys::Function>,
    next: usize,
}

impl Observer for Progress {
    fn day_done(&mut self, done: usize, total: usize) {
        if done >= self.next || done == total {
            self.next = done + total.div_ceil(100);
            if let Some(f) = &self.callback {
                let _ = f.call3(
                    &JsValue::NULL,
                    &JsValue::from_str("simulation"),
                    &JsValue::from_f64(done as f64),
                    &JsValue::from_f64(total as f64),
                );
            }
        }
    }

    fn phase(&mut self, name: &str) {
        if let Some(f) = &self.callback {
            let _ = f.call3(
                &JsValue::NULL,
                &JsValue::from_str(name),
                &JsValue::from_f64(0.0),
                &JsValue::from_f64(1.0),
            );
        }
    }
}

/// A finished run, kept in WebAssembly memory so its cases can be opened.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Simulation {
    outcome: run::Outcome,
}

#[wasm_bindgen]
impl Simulation {
    /// Runs a request (JSON: `{scenario, scale, seed, overrides}`), calling `progress(phase,
    /// done, total)` as it goes.
    ///
    /// # Errors
    /// The reason the request is refused, in words; nothing runs then.
    pub fn run(request: &str, progress: Option<js_sys::Function>) -> Result<Simulation, JsError> {
        let r = run::Request::from_json(request).map_err(js)?;
        let mut observer = Progress {
            callback: progress,
            next: 0,
        };
        let outcome = run::run(r, &mut observer).map_err(js)?;
        Ok(Simulation { outcome })
    }

    /// The tables and the summary, as JSON.
    pub fn results_json(&self) -> String {
        self.outcome.results_json()
    }

    /// `annual.csv` as `chistka run` writes it.
    pub fn annual_csv(&self) -> String {
        self.outcome.annual_csv()
    }

    /// `monthly.csv` as `chistka run` writes it.
    pub fn monthly_csv(&self) -> String {
        self.outcome.monthly_csv()
    }

    /// The scenario of this run as a TOML file `chistka run` accepts.
    pub fn scenario_toml(&self) -> String {
        scenario_text(&self.outcome.request, &self.outcome.scenario)
    }

    /// Cases worth opening, as JSON: `[[person, cause, date]]`.
    pub fn suggestions_json(&self, per_cause: usize) -> String {
        serde_json::to_string(&case::suggestions(&self.outcome.world, per_cause))
            .unwrap_or_default()
    }

    /// The case file of a synthetic person, as JSON.
    ///
    /// # Errors
    /// If there is no person with this id in the run.
    pub fn case_json(&self, person: u32) -> Result<String, JsError> {
        let f = case::case_file(&self.outcome.world, person).ok_or_else(|| {
            js(format!(
                "no person {person} in this run (ids run from 0 to {})",
                self.outcome.world.people.len().saturating_sub(1)
            ))
        })?;
        Ok(serde_json::to_string(&f).unwrap_or_default())
    }
}
