//! Shapley values of a cooperative game over M players, exactly or by permutation sampling.
//!
//! A coalition is a bit mask (bit i set: player i is in). The Shapley value of player i is its
//! marginal contribution v(S + i) - v(S) averaged over all orders in which the players can
//! join, S being those before i:
//!
//! φ_i = Σ_{S ⊆ N \ {i}} |S|! (M - |S| - 1)! / M! · (v(S ∪ {i}) - v(S)).
//!
//! The values add up to v(all) - v(none) (efficiency). [`exact`] needs all 2^M coalitions;
//! [`sampled`] averages the marginal contributions over K random orders (Castro, Gómez and Tejada
//! 2009, *Polynomial calculation of the Shapley value based on sampling*), which needs at most
//! K (M - 1) + 2 distinct coalitions and is unbiased; its error falls as 1/√K.

use std::collections::BTreeSet;

use chistka_engine::streams::Rng;
use rand::RngCore;

/// All coalitions of `m` players.
pub fn all_coalitions(m: usize) -> Vec<u64> {
    (0..1u64 << m).collect()
}

/// Exact Shapley values from the value of every coalition.
pub fn exact(m: usize, v: impl Fn(u64) -> f64) -> Vec<f64> {
    // weight[s] = s! (m - s - 1)! / m!, built as a product to stay within f64 range.
    let weight: Vec<f64> = (0..m)
        .map(|s| {
            let mut w = 1.0 / m as f64;
            // s! (m-1-s)! / (m-1)! = 1 / C(m-1, s)
            let mut c = 1.0;
            for k in 0..s {
                c *= (m - 1 - k) as f64 / (k + 1) as f64;
            }
            w /= c;
            w
        })
        .collect();
    (0..m)
        .map(|i| {
            let bit = 1u64 << i;
            (0..1u64 << m)
                .filter(|s| s & bit == 0)
                .map(|s| weight[s.count_ones() as usize] * (v(s | bit) - v(s)))
                .sum()
        })
        .collect()
}

/// `k` random orders of `m` players from `rng`.
pub fn permutations(m: usize, k: usize, rng: &mut Rng) -> Vec<Vec<usize>> {
    (0..k)
        .map(|_| {
            let mut p: Vec<usize> = (0..m).collect();
            for i in (1..m).rev() {
                let j = ((u128::from(rng.next_u64()) * (i as u128 + 1)) >> 64) as usize;
                p.swap(i, j);
            }
            p
        })
        .collect()
}

/// The coalitions [`sampled`] evaluates for these orders.
pub fn coalitions_of(perms: &[Vec<usize>]) -> BTreeSet<u64> {
    let mut out = BTreeSet::new();
    for p in perms {
        let mut s = 0u64;
        out.insert(s);
        for &i in p {
            s |= 1 << i;
            out.insert(s);
        }
    }
    out
}

/// Shapley values estimated from the marginal contributions along the given orders.
pub fn sampled(m: usize, perms: &[Vec<usize>], v: impl Fn(u64) -> f64) -> Vec<f64> {
    let mut phi = vec![0.0; m];
    for p in perms {
        let mut s = 0u64;
        let mut before = v(s);
        for &i in p {
            s |= 1 << i;
            let after = v(s);
            phi[i] += after - before;
            before = after;
        }
    }
    let k = perms.len().max(1) as f64;
    phi.iter_mut().for_each(|x| *x /= k);
    phi
}

#[cfg(test)]
mod tests {
    use super::*;
    use chistka_engine::streams::Streams;

    const W: [f64; 5] = [3.0, -1.0, 0.5, 7.0, 0.0];

    fn additive(s: u64) -> f64 {
        (0..W.len())
            .filter(|i| s & (1 << i) != 0)
            .map(|i| W[i])
            .sum()
    }

    /// Additive, plus a synergy of 6 shared by players 0 and 3 and a three-way term.
    fn synergy(s: u64) -> f64 {
        let has = |i: u32| s & (1 << i) != 0;
        additive(s)
            + if has(0) && has(3) { 6.0 } else { 0.0 }
            + if has(1) && has(2) && has(4) { 3.0 } else { 0.0 }
    }

    #[test]
    fn additive_game_gives_each_player_its_own_weight() {
        let phi = exact(W.len(), additive);
        for (p, w) in phi.iter().zip(W) {
            assert!((p - w).abs() < 1e-12, "{phi:?}");
        }
        // Any one order is exact for an additive game.
        let mut rng = Streams::new(1).stream(1);
        let phi = sampled(W.len(), &permutations(W.len(), 3, &mut rng), additive);
        for (p, w) in phi.iter().zip(W) {
            assert!((p - w).abs() < 1e-12, "{phi:?}");
        }
    }

    #[test]
    fn exact_splits_synergies_evenly_and_is_efficient() {
        let phi = exact(W.len(), synergy);
        let want = [3.0 + 3.0, -1.0 + 1.0, 0.5 + 1.0, 7.0 + 3.0, 1.0];
        for (p, w) in phi.iter().zip(want) {
            assert!((p - w).abs() < 1e-9, "{phi:?}");
        }
        let total: f64 = phi.iter().sum();
        assert!((total - (synergy(31) - synergy(0))).abs() < 1e-9);
    }

    #[test]
    fn permutation_sampling_converges_to_the_exact_values() {
        let want = exact(W.len(), synergy);
        let mut rng = Streams::new(2009).stream(7);
        let err = |k: usize, rng: &mut Rng| {
            let phi = sampled(W.len(), &permutations(W.len(), k, rng), synergy);
            // Efficient along every order, whatever k.
            assert!((phi.iter().sum::<f64>() - (synergy(31) - synergy(0))).abs() < 1e-9);
            phi.iter()
                .zip(&want)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f64::max)
        };
        let coarse: f64 = (0..20).map(|_| err(10, &mut rng)).sum::<f64>() / 20.0;
        let fine: f64 = (0..20).map(|_| err(1000, &mut rng)).sum::<f64>() / 20.0;
        assert!(fine < 0.15, "max error with 1000 orders: {fine}");
        assert!(
            fine < coarse / 4.0,
            "error 10 orders {coarse}, 1000 orders {fine}"
        );
    }

    #[test]
    fn sampled_needs_few_coalitions() {
        let mut rng = Streams::new(3).stream(3);
        let perms = permutations(12, 10, &mut rng);
        let c = coalitions_of(&perms);
        assert!(c.len() <= 10 * 11 + 2);
        assert!(c.contains(&0) && c.contains(&((1 << 12) - 1)));
    }
}
