//! The page: sections in a fixed order, each drawn only when its data is present.

use std::fmt::Write as _;

use serde_json::Value;

use crate::svg::{self, Bars, HBar, Layer, Line, esc, int, pct};
use crate::{Inputs, PARTY_CSV, RECORD_ANNUAL_CSV, Report, Table};

const MODEL: &str = "#a4161a";
const RECORD: &str = "#3d4148";
const ACCENT: &str = "#d9822b";
const DARK: &str = "#1f1f1f";
const MUTED: &str = "#9aa0a6";

/// Causes of arrest in stacking order (top-down first), with colours and readable names.
const CAUSES: [(&str, &str, &str); 7] = [
    ("quota", "#7f1d1d", "Quota operation (order 00447)"),
    ("national", "#c2410c", "National operations"),
    ("centre", "#111827", "Ordered from the centre"),
    ("named", "#f59e0b", "Named under interrogation"),
    ("denunciation", "#7c3aed", "Denunciation"),
    ("patronage", "#2563eb", "Fell with a patron"),
    ("ordinary", "#9ca3af", "Ordinary policing"),
];

/// Elite groups: summary key of those repressed, key or fixed size of the group, what happened,
/// and the literature's figure (repressed, of) with its source.
const ELITE: [EliteGroup; 6] = [
    EliteGroup {
        label: "Delegates to the 17th Congress",
        key: "congress17_delegates_arrested",
        what: "arrested",
        of: Denominator::Key("congress17_delegates"),
        literature: (1108.0, 1966.0),
        source: "Khrushchev 1956",
    },
    EliteGroup {
        label: "Central Committee of 1934",
        key: "central_committee_1934_executed",
        what: "shot",
        of: Denominator::Key("central_committee_1934"),
        literature: (98.0, 139.0),
        source: "Khrushchev 1956",
    },
    EliteGroup {
        label: "Marshals",
        key: "marshals_repressed",
        what: "repressed",
        of: Denominator::Fixed(5.0),
        literature: (3.0, 5.0),
        source: "Conquest 1990",
    },
    EliteGroup {
        label: "Army commanders",
        key: "army_commanders_repressed",
        what: "repressed",
        of: Denominator::Fixed(15.0),
        literature: (13.0, 15.0),
        source: "Conquest 1990",
    },
    EliteGroup {
        label: "Corps commanders",
        key: "corps_commanders_repressed",
        what: "repressed",
        of: Denominator::Fixed(57.0),
        literature: (50.0, 57.0),
        source: "Conquest 1990",
    },
    EliteGroup {
        label: "Division commanders",
        key: "division_commanders_repressed",
        what: "repressed",
        of: Denominator::Fixed(186.0),
        literature: (154.0, 186.0),
        source: "Conquest 1990",
    },
];

/// An elite group of the report's elite chart.
struct EliteGroup {
    label: &'static str,
    key: &'static str,
    what: &'static str,
    of: Denominator,
    literature: (f64, f64),
    source: &'static str,
}

#[derive(Debug, Clone, Copy)]
enum Denominator {
    Key(&'static str),
    Fixed(f64),
}

/// Headline figures: summary key, label, the record's value and its source.
const HEADLINES: [(&str, &str, Option<f64>, &str); 6] = [
    (
        "arrests_1937_1938",
        "Arrests, 1937-38",
        Some(1_548_366.0),
        "rehabilitation commission, V2",
    ),
    (
        "executions_1937_1938",
        "Executions, 1937-38",
        Some(681_692.0),
        "rehabilitation commission, V2",
    ),
    (
        "order_00447_sentenced",
        "Sentenced under order 00447",
        Some(767_000.0),
        "about; Werth, Jansen & Petrov, V2",
    ),
    (
        "order_00447_executed",
        "Shot under order 00447",
        Some(387_000.0),
        "about; Werth, Jansen & Petrov, V2",
    ),
    (
        "national_operations_executed",
        "Shot in the national operations",
        Some(247_157.0),
        "V2",
    ),
    (
        "deaths_in_custody_1937_1941",
        "Deaths in camps, 1937-41",
        None,
        "no target: the later Gulag years are not calibrated",
    ),
];

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
            esc(title)
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
        let _ = write!(self.body, "<figure><h3>{}", esc(title));
        if let Some(b) = badge {
            let _ = write!(self.body, "<span class=\"badge\">{}</span>", esc(b));
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
                    esc(name)
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
struct Series<'a> {
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

pub fn render(inputs: &Inputs) -> Report {
    let rec = Table::parse(RECORD_ANNUAL_CSV).unwrap_or_default();
    let party = Table::parse(PARTY_CSV).unwrap_or_default();
    let summary = inputs.summary.as_ref();
    let ensemble = inputs.annual_bands.is_some() || inputs.monthly_bands.is_some();
    let band_word = if ensemble {
        " The shaded band and whiskers span the 5th to 95th percentile of the ensemble's runs; the line or bar is the median."
    } else {
        ""
    };
    let mut page = Page {
        body: String::new(),
        toc: Vec::new(),
        charts: Vec::new(),
    };

    // Headline figures.
    let cards: Vec<String> = HEADLINES
        .iter()
        .filter_map(|&(key, label, record, source)| {
            let v = num(summary, key)?;
            let r = match record {
                Some(r) => format!("Record {} ({source}): the model is at {} of it", int(r), pct(v / r)),
                None => format!("Record: {source}"),
            };
            Some(format!(
                "<div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{}</div><div class=\"r\">{}</div></div>",
                esc(label),
                int(v),
                esc(&r)
            ))
        })
        .collect();
    if !cards.is_empty() {
        page.section(
            "headline",
            "The terror in numbers",
            "Full-scale equivalents: the model's counts scaled up to the whole Soviet population of 162 million, beside the archival record.",
        );
        let _ = write!(page.body, "<div class=\"cards\">{}</div>", cards.concat());
    }

    // Annual flows against the record.
    let annual = series(inputs.annual.as_ref(), inputs.annual_bands.as_ref());
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
                .map(|y| record(&rec, y, metric))
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

    // Monthly curves.
    let monthly = series(inputs.monthly.as_ref(), inputs.monthly_bands.as_ref());
    if !monthly.periods.is_empty() && monthly.has("arrests") {
        page.section(
            "monthly",
            "Month by month",
            "The same flows by month show the shape of the terror: the mass operations from August 1937, their peak, and the halt of 17 November 1938.",
        );
        let ticks = january_ticks(&monthly.periods);
        let mut lines = Vec::new();
        let mut legend = Vec::new();
        for (metric, name, color) in [
            ("arrests", "Arrests", MODEL),
            ("convictions", "Political convictions", ACCENT),
            ("executions", "Executions", DARK),
        ] {
            if monthly.has(metric) {
                lines.push(Line {
                    name: name.into(),
                    color,
                    values: monthly.values(metric),
                    dashed: false,
                    markers: false,
                    band: monthly.band(metric),
                });
                legend.push((name.to_string(), Key::Line(color)));
            }
        }
        if monthly.bands.is_some() {
            legend.push(("5th-95th percentile of runs".into(), Key::Band(MODEL)));
        }
        let title = "Arrests, convictions and executions per month";
        let svg = svg::line_chart(title, &monthly.periods, &ticks, &lines);
        page.figure(
            title,
            None,
            &legend,
            &svg,
            &format!("Full-scale equivalents per calendar month.{band_word}"),
        );
    }

    // Arrests by cause.
    let cause_cols: Vec<(&str, &str, &str)> = CAUSES
        .iter()
        .copied()
        .filter(|(c, _, _)| monthly.has(&format!("arrests_{c}")))
        .collect();
    if !cause_cols.is_empty() {
        page.section(
            "causes",
            "How people came to be arrested",
            "Every simulated arrest records its cause. Quota and national operations were ordered from the top; arrests of people named under interrogation are the machinery feeding itself; denunciations come from below.",
        );
        let n = monthly.periods.len();
        let layers: Vec<Layer> = cause_cols
            .iter()
            .map(|&(c, color, name)| Layer {
                name: name.into(),
                color,
                values: monthly
                    .values(&format!("arrests_{c}"))
                    .into_iter()
                    .map(|v| v.unwrap_or(0.0))
                    .collect(),
            })
            .collect();
        let totals: Vec<f64> = layers.iter().map(|l| l.values.iter().sum()).collect();
        let all: f64 = totals.iter().sum();
        let legend: Vec<(String, Key)> = layers
            .iter()
            .zip(&totals)
            .filter(|(_, t)| **t > 0.0)
            .map(|(l, t)| {
                (
                    format!(
                        "{} ({})",
                        l.name,
                        if all > 0.0 { pct(t / all) } else { "0%".into() }
                    ),
                    Key::Box(l.color),
                )
            })
            .collect();
        let title = "Arrests per month by cause";
        let svg = svg::stacked_area(title, n, &january_ticks(&monthly.periods), &layers);
        let absent: Vec<&str> = layers
            .iter()
            .zip(&totals)
            .filter(|(_, t)| **t == 0.0)
            .map(|(l, _)| l.name.as_str())
            .collect();
        let absent = if absent.is_empty() {
            String::new()
        } else {
            format!(" No arrests in this run from: {}.", esc(&absent.join(", ")))
        };
        page.figure(
            title,
            None,
            &legend,
            &svg,
            &format!("Stacked: the top edge is all arrests. Shares of the whole run in the legend.{absent}"),
        );
    }

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
            .map(|y| record(&rec, y, "camp_population_jan1"))
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

    // The party.
    if annual.has("party_members_jan1") {
        page.section(
            "party",
            "The party",
            "Members and candidates of the VKP(b) on 1 January: the purges and expulsions, then the mass recruitment of 1938-41 that refilled the emptied posts.",
        );
        let rec_values: Vec<Option<f64>> = annual
            .periods
            .iter()
            .map(|y| party_record(&party, y))
            .collect();
        let title = "Party members and candidates on 1 January";
        let xt: Vec<(usize, String)> = annual.periods.iter().cloned().enumerate().collect();
        let svg = svg::line_chart(
            title,
            &annual.periods,
            &xt,
            &[
                Line {
                    name: "Model".into(),
                    color: MODEL,
                    values: annual.values("party_members_jan1"),
                    dashed: false,
                    markers: true,
                    band: annual.band("party_members_jan1"),
                },
                Line {
                    name: "Record (Rigby 1968)".into(),
                    color: RECORD,
                    values: rec_values,
                    dashed: true,
                    markers: true,
                    band: None,
                },
            ],
        );
        let mut caption =
            String::from("Record: Rigby, Communist Party Membership in the USSR 1917-1967 (1968).");
        if let Some(share) = num(summary, "party_1941_joined_since_1938_share") {
            let _ = write!(
                caption,
                " In the model, {} of the members and candidates of 1 January 1941 had joined since 1938.",
                pct(share)
            );
        }
        if let Some(n) = num(summary, "new_party_members_1937_1941") {
            let _ = write!(caption, " New members admitted 1937-40: {}.", int(n));
        }
        page.figure(
            title,
            None,
            &[
                ("Model".into(), Key::Line(MODEL)),
                ("Archival record".into(), Key::Dash(RECORD)),
            ],
            &svg,
            &caption,
        );
    }

    // Cohorts: who the party of 1941 was.
    if let Some(cohorts) = summary
        .and_then(|s| s.get("party_1941_by_joining_period"))
        .and_then(Value::as_object)
    {
        let labels = [
            ("before_1918", "Joined before 1918 (Old Bolsheviks)"),
            ("1918_1932", "Joined 1918-1932"),
            ("1933_1937", "Joined 1933-1937"),
            ("1938_1940", "Joined 1938-1940 (after the purges)"),
        ];
        let rows: Vec<HBar> = labels
            .iter()
            .filter_map(|(k, label)| {
                let v = cohorts.get(*k)?.as_f64()?;
                Some(HBar {
                    label: (*label).into(),
                    value: v,
                    text: pct(v),
                    color: MODEL,
                    whisker: None,
                })
            })
            .collect();
        if !rows.is_empty() {
            let title = "The party of 1 January 1941 by year of joining";
            let svg = svg::hbar_chart(title, &rows, Some((0.0, 1.0)), pct);
            page.figure(
                title,
                None,
                &[],
                &svg,
                "Members and candidates on 1 January 1941 by the year they first joined. The seed text: \"more than half of all Communist Party members in 1941 had joined since the purges\".",
            );
        }
    }

    // Elites.
    let mut rows = Vec::new();
    for EliteGroup {
        label,
        key,
        what,
        of: den,
        literature: (lit, lit_of),
        source,
    } in ELITE
    {
        let Some(v) = num(summary, key) else { continue };
        let of = match den {
            Denominator::Key(k) => num(summary, k).unwrap_or(0.0),
            Denominator::Fixed(n) => n,
        };
        if of <= 0.0 {
            continue;
        }
        rows.push(HBar {
            label: label.into(),
            value: v / of,
            text: format!("{} of {} {what}", int(v), int(of)),
            color: MODEL,
            whisker: None,
        });
        rows.push(HBar {
            label: source.into(),
            value: lit / lit_of,
            text: format!("{} of {}", int(lit), int(lit_of)),
            color: MUTED,
            whisker: None,
        });
    }
    if !rows.is_empty() {
        page.section(
            "elite",
            "The elite and the army",
            "The elite layer is simulated at full scale, one person each: the Central Committee, the Congress delegates, the regional first secretaries, the senior army ranks.",
        );
        let title = "Share of each elite group repressed";
        let svg = svg::hbar_chart(title, &rows, Some((0.0, 1.0)), pct);
        page.figure(
            title,
            Some("not calibrated"),
            &[
                ("Model".into(), Key::Box(MODEL)),
                ("Literature (MEM: standard values, not re-checked)".into(), Key::Box(MUTED)),
            ],
            &svg,
            "Red: the model. Grey, labelled with their source: the figures usually cited (Khrushchev's secret speech of 1956; Conquest, The Great Terror, 1990). The elite and military mechanisms are not yet calibrated.",
        );
    }

    // Capacity.
    if let Some(cap) = summary
        .and_then(|s| s.get("capacity_1941_vs_1934"))
        .and_then(Value::as_object)
    {
        let rows: Vec<HBar> = cap
            .iter()
            .filter_map(|(k, v)| {
                let v = v.as_f64()?;
                Some(HBar {
                    label: k.replace('_', " "),
                    value: v,
                    text: format!("{} of 1934", pct(v)),
                    color: if v < 1.0 { MODEL } else { "#2f7d4a" },
                    whisker: None,
                })
            })
            .collect();
        if !rows.is_empty() {
            page.section(
                "capacity",
                "Did the purges weaken the state?",
                "Indices of the experience of the people holding economic, military and intellectual posts, in 1941 as a share of 1934.",
            );
            let max = rows.iter().map(|r| r.value).fold(1.2, f64::max);
            let title = "Capacity in 1941 relative to 1934";
            let svg = svg::hbar_chart(title, &rows, Some((0.0, max)), pct);
            page.figure(
                title,
                Some("not calibrated"),
                &[],
                &svg,
                "100% means no change since 1934.",
            );
        }
    }

    // Counterfactuals and attribution.
    for (table, id, title, lead) in [
        (
            inputs.comparison.as_ref(),
            "comparison",
            "Counterfactual comparison",
            "Two scenarios run on the same seeds (common random numbers), so the differences come from the scenarios, not from chance.",
        ),
        (
            inputs.attribution.as_ref(),
            "attribution",
            "Which mechanism did what",
            "Each mechanism's Shapley share, computed over runs with mechanisms switched off, beside the direct shares by cause that the provenance of each arrest gives.",
        ),
    ] {
        if let Some(t) = table {
            page.section(id, title, lead);
            generic(&mut page, t, title);
        }
    }

    // Every headline figure of the summary.
    if let Some(obj) = summary.and_then(Value::as_object) {
        let mut rows = String::new();
        for (k, v) in obj {
            match v {
                Value::Number(n) => {
                    let x = n.as_f64().unwrap_or(0.0);
                    let shown = figure(x);
                    let _ = write!(rows, "<tr><td>{}</td><td>{shown}</td></tr>", esc(k));
                }
                Value::Object(m) => {
                    for (k2, v2) in m {
                        if let Some(x) = v2.as_f64() {
                            let shown = figure(x);
                            let _ = write!(
                                rows,
                                "<tr><td>{}.{}</td><td>{shown}</td></tr>",
                                esc(k),
                                esc(k2)
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        if !rows.is_empty() {
            page.section(
                "summary",
                "All headline figures",
                "Every figure in the run's summary.json, full-scale equivalents.",
            );
            let _ = write!(
                page.body,
                "<table class=\"data\"><tr><th>key</th><th>value</th></tr>{rows}</table>"
            );
        }
    }

    methods(&mut page, inputs);
    page.body.push_str("</section>\n");
    Report {
        html: wrap(inputs, &page),
        charts: page.charts,
    }
}

/// A summary value: whole counts with separators, shares and means with three decimals.
fn figure(x: f64) -> String {
    if x.fract() != 0.0 && x.abs() < 100.0 {
        format!("{x:.3}")
    } else {
        int(x)
    }
}

/// A table from another command, charted by its main numeric column and listed in full.
fn generic(page: &mut Page, t: &Table, title: &str) {
    let numeric: Vec<usize> = (0..t.columns.len()).filter(|&c| t.is_numeric(c)).collect();
    let labels: Vec<usize> = (0..t.columns.len())
        .filter(|c| !numeric.contains(c))
        .collect();
    let pick = ["difference", "diff", "mean", "shapley_share", "share"]
        .iter()
        .find_map(|name| numeric.iter().copied().find(|&c| t.columns[c] == *name))
        .or_else(|| {
            numeric
                .iter()
                .copied()
                .find(|&c| t.columns[c].contains("share"))
        })
        .or_else(|| numeric.first().copied());
    if let Some(v) = pick {
        let lo = t.col("p05");
        let hi = t.col("p95");
        let is_share = t.columns[v].contains("share");
        let rows: Vec<HBar> = t
            .rows
            .iter()
            .take(24)
            .filter_map(|r| {
                let value: f64 = r.get(v)?.parse().ok()?;
                let label = labels
                    .iter()
                    .filter_map(|&c| r.get(c).filter(|s| !s.is_empty()).cloned())
                    .collect::<Vec<_>>()
                    .join(" · ");
                let whisker = match (lo, hi) {
                    (Some(a), Some(b)) => Some((r.get(a)?.parse().ok()?, r.get(b)?.parse().ok()?)),
                    _ => None,
                };
                Some(HBar {
                    label,
                    text: if is_share { pct(value) } else { int(value) },
                    color: if value < 0.0 { "#2f6f8f" } else { MODEL },
                    value,
                    whisker,
                })
            })
            .collect();
        if !rows.is_empty() {
            let chart_title = format!("{title}: {}", t.columns[v].replace('_', " "));
            let svg = if is_share {
                svg::hbar_chart(&chart_title, &rows, None, pct)
            } else {
                svg::hbar_chart(&chart_title, &rows, None, svg::short)
            };
            let more = if t.rows.len() > 24 {
                " The first 24 rows are charted; all are listed below."
            } else {
                ""
            };
            page.figure(
                &chart_title,
                None,
                &[],
                &svg,
                &format!("Whiskers: 5th to 95th percentile over runs, where given.{more}"),
            );
        }
    }
    page.body.push_str("<table class=\"data\"><tr>");
    for c in &t.columns {
        let _ = write!(page.body, "<th>{}</th>", esc(c));
    }
    page.body.push_str("</tr>");
    for r in &t.rows {
        page.body.push_str("<tr>");
        for (c, cell) in r.iter().enumerate() {
            let shown = match cell.parse::<f64>() {
                Ok(x) if numeric.contains(&c) && x.abs() >= 10.0 => int(x),
                Ok(x) if numeric.contains(&c) => format!("{x:.3}"),
                _ => esc(cell),
            };
            let _ = write!(page.body, "<td>{shown}</td>");
        }
        page.body.push_str("</tr>");
    }
    page.body.push_str("</table>");
}

fn methods(page: &mut Page, inputs: &Inputs) {
    page.section("methods", "How to read this report", "");
    let scale = inputs
        .run
        .as_ref()
        .and_then(|r| r.get("scale"))
        .and_then(Value::as_f64);
    let scale_note = match scale {
        Some(s) => format!(
            "This run simulated {} of the population: each simulated ordinary person stands for {} real people.",
            pct(s),
            int(1.0 / s)
        ),
        None => String::new(),
    };
    let _ = write!(
        page.body,
        "<div class=\"note\">\
<p><strong>The people are synthetic.</strong> chistka generates its population from the aggregate \
structure of the 1937 census (regions, town and village, sex, age, social category, nationality, \
party membership). No person in this model, and no record it writes, describes a real person. The \
elite layer (Central Committee, Congress delegates, first secretaries, senior army ranks) has the \
real group sizes, but its members are not the historical individuals.</p>\
<p><strong>Counts are full-scale equivalents.</strong> {scale_note} Elite people count one each. \
Counts are therefore rounded to the scale's resolution.</p>\
<p><strong>What is calibrated, and what is not.</strong> The model's parameters are plausible \
defaults, each with a source or marked as an assumption in the scenario file; they are not yet fitted \
to the record. Figures marked <span class=\"badge\">not calibrated</span> have no target in the model's \
record at all: the elite and the military (no historical target is used), capacity indices, and the \
camp population after 1937 (the record used stops at 1 January 1937 on purpose, so that the later years \
are a forecast).</p>\
<p><strong>Sources of the record.</strong></p><ul>\
<li>Arrests by year: MVD certificate of December 1953 (standard literature value); 1937-38 totals: \
rehabilitation commission, Getty &amp; Naumov, <em>The Road to Terror</em> (1999).</li>\
<li>Convictions, executions, camp and exile sentences: Popov 1992; Getty, Rittersporn &amp; Zemskov, \
\"Victims of the Soviet Penal System in the Pre-war Years\", <em>American Historical Review</em> 98(4), 1993.</li>\
<li>Camp population: Zemskov, <em>GULAG</em> (1991); GARF f.9414.</li>\
<li>Party membership: Rigby, <em>Communist Party Membership in the USSR 1917-1967</em> (1968).</li>\
<li>Mass operations: Werth, \"The NKVD Mass Secret Operation no. 00447\"; Jansen &amp; Petrov, \
<em>Stalin's Loyal Executioner</em> (2002).</li>\
<li>Elite and army: Khrushchev's secret speech (1956); Conquest, <em>The Great Terror</em> (1990 ed.).</li>\
</ul>\
<p>The archival series are the NKVD's own bookkeeping: they leave out deaths under interrogation and \
in transit and most deportations, and several historians argue they undercount. Older estimates (at \
least 6 million arrested, 1 to 2 million executed or never returned) come from a broader literature.</p>\
</div>"
    );
}

fn wrap(inputs: &Inputs, page: &Page) -> String {
    let run = inputs.run.as_ref();
    let field = |k: &str| -> Option<String> {
        run?.get(k).map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    };
    let scenario = field("scenario").unwrap_or_else(|| "unknown scenario".into());
    let mut meta = Vec::new();
    if ensemble_word(inputs) {
        meta.push("ensemble of runs".to_string());
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
            meta.push(format!("{label} {}", esc(&v)));
        }
    }
    let toc: String = page
        .toc
        .iter()
        .map(|(id, t)| format!("<a href=\"#{id}\">{}</a> ", esc(t)))
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
        scenario = esc(&scenario),
    )
}

fn ensemble_word(inputs: &Inputs) -> bool {
    inputs.annual_bands.is_some() || inputs.monthly_bands.is_some()
}
