//! The camps: inmates on 1 January against the record.

use super::*;

/// Draws the section into `page` when its data is present.
pub(super) fn render(page: &mut Page, cx: &Context<'_>) {
    let rec = &cx.rec;
    let band_word = cx.band_word;
    let annual = &cx.annual;
    // Camps.
    if annual.has("camp_population_jan1") {
        page.section(
            "camps",
            "The camps",
            "People in camps and colonies on 1 January. Most inmates before 1937 were ordinary criminal convicts; the political share grows with the mass operations.",
        );
        let rec_values: Vec<Option<f64>> = annual
            .periods
            .iter()
            .map(|y| record(rec, y, "camp_population_jan1"))
            .collect();
        let mut lines = vec![Line {
            name: "Model: all inmates".into(),
            color: MODEL,
            values: annual.values("camp_population_jan1"),
            dashed: false,
            markers: true,
            band: annual.band("camp_population_jan1"),
        }];
        let mut legend = vec![("Model: all inmates".to_string(), Key::Line(MODEL))];
        if annual.has("camp_population_political_jan1") {
            lines.push(Line {
                name: "Model: political".into(),
                color: ACCENT,
                values: annual.values("camp_population_political_jan1"),
                dashed: false,
                markers: true,
                band: annual.band("camp_population_political_jan1"),
            });
            legend.push(("Model: of whom political".into(), Key::Line(ACCENT)));
        }
        lines.push(Line {
            name: "Record".into(),
            color: RECORD,
            values: rec_values,
            dashed: true,
            markers: true,
            band: None,
        });
        legend.push((
            "Archival record (camps + colonies)".into(),
            Key::Dash(RECORD),
        ));
        let title = "Camp population on 1 January";
        let xt: Vec<(usize, String)> = annual.periods.iter().cloned().enumerate().collect();
        let svg = svg::line_chart(title, &annual.periods, &xt, &lines);
        page.figure(
            title,
            Some("not calibrated after 1937"),
            &legend,
            &svg,
            &format!(
                "Record: ITL camps plus ITK colonies (Zemskov 1991; 1934 camps only). The record used here stops at 1937 on purpose: the later years are the model's forecast.{band_word}"
            ),
        );
    }
}
