//! The elite and the army: the share of each group repressed, beside the literature.

use super::*;

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

/// Draws the section into `page` when its data is present.
pub(super) fn render(page: &mut Page, cx: &Context<'_>) {
    let summary = cx.summary;
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
            text: format!("{} of {} {what}", count(v), count(of)),
            color: MODEL,
            whisker: None,
        });
        rows.push(HBar {
            label: source.into(),
            value: lit / lit_of,
            text: format!("{} of {}", count(lit), count(lit_of)),
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
            "Red: the model. Grey, labelled with their source: the figures usually cited (Khrushchev's secret speech of 1956; Conquest, The Great Terror, 1990). The elite and military figures have no calibration target.",
        );
    }
}
