//! The accusation network as GraphML (`accusations.graphml`), for Gephi, Cytoscape, networkx or
//! igraph: one node per person who named or was named, one directed edge per accusation from the
//! accuser to the accused, with its date and whether it was made under torture.

use chistka_format::xml as escape;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use chistka_model::people::{Nationality, PersonId, Role, flag};
use chistka_model::world::World;

use crate::cases::SYNTHETIC_NOTE;
use crate::{OutputError, write_atomic};

/// Node attributes: (key id, GraphML type).
const NODE_KEYS: [(&str, &str); 10] = [
    ("region", "string"),
    ("urban", "boolean"),
    ("sex", "string"),
    ("age_band", "string"),
    ("category", "string"),
    ("nationality", "string"),
    ("party_status", "string"),
    ("elite_role", "string"),
    ("final_status", "string"),
    ("arrest_cause", "string"),
];

/// The accusation network as GraphML text.
pub fn graphml(w: &World) -> String {
    // First arrest cause of each person, for colouring the network by how people were taken.
    let mut cause: BTreeMap<PersonId, &'static str> = BTreeMap::new();
    for a in &w.ledger.arrests {
        cause.entry(a.person).or_insert(a.cause.name());
    }
    let mut nodes: Vec<PersonId> = w
        .ledger
        .accusations
        .iter()
        .flat_map(|a| [a.accuser, a.accused])
        .collect();
    nodes.sort_unstable();
    nodes.dedup();

    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(s, "<!-- {} -->", escape(SYNTHETIC_NOTE));
    s.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (k, t) in NODE_KEYS {
        let _ = writeln!(
            s,
            "  <key id=\"{k}\" for=\"node\" attr.name=\"{k}\" attr.type=\"{t}\"/>"
        );
    }
    s.push_str("  <key id=\"date\" for=\"edge\" attr.name=\"date\" attr.type=\"string\"/>\n");
    s.push_str(
        "  <key id=\"coerced\" for=\"edge\" attr.name=\"coerced\" attr.type=\"boolean\"/>\n",
    );
    s.push_str("  <graph id=\"accusations\" edgedefault=\"directed\">\n");
    let pp = &w.people;
    for &p in &nodes {
        let i = p as usize;
        let region = w
            .census
            .regions
            .get(pp.region[i] as usize)
            .map_or_else(|| pp.region[i].to_string(), |r| r.code.clone());
        let role = w.role(p);
        let values: [(&str, String); 10] = [
            ("region", region),
            ("urban", pp.has(p, flag::URBAN).to_string()),
            (
                "sex",
                if pp.has(p, flag::FEMALE) {
                    "female"
                } else {
                    "male"
                }
                .into(),
            ),
            ("age_band", pp.age(i as PersonId).name().into()),
            ("category", pp.category(i as PersonId).name().into()),
            (
                "nationality",
                Nationality::from_code(pp.nationality[i]).name().into(),
            ),
            ("party_status", pp.party(i as PersonId).name().into()),
            (
                "elite_role",
                if role == Role::None { "" } else { role.name() }.into(),
            ),
            ("final_status", pp.status(p).name().into()),
            ("arrest_cause", cause.get(&p).copied().unwrap_or("").into()),
        ];
        let _ = writeln!(s, "    <node id=\"p{p}\">");
        for (k, v) in values {
            if !v.is_empty() {
                let _ = writeln!(s, "      <data key=\"{k}\">{}</data>", escape(&v));
            }
        }
        s.push_str("    </node>\n");
    }
    for (e, a) in w.ledger.accusations.iter().enumerate() {
        let _ = writeln!(
            s,
            "    <edge id=\"e{e}\" source=\"p{}\" target=\"p{}\">\
             <data key=\"date\">{}</data><data key=\"coerced\">{}</data></edge>",
            a.accuser, a.accused, a.day, a.coerced
        );
    }
    s.push_str("  </graph>\n</graphml>\n");
    s
}

/// Writes `accusations.graphml` to `path` atomically.
///
/// # Errors
/// [`OutputError::Io`] naming the file that could not be written.
pub fn write_graphml(path: &Path, w: &World) -> Result<(), OutputError> {
    write_atomic(path, graphml(w).as_bytes())
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(super::escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
