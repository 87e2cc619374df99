//! The party: membership against the record, and the party of 1941 by year of joining.

use std::fmt::Write as _;

use serde_json::Value;

use super::*;

/// Draws the section into `page` when its data is present.
pub(super) fn render(page: &mut Page, cx: &Context<'_>) {
    let party = &cx.party;
    let summary = cx.summary;
    let annual = &cx.annual;
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
            .map(|y| party_record(party, y))
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
            let _ = write!(caption, " New members admitted 1937-40: {}.", count(n));
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
}
