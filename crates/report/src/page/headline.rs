//! The headline cards: the model's calibrated main figures beside the record, rounded to what
//! the sample can resolve.

use std::fmt::Write as _;

use super::*;

/// Headline figures: summary key, label, the record's value and its source. Every one is a
/// fitted target of `data/targets_archival.csv` (a test checks it): a figure without a
/// calibration target is never a headline, only a row of the summary table, marked.
pub(super) const HEADLINES: [(&str, &str, f64, &str); 5] = [
    (
        "arrests_1937_1938",
        "Arrests, 1937-38",
        1_548_366.0,
        "rehabilitation commission, V2",
    ),
    (
        "executions_1937_1938",
        "Executions, 1937-38",
        681_692.0,
        "rehabilitation commission, V2",
    ),
    (
        "order_00447_sentenced",
        "Sentenced under order 00447",
        767_000.0,
        "about; Werth, Jansen & Petrov, V2",
    ),
    (
        "order_00447_executed",
        "Shot under order 00447",
        387_000.0,
        "about; Werth, Jansen & Petrov, V2",
    ),
    (
        "national_operations_executed",
        "Shot in the national operations",
        247_157.0,
        "V2",
    ),
];

/// Whether a summary key is a calibrated figure.
pub(super) fn calibrated(key: &str) -> bool {
    HEADLINES.iter().any(|(k, ..)| *k == key)
}

/// Draws the section into `page` when its data is present.
pub(super) fn render(page: &mut Page, cx: &Context<'_>) {
    let cards: Vec<String> = HEADLINES
        .iter()
        .filter_map(|&(key, label, record, source)| {
            let v = cx.figure(key)?;
            Some(format!(
                "<div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{}</div><div class=\"r\">{}</div></div>",
                xml(label),
                resolved(v, cx.resolution),
                xml(&format!(
                    "Record {} ({source}): the model is at {} of it",
                    count(record),
                    pct(v / record)
                ))
            ))
        })
        .collect();
    if cards.is_empty() {
        return;
    }
    let what = if cx.inputs.summary.is_some() {
        "The run's"
    } else {
        "The mean over the ensemble's runs of its"
    };
    let rounding = if cx.resolution > 1.0 {
        format!(
            " Rounded to three significant figures: each simulated person stands for {} people, so the \
             last digits of a count are noise of the sample.",
            count(cx.resolution)
        )
    } else {
        String::new()
    };
    page.section(
        "headline",
        "The terror in numbers",
        &format!(
            "{what} calibrated figures, as full-scale equivalents (the model's counts scaled up to \
             the whole Soviet population of 162 million), beside the archival record.{rounding}"
        ),
    );
    let _ = write!(page.body, "<div class=\"cards\">{}</div>", cards.concat());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_headline_is_a_fitted_target_of_the_archival_set() {
        let targets =
            Table::parse(include_str!("../../../../data/targets_archival.csv")).unwrap_or_default();
        for (key, _, record, _) in HEADLINES {
            let row = targets
                .rows
                .iter()
                .find(|r| targets.text(r, "kind") == "summary" && targets.text(r, "key") == key);
            let row = row.unwrap_or_else(|| panic!("{key} is not a summary target"));
            assert!(
                targets.number(row, "weight").unwrap_or(0.0) > 0.0,
                "{key} is not fitted"
            );
            assert_eq!(targets.number(row, "value"), Some(record), "{key}");
        }
    }
}
