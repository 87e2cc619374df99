//! Hash maps and sets keyed by person: the open cases, the camps' rolls and roster. A person id
//! is a dense `u32` that no user chooses, so it needs no protection against crafted keys, and the
//! standard hasher (SipHash, seeded at random per process) costs more than the lookups it serves
//! at full scale. One multiplication by a 64-bit odd constant (Fibonacci hashing) spreads
//! ids over the high bits, a fold brings them to the low bits the table indexes by, and it is the
//! same in every process, so nothing about these maps depends on a random seed.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::people::PersonId;

/// A map keyed by person.
pub type IdMap<V> = HashMap<PersonId, V, BuildHasherDefault<IdHasher>>;

/// A set of people.
pub type IdSet = HashSet<PersonId, BuildHasherDefault<IdHasher>>;

/// The hasher of [`IdMap`] and [`IdSet`]: a person id times 2^64 / the golden ratio.
#[derive(Debug, Clone, Copy, Default)]
pub struct IdHasher(u64);

/// 2^64 / the golden ratio, odd.
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

impl Hasher for IdHasher {
    /// The product with its high half folded into the low: the table picks a bucket from the
    /// low bits and a tag from the high ones, and a product alone leaves ids that differ by a
    /// multiple of 2^k in the same low k bits.
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }

    fn write_u32(&mut self, id: u32) {
        self.0 = (self.0 ^ u64::from(id)).wrapping_mul(GOLDEN);
    }

    /// Bytes other than a `u32` (not used by person ids; kept correct for any key).
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(GOLDEN);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    /// Ids consecutive or a power of two apart spread over the low bits (the bucket) and the high
    /// bits (the tag) of a table of 1,024 buckets at least as well as a random hash would (about
    /// 647 distinct of 1,024, 1 - 1/e), and a map of them behaves as a map.
    #[test]
    fn ids_spread_over_the_buckets_and_the_tags() {
        let build = BuildHasherDefault::<IdHasher>::default();
        for stride in [1u32, 1024, 65_536] {
            let hashes: Vec<u64> = (0u32..1024).map(|i| build.hash_one(i * stride)).collect();
            let low: std::collections::BTreeSet<u64> = hashes.iter().map(|h| h & 1023).collect();
            let high: std::collections::BTreeSet<u64> = hashes.iter().map(|h| h >> 54).collect();
            assert!(
                low.len() > 700 && high.len() > 700,
                "stride {stride}: {} low, {} high of 1024",
                low.len(),
                high.len()
            );
        }
        let mut m: IdMap<u32> = IdMap::default();
        for id in 0..10_000u32 {
            m.insert(id * 7, id);
        }
        assert!((0..10_000u32).all(|id| m.get(&(id * 7)) == Some(&id)));
        assert_eq!(m.get(&1), None);
    }
}
