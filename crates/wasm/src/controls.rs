//! The app's switches and sliders: which scenario keys the page offers, with meaning, unit and
//! source.
//!
//! ADAPTER, to be replaced by the model's own table of parameter declarations once it lands:
//! until then the meaning, unit and classroom range are written here, and the source is read
//! from the same place as every scenario's values, the comment on the key's line in
//! `scenarios/great-purge.toml` (a test checks that every slider finds one there).

use serde::Serialize;

/// A mechanism's on/off switch.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Switch {
    /// Dotted scenario key (a boolean).
    pub key: &'static str,
    /// Short label.
    pub label: &'static str,
    /// What switching it off removes.
    pub meaning: &'static str,
}

/// A numeric parameter with a classroom range.
#[derive(Debug, Clone, Serialize)]
pub struct Slider {
    /// Dotted scenario key (a number).
    pub key: &'static str,
    /// Short label.
    pub label: &'static str,
    /// What it means.
    pub meaning: &'static str,
    /// Its unit.
    pub unit: &'static str,
    /// Lowest value the slider offers.
    pub min: f64,
    /// Highest value the slider offers.
    pub max: f64,
    /// Step.
    pub step: f64,
    /// The default scenario's value.
    pub default: f64,
    /// The source or "Assumption", from the default scenario's file.
    pub source: String,
}

/// Every mechanism with a switch, in the order of the scenario file.
pub const SWITCHES: &[Switch] = &[
    Switch {
        key: "policing.enabled",
        label: "Ordinary policing",
        meaning: "Routine NKVD political arrests, rising with the leadership's fear.",
    },
    Switch {
        key: "interrogation.enabled",
        label: "Interrogation and confession",
        meaning: "The arrested confess and name others, who are arrested in turn: the snowball.",
    },
    Switch {
        key: "camps.enabled",
        label: "Camps",
        meaning: "The Gulag's camps and colonies: terms served, deaths in custody, releases.",
    },
    Switch {
        key: "quota.enabled",
        label: "Quotas (order 00447)",
        meaning: "The mass operation against \"anti-Soviet elements\" with arrest and execution limits per region, and the regions' requests for more.",
    },
    Switch {
        key: "national.enabled",
        label: "National operations",
        meaning: "Orders 00439, 00485, 00593 and the other national lines, sentenced by the album procedure.",
    },
    Switch {
        key: "halt.enabled",
        label: "The halt (November 1938)",
        meaning: "The resolution of 17 November 1938 that stopped the mass operations.",
    },
    Switch {
        key: "threat.enabled",
        label: "The leadership's fear",
        meaning: "The centre's perceived threat, raised by the Kirov murder and by \"conspiracies\" uncovered, which drives policing and the mass orders.",
    },
    Switch {
        key: "registries.enabled",
        label: "Registries (kartoteka)",
        meaning: "The NKVD's card files of former kulaks, clergy, \"former people\" and members of other parties, from which the quota arrests were drawn.",
    },
    Switch {
        key: "denunciation.enabled",
        label: "Denunciations",
        meaning: "Free people denouncing others, from fear, careerism or old scores.",
    },
    Switch {
        key: "patronage.enabled",
        label: "Patronage circles",
        meaning: "When a patron falls, his \"family circle\" of clients is dismissed or arrested.",
    },
    Switch {
        key: "party.enabled",
        label: "Party purges",
        meaning: "Expulsions from the party, appeals, and admissions.",
    },
    Switch {
        key: "centre.enabled",
        label: "Show trials and Stalin's lists",
        meaning: "Arrests ordered from the centre: the Moscow trials and the lists Stalin signed.",
    },
    Switch {
        key: "purgers.enabled",
        label: "Purge of the purgers",
        meaning: "NKVD officers arrested after each change of chief.",
    },
    Switch {
        key: "promotion.enabled",
        label: "Promotion",
        meaning: "Emptied posts filled from below or by recruits: the chains of vydvizhenie.",
    },
    Switch {
        key: "wives.enabled",
        label: "Wives (order 00486)",
        meaning: "Wives of the \"traitors to the motherland\" arrested and sentenced.",
    },
];

/// (key, label, meaning, unit, min, max, step): the sliders that matter most for the 1937-38
/// figures (the mechanisms a class argues about: torture, quotas, denunciation, patronage).
const SLIDERS: &[(&str, &str, &str, &str, f64, f64, f64)] = &[
    (
        "interrogation.named_per_confession_mean_torture",
        "Names per confession (torture)",
        "How many people a confession names, on average, once torture is authorised.",
        "people per confession",
        0.0,
        6.0,
        0.1,
    ),
    (
        "interrogation.confession_probability_torture",
        "Confession under torture",
        "The chance that an arrested person confesses, once torture is authorised.",
        "probability",
        0.0,
        1.0,
        0.01,
    ),
    (
        "interrogation.pursue_probability",
        "Named people pursued",
        "The chance that the NKVD goes after a person named in a confession.",
        "probability",
        0.0,
        1.0,
        0.01,
    ),
    (
        "quota.increase_share_of_initial_limit",
        "Limit increases",
        "How much each granted request for more raises a region's limit.",
        "share of the initial limit",
        0.0,
        1.0,
        0.01,
    ),
    (
        "national.album_execution_share",
        "Executions by album",
        "The share of national-operation cases the album procedure sentenced to death.",
        "share of cases",
        0.0,
        1.0,
        0.01,
    ),
    (
        "denunciation.per_100k_adults_per_year",
        "Denunciations written",
        "How many denunciations free people write.",
        "per 100,000 adults per year",
        0.0,
        300.0,
        1.0,
    ),
    (
        "denunciation.act_probability",
        "Denunciations acted on",
        "The chance that the police arrests the person a denunciation names.",
        "probability",
        0.0,
        1.0,
        0.01,
    ),
    (
        "patronage.arrest_probability",
        "Clients arrested with a patron",
        "The chance that a client is arrested when the patron falls.",
        "probability",
        0.0,
        1.0,
        0.01,
    ),
    (
        "centre.names",
        "Names on Stalin's lists",
        "How many people the lists sent to the Military Collegium in all.",
        "people",
        0.0,
        100_000.0,
        500.0,
    ),
    (
        "halt.pending_release_probability",
        "Released at the halt",
        "The chance that a case still open at the halt ends in release.",
        "probability",
        0.0,
        1.0,
        0.01,
    ),
];

/// The default scenario's file, where each slider's value and source are read.
const DEFAULT_FILE: &str = include_str!("../../../scenarios/great-purge.toml");

/// The sliders, with their default value and source read from `scenarios/great-purge.toml`.
pub fn sliders() -> Vec<Slider> {
    SLIDERS
        .iter()
        .map(|&(key, label, meaning, unit, min, max, step)| {
            let (default, source) =
                declared(DEFAULT_FILE, key).unwrap_or((f64::NAN, String::new()));
            Slider {
                key,
                label,
                meaning,
                unit,
                min,
                max,
                step,
                default,
                source,
            }
        })
        .collect()
}

/// The value of every switch and slider in a scenario, as JSON: what the page shows when no
/// override is set.
pub fn values(scenario: &chistka_scenario::Scenario) -> serde_json::Map<String, serde_json::Value> {
    let root = toml::Value::Table(scenario.canonical.parse().unwrap_or_default());
    let keys = SWITCHES
        .iter()
        .map(|s| s.key)
        .chain(SLIDERS.iter().map(|s| s.0));
    keys.filter_map(|key| {
        let mut v = &root;
        for seg in key.split('.') {
            v = v.get(seg)?;
        }
        let json = match v {
            toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
            toml::Value::Integer(i) => serde_json::Value::from(*i),
            toml::Value::Float(f) => serde_json::Value::from(*f),
            _ => return None,
        };
        Some((key.to_string(), json))
    })
    .collect()
}

/// The value and line comment of `section.key` in a scenario file: `(value, comment)`.
fn declared(file: &str, dotted: &str) -> Option<(f64, String)> {
    let (section, key) = dotted.rsplit_once('.')?;
    let mut current = String::new();
    for line in file.lines() {
        let line = line.trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name.trim().to_string();
            continue;
        }
        if current != section {
            continue;
        }
        let Some((lhs, rhs)) = line.split_once('=') else {
            continue;
        };
        if lhs.trim() != key {
            continue;
        }
        let (value, comment) = rhs.split_once('#').unwrap_or((rhs, ""));
        return Some((value.trim().parse().ok()?, comment.trim().to_string()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every slider names a key of the default scenario, starts at its value, has a source or
    /// "Assumption" on its line, and a range that holds the default.
    #[test]
    fn every_slider_is_declared_in_the_default_scenario() {
        let s = chistka_scenario::embedded("great-purge").unwrap();
        let table: toml::Table = s.canonical.parse().unwrap();
        for sl in sliders() {
            let (section, key) = sl.key.rsplit_once('.').unwrap();
            let v = table[section][key]
                .as_float()
                .or_else(|| table[section][key].as_integer().map(|i| i as f64));
            assert_eq!(v, Some(sl.default), "{}", sl.key);
            assert!(
                ["Assumption", "V2", "1S", "MEM", "DER"]
                    .iter()
                    .any(|t| sl.source.contains(t)),
                "{}: no source on its line: {:?}",
                sl.key,
                sl.source
            );
            assert!(sl.min <= sl.default && sl.default <= sl.max, "{}", sl.key);
        }
    }

    /// Every switch names an `enabled` key the scenario has, and every such key has a switch.
    #[test]
    fn one_switch_per_mechanism() {
        let s = chistka_scenario::embedded("great-purge").unwrap();
        let table: toml::Table = s.canonical.parse().unwrap();
        let with_switch: Vec<String> = table
            .iter()
            .filter(|(_, v)| v.get("enabled").is_some_and(toml::Value::is_bool))
            .map(|(k, _)| format!("{k}.enabled"))
            .collect();
        let offered: Vec<String> = SWITCHES.iter().map(|s| s.key.to_string()).collect();
        let (mut a, mut b) = (with_switch.clone(), offered.clone());
        a.sort();
        b.sort();
        assert_eq!(a, b);
    }
}
