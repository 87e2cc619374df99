//! The headline cards: the model's main figures beside the record.

use std::fmt::Write as _;

use super::*;

/// Headline figures: summary key, label, the record's value and its source.
const HEADLINES: [(&str, &str, Option<f64>, &str); 6] = [
    (
        "arrests_1937_1938",
        "Arrests, 1937-38",
        Some(1_548_366.0),
        "rehabilitation commission, V2",
    ),
    (
        "executions_1937_1938",
        "Executions, 1937-38",
        Some(681_692.0),
        "rehabilitation commission, V2",
    ),
    (
        "order_00447_sentenced",
        "Sentenced under order 00447",
        Some(767_000.0),
        "about; Werth, Jansen & Petrov, V2",
    ),
    (
        "order_00447_executed",
        "Shot under order 00447",
        Some(387_000.0),
        "about; Werth, Jansen & Petrov, V2",
    ),
    (
        "national_operations_executed",
        "Shot in the national operations",
        Some(247_157.0),
        "V2",
    ),
    (
        "deaths_in_custody_1937_1941",
        "Deaths in camps, 1937-41",
        None,
        "no target: the later Gulag years are not calibrated",
    ),
];

/// Draws the section into `page` when its data is present.
pub(super) fn render(page: &mut Page, cx: &Context<'_>) {
    let summary = cx.summary;
    // Headline figures.
    let cards: Vec<String> = HEADLINES
        .iter()
        .filter_map(|&(key, label, record, source)| {
            let v = num(summary, key)?;
            let r = match record {
                Some(r) => format!("Record {} ({source}): the model is at {} of it", count(r), pct(v / r)),
                None => format!("Record: {source}"),
            };
            Some(format!(
                "<div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{}</div><div class=\"r\">{}</div></div>",
                xml(label),
                count(v),
                xml(&r)
            ))
        })
        .collect();
    if !cards.is_empty() {
        page.section(
            "headline",
            "The terror in numbers",
            "Full-scale equivalents: the model's counts scaled up to the whole Soviet population of 162 million, beside the archival record.",
        );
        let _ = write!(page.body, "<div class=\"cards\">{}</div>", cards.concat());
    }
}
