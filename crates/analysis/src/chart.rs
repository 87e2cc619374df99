//! A small self-contained SVG line chart: means as lines, 5-95% bands as shaded areas.
//! Enough for a comparison; the report crate draws the full charts.

use std::fmt::Write;

use crate::bands::Bands;

/// One line with its band.
#[derive(Debug, Clone)]
pub struct Series {
    /// Legend text.
    pub name: String,
    /// CSS colour.
    pub color: &'static str,
    /// One band per x label.
    pub bands: Vec<Bands>,
}

/// One chart of several series over the same x labels.
#[derive(Debug, Clone)]
pub struct Panel {
    /// Title above the chart.
    pub title: String,
    /// Labels of the x axis, evenly spaced.
    pub x_labels: Vec<String>,
    /// The lines.
    pub series: Vec<Series>,
}

const W: f64 = 460.0;
const H: f64 = 300.0;
const LEFT: f64 = 80.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 50.0;
const BOTTOM: f64 = 60.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Compact axis number: 1.2M, 350k, 40.
fn short(x: f64) -> String {
    let a = x.abs();
    if a >= 1e6 {
        format!("{:.1}M", x / 1e6)
    } else if a >= 1e3 {
        format!("{:.0}k", x / 1e3)
    } else {
        format!("{x:.0}")
    }
}

/// Panels side by side under a common caption, as one SVG document.
pub fn svg(caption: &str, panels: &[Panel]) -> String {
    let width = W * panels.len().max(1) as f64;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{H}" viewBox="0 0 {width} {H}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="10" y="16" font-size="12">{}</text>"#,
        esc(caption)
    );
    for (k, p) in panels.iter().enumerate() {
        let _ = writeln!(s, r#"<g transform="translate({},0)">"#, k as f64 * W);
        panel(&mut s, p);
        let _ = writeln!(s, "</g>");
    }
    s.push_str("</svg>\n");
    s
}

fn panel(s: &mut String, p: &Panel) {
    let n = p.x_labels.len();
    let max = p
        .series
        .iter()
        .flat_map(|x| x.bands.iter().map(|b| b.p95.max(b.mean)))
        .fold(0.0_f64, f64::max);
    let min = p
        .series
        .iter()
        .flat_map(|x| x.bands.iter().map(|b| b.p05.min(b.mean)))
        .fold(0.0_f64, f64::min);
    let span = if max > min { max - min } else { 1.0 };
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let x = |i: usize| {
        LEFT + if n > 1 {
            pw * i as f64 / (n - 1) as f64
        } else {
            pw / 2.0
        }
    };
    let y = |v: f64| TOP + ph * (1.0 - (v - min) / span);
    let _ = writeln!(
        s,
        r#"<text x="{LEFT}" y="36" font-size="12" font-weight="bold">{}</text>"#,
        esc(&p.title)
    );
    for t in 0..=4 {
        let v = min + span * f64::from(t) / 4.0;
        let _ = writeln!(
            s,
            r##"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{}" y="{:.1}" text-anchor="end">{}</text>"##,
            W - RIGHT,
            LEFT - 6.0,
            y(v) + 4.0,
            short(v),
            y = y(v)
        );
    }
    for (i, label) in p.x_labels.iter().enumerate() {
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
            x(i),
            TOP + ph + 16.0,
            esc(label)
        );
    }
    for (k, series) in p.series.iter().enumerate() {
        let upper: Vec<String> = series
            .bands
            .iter()
            .enumerate()
            .map(|(i, b)| format!("{:.1},{:.1}", x(i), y(b.p95)))
            .collect();
        let lower: Vec<String> = series
            .bands
            .iter()
            .enumerate()
            .rev()
            .map(|(i, b)| format!("{:.1},{:.1}", x(i), y(b.p05)))
            .collect();
        let mean: Vec<String> = series
            .bands
            .iter()
            .enumerate()
            .map(|(i, b)| format!("{:.1},{:.1}", x(i), y(b.mean)))
            .collect();
        let _ = writeln!(
            s,
            r#"<polygon points="{} {}" fill="{}" fill-opacity="0.18" stroke="none"/>"#,
            upper.join(" "),
            lower.join(" "),
            series.color
        );
        let _ = writeln!(
            s,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>"#,
            mean.join(" "),
            series.color
        );
        let ly = H - 26.0 + 14.0 * k as f64 - 14.0 * (p.series.len() as f64 - 1.0) / 2.0 + 8.0;
        let _ = writeln!(
            s,
            r#"<line x1="{LEFT}" x2="{}" y1="{ly:.1}" y2="{ly:.1}" stroke="{}" stroke-width="2"/><text x="{}" y="{:.1}">{}</text>"#,
            LEFT + 20.0,
            series.color,
            LEFT + 26.0,
            ly + 4.0,
            esc(&series.name)
        );
    }
}
