//! The domain-free core of chistka.
//!
//! Nothing here knows about purges: this crate provides the three things any discrete-event
//! simulation of a society needs and that must be exactly right for results to be trusted.
//!
//! - [`calendar`]: simulation days counted from 1934-01-01, with conversion to civil dates.
//! - [`queue`]: an event queue totally ordered by (day, priority, sequence), so that two runs
//!   that schedule the same events pop them in the same order.
//! - [`streams`]: seeded random streams derived from one run seed, one per process (and, where
//!   useful, per person or per day), so results do not depend on the thread count and switching
//!   one process off leaves the draws of every other process unchanged.
//! - [`prefetch`]: a hint to start loading what a run will read next, which changes no result.
//!
//! ```
//! use chistka_engine::{calendar::Day, queue::EventQueue, streams::Streams};
//! use rand::Rng;
//!
//! let mut queue = EventQueue::new();
//! queue.push(Day(3), 1, "sentence");
//! queue.push(Day(3), 0, "arrest");
//! assert_eq!(queue.pop_due(Day(3)).map(|e| e.payload), Some("arrest"));
//!
//! let streams = Streams::new(42);
//! let a: f64 = streams.stream(7).random();
//! let b: f64 = streams.stream(7).random();
//! assert_eq!(a, b); // a stream is a pure function of (seed, key)
//! assert_eq!(Day::from_ymd(1937, 8, 5).unwrap().to_string(), "1937-08-05");
//! ```

#![warn(missing_docs)]

pub mod calendar;
pub mod prefetch;
pub mod queue;
pub mod streams;
