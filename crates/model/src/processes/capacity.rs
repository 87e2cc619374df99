//! Capacity indices: how much experience the people holding posts have, so that the claim that
//! the purges "seriously weakened" the state can be measured.
//!
//! - economic: officials, managers, specialists and first secretaries;
//! - military: army posts from the marshals down;
//! - intellectual: intellectuals, specialists and the higher-educated still at liberty.
//!
//! A post's score is its holder's experience, min(tenure, 10 years) / 10, times an education
//! factor (higher 1, secondary 0.8, primary 0.6, none 0.4: Assumption); a vacant post scores 0.
//! The economic and military indices are weighted means over posts; the intellectual index is a
//! weighted count. Compare a run's indices at two dates as ratios.

use rayon::prelude::*;

use crate::people::{Category, Education, NONE, People, PersonId};
use crate::ties::PostKind;
use crate::world::World;

fn education_factor(e: Education) -> f64 {
    match e {
        Education::Higher => 1.0,
        Education::Secondary => 0.8,
        Education::Primary => 0.6,
        Education::None => 0.4,
    }
}

/// Whether `p` belongs to the stratum the intellectual index counts: an intellectual, a
/// specialist or a graduate of higher education.
fn in_stratum(people: &People, p: PersonId) -> bool {
    matches!(
        people.category(p),
        Category::Intellectual | Category::Specialist
    ) || people.education(p) == Education::Higher
}

/// Everyone the intellectual index counts while at liberty, in id order.
///
/// Category and education are fixed once the society is built, so the stratum is listed once
/// (on every thread there is, an ordered collect) and the index visits only it, a few per cent
/// of the people, instead of searching the whole population on each reading.
pub fn stratum(people: &People) -> Vec<PersonId> {
    (0..people.len() as PersonId)
        .into_par_iter()
        .filter(|&p| in_stratum(people, p))
        .collect()
}

/// The three indices today: [economic, military, intellectual].
pub fn indices(w: &World) -> [f64; 3] {
    let today = i32::from(w.today.0);
    let (mut num, mut den) = ([0.0; 2], [0.0; 2]);
    for post in &w.ties.posts {
        let k = match post.kind {
            PostKind::Official | PostKind::Economic | PostKind::FirstSecretary => 0,
            PostKind::Military | PostKind::HighCommand => 1,
            _ => continue,
        };
        let (weight, score) = if post.holder == NONE {
            // A vacant post counts at the scale of its first holder (the elite and the army at
            // full scale).
            (w.weight(post.first_holder), 0.0)
        } else {
            let tenure = f64::from(today - post.since) / 365.25;
            let e = w.people.education(post.holder);
            (
                w.weight(post.holder),
                (tenure / 10.0).clamp(0.0, 1.0) * education_factor(e),
            )
        };
        num[k] += weight * score;
        den[k] += weight;
    }
    // In id order as the stratum is listed: the same sum, term by term, as over everyone.
    debug_assert!(w.stratum.iter().all(|&p| in_stratum(&w.people, p)));
    let intellectual: f64 = w
        .stratum
        .iter()
        .filter(|&&p| w.people.at_liberty(p))
        .map(|&p| w.weight(p))
        .sum();
    [
        num[0] / den[0].max(1e-9),
        num[1] / den[1].max(1e-9),
        intellectual,
    ]
}
