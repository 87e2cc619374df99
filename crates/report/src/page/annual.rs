//! Year by year: arrests, convictions and executions against the archival record.

use super::*;

/// Draws the section into `page` when its data is present.
pub(super) fn render(page: &mut Page, cx: &Context<'_>) {
    let rec = &cx.rec;
    let band_word = cx.band_word;
    let annual = &cx.annual;
    // Annual flows against the record.
    if !annual.periods.is_empty() {
        page.section(
            "annual",
            "Year by year, against the archival record",
            "Arrests, political convictions and executions in each year: the model (red) beside the NKVD's own bookkeeping as published from the archives (grey). The record excludes deaths under interrogation and in transit; several historians argue it undercounts.",
        );
        for (metric, title, what) in [
            (
                "arrests",
                "Arrests per year",
                "NKVD arrests (record: all NKVD cases, MVD certificate of December 1953).",
            ),
            (
                "convictions",
                "Political convictions per year",
                "Executions plus camp and exile terms for \"counter-revolutionary\" crimes (record: Popov 1992; Getty, Rittersporn & Zemskov 1993).",
            ),
            (
                "executions",
                "Executions per year",
                "Death sentences (same record).",
            ),
        ] {
            if !annual.has(metric) {
                continue;
            }
            let rec_values: Vec<Option<f64>> = annual
                .periods
                .iter()
                .map(|y| record(rec, y, metric))
                .collect();
            let svg = svg::bar_chart(
                title,
                &annual.periods,
                &[
                    Bars {
                        name: "model".into(),
                        color: MODEL,
                        values: annual.values(metric),
                        whiskers: annual.band(metric),
                    },
                    Bars {
                        name: "archival record".into(),
                        color: RECORD,
                        values: rec_values,
                        whiskers: None,
                    },
                ],
            );
            page.figure(
                title,
                None,
                &[
                    ("Model".into(), Key::Box(MODEL)),
                    ("Archival record".into(), Key::Box(RECORD)),
                ],
                &svg,
                &format!(
                    "{what} The model's 1941 ends on 22 June; the record's 1941 is the whole year.{band_word}"
                ),
            );
        }
    }
}
