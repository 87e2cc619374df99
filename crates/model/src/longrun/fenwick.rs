//! A Fenwick tree of non-negative weights (Fenwick 1994): a weighted draw and a change of one
//! weight, each in O(log n), so that filling a post draws from the whole lower nomenklatura
//! without scanning it.

/// Weights with prefix sums.
#[derive(Debug, Clone, Default)]
pub struct Fenwick {
    tree: Vec<f64>,
}

impl Fenwick {
    /// A tree over `weights` (each clamped at 0), built in O(n).
    pub fn new(weights: &[f64]) -> Self {
        let n = weights.len();
        let mut tree = vec![0.0; n + 1];
        for (i, &w) in weights.iter().enumerate() {
            tree[i + 1] += w.max(0.0);
            let parent = (i + 1) + ((i + 1) & (!(i + 1) + 1));
            if parent <= n {
                let v = tree[i + 1];
                tree[parent] += v;
            }
        }
        Fenwick { tree }
    }

    /// The sum of all weights.
    pub fn total(&self) -> f64 {
        let mut i = self.tree.len() - 1;
        let mut s = 0.0;
        while i > 0 {
            s += self.tree[i];
            i &= i - 1;
        }
        s
    }

    /// Adds `delta` to weight `i`.
    pub fn add(&mut self, i: usize, delta: f64) {
        let mut j = i + 1;
        while j < self.tree.len() {
            self.tree[j] += delta;
            j += j & (!j + 1);
        }
    }

    /// The index whose cumulative range holds `u` in `[0, total)`: weight `i` is chosen with
    /// probability weight / total. None for an empty or all-zero tree.
    pub fn find(&self, mut u: f64) -> Option<usize> {
        let n = self.tree.len() - 1;
        if n == 0 || self.total() <= 0.0 {
            return None;
        }
        let mut pos = 0;
        let mut step = n.next_power_of_two();
        while step > 0 {
            let next = pos + step;
            if next <= n && self.tree[next] <= u {
                u -= self.tree[next];
                pos = next;
            }
            step >>= 1;
        }
        // Rounding can carry u past the last positive weight: step back to one.
        Some(pos.min(n - 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_follow_the_weights_and_changes() {
        let w = [1.0, 0.0, 3.0, 6.0];
        let mut f = Fenwick::new(&w);
        assert!((f.total() - 10.0).abs() < 1e-12);
        assert_eq!(f.find(0.5), Some(0));
        assert_eq!(f.find(1.0), Some(2));
        assert_eq!(f.find(3.999), Some(2));
        assert_eq!(f.find(4.0), Some(3));
        assert_eq!(f.find(9.999), Some(3));
        f.add(3, -6.0);
        assert!((f.total() - 4.0).abs() < 1e-12);
        assert_eq!(f.find(3.5), Some(2));
        assert_eq!(Fenwick::new(&[]).find(0.0), None);
        assert_eq!(Fenwick::new(&[0.0, 0.0]).find(0.0), None);
    }

    #[test]
    fn prefix_sums_match_a_scan_after_many_changes() {
        let mut w: Vec<f64> = (0..37).map(|i| f64::from(i % 5)).collect();
        let mut f = Fenwick::new(&w);
        for k in 0..200 {
            let i = (k * 7) % w.len();
            let d = if k % 3 == 0 { -w[i] } else { 0.5 };
            w[i] += d;
            f.add(i, d);
        }
        let total: f64 = w.iter().sum();
        assert!((f.total() - total).abs() < 1e-9);
        // Every draw lands on an index with positive weight whose cumulative range holds u.
        let mut acc = 0.0;
        for (i, &x) in w.iter().enumerate() {
            if x > 0.0 {
                assert_eq!(f.find(acc + x / 2.0), Some(i));
            }
            acc += x;
        }
    }
}
