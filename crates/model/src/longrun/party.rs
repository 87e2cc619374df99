//! The party as a whole by year of joining and year of birth, 1941-1985: expected numbers (the
//! party is millions; its cohorts need no draws).
//!
//! Each year a cohort loses its dead (Gompertz, the mass population's level), its war dead
//! (to the war's end) and its exits (expulsions, drop-outs); the admissions of the era
//! (`admissions_*`, per member per year) join as candidates, aged about `admission_age_mean`.
//! Candidates and full members are counted together, as the party's statistics do.

use chistka_engine::calendar::Day;

use super::turnover::mortality;
use super::year_of;
use crate::params::LongRunParams;
use crate::people::{AgeBand, PartyStatus};
use crate::world::World;

/// First year of joining and of birth kept.
const FIRST: i32 = 1860;
/// Years kept (to 1999).
const YEARS: usize = 140;

/// Periods of joining in `longrun_party.csv`: (label, first year, last year).
pub const PERIODS: [(&str, i32, i32); 8] = [
    ("joined_to_1920", FIRST, 1920),
    ("joined_1921_1932", 1921, 1932),
    ("joined_1933_1937", 1933, 1937),
    ("joined_1938_1941", 1938, 1941),
    ("joined_1942_1945", 1942, 1945),
    ("joined_1946_1953", 1946, 1953),
    ("joined_1954_1964", 1954, 1964),
    ("joined_1965_on", 1965, FIRST + YEARS as i32 - 1),
];

/// Members and candidates by (year of joining, year of birth), full-scale people.
#[derive(Debug, Clone)]
pub struct Cohorts {
    cells: Vec<f64>,
}

fn cell(joined: i32, born: i32) -> Option<usize> {
    let j = usize::try_from(joined - FIRST)
        .ok()
        .filter(|&j| j < YEARS)?;
    let b = usize::try_from(born - FIRST).ok().filter(|&b| b < YEARS)?;
    Some(j * YEARS + b)
}

impl Cohorts {
    /// The members and candidates at liberty when the daily model stopped, each spread evenly
    /// over the birth years of his age band in the 1937 census.
    pub fn from_world(w: &World) -> Cohorts {
        let mut cells = vec![0.0; YEARS * YEARS];
        // The card holders in id order, not everyone: the same members, added in the same order.
        for p in w.state.registry.card_holders() {
            if !matches!(
                w.people.party(p),
                PartyStatus::Member | PartyStatus::Candidate
            ) || !w.people.at_liberty(p)
            {
                continue;
            }
            let joined = 1880 + i32::from(w.people.party_year[p as usize]);
            let (lo, hi) = match w.people.age(p) {
                AgeBand::Child => (1921, 1936),
                AgeBand::Young => (1908, 1921),
                AgeBand::Middle => (1888, 1907),
                AgeBand::Old => (1867, 1887),
            };
            let share = w.weight(p) / f64::from(hi - lo + 1);
            for born in lo..=hi {
                if let Some(i) = cell(joined, born) {
                    cells[i] += share;
                }
            }
        }
        Cohorts { cells }
    }

    /// All members and candidates.
    pub fn total(&self) -> f64 {
        self.cells.iter().sum()
    }

    /// Members and candidates by [`PERIODS`].
    pub fn by_period(&self) -> Vec<f64> {
        PERIODS
            .iter()
            .map(|&(_, from, to)| {
                (from..=to)
                    .filter_map(|j| {
                        cell(j, FIRST).map(|i| self.cells[i..i + YEARS].iter().sum::<f64>())
                    })
                    .sum()
            })
            .collect()
    }

    /// Members and candidates who joined in `from..=to`.
    pub fn joined(&self, from: i32, to: i32) -> f64 {
        (from..=to)
            .filter_map(|j| cell(j, FIRST).map(|i| self.cells[i..i + YEARS].iter().sum::<f64>()))
            .sum()
    }

    /// The party from `from` to `to`.
    pub fn step(&mut self, p: &LongRunParams, from: Day, to: Day) {
        let years = f64::from(to.since(from)) / 365.2425;
        let war_years = f64::from(to.min(p.war_end).since(from)) / 365.2425;
        let now = year_of(from);
        let size = self.total();
        let keep_war = (1.0 - p.war_death_share_per_year).powf(war_years);
        let keep_exit = (1.0 - p.party_exit_per_year).powf(years);
        for born in FIRST..FIRST + YEARS as i32 {
            let age = now - f64::from(born) - 0.5;
            let keep = (1.0 - mortality(p, age, 1.0)).powf(years) * keep_war * keep_exit;
            for joined in FIRST..FIRST + YEARS as i32 {
                if let Some(i) = cell(joined, born) {
                    self.cells[i] *= keep;
                }
            }
        }
        // Admissions of the step, joining in its year, ages 18-45 around the mean (sd 5 years,
        // Assumption).
        let admitted = p.admissions(Day(from.0 + (to.0 - from.0) / 2)) * size * years;
        let year = from.year() as i32;
        let ages: Vec<(i32, f64)> = (18..=45)
            .map(|a| {
                let z = (f64::from(a) - p.admission_age_mean) / 5.0;
                (a, (-0.5 * z * z).exp())
            })
            .collect();
        let norm: f64 = ages.iter().map(|a| a.1).sum();
        for (a, w) in ages {
            if let Some(i) = cell(year, year - a) {
                self.cells[i] += admitted * w / norm;
            }
        }
    }
}
