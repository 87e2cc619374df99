//! The Red Army as an institution: military districts, corps, divisions and regiments, with their
//! command and political staff, always at full scale (one synthetic officer per real one, like
//! the elite layer), in the army's own workplaces (a regiment is a workplace).
//!
//! The senior ranks are the elite layer's (5 marshals, 15 army commanders, 57 corps commanders,
//! 186 division commanders, `data/elite.csv`): each army commander heads a district, each corps
//! commander a corps, each division commander a division. Under each division are its regiments
//! (`data/army.csv`), each with a commander and an equal share of the rest of the officer corps;
//! a sixth or so of them political staff. Officers are men with few exceptions, of officer ages,
//! and many live with a wife (order 00486 took the wives of condemned officers).
//!
//! The people are synthetic: no officer here stands for a real person.

use std::ops::Range;
use std::sync::Arc;

use chistka_engine::streams::Streams;
use rand::Rng as _;

use crate::census::{Census, DataError};
use crate::institutions::{KeyValues, number, rows, text};
use crate::people::{
    AgeBand, Category, Education, NONE, Nationality, Origin, PartyStatus, PersonId, Role,
    category_age, flag, questionnaire,
};
use crate::population::Population;
use crate::streams::Key;

/// `data/army.csv`.
pub const ARMY_CSV: &str = include_str!("../../../../data/army.csv");
/// `data/army_districts.csv`.
pub const DISTRICTS_CSV: &str = include_str!("../../../../data/army_districts.csv");

codes!(
    /// An officer's rank or post, from the marshals down.
    Rank {
        /// Marshal of the Soviet Union.
        Marshal = "marshal",
        /// Army commander (komandarm), heading a military district.
        ArmyCommander = "army_commander",
        /// Corps commander (komkor), heading a corps.
        CorpsCommander = "corps_commander",
        /// Division commander (komdiv), heading a division.
        DivisionCommander = "division_commander",
        /// Commander of a regiment (colonel, major).
        RegimentCommander = "regiment_commander",
        /// Battalion, company or platoon commander, or staff officer of a regiment.
        Commander = "commander",
        /// Commissar or politruk (political staff).
        PoliticalOfficer = "political_officer",
        /// Graduate of a military school waiting for a post (the growth of the officer corps
        /// from 1937 to 1939); an officer once given one.
        Graduate = "graduate",
    }
);

/// A military district (or separate army).
#[derive(Debug, Clone)]
pub struct District {
    /// Name, as in `data/army_districts.csv`.
    pub name: String,
    /// Index of the republic of its headquarters (into the census regions).
    pub region: u8,
    /// Share of the divisions stationed in it.
    pub weight: f64,
}

/// The figures the army is built from, parsed and checked once (`data/army.csv` and
/// `data/army_districts.csv`).
#[derive(Debug, Clone)]
pub struct ArmyData {
    /// Command and political staff in all, the senior ranks included (early 1937).
    pub staff: u32,
    /// The same in 1938-39: the difference is built as graduates waiting for posts.
    pub staff_1939: u32,
    /// The districts.
    pub districts: Vec<District>,
    /// Regiments in a division.
    pub regiments_per_division: u32,
    /// Share of political staff among the officers below the senior ranks.
    pub political_share: f64,
    /// Share of women.
    pub female_share: f64,
    /// Shares aged 16-29 and 50+ (the rest 30-49).
    pub young_share: f64,
    /// Share aged 50 and over.
    pub old_share: f64,
    /// Party members and candidates among the command staff.
    pub party_share_command: f64,
    /// ... and among the political staff.
    pub party_share_political: f64,
    /// Higher and secondary education shares (the rest primary).
    pub higher_share: f64,
    /// Secondary or military-school education.
    pub secondary_share: f64,
    /// Share living with a wife.
    pub married_share: f64,
}

impl ArmyData {
    /// No army at all: one empty district, no staff. Stands in for data that failed to parse,
    /// in parameters that are then refused.
    pub fn empty() -> Self {
        ArmyData {
            staff: 0,
            staff_1939: 0,
            districts: vec![District {
                name: String::new(),
                region: 0,
                weight: 1.0,
            }],
            regiments_per_division: 1,
            political_share: 0.0,
            female_share: 0.0,
            young_share: 0.0,
            old_share: 0.0,
            party_share_command: 0.0,
            party_share_political: 0.0,
            higher_share: 0.0,
            secondary_share: 0.0,
            married_share: 0.0,
        }
    }

    /// Parses the embedded files, resolving district regions against `census`.
    ///
    /// # Errors
    /// A [`DataError`] naming the file and line of a missing key, a value that is not a number
    /// or outside its range, or a region code the census does not have.
    pub fn embedded(census: &Census) -> Result<Self, DataError> {
        Self::parse(ARMY_CSV, DISTRICTS_CSV, census)
    }

    /// Parses the two files' text (see [`ArmyData::embedded`]).
    ///
    /// # Errors
    /// As [`ArmyData::embedded`].
    pub fn parse(army: &str, districts: &str, census: &Census) -> Result<Self, DataError> {
        const FILE: &str = "army.csv";
        let values = KeyValues::parse(FILE, army)?;
        let get = |key: &str, lo: f64, hi: f64| values.get(key, lo, hi);
        const DFILE: &str = "army_districts.csv";
        let mut out = Vec::new();
        for (line, f) in rows(districts) {
            let name = text(DFILE, line, &f, 0, "a district name")?;
            let code = text(DFILE, line, &f, 1, "a region code")?;
            let region = census
                .regions
                .iter()
                .position(|r| r.code == code)
                .ok_or_else(|| DataError {
                    file: DFILE,
                    line,
                    message: format!(
                        "region `{code}` is not one of the census regions ({})",
                        census
                            .regions
                            .iter()
                            .map(|r| r.code.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                })?;
            let weight = number(DFILE, line, &f, 2, "the weight")?;
            if weight < 0.0 {
                return Err(DataError {
                    file: DFILE,
                    line,
                    message: format!("weight {weight} is negative"),
                });
            }
            out.push(District {
                name,
                region: region as u8,
                weight,
            });
        }
        let total: f64 = out.iter().map(|d| d.weight).sum();
        if out.is_empty() || (total - 1.0).abs() > 1e-6 {
            return Err(DataError {
                file: DFILE,
                line: 0,
                message: format!("district weights sum to {total}, expected 1"),
            });
        }
        let data = ArmyData {
            staff: get("command_and_political_staff", 0.0, 2e6)? as u32,
            staff_1939: get("command_and_political_staff_1939", 0.0, 2e6)? as u32,
            regiments_per_division: get("regiments_per_division", 1.0, 20.0)? as u32,
            political_share: get("political_staff_share", 0.0, 1.0)?,
            female_share: get("female_share", 0.0, 1.0)?,
            young_share: get("young_share", 0.0, 1.0)?,
            old_share: get("old_share", 0.0, 1.0)?,
            party_share_command: get("party_share_command", 0.0, 1.0)?,
            party_share_political: get("party_share_political", 0.0, 1.0)?,
            higher_share: get("higher_education_share", 0.0, 1.0)?,
            secondary_share: get("secondary_education_share", 0.0, 1.0)?,
            married_share: get("married_share", 0.0, 1.0)?,
            districts: out,
        };
        let _ = get("military_districts", 1.0, 1000.0)?;
        if data.staff_1939 < data.staff {
            return Err(DataError {
                file: FILE,
                line: values.line("command_and_political_staff_1939"),
                message: "the staff of 1939 is smaller than that of 1937".into(),
            });
        }
        if data.young_share + data.old_share > 1.0 || data.higher_share + data.secondary_share > 1.0
        {
            return Err(DataError {
                file: FILE,
                line: 0,
                message: "age (or education) shares sum to more than 1".into(),
            });
        }
        Ok(data)
    }
}

/// The army of a run: who is in it and how it is organised. Indices of districts, corps,
/// divisions and regiments are positions in the vectors below.
#[derive(Debug, Clone, Default)]
pub struct Army {
    /// Ids of the officers below the senior ranks and their wives (after the mass population).
    pub people: Range<PersonId>,
    /// Rank of each person of `people` ([`NOT_OFFICER`] for a wife).
    rank: Vec<u8>,
    /// The districts.
    pub districts: Vec<District>,
    /// Head of each district (an army commander), NONE if there were fewer commanders.
    pub district_heads: Vec<PersonId>,
    /// District of each corps.
    pub corps_district: Vec<u16>,
    /// Head of each corps (a corps commander).
    pub corps_heads: Vec<PersonId>,
    /// Corps of each division.
    pub division_corps: Vec<u16>,
    /// Head of each division (a division commander).
    pub division_heads: Vec<PersonId>,
    /// Division of each regiment.
    pub regiment_division: Vec<u32>,
    /// Commander of each regiment.
    pub regiment_heads: Vec<PersonId>,
    /// The workplace id of regiment 0; regiment `r` is workplace `workplace_base + r`.
    pub workplace_base: u32,
    /// The marshals.
    pub marshals: Vec<PersonId>,
    /// Officers holding a post on the first day, below the senior ranks.
    pub initial_officers: usize,
    /// Graduates of the military schools, waiting for a post.
    pub graduates: Vec<PersonId>,
}

/// Rank code of a wife in [`Army`]'s table.
pub const NOT_OFFICER: u8 = u8::MAX;

impl Army {
    /// The rank of `p` if they are an officer (the senior ranks by their elite `role`).
    pub fn rank(&self, p: PersonId, role: Role) -> Option<Rank> {
        match role {
            Role::Marshal => return Some(Rank::Marshal),
            Role::ArmyCommander => return Some(Rank::ArmyCommander),
            Role::CorpsCommander => return Some(Rank::CorpsCommander),
            Role::DivisionCommander => return Some(Rank::DivisionCommander),
            _ => {}
        }
        if !self.people.contains(&p) {
            return None;
        }
        let code = self.rank[(p - self.people.start) as usize];
        (code != NOT_OFFICER).then(|| Rank::from_code(code))
    }

    /// True if `p` belongs to the army's part of the people table (an officer or a wife), and so
    /// counts at full scale.
    pub fn full_scale(&self, p: PersonId) -> bool {
        self.people.contains(&p)
    }

    /// Officers below the senior ranks (graduates included).
    pub fn officers(&self) -> impl Iterator<Item = PersonId> + '_ {
        self.people
            .clone()
            .filter(|&p| self.rank[(p - self.people.start) as usize] != NOT_OFFICER)
    }

    /// Officers holding a post on the first day, below the senior ranks.
    pub fn officer_count(&self) -> usize {
        self.initial_officers
    }

    /// The regiment of an officer below the senior ranks, from their workplace.
    pub fn regiment(&self, workplace: u32) -> Option<usize> {
        let r = workplace.checked_sub(self.workplace_base)? as usize;
        (r < self.regiment_heads.len()).then_some(r)
    }
}

/// Builds the army into `pop`: officers and wives appended after the mass population, the
/// senior ranks of the elite layer placed at the head of their commands (and in the region of
/// their district), regiments added as workplaces. Draws from its own stream only.
pub fn build(pop: &mut Population, data: &Arc<ArmyData>, census: &Census, streams: Streams) {
    let mut rng = streams.stream(Key::ArmyBuild.id());
    let role_of = |pop: &Population, p: PersonId| pop.roles[(p - pop.elite.start) as usize];
    let holders = |pop: &Population, role: Role| -> Vec<PersonId> {
        pop.elite
            .clone()
            .filter(|&p| role_of(pop, p) == role)
            .collect()
    };
    let marshals = holders(pop, Role::Marshal);
    let commanders = holders(pop, Role::ArmyCommander);
    let komkors = holders(pop, Role::CorpsCommander);
    let komdivs = holders(pop, Role::DivisionCommander);
    let d = data.districts.len();
    let weights: Vec<f64> = data.districts.iter().map(|x| x.weight).collect();
    let pick = |rng: &mut chistka_engine::streams::Rng| -> usize {
        let mut u: f64 = rng.random();
        for (i, w) in weights.iter().enumerate() {
            if u < *w {
                return i;
            }
            u -= w;
        }
        weights.len() - 1
    };
    let district_heads: Vec<PersonId> = (0..d)
        .map(|i| commanders.get(i).copied().unwrap_or(NONE))
        .collect();
    // Army commanders beyond one per district stand at the centre (the last district).
    let corps_district: Vec<u16> = komkors.iter().map(|_| pick(&mut rng) as u16).collect();
    let division_corps: Vec<u16> = komdivs
        .iter()
        .map(|_| {
            if komkors.is_empty() {
                return 0;
            }
            // A division of a district's corps: the district by weight, then one of its corps.
            let want = pick(&mut rng) as u16;
            let mine: Vec<usize> = (0..komkors.len())
                .filter(|&c| corps_district[c] == want)
                .collect();
            if mine.is_empty() {
                rng.random_range(0..komkors.len()) as u16
            } else {
                mine[rng.random_range(0..mine.len())] as u16
            }
        })
        .collect();
    let region_of_district = |i: usize| data.districts.get(i).map_or(0, |x| x.region);
    for (i, &p) in district_heads.iter().enumerate() {
        if p != NONE {
            pop.people.region[p as usize] = region_of_district(i);
        }
    }
    for &p in commanders.iter().skip(d) {
        pop.people.region[p as usize] = region_of_district(d - 1);
    }
    for (c, &p) in komkors.iter().enumerate() {
        pop.people.region[p as usize] = region_of_district(usize::from(corps_district[c]));
    }
    let division_district = |k: usize| {
        usize::from(
            corps_district
                .get(usize::from(division_corps[k]))
                .copied()
                .unwrap_or(0),
        )
    };
    for (k, &p) in komdivs.iter().enumerate() {
        pop.people.region[p as usize] = region_of_district(division_district(k));
    }

    let n_regiments = komdivs.len() * data.regiments_per_division as usize;
    let regiment_division: Vec<u32> = (0..n_regiments)
        .map(|r| (r / data.regiments_per_division as usize) as u32)
        .collect();
    let senior = (marshals.len() + commanders.len() + komkors.len() + komdivs.len()) as u32;
    let n_officers = data.staff.saturating_sub(senior) as usize;
    let n_graduates = data.staff_1939.saturating_sub(data.staff) as usize;
    // Each officer is one household of one or two (a wife): count the wives first, so that the
    // table grows once.
    // (female, lives with a wife): a woman officer's husband is not modelled.
    let draws: Vec<(bool, bool)> = (0..n_officers)
        .map(|_| {
            let female = rng.random::<f64>() < data.female_share;
            let married = rng.random::<f64>() < data.married_share;
            (female, married && !female)
        })
        .collect();
    let n_people = n_officers + draws.iter().filter(|d| d.1).count() + n_graduates;
    let ids = pop.people.grow(n_people);
    let workplace_base = pop.workplaces;
    pop.workplaces += n_regiments as u32;
    let urban_nationality = census.nationality.shares(true).to_vec();
    let nationality_of: Vec<Nationality> = census
        .nationality
        .names
        .iter()
        .map(|n| Nationality::from_name(n).unwrap_or(Nationality::Other))
        .collect();
    let mut rank = vec![NOT_OFFICER; n_people];
    let mut regiment_heads = vec![NONE; n_regiments];
    let people = &mut pop.people;
    let mut next = ids.start as usize;
    for (i, &(female, wife)) in draws.iter().enumerate() {
        let p = next;
        next += 1;
        let regiment = if n_regiments == 0 { 0 } else { i % n_regiments };
        let r = if i < n_regiments {
            regiment_heads[regiment] = p as PersonId;
            Rank::RegimentCommander
        } else if rng.random::<f64>() < data.political_share {
            Rank::PoliticalOfficer
        } else {
            Rank::Commander
        };
        rank[p - ids.start as usize] = r as u8;
        let district = if n_regiments == 0 {
            d - 1
        } else {
            division_district(regiment_division[regiment] as usize)
        };
        let region = region_of_district(district);
        let mut f = flag::URBAN;
        if female {
            f |= flag::FEMALE;
        }
        people.flags[p] = f;
        people.region[p] = region;
        let u: f64 = rng.random();
        let age = if u < data.young_share {
            AgeBand::Young
        } else if u < data.young_share + data.old_share {
            AgeBand::Old
        } else {
            AgeBand::Middle
        };
        people.category_age[p] = category_age::pack(Category::ArmyOfficer, age);
        let u: f64 = rng.random();
        let education = if u < data.higher_share {
            Education::Higher
        } else if u < data.higher_share + data.secondary_share {
            Education::Secondary
        } else {
            Education::Primary
        };
        // Social origin: peasant for every officer (Assumption: most of the command staff of
        // 1937 came from peasant and worker families; Reese 1996 has no split usable here).
        people.questionnaire[p] = questionnaire::pack(education, Origin::Peasant, false);
        let nationality = nationality_of[pick_share(&mut rng, &urban_nationality)];
        people.nationality[p] = nationality as u8;
        let card = if r == Rank::PoliticalOfficer {
            data.party_share_political
        } else {
            data.party_share_command
        };
        if rng.random::<f64>() < card {
            // Most officers who were communists joined in the Civil War or the 1920s
            // (uniform over 1918-1932: Assumption, as for the mass population).
            people.set_party(p as PersonId, PartyStatus::Member);
            people.party_year[p] = (rng.random_range(1918..=1932) - 1880) as u8;
        }
        people.workplace[p] = if n_regiments == 0 {
            NONE
        } else {
            workplace_base + regiment as u32
        };
        if wife {
            let q = next;
            next += 1;
            people.household_pos[p] = 0;
            people.household_pos[q] = 1;
            people.flags[q] = flag::URBAN | flag::FEMALE;
            people.region[q] = region;
            // Officers' wives counted as employees, housewives among them (Assumption).
            people.category_age[q] = category_age::pack(Category::Employee, age);
            people.questionnaire[q] =
                questionnaire::pack(Education::Secondary, Origin::Peasant, false);
            people.nationality[q] = nationality as u8;
        }
    }
    // The graduates: young men, unmarried, in the district of a random regiment.
    let mut graduates = Vec::with_capacity(n_graduates);
    for _ in 0..n_graduates {
        let p = next;
        next += 1;
        graduates.push(p as PersonId);
        rank[p - ids.start as usize] = Rank::Graduate as u8;
        let district = if n_regiments == 0 {
            d - 1
        } else {
            division_district(regiment_division[rng.random_range(0..n_regiments)] as usize)
        };
        people.flags[p] = flag::URBAN;
        people.region[p] = region_of_district(district);
        people.category_age[p] = category_age::pack(Category::ArmyOfficer, AgeBand::Young);
        people.questionnaire[p] = questionnaire::pack(Education::Secondary, Origin::Peasant, false);
        people.nationality[p] = nationality_of[pick_share(&mut rng, &urban_nationality)] as u8;
        // Graduates hold no card on the first day (Komsomol members: Assumption).
    }
    debug_assert_eq!(next, ids.end as usize);
    // The officers' cards were part of the party's total of 1934, to which the mass population
    // was fitted: withdraw as many mass cards at random, so that the total stays the record's.
    let cards = (ids.start as usize..next)
        .filter(|&p| people.party(p as PersonId) == PartyStatus::Member)
        .count() as f64;
    let withdraw = (cards / pop.mass_weight).round() as usize;
    let mass = pop.elite.end..ids.start;
    let mut done = 0;
    for _ in 0..withdraw.saturating_mul(1000) {
        if done == withdraw || mass.is_empty() {
            break;
        }
        let q = rng.random_range(mass.clone()) as usize;
        if people.party(q as PersonId) == PartyStatus::Member {
            people.set_party(q as PersonId, PartyStatus::None);
            people.party_year[q] = 0;
            done += 1;
        }
    }
    pop.army = Army {
        initial_officers: n_officers,
        graduates,
        people: ids,
        rank,
        districts: data.districts.clone(),
        district_heads,
        corps_district,
        corps_heads: komkors,
        division_corps,
        division_heads: komdivs,
        regiment_division,
        regiment_heads,
        workplace_base,
        marshals,
    };
}

fn pick_share(rng: &mut chistka_engine::streams::Rng, shares: &[f64]) -> usize {
    let mut u: f64 = rng.random();
    for (i, s) in shares.iter().enumerate() {
        if u < *s {
            return i;
        }
        u -= s;
    }
    shares.len().saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_army_data_parse() {
        let census = Census::embedded().unwrap();
        let a = ArmyData::embedded(&census).unwrap();
        assert_eq!(a.staff, 144_000);
        assert_eq!(a.districts.len(), 15);
    }

    #[test]
    fn a_bad_row_is_reported_with_its_file_and_line() {
        let census = Census::embedded().unwrap();
        let bad = ARMY_CSV.replace("female_share,0.005", "female_share,lots");
        let e = ArmyData::parse(&bad, DISTRICTS_CSV, &census).unwrap_err();
        assert_eq!(e.file, "army.csv");
        assert!(e.line > 0 && e.message.contains("expected a number"), "{e}");
        let bad = DISTRICTS_CSV.replace("Kiev,UKR", "Kiev,XXX");
        let e = ArmyData::parse(ARMY_CSV, &bad, &census).unwrap_err();
        assert!(
            e.message.contains("`XXX` is not one of the census regions"),
            "{e}"
        );
    }
}
