//! Did the purges weaken the state? Capacity indices of 1941 against 1934.

use serde_json::Value;

use super::*;

/// Draws the section into `page` when its data is present.
pub(super) fn render(page: &mut Page, cx: &Context<'_>) {
    let summary = cx.summary;
    // Capacity.
    if let Some(cap) = summary
        .and_then(|s| s.get("capacity_1941_vs_1934"))
        .and_then(Value::as_object)
    {
        let rows: Vec<HBar> = cap
            .iter()
            .filter_map(|(k, v)| {
                let v = v.as_f64()?;
                Some(HBar {
                    label: k.replace('_', " "),
                    value: v,
                    text: format!("{} of 1934", pct(v)),
                    color: if v < 1.0 { MODEL } else { "#2f7d4a" },
                    whisker: None,
                })
            })
            .collect();
        if !rows.is_empty() {
            page.section(
                "capacity",
                "Did the purges weaken the state?",
                "Indices of the experience of the people holding economic, military and intellectual posts, in 1941 as a share of 1934.",
            );
            let max = rows.iter().map(|r| r.value).fold(1.2, f64::max);
            let title = "Capacity in 1941 relative to 1934";
            let svg = svg::hbar_chart(title, &rows, Some((0.0, max)), pct);
            page.figure(
                title,
                Some("not calibrated"),
                &[],
                &svg,
                "100% means no change since 1934.",
            );
        }
    }
}
