//! The structural figures of the synthetic population, read from the project's `data/` files,
//! which are embedded at compile time so that a run needs no files. Each row in those files
//! carries its source and status; see `data/README.md`.

pub use crate::composition::Composition;

/// `data/regions.csv`.
pub const REGIONS_CSV: &str = include_str!("../../../data/regions.csv");
/// `data/population.csv`.
pub const POPULATION_CSV: &str = include_str!("../../../data/population.csv");
/// `data/elite.csv`.
pub const ELITE_CSV: &str = include_str!("../../../data/elite.csv");
/// `data/party.csv`.
pub const PARTY_CSV: &str = include_str!("../../../data/party.csv");

/// Population of the USSR at the census of 6 January 1937 (V2, archival-record s.7).
pub const CENSUS_1937_POPULATION: f64 = 162_003_225.0;

/// One union republic.
#[derive(Debug, Clone)]
pub struct Region {
    /// Short code, e.g. `RSFSR`.
    pub code: String,
    /// Share of the 1937 population.
    pub population_share: f64,
    /// Share living in towns.
    pub urban_share: f64,
}

/// A categorical distribution for urban and for rural people.
#[derive(Debug, Clone)]
pub struct Distribution {
    /// Category names in file order.
    pub names: Vec<String>,
    /// Shares for urban residents.
    pub urban: Vec<f64>,
    /// Shares for rural residents.
    pub rural: Vec<f64>,
}

impl Distribution {
    /// Shares for urban or rural residents.
    pub fn shares(&self, urban: bool) -> &[f64] {
        if urban { &self.urban } else { &self.rural }
    }

    /// Index of a named category.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }
}

/// Elite roles with their counts.
#[derive(Debug, Clone)]
pub struct EliteRole {
    /// Role name as in `data/elite.csv`.
    pub role: String,
    /// Number of posts (full scale, always).
    pub count: u32,
}

/// Party membership on 1 January of a year.
#[derive(Debug, Clone, Copy)]
pub struct PartyYear {
    /// Calendar year.
    pub year: i16,
    /// Full members.
    pub members: f64,
    /// Candidates.
    pub candidates: f64,
}

/// Every structural table the population is built from.
#[derive(Debug, Clone)]
pub struct Census {
    /// Union republics.
    pub regions: Vec<Region>,
    /// Sex by urban/rural, all ages: a check on the joint composition (the builder draws sex
    /// from [`Census::composition`]), compared with the built population by a test.
    pub sex: Distribution,
    /// Age band by urban/rural.
    pub age: Distribution,
    /// Social category of adults.
    pub category: Distribution,
    /// Education of adults.
    pub education: Distribution,
    /// Diaspora nationalities (the targets of the national operations) and "other".
    pub nationality: Distribution,
    /// The elite layer.
    pub elite: Vec<EliteRole>,
    /// Party membership series.
    pub party: Vec<PartyYear>,
    /// Who the people of each category were (sex, age, origin), households, and where the
    /// diaspora nationalities lived.
    pub composition: Composition,
}

/// A malformed embedded data file: a bug in the data, reported with file and line.
#[derive(Debug, thiserror::Error)]
#[error("data/{file}:{line}: {message}")]
pub struct DataError {
    /// File name under `data/`.
    pub file: &'static str,
    /// 1-based line number.
    pub line: usize,
    /// What was wrong.
    pub message: String,
}

/// Data rows: (line number, fields), skipping comments and the header.
pub(crate) fn rows(file: &'static str, text: &str) -> Vec<(usize, Vec<String>)> {
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
        out.push((i + 1, split_csv(line)));
    }
    let _ = file;
    out
}

/// Splits one CSV line, honouring double quotes.
fn split_csv(line: &str) -> Vec<String> {
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
    fields
}

pub(crate) fn num(
    file: &'static str,
    line: usize,
    field: Option<&String>,
    what: &str,
) -> Result<f64, DataError> {
    field
        .and_then(|f| f.trim().parse::<f64>().ok())
        .ok_or_else(|| DataError {
            file,
            line,
            message: format!("expected a number for {what}"),
        })
}

/// A non-empty text field of a data row.
pub(crate) fn text(
    file: &'static str,
    line: usize,
    field: Option<&String>,
    what: &str,
) -> Result<String, DataError> {
    field
        .filter(|f| !f.is_empty())
        .cloned()
        .ok_or_else(|| DataError {
            file,
            line,
            message: format!("expected a {what}"),
        })
}

impl Census {
    /// Parses the embedded data files.
    ///
    /// # Errors
    /// A [`DataError`] naming the file and line of a malformed row or a distribution that does not
    /// sum to one.
    pub fn embedded() -> Result<Self, DataError> {
        let mut regions = Vec::new();
        for (line, f) in rows("regions.csv", REGIONS_CSV) {
            regions.push(Region {
                code: text("regions.csv", line, f.first(), "code")?,
                population_share: num("regions.csv", line, f.get(2), "population_share")?,
                urban_share: num("regions.csv", line, f.get(3), "urban_share")?,
            });
        }
        let total: f64 = regions.iter().map(|r| r.population_share).sum();
        if (total - 1.0).abs() > 1e-6 {
            return Err(DataError {
                file: "regions.csv",
                line: 0,
                message: format!("population shares sum to {total}, expected 1"),
            });
        }
        let mut dims: Vec<(String, Distribution, usize)> = Vec::new();
        for (line, f) in rows("population.csv", POPULATION_CSV) {
            let dim = text("population.csv", line, f.first(), "dimension")?;
            let name = text("population.csv", line, f.get(1), "value")?;
            let u = num("population.csv", line, f.get(2), "share_urban")?;
            let r = num("population.csv", line, f.get(3), "share_rural")?;
            match dims.iter_mut().find(|(d, _, _)| *d == dim) {
                Some((_, dist, _)) => {
                    dist.names.push(name);
                    dist.urban.push(u);
                    dist.rural.push(r);
                }
                None => dims.push((
                    dim,
                    Distribution {
                        names: vec![name],
                        urban: vec![u],
                        rural: vec![r],
                    },
                    line,
                )),
            }
        }
        let mut take = |name: &str| -> Result<Distribution, DataError> {
            let pos = dims
                .iter()
                .position(|(d, _, _)| d == name)
                .ok_or_else(|| DataError {
                    file: "population.csv",
                    line: 0,
                    message: format!("no rows for dimension `{name}`"),
                })?;
            let (_, dist, line) = dims.swap_remove(pos);
            for shares in [&dist.urban, &dist.rural] {
                let s: f64 = shares.iter().sum();
                if (s - 1.0).abs() > 1e-6 {
                    return Err(DataError {
                        file: "population.csv",
                        line,
                        message: format!("shares of `{name}` sum to {s}, expected 1"),
                    });
                }
            }
            Ok(dist)
        };
        let sex = take("sex")?;
        let age = take("age")?;
        let category = take("category")?;
        let education = take("education")?;
        let nationality = take("nationality")?;
        let mut elite = Vec::new();
        for (line, f) in rows("elite.csv", ELITE_CSV) {
            elite.push(EliteRole {
                role: text("elite.csv", line, f.first(), "role")?,
                count: num("elite.csv", line, f.get(1), "count")? as u32,
            });
        }
        let mut party = Vec::new();
        for (line, f) in rows("party.csv", PARTY_CSV) {
            let year = f
                .first()
                .and_then(|d| d.get(0..4))
                .and_then(|y| y.parse().ok())
                .ok_or_else(|| DataError {
                    file: "party.csv",
                    line,
                    message: "expected a date YYYY-01-01".into(),
                })?;
            party.push(PartyYear {
                year,
                members: num("party.csv", line, f.get(1), "full_members")?,
                candidates: num("party.csv", line, f.get(2), "candidates")?,
            });
        }
        let composition = Composition::embedded(&category, &regions)?;
        // Fail on a region without room for its nationalities now, not in the builder.
        composition.nationality_by_region(&nationality, &regions)?;
        Ok(Census {
            composition,
            regions,
            sex,
            age,
            category,
            education,
            nationality,
            elite,
            party,
        })
    }

    /// Count of an elite role (0 if absent).
    pub fn elite_count(&self, role: &str) -> u32 {
        self.elite
            .iter()
            .find(|e| e.role == role)
            .map_or(0, |e| e.count)
    }

    /// Party membership on 1 January of `year`, if recorded.
    pub fn party_on(&self, year: i16) -> Option<PartyYear> {
        self.party.iter().copied().find(|p| p.year == year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_parses_and_sums_to_one() {
        let c = Census::embedded().expect("embedded data must parse");
        assert_eq!(c.regions.len(), 11);
        assert_eq!(c.elite_count("congress_delegate"), 1966);
        assert_eq!(c.elite_count("marshal"), 5);
        assert_eq!(c.party_on(1934).map(|p| p.members), Some(1_826_756.0));
        assert!(c.category.index("former_kulak").is_some());
    }

    #[test]
    fn splits_quoted_fields() {
        assert_eq!(split_csv(r#"a,"b,c",d"#), ["a", "b,c", "d"]);
    }
}
