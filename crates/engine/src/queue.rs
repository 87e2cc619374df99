//! An event queue with a total order: (day, priority, sequence number).
//!
//! The sequence number is assigned at push time, so events scheduled for the same day and
//! priority pop in the order they were scheduled. Nothing depends on hashing or on memory
//! addresses, which is what makes a run reproducible.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::calendar::Day;

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
#[derive(Debug)]
pub struct EventQueue<E> {
    heap: BinaryHeap<Scheduled<E>>,
    next_seq: u64,
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
            heap: BinaryHeap::new(),
            next_seq: 0,
        }
    }

    /// Schedule `payload` on `day` with `priority` (lower first).
    pub fn push(&mut self, day: Day, priority: u8, payload: E) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Scheduled {
            day,
            priority,
            seq,
            payload,
        });
    }

    /// Pop the earliest event if it is due on or before `day`.
    pub fn pop_due(&mut self, day: Day) -> Option<Scheduled<E>> {
        if self.heap.peek().is_some_and(|e| e.day <= day) {
            self.heap.pop()
        } else {
            None
        }
    }

    /// Day of the earliest scheduled event.
    pub fn next_day(&self) -> Option<Day> {
        self.heap.peek().map(|e| e.day)
    }

    /// Number of scheduled events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// True when nothing is scheduled.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
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
    fn pop_due_respects_the_day() {
        let mut q = EventQueue::new();
        q.push(Day(5), 0, ());
        assert!(q.pop_due(Day(4)).is_none());
        assert_eq!(q.next_day(), Some(Day(5)));
        assert!(q.pop_due(Day(5)).is_some());
        assert!(q.is_empty());
    }
}
