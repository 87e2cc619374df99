//! Elite terror from the centre: "Stalin's lists" of people whose sentence, mostly death, was
//! approved beforehand at the top (383 lists, about 44,500 names, 1936-38, V2), drawn from the
//! elite layer and the holders of posts; and the purge of the purgers after changes at the head
//! of the NKVD. Show trials are timeline events (see [`crate::processes::timeline`]).

use rand::Rng as _;

use crate::ledger::{Cause, Channel, Source, Verdict};
use crate::people::{NONE, PersonId};
use crate::processes::{nomenklatura, poisson_counts, sentencing};
use crate::streams::Key;
use crate::ties::PostKind;
use crate::world::World;

/// Today's names on the lists, and the purge of the purgers.
pub fn daily(w: &mut World) {
    lists(w);
    purgers(w);
}

fn lists(w: &mut World) {
    let params = std::sync::Arc::clone(&w.params);
    let c = &params.centre;
    if !c.enabled || w.today < c.lists_from || w.today > c.lists_until {
        return;
    }
    let mut rng = w.streams.stream2(Key::Centre.id(), u64::from(w.today.0));
    let days = f64::from(c.lists_until.since(c.lists_from) + 1);
    // Lists follow the leadership's fear: the record's pace at the threat of the mass orders
    // (`threat.order_reference`), more or fewer names as the threat is above or below it.
    let pace = w.state.policy.centre_factor(&w.params.threat);
    let per_day = c.names / days * pace;
    let n = poisson_counts(
        &mut rng,
        [
            per_day * c.elite_share.get(),
            per_day * (1.0 - c.elite_share.get()) / w.mass_weight,
        ]
        .into_iter(),
    );
    let delay_mean = w.params.interrogation.days_to_interrogation_mean;
    let elite = w.elite.clone();
    // Names from the elite in proportion to rank and biography (rejection sampling against the
    // largest risk; enough tries that a low-risk layer is still reached).
    let max_risk = nomenklatura::max_risk(w);
    for _ in 0..n[0] {
        for _ in 0..2_000 {
            let p = rng.random_range(elite.clone());
            if w.people.at_liberty(p) && rng.random::<f64>() * max_risk < nomenklatura::risk(w, p) {
                let delay = delay_mean.sample(&mut rng);
                w.arrest(p, Cause::Centre, Source::Lists, delay);
                break;
            }
        }
    }
    // Names from the posts of the mass population, by biography. The army's officers, at full
    // scale, are not drawn here: a draw stands for `mass_weight` people.
    let max_bio = nomenklatura::max_biography(w);
    let posts = w.ties.posts.len();
    for _ in 0..n[1] {
        for _ in 0..50 {
            let post = &w.ties.posts[rng.random_range(0..posts)];
            let p = post.holder;
            if p != NONE
                && matches!(
                    post.kind,
                    PostKind::Official | PostKind::Economic | PostKind::Military
                )
                && !w.elite.contains(&p)
                && !w.army.full_scale(p)
                && w.people.at_liberty(p)
                && rng.random::<f64>() * max_bio < nomenklatura::biography_factor(w, p)
            {
                let delay = delay_mean.sample(&mut rng);
                w.arrest(p, Cause::Centre, Source::Lists, delay);
                break;
            }
        }
    }
}

fn purgers(w: &mut World) {
    if !w.params.purgers.enabled || w.state.policy.purges.is_empty() {
        return;
    }
    let mut rng = w.streams.stream2(Key::Purgers.id(), u64::from(w.today.0));
    let nkvd = std::mem::take(&mut w.state.policy.nkvd_posts);
    purge(w, &nkvd, &mut rng);
    w.state.policy.nkvd_posts = nkvd;
}

/// Arrests in every running purge of the NKVD, among the holders of its posts.
fn purge(w: &mut World, nkvd: &[u32], rng: &mut chistka_engine::streams::Rng) {
    if nkvd.is_empty() {
        return;
    }
    let delay_mean = w.params.interrogation.days_to_interrogation_mean;
    for (_, share, source) in w.state.policy.purges.clone() {
        let n = poisson_counts(rng, std::iter::once(share * nkvd.len() as f64))[0];
        for _ in 0..n {
            let p = w.ties.posts[nkvd[rng.random_range(0..nkvd.len())] as usize].holder;
            if p != NONE && w.people.at_liberty(p) {
                let delay = delay_mean.sample(rng);
                w.arrest(p, Cause::Centre, Source::PurgeOfPurgers(source), delay);
            }
        }
    }
}

/// The Military Collegium's sentence on a case from the centre: death at the lists' share,
/// otherwise a camp term from the Collegium's terms.
pub fn sentence(w: &mut World, p: PersonId) {
    let mut rng = w
        .streams
        .stream3(Key::CentreSentence.id(), u64::from(p), u64::from(w.today.0));
    if rng.random::<f64>() < w.params.centre.execution_share.get() {
        w.sentence(p, Verdict::Execution, 0, Channel::MilitaryCollegium);
    } else {
        let term = sentencing::camp_term_by(w, Channel::MilitaryCollegium, &mut rng);
        sentencing::to_camp(w, p, term, Channel::MilitaryCollegium);
    }
}
