// Shared by the tests: the native chistka binary, `chistka serve` on a loopback port, and
// Debian's Chromium driven by playwright-core.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const WEB = join(dirname(fileURLToPath(import.meta.url)), "..");
export const ROOT = join(WEB, "..");
export const RESULTS = join(WEB, "test-results");

/** The native binary: $CHISTKA_BIN, else the release build of this checkout. */
export function chistka() {
  const bin = process.env.CHISTKA_BIN ?? join(ROOT, "target/release/chistka");
  if (!existsSync(bin)) {
    throw new Error(`${bin} not found: build it after the app (npm run build; cargo build --release -p chistka)`);
  }
  return bin;
}

/** Runs `chistka run ARGS --out DIR` and returns DIR. */
export function runNative(args) {
  const out = mkdtempSync(join(tmpdir(), "chistka-native-"));
  execFileSync(chistka(), ["run", ...args, "--out", out], { stdio: ["ignore", "ignore", "inherit"] });
  return out;
}

export const read = (dir, name) => readFileSync(join(dir, name), "utf8");

/** Starts `chistka serve` on an ephemeral loopback port; resolves {url, proc}. */
export function serve() {
  return new Promise((resolve, reject) => {
    const proc = spawn(chistka(), ["serve", "--bind", "127.0.0.1:0"], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    proc.stderr.on("data", (d) => {
      err += d;
      const m = err.match(/http:\/\/(127\.0\.0\.1:\d+)\//);
      if (m) resolve({ url: `http://${m[1]}/`, proc });
    });
    proc.on("exit", (code) => reject(new Error(`chistka serve exited (${code}): ${err}`)));
  });
}

/** Debian's Chromium, headless, with everything that would reach the network switched off. */
export async function browser() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

/** A number as the page prints it ("1,573,552") as a number. */
export const number = (text) => Number(String(text).replaceAll(",", "").trim());
