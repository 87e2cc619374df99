//! A monotone priority queue (radix heap) keyed by non-negative `f64` times.
//!
//! In an event-driven cascade every new event comes after the one being processed, so the
//! queue never has to accept a key below the last one popped. A radix heap exploits that: items
//! sit in 65 buckets by the highest bit in which their key differs from the last popped key, and
//! a pop only ever scans the lowest non-empty bucket and redistributes it into lower ones. Each
//! item moves down at most 64 times, mostly far fewer, and every move is a sequential append,
//! which is what makes it faster than a binary heap on large queues, whose sift-downs jump
//! around memory (Ahuja, Mehlhorn, Orlin & Tarjan, "Faster algorithms for the shortest path
//! problem", J. ACM 37, 1990).
//!
//! The bit pattern of a non-negative `f64` orders as its value, so keys are the raw bits.
//! Equal keys pop in an unspecified but deterministic order.

/// A monotone min-queue of `(time, node)`.
#[derive(Debug)]
pub(crate) struct RadixHeap {
    last: u64,
    len: usize,
    /// The node most likely popped next, known as a by-product of redistribution.
    hint: Option<u32>,
    buckets: Vec<Vec<(u64, u32)>>,
}

impl RadixHeap {
    pub(crate) fn new() -> Self {
        Self {
            last: 0,
            len: 0,
            hint: None,
            buckets: (0..65).map(|_| Vec::new()).collect(),
        }
    }

    fn bucket(&self, key: u64) -> usize {
        (64 - (key ^ self.last).leading_zeros()) as usize
    }

    /// Adds an item. `time` must be non-negative and at least the last popped time.
    pub(crate) fn push(&mut self, time: f64, node: u32) {
        let key = time.to_bits();
        debug_assert!(
            time >= 0.0 && key >= self.last,
            "radix heap keys must not decrease"
        );
        let b = self.bucket(key);
        self.buckets[b].push((key, node));
        self.len += 1;
    }

    /// The node of the item probably popped after the last one popped, if known: a hint for
    /// fetching its data early, never needed for correctness.
    pub(crate) fn hint(&self) -> Option<u32> {
        self.hint
    }

    /// Removes an item with the smallest time.
    pub(crate) fn pop(&mut self) -> Option<(f64, u32)> {
        self.hint = None;
        if self.buckets[0].is_empty() {
            let i = self.buckets.iter().position(|b| !b.is_empty())?;
            let items = std::mem::take(&mut self.buckets[i]);
            // The smallest key becomes the new base; the second smallest is the next pop
            // unless an earlier item is pushed meanwhile.
            let (mut min, mut second) = ((u64::MAX, 0), (u64::MAX, None));
            for &(k, v) in &items {
                if k < min.0 {
                    second = (min.0, (min.0 != u64::MAX).then_some(min.1));
                    min = (k, v);
                } else if k < second.0 {
                    second = (k, Some(v));
                }
            }
            self.last = min.0;
            self.hint = second.1;
            for &(k, v) in &items {
                let b = self.bucket(k);
                self.buckets[b].push((k, v));
            }
            // Hand the emptied vector back so its capacity is reused.
            let mut items = items;
            items.clear();
            self.buckets[i] = items;
        }
        let (key, node) = self.buckets[0].pop()?;
        self.len -= 1;
        Some((f64::from_bits(key), node))
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.len
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chistka_engine::streams::Streams;
    use rand::Rng;

    #[test]
    fn pops_in_time_order_with_interleaved_pushes() {
        let mut rng = Streams::new(3).stream(1);
        let mut heap = RadixHeap::new();
        let mut reference = std::collections::BinaryHeap::new();
        let mut now = 0.0f64;
        for _ in 0..10 {
            let t = rng.random::<f64>() * 5.0;
            heap.push(t, 0);
            reference.push(std::cmp::Reverse(t.to_bits()));
        }
        let mut popped = 0;
        while let Some((t, _)) = heap.pop() {
            let expected = reference.pop().map(|r| f64::from_bits(r.0));
            assert_eq!(Some(t), expected);
            assert!(t >= now);
            now = t;
            popped += 1;
            if popped < 5000 {
                for _ in 0..rng.random_range(0..3) {
                    let later = now + rng.random::<f64>() * rng.random::<f64>() * 3.0;
                    heap.push(later, 1);
                    reference.push(std::cmp::Reverse(later.to_bits()));
                }
            }
        }
        assert!(reference.is_empty());
        assert_eq!(heap.len(), 0);
    }

    #[test]
    fn hint_names_the_second_smallest_after_redistribution() {
        let mut heap = RadixHeap::new();
        // All four share their highest set bit, so the first pop redistributes all of them.
        for (t, n) in [(3.0, 3), (2.5, 25), (2.0, 2), (5.0, 5)] {
            heap.push(t, n);
        }
        assert_eq!(heap.hint(), None);
        assert_eq!(heap.pop(), Some((2.0, 2)));
        assert_eq!(heap.hint(), Some(25));
        assert_eq!(heap.pop(), Some((2.5, 25)));
    }

    #[test]
    fn zero_and_equal_keys() {
        let mut heap = RadixHeap::new();
        heap.push(0.0, 1);
        heap.push(0.0, 2);
        heap.push(1.5, 3);
        heap.push(0.0, 4);
        let mut zeros: Vec<u32> = (0..3).filter_map(|_| heap.pop()).map(|(_, n)| n).collect();
        zeros.sort_unstable();
        assert_eq!(zeros, [1, 2, 4]);
        assert_eq!(heap.pop(), Some((1.5, 3)));
        assert_eq!(heap.pop(), None);
    }
}
