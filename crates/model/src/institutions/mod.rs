//! Institutions with a structure of their own, built beside the census population: the Red Army
//! (districts, corps, divisions, regiments and their officers, always at full scale) and the
//! nomenklatura (the graded hierarchy of party posts with its close circles, and the political
//! biographies that shape who is at risk). Their figures are embedded from `data/` and parsed
//! when a scenario is validated, so a run cannot fail on them.

pub mod army;
pub mod nomenklatura;

use crate::census::DataError;

/// Data rows of an embedded CSV file: (1-based line number, fields), skipping comments, blank
/// lines and the header. Fields are split on commas outside double quotes.
pub(crate) fn rows(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !header_seen {
            header_seen = true;
            continue;
        }
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => fields.push(std::mem::take(&mut cur)),
                _ => cur.push(c),
            }
        }
        fields.push(cur);
        out.push((i + 1, fields));
    }
    out
}

/// Field `i` of a row as a number, or an error naming the file, the line and the column.
pub(crate) fn number(
    file: &'static str,
    line: usize,
    fields: &[String],
    i: usize,
    what: &str,
) -> Result<f64, DataError> {
    fields
        .get(i)
        .and_then(|f| f.trim().parse::<f64>().ok())
        .filter(|x| x.is_finite())
        .ok_or_else(|| DataError {
            file,
            line,
            message: format!("expected a number for {what} in column {}", i + 1),
        })
}

/// Field `i` of a row as non-empty text.
pub(crate) fn text(
    file: &'static str,
    line: usize,
    fields: &[String],
    i: usize,
    what: &str,
) -> Result<String, DataError> {
    fields
        .get(i)
        .map(|f| f.trim().to_string())
        .filter(|f| !f.is_empty())
        .ok_or_else(|| DataError {
            file,
            line,
            message: format!("expected {what} in column {}", i + 1),
        })
}

/// An embedded file of `key,value` rows with a number for each value: the figures of one
/// institution, each read with the range it must lie in.
pub(crate) struct KeyValues {
    file: &'static str,
    /// Key -> (line, value); a key given twice keeps its last row.
    values: std::collections::HashMap<String, (usize, f64)>,
}

impl KeyValues {
    /// Reads `text` (the file `file`): every row needs a key and a number.
    pub(crate) fn parse(file: &'static str, text: &str) -> Result<Self, DataError> {
        let mut values = std::collections::HashMap::new();
        for (line, f) in rows(text) {
            let key = self::text(file, line, &f, 0, "a key")?;
            values.insert(key, (line, number(file, line, &f, 1, "the value")?));
        }
        Ok(KeyValues { file, values })
    }

    /// The value of `key`, which must lie in `lo..=hi`; an error names the file, and the line
    /// where there is one.
    pub(crate) fn get(&self, key: &str, lo: f64, hi: f64) -> Result<f64, DataError> {
        let &(line, x) = self.values.get(key).ok_or_else(|| DataError {
            file: self.file,
            line: 0,
            message: format!("no row for `{key}`"),
        })?;
        if (lo..=hi).contains(&x) {
            Ok(x)
        } else {
            Err(DataError {
                file: self.file,
                line,
                message: format!("`{key}` is {x}, expected a value in {lo}..={hi}"),
            })
        }
    }

    /// The line of `key`'s row (0 if it has none), for an error about it.
    pub(crate) fn line(&self, key: &str) -> usize {
        self.values.get(key).map_or(0, |v| v.0)
    }
}

/// A set of person ids as a bit per person: cheap to test in the daily loops.
#[derive(Debug, Clone, Default)]
pub struct PersonSet(Vec<u64>);

impl PersonSet {
    /// An empty set over `n` people.
    pub fn new(n: usize) -> Self {
        PersonSet(vec![0; n.div_ceil(64)])
    }

    /// Adds `p` (ignored beyond the size given at creation).
    pub fn insert(&mut self, p: u32) {
        if let Some(w) = self.0.get_mut(p as usize / 64) {
            *w |= 1 << (p % 64);
        }
    }

    /// True if `p` is in the set.
    pub fn contains(&self, p: u32) -> bool {
        self.0
            .get(p as usize / 64)
            .is_some_and(|w| w & (1 << (p % 64)) != 0)
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// True if empty.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|&w| w == 0)
    }
}

/// The rank or post of `p` as a word for the case archive and the case files: an officer's rank
/// ([`army::Rank`]), an elite role ([`crate::people::Role`]), else the kind of post held (or
/// last held) in the nomenklatura hierarchy; None for someone who never held one.
pub fn rank_or_post(w: &crate::world::World, p: crate::people::PersonId) -> Option<&'static str> {
    use crate::people::{NONE, Role};
    use crate::ties::PostKind;
    let role = w.role(p);
    if let Some(rank) = w.army.rank(p, role) {
        return Some(rank.name());
    }
    if role != Role::None {
        return Some(role.name());
    }
    let post = w.ties.post_of.get(p);
    let post = if post == NONE {
        // The post last held, vacated by an arrest, a dismissal or the turnover.
        *w.ties.former_post.get(&p)?
    } else {
        post
    };
    Some(match w.ties.posts.get(post as usize)?.kind {
        PostKind::Centre => "centre",
        PostKind::FirstSecretary => "regional_first_secretary",
        PostKind::Official => "official",
        PostKind::Economic => "economic",
        PostKind::Military => "military",
        PostKind::HighCommand => "high_command",
        PostKind::Nkvd => "nkvd",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_skip_comments_and_header_and_honour_quotes() {
        let r = rows("# c\nk,v\na,\"1,5\"\n\nb,2\n");
        assert_eq!(r.len(), 2);
        assert_eq!(r[0], (3, vec!["a".to_string(), "1,5".to_string()]));
        assert_eq!(r[1].0, 5);
        let e = number("x.csv", 3, &r[0].1, 1, "value").unwrap_err();
        assert_eq!(
            e.to_string(),
            "data/x.csv:3: expected a number for value in column 2"
        );
    }

    #[test]
    fn person_set_holds_what_was_inserted() {
        let mut s = PersonSet::new(200);
        s.insert(3);
        s.insert(130);
        s.insert(5000);
        assert!(s.contains(3) && s.contains(130) && !s.contains(4) && !s.contains(5000));
        assert_eq!(s.len(), 2);
    }
}
