//! The parameter reference: every declared parameter with its default value in the default
//! scenario and the source the scenario file gives for it (the comment beside or above the
//! value). It is what `docs/parameters.md` is generated from, and what an interface can show
//! beside a slider.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::spec::{ParamSpec, SPECS, matches};

/// One parameter of the reference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The declaration.
    #[serde(flatten)]
    pub spec: ParamSpec,
    /// Its value(s) in the default scenario, as `key = value` for each matching key (one, or
    /// one per year, category, region, event or operation).
    pub defaults: Vec<(String, String)>,
    /// What the default scenario cites for it (its comment), or None where it says nothing.
    pub source: Option<String>,
}

/// Every declared parameter with its defaults and source in the embedded default scenario.
///
/// # Panics
/// Never for the shipped data: the embedded default scenario is checked by the tests.
pub fn reference() -> Vec<Entry> {
    let scenario = crate::embedded(crate::DEFAULT).expect("the default scenario validates");
    let text = crate::embedded_text(crate::DEFAULT).expect("the default scenario is embedded");
    let comments = comments(text);
    let leaves = scenario.dotted();
    SPECS
        .iter()
        .map(|spec| {
            let defaults: Vec<(String, String)> = leaves
                .iter()
                .filter(|(k, _)| matches(spec.key, k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let mut sources: Vec<&String> = defaults
                .iter()
                .filter_map(|(k, _)| comment_of(&comments, k))
                .collect();
            sources.dedup();
            let source = (!sources.is_empty()).then(|| {
                sources
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(" / ")
            });
            Entry {
                spec: *spec,
                defaults,
                source,
            }
        })
        .collect()
}

/// The comment for a leaf: its own line's, else its table's (a year of a year table, a
/// category of a category table, a region of the limits).
fn comment_of<'a>(comments: &'a BTreeMap<String, String>, key: &str) -> Option<&'a String> {
    comments.get(key).or_else(|| {
        key.rsplit_once('.')
            .and_then(|(parent, _)| comments.get(parent))
    })
}

/// Comments of a scenario text by dotted key: the comment after the value on its line, else the
/// block of comment lines right above it.
pub fn comments(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut section = String::new();
    let mut arrays: BTreeMap<String, usize> = BTreeMap::new();
    let mut block: Vec<&str> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if let Some(c) = t.strip_prefix('#') {
            block.push(c.trim());
            continue;
        }
        if let Some(name) = t
            .strip_prefix("[[")
            .and_then(|r| r.split_once("]]"))
            .map(|x| x.0)
        {
            let n = arrays.entry(name.to_string()).or_insert(0);
            section = format!("{name}.{n}");
            *n += 1;
            block.clear();
            continue;
        }
        if let Some(name) = t
            .strip_prefix('[')
            .and_then(|r| r.split_once(']'))
            .map(|x| x.0)
        {
            section = name.to_string();
            block.clear();
            continue;
        }
        let Some((key, rest)) = t.split_once('=') else {
            block.clear();
            continue;
        };
        let key = key.trim();
        let full = if section.is_empty() {
            key.to_string()
        } else {
            format!("{section}.{key}")
        };
        let trailing = trailing_comment(rest);
        let comment = match trailing {
            Some(c) => Some(c.to_string()),
            None if !block.is_empty() => Some(block.join(" ")),
            None => None,
        };
        if let Some(c) = comment {
            out.insert(full, c);
        }
        block.clear();
    }
    out
}

/// The comment after a value, outside any quoted string.
fn trailing_comment(rest: &str) -> Option<&str> {
    let mut quoted = false;
    for (i, ch) in rest.char_indices() {
        match ch {
            '"' => quoted = !quoted,
            '#' if !quoted => return Some(rest[i + 1..].trim()).filter(|c| !c.is_empty()),
            _ => {}
        }
    }
    None
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

fn range(r: Option<(f64, f64)>) -> String {
    r.map_or_else(String::new, |(lo, hi)| format!("{lo} to {hi}"))
}

/// `docs/parameters.md`, generated from the table and the default scenario.
pub fn markdown() -> String {
    let mut md = String::from(
        "# Parameters\n\n\
         Every parameter of a scenario: its dotted key (as in a scenario file and in \
         `chistka sweep --param KEY=...`), what it means, its unit, the range the validator accepts, \
         the narrower range calibration searches where there is one, its value in the default \
         scenario `great-purge` and the source the scenario file gives for it (`Assumption` where \
         the record does not fix it). Source keys (V2, 1S, MEM, DER) and section numbers (s.N) \
         are explained in `data/README.md`.\n\n\
         A `*` in a key stands for one segment: a year of a year table (the value holds from that \
         year until the next entry), a category of a category table (`default` for the categories \
         not listed), a region code, the id of a timeline event or the index of a national \
         operation.\n\n\
         This file is generated from the declarations in `crates/scenario/src/spec.rs` and from \
         `scenarios/great-purge.toml`; a test checks that it is current \
         (`CHISTKA_BLESS=1 cargo test -p chistka-scenario` rewrites it).\n",
    );
    let entries = reference();
    let mut section = "";
    for e in &entries {
        let first = e.spec.key.split('.').next().unwrap_or("");
        let head = if e.spec.key.contains('.') {
            first
        } else {
            "run"
        };
        if head != section {
            section = head;
            md.push_str(&format!(
                "\n## `{head}`\n\n| key | meaning | unit | range | calibration | default | source |\n|---|---|---|---|---|---|---|\n"
            ));
        }
        let defaults = if e.spec.key.starts_with("timeline.")
            || e.spec.key.starts_with("national.operations.")
        {
            "per event, below".to_string()
        } else if e.spec.key.ends_with(".*") {
            e.defaults
                .iter()
                .map(|(k, v)| format!("{} = {v}", k.rsplit('.').next().unwrap_or(k)))
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            e.defaults.first().map(|d| d.1.clone()).unwrap_or_default()
        };
        let source = if defaults == "per event, below" {
            String::new()
        } else {
            e.source.clone().unwrap_or_default()
        };
        md.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} |\n",
            e.spec.key,
            cell(e.spec.meaning),
            cell(e.spec.unit),
            range(e.spec.range),
            range(e.spec.calibration),
            cell(&defaults),
            cell(&source)
        ));
    }
    md.push_str(&events(&entries));
    md
}

/// The timeline events and national operations of the default scenario, one row each.
fn events(entries: &[Entry]) -> String {
    let text = crate::embedded_text(crate::DEFAULT).expect("the default scenario is embedded");
    let comments = comments(text);
    let mut rows: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in entries {
        for (k, v) in &e.defaults {
            let Some(id) = k
                .strip_prefix("timeline.")
                .or_else(|| k.strip_prefix("national.operations."))
                .and_then(|r| r.split_once('.'))
            else {
                continue;
            };
            let prefix = if k.starts_with("timeline.") {
                "timeline"
            } else {
                "national.operations"
            };
            let field = match comments.get(k) {
                Some(c) => format!("{} = {v} ({c})", id.1),
                None => format!("{} = {v}", id.1),
            };
            rows.entry(format!("{prefix}.{}", id.0))
                .or_default()
                .push(field);
        }
    }
    let mut md = String::from(
        "\n## Timeline events and national operations of the default scenario\n\n\
         Each with its fields, and in brackets the source the scenario gives.\n\n| event | fields |\n|---|---|\n",
    );
    for (id, fields) in rows {
        md.push_str(&format!("| `{id}` | {} |\n", cell(&fields.join("; "))));
    }
    md
}
