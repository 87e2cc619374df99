//! Every figure of the run's `summary.json` (or the ensemble's `summary_bands.csv`), in a table,
//! each marked calibrated or not.

use std::fmt::Write as _;

use serde_json::Value;

use super::*;

fn mark(key: &str) -> &'static str {
    if headline::calibrated(key) {
        "calibrated"
    } else {
        "<span class=\"badge\">not calibrated</span>"
    }
}

/// Draws the section into `page` when its data is present.
pub(super) fn render(page: &mut Page, cx: &Context<'_>) {
    let mut rows = String::new();
    if let Some(obj) = cx.summary.and_then(Value::as_object) {
        let mut row = |key: String, x: f64| {
            let _ = write!(
                rows,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                xml(&key),
                figure(x),
                mark(&key)
            );
        };
        for (k, v) in obj {
            match v {
                Value::Number(n) => row(k.clone(), n.as_f64().unwrap_or(f64::NAN)),
                Value::Object(m) => {
                    for (k2, v2) in m {
                        if let Some(x) = v2.as_f64() {
                            row(format!("{k}.{k2}"), x);
                        }
                    }
                }
                _ => {}
            }
        }
        if !rows.is_empty() {
            page.section(
                "summary",
                "All headline figures",
                "Every figure in the run's summary.json, full-scale equivalents.",
            );
            let _ = write!(
                page.body,
                "<table class=\"data\"><tr><th>figure</th><th>value</th><th></th></tr>{rows}</table>"
            );
        }
    } else if let Some(t) = cx.inputs.summary_bands.as_ref() {
        for r in &t.rows {
            let cell = |n: &str| t.number(r, n).map_or_else(|| "n/a".into(), figure);
            let key = t.text(r, "metric");
            let _ = write!(
                rows,
                "<tr><td>{}</td><td>{}</td><td>{} to {}</td><td>{}</td></tr>",
                xml(key),
                cell("mean"),
                cell("p05"),
                cell("p95"),
                mark(key)
            );
        }
        if !rows.is_empty() {
            page.section(
                "summary",
                "All headline figures",
                "Every figure of the ensemble's summary_bands.csv: the mean over the runs and the \
                 5th to 95th percentile, full-scale equivalents.",
            );
            let _ = write!(
                page.body,
                "<table class=\"data\"><tr><th>figure</th><th>mean</th><th>5th to 95th \
                 percentile</th><th></th></tr>{rows}</table>"
            );
        }
    }
}
