//! A roster: the set of people in one status (the camps' inmates), kept by the primitives that
//! move people in and out of it, so that a process drawing "an inmate" draws from the inmates
//! and not from the whole population.
//!
//! Membership changes in O(1) (a swap with the last entry on removal) and a uniform draw is one
//! read. The order of the entries follows the order of the events that changed them, which the
//! day loop fixes, so draws stay deterministic by seed whatever the thread count.
//!
//! A position map keeps each member's place. A column of 4 bytes for every person would cost
//! 650 MB at full scale for a roster of at most a few million: a hash map of the members is far
//! smaller ([`IdMap`]).

use rand::Rng as _;

use chistka_engine::streams::Rng;

use crate::ids::IdMap;
use crate::people::PersonId;

/// Uniform tries in [`Roster::draw`] before the members who qualify are listed: enough that the
/// list is almost never needed while at least one member in a few qualifies.
const TRIES: usize = 64;

/// A set of people with O(1) insertion, removal and uniform draws.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// The members, in no meaningful order.
    ids: Vec<PersonId>,
    /// Each member's index in `ids`.
    at: IdMap<u32>,
}

impl Roster {
    /// Number of members.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when nobody is on the roster.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// True if `p` is on the roster.
    pub fn contains(&self, p: PersonId) -> bool {
        self.at.contains_key(&p)
    }

    /// Puts `p` on the roster (nothing if already there).
    pub fn insert(&mut self, p: PersonId) {
        if let std::collections::hash_map::Entry::Vacant(e) = self.at.entry(p) {
            e.insert(self.ids.len() as u32);
            self.ids.push(p);
        }
    }

    /// Takes `p` off the roster: the last member takes their place. Returns false if `p` was not
    /// on it.
    pub fn remove(&mut self, p: PersonId) -> bool {
        let Some(i) = self.at.remove(&p) else {
            return false;
        };
        let last = self
            .ids
            .pop()
            .expect("a member was found, so the list is not empty");
        if last != p {
            self.ids[i as usize] = last;
            self.at.insert(last, i);
        }
        true
    }

    /// A member drawn uniformly among those for whom `qualifies` is true; None if none does.
    ///
    /// Members are drawn uniformly and those who do not qualify passed over, for up to a few
    /// dozen tries; then the qualifying members are listed and one is drawn from the list. Either
    /// way the member is uniform among the qualifying ones, so the draw is exact; the list, which
    /// costs one read per member, is needed only when few qualify.
    pub fn draw(&self, rng: &mut Rng, qualifies: impl Fn(PersonId) -> bool) -> Option<PersonId> {
        if self.ids.is_empty() {
            return None;
        }
        for _ in 0..TRIES {
            let p = self.ids[rng.random_range(0..self.ids.len())];
            if qualifies(p) {
                return Some(p);
            }
        }
        let listed: Vec<PersonId> = self.ids.iter().copied().filter(|&p| qualifies(p)).collect();
        if listed.is_empty() {
            None
        } else {
            Some(listed[rng.random_range(0..listed.len())])
        }
    }

    /// The members, in the roster's order.
    pub fn members(&self) -> &[PersonId] {
        &self.ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chistka_engine::streams::Streams;
    use proptest::prelude::*;

    proptest! {
        /// After any sequence of insertions and removals, the roster holds exactly the set a
        /// plain set would, and every member's position is right.
        #[test]
        fn matches_a_set(ops in proptest::collection::vec((any::<bool>(), 0u32..40), 0..300)) {
            let mut roster = Roster::default();
            let mut set = std::collections::BTreeSet::new();
            for (add, p) in ops {
                if add {
                    roster.insert(p);
                    set.insert(p);
                } else {
                    prop_assert_eq!(roster.remove(p), set.remove(&p));
                }
                prop_assert_eq!(roster.len(), set.len());
            }
            let mut members = roster.members().to_vec();
            members.sort_unstable();
            prop_assert_eq!(members, set.iter().copied().collect::<Vec<_>>());
            for (i, &p) in roster.members().iter().enumerate() {
                prop_assert_eq!(roster.at[&p] as usize, i);
            }
        }
    }

    /// Draws are uniform over the qualifying members, both when most qualify (the tries) and
    /// when one in a hundred does (the list), and None when none does.
    #[test]
    fn draws_are_uniform_among_the_qualifying() {
        let mut roster = Roster::default();
        for p in 0..1_000 {
            roster.insert(p);
        }
        let mut rng = Streams::new(7).stream2(1, 2);
        for modulus in [2u32, 100] {
            let qualifying = 1_000 / modulus as usize;
            let mut hits = vec![0u32; 1_000];
            let draws = 200 * qualifying;
            for _ in 0..draws {
                let p = roster.draw(&mut rng, |p| p % modulus == 0).unwrap();
                assert_eq!(p % modulus, 0);
                hits[p as usize] += 1;
            }
            // Each qualifying member expects 200 hits; a chi-square over them stays near its
            // degrees of freedom (a 6-sigma bound, so the test fails only on a real bias).
            let chi2: f64 = (0..1_000)
                .step_by(modulus as usize)
                .map(|p| (f64::from(hits[p]) - 200.0).powi(2) / 200.0)
                .sum();
            let dof = (qualifying - 1) as f64;
            assert!(
                chi2 < dof + 6.0 * (2.0 * dof).sqrt(),
                "chi-square {chi2} over {dof} degrees of freedom"
            );
        }
        assert_eq!(roster.draw(&mut rng, |_| false), None);
        assert_eq!(Roster::default().draw(&mut rng, |_| true), None);
    }
}
