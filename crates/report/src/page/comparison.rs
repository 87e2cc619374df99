//! The counterfactual comparison of `chistka compare`, read from `comparison.csv`.

use std::fmt::Write as _;

use super::*;
use crate::comparison_chart::{A_COLOR, B_COLOR, annual_chart};

/// Draws the section into `page` when `comparison.csv` is present.
pub(super) fn render(page: &mut Page, cx: &Context<'_>) {
    let Some(t) = cx.inputs.comparison.as_ref() else {
        return;
    };
    page.section(
        "comparison",
        "Counterfactual comparison",
        "Two scenarios, A and B, run on the same seeds (common random numbers), so a difference \
         comes from the scenarios, not from chance. Differences are B - A, seed by seed, with \
         the 5th to 95th percentile over the seeds.",
    );
    let legend = [
        ("A (the reference)".to_string(), Key::Line(A_COLOR)),
        ("B (the counterfactual)".to_string(), Key::Line(B_COLOR)),
        (
            "A + 5th-95th percentile of B - A".to_string(),
            Key::Band(B_COLOR),
        ),
    ];
    for (metric, title) in [
        ("arrests", "Counterfactual: arrests per year"),
        ("executions", "Counterfactual: executions per year"),
    ] {
        if let Some(svg) = annual_chart(t, metric, title) {
            page.figure(
                title,
                None,
                &legend,
                &svg,
                "Means over the seeds, full-scale equivalents. The model's 1941 ends on 22 June.",
            );
        }
    }
    let mut rows = String::new();
    for r in t.rows.iter().filter(|r| t.text(r, "section") == "summary") {
        let cell = |name: &str| t.number(r, name).map_or_else(|| "n/a".into(), figure);
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} to {}</td></tr>",
            xml(t.text(r, "metric")),
            cell("a_mean"),
            cell("b_mean"),
            cell("diff_mean"),
            cell("diff_p05"),
            cell("diff_p95"),
        );
    }
    if !rows.is_empty() {
        let _ = write!(
            page.body,
            "<h3>Every summary figure</h3><table class=\"data\"><tr><th>figure</th><th>A</th>\
             <th>B</th><th>B - A</th><th>B - A, 5th to 95th percentile</th></tr>{rows}</table>"
        );
    }
}
