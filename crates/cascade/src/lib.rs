//! The interrogation snowball alone, on a network the user supplies.
//!
//! Stripped of quotas, troikas and camps, the snowball (an arrested person names associates, who
//! are arrested at once and name others, until every case is closed) is the Markovian SIR
//! process on a network: an arrested person names each free neighbour at rate `tau` per day and
//! is sentenced (removed) at rate `gamma` per day. This crate runs exactly that process, so that
//! chistka can be compared number for number with the network-epidemic simulators (see
//! `benches/cascade-race/`).
//!
//! - [`graph`]: an undirected graph laid out one cache line per node, loaded from an edge list or
//!   a CSV file, with errors that name the file and line.
//! - [`sir`]: the exact event-driven simulation of one cascade.
//!
//! ```
//! use chistka_cascade::{graph::Graph, sir::{self, Params}};
//! use chistka_engine::streams::Streams;
//!
//! // A path 0 - 1 - 2 - 3, with the first node arrested.
//! let graph = Graph::from_text("0 1\n1 2\n2 3\n", "path.txt").expect("a valid edge list");
//! let params = Params::new(0.3, 1.0, 1, graph.node_count()).expect("valid parameters");
//! let mut rng = Streams::new(42).stream2(sir::STREAM_KEY, 0);
//! let outcome = sir::run(&graph, &params, &mut rng);
//! assert!((1..=4).contains(&outcome.final_size));
//! // Each person named is one event, each sentence another; the first arrest is the start.
//! assert_eq!(outcome.events, 2 * outcome.final_size as u64 - 1);
//! ```

pub mod graph;
mod radix;
pub mod sir;
