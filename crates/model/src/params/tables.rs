//! Tables of values: by calendar year, and by social category.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::people::Category;

/// A value that steps by calendar year: the value for year `y` is the entry with the largest year
/// not after `y` (the first entry before it). Written in TOML as `{ 1934 = 1.0, 1937 = 2.0 }`.
#[derive(Debug, Clone, PartialEq)]
pub struct YearTable(pub Vec<(i16, f64)>);

impl YearTable {
    /// The value in force in `year`.
    pub fn at(&self, year: i16) -> f64 {
        let mut value = self.0.first().map_or(0.0, |e| e.1);
        for &(y, v) in &self.0 {
            if y <= year {
                value = v;
            }
        }
        value
    }
}

impl<'de> Deserialize<'de> for YearTable {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, f64>::deserialize(de)?;
        let mut out = Vec::with_capacity(map.len());
        for (k, v) in map {
            let year: i16 = k
                .parse()
                .ok()
                .filter(|y| (1900..=2100).contains(y))
                .ok_or_else(|| {
                    serde::de::Error::custom(format!("expected a year as key, found `{k}`"))
                })?;
            out.push((year, v));
        }
        if out.is_empty() {
            return Err(serde::de::Error::custom(
                "expected at least one year, such as `{ 1934 = 1.0 }`",
            ));
        }
        out.sort_by_key(|e| e.0);
        Ok(YearTable(out))
    }
}

/// A relative weight per social category; categories not listed weigh `default`.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryTable(pub [f64; Category::ALL.len()]);

impl CategoryTable {
    /// The weight of a category.
    pub fn of(&self, c: Category) -> f64 {
        self.0[c as usize]
    }

    /// The largest weight.
    pub fn max(&self) -> f64 {
        self.0.iter().copied().fold(0.0, f64::max)
    }
}

impl<'de> Deserialize<'de> for CategoryTable {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, f64>::deserialize(de)?;
        let default = map.get("default").copied().unwrap_or(1.0);
        let mut out = [default; Category::ALL.len()];
        // Dependants (children) are never targets, whatever the default.
        out[Category::Dependant as usize] = 0.0;
        for (k, v) in map {
            if k == "default" {
                continue;
            }
            let c = Category::from_name(&k).ok_or_else(|| {
                let names: Vec<_> = Category::ALL.iter().map(|c| c.name()).collect();
                serde::de::Error::custom(format!(
                    "unknown category `{k}`, expected `default` or one of: {}",
                    names.join(", ")
                ))
            })?;
            out[c as usize] = v;
        }
        Ok(CategoryTable(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_table_steps() {
        let t = YearTable(vec![(1934, 1.0), (1937, 5.0), (1939, 2.0)]);
        assert_eq!(t.at(1933), 1.0);
        assert_eq!(t.at(1936), 1.0);
        assert_eq!(t.at(1937), 5.0);
        assert_eq!(t.at(1938), 5.0);
        assert_eq!(t.at(1941), 2.0);
    }
}
