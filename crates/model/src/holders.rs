//! Who holds which post: a map from person to post, kept only for the holders.
//!
//! A few million people hold a post at full scale (the nomenklatura, managers, specialists,
//! officials, officers) against 162 million who do not. An array with a slot for everyone would
//! be 4 bytes a person, 650 MB at full scale, nearly all of it saying "none"; the map holds
//! only the holders, and a lookup is a read at a random place either way.

use crate::ids::IdMap;
use crate::people::{NONE, PersonId};

/// Each post holder's post; everyone else holds [`NONE`].
#[derive(Debug, Default, Clone)]
pub struct PostOf {
    held: IdMap<u32>,
}

impl PostOf {
    /// The post `p` holds, or [`NONE`].
    #[inline]
    pub fn get(&self, p: PersonId) -> u32 {
        self.held.get(&p).copied().unwrap_or(NONE)
    }

    /// True if `p` holds a post.
    #[inline]
    pub fn holds(&self, p: PersonId) -> bool {
        self.held.contains_key(&p)
    }

    /// `p` now holds `post` (in place of any other); [`NONE`] takes the post away.
    pub fn set(&mut self, p: PersonId, post: u32) {
        if post == NONE {
            self.held.remove(&p);
        } else {
            self.held.insert(p, post);
        }
    }

    /// Takes `p`'s post away; returns it, or [`NONE`] if `p` held none.
    pub fn take(&mut self, p: PersonId) -> u32 {
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
    }
}
