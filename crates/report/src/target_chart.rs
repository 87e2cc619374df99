//! One SVG chart per series: for each target of the series (a year, or a summary key), the
//! model's 5-95% band as a bar, its mean as a dot, and the record as a black tick with its
//! tolerance as a grey band. Plain SVG text, no dependencies.

use std::fmt::Write as _;

use crate::stats::Row;

/// The series of a fit table, in order of first appearance, with their rows.
pub fn series(rows: &[Row]) -> Vec<(String, Vec<&Row>)> {
    let mut out: Vec<(String, Vec<&Row>)> = Vec::new();
    for r in rows {
        let name = r.target.series().to_string();
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => v.push(r),
            None => out.push((name, vec![r])),
        }
    }
    out
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn fmt_count(x: f64) -> String {
    if x.abs() >= 1e6 {
        format!("{:.2} M", x / 1e6)
    } else if x.abs() >= 1e3 {
        format!("{:.0} k", x / 1e3)
    } else {
        format!("{x:.3}")
    }
}

/// The chart of one series. Summary targets differ in size, so each is drawn relative to its
/// record (record = 1); annual series share one absolute axis.
pub fn chart(title: &str, rows: &[&Row]) -> String {
    let relative = rows.iter().any(|r| r.target.series() == "summary");
    let scale = |r: &Row, x: f64| if relative { x / r.target.value } else { x };
    let mut top: f64 = 0.0;
    for r in rows {
        for x in [r.q95, r.mean, r.target.value * (1.0 + r.target.tolerance)] {
            if x.is_finite() {
                top = top.max(scale(r, x));
            }
        }
    }
    let top = if top > 0.0 { top * 1.1 } else { 1.0 };
    let (w, h, left, right, bottom, head) = (
        120.0 + 70.0 * rows.len() as f64,
        320.0,
        80.0,
        20.0,
        60.0,
        40.0,
    );
    let w: f64 = w.max(360.0);
    let plot_h = h - bottom - head;
    let y = |v: f64| head + plot_h * (1.0 - v / top);
    let step = (w - left - right) / rows.len() as f64;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(
        s,
        r#"<text x="{left}" y="20" font-size="14">{} ({})</text>"#,
        esc(title),
        if relative {
            "model / record"
        } else {
            "full-scale equivalents"
        }
    );
    for i in 0..=4 {
        let v = top * f64::from(i) / 4.0;
        let _ = writeln!(
            s,
            r##"<line x1="{left}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            w - right,
            y(v),
            y(v),
            left - 4.0,
            y(v) + 4.0,
            if relative {
                format!("{v:.2}")
            } else {
                fmt_count(v)
            }
        );
    }
    for (i, r) in rows.iter().enumerate() {
        let cx = left + step * (i as f64 + 0.5);
        let rec = scale(r, r.target.value);
        let tol_lo = scale(r, r.target.value * (1.0 - r.target.tolerance));
        let tol_hi = scale(r, r.target.value * (1.0 + r.target.tolerance));
        let _ = writeln!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#eee"/>"##,
            cx - step * 0.35,
            y(tol_hi),
            step * 0.7,
            (y(tol_lo) - y(tol_hi)).max(0.5)
        );
        if r.q05.is_finite() && r.q95.is_finite() {
            let (lo, hi) = (scale(r, r.q05), scale(r, r.q95));
            let _ = writeln!(
                s,
                r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#9ecae1"/>"##,
                cx - step * 0.15,
                y(hi),
                step * 0.3,
                (y(lo) - y(hi)).max(1.0)
            );
        }
        if r.mean.is_finite() {
            let _ = writeln!(
                s,
                r##"<circle cx="{cx:.1}" cy="{:.1}" r="3.5" fill="#08519c"/>"##,
                y(scale(r, r.mean))
            );
        }
        let _ = writeln!(
            s,
            r##"<line x1="{:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#000" stroke-width="2"/>"##,
            cx - step * 0.3,
            cx + step * 0.3,
            y(rec),
            y(rec)
        );
        let label = if relative {
            r.target.name.clone()
        } else {
            r.target.period.clone()
        };
        let _ = writeln!(
            s,
            r#"<text x="{cx:.1}" y="{:.1}" text-anchor="middle" transform="rotate({} {cx:.1} {:.1})">{}</text>"#,
            h - bottom + 16.0,
            if relative { 20 } else { 0 },
            h - bottom + 16.0,
            esc(&label)
        );
    }
    let _ = writeln!(
        s,
        r##"<text x="{left}" y="{:.1}" fill="#555">black: record; grey: its tolerance; blue bar: model 5-95% over seeds; dot: model mean</text>"##,
        h - 6.0
    );
    s.push_str("</svg>\n");
    s
}
