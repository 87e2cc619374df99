// The page's side of the workers: one worker keeps the last run (cases, CSV), a pool of workers
// runs the seeds of an ensemble in parallel.

/** A worker with promise-returning requests. */
export class ModelWorker {
  constructor() {
    this.worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    this.pending = new Map();
    this.next = 1;
    this.worker.onmessage = (e) => {
      const m = e.data;
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === "progress") {
        p.onProgress?.(m.phase, m.done, m.total);
      } else {
        this.pending.delete(m.id);
        if (m.type === "error") p.reject(new Error(m.message));
        else p.resolve(m);
      }
    };
    this.worker.onerror = (e) => {
      for (const p of this.pending.values()) p.reject(new Error(e.message || "the worker failed"));
      this.pending.clear();
    };
  }

  request(msg, onProgress) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ ...msg, id });
    });
  }
}

let pool = [];

/** How many workers an ensemble uses: the machine's cores, at most 4 (memory: each holds a run). */
export function poolSize() {
  return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
}

/**
 * Runs `requests` over the pool; `onDone(k)` after each. Resolves with the results in request
 * order, so the bands do not depend on which worker finished first.
 */
export async function runMany(requests, onDone) {
  while (pool.length < Math.min(poolSize(), requests.length)) pool.push(new ModelWorker());
  const out = new Array(requests.length);
  let next = 0;
  let done = 0;
  await Promise.all(
    pool.slice(0, Math.min(pool.length, requests.length)).map(async (w) => {
      while (next < requests.length) {
        const i = next++;
        const m = await w.request({ type: "run", request: requests[i], keep: false });
        out[i] = m.results;
        onDone?.(++done);
      }
    }),
  );
  return out;
}
