//! `extends`: a scenario is a stack of layers, the base first; keys of later layers replace
//! those of earlier ones, tables merge key by key.

use std::path::PathBuf;

use crate::error::{Problem, ScenarioError};
use crate::locate::line_col;

/// One file of the stack: its label, text, and parsed table.
#[derive(Debug, Clone)]
pub struct Layer {
    /// File name or "NAME (embedded)".
    pub label: String,
    /// The TOML text.
    pub text: String,
    /// The parsed table.
    pub table: toml::Table,
}

/// Parses `text` and everything it extends, base first.
pub fn layers(
    label: &str,
    text: &str,
    dir: Option<PathBuf>,
    depth: usize,
) -> Result<Vec<Layer>, ScenarioError> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let (line, column) = e.span().map(|s| line_col(text, s.start)).unzip();
        ScenarioError::one(Problem {
            file: label.into(),
            line,
            column,
            key: None,
            message: format!("not valid TOML: {}", e.message()),
        })
    })?;
    let mut out = Vec::new();
    if let Some(parent) = table.get("extends") {
        let problem = |message: String| {
            let mut p = crate::locate::problem_in(label, text, &["extends".to_string()], message);
            p.key = Some("extends".into());
            ScenarioError::one(p)
        };
        let Some(name) = parent.as_str() else {
            return Err(problem(
                "expected the name of a scenario or a file path, as a string".into(),
            ));
        };
        if depth >= 8 {
            return Err(problem(
                "scenarios extend each other more than 8 deep (a cycle?)".into(),
            ));
        }
        if let Some(base) = crate::embedded_text(name) {
            out = layers(&format!("{name} (embedded)"), base, None, depth + 1)?;
        } else {
            let path = dir.clone().unwrap_or_default().join(name);
            let base = std::fs::read_to_string(&path).map_err(|e| {
                let names: Vec<_> = crate::EMBEDDED.iter().map(|(n, _)| *n).collect();
                problem(format!(
                    "cannot read `{}` ({e}); expected a file path or one of: {}",
                    path.display(),
                    names.join(", ")
                ))
            })?;
            out = layers(
                &path.display().to_string(),
                &base,
                path.parent().map(PathBuf::from),
                depth + 1,
            )?;
        }
    }
    out.push(Layer {
        label: label.into(),
        text: text.into(),
        table,
    });
    Ok(out)
}

/// Merges the layers into one table.
pub fn flatten(layers: &[Layer]) -> toml::Table {
    let mut out = toml::Table::new();
    for l in layers {
        merge(&mut out, &l.table);
    }
    out
}

fn merge(into: &mut toml::Table, from: &toml::Table) {
    for (k, v) in from {
        match (into.get_mut(k), v) {
            (Some(toml::Value::Table(a)), toml::Value::Table(b)) => merge(a, b),
            _ => {
                into.insert(k.clone(), v.clone());
            }
        }
    }
}

/// TOML dates become `YYYY-MM-DD` strings, which the model's `Day` parses (and checks).
pub fn dates_to_strings(t: &mut toml::Table) {
    for (_, v) in t.iter_mut() {
        match v {
            toml::Value::Datetime(d) => *v = toml::Value::String(d.to_string()),
            toml::Value::Table(inner) => dates_to_strings(inner),
            _ => {}
        }
    }
}
