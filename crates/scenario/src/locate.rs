//! Finding a dotted key in a scenario's text, to report its line and column.

use crate::error::Problem;
use crate::merge::Layer;

/// 1-based (line, column) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Path segments of a serde path.
pub fn segments(path: &serde_path_to_error::Path) -> Vec<String> {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|s| match s {
            Segment::Map { key } => Some(key.clone()),
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Enum { variant } => Some(variant.clone()),
            Segment::Unknown => None,
        })
        .collect()
}

/// Byte span of the deepest part of `path` present in `text`, and whether all of it was found.
fn span_of(text: &str, path: &[String]) -> Option<(std::ops::Range<usize>, bool)> {
    use toml::de::{DeTable, DeValue};
    let doc = DeTable::parse(text).ok()?;
    let mut table = doc.get_ref();
    let mut best: Option<std::ops::Range<usize>> = None;
    for (i, seg) in path.iter().enumerate() {
        let (key, value) = table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == seg.as_str())?;
        let last = i + 1 == path.len();
        best = Some(if last { key.span() } else { value.span() });
        match value.get_ref() {
            DeValue::Table(t) if !last => table = t,
            _ => return best.map(|s| (s, last)),
        }
    }
    best.map(|s| (s, true))
}

/// A problem located in one text.
pub fn problem_in(label: &str, text: &str, path: &[String], message: String) -> Problem {
    let (line, column) = span_of(text, path)
        .map(|(s, _)| line_col(text, s.start))
        .unzip();
    Problem {
        file: label.into(),
        line,
        column,
        key: (!path.is_empty()).then(|| path.join(".")),
        message,
    }
}

/// A problem located in the top-most layer that has the key (the user's file before what it
/// extends); if no layer has all of it, the deepest partial match in the top layer.
pub fn problem(layers: &[Layer], path: &[String], message: String) -> Problem {
    for l in layers.iter().rev() {
        if let Some((_, true)) = span_of(&l.text, path) {
            return problem_in(&l.label, &l.text, path, message);
        }
    }
    let top = layers.last();
    let (label, text) = top.map_or(("scenario", ""), |l| (l.label.as_str(), l.text.as_str()));
    let mut p = problem_in(label, text, path, message);
    if span_of(text, path).is_none() {
        p.line = None;
        p.column = None;
    }
    p
}
