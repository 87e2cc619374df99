//! Scenario errors: each problem with the file, line, column and key it concerns.

use std::fmt;

/// One thing wrong with a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file (or embedded scenario) the key is in.
    pub file: String,
    /// 1-based line, if the key could be found.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    /// Dotted key, if the problem concerns one.
    pub key: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(key) = &self.key {
            write!(f, "key `{key}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Everything wrong with a scenario (at least one problem).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    /// The problems, in file order where known.
    pub problems: Vec<Problem>,
}

impl ScenarioError {
    pub(crate) fn one(p: Problem) -> Self {
        ScenarioError { problems: vec![p] }
    }

    pub(crate) fn many(mut problems: Vec<Problem>) -> Self {
        problems.sort_by_key(|p| (p.file.clone(), p.line.unwrap_or(usize::MAX)));
        ScenarioError { problems }
    }

    pub(crate) fn io(file: &str, e: &std::io::Error) -> Self {
        Self::one(Problem {
            file: file.into(),
            line: None,
            column: None,
            key: None,
            message: format!("cannot read the file: {e}"),
        })
    }

    pub(crate) fn unknown_scenario(name: &str) -> Self {
        let names: Vec<_> = crate::EMBEDDED.iter().map(|(n, _)| *n).collect();
        Self::one(Problem {
            file: name.into(),
            line: None,
            column: None,
            key: None,
            message: format!(
                "no such scenario: expected a file path or one of: {}",
                names.join(", ")
            ),
        })
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioError {}

/// The message for a file with no keys at all: empty, or only comments.
pub(crate) fn empty(file: &str) -> ScenarioError {
    ScenarioError::one(Problem {
        file: file.into(),
        line: Some(1),
        column: None,
        key: None,
        message: format!(
            "the file holds no settings: expected a scenario. To change a few keys of the \
             default, start the file with `extends = \"{}\"` and give only those keys; \
             `chistka scenario show` prints a whole scenario to copy",
            crate::DEFAULT
        ),
    })
}

/// serde's message in words for people: "expected f64" becomes "expected a number", fields are
/// keys, maps are tables. `extends` says whether the file extends another, for the hint on a
/// missing key. Only the first line is kept (serde sometimes adds the type's location).
pub(crate) fn plain(serde_message: &str, extends: bool) -> String {
    let msg = serde_message.lines().next().unwrap_or("").trim();
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some((found, expected)) = msg
            .strip_prefix(prefix)
            .and_then(|rest| rest.split_once(", expected "))
        {
            return format!("expected {}, found {}", expectation(expected), value(found));
        }
    }
    if let Some(rest) = msg.strip_prefix("invalid length ")
        && let Some((n, expected)) = rest.split_once(", expected ")
    {
        return format!("expected {}, found a list of {n}", expectation(expected));
    }
    for (serde_word, word) in [("unknown field ", "key"), ("unknown variant ", "value")] {
        if let Some(rest) = msg.strip_prefix(serde_word) {
            let (name, choices) = rest.split_once(", ").unwrap_or((rest, ""));
            let choices = choices
                .strip_prefix("expected one of ")
                .or_else(|| choices.strip_prefix("expected "))
                .map(|c| c.replace('`', "").replace(" or ", ", "));
            return match choices {
                Some(c) => format!("unknown {word} {name}; expected one of: {c}"),
                None if word == "key" => format!("unknown key {name}: this table takes no keys"),
                None => format!("unknown value {name}"),
            };
        }
    }
    if let Some(name) = msg.strip_prefix("missing field ") {
        return if extends {
            format!("missing key {name}")
        } else {
            format!(
                "missing key {name}: a file without `extends` must give every key; to change \
                 only a few, start it with `extends = \"{}\"`",
                crate::DEFAULT
            )
        };
    }
    msg.to_string()
}

/// What serde expected, in words.
fn expectation(e: &str) -> String {
    match e {
        "f32" | "f64" => "a number".into(),
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number, 0 or more".into(),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number".into(),
        "a boolean" => "true or false".into(),
        "a string" | "a borrowed string" => "text in quotes".into(),
        "a sequence" => "a list in brackets".into(),
        "a map" => "a table".into(),
        "a character" => "one character in quotes".into(),
        _ if e.starts_with("struct ") => "a table".into(),
        _ if e.starts_with("enum ") => "one of the listed names".into(),
        _ => e.into(),
    }
}

/// What serde found, in words.
fn value(found: &str) -> String {
    let inner = |s: &str| s.trim_matches('`').to_string();
    if let Some(s) = found.strip_prefix("string ") {
        format!("the text {s}")
    } else if let Some(s) = found.strip_prefix("integer ") {
        format!("the whole number {}", inner(s))
    } else if let Some(s) = found.strip_prefix("floating point ") {
        format!("the number {}", inner(s))
    } else if let Some(s) = found.strip_prefix("boolean ") {
        inner(s)
    } else {
        match found {
            "map" => "a table".into(),
            "sequence" => "a list".into(),
            "unit value" => "nothing".into(),
            other => other.into(),
        }
    }
}

#[cfg(test)]
mod plain_tests {
    use super::plain;

    #[test]
    fn serde_words_become_plain_ones() {
        let cases = [
            (
                "invalid type: string \"high\", expected f64",
                "expected a number, found the text \"high\"",
            ),
            (
                "invalid type: floating point `1.5`, expected u32",
                "expected a whole number, 0 or more, found the number 1.5",
            ),
            (
                "invalid value: integer `-1`, expected u64",
                "expected a whole number, 0 or more, found the whole number -1",
            ),
            (
                "invalid type: integer `3`, expected a boolean",
                "expected true or false, found the whole number 3",
            ),
            (
                "invalid type: map, expected a sequence",
                "expected a list in brackets, found a table",
            ),
            (
                "invalid type: boolean `true`, expected struct Camps",
                "expected a table, found true",
            ),
            (
                "unknown field `rate`, expected one of `enabled`, `start`",
                "unknown key `rate`; expected one of: enabled, start",
            ),
            (
                "unknown field `rate`, there are no fields",
                "unknown key `rate`: this table takes no keys",
            ),
            (
                "unknown variant `kulaks`, expected `kulak` or `criminal`",
                "unknown value `kulaks`; expected one of: kulak, criminal",
            ),
            (
                "invalid length 3, expected a tuple of size 2",
                "expected a tuple of size 2, found a list of 3",
            ),
            ("missing field `start`", "missing key `start`"),
            (
                "expected a year as key\n in struct X",
                "expected a year as key",
            ),
        ];
        for (serde, ours) in cases {
            assert_eq!(plain(serde, true), ours, "from {serde:?}");
        }
        assert!(plain("missing field `start`", false).contains("extends = \"great-purge\""));
    }
}
