//! Seeded random streams.
//!
//! A run has one seed. Every draw comes from a stream that is a pure function of
//! (seed, key...), where the key names the process and, where useful, the day, the person or a
//! chunk of the population. Two consequences follow, and both are tested:
//!
//! - results do not depend on how many threads run, because no stream is shared between units
//!   of parallel work;
//! - switching a process off does not shift the draws of any other process (common random
//!   numbers), because no stream is shared between processes.
//!
//! The generator is `Pcg64Mcg` from `rand_pcg`, a named portable generator whose output is
//! fixed by its specification; keys are mixed with SplitMix64's finaliser, which spreads
//! nearby keys (day 1, day 2) to unrelated seeds.

use rand_pcg::Pcg64Mcg;

/// The generator every stream uses.
pub type Rng = Pcg64Mcg;

/// SplitMix64 finaliser: a bijection on u64 with full avalanche.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The multiplier and increment of the PCG32 steps with which `rand_core`'s
/// `SeedableRng::seed_from_u64` fills a seed.
const PCG32_MUL: u64 = 6_364_136_223_846_793_005;
const PCG32_INC: u64 = 11_634_580_027_462_260_723;

/// `n` PCG32 steps at once: `state * a + c` is the state `n` steps on.
const fn jump(n: u32) -> (u64, u64) {
    let (mut a, mut c) = (1u64, 0u64);
    let mut i = 0;
    while i < n {
        a = a.wrapping_mul(PCG32_MUL);
        c = c.wrapping_mul(PCG32_MUL).wrapping_add(PCG32_INC);
        i += 1;
    }
    (a, c)
}

const JUMPS: [(u64, u64); 4] = [jump(1), jump(2), jump(3), jump(4)];

/// `Rng::seed_from_u64(state)`, the same generator, with its four PCG32 steps computed side by
/// side instead of one after the other: each step's state is a jump from `state`
/// ([`JUMPS`]), so none waits for the one before. A run makes a generator for nearly every
/// event, and the chain of four multiplications was most of the cost
/// (`seeded_is_seed_from_u64` checks the two agree).
#[inline]
fn seeded(state: u64) -> Rng {
    let word = |(a, c): (u64, u64)| {
        let s = state.wrapping_mul(a).wrapping_add(c);
        let xorshifted = (((s >> 18) ^ s) >> 27) as u32;
        u128::from(xorshifted.rotate_right((s >> 59) as u32))
    };
    let seed = word(JUMPS[0]) | word(JUMPS[1]) << 32 | word(JUMPS[2]) << 64 | word(JUMPS[3]) << 96;
    Rng::new(seed)
}

/// The source of every random stream in a run.
#[derive(Debug, Clone, Copy)]
pub struct Streams {
    seed: u64,
    /// `mix(seed)`, the start of every key's derivation: a run makes a stream for nearly every
    /// event, so this one step is done once.
    mixed: u64,
}

impl Streams {
    /// Streams for a run with this seed.
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            mixed: mix(seed),
        }
    }

    /// The run seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    fn derive(&self, keys: &[u64]) -> u64 {
        keys.iter().fold(self.mixed, |acc, &k| mix(acc ^ mix(k)))
    }

    /// The stream for one key (typically a process id).
    pub fn stream(&self, key: u64) -> Rng {
        seeded(self.derive(&[key]))
    }

    /// The stream for a key and a sub-key (a day, a person, a chunk).
    pub fn stream2(&self, key: u64, sub: u64) -> Rng {
        seeded(self.derive(&[key, sub]))
    }

    /// The stream for a key and two sub-keys.
    pub fn stream3(&self, key: u64, a: u64, b: u64) -> Rng {
        seeded(self.derive(&[key, a, b]))
    }

    /// A uniform number in [0, 1) that is a pure function of the keys, without building a
    /// generator: for one-off per-person decisions on hot paths.
    pub fn unit(&self, key: u64, a: u64, b: u64) -> f64 {
        (self.derive(&[key, a, b]) >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng as _;
    use rand::SeedableRng as _;

    #[test]
    fn streams_are_pure_functions_of_seed_and_key() {
        let s = Streams::new(7);
        let a: Vec<u64> = (0..4)
            .map(|_| 0)
            .scan(s.stream2(1, 2), |r, _| Some(r.random()))
            .collect();
        let b: Vec<u64> = (0..4)
            .map(|_| 0)
            .scan(s.stream2(1, 2), |r, _| Some(r.random()))
            .collect();
        assert_eq!(a, b);
        let other: u64 = s.stream2(1, 3).random();
        assert_ne!(a[0], other);
        let reseeded: u64 = Streams::new(8).stream2(1, 2).random();
        assert_ne!(a[0], reseeded);
    }

    /// Value stability: a change here changes every result chistka has ever published, so it
    /// must be deliberate and noted in the changelog.
    const PIN_STREAM: u64 = 9_383_786_058_717_335_864;
    const PIN_UNIT: &str = "0.248412720871529";

    #[test]
    fn value_stability() {
        let s = Streams::new(42);
        let x: u64 = s.stream(1).random();
        assert_eq!(x, PIN_STREAM);
        assert_eq!(format!("{:.15}", s.unit(1, 2, 3)), PIN_UNIT);
    }

    /// The side-by-side seeding makes the generator `rand_core`'s sequential one makes, for
    /// keys of every shape: small, large, all bits, none, and many from a generator.
    #[test]
    fn seeded_is_seed_from_u64() {
        let mut keys = vec![
            0,
            1,
            2,
            7,
            u64::MAX,
            u64::MAX - 1,
            1 << 63,
            0x5555_5555_5555_5555,
        ];
        let mut source = Rng::seed_from_u64(99);
        keys.extend((0..10_000).map(|_| source.random::<u64>()));
        for k in keys {
            let (mut fast, mut slow) = (seeded(k), Rng::seed_from_u64(k));
            for _ in 0..3 {
                assert_eq!(fast.random::<u64>(), slow.random::<u64>(), "key {k}");
            }
        }
    }

    #[test]
    fn unit_is_roughly_uniform() {
        let s = Streams::new(1);
        let n = 100_000;
        let mean = (0..n).map(|i| s.unit(9, i, 0)).sum::<f64>() / n as f64;
        assert!((mean - 0.5).abs() < 0.01, "mean {mean}");
    }
}
