//! One SVG chart per series of a validation: for each target of the series (a year, or a summary
//! key), the model's 5-95% band over the seeds as a bar, its mean as a dot, and the record as a
//! black tick with its tolerance as a grey band.

use std::fmt::Write as _;

use chistka_format::{axis_labels, xml};

/// One target as the chart draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetMark {
    /// The label under it: the year of an annual target, the name of a summary target.
    pub label: String,
    /// The record's value.
    pub record: f64,
    /// The record's relative tolerance (0.2 = 20%).
    pub tolerance: f64,
    /// The model's mean over the seeds (NaN if it has no such output).
    pub mean: f64,
    /// The model's 5th percentile.
    pub q05: f64,
    /// The model's 95th percentile.
    pub q95: f64,
}

/// Approximate width of a character of the 11-unit labels.
const CHAR_W: f64 = 6.2;

/// The chart of one series, a standalone SVG document. With `relative`, each target is drawn
/// against its own record (record = 1), because summary targets differ in size; an annual
/// series shares one absolute axis (full-scale equivalents).
pub fn target_chart(title: &str, relative: bool, marks: &[TargetMark]) -> String {
    let mut marks = marks.to_vec();
    if !relative {
        // Years in order, whatever the order of the target file.
        marks.sort_by(|a, b| a.label.cmp(&b.label));
    }
    let marks = &marks[..];
    let scale = |m: &TargetMark, x: f64| if relative { x / m.record } else { x };
    let mut top: f64 = 0.0;
    for m in marks {
        for x in [m.q95, m.mean, m.record * (1.0 + m.tolerance)] {
            if x.is_finite() {
                top = top.max(scale(m, x));
            }
        }
    }
    let ticks = nice_ticks(if top > 0.0 { top * 1.05 } else { 1.0 });
    let top = ticks.last().copied().unwrap_or(1.0);
    let labels = axis_labels(&ticks);
    // Long labels are set at an angle; the margins grow so that none is cut off.
    let angle: f64 = if relative { 35.0 } else { 0.0 };
    let longest = marks
        .iter()
        .map(|m| m.label.chars().count())
        .max()
        .unwrap_or(0) as f64;
    let (sin, cos) = angle.to_radians().sin_cos();
    let bottom = 44.0 + longest * CHAR_W * sin;
    let left = 24.0 + labels.iter().map(|l| l.chars().count()).max().unwrap_or(1) as f64 * CHAR_W;
    let step: f64 = 70.0;
    let right = if relative {
        (longest * CHAR_W * cos - step / 2.0).max(20.0)
    } else {
        20.0
    };
    let (head, plot_h) = (40.0, 220.0);
    let w = (left + right + step * marks.len() as f64).max(420.0);
    let step = (w - left - right) / marks.len().max(1) as f64;
    let h = head + plot_h + bottom + 36.0;
    let y = |v: f64| head + plot_h * (1.0 - v / top);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="sans-serif" font-size="11"><rect width="100%" height="100%" fill="white"/>"#
    );
    let _ = writeln!(
        s,
        r#"<text x="{left:.1}" y="20" font-size="14">{} ({})</text>"#,
        xml(title),
        if relative {
            "model / record"
        } else {
            "full-scale equivalents"
        }
    );
    for (v, label) in ticks.iter().zip(&labels) {
        let _ = writeln!(
            s,
            r##"<line x1="{left:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end">{label}</text>"##,
            w - right,
            y(*v),
            y(*v),
            left - 4.0,
            y(*v) + 4.0,
        );
    }
    for (i, m) in marks.iter().enumerate() {
        let cx = left + step * (i as f64 + 0.5);
        let rec = scale(m, m.record);
        let tol_lo = scale(m, m.record * (1.0 - m.tolerance).max(0.0));
        let tol_hi = scale(m, m.record * (1.0 + m.tolerance));
        let _ = writeln!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#eee"/>"##,
            cx - step * 0.35,
            y(tol_hi),
            step * 0.7,
            (y(tol_lo) - y(tol_hi)).max(0.5)
        );
        if m.q05.is_finite() && m.q95.is_finite() {
            let (lo, hi) = (scale(m, m.q05), scale(m, m.q95));
            let _ = writeln!(
                s,
                r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#9ecae1"/>"##,
                cx - step * 0.15,
                y(hi),
                step * 0.3,
                (y(lo) - y(hi)).max(1.0)
            );
        }
        if m.mean.is_finite() {
            let _ = writeln!(
                s,
                r##"<circle cx="{cx:.1}" cy="{:.1}" r="3.5" fill="#08519c"/>"##,
                y(scale(m, m.mean))
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
        let ly = head + plot_h + 16.0;
        let anchor = if relative { "start" } else { "middle" };
        let _ = writeln!(
            s,
            r#"<text x="{cx:.1}" y="{ly:.1}" text-anchor="{anchor}" transform="rotate({angle} {cx:.1} {ly:.1})">{}</text>"#,
            xml(&m.label)
        );
    }
    // The key on two short lines, so that it fits the narrowest chart.
    let _ = writeln!(
        s,
        r##"<text x="10" y="{:.1}" fill="#555">black: the record; grey: its tolerance</text><text x="10" y="{:.1}" fill="#555">blue bar: model 5-95% over seeds; dot: model mean</text>"##,
        h - 22.0,
        h - 8.0
    );
    s.push_str("</svg>\n");
    s
}

/// Round ticks from 0 to at least `top`.
fn nice_ticks(top: f64) -> Vec<f64> {
    let raw = top / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|f| f * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let n = (top / step).ceil() as usize;
    (0..=n).map(|i| step * i as f64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(label: &str, record: f64, mean: f64) -> TargetMark {
        TargetMark {
            label: label.into(),
            record,
            tolerance: 0.2,
            mean,
            q05: mean * 0.9,
            q95: mean * 1.1,
        }
    }

    #[test]
    fn draws_one_mark_per_target_and_room_for_long_labels() {
        let marks = [
            mark("1937", 936_750.0, 900_000.0),
            mark("1938", 638_509.0, 700_000.0),
        ];
        let svg = target_chart("arrests", false, &marks);
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(svg.contains(">1937<") && svg.contains("full-scale equivalents"));
        assert!(!svg.contains("0.000"), "one unit on the axis: {svg}");
        let long = [mark("order_00447_executed_share_of_all", 1.0, 0.9)];
        let a = target_chart("summary", true, &long);
        let height = |s: &str| -> f64 {
            s.split("height=\"")
                .nth(1)
                .and_then(|h| h.split('"').next())
                .and_then(|h| h.parse().ok())
                .unwrap_or(0.0)
        };
        let short = target_chart("summary", true, &[mark("x", 1.0, 0.9)]);
        assert!(
            height(&a) > height(&short) + 60.0,
            "the long label gets room"
        );
    }
}
