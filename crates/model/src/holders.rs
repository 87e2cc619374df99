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
#[derive(Debug, Clone)]
pub struct PostOf {
    held: Slots,
    /// Number of holders.
    len: usize,
    holders: Marks,
}

/// Where the posts are kept: a map of the holders, or (when holders are not rare) a slot for
/// everyone, which costs a read instead of a hash lookup.
#[derive(Debug, Clone)]
enum Slots {
    Map(IdMap<u32>),
    Dense(Vec<u32>),
}

/// A slot for everyone is chosen when there are at most this many people per holder: its 4
/// bytes a person then cost at most 64 bytes a holder, a few times the map's, in one allocation
/// read without hashing. Small scales qualify (the army and the elite, at full scale, hold a
/// large share of the posts); at full scale 36 people a holder keep the map (Assumption: a
/// memory/speed trade measured on this machine, benches `holders`).
pub const DENSE_PEOPLE_PER_HOLDER: usize = 16;

impl Default for PostOf {
    fn default() -> Self {
        PostOf::new(0)
    }
}

impl PostOf {
    /// Nobody holds a post yet, among `people` (more may be appended later); a map.
    pub fn new(people: usize) -> Self {
        PostOf {
            held: Slots::Map(IdMap::default()),
            len: 0,
            holders: Marks::new(people),
        }
    }

    /// The posts' holders, post `i` held by the `i`-th ([`NONE`] for a vacant post; a person
    /// listed twice holds the later post). Sized once: it is rebuilt in every run, and growing
    /// it step by step cost more than its lookups at small scales. A slot for everyone when
    /// holders are not rare among `people` ([`DENSE_PEOPLE_PER_HOLDER`]), else a map.
    pub fn of_holders(people: usize, holders: impl ExactSizeIterator<Item = PersonId>) -> Self {
        let n = holders.len();
        let held = if people <= n.saturating_mul(DENSE_PEOPLE_PER_HOLDER) {
            Slots::Dense(vec![NONE; people])
        } else {
            let mut map = IdMap::default();
            map.reserve(n);
            Slots::Map(map)
        };
        let mut of = PostOf {
            held,
            len: 0,
            holders: Marks::new(people),
        };
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
        if !self.holds(p) {
            return NONE;
        }
        match &self.held {
            Slots::Map(map) => map.get(&p).copied().unwrap_or(NONE),
            Slots::Dense(slots) => slots.get(p as usize).copied().unwrap_or(NONE),
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
            return;
        }
        if !self.holds(p) {
            self.len += 1;
        }
        match &mut self.held {
            Slots::Map(map) => {
                map.insert(p, post);
            }
            Slots::Dense(slots) => {
                let i = p as usize;
                if i >= slots.len() {
                    slots.resize(i + 1, NONE);
                }
                slots[i] = post;
            }
        }
        self.holders.set(p, true);
    }

    /// Takes `p`'s post away; returns it, or [`NONE`] if `p` held none.
    pub fn take(&mut self, p: PersonId) -> u32 {
        if !self.holds(p) {
            return NONE;
        }
        self.holders.set(p, false);
        self.len -= 1;
        match &mut self.held {
            Slots::Map(map) => map.remove(&p).unwrap_or(NONE),
            Slots::Dense(slots) => std::mem::replace(&mut slots[p as usize], NONE),
        }
    }

    /// Number of people holding a post.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nobody holds a post.
    pub fn is_empty(&self) -> bool {
        self.len == 0
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

    /// Both forms (a slot for everyone, a map of the holders) answer as a plain map would, over
    /// random appointments, replacements and removals, ids past the first table included.
    #[test]
    fn both_forms_agree_with_a_plain_map() {
        use rand::Rng;
        let mut rng = chistka_engine::streams::Streams::new(3).stream(1);
        let posts: Vec<PersonId> = (0..500).map(|_| rng.random_range(0..2_000)).collect();
        // 2,000 people, 500 holders: dense; 100,000 people, the same holders: a map.
        for people in [2_000usize, 100_000] {
            let mut of = PostOf::of_holders(people, posts.iter().copied());
            assert_eq!(
                matches!(of.held, Slots::Dense(_)),
                people <= posts.len() * DENSE_PEOPLE_PER_HOLDER
            );
            let mut plain = std::collections::HashMap::new();
            for (post, &p) in posts.iter().enumerate() {
                plain.insert(p, post as u32);
            }
            for _ in 0..20_000 {
                let p = rng.random_range(0..2_500); // some past the first table
                match rng.random_range(0..3) {
                    0 => {
                        let post = rng.random_range(0..600);
                        of.set(p, post);
                        plain.insert(p, post);
                    }
                    1 => assert_eq!(of.take(p), plain.remove(&p).unwrap_or(NONE)),
                    _ => {}
                }
                let q = rng.random_range(0..2_500);
                assert_eq!(of.get(q), plain.get(&q).copied().unwrap_or(NONE));
                assert_eq!(of.holds(q), plain.contains_key(&q));
                assert_eq!(of.len(), plain.len());
            }
        }
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
