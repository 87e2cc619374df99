//! Filling vacant places from below: the Politburo from the Central Committee by seniority, the
//! Committee's seats from the holders of posts or the lower nomenklatura, the posts from the
//! lower nomenklatura and the high command from the officers, each draw weighted by age,
//! seniority, education and origin.

use chistka_engine::calendar::Day;
use chistka_engine::streams::Rng;
use rand::Rng as _;

use super::fenwick::Fenwick;
use super::roster::{Cadre, Elite, Post, Reserve};
use super::{Layer, year_of};
use crate::params::LongRunParams;

/// The weight of a candidate for a top place: age, education and origin.
fn preference(p: &LongRunParams, t: &super::roster::Traits, now: f64) -> f64 {
    let z = (now - t.born - p.appointment_age_mean) / p.appointment_age_sd;
    // A career is a ladder: full weight after `seniority_years` in the nomenklatura.
    let seniority = ((now - t.entered) / p.seniority_years).clamp(0.0, 1.0);
    let mut w = (-0.5 * z * z).exp() * seniority;
    if t.technical {
        w *= p.technical_preference;
    }
    if t.worker_peasant {
        w *= p.origin_preference;
    }
    w
}

/// Fills the vacant posts from the lower nomenklatura and the Politburo's vacant seats from the
/// Central Committee. (The Committee's seats are filled at congresses.)
pub fn fill(elite: &mut Elite, p: &LongRunParams, day: Day, rng: &mut Rng) {
    let mut draw = ReserveDraw::default();
    let mut officers = ReserveDraw {
        military: true,
        ..ReserveDraw::default()
    };
    for (layer, post) in [
        (Layer::FirstSecretaries, Post::FirstSecretary),
        (Layer::Ministers, Post::Minister),
        (Layer::HighCommand, Post::HighCommand),
    ] {
        let vacant = (elite.places(layer) as usize).saturating_sub(elite.holders(layer));
        // The senior command is refilled from the officers, the rest from the civilian cadres.
        let draw = if layer == Layer::HighCommand {
            &mut officers
        } else {
            &mut draw
        };
        for _ in 0..vacant {
            let Some(t) = draw.one(elite, p, day, rng) else {
                break;
            };
            let mut c = Cadre::new(t);
            (c.post, c.post_since) = (post, day);
            elite.cadres.push(c);
        }
    }
    draw.finish(elite);
    officers.finish(elite);
    fill_seats(elite, p, Layer::Politburo, day, rng);
}

/// Fills the vacant seats of `layer`: the Politburo's from the Committee (by seniority on it),
/// the Committee's from the holders of posts (with `cc_from_posts_probability`, by
/// [`preference`]) or the lower nomenklatura.
pub(super) fn fill_seats(
    elite: &mut Elite,
    p: &LongRunParams,
    layer: Layer,
    day: Day,
    rng: &mut Rng,
) {
    let now = year_of(day);
    let vacant = (elite.places(layer) as usize).saturating_sub(elite.holders(layer));
    let mut draw = ReserveDraw::default();
    for _ in 0..vacant {
        let eligible = |c: &Cadre| match layer {
            Layer::Politburo => c.cc && !c.politburo,
            _ => !c.cc && c.post != Post::None,
        };
        let from_below =
            layer == Layer::Politburo || rng.random::<f64>() < p.cc_from_posts_probability;
        let weights: Vec<f64> = elite
            .cadres
            .iter()
            .map(|c| match (eligible(c), layer) {
                (false, _) => 0.0,
                // The Politburo co-opts from the Committee by seniority in it (years on the
                // Committee, plus one), whatever the age.
                (true, Layer::Politburo) => (now - year_of(c.cc_since)).max(0.0) + 1.0,
                (true, _) => preference(p, &c.traits, now),
            })
            .collect();
        let total: f64 = weights.iter().sum();
        let chosen = if from_below && total > 0.0 {
            let mut u = rng.random::<f64>() * total;
            weights.iter().position(|&w| {
                u -= w;
                u < 0.0 && w > 0.0
            })
        } else {
            None
        };
        let i = match chosen {
            Some(i) => i,
            None => match draw.one(elite, p, day, rng) {
                Some(t) => {
                    elite.cadres.push(Cadre::new(t));
                    elite.cadres.len() - 1
                }
                None => break,
            },
        };
        let c = &mut elite.cadres[i];
        if layer == Layer::Politburo && !c.cc {
            (c.cc, c.cc_since) = (true, day);
        }
        match layer {
            Layer::Politburo => (c.politburo, c.politburo_since) = (true, day),
            _ => (c.cc, c.cc_since) = (true, day),
        }
    }
    draw.finish(elite);
}

/// Draws from the lower nomenklatura by [`preference`] times weight, each draw taking one
/// full-scale person out of his record. Built on the first draw, once for all the draws of a
/// filling; [`ReserveDraw::finish`] then drops the emptied records.
#[derive(Default)]
struct ReserveDraw {
    /// Draws officers (true) or civilian cadres (false).
    military: bool,
    pref: Vec<f64>,
    tree: Option<Fenwick>,
    emptied: Vec<usize>,
}

impl ReserveDraw {
    fn one(
        &mut self,
        elite: &mut Elite,
        p: &LongRunParams,
        day: Day,
        rng: &mut Rng,
    ) -> Option<super::roster::Traits> {
        let pool = elite.pool_mut(self.military);
        let tree = self.tree.get_or_insert_with(|| {
            let now = year_of(day);
            self.pref = pool.iter().map(|r| preference(p, &r.traits, now)).collect();
            Fenwick::new(
                &pool
                    .iter()
                    .zip(&self.pref)
                    .map(|(r, &q)| r.weight * q)
                    .collect::<Vec<_>>(),
            )
        });
        // A few tries: rounding can land on a record already emptied.
        for _ in 0..8 {
            let total = tree.total();
            if total <= 0.0 {
                return None;
            }
            let i = tree.find(rng.random::<f64>() * total)?;
            let r: &mut Reserve = &mut pool[i];
            if r.weight <= 0.0 {
                continue;
            }
            let take = r.weight.min(1.0);
            r.weight -= take;
            tree.add(i, -take * self.pref[i]);
            if r.weight <= 1e-9 {
                self.emptied.push(i);
            }
            return Some(r.traits);
        }
        None
    }

    fn finish(mut self, elite: &mut Elite) {
        self.emptied.sort_unstable();
        self.emptied.dedup();
        // Highest first: what swap_remove moves down is never still to be removed.
        let pool = elite.pool_mut(self.military);
        for &i in self.emptied.iter().rev() {
            pool.swap_remove(i);
        }
    }
}
