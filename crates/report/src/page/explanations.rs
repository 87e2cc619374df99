//! Which explanations fit the record: the model choice of `chistka explain`, read from
//! `hypotheses.csv` (each hypothesis's posterior probability, its Monte Carlo error, the targets
//! its posterior-predictive runs miss) and `counterfactuals.csv` (the counterfactuals under each
//! hypothesis, as paired posterior-predictive differences) and `parameters.csv` (each
//! hypothesis's credible intervals).

use std::fmt::Write as _;

use super::*;

/// Draws the section into `page` when `hypotheses.csv` is present.
pub(super) fn render(page: &mut Page, cx: &Context<'_>) {
    let Some(t) = cx.inputs.explanation.as_ref() else {
        return;
    };
    page.section(
        "explanations",
        "Which explanations fit the record",
        "The historians' explanations as rival hypotheses of the model (top-down: the centre's \
         fear sets the volumes; bottom-up: a permissive centre and pressure from the regions and \
         from denunciations; snowball: confession chains within the police's capacity; mixed: \
         all free), weighed against the archival record and the pattern targets by approximate \
         Bayesian computation (ABC-SMC with model choice, equal prior odds). A probability is \
         that of a hypothesis as the model encodes it, given these targets and the hypotheses' \
         priors; a hypothesis that misses many targets is a poor explanation even when it is \
         the most probable of the four. Whiskers: two Monte Carlo standard errors.",
    );
    let bars: Vec<HBar> = t
        .rows
        .iter()
        .filter_map(|r| {
            let p = t.number(r, "probability")?;
            let e = t.number(r, "probability_error").unwrap_or(0.0);
            Some(HBar {
                label: t.text(r, "hypothesis").to_string(),
                value: p,
                text: format!("{} ± {}", pct(p), pct(e)),
                color: MODEL,
                whisker: Some(((p - 2.0 * e).max(0.0), (p + 2.0 * e).min(1.0))),
            })
        })
        .collect();
    if !bars.is_empty() {
        let title = "Posterior probability of each explanation";
        let svg = svg::hbar_chart(title, &bars, Some((0.0, 1.0)), pct);
        page.figure(
            title,
            None,
            &[],
            &svg,
            "Posterior model probabilities of the hypotheses (scenarios/hypotheses/).",
        );
    }
    let mut rows = String::new();
    for r in &t.rows {
        let fitted = t.number(r, "targets_fitted").unwrap_or(0.0);
        let missed = t.number(r, "targets_missed").unwrap_or(0.0);
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{} of {}</td><td>{}</td></tr>",
            xml(t.text(r, "hypothesis")),
            xml(t.text(r, "summary")),
            fitted,
            fitted + missed,
            xml(&t.text(r, "missed").replace(' ', ", ").replace('_', " "))
        );
    }
    let _ = write!(
        page.body,
        "<h3>What each explanation fits and misses</h3><table class=\"data\"><tr>\
         <th>hypothesis</th><th>what it says</th><th>targets fitted</th>\
         <th>missed (posterior-predictive mean outside tolerance)</th></tr>{rows}</table>"
    );
    if let Some(p) = cx.inputs.parameters.as_ref() {
        intervals(page, p);
    }
    let Some(c) = cx.inputs.counterfactuals.as_ref() else {
        return;
    };
    let mut rows = String::new();
    for r in c
        .rows
        .iter()
        .filter(|r| c.text(r, "metric") == "arrests_1937_1938")
    {
        let share = |n: &str| {
            let base = c.number(r, "factual_mean").unwrap_or(f64::NAN);
            c.number(r, n)
                .map_or_else(|| "n/a".into(), |v| pct(v / base))
        };
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} to {}</td></tr>",
            xml(c.text(r, "hypothesis")),
            xml(c.text(r, "counterfactual")),
            share("difference_mean"),
            share("difference_p05"),
            share("difference_p95")
        );
    }
    if !rows.is_empty() {
        let _ = write!(
            page.body,
            "<h3>What if: the counterfactuals under each explanation</h3>\
             <p>Change in the arrests of 1937-38 when one event or mechanism is changed, for the \
             same posterior particles and seeds (common random numbers).</p>\
             <table class=\"data\"><tr><th>hypothesis</th><th>counterfactual</th>\
             <th>mean change</th><th>5th to 95th percentile</th></tr>{rows}</table>"
        );
    }
}

/// Each hypothesis's 90% credible intervals, after regression adjustment where the table has it
/// and plainly.
fn intervals(page: &mut Page, p: &Table) {
    let span = |r: &[String], lo: &str, hi: &str| match (p.number(r, lo), p.number(r, hi)) {
        (Some(a), Some(b)) if a.is_finite() && b.is_finite() => {
            format!(
                "{} to {}",
                chistka_format::sig(a, 3),
                chistka_format::sig(b, 3)
            )
        }
        _ => "n/a".into(),
    };
    let adjusted = p.col("adjusted_p5").is_some();
    let mut rows = String::new();
    for r in p.rows.iter().filter(|r| !p.text(r, "parameter").is_empty()) {
        let first = if adjusted {
            format!("<td>{}</td>", span(r, "adjusted_p5", "adjusted_p95"))
        } else {
            String::new()
        };
        let _ = write!(
            rows,
            "<tr><td>{}</td><td><code>{}</code></td>{first}<td>{}</td></tr>",
            xml(p.text(r, "hypothesis")),
            xml(p.text(r, "parameter")),
            span(r, "p5", "p95")
        );
    }
    if rows.is_empty() {
        return;
    }
    let head = if adjusted {
        "<th>90% interval, regression-adjusted</th><th>90% interval, plain</th>"
    } else {
        "<th>90% interval</th>"
    };
    let _ = write!(
        page.body,
        "<h3>What each explanation says of its parameters</h3>\
         <p>The 5th to 95th percentiles of each free parameter's posterior under each hypothesis. \
         The plain interval is read from the accepted particles as they are, and tends to be wider than \
         the posterior by what the last tolerance lets in; the adjusted one moves each particle \
         by regression on its simulated figures to where it would lie had they been the \
         record's. Both are checked on synthetic records of known truth (docs/calibration.md, \
         the recovery check).</p>\
         <table class=\"data\"><tr><th>hypothesis</th><th>parameter</th>{head}</tr>{rows}</table>"
    );
}
