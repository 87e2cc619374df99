// Builds the classroom app into dist/: the model compiled to WebAssembly (cargo, wasm-bindgen,
// wasm-opt from npm's binaryen), the page's scripts bundled by esbuild, and the static pages.
// Run from web/: `npm ci && npm run build`. Needs the wasm32-unknown-unknown target and
// wasm-bindgen-cli at the version crates/wasm pins (see docs/classroom.md).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const web = dirname(fileURLToPath(import.meta.url));
const root = join(web, "..");
const dist = join(web, "dist");
const pkg = join(web, "pkg");
const run = (cmd, args, env = {}) =>
  execFileSync(cmd, args, { stdio: "inherit", cwd: root, env: { ...process.env, ...env } });

const wantVersion = readFileSync(join(root, "crates/wasm/Cargo.toml"), "utf8").match(
  /wasm-bindgen = "=([0-9.]+)"/,
)[1];
let haveVersion = "";
try {
  haveVersion = execFileSync("wasm-bindgen", ["--version"], { encoding: "utf8" }).trim().split(" ")[1];
} catch {
  haveVersion = "none";
}
if (haveVersion !== wantVersion) {
  console.error(
    `error: wasm-bindgen ${wantVersion} is needed (crates/wasm pins it), found ${haveVersion}.\n` +
      `Install it with: cargo install wasm-bindgen-cli --version ${wantVersion}`,
  );
  process.exit(1);
}

// Debug line tables only make the module larger; the release profile keeps them for native
// profiling.
run("cargo", ["build", "--release", "-p", "chistka-wasm", "--target", "wasm32-unknown-unknown"], {
  CARGO_PROFILE_RELEASE_DEBUG: "false",
});
rmSync(pkg, { recursive: true, force: true });
run("wasm-bindgen", [
  "--target", "web", "--no-typescript", "--out-dir", pkg,
  join(root, "target/wasm32-unknown-unknown/release/chistka_wasm.wasm"),
]);

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
run(join(web, "node_modules/.bin/wasm-opt"), [
  "-O3", "--strip-debug", "--strip-producers",
  join(pkg, "chistka_wasm_bg.wasm"), "-o", join(dist, "chistka_wasm_bg.wasm"),
]);

await esbuild.build({
  entryPoints: { main: join(web, "src/main.js"), worker: join(web, "src/worker.js") },
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2022",
  outdir: dist,
  loader: { ".csv": "text" },
  legalComments: "linked",
  logLevel: "warning",
});
for (const f of ["index.html", "teachers.html", "style.css", "favicon.svg"]) {
  copyFileSync(join(web, "src", f), join(dist, f));
}
copyFileSync(join(web, "node_modules/uplot/dist/uPlot.min.css"), join(dist, "uPlot.min.css"));
writeFileSync(join(dist, "VERSION"), readFileSync(join(root, "Cargo.toml"), "utf8").match(/^version = "(.*)"/m)[1] + "\n");
console.log(`built ${dist}`);
