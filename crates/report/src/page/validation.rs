//! The validation of `chistka validate`: each target of the set against the model, read from
//! `validate.csv`.

use std::fmt::Write as _;

use super::*;
use crate::target_chart::{TargetMark, target_chart};

/// Draws the section into `page` when `validate.csv` is present.
pub(super) fn render(page: &mut Page, cx: &Context<'_>) {
    let Some(t) = cx.inputs.validation.as_ref() else {
        return;
    };
    let fitted = t
        .rows
        .iter()
        .filter(|r| t.number(r, "weight").unwrap_or(0.0) > 0.0)
        .count();
    let met = t
        .rows
        .iter()
        .filter(|r| t.number(r, "weight").unwrap_or(0.0) > 0.0 && t.text(r, "within") == "true")
        .count();
    page.section(
        "validation",
        "Against the targets",
        &format!(
            "Each target of the set: the record, the model's mean and its 5th to 95th percentile \
             over the seeds, and whether the mean is within the target's tolerance. {met} of \
             {fitted} fitted targets are met; targets of weight 0 are shown, never fitted."
        ),
    );
    // One chart per series, as `chistka validate` draws them.
    let mut series: Vec<(String, Vec<&Vec<String>>)> = Vec::new();
    for r in &t.rows {
        let name = if t.text(r, "kind") == "annual" {
            t.text(r, "key").to_string()
        } else {
            "summary".to_string()
        };
        match series.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => v.push(r),
            None => series.push((name, vec![r])),
        }
    }
    for (name, rows) in &series {
        let relative = name == "summary";
        let marks: Vec<TargetMark> = rows
            .iter()
            .map(|r| TargetMark {
                label: if relative {
                    t.text(r, "target")
                } else {
                    t.text(r, "period")
                }
                .to_string(),
                record: t.number(r, "record").unwrap_or(f64::NAN),
                tolerance: t.number(r, "tolerance").unwrap_or(0.0),
                mean: t.number(r, "model_mean").unwrap_or(f64::NAN),
                q05: t.number(r, "model_q05").unwrap_or(f64::NAN),
                q95: t.number(r, "model_q95").unwrap_or(f64::NAN),
            })
            .collect();
        let title = format!("Targets: {}", name.replace('_', " "));
        let chart = target_chart(&name.replace('_', " "), relative, &marks);
        page.figure(
            &title,
            None,
            &[],
            &format!("<div class=\"scroll\">{chart}</div>"),
            "Full-scale equivalents (summary targets: the model as a share of the record). Every \
             target is listed in the table below.",
        );
    }
    let mut rows = String::new();
    for r in &t.rows {
        let cell = |n: &str| t.number(r, n).map_or_else(|| "n/a".into(), figure);
        let weight = t.number(r, "weight").unwrap_or(0.0);
        let within = match (t.text(r, "within"), weight > 0.0) {
            ("true", true) => "yes",
            (_, true) => "no",
            ("true", false) => "yes (not fitted)",
            _ => "no (not fitted)",
        };
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} to {}</td><td>{}</td><td>{}</td><td>{within}</td></tr>",
            xml(t.text(r, "target")),
            xml(t.text(r, "period")),
            cell("record"),
            cell("model_mean"),
            cell("model_q05"),
            cell("model_q95"),
            t.number(r, "relative_error")
                .map_or_else(|| "n/a".into(), pct),
            t.number(r, "tolerance").map_or_else(|| "n/a".into(), pct),
        );
    }
    let _ = write!(
        page.body,
        "<table class=\"data\"><tr><th>target</th><th>period</th><th>record</th><th>model mean</th>\
         <th>model 5th to 95th</th><th>error</th><th>tolerance</th><th>within</th></tr>{rows}</table>"
    );
}
