//! The chart of `chistka compare`, drawn from `comparison.csv` as the program writes it.

use crate::svg::{self, Line};
use crate::tables::Table;

/// Colour of scenario A.
pub const A_COLOR: &str = "#1f5fa8";
/// Colour of scenario B.
pub const B_COLOR: &str = "#a4161a";

/// The years of `comparison.csv` and, for one annual metric, A's mean, B's mean, and the band
/// A + [5th, 95th percentile of the per-seed difference B - A].
pub fn annual_lines(t: &Table, metric: &str) -> Option<(Vec<String>, Vec<Line>)> {
    let (sec, per, met) = (t.col("section")?, t.col("period")?, t.col("metric")?);
    let (a, b, lo, hi) = (
        t.col("a_mean")?,
        t.col("b_mean")?,
        t.col("diff_p05")?,
        t.col("diff_p95")?,
    );
    let num = |r: &Vec<String>, c: usize| r.get(c).and_then(|v| v.parse::<f64>().ok());
    let rows: Vec<&Vec<String>> = t
        .rows
        .iter()
        .filter(|r| {
            r.get(sec).map(String::as_str) == Some("annual")
                && r.get(met).map(String::as_str) == Some(metric)
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let years = rows.iter().map(|r| r[per].clone()).collect();
    let a_values: Vec<Option<f64>> = rows.iter().map(|r| num(r, a)).collect();
    let band = rows
        .iter()
        .map(|r| Some((num(r, a)? + num(r, lo)?, num(r, a)? + num(r, hi)?)))
        .collect();
    Some((
        years,
        vec![
            Line {
                name: "A".into(),
                color: A_COLOR,
                values: a_values,
                dashed: false,
                markers: true,
                band: None,
            },
            Line {
                name: "B".into(),
                color: B_COLOR,
                values: rows.iter().map(|r| num(r, b)).collect(),
                dashed: false,
                markers: true,
                band: Some(band),
            },
        ],
    ))
}

/// One annual metric of a comparison as a chart for the page.
pub fn annual_chart(t: &Table, metric: &str, title: &str) -> Option<String> {
    let (years, lines) = annual_lines(t, metric)?;
    let ticks: Vec<(usize, String)> = years.iter().cloned().enumerate().collect();
    Some(svg::line_chart(title, &years, &ticks, &lines))
}

/// `comparison.svg`: the annual arrests and executions of A and B, one standalone SVG file per
/// metric stacked in one document, with a caption naming the scenarios.
///
/// # Errors
/// A message if the table has none of the columns `comparison.csv` has.
pub fn comparison_svg(
    t: &Table,
    a_name: &str,
    b_name: &str,
    runs: usize,
) -> Result<String, String> {
    let mut parts = Vec::new();
    for metric in ["arrests", "executions"] {
        if let Some(chart) = annual_chart(t, metric, &format!("{metric} per year")) {
            parts.push((metric, chart));
        }
    }
    if parts.is_empty() {
        return Err("no annual arrests or executions in the comparison table".into());
    }
    let w = 760.0;
    let h = 300.0;
    let top = 44.0;
    // The caption on two lines, so that it fits the chart's width.
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{}\" font-family=\"sans-serif\">\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\
         <text x=\"10\" y=\"16\" font-size=\"13\">{}</text>\
         <text x=\"10\" y=\"34\" font-size=\"13\">{}</text>",
        top + 10.0 + h * parts.len() as f64,
        chistka_format::xml(&format!(
            "blue: A = {a_name}; red: B = {b_name}; means over {runs} seeds"
        )),
        chistka_format::xml(
            "shaded: A plus the 5-95% band of the per-seed difference B - A (full-scale \
             equivalents, synthetic people)"
        )
    );
    for (i, (metric, chart)) in parts.iter().enumerate() {
        let y = top + h * i as f64;
        out.push_str(&format!(
            "<text x=\"10\" y=\"{:.0}\" font-size=\"13\" font-weight=\"bold\">{metric} per year</text>\
             <g transform=\"translate(0,{:.0})\">{}</g>",
            y + 14.0,
            y + 18.0,
            svg::standalone(chart).trim_end()
        ));
    }
    out.push_str("</svg>\n");
    Ok(out)
}
