//! The generation of 1938: what became of the people the terror promoted, read from the long
//! run's `longrun.csv` and `longrun_party.csv` (a run past 22 June 1941). The record beside it
//! comes from the embedded target files, not from this module, so that the report shows exactly
//! what `chistka validate` and `chistka calibrate` compare with.

use std::fmt::Write as _;

use super::*;
use crate::{TARGETS_LONGRUN_CSV, TARGETS_VALIDATION_CSV};

/// The five top layers: column prefix, label, colour.
const LAYERS: [(&str, &str, &str); 5] = [
    ("politburo", "Politburo", MODEL),
    ("central_committee", "Central Committee", ACCENT),
    ("first_secretaries", "First secretaries", "#2563eb"),
    ("ministers", "Ministers", "#2f7d4a"),
    ("high_command", "High command", "#7c3aed"),
];

/// The table's years: the eve of Stalin's death, the year of Khrushchev's fall, Brezhnev's last.
const TABLE_YEARS: [&str; 3] = ["1953", "1964", "1982"];

/// `(year, value)` of the target rows keyed `{key}.{year}`. Only `eq` rows: a bound (the 1985
/// "over 18 million" members) is not a point to draw.
fn targets(text: &str, key: &str) -> Vec<(String, f64)> {
    let Ok(t) = Table::parse(text) else {
        return Vec::new();
    };
    t.rows
        .iter()
        .filter(|r| t.text(r, "relation") == "eq")
        .filter_map(|r| {
            let year = t.text(r, "key").strip_prefix(key)?.strip_prefix('.')?;
            Some((year.to_string(), t.number(r, "value")?))
        })
        .collect()
}

/// A table's dates, or None without a `date` column.
fn date_column(t: &Table) -> Option<Vec<String>> {
    let c = t.col("date")?;
    Some(
        t.rows
            .iter()
            .map(|r| r.get(c).cloned().unwrap_or_default())
            .collect(),
    )
}

/// A numeric column times `factor` (shares are drawn as percentages), None if absent.
fn scaled(t: &Table, name: &str, factor: f64) -> Option<Vec<Option<f64>>> {
    let v = t.column(name)?;
    Some(v.into_iter().map(|x| x.map(|x| x * factor)).collect())
}

/// The record as points over `dates`: each `{year}` at its 1 January, None if none falls there.
fn points(dates: &[String], record: &[(String, f64)], factor: f64) -> Option<Vec<Option<f64>>> {
    let mut v = vec![None; dates.len()];
    for (year, x) in record {
        if let Some(i) = dates.iter().position(|d| *d == format!("{year}-01-01")) {
            v[i] = Some(x * factor);
        }
    }
    v.iter().any(Option::is_some).then_some(v)
}

/// The first date and every fifth 1 January, labelled by year.
fn ticks(dates: &[String]) -> Vec<(usize, String)> {
    dates
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let year: String = d.chars().take(4).collect();
            let fifth = d.ends_with("-01-01") && year.parse::<u32>().is_ok_and(|y| y % 5 == 0);
            (i == 0 || fifth).then_some((i, year))
        })
        .collect()
}

fn line(name: &str, color: &'static str, values: Vec<Option<f64>>, markers: bool) -> Line {
    Line {
        name: name.into(),
        color,
        values,
        dashed: false,
        markers,
        band: None,
    }
}

/// Draws one chart, unless no series of it was found.
fn chart(
    page: &mut Page,
    title: &str,
    badge: Option<&str>,
    dates: &[String],
    lines: &[Line],
    legend: &[(String, Key)],
    caption: &str,
) {
    if lines.is_empty() {
        return;
    }
    let svg = svg::line_chart(title, dates, &ticks(dates), lines);
    page.figure(title, badge, legend, &svg, caption);
}

/// Draws the section into `page` when `longrun.csv` is present.
pub(super) fn render(page: &mut Page, cx: &Context<'_>) {
    let Some(t) = cx.inputs.longrun.as_ref() else {
        return;
    };
    let Some(dates) = date_column(t).filter(|d| !d.is_empty()) else {
        return;
    };
    let last = dates.last().map_or("", String::as_str);
    page.section(
        "generation",
        "The generation of 1938",
        &format!(
            "What became of the people the terror promoted. The 1937-39 cohort is everyone who \
             took a post of the nomenklatura in 1937-39 in the daily model, many of them into \
             places emptied by the arrests. From 22 June 1941 the long run follows them and \
             their successors through the elite to \
             <span style=\"white-space:nowrap\">{}</span>: ageing and death, the war, \
             retirement, dismissal, the postwar purges and the congresses' renewals. The people are \
             synthetic. Only the party's membership and the sizes of the layers are calibrated \
             (data/targets_longrun.csv); everything about who held the posts (the cohort's \
             share, ages, years of birth) is validation against the record, not calibrated \
             (data/targets_validation.csv). Points are at 22 June 1941, each 1 January and the \
             last day; a record figure of a congress is set at the 1 January nearest it.",
            xml(last)
        ),
    );

    // 1. The cohort's share of each top layer.
    let mut lines = Vec::new();
    let mut legend = Vec::new();
    for (layer, label, color) in LAYERS {
        if let Some(v) = scaled(t, &format!("{layer}_share_promoted_1937_39"), 100.0) {
            lines.push(line(label, color, v, true));
            legend.push((label.to_string(), Key::Line(color)));
        }
    }
    chart(
        page,
        "Share of the holders promoted in 1937-39 (%)",
        Some("not calibrated"),
        &dates,
        &lines,
        &legend,
        "Of the holders of each layer's places, the share who first took a post of the \
         nomenklatura in 1937-39. No record of this share is compiled; the claim it tests is that \
         this generation ruled the Soviet Union into the 1980s.",
    );

    // 2. The Central Committee born 1901-1920, beside the record.
    let key = "longrun_share_born_1901_1920_central_committee";
    let mut lines = Vec::new();
    let mut legend = Vec::new();
    if let Some(v) = scaled(t, "central_committee_share_born_1901_1920", 100.0) {
        lines.push(line("Model", MODEL, v, true));
        legend.push(("Model".into(), Key::Line(MODEL)));
    }
    // The record alone, without the model's line, would be no chart of this run.
    let record = points(&dates, &targets(TARGETS_VALIDATION_CSV, key), 100.0);
    if let Some(v) = record.filter(|_| !lines.is_empty()) {
        lines.push(line("Record", RECORD, v, true));
        legend.push(("Record (Mawdsley & White 2000)".into(), Key::Box(RECORD)));
    }
    chart(
        page,
        "Central Committee born 1901-1920 (%)",
        Some("not calibrated"),
        &dates,
        &lines,
        &legend,
        "The generation born 1901-1920 (aged 17 to 38 in 1938) in the Central Committee. The \
         record counts members and candidates elected at a congress; the model counts full \
         members.",
    );

    // 3. Mean age of each top layer, the record's points in the layer's colour.
    let mut lines = Vec::new();
    let mut legend = Vec::new();
    for (layer, label, color) in LAYERS {
        let Some(v) = scaled(t, &format!("{layer}_mean_age"), 1.0) else {
            continue;
        };
        lines.push(line(label, color, v, false));
        legend.push((label.to_string(), Key::Line(color)));
        let record = targets(TARGETS_VALIDATION_CSV, &format!("longrun_mean_age_{layer}"));
        if let Some(v) = points(&dates, &record, 1.0) {
            lines.push(line(&format!("Record: {label}"), color, v, true));
        }
    }
    chart(
        page,
        "Mean age of each top layer",
        Some("not calibrated"),
        &dates,
        &lines,
        &legend,
        "Lines: the model. Points: the record, in the colour of its layer (Mawdsley & White \
         2000 for the Central Committee; the congresses of 1976 and 1981 for the Politburo).",
    );

    // 4. The party, against its calibration targets.
    if let Some(p) = cx.inputs.longrun_party.as_ref()
        && let Some(pdates) = date_column(p).filter(|d| !d.is_empty())
    {
        let mut lines = Vec::new();
        let mut legend = Vec::new();
        if let Some(v) = scaled(p, "members", 1.0) {
            lines.push(line("Model", MODEL, v, true));
            legend.push(("Model".into(), Key::Line(MODEL)));
        }
        let record = targets(TARGETS_LONGRUN_CSV, "longrun_party_members");
        if let Some(v) = points(&pdates, &record, 1.0).filter(|_| !lines.is_empty()) {
            lines.push(line("Record", RECORD, v, true));
            legend.push(("Record (calibration target)".into(), Key::Box(RECORD)));
        }
        chart(
            page,
            "Party members and candidates, 1941-1985",
            None,
            &pdates,
            &lines,
            &legend,
            "Calibrated: the long run's admissions are fitted to these figures \
             (data/targets_longrun.csv, with the source of each), the only record of the party \
             it is fitted to. Lower bounds are not drawn.",
        );
    }

    // 5. Three moments, with the record beside where there is one.
    let validation = |key: String, year: &str| {
        targets(TARGETS_VALIDATION_CSV, &key)
            .into_iter()
            .find(|(y, _)| y == year)
            .map(|(_, v)| v)
    };
    let dash = || "–".to_string();
    let mut rows = String::new();
    for year in TABLE_YEARS {
        let Some(r) = dates.iter().position(|d| *d == format!("{year}-01-01")) else {
            continue;
        };
        let r = &t.rows[r];
        for (layer, label, _) in LAYERS {
            let cell = |m: &str| t.number(r, &format!("{layer}_{m}"));
            let born = validation(format!("longrun_share_born_1901_1920_{layer}"), year);
            let age = validation(format!("longrun_mean_age_{layer}"), year);
            let _ = write!(
                rows,
                "<tr><td>{year}</td><td>{label}</td><td>{}</td><td>{}</td><td>{}</td>\
                 <td>{}</td><td>{}</td></tr>",
                cell("share_promoted_1937_39").map_or_else(dash, pct),
                cell("share_born_1901_1920").map_or_else(dash, pct),
                born.map_or_else(dash, pct),
                cell("mean_age").map_or_else(dash, |a| format!("{a:.1}")),
                age.map_or_else(dash, |a| format!("{a:.0}")),
            );
        }
    }
    if !rows.is_empty() {
        let _ = write!(
            page.body,
            "<h3>On 1 January 1953, 1964 and 1982<span class=\"badge\">not calibrated</span></h3>\
             <div class=\"scroll\"><table class=\"data\"><tr><th>year</th><th>layer</th>\
             <th>promoted 1937-39</th><th>born 1901-1920</th><th>record</th><th>mean age</th>\
             <th>record</th></tr>{rows}</table></div>"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(longrun: &str) -> crate::Report {
        crate::render(&Inputs {
            summary: Some(serde_json::json!({})),
            longrun: Table::parse(longrun).ok(),
            ..Inputs::default()
        })
    }

    #[test]
    fn the_record_is_read_from_the_embedded_targets() {
        let born = targets(
            TARGETS_VALIDATION_CSV,
            "longrun_share_born_1901_1920_central_committee",
        );
        assert!(
            born.iter().any(|(y, v)| y == "1953" && *v > 0.5),
            "{born:?}"
        );
        let party = targets(TARGETS_LONGRUN_CSV, "longrun_party_members");
        assert!(party.len() >= 10 && party.iter().all(|(y, _)| y != "1985"));
    }

    #[test]
    fn missing_columns_are_skipped_and_no_date_means_no_section() {
        let r = report("date,politburo_mean_age\n1941-06-22,40\n1953-01-01,x\n");
        assert!(r.html.contains("id=\"generation\""));
        assert_eq!(r.charts, ["Mean age of each top layer"]);
        assert!(r.html.contains("<td>1953</td><td>Politburo</td><td>–</td>"));
        let r = report("year,politburo_mean_age\n1953,40\n");
        assert!(!r.html.contains("id=\"generation\"") && r.charts.is_empty());
    }
}
