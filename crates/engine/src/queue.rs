//! An event queue with a total order: (day, priority, sequence number).
//!
//! The sequence number is assigned at push time, so events scheduled for the same day and
//! priority pop in the order they were scheduled. Nothing depends on hashing or on memory
//! addresses, which is what makes a run reproducible.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::calendar::Day;

mod later;
use later::Later;

/// One scheduled event.
#[derive(Debug, Clone)]
pub struct Scheduled<E> {
    /// The day it happens.
    pub day: Day,
    /// Lower runs first among events of the same day.
    pub priority: u8,
    /// Push order, the final tie-break.
    pub seq: u64,
    /// What happens.
    pub payload: E,
}

impl<E> Scheduled<E> {
    fn key(&self) -> (Day, u8, u64) {
        (self.day, self.priority, self.seq)
    }
}

impl<E> PartialEq for Scheduled<E> {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}
impl<E> Eq for Scheduled<E> {}
impl<E> PartialOrd for Scheduled<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Scheduled<E> {
    // Reversed, so that std's max-heap pops the earliest key first.
    fn cmp(&self, other: &Self) -> Ordering {
        other.key().cmp(&self.key())
    }
}

/// A min-queue of events by (day, priority, seq).
///
/// A calendar queue: events for later days wait unsorted in one bucket per day (a chain of small
/// blocks shared by all days). When a day is reached its bucket is sorted once into `due` and
/// popped from its end; events pushed for a day already loaded (the day's own consequences) sit in
/// a small binary heap, and each pop takes the earlier of the two fronts. A bucket is pushed in
/// `seq` order, so its sort is a stable sort by priority over a few runs, and pushing and popping
/// cost O(1) plus the log of the day's late pushes, instead of the log of everything scheduled
/// (years of camp terms).
#[derive(Debug)]
pub struct EventQueue<E> {
    /// Events of the days loaded, latest key first (the next event is the last).
    due: Vec<Scheduled<E>>,
    /// Events pushed for days already loaded, in order.
    heap: BinaryHeap<Scheduled<E>>,
    /// Events of later days, by day.
    later: Later<E>,
    /// Last day whose bucket has been moved into the heap (None: none yet).
    loaded: Option<u16>,
    next_seq: u64,
    len: usize,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E> EventQueue<E> {
    /// An empty queue.
    pub fn new() -> Self {
        Self {
            due: Vec::new(),
            heap: BinaryHeap::new(),
            later: Later::new(),
            loaded: None,
            next_seq: 0,
            len: 0,
        }
    }

    /// Schedule `payload` on `day` with `priority` (lower first).
    pub fn push(&mut self, day: Day, priority: u8, payload: E) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.len += 1;
        let event = Scheduled {
            day,
            priority,
            seq,
            payload,
        };
        if self.loaded.is_some_and(|l| day.0 <= l) {
            self.heap.push(event);
        } else {
            self.later.push(event);
        }
    }

    /// Moves the events of the days up to `day` into `due`, sorted.
    fn load_through(&mut self, day: Day) {
        let from = self.loaded.map_or(0, |l| usize::from(l) + 1);
        let to = usize::from(day.0);
        let mut sort = false;
        // Up to and including `to`, within the days there are (none at all before the first
        // push for a later day: a drain of an empty queue must not index an empty list).
        for d in from..self.later.days().min(to + 1) {
            let earlier = !self.due.is_empty();
            sort |= self.later.drain_day(d, &mut self.due) && earlier;
        }
        // One day's bucket is in seq order: a stable sort by priority puts it in key order. Events
        // left from earlier days, or several days at once, need the whole key.
        if sort {
            self.due.sort_by_key(|e| std::cmp::Reverse(e.key()));
        } else {
            self.due.sort_by_key(|e| e.priority);
            self.due.reverse();
        }
        if self.loaded.is_none_or(|l| l < day.0) {
            self.loaded = Some(day.0);
        }
    }

    /// Pop the earliest event if it is due on or before `day`.
    pub fn pop_due(&mut self, day: Day) -> Option<Scheduled<E>> {
        if self.loaded.is_none_or(|l| l < day.0) {
            self.load_through(day);
        }
        // The earlier of the two fronts (keys are unique: `seq` is).
        let sorted = self.due.last();
        let from_heap = match (sorted, self.heap.peek()) {
            (Some(a), Some(b)) => b.key() < a.key(),
            (None, Some(_)) => true,
            (_, None) => false,
        };
        let next = if from_heap { self.heap.peek() } else { sorted };
        if next.is_none_or(|e| e.day > day) {
            return None;
        }
        self.len -= 1;
        if from_heap {
            self.heap.pop()
        } else {
            self.due.pop()
        }
    }

    /// The event `k` places after the next among those of the days loaded, if there is one: for
    /// a prefetch of what it will read. Events pushed since the day was loaded are left out, so
    /// this is a guess at the order, not the order.
    pub fn ahead(&self, k: usize) -> Option<&E> {
        let n = self.due.len();
        (k < n).then(|| &self.due[n - 1 - k].payload)
    }

    /// Every event still scheduled, in no particular order (for checks after a run, such as
    /// "every open case has a decision scheduled").
    pub fn pending(&self) -> impl Iterator<Item = &Scheduled<E>> {
        self.due
            .iter()
            .chain(self.heap.iter())
            .chain(self.later.iter())
    }

    /// Day of the earliest scheduled event.
    pub fn next_day(&self) -> Option<Day> {
        let bucket_day = self
            .later
            .first_day_from(self.loaded.map_or(0, |l| usize::from(l) + 1))
            .map(|d| Day(d as u16));
        let loaded_day = match (self.due.last(), self.heap.peek()) {
            (Some(a), Some(b)) => Some(a.day.min(b.day)),
            (a, b) => a.or(b).map(|e| e.day),
        };
        match (loaded_day, bucket_day) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Bytes the queue holds for its events: the room of its lists, filled or not (room once
    /// written stays in memory).
    pub fn bytes(&self) -> usize {
        self.later.bytes()
            + (self.due.capacity() + self.heap.capacity()) * std::mem::size_of::<Scheduled<E>>()
    }

    /// Number of scheduled events.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nothing is scheduled.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_by_day_then_priority_then_push_order() {
        let mut q = EventQueue::new();
        q.push(Day(2), 0, "c");
        q.push(Day(1), 5, "b");
        q.push(Day(1), 0, "a1");
        q.push(Day(1), 0, "a2");
        q.push(Day(2), 0, "d");
        let mut out = Vec::new();
        while let Some(e) = q.pop_due(Day(9)) {
            out.push(e.payload);
        }
        assert_eq!(out, ["a1", "a2", "b", "c", "d"]);
    }

    #[test]
    fn events_pushed_for_a_drained_day_keep_the_order() {
        let mut q = EventQueue::new();
        q.push(Day(3), 1, "late");
        assert!(q.pop_due(Day(2)).is_none());
        q.push(Day(3), 0, "early"); // pushed after day 3 was loaded, lower priority first
        q.push(Day(2), 0, "overdue"); // a day already passed is due at once
        q.push(Day(9), 0, "next week");
        let mut out = Vec::new();
        while let Some(e) = q.pop_due(Day(3)) {
            out.push(e.payload);
        }
        assert_eq!(out, ["overdue", "early", "late"]);
        assert_eq!(q.len(), 1);
        assert_eq!(q.next_day(), Some(Day(9)));
        assert_eq!(q.pop_due(Day(20)).map(|e| e.payload), Some("next week"));
        assert!(q.is_empty());
    }

    /// The same order as a plain binary heap over (day, priority, seq), on random pushes and pops.
    #[test]
    fn matches_a_plain_heap() {
        same_order_as_a_plain_heap(5, 20, 30);
    }

    /// The same, with days that receive many blocks' worth of events (a mass operation's
    /// sentences) among days that receive a few, so that chains grow long and blocks freed by
    /// one day are taken by others.
    #[test]
    fn matches_a_plain_heap_on_crowded_days() {
        same_order_as_a_plain_heap(6, 400, 4);
        same_order_as_a_plain_heap(7, 60, 300);
    }

    /// Random pushes, up to `pushes` a day for up to `spread` days ahead, popped day by day
    /// against a binary heap; the queue's room is checked to follow what it holds.
    fn same_order_as_a_plain_heap(seed: u64, pushes: usize, spread: u16) {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(seed);
        let mut q = EventQueue::new();
        let mut reference = BinaryHeap::new();
        let mut seq = 0u64;
        let mut most = 0;
        for today in 0..200u16 {
            for _ in 0..rng.random_range(0..pushes) {
                let day = Day(today + rng.random_range(0..spread));
                let priority = rng.random_range(0..3);
                q.push(day, priority, seq);
                reference.push(Scheduled {
                    day,
                    priority,
                    seq,
                    payload: seq,
                });
                seq += 1;
            }
            most = most.max(q.len());
            while let Some(e) = q.pop_due(Day(today)) {
                let r = reference.pop().unwrap();
                assert_eq!((e.day, e.priority, e.seq), (r.day, r.priority, r.seq));
            }
            assert!(reference.peek().is_none_or(|r| r.day > Day(today)));
            assert_eq!(q.len(), reference.len());
            assert_eq!(q.pending().count(), reference.len());
            // Blocks for the most events held at once, and at most one part-filled block for
            // each day they waited for.
            let blocks = q.later.blocks();
            assert!(
                blocks <= most.div_ceil(later::BLOCK) + usize::from(spread) + 1,
                "{blocks} blocks held for at most {most} events"
            );
        }
    }

    /// Found by the property test: draining before anything was pushed for a later day
    /// indexed an empty list of buckets.
    #[test]
    fn draining_an_empty_queue_finds_nothing() {
        let mut q: EventQueue<u8> = EventQueue::new();
        assert!(q.pop_due(Day(0)).is_none());
        q.push(Day(0), 0, 1);
        assert_eq!(q.pop_due(Day(0)).map(|e| e.payload), Some(1));
    }

    #[test]
    fn pop_due_respects_the_day() {
        let mut q = EventQueue::new();
        q.push(Day(5), 0, ());
        assert!(q.pop_due(Day(4)).is_none());
        assert_eq!(q.next_day(), Some(Day(5)));
        assert!(q.pop_due(Day(5)).is_some());
        assert!(q.is_empty());
    }

    #[test]
    fn ahead_sees_the_loaded_day_in_pop_order() {
        let mut q = EventQueue::new();
        for (priority, payload) in [(2, 'c'), (0, 'a'), (1, 'b'), (0, 'x')] {
            q.push(Day(3), priority, payload);
        }
        assert_eq!(
            q.ahead(0),
            None,
            "nothing is loaded before the day is reached"
        );
        assert_eq!(q.pop_due(Day(3)).map(|e| e.payload), Some('a'));
        let seen: Vec<char> = (0..4).filter_map(|k| q.ahead(k).copied()).collect();
        assert_eq!(seen, ['x', 'b', 'c']);
        let popped: Vec<char> =
            std::iter::from_fn(|| q.pop_due(Day(3)).map(|e| e.payload)).collect();
        assert_eq!(popped, seen);
    }
}
