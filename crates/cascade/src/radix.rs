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

/// How many of the next pops a redistribution names for prefetching ([`RadixHeap::ahead`]).
pub(crate) const AHEAD: usize = 3;

/// A monotone min-queue of `(time, node)`.
#[derive(Debug)]
pub(crate) struct RadixHeap {
    last: u64,
    len: usize,
    /// Bit b set when bucket b holds an item: the lowest non-empty bucket in one instruction
    /// instead of a scan of 65 vectors.
    occupied: u128,
    /// The nodes most likely popped after the last one popped, in order, known as a by-product
    /// of redistribution; `ahead_len` of them are valid.
    ahead: [u32; AHEAD],
    ahead_len: usize,
    buckets: Vec<Vec<(u64, u32)>>,
}

impl RadixHeap {
    pub(crate) fn new() -> Self {
        Self {
            last: 0,
            len: 0,
            occupied: 0,
            ahead: [0; AHEAD],
            ahead_len: 0,
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
        self.occupied |= 1 << b;
        self.len += 1;
    }

    /// The nodes of the items probably popped next, in order, if known: hints for fetching
    /// their data early, never needed for correctness. Known after a pop that redistributed a
    /// bucket: every item redistributed is smaller than every item left in the heap, so the
    /// smallest of them after the one popped are the next pops unless an earlier item is pushed
    /// meanwhile.
    pub(crate) fn ahead(&self) -> &[u32] {
        &self.ahead[..self.ahead_len]
    }

    /// Removes an item with the smallest time.
    pub(crate) fn pop(&mut self) -> Option<(f64, u32)> {
        self.ahead_len = 0;
        if self.buckets[0].is_empty() {
            let rest = self.occupied & !1;
            if rest == 0 {
                return None;
            }
            let i = rest.trailing_zeros() as usize;
            self.occupied &= !(1 << i);
            let items = std::mem::take(&mut self.buckets[i]);
            // The smallest key becomes the new base; the next few smallest, in order, are the
            // next pops unless an earlier item is pushed meanwhile.
            let mut min = (u64::MAX, 0);
            let mut next = [(u64::MAX, 0u32); AHEAD];
            for &(k, v) in &items {
                if k < next[AHEAD - 1].0 {
                    let (mut k, mut v) = (k, v);
                    if k < min.0 {
                        (k, v, min) = (min.0, min.1, (k, v));
                    }
                    // Insert (k, v) into the sorted `next`, dropping its largest.
                    let mut j = AHEAD - 1;
                    while j > 0 && next[j - 1].0 > k {
                        next[j] = next[j - 1];
                        j -= 1;
                    }
                    next[j] = (k, v);
                }
            }
            self.last = min.0;
            for (j, &(k, v)) in next.iter().enumerate() {
                if k == u64::MAX {
                    break;
                }
                self.ahead[j] = v;
                self.ahead_len = j + 1;
            }
            for &(k, v) in &items {
                let b = self.bucket(k);
                self.buckets[b].push((k, v));
                self.occupied |= 1 << b;
            }
            // Hand the emptied vector back so its capacity is reused.
            let mut items = items;
            items.clear();
            self.buckets[i] = items;
        }
        let (key, node) = self.buckets[0].pop()?;
        if self.buckets[0].is_empty() {
            self.occupied &= !1;
        }
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
    fn ahead_names_the_next_smallest_after_redistribution() {
        let mut heap = RadixHeap::new();
        // All five share their highest set bit, so the first pop redistributes all of them.
        for (t, n) in [(3.0, 3), (2.5, 25), (2.0, 2), (3.5, 35), (2.25, 225)] {
            heap.push(t, n);
        }
        assert_eq!(heap.ahead(), &[] as &[u32]);
        assert_eq!(heap.pop(), Some((2.0, 2)));
        assert_eq!(heap.ahead(), &[225, 25, 3]);
        assert_eq!(heap.pop(), Some((2.25, 225)));
        assert_eq!(heap.pop(), Some((2.5, 25)));
        // Fewer items than AHEAD: all of them.
        let mut heap = RadixHeap::new();
        heap.push(3.0, 3);
        heap.push(2.0, 2);
        assert_eq!(heap.pop(), Some((2.0, 2)));
        assert_eq!(heap.ahead(), &[3]);
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
