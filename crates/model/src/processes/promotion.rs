//! Filling vacated posts: a careerist who denounced the holder may take it; otherwise a
//! subordinate is promoted from the tail (whose own post then falls vacant: a promotion chain),
//! or a recruit from outside the hierarchy (vydvizhenie: young, educated workers and specialists
//! of the region) takes it and, if not yet in the party, is admitted as a candidate.

use rand::Rng as _;

use crate::ledger::Flow;
use crate::people::{Category, NONE, PartyStatus};
use crate::processes::party;
use crate::streams::{Key, reflected};
use crate::ties::PostKind;
use crate::world::{Event, World, priority};

/// The classes that recruits to vacant posts came from: workers, employees, specialists and
/// kolkhoz peasants (vydvizhenie, Fitzpatrick 1979).
pub const RECRUITS: [Category; 4] = [
    Category::Worker,
    Category::Employee,
    Category::Specialist,
    Category::KolkhozPeasant,
];

/// Called when `post` falls vacant: schedules its filling.
pub fn on_vacancy(w: &mut World, post: u32) {
    if !w.params.promotion.enabled {
        return;
    }
    let mut rng = w
        .streams
        .stream3(Key::Promotion.id(), u64::from(post), u64::from(w.today.0));
    let day = w
        .today
        .plus(w.params.promotion.vacancy_days_mean.sample(&mut rng).max(1));
    w.queue
        .push(day, priority::SENTENCE, Event::FillPost { post });
}

/// Fills `post` if it is still vacant.
pub fn fill(w: &mut World, post: u32) {
    if w.ties.posts[post as usize].holder != NONE {
        return;
    }
    let d = w.day_index();
    if let Some(claimant) = w.state.claims.remove(&post)
        && w.people.at_liberty(claimant)
        && !w.ties.post_of.holds(claimant)
    {
        let weight = w.weight(claimant);
        w.ledger.count(d, Flow::Promotions, weight);
        w.appoint(claimant, post, true);
        return;
    }
    let mut rng = w
        .streams
        .stream3(Key::Promotion.id(), u64::from(post), reflected(w.today.0));
    if rng.random::<f64>() < w.params.promotion.from_below_probability.get() {
        let mut below = std::mem::take(&mut w.state.reuse.people);
        below.clear();
        below.extend(
            w.ties
                .tails
                .members(post)
                .iter()
                .map(|&c| w.ties.posts[c as usize].holder)
                .filter(|&h| h != NONE && w.people.at_liberty(h)),
        );
        let chosen = (!below.is_empty()).then(|| below[rng.random_range(0..below.len())]);
        w.state.reuse.people = below;
        if let Some(p) = chosen {
            w.vacate(p);
            let weight = w.weight(p);
            w.ledger.count(d, Flow::Promotions, weight);
            w.appoint(p, post, true);
            return;
        }
    }
    // An army post below the senior ranks: a graduate of the military schools, in turn.
    if w.army.full_scale(w.ties.posts[post as usize].first_holder) {
        if let Some(p) = crate::processes::army::next_graduate(w) {
            let weight = w.weight(p);
            w.ledger.count(d, Flow::Recruitments, weight);
            w.appoint(p, post, false);
        }
        return;
    }
    // A recruit from the region: young or middle-aged, of the working classes, the better
    // educated first. The region's pools of those classes come in runs by education and age
    // ([`crate::pools`]): a run of the right ages is drawn by its size times the acceptance of
    // its education, then a member of it, which is the same as trying the region's people in turn
    // and accepting a fitting one with that probability. A member arrested or holding a post is
    // passed over.
    let r = w.ties.posts[post as usize].region as usize;
    let Some(draw) = w.state.recruits.get(r) else {
        return;
    };
    for _ in 0..500 {
        let Some(p) = draw.pick(&w.pools, &mut rng) else {
            return;
        };
        if w.people.at_liberty(p) && !w.ties.post_of.holds(p) {
            let weight = w.weight(p);
            w.ledger.count(d, Flow::Recruitments, weight);
            w.appoint(p, post, false);
            // Party posts go to party members: a recruit to one is admitted as a candidate.
            let party_post = matches!(
                w.ties.posts[post as usize].kind,
                PostKind::Official | PostKind::FirstSecretary | PostKind::Centre
            );
            if party_post
                && w.people.party(p) == PartyStatus::None
                && w.state.policy.admissions_open
                && w.params.party.enabled
            {
                party::admit(w, p);
            }
            return;
        }
    }
}

/// Today's ordinary turnover: holders leave their posts (transfer, retirement, natural death) at
/// `rotation_per_year`, and the posts are filled as any vacancy.
pub fn rotation(w: &mut World) {
    let rate = w.params.promotion.rotation_per_year;
    if !w.params.promotion.enabled || rate <= 0.0 || w.ties.posts.is_empty() {
        return;
    }
    let mut rng = w.streams.stream2(Key::Promotion.id(), u64::from(w.today.0));
    let n = crate::processes::poisson_counts(
        &mut rng,
        std::iter::once(rate / 365.25 * w.ties.posts.len() as f64),
    )[0];
    for _ in 0..n {
        let post = rng.random_range(0..w.ties.posts.len());
        let holder = w.ties.posts[post].holder;
        // Officers move between army posts; the army's turnover opens no vacancy to outsiders
        // (Assumption), so its posts are left out of the ordinary rotation. The army's test (a
        // range of ids) comes before the status read: at small scales most posts are the army's.
        if holder != NONE && !w.army.full_scale(holder) && w.people.at_liberty(holder) {
            w.vacate(holder);
        }
    }
}
