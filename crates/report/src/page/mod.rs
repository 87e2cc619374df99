//! The page: sections in a fixed order, each drawn only when its data is present.

mod annual;
mod attribution;
mod camps;
mod capacity;
mod causes;
mod comparison;
mod elite;
mod explanations;
mod generation;
mod headline;
mod methods;
mod monthly;
mod party;
mod summary;
mod validation;

use std::fmt::Write as _;

use serde_json::Value;

use chistka_format::{count, figure, pct, resolved, xml};

use crate::svg::{self, Bars, HBar, Layer, Line};
use crate::{Inputs, PARTY_CSV, RECORD_ANNUAL_CSV, Report, Table};

const MODEL: &str = "#a4161a";
const RECORD: &str = "#3d4148";
const ACCENT: &str = "#d9822b";
const DARK: &str = "#1f1f1f";
const MUTED: &str = "#9aa0a6";

const CSS: &str = r#"
:root { --ink:#1d1d1f; --muted:#5f6368; --rule:#e3e0da; --paper:#fbfaf7; --red:#a4161a; }
* { box-sizing: border-box; }
body { margin:0; background:var(--paper); color:var(--ink);
  font: 16px/1.55 "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
header.top { background:#2b1a1a; color:#f7f1e8; padding:38px 0 30px; border-bottom:6px solid var(--red); }
.wrap { max-width: 1000px; margin: 0 auto; padding: 0 28px; }
h1, h2, h3 { font-family: Georgia, "Times New Roman", "DejaVu Serif", serif; font-weight: 600; }
h1 { font-size: 34px; margin: 0 0 6px; letter-spacing: .2px; }
header .sub { color:#dccfc0; margin:0; font-size:17px; }
header .meta { color:#bfb3a5; font-size:13.5px; margin-top:14px; }
.synthetic { background:#fff4d6; border:1px solid #e9c46a; border-left:6px solid #e9a23b; border-radius:6px;
  padding:12px 16px; margin:26px 0 8px; font-size:15px; }
nav.toc { margin: 18px 0 0; font-size: 14px; }
nav.toc a { color: var(--red); text-decoration: none; margin-right: 14px; white-space: nowrap; }
section { margin: 44px 0 10px; }
h2 { font-size: 26px; margin: 0 0 6px; border-bottom: 2px solid var(--rule); padding-bottom: 6px; }
.lead { color: var(--muted); margin: 6px 0 18px; max-width: 780px; }
figure { background:#fff; border:1px solid var(--rule); border-radius:10px; margin:18px 0; padding:16px 18px 12px;
  box-shadow: 0 1px 2px rgba(0,0,0,.04); break-inside: avoid; }
figure h3 { font-size: 19px; margin: 0 0 4px; }
figcaption { color: var(--muted); font-size: 13.5px; margin-top: 6px; }
.legend { display:flex; flex-wrap:wrap; gap: 6px 18px; font-size: 13.5px; margin: 4px 0 6px; color:#333; }
.legend span.key { display:inline-block; width:14px; height:14px; border-radius:3px; vertical-align:-2px; margin-right:6px; }
.legend span.key.line { height:4px; border-radius:2px; vertical-align:3px; width:20px; }
.legend span.key.dash { height:0; border-top:3px dashed; background:none !important; vertical-align:4px; width:20px; border-radius:0; }
.legend span.key.band { opacity:.3; }
svg.chart { width:100%; height:auto; display:block; }
svg.chart text { font-family: inherit; fill:#444; }
svg.chart .tick { font-size: 11.5px; fill:#666; }
svg.chart .label { font-size: 12.5px; fill:#222; }
svg.chart .value { font-size: 12.5px; fill:#333; }
svg.chart .grid { stroke:#ebe8e2; stroke-width:1; fill:none; }
svg.chart .axis { stroke:#888; stroke-width:1; fill:none; }
svg.chart .whisker { stroke:#111; stroke-width:1.3; fill:none; }
.badge { display:inline-block; font: 600 11px/1 system-ui, sans-serif; letter-spacing:.4px; text-transform:uppercase;
  color:#8a4b00; background:#ffe8c7; border:1px solid #f0c27a; border-radius:10px; padding:4px 8px; margin-left:10px; vertical-align:4px; }
.cards { display:grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 14px; margin-top: 18px; }
.card { background:#fff; border:1px solid var(--rule); border-radius:10px; padding:14px 16px; }
.card .k { font-size: 13.5px; color: var(--muted); }
.card .v { font: 600 28px/1.2 Georgia, "DejaVu Serif", serif; color: var(--red); margin: 4px 0; }
.card .r { font-size: 13px; color:#444; }
table.data { border-collapse: collapse; width: 100%; font-size: 14px; background:#fff; }
table.data th, table.data td { padding: 6px 10px; border-bottom: 1px solid var(--rule); text-align: right; }
table.data th:first-child, table.data td:first-child { text-align: left; }
table.data th { font-weight: 600; background: #f4f1ea; }
.note { font-size: 14.5px; max-width: 820px; }
.note li { margin: 4px 0; }
.scroll { overflow-x: auto; }
h3 { font-size: 18px; margin: 22px 0 8px; }
footer { color: var(--muted); font-size: 13px; border-top: 1px solid var(--rule); margin-top: 50px; padding: 18px 0 40px; }
@media print { header.top { background: none; color: #000; } figure { box-shadow:none; } }
"#;

/// A legend entry.
#[derive(Clone, Copy)]
enum Key {
    Box(&'static str),
    Line(&'static str),
    Dash(&'static str),
    Band(&'static str),
}

struct Page {
    body: String,
    toc: Vec<(String, String)>,
    charts: Vec<String>,
}

impl Page {
    fn section(&mut self, id: &str, title: &str, lead: &str) {
        if !self.body.is_empty() {
            self.body.push_str("</section>\n");
        }
        let _ = write!(
            self.body,
            "<section id=\"{id}\"><h2>{}</h2><p class=\"lead\">{lead}</p>",
            xml(title)
        );
        self.toc.push((id.into(), title.into()));
    }

    fn figure(
        &mut self,
        title: &str,
        badge: Option<&str>,
        legend: &[(String, Key)],
        svg: &str,
        caption: &str,
    ) {
        let _ = write!(self.body, "<figure><h3>{}", xml(title));
        if let Some(b) = badge {
            let _ = write!(self.body, "<span class=\"badge\">{}</span>", xml(b));
        }
        self.body.push_str("</h3>");
        if !legend.is_empty() {
            self.body.push_str("<div class=\"legend\">");
            for (name, key) in legend {
                let (class, color) = match key {
                    Key::Box(c) => ("key", c),
                    Key::Line(c) => ("key line", c),
                    Key::Dash(c) => ("key dash", c),
                    Key::Band(c) => ("key band", c),
                };
                let _ = write!(
                    self.body,
                    "<div><span class=\"{class}\" style=\"background:{color};border-color:{color}\"></span>{}</div>",
                    xml(name)
                );
            }
            self.body.push_str("</div>");
        }
        self.body.push_str(svg);
        let _ = write!(self.body, "<figcaption>{caption}</figcaption></figure>");
        self.charts.push(title.into());
    }
}

/// The record's value of a metric in a year.
fn record(record: &Table, year: &str, metric: &str) -> Option<f64> {
    let (y, m, v) = (
        record.col("year")?,
        record.col("metric")?,
        record.col("value")?,
    );
    record
        .rows
        .iter()
        .find(|r| {
            r.get(y).map(String::as_str) == Some(year)
                && r.get(m).map(String::as_str) == Some(metric)
        })
        .and_then(|r| r.get(v)?.parse().ok())
}

/// Party members and candidates on 1 January of `year`, from data/party.csv.
fn party_record(party: &Table, year: &str) -> Option<f64> {
    let (d, t) = (party.col("date")?, party.col("total")?);
    party
        .rows
        .iter()
        .find(|r| r.get(d).is_some_and(|s| s.starts_with(year)))
        .and_then(|r| r.get(t)?.parse().ok())
}

fn num(summary: Option<&Value>, key: &str) -> Option<f64> {
    summary?.get(key)?.as_f64()
}

/// Periods and, per metric, the run's values and the ensemble's bands over them.
pub(crate) struct Series<'a> {
    periods: Vec<String>,
    table: Option<&'a Table>,
    bands: Option<&'a crate::Bands>,
}

impl Series<'_> {
    fn values(&self, metric: &str) -> Vec<Option<f64>> {
        if let Some(col) = self.table.and_then(|t| t.column(metric)) {
            return col;
        }
        let Some(b) = self.bands else {
            return vec![None; self.periods.len()];
        };
        self.periods
            .iter()
            .map(|p| b.metric(metric).find(|r| &r.period == p).map(|r| r.p50))
            .collect()
    }
    fn band(&self, metric: &str) -> Option<Vec<Option<(f64, f64)>>> {
        let b = self.bands?;
        let v: Vec<Option<(f64, f64)>> = self
            .periods
            .iter()
            .map(|p| {
                b.metric(metric)
                    .find(|r| &r.period == p)
                    .map(|r| (r.p05, r.p95))
            })
            .collect();
        v.iter().any(Option::is_some).then_some(v)
    }
    fn has(&self, metric: &str) -> bool {
        self.table.is_some_and(|t| t.col(metric).is_some())
            || self
                .bands
                .is_some_and(|b| b.metric(metric).next().is_some())
    }
}

fn series<'a>(table: Option<&'a Table>, bands: Option<&'a crate::Bands>) -> Series<'a> {
    let periods = match (table, bands) {
        (Some(t), _) => t.labels(),
        (None, Some(b)) => b.periods(),
        (None, None) => Vec::new(),
    };
    Series {
        periods,
        table,
        bands,
    }
}

/// X labels at each January of a monthly series.
fn january_ticks(months: &[String]) -> Vec<(usize, String)> {
    months
        .iter()
        .enumerate()
        .filter(|(_, m)| m.ends_with("-01"))
        .map(|(i, m)| (i, m.chars().take(4).collect()))
        .collect()
}

/// Everything the sections share: the inputs, the record, and the run's or ensemble's series.
pub(crate) struct Context<'a> {
    pub(super) inputs: &'a Inputs,
    pub(super) rec: Table,
    pub(super) party: Table,
    pub(super) summary: Option<&'a Value>,
    pub(super) band_word: &'static str,
    pub(super) annual: Series<'a>,
    pub(super) monthly: Series<'a>,
    /// Full-scale people one simulated person stands for (1 when unknown): counts are rounded
    /// to what this resolves.
    pub(super) resolution: f64,
}

impl Context<'_> {
    /// A summary figure (`key` or `table.key`): the run's, else the ensemble's mean.
    pub(super) fn figure(&self, key: &str) -> Option<f64> {
        if let Some(s) = self.summary {
            let v = match key.split_once('.') {
                Some((t, k)) => s.get(t)?.get(k)?,
                None => s.get(key)?,
            };
            return v.as_f64();
        }
        let t = self.inputs.summary_bands.as_ref()?;
        let row = t.rows.iter().find(|r| t.text(r, "metric") == key)?;
        t.number(row, "mean")
    }
}

/// Full-scale people per simulated person, from `run.json` or the ensemble's scale.
fn resolution(inputs: &Inputs) -> f64 {
    let from_run = inputs
        .run
        .as_ref()
        .and_then(|r| r.get("mass_weight"))
        .and_then(Value::as_f64);
    let from_scale = inputs
        .ensemble
        .as_ref()
        .or(inputs.run.as_ref())
        .and_then(|r| r.get("scale"))
        .and_then(Value::as_f64)
        .filter(|s| *s > 0.0)
        .map(|s| 1.0 / s);
    from_run.or(from_scale).unwrap_or(1.0).max(1.0)
}

pub fn render(inputs: &Inputs) -> Report {
    let ensemble = inputs.annual_bands.is_some() || inputs.monthly_bands.is_some();
    let band_word = if ensemble {
        " The shaded band and whiskers span the 5th to 95th percentile of the ensemble's runs; the line or bar is the median."
    } else {
        ""
    };
    let cx = Context {
        inputs,
        rec: Table::parse(RECORD_ANNUAL_CSV).unwrap_or_default(),
        party: Table::parse(PARTY_CSV).unwrap_or_default(),
        summary: inputs.summary.as_ref(),
        band_word,
        annual: series(inputs.annual.as_ref(), inputs.annual_bands.as_ref()),
        monthly: series(inputs.monthly.as_ref(), inputs.monthly_bands.as_ref()),
        resolution: resolution(inputs),
    };
    let mut page = Page {
        body: String::new(),
        toc: Vec::new(),
        charts: Vec::new(),
    };
    for section in [
        headline::render,
        annual::render,
        monthly::render,
        causes::render,
        camps::render,
        party::render,
        elite::render,
        capacity::render,
        generation::render,
        validation::render,
        comparison::render,
        attribution::render,
        explanations::render,
        summary::render,
    ] {
        section(&mut page, &cx);
    }
    methods::render(&mut page, inputs);
    page.body.push_str("</section>\n");
    Report {
        html: wrap(inputs, &page),
        charts: page.charts,
    }
}

fn wrap(inputs: &Inputs, page: &Page) -> String {
    let run = inputs.run.as_ref().or(inputs.ensemble.as_ref());
    let field = |k: &str| -> Option<String> {
        run?.get(k).map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    };
    let scenario = field("scenario").unwrap_or_else(|| "unknown scenario".into());
    let mut meta = Vec::new();
    if let Some(e) = inputs.ensemble.as_ref() {
        meta.push(xml(&ensemble_words(e)));
    } else if ensemble_word(inputs) {
        meta.push("ensemble of runs (no ensemble.json: runs and seeds unknown)".to_string());
    }
    for (k, label) in [
        ("scenario", "scenario"),
        ("seed", "seed"),
        ("scale", "scale"),
        ("version", "chistka"),
        ("git_commit", "commit"),
    ] {
        if let Some(v) = field(k).filter(|v| v != "null") {
            let v = if k == "git_commit" {
                v.chars().take(10).collect()
            } else {
                v
            };
            meta.push(format!("{label} {}", xml(&v)));
        }
    }
    let toc: String = page
        .toc
        .iter()
        .map(|(id, t)| format!("<a href=\"#{id}\">{}</a> ", xml(t)))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>chistka report: {scenario}</title><style>{CSS}</style></head><body>\
<header class=\"top\"><div class=\"wrap\"><h1>The Great Purge, simulated</h1>\
<p class=\"sub\">A chistka report: what the model of the Soviet terror of 1934-1941 produced, beside the archival record.</p>\
<div class=\"meta\">{}</div></div></header>\
<main class=\"wrap\"><div class=\"synthetic\"><strong>The people are synthetic.</strong> Every person in \
this simulation is generated from aggregate census figures. Counts are full-scale equivalents; no \
figure or record here describes a real person.</div><nav class=\"toc\">{toc}</nav>\n{}\
</main><footer><div class=\"wrap\">Made with chistka, a simulator of political purges. One \
self-contained file: no scripts, no external resources.</div></footer></body></html>\n",
        meta.join(" · "),
        page.body,
        scenario = xml(&scenario),
    )
}

/// "ensemble of 20 runs, seeds 1937 to 1956", from `ensemble.json`.
fn ensemble_words(e: &Value) -> String {
    let runs = e.get("runs").and_then(Value::as_u64);
    let seeds: Vec<u64> = e
        .get("seeds")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    let seeds = match (seeds.first(), seeds.last()) {
        (Some(a), Some(b)) if a != b => format!(", seeds {a} to {b}"),
        (Some(a), _) => format!(", seed {a}"),
        _ => String::new(),
    };
    match runs {
        Some(1) => format!("ensemble of 1 run{seeds}"),
        Some(n) => format!("ensemble of {n} runs{seeds}"),
        None => format!("ensemble of runs{seeds}"),
    }
}

fn ensemble_word(inputs: &Inputs) -> bool {
    inputs.annual_bands.is_some() || inputs.monthly_bands.is_some()
}
