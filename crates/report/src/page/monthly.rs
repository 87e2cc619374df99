//! Month by month: the shape of the terror.

use super::*;

/// Draws the section into `page` when its data is present.
pub(super) fn render(page: &mut Page, cx: &Context<'_>) {
    let band_word = cx.band_word;
    let monthly = &cx.monthly;
    // Monthly curves.
    if !monthly.periods.is_empty() && monthly.has("arrests") {
        page.section(
            "monthly",
            "Month by month",
            "The same flows by month show the shape of the terror: the mass operations from August 1937, their peak, and the halt of 17 November 1938.",
        );
        let ticks = january_ticks(&monthly.periods);
        let mut lines = Vec::new();
        let mut legend = Vec::new();
        for (metric, name, color) in [
            ("arrests", "Arrests", MODEL),
            ("convictions", "Political convictions", ACCENT),
            ("executions", "Executions", DARK),
        ] {
            if monthly.has(metric) {
                lines.push(Line {
                    name: name.into(),
                    color,
                    values: monthly.values(metric),
                    dashed: false,
                    markers: false,
                    band: monthly.band(metric),
                });
                legend.push((name.to_string(), Key::Line(color)));
            }
        }
        if monthly.bands.is_some() {
            legend.push(("5th-95th percentile of runs".into(), Key::Band(MODEL)));
        }
        let title = "Arrests, convictions and executions per month";
        let svg = svg::line_chart(title, &monthly.periods, &ticks, &lines);
        page.figure(
            title,
            None,
            &legend,
            &svg,
            &format!("Full-scale equivalents per calendar month.{band_word}"),
        );
    }
}
