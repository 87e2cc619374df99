// Load test of `chistka serve` on loopback: N concurrent clients (default 200), each fetching
// the app's files one after another on its own keep-alive connection, for D seconds (default
// 30). Reports requests, bytes, errors, latency percentiles and the server's memory (VmRSS,
// VmHWM from /proc), sampled every 500 ms.
//
//   node benches/serve-load/load.mjs [--clients 200] [--seconds 30] [--bin target/release/chistka]
//
// Needs a chistka built after `npm run build` in web/ (the app embedded). Loopback only.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const CLIENTS = Number(arg("clients", 200));
const SECONDS = Number(arg("seconds", 30));
const BIN = arg("bin", "target/release/chistka");
const FILES = ["/", "/main.js", "/worker.js", "/style.css", "/uPlot.min.css", "/chistka_wasm_bg.wasm", "/favicon.svg", "/teachers.html"];

const server = spawn(BIN, ["serve", "--bind", "127.0.0.1:0"], { stdio: ["ignore", "ignore", "pipe"] });
const port = await new Promise((resolve, reject) => {
  let err = "";
  server.stderr.on("data", (d) => {
    err += d;
    const m = err.match(/127\.0\.0\.1:(\d+)/);
    if (m) resolve(Number(m[1]));
  });
  server.on("exit", (c) => reject(new Error(`chistka serve exited ${c}: ${err}`)));
});

const memory = () => {
  const s = readFileSync(`/proc/${server.pid}/status`, "utf8");
  const kb = (k) => Number(s.match(new RegExp(`${k}:\\s+(\\d+)`))[1]);
  return { rss: kb("VmRSS"), hwm: kb("VmHWM"), threads: kb("Threads") };
};
const idle = memory();
const samples = [];
const sampler = setInterval(() => samples.push(memory()), 500);

function get(agent, path) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.get({ host: "127.0.0.1", port, path, agent }, (res) => {
      let bytes = 0;
      res.on("data", (c) => (bytes += c.length));
      res.on("end", () => resolve({ ok: res.statusCode === 200, bytes, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
      res.on("error", (e) => resolve({ ok: false, error: e.code ?? e.message }));
    });
    req.on("error", (e) => resolve({ ok: false, error: e.code ?? e.message }));
  });
}

const deadline = Date.now() + SECONDS * 1000;
const latencies = [];
let requests = 0;
let bytes = 0;
const errors = {};
await Promise.all(
  Array.from({ length: CLIENTS }, async (_, c) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = c; Date.now() < deadline; i++) {
      const r = await get(agent, FILES[i % FILES.length]);
      requests++;
      if (r.ok) {
        bytes += r.bytes;
        latencies.push(r.ms);
      } else {
        errors[r.error ?? "status"] = (errors[r.error ?? "status"] ?? 0) + 1;
      }
    }
    agent.destroy();
  }),
);
clearInterval(sampler);
const end = memory();
server.kill();
latencies.sort((a, b) => a - b);
const pct = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]?.toFixed(1);
console.log(
  JSON.stringify(
    {
      clients: CLIENTS,
      seconds: SECONDS,
      requests,
      requests_per_second: Math.round(requests / SECONDS),
      megabytes: Math.round(bytes / 1e6),
      errors,
      latency_ms: { p50: pct(0.5), p90: pct(0.9), p99: pct(0.99), max: latencies.at(-1)?.toFixed(1) },
      server_memory_kb: { idle_rss: idle.rss, max_rss: Math.max(...samples.map((s) => s.rss)), end_rss: end.rss, peak_hwm: end.hwm, threads: end.threads },
    },
    null,
    2,
  ),
);
