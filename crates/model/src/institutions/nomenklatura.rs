//! The nomenklatura as a graded hierarchy: the Politburo, the Central Committee, the people's
//! commissars and the regional first secretaries at the top; under each first secretary his
//! obkom bureau, a close circle of 10-15 drawn from the Congress delegates of his region; under
//! the bureau the other delegates (gorkom and raikom secretaries, heads of departments); under
//! them the mass officials. The posts are built in [`crate::ties`]; this module holds the data
//! and the political biographies (former oppositionists, Old Bolsheviks) that shape the risk.
//!
//! The people are synthetic: no record here describes a real person.

use chistka_engine::calendar::Day;
use chistka_engine::streams::Streams;
use rand::Rng as _;

use crate::census::{Census, DataError};
use crate::institutions::{KeyValues, PersonSet, rows, text};
use crate::people::{Category, PartyStatus, PersonId, Role};
use crate::population::Population;
use crate::streams::Key;

/// `data/nomenklatura.csv`.
pub const NOMENKLATURA_CSV: &str = include_str!("../../../../data/nomenklatura.csv");
/// `data/sweeps.csv`.
pub const SWEEPS_CSV: &str = include_str!("../../../../data/sweeps.csv");

/// A regional sweep by an emissary of the centre.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// Who was sent (Kaganovich, Malenkov, Andreev, ...).
    pub emissary: String,
    /// The republic or oblast.
    pub place: String,
    /// Index of the census region it lay in.
    pub region: u8,
    /// The day (the 15th stands for a month).
    pub date: Day,
}

/// The figures of `data/nomenklatura.csv` and `data/sweeps.csv`, parsed and checked once.
#[derive(Debug, Clone)]
pub struct NomenklaturaData {
    /// Smallest and largest obkom bureau.
    pub bureau_size: (u32, u32),
    /// Shares of former oppositionists: CC (and Politburo), commissars, other delegates, high
    /// command, mass officials, officers below the senior ranks.
    pub ex_opposition: [f64; 6],
    /// Share of Old Bolsheviks (joined 1917 or before) in the CC and Politburo.
    pub old_bolshevik_cc: f64,
    /// Share of the delegates who joined before 1921.
    pub delegates_before_1921: f64,
    /// Share of the delegates who joined in 1917 or before.
    pub old_bolshevik_delegates: f64,
    /// The sweeps, in date order.
    pub sweeps: Vec<Sweep>,
}

impl NomenklaturaData {
    /// No bureaus beyond one member, no oppositionists, no sweeps. Stands in for data that failed
    /// to parse, in parameters that are then refused.
    pub fn empty() -> Self {
        NomenklaturaData {
            bureau_size: (1, 1),
            ex_opposition: [0.0; 6],
            old_bolshevik_cc: 0.0,
            delegates_before_1921: 0.0,
            old_bolshevik_delegates: 0.0,
            sweeps: Vec::new(),
        }
    }

    /// Parses the embedded files, resolving the sweeps' regions against `census`.
    ///
    /// # Errors
    /// A [`DataError`] naming the file and line of a missing key, a bad number or share, a bad
    /// date, or a region code the census does not have.
    pub fn embedded(census: &Census) -> Result<Self, DataError> {
        Self::parse(NOMENKLATURA_CSV, SWEEPS_CSV, census)
    }

    /// Parses the two files' text (see [`NomenklaturaData::embedded`]).
    ///
    /// # Errors
    /// As [`NomenklaturaData::embedded`].
    pub fn parse(table: &str, sweeps: &str, census: &Census) -> Result<Self, DataError> {
        const FILE: &str = "nomenklatura.csv";
        let values = KeyValues::parse(FILE, table)?;
        let get = |key: &str, lo: f64, hi: f64| values.get(key, lo, hi);
        let share = |key: &str| get(key, 0.0, 1.0);
        let lo = get("bureau_size_min", 1.0, 100.0)? as u32;
        let hi = get("bureau_size_max", f64::from(lo), 100.0)? as u32;
        const SFILE: &str = "sweeps.csv";
        let mut list = Vec::new();
        for (line, f) in rows(sweeps) {
            let code = text(SFILE, line, &f, 2, "a region code")?;
            let region = census
                .regions
                .iter()
                .position(|r| r.code == code)
                .ok_or_else(|| DataError {
                    file: SFILE,
                    line,
                    message: format!("region `{code}` is not one of the census regions"),
                })?;
            let date = text(SFILE, line, &f, 3, "a date YYYY-MM-DD")?;
            let date = date.parse::<Day>().map_err(|_| DataError {
                file: SFILE,
                line,
                message: format!("expected a date YYYY-MM-DD in column 4, found `{date}`"),
            })?;
            list.push(Sweep {
                emissary: text(SFILE, line, &f, 0, "the emissary")?,
                place: text(SFILE, line, &f, 1, "the place")?,
                region: region as u8,
                date,
            });
        }
        list.sort_by_key(|s| s.date);
        let before_1921 = share("delegates_joined_before_1921")?;
        let old = share("old_bolshevik_share_delegates")?;
        if old > before_1921 {
            return Err(DataError {
                file: FILE,
                line: values.line("old_bolshevik_share_delegates"),
                message: format!(
                    "Old Bolsheviks among the delegates ({old}) cannot exceed those who joined before 1921 ({before_1921})"
                ),
            });
        }
        Ok(NomenklaturaData {
            bureau_size: (lo, hi),
            ex_opposition: [
                share("ex_oppositionist_share_central_committee")?,
                share("ex_oppositionist_share_commissars")?,
                share("ex_oppositionist_share_delegates")?,
                share("ex_oppositionist_share_high_command")?,
                share("ex_oppositionist_share_officials")?,
                share("ex_oppositionist_share_officers")?,
            ],
            old_bolshevik_cc: share("old_bolshevik_share_central_committee")?,
            delegates_before_1921: before_1921,
            old_bolshevik_delegates: old,
            sweeps: list,
        })
    }
}

/// The political biographies of a run: who had been in an opposition. (Old Bolsheviks are
/// read from the year of joining.)
#[derive(Debug, Clone, Default)]
pub struct Nomenklatura {
    /// Former members of the Left or Right oppositions (Trotskyists, Zinovievites, Rightists).
    pub ex_opposition: PersonSet,
}

/// True if `p` joined the party in 1917 or before (an Old Bolshevik).
pub fn old_bolshevik(people: &crate::people::People, p: PersonId) -> bool {
    let y = people.party_year[p as usize];
    y > 0 && i32::from(y) + 1880 <= 1917
}

/// Draws the biographies: the elite's years of joining (replacing the uniform years of the
/// population builder with the shares of `data/nomenklatura.csv`) and who was an
/// oppositionist, among the elite, the mass officials and the officers. Call after the army is
/// built. Draws from its own stream only.
pub fn build(pop: &mut Population, data: &NomenklaturaData, streams: Streams) -> Nomenklatura {
    let mut rng = streams.stream(Key::NomenklaturaBuild.id());
    let n = pop.people.len();
    let mut ex = PersonSet::new(n);
    let [cc, commissars, delegates, high, officials, officers] = data.ex_opposition;
    for p in pop.elite.clone() {
        let role = pop.roles[(p - pop.elite.start) as usize];
        let (share, year) = match role {
            Role::Politburo | Role::CentralCommittee | Role::RegionalFirstSecretary => {
                let y = if rng.random::<f64>() < data.old_bolshevik_cc {
                    rng.random_range(1898..=1917)
                } else {
                    rng.random_range(1918..=1924)
                };
                (cc, y)
            }
            Role::PeoplesCommissar => (commissars, rng.random_range(1903..=1924)),
            Role::CongressDelegate => {
                let u: f64 = rng.random();
                let y = if u < data.old_bolshevik_delegates {
                    rng.random_range(1903..=1917)
                } else if u < data.delegates_before_1921 {
                    rng.random_range(1918..=1920)
                } else {
                    rng.random_range(1921..=1932)
                };
                (delegates, y)
            }
            Role::Marshal | Role::ArmyCommander | Role::CorpsCommander => {
                (high, rng.random_range(1912..=1922))
            }
            Role::DivisionCommander => (officers, rng.random_range(1917..=1925)),
            _ => (0.0, rng.random_range(1903..=1920)),
        };
        pop.people.party_year[p as usize] = (year - 1880) as u8;
        if rng.random::<f64>() < share {
            ex.insert(p);
        }
    }
    // Officials and officers with a card: only they can have been in an opposition of the party.
    for p in pop.elite.end..n as PersonId {
        let share = match pop.people.category(p) {
            Category::Official => officials,
            Category::ArmyOfficer => officers,
            _ => continue,
        };
        if matches!(
            pop.people.party(p),
            PartyStatus::Member | PartyStatus::Candidate
        ) && rng.random::<f64>() < share
        {
            ex.insert(p);
        }
    }
    Nomenklatura { ex_opposition: ex }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_tables_parse_and_the_sweeps_are_in_date_order() {
        let census = Census::embedded().unwrap();
        let d = NomenklaturaData::embedded(&census).unwrap();
        assert_eq!(d.bureau_size, (10, 15));
        assert!(d.sweeps.len() >= 10);
        assert!(d.sweeps.windows(2).all(|w| w[0].date <= w[1].date));
    }

    #[test]
    fn a_bad_sweep_names_its_line() {
        let census = Census::embedded().unwrap();
        let bad = SWEEPS_CSV.replace("Ivanovo,RSFSR,1937-08-15", "Ivanovo,RSFSR,August 1937");
        let e = NomenklaturaData::parse(NOMENKLATURA_CSV, &bad, &census).unwrap_err();
        assert_eq!(e.file, "sweeps.csv");
        assert!(e.message.contains("expected a date"), "{e}");
        let line = SWEEPS_CSV
            .lines()
            .position(|l| l.contains("Ivanovo"))
            .unwrap();
        assert_eq!(e.line, line + 1);
    }
}
