//! The documentation against the program: the counts docs/cases.md quotes are those a run
//! produces, and nothing in the repository links outside it.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use chistka_model::sim::{Quiet, RunOptions, run};
use chistka_output::{RunInfo, fingerprint, write_cases, write_graphml};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The run docs/cases.md describes, as `chistka run` would make it.
const COMMAND: &str = "chistka run --scale 0.001 --seed 1937 --cases --graph";

/// The counts block docs/cases.md must hold, and the archive's distinct codes by column.
fn measured() -> (String, Vec<(String, String)>) {
    let scenario = chistka_scenario::embedded("great-purge").unwrap();
    let canonical = scenario.canonical.clone();
    let world = run(
        scenario.params,
        RunOptions {
            scale: 0.001,
            seed: 1937,
        },
        &mut Quiet,
    )
    .unwrap();
    let info = RunInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        git_commit: None,
        scenario: "great-purge".into(),
        scenario_hash: fingerprint(&canonical),
        seed: 1937,
        scale: 0.001,
        threads: 1,
        wall_seconds: 0.0,
        people_simulated: world.people.len(),
        mass_weight: world.mass_weight,
        note: String::new(),
    };
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases.sqlite");
    let graph = dir.path().join("accusations.graphml");
    let counts = write_cases(&cases, &world, &info).unwrap();
    write_graphml(&graph, &world).unwrap();
    let conn = rusqlite::Connection::open(&cases).unwrap();
    let mut codes = Vec::new();
    for (table, column) in [
        ("arrests", "cause"),
        ("arrests", "source_kind"),
        ("sentences", "verdict"),
        ("sentences", "channel"),
        ("people", "final_status"),
        ("people", "category"),
    ] {
        let mut q = conn
            .prepare(&format!("SELECT DISTINCT {column} FROM {table} ORDER BY 1"))
            .unwrap();
        let values: Vec<String> = q
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        codes.extend(values.into_iter().map(|v| (format!("{table}.{column}"), v)));
    }
    let mb = |p: &Path| std::fs::metadata(p).unwrap().len() as f64 / 1e6;
    let thousands = |n: usize| {
        let digits = n.to_string();
        let groups: Vec<&str> = digits
            .as_bytes()
            .rchunks(3)
            .rev()
            .map(|g| std::str::from_utf8(g).unwrap())
            .collect();
        groups.join(",")
    };
    let block = format!(
        "<!-- counts -->\n\
         `{COMMAND}` ({} people simulated; checked by `crates/output/tests/docs.rs`, which \
         `CHISTKA_BLESS=1` rewrites when the model changes):\n\n\
         | table or file | rows or size |\n|---|---:|\n\
         | `people` | {} |\n| `arrests` | {} |\n| `accusations` | {} |\n| `sentences` | {} |\n\
         | `cases.sqlite` | {:.1} MB |\n| `accusations.graphml` | {:.1} MB |\n\
         <!-- /counts -->",
        thousands(world.people.len()),
        thousands(counts.people),
        thousands(counts.arrests),
        thousands(counts.accusations),
        thousands(counts.sentences),
        mb(&cases),
        mb(&graph),
    );
    (block, codes)
}

#[test]
fn the_counts_in_docs_cases_are_what_a_run_produces() {
    let path = root().join("docs/cases.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text
        .find("<!-- counts -->")
        .expect("a counts block in docs/cases.md");
    let end = text
        .find("<!-- /counts -->")
        .expect("the end of the counts block")
        + 16;
    let (block, codes) = measured();
    let undocumented: Vec<String> = codes
        .iter()
        .filter(|(_, v)| !text.contains(&format!("`{v}`")))
        .map(|(c, v)| format!("{c} = {v}"))
        .collect();
    assert!(
        undocumented.is_empty(),
        "codes the archive holds that docs/cases.md does not explain: {undocumented:?}"
    );
    if std::env::var_os("CHISTKA_BLESS").is_some() {
        let new = format!("{}{block}{}", &text[..start], &text[end..]);
        std::fs::write(&path, new).unwrap();
        return;
    }
    assert_eq!(
        &text[start..end],
        block,
        "docs/cases.md quotes counts this program no longer produces; rerun with CHISTKA_BLESS=1"
    );
}

#[test]
fn nothing_links_outside_the_repository() {
    let root = root();
    let mut files = vec![root.join("README.md")];
    for dir in ["docs", "data", "scenarios", "benches"] {
        collect(&root.join(dir), &mut files);
    }
    let mut found = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            if line.contains("../shared") || line.contains("/work/shared") {
                found.push(format!("{}:{}: {line}", f.display(), i + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "links a user's clone does not have:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_readme_lists_exactly_the_mechanisms_that_have_a_switch() {
    let text = std::fs::read_to_string(root().join("scenarios/great-purge.toml")).unwrap();
    let scenario: toml::Table = text.parse().unwrap();
    let mut switched: Vec<String> = scenario
        .iter()
        .filter(|(k, v)| {
            *k != "timeline" && v.as_table().is_some_and(|t| t.contains_key("enabled"))
        })
        .map(|(k, _)| k.clone())
        .collect();
    switched.sort();
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let flat = readme.replace('\n', " ");
    let start = flat
        .find("sections of the scenario have a switch")
        .expect("the sentence on switches");
    let end = start
        + flat[start..]
            .find("and so does each event")
            .expect("its end");
    let mut listed: Vec<String> = flat[start..end]
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| !s.contains(' ') && !s.contains('='))
        .map(String::from)
        .collect();
    listed.sort();
    assert_eq!(
        listed, switched,
        "README.md's list of switchable mechanisms"
    );
    let words = [
        "Thirteen",
        "Fourteen",
        "Fifteen",
        "Sixteen",
        "Seventeen",
        "Eighteen",
        "Nineteen",
        "Twenty",
    ];
    let said = flat[..start].rsplit(". ").next().unwrap_or("").trim();
    assert_eq!(
        said,
        words[switched.len() - 13],
        "README.md's count of switchable mechanisms"
    );
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else {
            out.push(p);
        }
    }
}
