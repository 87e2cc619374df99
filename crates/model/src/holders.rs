//! Who holds which post: a map from person to post, kept only for the holders.
//!
//! A few million people hold a post at full scale (the nomenklatura, managers, specialists,
//! officials, officers) against 162 million who do not. An array with a slot for everyone would
//! be 4 bytes a person, 650 MB at full scale, nearly all of it saying "none"; the map holds
//! only the holders. A bit a person (20 MB at full scale) says who holds one, so the frequent
//! question "does this candidate already hold a post?" costs one read, not a hash lookup.

use crate::ids::IdMap;
use crate::people::{NONE, PersonId};

/// Each post holder's post; everyone else holds [`NONE`].
#[derive(Debug, Default, Clone)]
pub struct PostOf {
    held: IdMap<u32>,
    /// Bit `p % 64` of word `p / 64` is set if `p` holds a post.
    holders: Vec<u64>,
}

impl PostOf {
    /// Room for `holders` among `people` without growing: the table is rebuilt in every run, and growing it
    /// step by step cost more than the lookups at small scales.
    pub fn with_capacity(holders: usize, people: usize) -> Self {
        PostOf {
            held: IdMap::with_capacity_and_hasher(holders, Default::default()),
            holders: vec![0; people.div_ceil(64)],
        }
    }

    /// The post `p` holds, or [`NONE`].
    #[inline]
    pub fn get(&self, p: PersonId) -> u32 {
        if self.holds(p) {
            self.held.get(&p).copied().unwrap_or(NONE)
        } else {
            NONE
        }
    }

    /// True if `p` holds a post.
    #[inline]
    pub fn holds(&self, p: PersonId) -> bool {
        self.holders
            .get(p as usize / 64)
            .is_some_and(|w| w >> (p % 64) & 1 == 1)
    }

    fn mark(&mut self, p: PersonId, holds: bool) {
        let (word, bit) = (p as usize / 64, p % 64);
        if word >= self.holders.len() {
            if !holds {
                return;
            }
            self.holders.resize(word + 1, 0);
        }
        if holds {
            self.holders[word] |= 1 << bit;
        } else {
            self.holders[word] &= !(1 << bit);
        }
    }

    /// `p` now holds `post` (in place of any other); [`NONE`] takes the post away.
    pub fn set(&mut self, p: PersonId, post: u32) {
        if post == NONE {
            self.take(p);
        } else {
            self.held.insert(p, post);
            self.mark(p, true);
        }
    }

    /// Takes `p`'s post away; returns it, or [`NONE`] if `p` held none.
    pub fn take(&mut self, p: PersonId) -> u32 {
        if !self.holds(p) {
            return NONE;
        }
        self.mark(p, false);
        self.held.remove(&p).unwrap_or(NONE)
    }

    /// Number of people holding a post.
    pub fn len(&self) -> usize {
        self.held.len()
    }

    /// True when nobody holds a post.
    pub fn is_empty(&self) -> bool {
        self.held.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_is_given_replaced_and_taken_away() {
        let mut of = PostOf::default();
        assert_eq!(of.get(7), NONE);
        assert!(!of.holds(7));
        of.set(7, 3);
        of.set(9, 0);
        assert_eq!((of.get(7), of.get(9), of.len()), (3, 0, 2));
        of.set(7, 5);
        assert_eq!((of.get(7), of.len()), (5, 2));
        assert_eq!(of.take(7), 5);
        assert_eq!(of.take(7), NONE);
        of.set(9, NONE);
        assert!(of.is_empty());
        assert!(!of.holds(9) && !of.holds(7));
        // Ids past the table made at the start (the army's part is appended later) grow it.
        let mut of = PostOf::with_capacity(4, 100);
        of.set(1_000, 2);
        assert!(of.holds(1_000) && !of.holds(999) && !of.holds(100_000));
        assert_eq!(of.take(1_000), 2);
        assert!(!of.holds(1_000));
    }
}
