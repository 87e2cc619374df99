//! How people came to be arrested: arrests per month by cause.

use super::*;

/// Causes of arrest in stacking order (top-down first), with colours and readable names.
const CAUSES: [(&str, &str, &str); 7] = [
    ("quota", "#7f1d1d", "Quota operation (order 00447)"),
    ("national", "#c2410c", "National operations"),
    ("centre", "#111827", "Ordered from the centre"),
    ("named", "#f59e0b", "Named under interrogation"),
    ("denunciation", "#7c3aed", "Denunciation"),
    ("patronage", "#2563eb", "Fell with a patron"),
    ("ordinary", "#9ca3af", "Ordinary policing"),
];

/// Draws the section into `page` when its data is present.
pub(super) fn render(page: &mut Page, cx: &Context<'_>) {
    let monthly = &cx.monthly;
    // Arrests by cause.
    let cause_cols: Vec<(&str, &str, &str)> = CAUSES
        .iter()
        .copied()
        .filter(|(c, _, _)| monthly.has(&format!("arrests_{c}")))
        .collect();
    if !cause_cols.is_empty() {
        page.section(
            "causes",
            "How people came to be arrested",
            "Every simulated arrest records its cause. Quota and national operations were ordered from the top; arrests of people named under interrogation are the machinery feeding itself; denunciations come from below.",
        );
        let n = monthly.periods.len();
        let layers: Vec<Layer> = cause_cols
            .iter()
            .map(|&(c, color, name)| Layer {
                name: name.into(),
                color,
                values: monthly
                    .values(&format!("arrests_{c}"))
                    .into_iter()
                    .map(|v| v.unwrap_or(0.0))
                    .collect(),
            })
            .collect();
        let totals: Vec<f64> = layers.iter().map(|l| l.values.iter().sum()).collect();
        let all: f64 = totals.iter().sum();
        let legend: Vec<(String, Key)> = layers
            .iter()
            .zip(&totals)
            .filter(|(_, t)| **t > 0.0)
            .map(|(l, t)| {
                (
                    format!(
                        "{} ({})",
                        l.name,
                        if all > 0.0 { pct(t / all) } else { "0%".into() }
                    ),
                    Key::Box(l.color),
                )
            })
            .collect();
        let title = "Arrests per month by cause";
        let svg = svg::stacked_area(title, n, &january_ticks(&monthly.periods), &layers);
        let absent: Vec<&str> = layers
            .iter()
            .zip(&totals)
            .filter(|(_, t)| **t == 0.0)
            .map(|(l, _)| l.name.as_str())
            .collect();
        let absent = if absent.is_empty() {
            String::new()
        } else {
            format!(" No arrests in this run from: {}.", xml(&absent.join(", ")))
        };
        page.figure(
            title,
            None,
            &legend,
            &svg,
            &format!("Stacked: the top edge is all arrests. Shares of the whole run in the legend.{absent}"),
        );
    }
}
