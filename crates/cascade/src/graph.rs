//! An undirected graph laid out for fast neighbour lookups, and its loader.
//!
//! Two input formats are read, chosen by the first line that is not blank or a comment:
//!
//! - an edge list: one edge per line, two node ids separated by whitespace (`u v`);
//! - CSV: if that first line contains a comma, every line is two comma-separated fields, and the
//!   first line is a header (such as `source,target`) unless both its fields are node ids.
//!
//! Node ids in a file are integers from 0 to 2^32 - 2, in any order and with any gaps: the loader
//! renumbers the ids that appear as `0..n` in increasing order of id (a table when the ids are
//! dense, a hash map when they are not), so memory follows the number of distinct nodes and edges,
//! never the largest id, and a file whose ids are already `0..n` keeps them. An id that appears in
//! no edge is not a node. Lines starting with `#` and blank lines are skipped. Edges are undirected: `u v` and `v u` are the same edge, duplicates are dropped and
//! self-loops ignored (nobody names themself).
//!
//! Each node's neighbours are kept sorted, so a graph is a pure function of its edge *set*:
//! the order of lines in the file does not change any simulation result.

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

/// The largest number of nodes a graph may have: ids are `u32` and `u32::MAX` is reserved so
/// that the node count itself fits in a `u32`.
pub const MAX_NODES: u64 = u32::MAX as u64;

/// An undirected simple graph.
///
/// Each node owns one 64-byte cache line: its degree and up to 15 neighbours inline; a node
/// with more neighbours keeps the first 14 inline, and slot 15 points to the rest in a shared
/// overflow array. Reading a node's neighbours, the step a cascade repeats for every arrest,
/// then costs one cache miss for most nodes, where a plain CSR layout (an offsets array and a
/// neighbours array) costs two or three: on a million-node graph that is most of the run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graph {
    lines: Vec<Line>,
    overflow: Vec<u32>,
    edge_count: usize,
    /// The id each node had in the file it was loaded from, if it was renumbered.
    file_ids: Option<Vec<u32>>,
}

/// Slots of a [`Line`] after the degree.
const SLOTS: usize = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C, align(64))]
struct Line([u32; 16]);

/// The neighbours of one node, sorted: an inline head and, for high-degree nodes, a tail.
#[derive(Debug, Clone, Copy)]
pub struct Neighbours<'a> {
    head: &'a [u32],
    tail: &'a [u32],
}

impl<'a> Neighbours<'a> {
    /// How many neighbours.
    pub fn len(&self) -> usize {
        self.head.len() + self.tail.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.head.is_empty()
    }

    /// The neighbours in increasing order: all of them, or the first 14 if there are more than
    /// 15 (the rest are in [`Neighbours::tail`]).
    pub fn head(&self) -> &'a [u32] {
        self.head
    }

    /// The neighbours after the [`Neighbours::head`], in increasing order; empty for most nodes.
    pub fn tail(&self) -> &'a [u32] {
        self.tail
    }

    /// The neighbours in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + use<'a> {
        self.head.iter().chain(self.tail).copied()
    }

    /// The neighbours as a vector.
    pub fn to_vec(&self) -> Vec<u32> {
        self.iter().collect()
    }
}

impl Graph {
    /// Builds a graph from edges. The graph has at least `node_count` nodes, more if an edge
    /// names a larger id. Self-loops are ignored and duplicate edges (in either direction) kept
    /// once.
    ///
    /// ```
    /// use chistka_cascade::graph::Graph;
    /// let g = Graph::from_edges(4, [(0, 1), (1, 0), (2, 2), (1, 2)]);
    /// assert_eq!((g.node_count(), g.edge_count()), (4, 2));
    /// assert_eq!(g.neighbours(1).to_vec(), [0, 2]);
    /// ```
    pub fn from_edges(node_count: usize, edges: impl IntoIterator<Item = (u32, u32)>) -> Self {
        let mut packed = Vec::new();
        let mut n = node_count;
        for (u, v) in edges {
            n = n.max(u as usize + 1).max(v as usize + 1);
            if u != v {
                packed.push(pack(u, v));
            }
        }
        Self::from_packed(n, packed)
    }

    /// Parses a graph from text (see the module documentation for the formats). `source` names
    /// the text in error messages.
    ///
    /// # Errors
    ///
    /// A [`LoadError`] naming `source` and the line of the first malformed line.
    pub fn from_text(text: &str, source: &str) -> Result<Self, LoadError> {
        Self::from_reader(text.as_bytes(), source)
    }

    /// Reads a graph from a file (see the module documentation for the formats).
    ///
    /// # Errors
    ///
    /// A [`LoadError`] if the file cannot be read, or naming the first malformed line.
    pub fn load(path: &Path) -> Result<Self, LoadError> {
        let source = path.display().to_string();
        let file = File::open(path).map_err(|e| LoadError::new(&source, None, ErrorKind::Io(e)))?;
        Self::from_reader(BufReader::with_capacity(1 << 20, file), &source)
    }

    /// Reads a graph from any buffered reader. `source` names the input in error messages.
    ///
    /// # Errors
    ///
    /// A [`LoadError`] if reading fails, or naming the first malformed line.
    pub fn from_reader(mut reader: impl BufRead, source: &str) -> Result<Self, LoadError> {
        let mut format = None;
        let mut packed = Vec::new();
        let mut max_id: Option<u32> = None;
        let mut loops = Vec::new();
        let mut buf = Vec::new();
        let mut line_no = 0usize;
        loop {
            buf.clear();
            let read = reader
                .read_until(b'\n', &mut buf)
                .map_err(|e| LoadError::new(source, Some(line_no + 1), ErrorKind::Io(e)))?;
            if read == 0 {
                break;
            }
            line_no += 1;
            let line = buf.trim_ascii();
            if line.is_empty() || line[0] == b'#' {
                continue;
            }
            let fmt = *format.get_or_insert(if line.contains(&b',') {
                Format::Csv {
                    header_pending: true,
                }
            } else {
                Format::EdgeList
            });
            let parsed = match fmt {
                Format::EdgeList => parse_whitespace_pair(line),
                Format::Csv { header_pending } => {
                    let pair = parse_csv_pair(line);
                    if header_pending {
                        format = Some(Format::Csv {
                            header_pending: false,
                        });
                        match pair {
                            Ok(p) => Ok(p),
                            // A header: any two fields that are not both ids.
                            Err(_) if line.split(|&b| b == b',').count() == 2 => continue,
                            Err(e) => Err(e),
                        }
                    } else {
                        pair
                    }
                }
            };
            let (u, v) = parsed.map_err(|expected| {
                LoadError::new(
                    source,
                    Some(line_no),
                    ErrorKind::Expected {
                        expected,
                        found: String::from_utf8_lossy(line).into_owned(),
                    },
                )
            })?;
            max_id = max_id.max(Some(u.max(v)));
            if u != v {
                packed.push(pack(u, v));
            } else {
                // A self-loop adds no edge, but its id is a node all the same.
                loops.push(u);
            }
        }
        let Some(max_id) = max_id else {
            return Ok(Self::from_packed(0, packed));
        };
        let file_ids = renumber(&mut packed, &loops, max_id);
        let mut graph = Self::from_packed(file_ids.len(), packed);
        // Ids already `0..n` (every id up to the largest present) need no table.
        if file_ids.len() != max_id as usize + 1 {
            graph.file_ids = Some(file_ids);
        }
        Ok(graph)
    }

    /// Sorts, deduplicates and lays out edges packed as `min << 32 | max`.
    ///
    /// # Panics
    ///
    /// If the high-degree nodes' overflow exceeds 2^32 - 1 entries (a graph of tens of
    /// gigabytes).
    fn from_packed(n: usize, mut packed: Vec<u64>) -> Self {
        packed.sort_unstable();
        packed.dedup();
        let mut lines = vec![Line([0; 16]); n];
        for &e in &packed {
            let (u, v) = unpack(e);
            lines[u as usize].0[0] += 1;
            lines[v as usize].0[0] += 1;
        }
        let mut overflow_len = 0usize;
        for line in &mut lines {
            let degree = line.0[0] as usize;
            if degree > SLOTS {
                line.0[SLOTS] = u32::try_from(overflow_len).expect("overflow below 2^32 entries");
                overflow_len += degree - (SLOTS - 1);
            }
        }
        let mut overflow = vec![0u32; overflow_len];
        let mut filled = vec![0u32; n];
        // Edges are visited in (min, max) order, so each node first receives its smaller
        // neighbours in increasing order (edges where it is the max), then its larger ones:
        // every adjacency list comes out sorted without a second sort.
        let mut place = |u: u32, x: u32| {
            let pos = filled[u as usize] as usize;
            filled[u as usize] += 1;
            let line = &mut lines[u as usize].0;
            if line[0] as usize <= SLOTS || pos < SLOTS - 1 {
                line[1 + pos] = x;
            } else {
                overflow[line[SLOTS] as usize + pos - (SLOTS - 1)] = x;
            }
        };
        for &e in &packed {
            let (u, v) = unpack(e);
            place(u, v);
            place(v, u);
        }
        Self {
            lines,
            overflow,
            edge_count: packed.len(),
            file_ids: None,
        }
    }

    /// The id that `node` had in the file the graph was loaded from (node ids are renumbered
    /// `0..n` in increasing order of file id); `node` itself for a graph built from edges.
    ///
    /// ```
    /// use chistka_cascade::graph::Graph;
    /// let g = Graph::from_text("4000000000 7\n7 12\n", "sparse.txt").expect("valid");
    /// assert_eq!(g.node_count(), 3);
    /// assert_eq!(g.neighbours(0).to_vec(), [1, 2]); // 7 is linked to 12 and 4000000000
    /// assert_eq!([g.file_id(0), g.file_id(1), g.file_id(2)], [7, 12, 4_000_000_000]);
    /// ```
    ///
    /// # Panics
    ///
    /// If `node` is not below [`Graph::node_count`].
    pub fn file_id(&self, node: u32) -> u32 {
        match &self.file_ids {
            Some(ids) => ids[node as usize],
            None => {
                assert!(
                    (node as usize) < self.lines.len(),
                    "node {node} out of range"
                );
                node
            }
        }
    }

    /// The number of nodes: the distinct ids of the file it was loaded from.
    pub fn node_count(&self) -> usize {
        self.lines.len()
    }

    /// The number of distinct undirected edges, self-loops excluded.
    pub fn edge_count(&self) -> usize {
        self.edge_count
    }

    /// The neighbours of `node`, sorted.
    ///
    /// # Panics
    ///
    /// If `node` is not below [`Graph::node_count`].
    #[inline]
    pub fn neighbours(&self, node: u32) -> Neighbours<'_> {
        let line = &self.lines[node as usize].0;
        let degree = line[0] as usize;
        if degree <= SLOTS {
            Neighbours {
                head: &line[1..=degree],
                tail: &[],
            }
        } else {
            let start = line[SLOTS] as usize;
            Neighbours {
                head: &line[1..SLOTS],
                tail: &self.overflow[start..start + degree - (SLOTS - 1)],
            }
        }
    }

    /// The degree of `node`.
    pub fn degree(&self, node: u32) -> usize {
        self.lines[node as usize].0[0] as usize
    }

    /// Asks the processor to start loading `node`'s cache line (degree and first neighbours)
    /// without waiting for it: a hint, with no effect on results. A no-op off x86-64.
    #[inline]
    #[allow(unsafe_code)] // the workspace's only unsafe: a prefetch hint, see SAFETY
    pub fn prefetch(&self, node: u32) {
        #[cfg(target_arch = "x86_64")]
        if let Some(line) = self.lines.get(node as usize) {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            // SAFETY: `_mm_prefetch` needs SSE, which every x86-64 processor has, and it never
            // faults or reads memory into the program: it is a hint to the cache. The pointer
            // comes from a reference, so it is valid anyway.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(line).cast::<i8>()) };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = node;
    }
}

/// Renumbers the ids of `packed` edges (and of self-loops, which are nodes without edges) as
/// `0..n` in increasing order of id, and returns the file id of each new node. Increasing order
/// keeps every adjacency list sorted the same way, so a file whose ids are already `0..n` gives
/// exactly the graph, and the cascades, it gave before renumbering.
///
/// Dense ids (the largest below four times the number of endpoints, as in any file written from
/// `0..n`) go through a table indexed by id, whose size is then bounded by the edges; sparse ones
/// through a hash map over the distinct ids, so memory follows the nodes, never the largest id.
fn renumber(packed: &mut [u64], loops: &[u32], max_id: u32) -> Vec<u32> {
    let endpoints = 2 * packed.len() + loops.len();
    if (max_id as usize) < 4 * endpoints + 1024 {
        let mut table = vec![u32::MAX; max_id as usize + 1];
        for &e in packed.iter() {
            let (u, v) = unpack(e);
            table[u as usize] = 0;
            table[v as usize] = 0;
        }
        for &u in loops {
            table[u as usize] = 0;
        }
        let mut file_ids = Vec::new();
        for (id, slot) in table.iter_mut().enumerate() {
            if *slot == 0 {
                *slot = file_ids.len() as u32;
                file_ids.push(id as u32);
            }
        }
        for e in packed.iter_mut() {
            let (u, v) = unpack(*e);
            *e = pack(table[u as usize], table[v as usize]);
        }
        file_ids
    } else {
        let mut file_ids: Vec<u32> = packed
            .iter()
            .flat_map(|&e| {
                let (u, v) = unpack(e);
                [u, v]
            })
            .chain(loops.iter().copied())
            .collect();
        file_ids.sort_unstable();
        file_ids.dedup();
        let index: HashMap<u32, u32> = file_ids
            .iter()
            .enumerate()
            .map(|(i, &id)| (id, i as u32))
            .collect();
        for e in packed.iter_mut() {
            let (u, v) = unpack(*e);
            *e = pack(index[&u], index[&v]);
        }
        file_ids
    }
}

#[derive(Debug, Clone, Copy)]
enum Format {
    EdgeList,
    Csv { header_pending: bool },
}

fn pack(u: u32, v: u32) -> u64 {
    let (a, b) = if u < v { (u, v) } else { (v, u) };
    (u64::from(a) << 32) | u64::from(b)
}

fn unpack(e: u64) -> (u32, u32) {
    ((e >> 32) as u32, e as u32)
}

const EXPECTED_PAIR: &str = "two node ids (integers from 0 to 4294967294) separated by whitespace";
const EXPECTED_CSV: &str = "two comma-separated node ids (integers from 0 to 4294967294)";

fn parse_whitespace_pair(line: &[u8]) -> Result<(u32, u32), &'static str> {
    let mut fields = line
        .split(u8::is_ascii_whitespace)
        .filter(|f| !f.is_empty());
    match (fields.next(), fields.next(), fields.next()) {
        (Some(a), Some(b), None) => Ok((
            parse_id(a).ok_or(EXPECTED_PAIR)?,
            parse_id(b).ok_or(EXPECTED_PAIR)?,
        )),
        _ => Err(EXPECTED_PAIR),
    }
}

fn parse_csv_pair(line: &[u8]) -> Result<(u32, u32), &'static str> {
    let mut fields = line.split(|&b| b == b',').map(<[u8]>::trim_ascii);
    match (fields.next(), fields.next(), fields.next()) {
        (Some(a), Some(b), None) => Ok((
            parse_id(a).ok_or(EXPECTED_CSV)?,
            parse_id(b).ok_or(EXPECTED_CSV)?,
        )),
        _ => Err(EXPECTED_CSV),
    }
}

/// A decimal id below `u32::MAX`, digits only.
fn parse_id(field: &[u8]) -> Option<u32> {
    if field.is_empty() || field.len() > 10 {
        return None;
    }
    let mut value: u64 = 0;
    for &b in field {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u64::from(b - b'0');
    }
    (value < MAX_NODES).then_some(value as u32)
}

/// Why a graph could not be loaded, and where.
#[derive(Debug)]
pub struct LoadError {
    source_name: String,
    line: Option<usize>,
    kind: ErrorKind,
}

/// The kinds of [`LoadError`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input could not be read.
    #[error("cannot read: {0}")]
    Io(io::Error),
    /// A line is not an edge.
    #[error("expected {expected}, found {found:?}")]
    Expected {
        /// What a line must hold.
        expected: &'static str,
        /// The offending line, trimmed.
        found: String,
    },
}

impl LoadError {
    fn new(source: &str, line: Option<usize>, kind: ErrorKind) -> Self {
        Self {
            source_name: source.to_owned(),
            line,
            kind,
        }
    }

    /// The 1-based line of the error, if it concerns a line.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.source_name, line, self.kind),
            None => write!(f, "{}: {}", self.source_name, self.kind),
        }
    }
}

// The message already includes the I/O error's, so it is not repeated as a source: a chain
// printer would show it twice.
impl std::error::Error for LoadError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> LoadError {
        match Graph::from_text(text, "g.txt") {
            Ok(g) => panic!("expected an error, loaded {g:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn edge_list_with_comments_loops_and_duplicates() {
        let text = "# a comment\n0 1\n\n1\t2\n2 1\n3 3\n  # indented comment\n1 0\r\n";
        let g = Graph::from_text(text, "g.txt").expect("valid");
        assert_eq!(g.node_count(), 4);
        assert_eq!(g.edge_count(), 2);
        assert_eq!(g.neighbours(0).to_vec(), [1]);
        assert_eq!(g.neighbours(1).to_vec(), [0, 2]);
        assert!(g.neighbours(3).is_empty());
        assert_eq!(g.degree(1), 2);
    }

    #[test]
    fn csv_with_and_without_header() {
        let with = Graph::from_text("source,target\n0,1\n1, 2\n", "g.csv").expect("valid");
        let without = Graph::from_text("0,1\n1,2\n", "g.csv").expect("valid");
        let plain = Graph::from_text("2 1\n1 0\n", "g.txt").expect("valid");
        assert_eq!(with, without);
        assert_eq!(with, plain);
    }

    #[test]
    fn neighbours_are_sorted_whatever_the_line_order() {
        let a = Graph::from_text("5 1\n0 5\n5 3\n2 5\n4 5\n", "a").expect("valid");
        let b = Graph::from_edges(6, [(1, 5), (2, 5), (3, 5), (4, 5), (0, 5)]);
        assert_eq!(a, b);
        assert_eq!(a.neighbours(5).to_vec(), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn high_degree_nodes_overflow_their_line() {
        for degree in [14u32, 15, 16, 17, 40] {
            let mut edges: Vec<(u32, u32)> = (1..=degree).rev().map(|l| (l, 0)).collect();
            // A second hub sharing leaves, so overflow regions sit side by side.
            edges.extend((1..=degree).map(|l| (degree + 1, l)));
            let g = Graph::from_edges(0, edges);
            assert_eq!(g.degree(0), degree as usize);
            assert_eq!(g.neighbours(0).len(), degree as usize);
            assert_eq!(g.neighbours(0).to_vec(), (1..=degree).collect::<Vec<_>>());
            assert_eq!(
                g.neighbours(degree + 1).to_vec(),
                (1..=degree).collect::<Vec<_>>()
            );
            assert_eq!(g.neighbours(1).to_vec(), [0, degree + 1]);
            assert_eq!(g.edge_count(), 2 * degree as usize);
        }
    }

    #[test]
    fn malformed_lines_are_located() {
        let e = err("0 1\n# fine\n1 x\n");
        assert_eq!(e.line(), Some(3));
        assert_eq!(
            e.to_string(),
            "g.txt:3: expected two node ids (integers from 0 to 4294967294) separated by \
             whitespace, found \"1 x\""
        );
        assert_eq!(err("0 1 2\n").line(), Some(1));
        assert_eq!(err("0\n").line(), Some(1));
        assert_eq!(err("0 1\n-1 2\n").line(), Some(2));
        assert_eq!(err("0 4294967295\n").line(), Some(1));
        assert_eq!(err("0 99999999999\n").line(), Some(1));
        assert_eq!(err("source target\n0 1\n").line(), Some(1));
    }

    #[test]
    fn malformed_csv_lines_are_located() {
        let e = err("source,target\n0,1\n\n2;3\n");
        assert_eq!(e.line(), Some(4));
        assert!(
            e.to_string()
                .starts_with("g.txt:4: expected two comma-separated node ids")
        );
        assert_eq!(err("a,b,c\n0,1\n").line(), Some(1));
        assert_eq!(err("a,b\n0,1,2\n").line(), Some(2));
        assert_eq!(err("0,1\nsource,target\n").line(), Some(2));
    }

    #[test]
    fn missing_file_names_the_file() {
        let e = Graph::load(Path::new("/nonexistent/edges.txt")).expect_err("no such file");
        assert!(
            e.to_string()
                .starts_with("/nonexistent/edges.txt: cannot read")
        );
        assert_eq!(e.line(), None);
    }

    #[test]
    fn sparse_ids_are_renumbered_in_order_and_memory_follows_the_nodes() {
        // Ids up to the largest allowed: before renumbering this asked for 256 GiB.
        let text = "4294967294 0\n50000000 4294967294\n50000000 7\n7 7\n";
        let g = Graph::from_text(text, "sparse.txt").expect("valid");
        assert_eq!((g.node_count(), g.edge_count()), (4, 3));
        assert_eq!(g.lines.capacity(), 4, "one line per distinct id");
        let ids: Vec<u32> = (0..4).map(|n| g.file_id(n)).collect();
        assert_eq!(ids, [0, 7, 50_000_000, 4_294_967_294]);
        assert_eq!(g.neighbours(3).to_vec(), [0, 2]);
        assert_eq!(g.neighbours(2).to_vec(), [1, 3]);
        // The same structure written with ids 0..4 gives the same graph.
        let dense = Graph::from_text("3 0\n2 3\n2 1\n1 1\n", "dense.txt").expect("valid");
        assert_eq!(g.lines, dense.lines);
        assert_eq!(g.overflow, dense.overflow);
    }

    #[test]
    fn dense_ids_with_gaps_keep_their_order() {
        // Node 2 appears in no edge: it is not a node, and 3 becomes 2.
        let g = Graph::from_text("0 1\n1 3\n", "gap.txt").expect("valid");
        assert_eq!(g.node_count(), 3);
        assert_eq!(g.neighbours(1).to_vec(), [0, 2]);
        assert_eq!(g.file_id(2), 3);
        let plain = Graph::from_text("0 1\n1 2\n", "plain.txt").expect("valid");
        assert_eq!(g.lines, plain.lines);
    }

    #[test]
    fn empty_input_is_an_empty_graph() {
        let g = Graph::from_text("# nothing\n", "g").expect("valid");
        assert_eq!((g.node_count(), g.edge_count()), (0, 0));
    }
}
