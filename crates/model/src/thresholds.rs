//! Draws from a table of weights by comparing integers, with the results of the subtractions
//! they replace.
//!
//! Several draws pick an entry of a table of weights by a walk: a uniform number (scaled by the
//! table's total, or not) is compared with each weight in turn, and the weight subtracted, until
//! the number falls below one ([`walk`]). Each subtraction waits for the one before, so a table
//! of a hundred runs costs a few hundred cycles a draw.
//!
//! The entry a walk ends on only grows with the generator's 53 bits, because IEEE-754
//! multiplication and subtraction round monotonically. So each entry has a least value of those
//! bits from which the walk passes it. [`Thresholds`] finds these values once, and a draw counts
//! the values at or below its bits. The result is the same entry for every value of the bits,
//! and the same random numbers are used, so no output changes.
//!
//! Each value is found by running the walk backwards, a few units in the last place at each
//! weight, and is then checked forwards at itself and one below. Where the check fails, a
//! bisection over the walk itself gives the value.

use chistka_engine::streams::Rng;
use rand::Rng as _;

/// Tables up to this long are counted whole rather than searched ([`Thresholds::position`]).
const SHORT: usize = 32;

/// One more than the largest value of the generator's 53 bits a uniform number is made of.
const BITS: u64 = 1 << 53;

/// How `rand` turns 53 bits into a number in [0, 1) (`StandardUniform` for `f64`): exact.
fn unit(k: u64) -> f64 {
    k as f64 * (1.0 / BITS as f64)
}

/// A table's draw: the positions a walk passes, as thresholds on the generator's 53 bits.
#[derive(Debug, Clone, Default)]
pub struct Thresholds {
    /// `passed[j]`: the least 53-bit value for which the walk passes entries `0..=j`
    /// ([`BITS`] if it never does). Non-decreasing.
    passed: Vec<u64>,
}

/// The walk: the position of the entry a uniform number made of the 53-bit value `k`, times
/// `total` if there is one, ends on, or `weights.len()` if it passes them all (the caller's
/// fallback). The draws of the population, the pools and the pickers are this walk.
pub fn walk(weights: &[f64], total: Option<f64>, k: u64) -> usize {
    let mut u = start(total, k);
    for (j, &w) in weights.iter().enumerate() {
        if u < w {
            return j;
        }
        u -= w;
    }
    weights.len()
}

fn start(total: Option<f64>, k: u64) -> f64 {
    match total {
        Some(t) => unit(k) * t,
        None => unit(k),
    }
}

/// Whether the walk from `k` passes entries `0..=j`.
fn passes(weights: &[f64], total: Option<f64>, k: u64, j: usize) -> bool {
    walk(&weights[..=j], total, k) > j
}

impl Thresholds {
    /// The thresholds of the walk over `weights` (scaled by `total` if given).
    pub fn new(weights: &[f64], total: Option<f64>) -> Self {
        let mut passed = Vec::with_capacity(weights.len());
        let mut floor = 0;
        for j in 0..weights.len() {
            let guess = least_reaching(weights, total, j).map_or(floor, |k| k.max(floor));
            let exact = guess == BITS && !passes(weights, total, BITS - 1, j)
                || guess < BITS
                    && passes(weights, total, guess, j)
                    && (guess == floor || !passes(weights, total, guess - 1, j));
            let t = if exact {
                guess
            } else {
                bisect(weights, total, j, floor)
            };
            passed.push(t);
            floor = t;
        }
        Thresholds { passed }
    }

    /// The position the walk from the 53-bit value `k` ends on (`len` when it passes all).
    pub fn position(&self, k: u64) -> usize {
        // The thresholds do not decrease, so the count of those at or below `k` is the
        // position. A short table is counted whole, in vector compares and without a branch
        // to mispredict; a long one is searched.
        if self.passed.len() <= SHORT {
            self.passed.iter().map(|&t| usize::from(t <= k)).sum()
        } else {
            self.passed.partition_point(|&t| t <= k)
        }
    }

    /// A draw: one number from `rng`, as `rng.random::<f64>()` takes it, and the position the
    /// walk from it ends on (the table's length when it passes every entry).
    pub fn draw(&self, rng: &mut Rng) -> usize {
        self.position(rng.random::<u64>() >> 11)
    }
}

/// The least 53-bit value whose walk has at least `weights[j]` left when it reaches entry `j`,
/// found backwards from `j`; None where the search gives up (the caller then bisects).
fn least_reaching(weights: &[f64], total: Option<f64>, j: usize) -> Option<u64> {
    // The least number at each step that leaves enough for the next.
    let mut need = weights[j];
    for &w in weights[..j].iter().rev() {
        need = least_before_subtracting(need, w)?;
    }
    least_bits(total, need)
}

/// The least `x` with `x - w >= need` as rounded: `need + w`, moved by a few units in the last
/// place. The rounded difference only grows with `x`.
fn least_before_subtracting(need: f64, w: f64) -> Option<f64> {
    let ok = |x: f64| x - w >= need;
    let mut x = need + w;
    if !x.is_finite() {
        return None;
    }
    for _ in 0..64 {
        if ok(x) {
            if !ok(x.next_down()) {
                return Some(x);
            }
            x = x.next_down();
        } else {
            x = x.next_up();
        }
    }
    None
}

/// The least 53-bit value whose uniform number (times `total`) is at least `x`, or [`BITS`] if
/// none is; None where the estimate is too far off to correct.
fn least_bits(total: Option<f64>, x: f64) -> Option<u64> {
    if x <= 0.0 {
        return Some(0);
    }
    let ok = |k: u64| start(total, k) >= x;
    let estimate = x / total.unwrap_or(1.0) * BITS as f64;
    if estimate.is_nan() || estimate >= BITS as f64 {
        return (!ok(BITS - 1)).then_some(BITS);
    }
    let mut k = (estimate.ceil() as u64).min(BITS - 1);
    for _ in 0..64 {
        if ok(k) {
            if k == 0 || !ok(k - 1) {
                return Some(k);
            }
            k -= 1;
        } else if k + 1 == BITS {
            return Some(BITS);
        } else {
            k += 1;
        }
    }
    None
}

/// The least 53-bit value from `floor` on whose walk passes entries `0..=j`, by bisection.
fn bisect(weights: &[f64], total: Option<f64>, j: usize, floor: u64) -> u64 {
    let (mut lo, mut hi) = (floor, BITS);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if passes(weights, total, mid, j) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng as _;

    /// Tables of many shapes: shares that sum to 1, weights scaled by their total, zeros,
    /// tiny weights beside large ones, a table whose total is a little off its sum.
    fn tables(rng: &mut Rng) -> Vec<(Vec<f64>, Option<f64>)> {
        let mut out = vec![
            (vec![1.0], None),
            (vec![0.0, 0.5, 0.0, 0.5], None),
            (vec![0.1; 10], None),
            (vec![1e-300, 1.0, 1e-17, 3.0], Some(4.0)),
            (vec![0.25, 0.25, 0.25, 0.2499999999999999], None),
        ];
        for n in [2usize, 3, 5, 16, 60, 130] {
            for scaled in [false, true] {
                let raw: Vec<f64> = (0..n)
                    .map(|_| {
                        let x: f64 = rng.random();
                        if x < 0.1 { 0.0 } else { x.powi(4) * 1e3 }
                    })
                    .collect();
                let sum: f64 = raw.iter().sum();
                if scaled {
                    out.push((raw, Some(sum)));
                } else {
                    out.push((raw.iter().map(|w| w / sum).collect(), None));
                }
            }
        }
        out
    }

    /// Every position the thresholds give is the walk's, at random bits and at each
    /// threshold and its neighbours, where a rounding would show.
    #[test]
    fn the_thresholds_end_where_the_walk_ends() {
        let mut rng = Rng::seed_from_u64(5);
        for (weights, total) in tables(&mut rng) {
            let t = Thresholds::new(&weights, total);
            let mut ks: Vec<u64> = (0..20_000).map(|_| rng.random::<u64>() >> 11).collect();
            for &b in &t.passed {
                ks.extend([b.saturating_sub(1), b, (b + 1).min(BITS - 1)]);
            }
            ks.extend([0, 1, BITS - 1]);
            for k in ks.into_iter().filter(|&k| k < BITS) {
                assert_eq!(
                    t.position(k),
                    walk(&weights, total, k),
                    "k {k}, weights {weights:?}"
                );
            }
        }
    }

    /// A draw takes the number `rng.random::<f64>()` takes: the generators stay in step.
    #[test]
    fn a_draw_uses_one_number_as_a_uniform_draw_does() {
        let weights = [0.2, 0.3, 0.5];
        let t = Thresholds::new(&weights, None);
        let (mut a, mut b) = (Rng::seed_from_u64(9), Rng::seed_from_u64(9));
        for _ in 0..1_000 {
            let u: f64 = b.random();
            let k = (u * BITS as f64) as u64;
            assert_eq!(t.draw(&mut a), walk(&weights, None, k));
        }
        assert_eq!(a.random::<u64>(), b.random::<u64>());
    }
}
