// The WebAssembly build (web/dist, as the page loads it) against the native binary: same
// scenario, seed and scale, the same annual.csv and monthly.csv byte for byte.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

import { WEB, read, runNative } from "./helpers.mjs";

const wasm = await import(join(WEB, "pkg/chistka_wasm.js"));
wasm.initSync({ module: readFileSync(join(WEB, "dist/chistka_wasm_bg.wasm")) });

const cases = [
  { scenario: "great-purge", seed: 1937, scale: 0.002, overrides: {} },
  { scenario: "no-torture", seed: 11, scale: 0.001, overrides: { "quota.enabled": false, "interrogation.pursue_probability": 0.3 } },
  { scenario: "early-halt", seed: 5, scale: 0.001, overrides: { "centre.names": 20000 } },
];

for (const request of cases) {
  test(`wasm = native: ${JSON.stringify(request)}`, () => {
    const sim = wasm.Simulation.run(JSON.stringify(request), null);
    // The scenario file the page offers for download is what the native run reads.
    const dir = mkdtempSync(join(tmpdir(), "chistka-toml-"));
    const file = join(dir, "scenario.toml");
    writeFileSync(file, sim.scenario_toml());
    const out = runNative([file, "--seed", String(request.seed), "--scale", String(request.scale)]);
    assert.equal(sim.annual_csv(), read(out, "annual.csv"));
    assert.equal(sim.monthly_csv(), read(out, "monthly.csv"));
    const summary = JSON.parse(read(out, "summary.json"));
    const page = JSON.parse(sim.results_json()).summary;
    assert.equal(page.arrests_1937_1938, summary.arrests_1937_1938);
    assert.equal(page.executions_1937_1938, summary.executions_1937_1938);
    sim.free();
  });
}

test("a refused request says which key and why", () => {
  assert.throws(
    () => wasm.Simulation.run(JSON.stringify({ overrides: { "interrogation.pursue_probability": 2 } }), null),
    /interrogation\.pursue_probability/,
  );
  assert.throws(() => wasm.Simulation.run(JSON.stringify({ scenario: "nope" }), null), /no scenario named `nope`/);
});
