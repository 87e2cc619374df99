//! Inline SVG charts, drawn here rather than by a plotting library so the report needs nothing
//! outside the one HTML file: grouped bars, lines with bands, stacked areas, horizontal bars.
//!
//! Every chart scales to its container (`viewBox`, `width: 100%`); fonts come from the page's
//! CSS. Each mark carries a `<title>`, so hovering shows its exact value without any script.

use std::fmt::Write as _;

use chistka_format::{axis_labels, count, xml};

/// Width of every chart in SVG units.
const W: f64 = 760.0;
const LEFT: f64 = 64.0;
/// Room right of the plot, so the last x label (a year at the last January) is not cut.
const RIGHT: f64 = 30.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 34.0;

/// The style the report's page gives its charts, for a chart saved as a file of its own.
const STANDALONE_STYLE: &str = "<style>text{font-family:sans-serif;fill:#444}.tick{font-size:11.5px;fill:#666}\
.label,.value{font-size:12.5px;fill:#222}.grid{stroke:#ebe8e2;stroke-width:1;fill:none}\
.axis{stroke:#888;stroke-width:1;fill:none}.whisker{stroke:#111;stroke-width:1.3;fill:none}</style>\
<rect width=\"100%\" height=\"100%\" fill=\"white\"/>";

/// A chart of this module as a standalone SVG file: the page's chart style and a white
/// background inside it, and a fixed width so viewers that ignore `viewBox` show it whole.
pub fn standalone(chart: &str) -> String {
    let height = chart
        .split("viewBox=\"0 0 ")
        .nth(1)
        .and_then(|v| v.split('"').next())
        .and_then(|v| v.split(' ').nth(1))
        .unwrap_or("300");
    let chart = chart.replacen(
        "<svg class=\"chart\"",
        &format!("<svg width=\"{W}\" height=\"{height}\""),
        1,
    );
    match chart.find('>') {
        Some(i) => format!("{}{STANDALONE_STYLE}{}\n", &chart[..=i], &chart[i + 1..]),
        None => chart,
    }
}

/// Axis bounds and ticks covering `lo..=hi`, at a round step.
fn axis(lo: f64, hi: f64) -> (f64, f64, Vec<f64>) {
    let lo = lo.min(0.0);
    let hi = if hi > lo { hi } else { lo + 1.0 };
    let raw = (hi - lo) / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let step = mag
        * if f <= 1.0 {
            1.0
        } else if f <= 2.0 {
            2.0
        } else if f <= 2.5 {
            2.5
        } else if f <= 5.0 {
            5.0
        } else {
            10.0
        };
    let lo = (lo / step).floor() * step;
    let hi = (hi / step).ceil() * step;
    let n = ((hi - lo) / step).round() as usize;
    let ticks = (0..=n).map(|i| lo + step * i as f64).collect();
    (lo, hi, ticks)
}

fn extent(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values
        .filter(|v| v.is_finite())
        .fold((0.0, 0.0), |(a, b), v| (a.min(v), b.max(v)))
}

/// The frame of a vertical chart: y scale, horizontal grid, x labels.
struct Frame {
    h: f64,
    lo: f64,
    hi: f64,
    n: usize,
}

impl Frame {
    fn y(&self, v: f64) -> f64 {
        let plot = self.h - TOP - BOTTOM;
        TOP + plot * (1.0 - (v - self.lo) / (self.hi - self.lo))
    }
    fn slot(&self) -> f64 {
        (W - LEFT - RIGHT) / self.n.max(1) as f64
    }
    fn x(&self, i: usize) -> f64 {
        LEFT + self.slot() * (i as f64 + 0.5)
    }
    fn open(&self, s: &mut String, label: &str, ticks: &[f64], xticks: &[(usize, String)]) {
        let _ = write!(
            s,
            "<svg class=\"chart\" viewBox=\"0 0 {W} {h}\" role=\"img\" aria-label=\"{label}\" \
             xmlns=\"http://www.w3.org/2000/svg\">",
            h = self.h,
            label = xml(label)
        );
        for (&t, text) in ticks.iter().zip(axis_labels(ticks)) {
            let y = self.y(t);
            let class = if t == 0.0 { "axis" } else { "grid" };
            let _ = write!(
                s,
                "<path class=\"{class}\" d=\"M{LEFT} {y:.1}H{:.1}\"/>\
                 <text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                W - RIGHT,
                LEFT - 6.0,
                y + 4.0,
                text
            );
        }
        for (i, text) in xticks {
            let _ = write!(
                s,
                "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                self.x(*i),
                self.h - BOTTOM + 18.0,
                xml(text)
            );
        }
    }
}

/// One group of bars in a [`bar_chart`].
#[derive(Debug, Clone)]
pub struct Bars {
    /// Legend name.
    pub name: String,
    /// Fill colour.
    pub color: &'static str,
    /// One value per category (None: no bar).
    pub values: Vec<Option<f64>>,
    /// 5th-95th percentile whiskers per category, from an ensemble.
    pub whiskers: Option<Vec<Option<(f64, f64)>>>,
}

/// Grouped vertical bars, one slot per category.
pub fn bar_chart(label: &str, categories: &[String], groups: &[Bars]) -> String {
    let all = groups.iter().flat_map(|g| {
        g.values.iter().flatten().copied().chain(
            g.whiskers
                .iter()
                .flatten()
                .flatten()
                .flat_map(|&(a, b)| [a, b]),
        )
    });
    let (lo, hi) = extent(all);
    let (lo, hi, ticks) = axis(lo, hi);
    let f = Frame {
        h: 260.0,
        lo,
        hi,
        n: categories.len(),
    };
    let xt: Vec<(usize, String)> = categories.iter().cloned().enumerate().collect();
    let mut s = String::new();
    f.open(&mut s, label, &ticks, &xt);
    let k = groups.len().max(1) as f64;
    let bw = (f.slot() * 0.78 / k).min(34.0);
    for (g, group) in groups.iter().enumerate() {
        for (i, v) in group.values.iter().enumerate() {
            let x = f.x(i) - bw * k / 2.0 + bw * g as f64;
            if let Some(v) = *v {
                let (y0, y1) = (f.y(v.max(0.0)), f.y(v.min(0.0)));
                let _ = write!(
                    s,
                    "<rect x=\"{:.1}\" y=\"{y0:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\">\
                     <title>{} {}: {}</title></rect>",
                    x + 1.0,
                    bw - 2.0,
                    (y1 - y0).max(0.5),
                    group.color,
                    xml(&categories[i]),
                    xml(&group.name),
                    count(v)
                );
            }
            if let Some(Some((a, b))) = group.whiskers.as_ref().and_then(|w| w.get(i)) {
                let cx = x + bw / 2.0;
                let _ = write!(
                    s,
                    "<path class=\"whisker\" d=\"M{cx:.1} {:.1}V{:.1}M{:.1} {:.1}h{:.1}M{:.1} {:.1}h{:.1}\">\
                     <title>{} {}: 5th-95th percentile {} to {}</title></path>",
                    f.y(*a),
                    f.y(*b),
                    cx - 4.0,
                    f.y(*a),
                    8.0,
                    cx - 4.0,
                    f.y(*b),
                    8.0,
                    xml(&categories[i]),
                    xml(&group.name),
                    count(*a),
                    count(*b)
                );
            }
        }
    }
    s.push_str("</svg>");
    s
}

/// One series of a [`line_chart`].
#[derive(Debug, Clone)]
pub struct Line {
    /// Legend name.
    pub name: String,
    /// Stroke colour.
    pub color: &'static str,
    /// One value per x position (None: a gap).
    pub values: Vec<Option<f64>>,
    /// Dashed stroke (used for the archival record).
    pub dashed: bool,
    /// Draw a marker at each point.
    pub markers: bool,
    /// A shaded 5th-95th percentile band.
    pub band: Option<Vec<Option<(f64, f64)>>>,
}

/// Lines over positions `0..labels.len()`, with x labels at `xticks`.
pub fn line_chart(
    label: &str,
    labels: &[String],
    xticks: &[(usize, String)],
    lines: &[Line],
) -> String {
    let all = lines.iter().flat_map(|l| {
        l.values
            .iter()
            .flatten()
            .copied()
            .chain(l.band.iter().flatten().flatten().flat_map(|&(a, b)| [a, b]))
    });
    let (lo, hi) = extent(all);
    let (lo, hi, ticks) = axis(lo, hi);
    let f = Frame {
        h: 280.0,
        lo,
        hi,
        n: labels.len(),
    };
    let mut s = String::new();
    f.open(&mut s, label, &ticks, xticks);
    for l in lines {
        if let Some(band) = &l.band {
            for run in runs(band) {
                let mut d = String::new();
                for &(i, (a, _)) in &run {
                    let _ = write!(
                        d,
                        "{}{:.1} {:.1}",
                        if d.is_empty() { "M" } else { "L" },
                        f.x(i),
                        f.y(a)
                    );
                }
                for &(i, (_, b)) in run.iter().rev() {
                    let _ = write!(d, "L{:.1} {:.1}", f.x(i), f.y(b));
                }
                let _ = write!(
                    s,
                    "<path d=\"{d}Z\" fill=\"{}\" fill-opacity=\"0.18\" stroke=\"none\"/>",
                    l.color
                );
            }
        }
    }
    for l in lines {
        for run in runs(&l.values) {
            let mut d = String::new();
            for &(i, v) in &run {
                let _ = write!(
                    d,
                    "{}{:.1} {:.1}",
                    if d.is_empty() { "M" } else { "L" },
                    f.x(i),
                    f.y(v)
                );
            }
            let _ = write!(
                s,
                "<path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.2\"{}/>",
                l.color,
                if l.dashed {
                    " stroke-dasharray=\"5 4\""
                } else {
                    ""
                }
            );
            if l.markers {
                for &(i, v) in &run {
                    let _ = write!(
                        s,
                        "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.6\" fill=\"{}\" stroke=\"#fff\" \
                         stroke-width=\"1\"><title>{} {}: {}</title></circle>",
                        f.x(i),
                        f.y(v),
                        l.color,
                        xml(&labels[i]),
                        xml(&l.name),
                        count(v)
                    );
                }
            }
        }
    }
    s.push_str("</svg>");
    s
}

/// Maximal runs of consecutive present values, with their positions.
fn runs<T: Copy>(values: &[Option<T>]) -> Vec<Vec<(usize, T)>> {
    let mut out: Vec<Vec<(usize, T)>> = Vec::new();
    let mut cur = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => cur.push((i, *v)),
            None if !cur.is_empty() => out.push(std::mem::take(&mut cur)),
            None => {}
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// One layer of a [`stacked_area`].
#[derive(Debug, Clone)]
pub struct Layer {
    /// Legend name.
    pub name: String,
    /// Fill colour.
    pub color: &'static str,
    /// One value per x position.
    pub values: Vec<f64>,
}

/// Layers stacked bottom to top, in the order given.
pub fn stacked_area(label: &str, n: usize, xticks: &[(usize, String)], layers: &[Layer]) -> String {
    let totals: Vec<f64> = (0..n)
        .map(|i| {
            layers
                .iter()
                .map(|l| l.values.get(i).copied().unwrap_or(0.0))
                .sum()
        })
        .collect();
    let (lo, hi) = extent(totals.iter().copied());
    let (lo, hi, ticks) = axis(lo, hi);
    let f = Frame {
        h: 280.0,
        lo,
        hi,
        n,
    };
    let mut s = String::new();
    f.open(&mut s, label, &ticks, xticks);
    let mut base = vec![0.0; n];
    for l in layers {
        let top: Vec<f64> = (0..n)
            .map(|i| base[i] + l.values.get(i).copied().unwrap_or(0.0))
            .collect();
        let mut d = String::new();
        for (i, v) in top.iter().enumerate() {
            let _ = write!(
                d,
                "{}{:.1} {:.1}",
                if i == 0 { "M" } else { "L" },
                f.x(i),
                f.y(*v)
            );
        }
        for i in (0..n).rev() {
            let _ = write!(d, "L{:.1} {:.1}", f.x(i), f.y(base[i]));
        }
        let total: f64 = l.values.iter().sum();
        let _ = write!(
            s,
            "<path d=\"{d}Z\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"0.4\">\
             <title>{}: {} in all</title></path>",
            l.color,
            xml(&l.name),
            count(total)
        );
        base = top;
    }
    s.push_str("</svg>");
    s
}

/// One row of an [`hbar_chart`].
#[derive(Debug, Clone)]
pub struct HBar {
    /// Row label (left).
    pub label: String,
    /// Bar length.
    pub value: f64,
    /// Text after the bar.
    pub text: String,
    /// Fill colour.
    pub color: &'static str,
    /// Optional whisker (5th-95th percentile).
    pub whisker: Option<(f64, f64)>,
}

/// Horizontal bars from a zero line; negative values go left. `fmt` labels the axis.
pub fn hbar_chart(
    label: &str,
    rows: &[HBar],
    domain: Option<(f64, f64)>,
    fmt: fn(f64) -> String,
) -> String {
    const LABEL_W: f64 = 235.0;
    const TEXT_W: f64 = 165.0;
    const ROW: f64 = 30.0;
    let (lo, hi) = domain.unwrap_or_else(|| {
        extent(rows.iter().flat_map(|r| {
            [r.value]
                .into_iter()
                .chain(r.whisker.into_iter().flat_map(|(a, b)| [a, b]))
        }))
    });
    let (lo, hi, ticks) = axis(lo, hi);
    let h = TOP + ROW * rows.len() as f64 + BOTTOM;
    let x0 = LABEL_W;
    let x1 = W - TEXT_W;
    let x = |v: f64| x0 + (x1 - x0) * (v - lo) / (hi - lo);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"chart\" viewBox=\"0 0 {W} {h}\" role=\"img\" aria-label=\"{}\" \
         xmlns=\"http://www.w3.org/2000/svg\">",
        xml(label)
    );
    for &t in &ticks {
        let _ = write!(
            s,
            "<path class=\"{}\" d=\"M{:.1} {TOP}V{:.1}\"/>\
             <text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            if t == 0.0 { "axis" } else { "grid" },
            x(t),
            h - BOTTOM,
            x(t),
            h - BOTTOM + 18.0,
            fmt(t)
        );
    }
    for (i, r) in rows.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let (a, b) = (x(r.value.min(0.0)), x(r.value.max(0.0)));
        let _ = write!(
            s,
            "<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{a:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\">\
             <title>{}: {}</title></rect>\
             <text class=\"value\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x0 - 10.0,
            y + ROW / 2.0 + 4.0,
            xml(&r.label),
            y + 5.0,
            (b - a).max(1.0),
            ROW - 10.0,
            r.color,
            xml(&r.label),
            xml(&r.text),
            x1 + 8.0,
            y + ROW / 2.0 + 4.0,
            xml(&r.text)
        );
        if let Some((p, q)) = r.whisker {
            let cy = y + ROW / 2.0;
            let _ = write!(
                s,
                "<path class=\"whisker\" d=\"M{:.1} {cy:.1}H{:.1}M{:.1} {:.1}v8M{:.1} {:.1}v8\"/>",
                x(p),
                x(q),
                x(p),
                cy - 4.0,
                x(q),
                cy - 4.0
            );
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_round() {
        let (lo, hi, ticks) = axis(0.0, 936_750.0);
        assert_eq!((lo, hi), (0.0, 1_000_000.0));
        assert_eq!(ticks.len(), 6);
        let (lo, _, _) = axis(-30.0, 100.0);
        assert!(lo <= -30.0);
    }

    #[test]
    fn charts_draw_marks() {
        let cats: Vec<String> = vec!["1937".into(), "1938".into()];
        let bars = bar_chart(
            "t",
            &cats,
            &[Bars {
                name: "model".into(),
                color: "#000",
                values: vec![Some(1.0), None],
                whiskers: None,
            }],
        );
        assert_eq!(bars.matches("<rect").count(), 1);
        let line = line_chart(
            "t",
            &cats,
            &[],
            &[Line {
                name: "m".into(),
                color: "#000",
                values: vec![Some(1.0), Some(2.0)],
                dashed: false,
                markers: true,
                band: Some(vec![Some((0.5, 1.5)), Some((1.0, 3.0))]),
            }],
        );
        assert_eq!(line.matches("<path d=").count(), 2);
    }
}
