//! The one parser of parameter arguments: `key=v1,v2,...` (values of a grid axis) and
//! `key=lo..hi` (a range), as `sweep --param` and `calibrate --bounds` take them.

use crate::AnalysisError;

/// One parameter argument.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamSpec {
    /// `key=v1,v2,...`: the values of a grid axis.
    List {
        /// Dotted key.
        key: String,
        /// The values, as TOML.
        values: Vec<toml::Value>,
    },
    /// `key=lo..hi`: a range (sampled by a Latin hypercube, or the bounds of a fit).
    Range {
        /// Dotted key.
        key: String,
        /// Lower end.
        lo: f64,
        /// Upper end.
        hi: f64,
    },
}

impl ParamSpec {
    /// The dotted key.
    pub fn key(&self) -> &str {
        match self {
            ParamSpec::List { key, .. } | ParamSpec::Range { key, .. } => key,
        }
    }

    /// Parses `key=v1,v2,...` or `key=lo..hi`; `flag` names the argument in errors. Values are
    /// TOML (`0.5`, `3`, `true`, `1937-07-01`); a bare word is a string.
    ///
    /// ```
    /// use chistka_analysis::spec::ParamSpec;
    /// let p = ParamSpec::parse("--param", "quota.grant_probability=0.2..0.8").unwrap();
    /// assert_eq!(p, ParamSpec::Range { key: "quota.grant_probability".into(), lo: 0.2, hi: 0.8 });
    /// assert!(ParamSpec::parse("--param", "quota.enabled").is_err());
    /// ```
    ///
    /// # Errors
    /// [`AnalysisError::Input`] saying what was expected.
    pub fn parse(flag: &str, s: &str) -> Result<ParamSpec, AnalysisError> {
        let bad = |why: &str| {
            AnalysisError::Input(format!(
                "{flag} `{s}`: {why}; expected `key=v1,v2,...` or `key=lo..hi`"
            ))
        };
        let (key, rest) = s.split_once('=').ok_or_else(|| bad("no `=`"))?;
        let key = key.trim();
        if key.is_empty() || key.split('.').any(str::is_empty) {
            return Err(bad("the key is empty or has an empty segment"));
        }
        if let Some((lo, hi)) = rest.split_once("..") {
            let (Ok(lo), Ok(hi)) = (lo.trim().parse::<f64>(), hi.trim().parse::<f64>()) else {
                return Err(bad("a range needs two numbers"));
            };
            if !(lo.is_finite() && hi.is_finite() && lo <= hi) {
                return Err(bad("a range needs finite lo <= hi"));
            }
            return Ok(ParamSpec::Range {
                key: key.into(),
                lo,
                hi,
            });
        }
        let values: Vec<toml::Value> = rest
            .split(',')
            .map(|v| chistka_scenario::dotted::value(v.trim()))
            .collect();
        if values.iter().any(|v| v.as_str() == Some("")) {
            return Err(bad("an empty value"));
        }
        Ok(ParamSpec::List {
            key: key.into(),
            values,
        })
    }
}

/// An override that does not validate, in the words of the arguments that made it: the merged
/// scenario the overrides were applied to is never shown to the user, so its lines are not
/// named, only the key, what was expected, and `what` (the point or argument).
pub fn override_error(e: chistka_scenario::ScenarioError, what: &str) -> AnalysisError {
    let problems: Vec<String> = e
        .problems
        .iter()
        .map(|p| match &p.key {
            Some(k) => format!("`{k}`: {}", p.message),
            None => p.message.clone(),
        })
        .collect();
    AnalysisError::Input(format!("{what}: {}", problems.join("; ")))
}

/// A value as text in `points.csv` and `sweep.csv`.
pub fn value_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Float(f) => chistka_format::csv(*f),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lists_and_ranges() {
        let p = ParamSpec::parse("--param", "quota.enabled=true,false")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            p,
            ParamSpec::List {
                key: "quota.enabled".into(),
                values: vec![toml::Value::Boolean(true), toml::Value::Boolean(false)]
            }
        );
        let p = ParamSpec::parse("--param", "a.b=0.5..2").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            p,
            ParamSpec::Range {
                key: "a.b".into(),
                lo: 0.5,
                hi: 2.0
            }
        );
        let p = ParamSpec::parse("--param", "policing.x.1937=100,1.5")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.key(), "policing.x.1937");
        for bad in ["novalue", "=1", "a..b=1", "a=1..x", "a=2..1", "a=1,,2"] {
            let e = ParamSpec::parse("--bounds", bad).expect_err(bad);
            assert!(e.to_string().starts_with("--bounds"), "{e}");
        }
    }
}
