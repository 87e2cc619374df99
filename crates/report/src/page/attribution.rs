//! Which mechanism did what: the Shapley shares and the shares by cause of `chistka attribute`,
//! read from `attribution.csv`.

use std::fmt::Write as _;

use super::*;

/// The figures attributed, with their names on the page.
const OUTPUTS: [(&str, &str); 2] = [
    ("arrests_1937_1938", "arrests of 1937-38"),
    ("executions_1937_1938", "executions of 1937-38"),
];

/// The bars of the rows of one kind and output: their share, with the share's band as whiskers.
fn share_bars(t: &Table, kind: &str, output: &str) -> Vec<HBar> {
    t.rows
        .iter()
        .filter(|r| t.text(r, "kind") == kind && t.text(r, "output") == output)
        .filter_map(|r| {
            let share = t.number(r, "share_mean")?;
            let whisker = t.number(r, "share_p05").zip(t.number(r, "share_p95"));
            Some(HBar {
                label: t.text(r, "name").replace('_', " "),
                value: share,
                text: match whisker {
                    Some((lo, hi)) if lo != hi => {
                        format!("{} ({} to {})", pct(share), pct(lo), pct(hi))
                    }
                    _ => pct(share),
                },
                color: if share < 0.0 { "#2f6f8f" } else { MODEL },
                whisker,
            })
        })
        .collect()
}

/// Draws the section into `page` when `attribution.csv` is present.
pub(super) fn render(page: &mut Page, cx: &Context<'_>) {
    let Some(t) = cx.inputs.attribution.as_ref() else {
        return;
    };
    page.section(
        "attribution",
        "Which mechanism did what",
        "Two answers side by side. The Shapley share of a mechanism is its average effect when \
         it is switched on, over every order of switching the mechanisms on, as a share of the \
         effect of all of them together; it can be negative (a mechanism that, on balance, \
         prevented arrests). The shares by cause come directly from the recorded cause of every \
         arrest in the full scenario. Whiskers: 5th to 95th percentile over the seeds.",
    );
    for (output, name) in OUTPUTS {
        let bars = share_bars(t, "shapley", output);
        if bars.is_empty() {
            continue;
        }
        let title = format!("Shapley shares of the {name}");
        let svg = svg::hbar_chart(&title, &bars, None, pct);
        let mut caption =
            String::from("Share of the effect of all mechanisms together (the totals are below).");
        let off: Vec<String> = t
            .rows
            .iter()
            .filter(|r| t.text(r, "kind") == "off" && t.text(r, "output") == output)
            .map(|r| t.text(r, "name").to_string())
            .collect();
        if !off.is_empty() {
            let _ = write!(
                caption,
                " Switched off in this scenario, so not a player: {}.",
                xml(&off.join(", "))
            );
        }
        page.figure(&title, None, &[], &svg, &caption);
    }
    let mut rows = String::new();
    for r in t.rows.iter().filter(|r| t.text(r, "kind") == "total") {
        let cell = |n: &str| {
            t.number(r, n)
                .map_or_else(|| "n/a".into(), |v| resolved(v, cx.resolution))
        };
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} to {}</td></tr>",
            xml(&t.text(r, "name").replace('_', " ")),
            xml(&t.text(r, "output").replace('_', " ")),
            cell("mean"),
            cell("p05"),
            cell("p95")
        );
    }
    if !rows.is_empty() {
        let _ = write!(
            page.body,
            "<h3>Totals</h3><table class=\"data\"><tr><th>runs with</th><th>figure</th>\
             <th>mean</th><th>5th to 95th percentile</th></tr>{rows}</table>"
        );
    }
    for (kind, title, caption) in [
        (
            "cause",
            "Arrests of 1937-38 by recorded cause",
            "Share of all arrests of 1937-38 in the full scenario, by the cause each arrest records.",
        ),
        (
            "split",
            "Ordered from the centre, or grown from below",
            "Central: quota, national and centre arrests. Bottom up: denunciations, people named \
             under interrogation, patronage. Ordinary policing is neither.",
        ),
    ] {
        let bars = share_bars(t, kind, OUTPUTS[0].0);
        if !bars.is_empty() {
            let svg = svg::hbar_chart(title, &bars, Some((0.0, 1.0)), pct);
            page.figure(title, None, &[], &svg, caption);
        }
    }
}
