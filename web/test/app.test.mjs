// The classroom app in a real browser (Debian's Chromium through playwright-core), served by
// `chistka serve`, checked against the native binary.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";

import { RESULTS, browser, number, read, runNative, serve } from "./helpers.mjs";

const BUDGET_GZIP = 1.5 * 1024 * 1024;
let server;
let chrome;
let context;
let page;
const timings = {};
const downloaded = new Map(); // url -> gzipped bytes

before(async () => {
  mkdirSync(RESULTS, { recursive: true });
  server = await serve();
  chrome = await browser();
  context = await chrome.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  // Every response of the page and its workers, gzipped as a server would send them.
  context.on("response", async (r) => {
    try {
      downloaded.set(r.url(), gzipSync(await r.body(), { level: 9 }).length);
    } catch {
      // redirects and aborted requests have no body
    }
  });
  page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
});

after(async () => {
  writeFileSync(join(RESULTS, "timings.json"), JSON.stringify(timings, null, 2) + "\n");
  console.log("timings:", JSON.stringify(timings));
  await chrome?.close();
  server?.proc.kill();
});

// A full-page screenshot of each screen, and of one part of it (`region`) for docs/classroom.md.
async function shot(name, region) {
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });
  if (region) await page.locator(region).screenshot({ path: join(RESULTS, `${name}-part.png`) });
}

async function runAndWait(button = "#run", field = "#run-ms") {
  const before = await page.textContent(field);
  await page.click(button);
  await page.waitForFunction(
    ([f, b]) => document.querySelector(f).textContent !== b,
    [field, before],
    { timeout: 120_000 },
  );
  return Number(await page.textContent(field));
}

test("the page loads, within the size budget, every control labelled", async () => {
  await page.goto(server.url);
  await page.waitForSelector("body[data-ready='1']", { timeout: 60_000 });
  assert.match(await page.textContent(".banner"), /people are synthetic/);
  const options = await page.$$eval("#scenario option", (os) => os.map((o) => o.value));
  assert.deepEqual(options, ["great-purge", "no-kirov", "no-torture", "no-mass-operations", "no-denunciation", "early-halt", "staff-bound", "textbook"]);
  const unlabelled = await page.$$eval("input, select", (els) =>
    els.filter((e) => !e.labels?.length && !e.getAttribute("aria-label")).map((e) => e.id),
  );
  assert.deepEqual(unlabelled, []);
  const sources = await page.$$eval("#sliders .source", (els) => els.map((e) => e.textContent));
  assert.ok(sources.length >= 8 && sources.every((s) => /Assumption|V2|1S|MEM|DER/.test(s)), sources.join("\n"));
  await page.waitForTimeout(200);
  const total = [...downloaded.values()].reduce((s, n) => s + n, 0);
  timings.download_gzip_bytes = total;
  timings.files = Object.fromEntries([...downloaded].map(([u, n]) => [new URL(u).pathname, n]));
  assert.ok([...downloaded.keys()].some((u) => u.endsWith(".wasm")), "the model was loaded");
  assert.ok(total <= BUDGET_GZIP, `${total} bytes gzipped, budget ${BUDGET_GZIP}`);
  await page.click("#sliders-summary");
  await shot("controls", "section[aria-labelledby=h-mech]");
});

test("the default run shows the native run's arrests 1937-38, and its CSV is the CLI's", async () => {
  // From the keyboard: focus the Run button and press Enter.
  await page.focus("#run");
  const before = await page.textContent("#run-ms");
  await page.keyboard.press("Enter");
  await page.waitForFunction((b) => document.querySelector("#run-ms").textContent !== b, before, { timeout: 120_000 });
  timings.default_run_ms = Number(await page.textContent("#run-ms"));
  const native = runNative(["--seed", "1937", "--scale", "0.01"]);
  const summary = JSON.parse(read(native, "summary.json"));
  assert.equal(number(await page.textContent("[data-testid=arrests-1937-38]")), summary.arrests_1937_1938);
  assert.equal(number(await page.textContent("[data-testid=executions-1937-38]")), summary.executions_1937_1938);
  for (const table of ["annual", "monthly"]) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(`[data-download=${table}]`)]);
    assert.equal(download.suggestedFilename(), `${table}.csv`);
    assert.equal(readFileSync(await download.path(), "utf8"), read(native, `${table}.csv`), `${table}.csv`);
  }
  await shot("run-default", "#results .charts >> nth=0");
});

test("switching quotas off: arrests fall, and the saved scenario reproduces the page", async () => {
  const withQuotas = number(await page.textContent("[data-testid=arrests-1937-38]"));
  await page.click("#keep-a");
  await page.check("[data-key='quota.enabled']");
  await page.uncheck("[data-key='quota.enabled']");
  assert.match(page.url(), /quota\.enabled=false/);
  await runAndWait();
  const without = number(await page.textContent("[data-testid=arrests-1937-38]"));
  assert.ok(without < withQuotas, `${without} < ${withQuotas}`);
  assert.match(await page.textContent("[data-testid=compare-diff]"), /Arrests 1937-38: B − A = -/);
  const [toml] = await Promise.all([page.waitForEvent("download"), page.click("[data-download=toml]")]);
  const [csv] = await Promise.all([page.waitForEvent("download"), page.click("[data-download=annual]")]);
  const native = runNative([await toml.path(), "--seed", "1937", "--scale", "0.01"]);
  assert.equal(readFileSync(await csv.path(), "utf8"), read(native, "annual.csv"));
  await shot("compare-quotas-off", "#compare-table");
});

test("an ensemble of 10 seeds draws bands", async () => {
  await page.fill("#runs", "10");
  await page.dispatchEvent("#runs", "change");
  timings.ensemble_10_ms = await runAndWait("#run-ensemble", "#ensemble-ms");
  assert.match(await page.textContent("#status"), /10 seeds/);
  assert.match(await page.textContent("#headline"), /5-95% of seeds/);
  await shot("ensemble", "#chart-arrests");
});

test("a case opens, says the person is synthetic, and links to the people named", async () => {
  await runAndWait();
  // A case of an arrest by naming, so its file has a chain to follow.
  await page.click("#suggestions button.person:has-text('(named)')");
  const file = page.locator("[data-testid=case-file]");
  await file.waitFor();
  assert.match(await file.textContent(), /synthetic/i);
  assert.match(await file.textContent(), /cause named/);
  assert.ok((await page.locator("#case .chain li").count()) >= 2, "a chain of at least two");
  await shot("case", "#case");
  const first = await page.textContent("#case-title");
  const linked = page.locator("#case button.person").first();
  if ((await linked.count()) > 0) {
    await linked.click();
    await page.waitForFunction((t) => document.querySelector("#case-title")?.textContent !== t, first);
  }
});

test("the state is in the URL: a shared link opens the same configured run", async () => {
  await page.goto(`${server.url}?scenario=no-torture&quota.enabled=false&seed=3&run=1`);
  await page.waitForFunction(() => document.querySelector("#run-ms").textContent !== "–", null, { timeout: 120_000 });
  assert.equal(await page.inputValue("#scenario"), "no-torture");
  assert.equal(await page.isChecked("[data-key='quota.enabled']"), false);
  assert.equal(await page.inputValue("#seed"), "3");
});

test("the teachers' page and a phone-sized screen", async () => {
  await page.goto(`${server.url}teachers.html`);
  const exercises = await page.$$eval(".exercise h2", (hs) => hs.map((h) => h.textContent));
  assert.equal(exercises.length, 3);
  assert.ok(exercises.some((t) => /no quotas/.test(t)));
  await shot("teachers", ".exercise >> nth=0");
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(`${server.url}?run=1`);
  await phone.waitForFunction(() => document.querySelector("#run-ms").textContent !== "–", null, { timeout: 120_000 });
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await phone.screenshot({ path: join(RESULTS, "phone.png"), fullPage: true });
  await phone.close();
});
