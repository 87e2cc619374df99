//! Who holds which post: a map from person to post, kept only for the holders.
//!
//! A few million people hold a post at full scale (the nomenklatura, managers, specialists,
//! officials, officers) against 162 million who do not. An array with a slot for everyone would
//! be 4 bytes a person, 650 MB at full scale, nearly all of it saying "none"; the map holds
//! only the holders. A bit a person (20 MB at full scale, [`Marks`]) says who holds one, so the
//! frequent question "does this candidate already hold a post?" costs one read, not a hash
//! lookup.

use crate::ids::IdMap;
use crate::people::{NONE, PersonId};

/// One bit a person: a set of people as dense as the table.
#[derive(Debug, Default, Clone)]
pub struct Marks {
    /// Bit `p % 64` of word `p / 64` is set if `p` is marked.
    words: Vec<u64>,
}

impl Marks {
    /// Nobody marked, among `people` (ids beyond grow the set when marked).
    pub fn new(people: usize) -> Self {
        Marks {
            words: vec![0; people.div_ceil(64)],
        }
    }

    /// True if `p` is marked.
    #[inline]
    pub fn contains(&self, p: PersonId) -> bool {
        self.words
            .get(p as usize / 64)
            .is_some_and(|w| w >> (p % 64) & 1 == 1)
    }

    /// Marks `p` (`true`) or clears the mark (`false`).
    pub fn set(&mut self, p: PersonId, marked: bool) {
        let (word, bit) = (p as usize / 64, p % 64);
        if word >= self.words.len() {
            if !marked {
                return;
            }
            self.words.resize(word + 1, 0);
        }
        if marked {
            self.words[word] |= 1 << bit;
        } else {
            self.words[word] &= !(1 << bit);
        }
    }
}

/// Each post holder's post; everyone else holds [`NONE`].
#[derive(Debug, Default, Clone)]
pub struct PostOf {
    held: IdMap<u32>,
    holders: Marks,
}

impl PostOf {
    /// Nobody holds a post yet, among `people` (more may be appended later).
    pub fn new(people: usize) -> Self {
        PostOf {
            held: IdMap::default(),
            holders: Marks::new(people),
        }
    }

    /// The posts' holders, post `i` held by the `i`-th ([`NONE`] for a vacant post; a person
    /// listed twice holds the later post). The map is sized once: it is rebuilt in every run,
    /// and growing it step by step cost more than its lookups at small scales.
    pub fn of_holders(people: usize, holders: impl ExactSizeIterator<Item = PersonId>) -> Self {
        let mut of = PostOf::new(people);
        of.held.reserve(holders.len());
        for (post, p) in holders.enumerate() {
            if p != NONE {
                of.set(p, post as u32);
            }
        }
        of
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
        self.holders.contains(p)
    }

    /// `p` now holds `post` (in place of any other); [`NONE`] takes the post away.
    pub fn set(&mut self, p: PersonId, post: u32) {
        if post == NONE {
            self.take(p);
        } else {
            self.held.insert(p, post);
            self.holders.set(p, true);
        }
    }

    /// Takes `p`'s post away; returns it, or [`NONE`] if `p` held none.
    pub fn take(&mut self, p: PersonId) -> u32 {
        if !self.holds(p) {
            return NONE;
        }
        self.holders.set(p, false);
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
        let mut of = PostOf::new(100);
        of.set(1_000, 2);
        assert!(of.holds(1_000) && !of.holds(999) && !of.holds(100_000));
        assert_eq!(of.take(1_000), 2);
        assert!(!of.holds(1_000));
    }

    #[test]
    fn the_holders_of_posts_are_indexed_by_post() {
        // Post 0 held by 4, post 1 vacant, post 2 by 9, post 3 by 4 again (his later post).
        let of = PostOf::of_holders(10, [4, NONE, 9, 4].into_iter());
        assert_eq!((of.get(4), of.get(9), of.get(0), of.len()), (3, 2, NONE, 2));
        assert!(of.holds(4) && of.holds(9) && !of.holds(5));
    }

    #[test]
    fn marks_cover_word_boundaries_and_grow() {
        let mut m = Marks::new(64);
        for p in [0, 63, 64, 127, 500] {
            m.set(p, true);
        }
        assert!([0, 63, 64, 127, 500].iter().all(|&p| m.contains(p)));
        assert!([1, 62, 65, 126, 499, 501].iter().all(|&p| !m.contains(p)));
        m.set(64, false);
        m.set(10_000, false); // clearing beyond the set changes nothing
        assert!(!m.contains(64) && m.contains(63) && !m.contains(10_000));
    }
}
