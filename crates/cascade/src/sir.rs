//! One interrogation cascade in continuous time: the Markovian SIR process on a graph.
//!
//! An arrested person names each free neighbour at rate `tau` per day (the named person is
//! arrested at once) and is sentenced at rate `gamma` per day, after which they name nobody.
//! At time 0 the first `initial` nodes are arrested (the smallest ids of the file a graph was
//! loaded from, see [`crate::graph`]); the run ends when nobody is under
//! arrest. In epidemic terms: free = susceptible, arrested = infectious, sentenced = removed.
//!
//! # The algorithm
//!
//! Exact and event-driven, in the manner of Kiss, Miller & Simon, *Mathematics of Epidemics on
//! Networks* (2017), ch. 7 and appendix A. Because every waiting time is exponential and
//! independent, the whole future of an arrest can be drawn the moment it happens: the sentence
//! time `t + Exp(gamma)`, and for each free neighbour a naming time `t + Exp(tau)`. A naming
//! counts only if it comes before the sentence (a sentenced person names nobody) and before the
//! neighbour's currently scheduled arrest (people are arrested once, by whoever names them
//! first). The queue therefore holds only arrests, as (time, node); an arrest superseded by an
//! earlier naming stays in the queue and is skipped when popped (lazy deletion), recognised
//! because the node is already arrested by then. Since no event is ever scheduled before
//! the one being processed, the queue is a monotone one (a radix heap, see `radix.rs`) rather
//! than a binary heap.
//!
//! Sentences need no queue entries: a sentence triggers nothing, since the namings it cuts short
//! were already discarded when the arrest was processed. They are still events of the process:
//! every arrest is followed by exactly one sentence, so [`Outcome::events`] counts them, and the
//! last sentence gives [`Outcome::duration`].
//!
//! Times are `f64` days. Draws come only from the generator passed in, in an order fixed by the
//! graph (neighbours are sorted), so a run is a pure function of (graph, parameters, stream).

use rand::Rng;
use rand_distr::{Distribution, Exp1};

use crate::graph::Graph;
use crate::radix::RadixHeap;

fn set(bits: &mut [u64], node: u32) {
    bits[node as usize / 64] |= 1 << (node % 64);
}

fn is_set(bits: &[u64], node: u32) -> bool {
    bits[node as usize / 64] & (1 << (node % 64)) != 0
}

/// The stream key of the cascade: run `r` of a batch with seed `s` draws from
/// `Streams::new(s).stream2(STREAM_KEY, r)`. Distinct from every key of `chistka-model`; never
/// renumber it, that would change published results.
pub const STREAM_KEY: u64 = 100;

/// Validated parameters of a cascade.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    tau: f64,
    gamma: f64,
    initial: u32,
}

impl Params {
    /// `tau`: naming rate per arrested person per free neighbour, per day (finite, >= 0).
    /// `gamma`: sentencing rate per arrested person, per day (finite, > 0).
    /// `initial`: how many people are arrested at time 0: node ids `0..initial`, which must
    /// exist in a graph of `node_count` nodes.
    ///
    /// # Errors
    ///
    /// A [`ParamError`] naming the first invalid value.
    pub fn new(
        tau: f64,
        gamma: f64,
        initial: usize,
        node_count: usize,
    ) -> Result<Self, ParamError> {
        if !(tau.is_finite() && tau >= 0.0) {
            return Err(ParamError::Tau(tau));
        }
        if !(gamma.is_finite() && gamma > 0.0) {
            return Err(ParamError::Gamma(gamma));
        }
        if initial > node_count {
            return Err(ParamError::Initial {
                initial,
                node_count,
            });
        }
        Ok(Self {
            tau,
            gamma,
            // node_count <= u32::MAX by construction of a Graph.
            initial: u32::try_from(initial).map_err(|_| ParamError::Initial {
                initial,
                node_count,
            })?,
        })
    }

    /// The naming rate, per day.
    pub fn tau(&self) -> f64 {
        self.tau
    }

    /// The sentencing rate, per day.
    pub fn gamma(&self) -> f64 {
        self.gamma
    }

    /// The number of people arrested at time 0.
    pub fn initial(&self) -> usize {
        self.initial as usize
    }
}

/// An invalid cascade parameter.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ParamError {
    /// The naming rate is negative or not finite.
    #[error("tau (the naming rate) must be a finite number >= 0, found {0}")]
    Tau(f64),
    /// The sentencing rate is not positive or not finite.
    #[error("gamma (the sentencing rate) must be a finite number > 0, found {0}")]
    Gamma(f64),
    /// More initial arrests than nodes.
    #[error("cannot arrest the first {initial} nodes of a graph of {node_count} nodes")]
    Initial {
        /// Requested initial arrests.
        initial: usize,
        /// Nodes in the graph.
        node_count: usize,
    },
}

/// What one cascade did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    /// Everyone ever arrested (and so, by the end, sentenced), the initial arrests included.
    pub final_size: usize,
    /// State changes after time 0: one sentence per person in `final_size`, and one arrest per
    /// person named (the initial arrests are the state at time 0, not events). This is what an
    /// event-driven simulator that records one time point per event, such as EoN, counts.
    pub events: u64,
    /// Days from time 0 to the last sentence (0 if nobody was arrested).
    pub duration: f64,
}

/// Runs one cascade on `graph` to its end, drawing from `rng`.
///
/// ```
/// use chistka_cascade::{graph::Graph, sir::{self, Params}};
/// use chistka_engine::streams::Streams;
///
/// let star = Graph::from_edges(0, (1..=5).map(|leaf| (0, leaf)));
/// // Sentencing so fast that nobody is ever named: only the initial arrest.
/// let params = Params::new(1e-9, 1e9, 1, star.node_count()).expect("valid");
/// let mut rng = Streams::new(1).stream2(sir::STREAM_KEY, 0);
/// assert_eq!(sir::run(&star, &params, &mut rng).final_size, 1);
/// ```
pub fn run<R: Rng + ?Sized>(graph: &Graph, params: &Params, rng: &mut R) -> Outcome {
    let n = graph.node_count();
    let k = (params.initial as usize).min(n);
    // One bit per node, set once its arrest has happened: the only per-node state. There is
    // no table of scheduled arrest times: every naming is queued, and since the queue pops in
    // time order, a person's earliest naming is the first of their entries popped; the later
    // ones find the bit set and are skipped. Queueing a naming costs less than the cache miss
    // of reading a time table to compare.
    let mut arrested = vec![0u64; n.div_ceil(64)];
    let mut queue = RadixHeap::new();
    for node in 0..k as u32 {
        queue.push(0.0, node);
    }
    let mean_naming = 1.0 / params.tau; // infinite when tau = 0: nobody is ever named
    let mean_sentence = 1.0 / params.gamma;

    let mut final_size = 0usize;
    let mut duration = 0.0f64;
    while let Some((t, node)) = queue.pop() {
        if is_set(&arrested, node) {
            continue; // superseded: someone named this person earlier
        }
        // Start loading the next arrests' neighbours now, so that their cache misses overlap
        // with this arrest's work instead of stalling the next ones. A prefetch, not a load:
        // nothing waits for it.
        for &next in queue.ahead() {
            graph.prefetch(next);
        }
        set(&mut arrested, node);
        final_size += 1;
        let exp: f64 = Exp1.sample(rng);
        let held = exp * mean_sentence;
        let sentence = t + held;
        duration = duration.max(sentence);
        // Each neighbour is named before the sentence with probability p = 1 - exp(-tau x held),
        // independently. Rather than draw a naming time for every neighbour, skip ahead by a
        // geometric number of neighbours (floor(E / (tau x held)) for a unit exponential E) to
        // the next one named, and draw its time from the exponential truncated at the
        // sentence. Exact, and most neighbours cost nothing.
        let rate = params.tau * held;
        if rate <= 0.0 || !rate.is_finite() {
            continue;
        }
        let p = -(-rate).exp_m1();
        let neighbours = graph.neighbours(node);
        let (head, tail) = (neighbours.head(), neighbours.tail());
        let degree = head.len() + tail.len();
        let mut i = 0usize;
        loop {
            let e: f64 = Exp1.sample(rng);
            let skip = e / rate;
            if skip >= (degree - i) as f64 {
                break;
            }
            i += skip as usize;
            let nb = if i < head.len() {
                head[i]
            } else {
                tail[i - head.len()]
            };
            i += 1;
            if !is_set(&arrested, nb) {
                let u: f64 = rng.random();
                let named = t - (-u * p).ln_1p() * mean_naming;
                queue.push(named, nb);
            }
        }
    }
    Outcome {
        final_size,
        events: 2 * final_size as u64 - k as u64,
        duration,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chistka_engine::streams::{Rng as StreamRng, Streams};

    fn rng(seed: u64, run: u64) -> StreamRng {
        Streams::new(seed).stream2(STREAM_KEY, run)
    }

    fn params(tau: f64, gamma: f64, initial: usize, g: &Graph) -> Params {
        Params::new(tau, gamma, initial, g.node_count()).expect("valid parameters")
    }

    fn mean_final(g: &Graph, p: &Params, runs: u64) -> (f64, f64) {
        let sizes: Vec<f64> = (0..runs)
            .map(|r| run(g, p, &mut rng(5, r)).final_size as f64)
            .collect();
        mean_and_se(&sizes)
    }

    fn mean_and_se(xs: &[f64]) -> (f64, f64) {
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
        (mean, (var / n).sqrt())
    }

    fn path(n: u32) -> Graph {
        Graph::from_edges(0, (1..n).map(|i| (i - 1, i)))
    }

    fn complete(n: u32) -> Graph {
        Graph::from_edges(0, (0..n).flat_map(|u| (u + 1..n).map(move |v| (u, v))))
    }

    /// G(n, m): m distinct edges drawn uniformly, from a fixed stream.
    fn random_graph(n: u32, m: usize, seed: u64) -> Graph {
        let mut r = Streams::new(seed).stream(1);
        let mut edges = std::collections::BTreeSet::new();
        while edges.len() < m {
            let (u, v) = (r.random_range(0..n), r.random_range(0..n));
            if u != v {
                edges.insert((u.min(v), u.max(v)));
            }
        }
        Graph::from_edges(n as usize, edges)
    }

    #[test]
    fn parameters_are_validated() {
        assert_eq!(Params::new(-1.0, 1.0, 0, 5), Err(ParamError::Tau(-1.0)));
        assert!(matches!(
            Params::new(f64::NAN, 1.0, 0, 5),
            Err(ParamError::Tau(_))
        ));
        assert_eq!(Params::new(1.0, 0.0, 0, 5), Err(ParamError::Gamma(0.0)));
        assert!(matches!(
            Params::new(1.0, f64::INFINITY, 0, 5),
            Err(ParamError::Gamma(_))
        ));
        assert_eq!(
            Params::new(1.0, 1.0, 6, 5),
            Err(ParamError::Initial {
                initial: 6,
                node_count: 5
            })
        );
        assert!(Params::new(0.0, 1.0, 5, 5).is_ok());
    }

    #[test]
    fn no_initial_arrests_no_cascade() {
        let g = complete(5);
        let out = run(&g, &params(1.0, 1.0, 0, &g), &mut rng(1, 0));
        assert_eq!(
            out,
            Outcome {
                final_size: 0,
                events: 0,
                duration: 0.0
            }
        );
    }

    #[test]
    fn fast_sentencing_stops_the_snowball_at_the_initial_arrests() {
        let g = path(50);
        let p = params(1e-6, 1e6, 10, &g);
        for r in 0..100 {
            let out = run(&g, &p, &mut rng(3, r));
            assert_eq!(out.final_size, 10);
            assert_eq!(out.events, 10);
        }
    }

    #[test]
    fn fast_naming_takes_everyone_in_a_complete_graph() {
        let g = complete(30);
        let p = params(1e6, 1.0, 1, &g);
        for r in 0..100 {
            assert_eq!(run(&g, &p, &mut rng(3, r)).final_size, 30);
        }
    }

    #[test]
    fn tau_zero_names_nobody() {
        let g = complete(10);
        let p = params(0.0, 1.0, 3, &g);
        assert_eq!(run(&g, &p, &mut rng(1, 0)).final_size, 3);
    }

    #[test]
    fn isolated_components_are_untouched() {
        // Two triangles; only the first holds the initial arrest.
        let g = Graph::from_edges(0, [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5)]);
        let p = params(1e6, 1.0, 1, &g);
        assert_eq!(run(&g, &p, &mut rng(1, 0)).final_size, 3);
    }

    #[test]
    fn same_stream_same_result_other_stream_other_result() {
        let g = random_graph(500, 2500, 9);
        let p = params(0.3, 1.0, 10, &g);
        let a = run(&g, &p, &mut rng(11, 4));
        let b = run(&g, &p, &mut rng(11, 4));
        assert_eq!(a, b);
        let others: Vec<Outcome> = (0..5).map(|r| run(&g, &p, &mut rng(12, r))).collect();
        assert!(others.iter().any(|o| *o != a));
    }

    /// Value stability: a change here changes published cascade results, so it must be
    /// deliberate and noted in the changelog.
    #[test]
    fn value_stability() {
        let g = random_graph(500, 2500, 9);
        let p = params(0.3, 1.0, 10, &g);
        let out = run(&g, &p, &mut rng(1937, 0));
        assert_eq!(
            (out.final_size, out.events),
            (PIN_FINAL, 2 * PIN_FINAL as u64 - 10)
        );
        assert_eq!(format!("{:.9}", out.duration), PIN_DURATION);
    }
    const PIN_FINAL: usize = 454;
    const PIN_DURATION: &str = "10.516005432";

    /// In a star with the centre arrested, each leaf is named before the centre's sentence with
    /// probability tau / (tau + gamma), independently given nothing else can name it.
    #[test]
    fn star_matches_the_analytic_mean() {
        let leaves = 20u32;
        let g = Graph::from_edges(0, (1..=leaves).map(|l| (0, l)));
        let (tau, gamma) = (0.3, 1.0);
        let p = params(tau, gamma, 1, &g);
        // Leaves are independent only given the centre's sentence time; the exact mean of the
        // number named is still leaves * tau / (tau + gamma).
        let expected = 1.0 + f64::from(leaves) * tau / (tau + gamma);
        let (mean, se) = mean_final(&g, &p, 20_000);
        assert!(
            (mean - expected).abs() < 4.0 * se,
            "mean {mean} ± {se}, expected {expected}"
        );
    }

    /// On a path from one end, the cascade reaches node k with probability p^k,
    /// p = tau / (tau + gamma): E[final] = sum_{k=0}^{n-1} p^k.
    #[test]
    fn path_matches_the_analytic_mean() {
        let n = 12;
        let g = path(n);
        let (tau, gamma) = (2.0, 1.0);
        let p = params(tau, gamma, 1, &g);
        let q: f64 = tau / (tau + gamma);
        let expected: f64 = (0..n).map(|k| q.powi(k as i32)).sum();
        let (mean, se) = mean_final(&g, &p, 20_000);
        assert!(
            (mean - expected).abs() < 4.0 * se,
            "mean {mean} ± {se}, expected {expected}"
        );
    }

    /// A deliberately naive Gillespie simulation of the same process, written independently:
    /// at each step, rates are recomputed from scratch and one event is chosen by its rate.
    fn gillespie(g: &Graph, tau: f64, gamma: f64, initial: usize, r: &mut StreamRng) -> usize {
        const FREE: u8 = 0;
        const ARRESTED: u8 = 1;
        const SENTENCED: u8 = 2;
        let n = g.node_count();
        let mut state = vec![FREE; n];
        state[..initial].fill(ARRESTED);
        loop {
            let arrested: Vec<u32> = (0..n as u32)
                .filter(|&u| state[u as usize] == ARRESTED)
                .collect();
            if arrested.is_empty() {
                break;
            }
            // Every (arrested, free) edge, once per direction it can fire.
            let pairs: Vec<u32> = arrested
                .iter()
                .flat_map(|&u| g.neighbours(u).iter())
                .filter(|&v| state[v as usize] == FREE)
                .collect();
            let sentence_rate = gamma * arrested.len() as f64;
            let naming_rate = tau * pairs.len() as f64;
            let pick = r.random::<f64>() * (sentence_rate + naming_rate);
            if pick < sentence_rate {
                let who = arrested[r.random_range(0..arrested.len())];
                state[who as usize] = SENTENCED;
            } else {
                let who = pairs[r.random_range(0..pairs.len())];
                state[who as usize] = ARRESTED;
            }
        }
        state.iter().filter(|&&s| s == SENTENCED).count()
    }

    #[test]
    fn final_size_distribution_matches_a_naive_gillespie() {
        let g = random_graph(120, 360, 17); // mean degree 6
        let (tau, gamma, k) = (0.3, 1.0, 3);
        let p = params(tau, gamma, k, &g);
        let runs = 3000;
        let fast: Vec<f64> = (0..runs)
            .map(|r| run(&g, &p, &mut rng(21, r)).final_size as f64)
            .collect();
        let mut slow_rng = Streams::new(22).stream(7);
        let slow: Vec<f64> = (0..runs)
            .map(|_| gillespie(&g, tau, gamma, k, &mut slow_rng) as f64)
            .collect();
        let (m1, s1) = mean_and_se(&fast);
        let (m2, s2) = mean_and_se(&slow);
        let se = (s1 * s1 + s2 * s2).sqrt();
        assert!(
            (m1 - m2).abs() < 4.0 * se,
            "event-driven {m1} ± {s1}, Gillespie {m2} ± {s2}"
        );
        // The shape too: the share of large cascades (more than a quarter of the graph).
        let share = |xs: &[f64]| xs.iter().filter(|&&x| x > 30.0).count() as f64 / xs.len() as f64;
        let (a, b) = (share(&fast), share(&slow));
        let se_share = ((a * (1.0 - a) + b * (1.0 - b)) / runs as f64).sqrt();
        assert!(
            (a - b).abs() < 4.0 * se_share + 1e-9,
            "large-cascade share {a} vs {b}"
        );
    }
}
