//! The declared bounds of the parameters a calibration may fit, each with its reason. A key
//! without declared bounds needs `--bounds KEY=LO..HI`.

/// Declared bounds by key pattern (`*` matches one dotted segment): (pattern, low, high, why).
/// The first match wins.
pub const BOUNDS: &[(&str, f64, f64, &str)] = &[
    (
        "policing.arrests_per_100k_adults_per_year.*",
        0.0,
        2000.0,
        "0 to 20 per 1,000 adults a year: ten times the 1934-36 record",
    ),
    (
        "interrogation.named_arrest_capacity_per_100k_adults_per_day.*",
        0.0,
        1.0,
        "up to 3.65 per 1,000 adults a year, about 360,000 a year: three times the 1937 default",
    ),
    (
        "interrogation.named_per_confession_mean*",
        0.0,
        30.0,
        "group cases of about 12, some over 100 (s.9)",
    ),
    ("interrogation.*_probability*", 0.0, 1.0, "a probability"),
    (
        "sentencing.days_to_sentence_mean.*",
        3.0,
        365.0,
        "from the troikas' days to a year",
    ),
    (
        "sentencing.*_share.*",
        0.0,
        1.0,
        "a share (validation also checks that the shares of a year sum to at most 1)",
    ),
    (
        "camps.criminal_convicts_per_year.*",
        0.0,
        2000000.0,
        "up to twice the 1936 camp and colony population",
    ),
    (
        "camps.initial_colony_population",
        0.0,
        600000.0,
        "colonies held 240,259 in 1935 (MEM)",
    ),
    (
        "camps.criminal_term_years_mean",
        0.5,
        10.0,
        "a term in years",
    ),
    (
        "quota.daily_capacity_share_of_limit",
        0.002,
        0.2,
        "a limit filled in 5 to 500 days",
    ),
    (
        "quota.increase_share_of_initial_limit",
        0.0,
        2.0,
        "a granted increase up to twice the initial limit",
    ),
    ("quota.increase_first_category_share", 0.0, 1.0, "a share"),
    ("quota.grant_probability", 0.0, 1.0, "a probability"),
    (
        "quota.grant_probability_by_year.*",
        0.0,
        1.0,
        "a probability",
    ),
    ("national.album_execution_share", 0.0, 1.0, "a share"),
    (
        "party.admissions_per_year.*",
        0.0,
        3000000.0,
        "up to 3 million a year (1.1 million net growth in 1939)",
    ),
    ("party.appeal_*", 0.0, 1.0, "a probability"),
    (
        "timeline.*.expel_share",
        0.0,
        0.5,
        "up to half the party in one campaign",
    ),
    (
        "timeline.*.limit_increase_share",
        0.0,
        3.0,
        "a raise up to three times the initial limits",
    ),
    (
        "halt.pending_release_probability",
        0.0,
        1.0,
        "a probability",
    ),
];

fn matches(pattern: &str, key: &str) -> bool {
    let (p, k): (Vec<&str>, Vec<&str>) = (pattern.split('.').collect(), key.split('.').collect());
    p.len() == k.len()
        && p.iter().zip(&k).all(|(p, k)| match p.split_once('*') {
            None => p == k,
            Some((pre, post)) => {
                k.len() >= pre.len() + post.len() && k.starts_with(pre) && k.ends_with(post)
            }
        })
}

/// The declared bounds of a key, if any.
pub fn declared_bounds(key: &str) -> Option<(f64, f64)> {
    BOUNDS
        .iter()
        .find(|(p, ..)| matches(p, key))
        .map(|&(_, lo, hi, _)| (lo, hi))
}
