//! The scenarios the classroom app offers: the Great Purge and every shipped counterfactual,
//! each with a paragraph for students.
//!
//! The TOML texts are the files in `scenarios/`, compiled in; the counterfactuals start with
//! `extends = "great-purge"`, which the scenario crate resolves to its embedded default.

use serde::Serialize;

/// One scenario as the app lists it.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Offered {
    /// The name (the file stem, also the `name` key).
    pub name: &'static str,
    /// A short title for the menu.
    pub title: &'static str,
    /// What the scenario changes and what to look for, for students.
    pub explanation: &'static str,
    /// The scenario file.
    #[serde(skip)]
    pub toml: &'static str,
}

/// Shipped scenarios the app does not offer, each with the reason.
pub const NOT_OFFERED: &[(&str, &str)] = &[(
    "long-run",
    "its 1934-1941 run is the default's; the long run after 1941 (longrun.csv) has no view in \
     the app yet",
)];

/// Every scenario of the app, the default first.
pub const OFFERED: &[Offered] = &[
    Offered {
        name: "great-purge",
        title: "The Great Purge (as the archives describe it)",
        explanation: "The default: the mechanisms historians describe, with the parameters fitted \
            to the archival record (NKVD arrests, convictions, executions, the camps and the party, \
            1934-1941). After the Kirov murder in December 1934 the leadership's fear grows; in \
            1937 torture is authorised, order 00447 sets quotas (\"limits\") for arrests and \
            executions by region, the national operations target Germans, Poles and other \
            diaspora peoples, and every confession names more \"enemies\". The terror peaks in \
            1937-38 and is halted in November 1938. Compare the model's curves with the archival \
            points: where do they agree, and where not?",
        toml: include_str!("../../../scenarios/great-purge.toml"),
    },
    Offered {
        name: "no-kirov",
        title: "No Kirov murder",
        explanation: "Sergei Kirov, the Leningrad party chief, is not murdered on 1 December 1934. \
            Historians disagree on how much the murder mattered: was it the trigger of the terror \
            or only its pretext? Here the show trials and the mass orders still come, but only \
            when the leadership's fear reaches the same threshold on its own. Does the terror \
            still happen, and when?",
        toml: include_str!("../../../scenarios/no-kirov.toml"),
    },
    Offered {
        name: "no-torture",
        title: "No torture",
        explanation: "\"Physical pressure\" in interrogations is never authorised (in the record \
            it was, in 1937). Without torture fewer of the arrested confess and each names fewer \
            others, so the snowball of accusations grows more slowly. The quota operations, \
            which did not depend on confessions naming others, go on as before. How much of the \
            terror was the snowball, and how much the quotas?",
        toml: include_str!("../../../scenarios/no-torture.toml"),
    },
    Offered {
        name: "no-mass-operations",
        title: "No mass operations",
        explanation: "Order 00447 (the \"kulak operation\" with its regional limits) and the \
            national operations never happen. What remains is the terror against the party, the \
            army and the state apparatus: show trials, Stalin's lists, confessions naming \
            colleagues, the fall of patrons' circles. Most of the victims of 1937-38 were not \
            party members: see how far the numbers fall.",
        toml: include_str!("../../../scenarios/no-mass-operations.toml"),
    },
    Offered {
        name: "no-denunciation",
        title: "No denunciations",
        explanation: "Nobody denounces anybody: no letters from neighbours, colleagues or rivals. \
            Popular memory often gives denunciations a large part; historians who read the case \
            files (Khlevniuk among them) found them rare as the cause of an arrest. Does \
            switching them off change much?",
        toml: include_str!("../../../scenarios/no-denunciation.toml"),
    },
    Offered {
        name: "early-halt",
        title: "An early halt (December 1937)",
        explanation: "The mass operations are halted on 1 December 1937 instead of 17 November \
            1938. The terror had a central switch: when the leadership stopped it, it stopped. \
            How many of the arrests and executions of 1938 would not have happened?",
        toml: include_str!("../../../scenarios/early-halt.toml"),
    },
    Offered {
        name: "staff-bound",
        title: "Order 00447 limited by the NKVD's staff",
        explanation: "The same operatives arrested people and investigated their cases. Here a \
            region takes no more arrests under order 00447 while its open cases reach what its \
            share of the NKVD's staff can carry, so it must wait for the troika to clear cases; \
            and the troika passes death sentences first, as the order told it to. Look at August \
            and September 1937: does the operation start with a step, then slow to the pace of \
            the troikas, as the NKVD's progress reports show?",
        toml: include_str!("../../../scenarios/staff-bound.toml"),
    },
    Offered {
        name: "textbook",
        title: "The textbook figures (6 million arrested)",
        explanation: "Not a counterfactual but a test of an older claim: the parameters the model \
            needs to produce the figures of the older literature (at least 6 million arrested in \
            1936-38, 1 to 2 million executed or dead in custody). Compare these curves with the \
            archival points: the archives, opened after 1991, show far fewer arrests.",
        toml: include_str!("../../../scenarios/textbook.toml"),
    },
];

/// The offered scenario with this name.
pub fn find(name: &str) -> Option<&'static Offered> {
    OFFERED.iter().find(|s| s.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every offered scenario loads and validates, under its own name.
    #[test]
    fn every_offered_scenario_loads() {
        for s in OFFERED {
            let loaded = chistka_scenario::load_str(s.name, s.toml, None)
                .unwrap_or_else(|e| panic!("{}: {e}", s.name));
            assert_eq!(loaded.name, s.name);
        }
    }

    /// Every file in scenarios/ is offered or listed with its reason in [`NOT_OFFERED`], so a
    /// new counterfactual cannot be forgotten.
    #[test]
    fn every_shipped_file_is_offered() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
                assert!(
                    find(&stem).is_some() || NOT_OFFERED.iter().any(|(n, _)| *n == stem),
                    "scenarios/{stem}.toml is not offered"
                );
            }
        }
    }
}
