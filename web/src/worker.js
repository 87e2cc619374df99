// A Web Worker that runs the model (WebAssembly) off the page's thread, so the page never
// freezes. Messages in: {id, type: "meta" | "run" | "case" | "csv" | "toml", ...}; out: the
// same id with a result, or {type: "progress"} while a run goes, or {type: "error", message}.
import init, { Simulation, controls_json, scenario_toml, scenarios_json } from "../pkg/chistka_wasm.js";

const ready = init({ module_or_path: new URL("./chistka_wasm_bg.wasm", import.meta.url) });

// The last run kept for its cases and CSV files (one per worker; ensemble runs are not kept).
let kept = null;

function handle(msg) {
  switch (msg.type) {
    case "meta":
      return { scenarios: JSON.parse(scenarios_json()), controls: JSON.parse(controls_json()) };
    case "run": {
      const started = performance.now();
      const sim = Simulation.run(JSON.stringify(msg.request), (phase, done, total) =>
        postMessage({ id: msg.id, type: "progress", phase, done, total }),
      );
      const ms = performance.now() - started;
      const results = JSON.parse(sim.results_json());
      if (msg.keep) {
        kept?.free();
        kept = sim;
        results.suggestions = JSON.parse(sim.suggestions_json(3));
      } else {
        sim.free();
      }
      return { results, ms };
    }
    case "case":
      if (!kept) throw new Error("run the model first");
      return { caseFile: JSON.parse(kept.case_json(msg.person)) };
    case "csv":
      if (!kept) throw new Error("run the model first");
      return { text: msg.table === "monthly" ? kept.monthly_csv() : kept.annual_csv() };
    case "toml":
      return { text: scenario_toml(JSON.stringify(msg.request)) };
    default:
      throw new Error(`unknown message ${msg.type}`);
  }
}

onmessage = async (event) => {
  const msg = event.data;
  try {
    await ready;
    postMessage({ id: msg.id, type: "done", ...handle(msg) });
  } catch (err) {
    postMessage({ id: msg.id, type: "error", message: String(err?.message ?? err) });
  }
};
