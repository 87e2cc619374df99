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
