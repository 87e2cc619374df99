// The classroom app: choose a scenario, switch mechanisms, move sliders, run the model in a
// worker, and read the results against the archival record.
import { monthly, yearly, fmt, COLOURS } from "./charts.js";
import { renderCase, renderSuggestions } from "./cases.js";
import { recordSum } from "./record.js";
import { DEFAULTS, SCALES, fromQuery, request, toQuery } from "./state.js";
import { bands, column, quantile } from "./stats.js";
import { ModelWorker, poolSize, runMany } from "./workers.js";

const $ = (sel) => document.querySelector(sel);
const main = new ModelWorker();
let meta = null; // {scenarios, controls}
let state = fromQuery(location.search);
let current = null; // {results, ensemble?: [results], label, ms}
let runA = null; // {results, label}
let busy = false;

const CAUSES = ["quota", "national", "named", "denunciation", "patronage", "centre", "ordinary"];

function scenarioInfo() {
  return meta.scenarios.find((s) => s.name === state.scenario) ?? meta.scenarios[0];
}

/** The value a control shows: the override if set, else the scenario's own value. */
function valueOf(key) {
  return key in state.overrides ? state.overrides[key] : scenarioInfo().values[key];
}

function setOverride(key, value) {
  if (value === scenarioInfo().values[key]) delete state.overrides[key];
  else state.overrides[key] = value;
  syncUrl();
}

function syncUrl() {
  history.replaceState(null, "", location.pathname + toQuery(state));
}

function label(s = state) {
  const changed = Object.keys(s.overrides).length;
  return `${s.scenario}${changed ? ` (+${changed} change${changed > 1 ? "s" : ""})` : ""}, seed ${s.seed}`;
}

// ---- controls ----

function renderScenario() {
  const sel = $("#scenario");
  sel.innerHTML = meta.scenarios.map((s) => `<option value="${s.name}">${s.title}</option>`).join("");
  if (!meta.scenarios.some((s) => s.name === state.scenario)) state.scenario = DEFAULTS.scenario;
  sel.value = state.scenario;
  $("#scenario-explanation").textContent = scenarioInfo().explanation;
}

function renderControls() {
  const sw = $("#switches");
  sw.innerHTML = meta.controls.switches
    .map(
      (s, i) => `<div class="switch"><input type="checkbox" id="sw${i}" data-key="${s.key}" aria-describedby="sw${i}-d">
        <label for="sw${i}">${s.label}</label><p id="sw${i}-d" class="hint">${s.meaning}</p></div>`,
    )
    .join("");
  const sl = $("#sliders");
  sl.innerHTML = meta.controls.sliders
    .map(
      (s, i) => `<div class="slider"><label for="sl${i}">${s.label}</label>
        <div class="slider-row"><input type="range" id="sl${i}" data-key="${s.key}" min="${s.min}" max="${s.max}" step="${s.step}" aria-describedby="sl${i}-d">
        <output for="sl${i}" id="sl${i}-v"></output></div>
        <p id="sl${i}-d" class="hint">${s.meaning} <span class="unit">Unit: ${s.unit}.</span> <span class="source">Default ${s.default}: ${s.source}.</span></p></div>`,
    )
    .join("");
  sw.onchange = (e) => {
    setOverride(e.target.dataset.key, e.target.checked);
    markChanged();
  };
  sl.oninput = (e) => {
    const v = Number(e.target.value);
    $(`#${e.target.id}-v`).textContent = v;
    setOverride(e.target.dataset.key, v);
    markChanged();
  };
  showControlValues();
}

function showControlValues() {
  for (const el of document.querySelectorAll("#switches input")) el.checked = !!valueOf(el.dataset.key);
  for (const el of document.querySelectorAll("#sliders input")) {
    el.value = valueOf(el.dataset.key);
    $(`#${el.id}-v`).textContent = valueOf(el.dataset.key);
    el.closest(".slider").classList.toggle("changed", el.dataset.key in state.overrides);
  }
  for (const el of document.querySelectorAll("#switches input")) {
    el.closest(".switch").classList.toggle("changed", el.dataset.key in state.overrides);
  }
  $("#seed").value = state.seed;
  $("#scale").value = String(state.scale);
  $("#runs").value = state.runs;
  $("#changes").textContent = Object.keys(state.overrides).length
    ? `Changed from the scenario: ${Object.entries(state.overrides).map(([k, v]) => `${k} = ${v}`).join(", ")}.`
    : "Nothing changed from the scenario.";
}

function markChanged() {
  showControlValues();
  if (current) $("#stale").hidden = false;
}

// ---- running ----

function setBusy(on, text) {
  busy = on;
  for (const b of document.querySelectorAll("#run, #run-ensemble")) b.disabled = on;
  $("#status").textContent = text;
}

function progress(fraction) {
  $("#progress").value = Math.round(fraction * 100);
}

async function runOne() {
  if (busy) return;
  setBusy(true, "Running…");
  progress(0);
  try {
    const m = await main.request({ type: "run", request: request(state), keep: true }, (phase, done, total) => {
      if (phase === "population") $("#status").textContent = "Building the synthetic population…";
      else {
        $("#status").textContent = `Simulating day ${done} of ${total}…`;
        progress(done / total);
      }
    });
    current = { results: m.results, label: label(), ms: m.ms };
    progress(1);
    setBusy(false, `Done: ${label()}, ${fmt(m.results.people_simulated)} synthetic people, ${(m.ms / 1000).toFixed(2)} s.`);
    $("#run-ms").textContent = m.ms.toFixed(0);
    showResults();
    renderSuggestions($("#suggestions"), m.results.suggestions, openCase);
    $("#case").innerHTML = "";
  } catch (err) {
    setBusy(false, `The run was refused: ${err.message}`);
  }
}

async function runEnsemble() {
  if (busy) return;
  const n = state.runs;
  const seeds = Array.from({ length: n }, (_, k) => state.seed + k);
  setBusy(true, `Running ${n} seeds on ${Math.min(poolSize(), n)} workers…`);
  progress(0);
  const started = performance.now();
  try {
    const all = await runMany(seeds.map((s) => request(state, s)), (k) => {
      $("#status").textContent = `${k} of ${n} runs done…`;
      progress(k / n);
    });
    const ms = performance.now() - started;
    current = { results: all[0], ensemble: all, label: `${label()} … ${state.seed + n - 1} (${n} seeds)`, ms };
    setBusy(false, `Done: ${n} seeds (${state.seed} to ${state.seed + n - 1}) in ${(ms / 1000).toFixed(2)} s; bands show 5% to 95% of the seeds.`);
    $("#ensemble-ms").textContent = ms.toFixed(0);
    showResults();
  } catch (err) {
    setBusy(false, `The ensemble was refused: ${err.message}`);
  }
}

// ---- results ----

function headline(results, ensemble) {
  const rows = [
    ["Arrests 1937-38", "arrests_1937_1938", recordSum("arrests", [1937, 1938]), "arrests-1937-38"],
    ["Executions 1937-38", "executions_1937_1938", recordSum("executions", [1937, 1938]), "executions-1937-38"],
    ["Deaths in custody 1937-41", "deaths_in_custody_1937_1941", null, "deaths-1937-41"],
  ];
  return rows
    .map(([name, key, rec, id]) => {
      let value = fmt(results.summary[key]);
      let band = "";
      if (ensemble) {
        const xs = ensemble.map((r) => r.summary[key]).sort((a, b) => a - b);
        const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
        value = fmt(mean);
        band = `<span class="band">5-95% of seeds: ${fmt(quantile(xs, 0.05))} to ${fmt(quantile(xs, 0.95))}</span>`;
      }
      return `<div class="figure"><dt>${name}${ensemble ? " (mean)" : ""}</dt><dd><span data-testid="${id}">${value}</span>${band}
        <span class="rec">${rec ? `record: ${fmt(rec)}` : "not calibrated"}</span></dd></div>`;
    })
    .join("");
}

function showResults() {
  const { results, ensemble } = current;
  $("#results").hidden = false;
  $("#stale").hidden = true;
  $("#results-label").textContent = current.label;
  $("#headline").innerHTML = headline(results, ensemble);
  const years = results.annual.labels.map(Number);
  const annualTables = ensemble?.map((r) => r.annual);
  const aYears = runA?.results.annual;
  for (const [id, metric, title] of [
    ["#chart-arrests", "arrests", "NKVD arrests by year"],
    ["#chart-executions", "executions", "Executions by year"],
    ["#chart-camps", "camp_population_jan1", "In camps and colonies on 1 January"],
    ["#chart-party", "party_members_jan1", "Party members and candidates on 1 January"],
  ]) {
    yearly($(id), {
      title,
      metric,
      years,
      model: ensemble ? bands(annualTables, metric).mean : column(results.annual, metric),
      band: ensemble ? bands(annualTables, metric) : null,
      a: aYears ? column(aYears, metric) : null,
      aLabel: runA ? `A: ${runA.label}` : null,
    });
  }
  const m = results.monthly;
  const mt = ensemble?.map((r) => r.monthly);
  const line = (name, lbl, colour) => ({ label: lbl, values: ensemble ? bands(mt, name).mean : column(m, name), colour });
  monthly($("#chart-monthly"), {
    title: "Arrests and executions by month",
    labels: m.labels,
    lines: [line("arrests", "arrests", COLOURS.model), line("executions", "executions", "#333")],
    bandsFor: ensemble ? [{ label: "arrests", ...bands(mt, "arrests") }] : [],
  });
  monthly($("#chart-causes"), {
    title: "Arrests by cause, by month",
    labels: m.labels,
    lines: CAUSES.map((c) => line(`arrests_${c}`, c)),
  });
  renderCompare();
}

// ---- compare ----

function keepA() {
  if (!current) return;
  runA = { results: current.results, label: current.label };
  $("#compare-status").textContent = `Run A kept: ${runA.label}. Now change something and run again: the charts show A dashed, and the table below the difference.`;
  showResults();
}

function renderCompare() {
  const el = $("#compare-table");
  if (!runA || !current) {
    el.innerHTML = "";
    return;
  }
  const a = runA.results.annual;
  const b = current.results.annual;
  const rows = a.labels.map((y, i) => {
    const cells = ["arrests", "executions"].flatMap((k) => {
      const va = column(a, k)[i];
      const vb = column(b, k)[i];
      return [fmt(va), fmt(vb), (vb - va >= 0 ? "+" : "") + fmt(vb - va)];
    });
    return `<tr><th scope="row">${y}</th>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;
  });
  const s = (r, k) => r.summary[k];
  const d = (k) => s(current.results, k) - s(runA.results, k);
  el.innerHTML = `<table><caption>A: ${runA.label}; B: ${current.label}${current.ensemble ? " (its first seed)" : ""}</caption>
    <thead><tr><th scope="col">Year</th><th scope="col">Arrests A</th><th scope="col">Arrests B</th><th scope="col">B − A</th>
    <th scope="col">Executions A</th><th scope="col">Executions B</th><th scope="col">B − A</th></tr></thead>
    <tbody>${rows.join("")}</tbody></table>
    <p data-testid="compare-diff">Arrests 1937-38: B − A = ${(d("arrests_1937_1938") >= 0 ? "+" : "") + fmt(d("arrests_1937_1938"))};
    executions 1937-38: B − A = ${(d("executions_1937_1938") >= 0 ? "+" : "") + fmt(d("executions_1937_1938"))}.</p>`;
}

// ---- cases ----

async function openCase(person) {
  try {
    const m = await main.request({ type: "case", person });
    renderCase($("#case"), m.caseFile, openCase);
  } catch (err) {
    $("#case").textContent = err.message;
  }
}

// ---- downloads ----

function save(name, text, type) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

async function download(what) {
  try {
    if (what === "toml") {
      const m = await main.request({ type: "toml", request: request(state) });
      save(`${state.scenario}-classroom.toml`, m.text, "application/toml");
    } else {
      if (!current) throw new Error("run the model first");
      const m = await main.request({ type: "csv", table: what });
      save(`${what}.csv`, m.text, "text/csv");
    }
  } catch (err) {
    $("#download-status").textContent = err.message;
  }
}

// ---- wiring ----

async function start() {
  $("#scale").innerHTML = SCALES.map((s) => `<option value="${s}">${s * 100}% (${fmt(s * 162e6)} people)</option>`).join("");
  const m = await main.request({ type: "meta" });
  meta = { scenarios: m.scenarios, controls: m.controls };
  renderScenario();
  renderControls();
  $("#scenario").onchange = (e) => {
    state.scenario = e.target.value;
    state.overrides = {};
    $("#scenario-explanation").textContent = scenarioInfo().explanation;
    syncUrl();
    markChanged();
  };
  $("#seed").onchange = (e) => {
    const v = Number(e.target.value);
    if (Number.isSafeInteger(v) && v >= 0) state.seed = v;
    syncUrl();
    markChanged();
  };
  $("#scale").onchange = (e) => {
    state.scale = Number(e.target.value);
    syncUrl();
    markChanged();
  };
  $("#runs").onchange = (e) => {
    const v = Number(e.target.value);
    if (Number.isInteger(v) && v >= 2 && v <= 50) state.runs = v;
    syncUrl();
  };
  $("#reset").onclick = () => {
    state.overrides = {};
    syncUrl();
    markChanged();
  };
  $("#run").onclick = runOne;
  $("#run-ensemble").onclick = runEnsemble;
  $("#keep-a").onclick = keepA;
  $("#clear-a").onclick = () => {
    runA = null;
    $("#compare-status").textContent = "No run kept.";
    if (current) showResults();
  };
  $("#open-case").onsubmit = (e) => {
    e.preventDefault();
    openCase(Number($("#person").value));
  };
  for (const b of document.querySelectorAll("[data-download]")) b.onclick = () => download(b.dataset.download);
  $("#copy-link").onclick = async () => {
    const url = location.origin + location.pathname + toQuery(state, "1");
    try {
      await navigator.clipboard.writeText(url);
      $("#link-status").textContent = "Link copied.";
    } catch {
      $("#link-status").textContent = url;
    }
  };
  $("#status").textContent = "Ready. Choose a scenario and press Run.";
  document.body.dataset.ready = "1";
  if (state.autorun) (state.ensemble ? runEnsemble : runOne)();
}

start().catch((err) => {
  $("#status").textContent = `The model could not be loaded: ${err.message}`;
});
