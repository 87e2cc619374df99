//! The edge-list and CSV reader of `chistka cascade` on any bytes: a graph or an error with a
//! line, never a panic; a graph must be consistent (sorted neighbour lists, each edge seen from
//! both ends, ids renumbered in order) and a short cascade must run on it.
#![no_main]

use chistka_cascade::graph::Graph;
use chistka_cascade::sir::{self, Params};
use chistka_engine::streams::Streams;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let graph = match Graph::from_reader(data, "fuzz.txt") {
        Ok(g) => g,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    let n = graph.node_count();
    let mut ends = 0;
    for u in 0..n as u32 {
        let nb = graph.neighbours(u).to_vec();
        assert_eq!(nb.len(), graph.degree(u));
        assert!(nb.windows(2).all(|w| w[0] < w[1]), "sorted, no duplicates");
        assert!(!nb.contains(&u), "no self-loops");
        for &v in &nb {
            assert!(graph.neighbours(v).iter().any(|x| x == u), "undirected");
        }
        if u > 0 {
            assert!(graph.file_id(u - 1) < graph.file_id(u), "renumbered in order");
        }
        ends += nb.len();
    }
    assert_eq!(ends, 2 * graph.edge_count());
    if n > 0 {
        let params = Params::new(0.5, 1.0, 1, n).expect("valid parameters");
        let mut rng = Streams::new(data.len() as u64).stream2(sir::STREAM_KEY, 0);
        let outcome = sir::run(&graph, &params, &mut rng);
        assert!((1..=n).contains(&outcome.final_size));
    }
});
