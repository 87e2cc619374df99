//! Every figure of the run's summary.json, in a table.

use std::fmt::Write as _;

use serde_json::Value;

use super::*;

/// A summary value: whole counts with separators, shares and means with three decimals.
fn figure(x: f64) -> String {
    if x.fract() != 0.0 && x.abs() < 100.0 {
        format!("{x:.3}")
    } else {
        count(x)
    }
}

/// Draws the section into `page` when its data is present.
pub(super) fn render(page: &mut Page, cx: &Context<'_>) {
    let summary = cx.summary;
    // Every headline figure of the summary.
    if let Some(obj) = summary.and_then(Value::as_object) {
        let mut rows = String::new();
        for (k, v) in obj {
            match v {
                Value::Number(n) => {
                    let x = n.as_f64().unwrap_or(0.0);
                    let shown = figure(x);
                    let _ = write!(rows, "<tr><td>{}</td><td>{shown}</td></tr>", xml(k));
                }
                Value::Object(m) => {
                    for (k2, v2) in m {
                        if let Some(x) = v2.as_f64() {
                            let shown = figure(x);
                            let _ = write!(
                                rows,
                                "<tr><td>{}.{}</td><td>{shown}</td></tr>",
                                xml(k),
                                xml(k2)
                            );
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
                "<table class=\"data\"><tr><th>key</th><th>value</th></tr>{rows}</table>"
            );
        }
    }
}
