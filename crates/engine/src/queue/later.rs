//! The events of later days: a chain of small blocks a day, the blocks shared by all days.
//!
//! A day's events wait in blocks of [`BLOCK`] events, linked in push order. When the day is
//! reached its blocks are emptied into the queue's `due` list and go back to a free list that
//! any later day draws on. So the queue stops allocating once it has as many blocks as it ever
//! holds at once, and the room it holds follows the events it holds: at most one part-filled
//! block a day.
//!
//! It replaces a list a day whose room was handed on to later days when the day was drained. A
//! day of mass sentencing left lists of thousands of places to days that then received a few
//! dozen events: at scale 0.1 the lists held 1.93 million places for 222 thousand events at the
//! end of a run, 47 MB instead of 5.

use super::Scheduled;

/// Events in a block. Small, because a day at a small scale receives a handful of events and
/// each day with any holds one part-filled block; large enough that the links and the lists'
/// headers (28 bytes a block) stay a few per cent of the 384 bytes of events a block holds.
pub(super) const BLOCK: usize = 16;

/// No block: the end of a chain or of the free list.
const NIL: u32 = u32::MAX;

/// A day's blocks: the first (drained first) and the last (pushed to).
#[derive(Debug, Clone, Copy)]
struct Chain {
    first: u32,
    last: u32,
}

impl Chain {
    const EMPTY: Chain = Chain {
        first: NIL,
        last: NIL,
    };
}

/// Events waiting for their day, by day.
#[derive(Debug)]
pub(super) struct Later<E> {
    /// Every block, each with room for [`BLOCK`] events; those on the free list are empty.
    blocks: Vec<Vec<Scheduled<E>>>,
    /// The block after each one, in its day's chain or in the free list.
    next: Vec<u32>,
    /// Each day's chain, by day.
    days: Vec<Chain>,
    /// The first free block.
    free: u32,
}

impl<E> Later<E> {
    /// Nothing waiting.
    pub(super) fn new() -> Self {
        Later {
            blocks: Vec::new(),
            next: Vec::new(),
            days: Vec::new(),
            free: NIL,
        }
    }

    /// Adds `event` at the end of its day's events.
    pub(super) fn push(&mut self, event: Scheduled<E>) {
        let d = usize::from(event.day.0);
        if self.days.len() <= d {
            self.days.resize(d + 1, Chain::EMPTY);
        }
        let last = self.days[d].last;
        let block = if last != NIL && self.blocks[last as usize].len() < BLOCK {
            last
        } else {
            let b = self.take_block();
            if last == NIL {
                self.days[d].first = b;
            } else {
                self.next[last as usize] = b;
            }
            self.days[d].last = b;
            b
        };
        self.blocks[block as usize].push(event);
    }

    /// An empty block, from the free list if it has one.
    fn take_block(&mut self) -> u32 {
        if self.free == NIL {
            self.blocks.push(Vec::with_capacity(BLOCK));
            self.next.push(NIL);
            return (self.blocks.len() - 1) as u32;
        }
        let b = self.free;
        self.free = self.next[b as usize];
        self.next[b as usize] = NIL;
        b
    }

    /// Moves day `d`'s events onto the end of `into`, in the order they were pushed, and frees
    /// their blocks. True if the day had any.
    pub(super) fn drain_day(&mut self, d: usize, into: &mut Vec<Scheduled<E>>) -> bool {
        let Some(chain) = self.days.get_mut(d) else {
            return false;
        };
        let mut b = std::mem::replace(chain, Chain::EMPTY).first;
        let any = b != NIL;
        while b != NIL {
            let i = b as usize;
            into.append(&mut self.blocks[i]);
            b = std::mem::replace(&mut self.next[i], self.free);
            self.free = i as u32;
        }
        any
    }

    /// One past the latest day that has had an event.
    pub(super) fn days(&self) -> usize {
        self.days.len()
    }

    /// The first day from `from` on with an event waiting.
    pub(super) fn first_day_from(&self, from: usize) -> Option<usize> {
        (from..self.days.len()).find(|&d| self.days[d].first != NIL)
    }

    /// Every event waiting, in no particular order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &Scheduled<E>> {
        // Free blocks are empty, so every block's events are waiting ones.
        self.blocks.iter().flatten()
    }

    /// Blocks allocated, free or not.
    #[cfg(test)]
    pub(super) fn blocks(&self) -> usize {
        self.blocks.len()
    }

    /// Bytes held: the blocks' room, filled or not, and the links and chains.
    pub(super) fn bytes(&self) -> usize {
        self.blocks.len() * BLOCK * std::mem::size_of::<Scheduled<E>>()
            + self.blocks.capacity() * std::mem::size_of::<Vec<Scheduled<E>>>()
            + self.next.capacity() * std::mem::size_of::<u32>()
            + self.days.capacity() * std::mem::size_of::<Chain>()
    }
}
