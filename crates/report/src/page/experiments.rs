//! The results of other commands found in the directory: comparison and attribution.

use std::fmt::Write as _;

use super::*;

/// A table from another command, charted by its main numeric column and listed in full.
fn generic(page: &mut Page, t: &Table, title: &str) {
    let numeric: Vec<usize> = (0..t.columns.len()).filter(|&c| t.is_numeric(c)).collect();
    let labels: Vec<usize> = (0..t.columns.len())
        .filter(|c| !numeric.contains(c))
        .collect();
    let pick = ["difference", "diff", "mean", "shapley_share", "share"]
        .iter()
        .find_map(|name| numeric.iter().copied().find(|&c| t.columns[c] == *name))
        .or_else(|| {
            numeric
                .iter()
                .copied()
                .find(|&c| t.columns[c].contains("share"))
        })
        .or_else(|| numeric.first().copied());
    if let Some(v) = pick {
        let lo = t.col("p05");
        let hi = t.col("p95");
        let is_share = t.columns[v].contains("share");
        let rows: Vec<HBar> = t
            .rows
            .iter()
            .take(24)
            .filter_map(|r| {
                let value: f64 = r.get(v)?.parse().ok()?;
                let label = labels
                    .iter()
                    .filter_map(|&c| r.get(c).filter(|s| !s.is_empty()).cloned())
                    .collect::<Vec<_>>()
                    .join(" · ");
                let whisker = match (lo, hi) {
                    (Some(a), Some(b)) => Some((r.get(a)?.parse().ok()?, r.get(b)?.parse().ok()?)),
                    _ => None,
                };
                Some(HBar {
                    label,
                    text: if is_share { pct(value) } else { count(value) },
                    color: if value < 0.0 { "#2f6f8f" } else { MODEL },
                    value,
                    whisker,
                })
            })
            .collect();
        if !rows.is_empty() {
            let chart_title = format!("{title}: {}", t.columns[v].replace('_', " "));
            let svg = if is_share {
                svg::hbar_chart(&chart_title, &rows, None, pct)
            } else {
                svg::hbar_chart(&chart_title, &rows, None, chistka_format::compact)
            };
            let more = if t.rows.len() > 24 {
                " The first 24 rows are charted; all are listed below."
            } else {
                ""
            };
            page.figure(
                &chart_title,
                None,
                &[],
                &svg,
                &format!("Whiskers: 5th to 95th percentile over runs, where given.{more}"),
            );
        }
    }
    page.body.push_str("<table class=\"data\"><tr>");
    for c in &t.columns {
        let _ = write!(page.body, "<th>{}</th>", xml(c));
    }
    page.body.push_str("</tr>");
    for r in &t.rows {
        page.body.push_str("<tr>");
        for (c, cell) in r.iter().enumerate() {
            let shown = match cell.parse::<f64>() {
                Ok(x) if numeric.contains(&c) && x.abs() >= 10.0 => count(x),
                Ok(x) if numeric.contains(&c) => format!("{x:.3}"),
                _ => xml(cell),
            };
            let _ = write!(page.body, "<td>{shown}</td>");
        }
        page.body.push_str("</tr>");
    }
    page.body.push_str("</table>");
}

/// Draws the section into `page` when its data is present.
pub(super) fn render(page: &mut Page, cx: &Context<'_>) {
    let inputs = cx.inputs;
    // Counterfactuals and attribution.
    for (table, id, title, lead) in [
        (
            inputs.comparison.as_ref(),
            "comparison",
            "Counterfactual comparison",
            "Two scenarios run on the same seeds (common random numbers), so the differences come from the scenarios, not from chance.",
        ),
        (
            inputs.attribution.as_ref(),
            "attribution",
            "Which mechanism did what",
            "Each mechanism's Shapley share, computed over runs with mechanisms switched off, beside the direct shares by cause that the provenance of each arrest gives.",
        ),
    ] {
        if let Some(t) = table {
            page.section(id, title, lead);
            generic(page, t, title);
        }
    }
}
