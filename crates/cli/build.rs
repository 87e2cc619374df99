//! Records the git commit of the build for `run.json`, when built inside a git checkout, and
//! embeds the classroom app (`web/dist`, built by `npm run build` in `web/`) for `chistka serve`
//! when it exists.
use std::path::Path;

fn main() {
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string());
    if let Some(c) = commit {
        println!("cargo:rustc-env=CHISTKA_GIT_COMMIT={c}");
    }
    println!("cargo:rerun-if-changed=../../.git/HEAD");
    println!("cargo:rerun-if-changed=../../.git/refs/heads");
    embed_web_app();
}

/// Writes `$OUT_DIR/web_app.rs`: `WEB_APP`, the (name, bytes) of every file of `web/dist`, or
/// an empty list when the app has not been built.
fn embed_web_app() {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/dist");
    // A missing path would rerun this script on every build: until the app is built, watch
    // web/ (where dist/ will appear) instead.
    let watched = if dist.is_dir() {
        dist.clone()
    } else {
        dist.join("..")
    };
    println!("cargo:rerun-if-changed={}", watched.display());
    let mut files: Vec<_> = std::fs::read_dir(&dist)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut code = String::from(
        "/// The classroom app's files, embedded from web/dist.\npub static WEB_APP: &[(&str, &[u8])] = &[\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let path = std::fs::canonicalize(f).unwrap_or_else(|_| f.clone());
        code += &format!(
            "    ({name:?}, include_bytes!({:?})),\n",
            path.display().to_string()
        );
    }
    code += "];\n";
    let out = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("web_app.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {e}", out.display());
    }
}
