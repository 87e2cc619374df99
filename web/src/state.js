// The page's state and the URL: everything needed to repeat a run is in the query string, so a
// teacher can share one configured run. Overrides are dotted scenario keys:
// ?scenario=great-purge&seed=1937&scale=0.01&quota.enabled=false&run=1

export const DEFAULTS = { scenario: "great-purge", seed: 1937, scale: 0.01, runs: 10 };
export const SCALES = [0.001, 0.003, 0.01, 0.03];

/** The state in a URL's query (unknown or malformed values fall back to the defaults). */
export function fromQuery(search) {
  const q = new URLSearchParams(search);
  const s = { ...DEFAULTS, overrides: {}, autorun: q.get("run") === "1" || q.get("run") === "ensemble", ensemble: q.get("run") === "ensemble" };
  if (q.get("scenario")) s.scenario = q.get("scenario");
  const seed = Number(q.get("seed"));
  if (q.has("seed") && Number.isSafeInteger(seed) && seed >= 0) s.seed = seed;
  const scale = Number(q.get("scale"));
  if (SCALES.includes(scale)) s.scale = scale;
  const runs = Number(q.get("runs"));
  if (Number.isInteger(runs) && runs >= 2 && runs <= 50) s.runs = runs;
  for (const [k, v] of q) {
    if (!k.includes(".")) continue;
    if (v === "true" || v === "false") s.overrides[k] = v === "true";
    else if (v !== "" && Number.isFinite(Number(v))) s.overrides[k] = Number(v);
  }
  return s;
}

/** The query string of a state (defaults left out, so links stay short). */
export function toQuery(s, run) {
  const q = new URLSearchParams();
  if (s.scenario !== DEFAULTS.scenario) q.set("scenario", s.scenario);
  if (s.seed !== DEFAULTS.seed) q.set("seed", String(s.seed));
  if (s.scale !== DEFAULTS.scale) q.set("scale", String(s.scale));
  if (s.runs !== DEFAULTS.runs) q.set("runs", String(s.runs));
  for (const k of Object.keys(s.overrides).sort()) q.set(k, String(s.overrides[k]));
  if (run) q.set("run", run);
  const text = q.toString();
  return text ? `?${text}` : "";
}

/** The run request the model takes. */
export function request(s, seed = s.seed) {
  return { scenario: s.scenario, seed, scale: s.scale, overrides: s.overrides };
}
