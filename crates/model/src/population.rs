//! Builds the synthetic population from the census structure at a scale factor.
//!
//! Layout of ids: the elite layer first (always full scale), then the mass population region by
//! region, towns before villages, in households of consecutive ids. The mass population is built
//! in fixed-size chunks, each from its own random stream, in parallel; because the chunking does
//! not depend on the thread count, neither does the result.

use std::ops::Range;

use chistka_engine::streams::{Rng, Streams};
use rand::Rng as _;
use rand_distr::{Distribution as _, Poisson};
use rayon::prelude::*;

use crate::census::{CENSUS_1937_POPULATION, Census};
use crate::params::PopulationParams;
use crate::people::{
    AgeBand, Category, Education, NONE, Nationality, Origin, PartyStatus, People, PersonId, Role,
    category_age, flag, questionnaire,
};
use crate::streams::Key;
use crate::thresholds::Thresholds;

/// Number of people generated from one random stream.
const CHUNK: usize = 1 << 16;

/// The built population: people, who is where, and the elite roles.
#[derive(Debug, Clone)]
pub struct Population {
    /// The people table.
    pub people: People,
    /// Ids of the elite layer.
    pub elite: Range<PersonId>,
    /// Role of each elite person (index = id - elite.start).
    pub roles: Vec<Role>,
    /// Ids of the mass population of each region.
    pub regions: Vec<Range<PersonId>>,
    /// Number of workplaces.
    pub workplaces: u32,
    /// Full-scale people each simulated mass person stands for.
    pub mass_weight: f64,
    /// The army (officers and their wives after the mass population, at full scale), once
    /// [`crate::institutions::army::build`] has added it; empty before.
    pub army: crate::institutions::army::Army,
}

/// One contiguous block of mass population: a region's towns or villages.
#[derive(Debug, Clone)]
struct Block {
    region: u8,
    urban: bool,
    ids: Range<usize>,
    workplace_base: u32,
    workplaces: u32,
}

fn pick(rng: &mut Rng, shares: &[f64]) -> usize {
    // One number, as `rng.random::<f64>()` takes it; the last index when the walk passes all.
    crate::thresholds::walk(shares, None, rng.random::<u64>() >> 11).min(shares.len() - 1)
}

/// Expected share of adults of each category among all mass people.
fn adult_category_mass(census: &Census) -> [f64; Category::ALL.len()] {
    let mut out = [0.0; Category::ALL.len()];
    for r in &census.regions {
        for urban in [true, false] {
            let w = r.population_share
                * if urban {
                    r.urban_share
                } else {
                    1.0 - r.urban_share
                };
            let adults = 1.0 - census.age.shares(urban)[0];
            for (i, name) in census.category.names.iter().enumerate() {
                if let Some(c) = Category::from_name(name) {
                    out[c as usize] += w * adults * census.category.shares(urban)[i];
                }
            }
        }
    }
    out
}

/// Per-category probability of holding a card so that the expected total is `target` people,
/// in proportion to `propensity` (capped at 1): solved by bisection on the proportionality factor.
fn card_probabilities(mass: &[f64], propensity: &[f64], target: f64) -> Vec<f64> {
    let total = |k: f64| -> f64 {
        mass.iter()
            .zip(propensity)
            .map(|(m, w)| m * (k * w).min(1.0))
            .sum()
    };
    let (mut lo, mut hi) = (0.0, 1e6);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if total(mid) < target {
            lo = mid
        } else {
            hi = mid
        }
    }
    propensity.iter().map(|w| (hi * w).min(1.0)).collect()
}

/// Each category's factors [men, women] on its card probabilities, so that women hold
/// `party_women_share` of the cards (`data/households.csv`) while every category keeps its
/// number of cards: with women a share `s` of the category's adults, men's factor is
/// `1 / (1 - s + r s)` and women's `r` times that, `r` solved over all categories.
fn party_sex_factors(census: &Census, mass: &[f64], member_p: &[f64]) -> Vec<[f64; 2]> {
    let comp = &census.composition;
    let target = comp.households.party_women;
    let women_share = |c: usize| -> f64 {
        comp.female
            .get(c)
            .map_or(0.0, |f| 0.5 * (f[0] + f[1]))
            .clamp(0.0, 1.0)
    };
    let factors = |r: f64| -> Vec<[f64; 2]> {
        (0..mass.len())
            .map(|c| {
                let s = women_share(c);
                let men = 1.0 / (1.0 - s + r * s);
                [men, r * men]
            })
            .collect()
    };
    let share = |r: f64| -> f64 {
        let f = factors(r);
        let (mut women, mut all) = (0.0, 0.0);
        for c in 0..mass.len() {
            let cards = mass[c] * member_p.get(c).copied().unwrap_or(0.0);
            women += cards * women_share(c) * f[c][1];
            all += cards;
        }
        if all > 0.0 { women / all } else { target }
    };
    // The share rises with r: bisect on [0, 1e3].
    let (mut lo, mut hi) = (0.0, 1e3);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if share(mid) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    factors(0.5 * (lo + hi))
}

/// Mutable views of one chunk of every column.
struct ChunkCols<'a> {
    region: &'a mut [u8],
    flags: &'a mut [u8],
    category_age: &'a mut [u8],
    nationality: &'a mut [u8],
    questionnaire: &'a mut [u8],
    party_year: &'a mut [u8],
    household_pos: &'a mut [u8],
    workplace: &'a mut [u32],
}

struct ChunkJob<'a> {
    block: Block,
    index: u64,
    cols: ChunkCols<'a>,
}

/// A table of shares and [`pick`]'s draw from it, as thresholds on the generator's bits
/// ([`crate::thresholds`]): the same index for the same random number, in a few comparisons
/// instead of a chain of subtractions. Everyone drawn makes five or six such draws.
struct Table {
    len: usize,
    draw: Thresholds,
}

impl Table {
    fn new(shares: &[f64]) -> Self {
        Table {
            len: shares.len(),
            draw: Thresholds::new(shares, None),
        }
    }

    /// The index [`pick`] draws: the last where the walk passes every share.
    fn pick(&self, rng: &mut Rng) -> usize {
        self.draw.draw(rng).min(self.len - 1)
    }
}

/// The conditional shares of the joint composition for towns or villages, prepared once.
struct Place {
    /// Adult categories, census file order.
    category: Table,
    /// Categories among adult men [0] and women [1] (for a spouse, whose sex is given).
    category_given_sex: [Table; 2],
    /// Adult age bands by category code.
    age: Vec<Table>,
    /// Education of adults.
    education: Table,
    /// Heads and spouses are adults, so the other members are children more often than the
    /// census share, by the factor that keeps the overall child share at the census value.
    child_share_of_others: f64,
    /// Women's share of the other adult members of the census classes: heads are mostly men and
    /// spouses the opposite of the head, so the rest carry the female surplus of the census.
    other_female_classes: f64,
}

impl Place {
    fn new(census: &Census, params: &PopulationParams, urban: bool) -> Self {
        let comp = &census.composition;
        let h = params.household_size_mean.max(1.01);
        // Adults fixed by the structure per household: the head, and a spouse in households of
        // two or more (the extra members are Poisson: P(len >= 2) = 1 - e^-(h-1)).
        let spouses = comp.households.spouse * (1.0 - (-(h - 1.0)).exp());
        let child = census.age.shares(urban)[0];
        let child_share_of_others = (child * h / (h - 1.0 - spouses).max(1e-9)).min(1.0);
        // Expected adults per household: 1 head, `spouses`, and `others`; solve the classes'
        // female share among the others so that women are `adult_female` of all adults.
        let town = usize::from(urban);
        let hh = comp.households;
        let (mut head_female, mut fixed, mut classes) = (0.0, 0.0, 0.0);
        for (k, name) in census.category.names.iter().enumerate() {
            let share = census.category.shares(urban)[k];
            let Some(c) = Category::from_name(name) else {
                continue;
            };
            let i = c as usize;
            if comp.class[i] {
                head_female += share * hh.head_female_classes;
                classes += share;
            } else {
                head_female += share * comp.female[i][town];
                fixed += share * comp.female[i][town];
            }
        }
        let others = (h - 1.0 - spouses).max(0.0) * (1.0 - child_share_of_others);
        let adults = 1.0 + spouses + others;
        let needed = hh.adult_female * adults - head_female - spouses * (1.0 - head_female);
        let other_female_classes = if others > 0.0 && classes > 0.0 {
            ((needed / others - fixed) / classes).clamp(0.0, 1.0)
        } else {
            comp.female[Category::Worker as usize][town]
        };
        Place {
            other_female_classes,
            category: Table::new(census.category.shares(urban)),
            category_given_sex: [false, true].map(|female| {
                Table::new(&comp.category_given_sex(&census.category, urban, female))
            }),
            age: comp
                .age_given_category(&census.category, &census.age, urban)
                .iter()
                .map(|bands| Table::new(bands))
                .collect(),
            education: Table::new(census.education.shares(urban)),
            child_share_of_others,
        }
    }
}

/// Generation context shared by all chunks.
struct Ctx<'a> {
    census: &'a Census,
    params: &'a PopulationParams,
    streams: Streams,
    member_p: Vec<f64>,
    candidate_p: Vec<f64>,
    /// Each category's factor on the card probabilities: [men, women].
    party_sex: Vec<[f64; 2]>,
    category_of: Vec<Category>,
    nationality_of: Vec<Nationality>,
    /// Nationality shares of each region's households.
    nationality_by_region: Vec<Table>,
    /// Social origin shares by category code.
    origin: Vec<Table>,
    /// [village, town].
    places: [Place; 2],
}

/// Who a household member is: its head, the head's spouse, or another member.
#[derive(Clone, Copy, PartialEq)]
enum Member {
    Head,
    Spouse { head_female: bool },
    Other,
}

fn fill_chunk(ctx: &Ctx<'_>, job: ChunkJob<'_>) {
    let ChunkJob { block, index, cols } = job;
    let mut rng = ctx.streams.stream3(
        Key::Population.id(),
        u64::from(block.region) * 2 + u64::from(block.urban),
        index,
    );
    let comp = &ctx.census.composition;
    let hh = comp.households;
    let n = cols.region.len();
    let hh_extra = Poisson::new((ctx.params.household_size_mean - 1.0).max(1e-9)).ok();
    let urban = block.urban;
    let town = usize::from(urban);
    let place = &ctx.places[town];
    let nationalities = &ctx.nationality_by_region[usize::from(block.region)];
    let mut i = 0;
    while i < n {
        let extra = hh_extra.as_ref().map_or(0.0, |d| d.sample(&mut rng)) as usize;
        let len = (1 + extra).min(254).min(n - i);
        let nationality = ctx.nationality_of[nationalities.pick(&mut rng)];
        let married = len >= 2 && rng.random::<f64>() < hh.spouse;
        let mut head_female = false;
        for pos in 0..len {
            let j = i + pos;
            cols.region[j] = block.region;
            cols.household_pos[j] = pos as u8;
            cols.nationality[j] = nationality as u8;
            let mut f = if urban { flag::URBAN } else { 0 };
            let member = match pos {
                0 => Member::Head,
                1 if married => Member::Spouse { head_female },
                _ => Member::Other,
            };
            if member == Member::Other && rng.random::<f64>() < place.child_share_of_others {
                if rng.random::<f64>() < hh.child_female {
                    f |= flag::FEMALE;
                }
                cols.flags[j] = f;
                cols.category_age[j] = category_age::pack(Category::Dependant, AgeBand::Child);
                cols.questionnaire[j] =
                    questionnaire::pack(Education::None, Origin::Peasant, false);
                cols.workplace[j] = NONE;
                cols.party_year[j] = 0;
                continue;
            }
            // Category and sex jointly: a spouse's sex is the head's opposite and her category
            // follows from it; everyone else's sex follows from the category, the heads of the
            // census classes being mostly men.
            let (cat, female) = match member {
                Member::Spouse { head_female } => {
                    let female = !head_female;
                    let k = place.category_given_sex[usize::from(female)].pick(&mut rng);
                    (ctx.category_of[k], female)
                }
                _ => {
                    let cat = ctx.category_of[place.category.pick(&mut rng)];
                    let share = match (member, comp.class[cat as usize]) {
                        (Member::Head, true) => hh.head_female_classes,
                        (_, true) => place.other_female_classes,
                        _ => comp.female[cat as usize][town],
                    };
                    (cat, rng.random::<f64>() < share)
                }
            };
            if member == Member::Head {
                head_female = female;
            }
            if female {
                f |= flag::FEMALE;
            }
            // Women of the census classes (wives, mothers, grown daughters) who kept house.
            let at_home =
                female && comp.class[cat as usize] && rng.random::<f64>() < hh.at_home[town];
            if at_home {
                f |= flag::AT_HOME;
            }
            cols.flags[j] = f;
            let age = AgeBand::from_code((1 + place.age[cat as usize].pick(&mut rng)) as u8);
            cols.category_age[j] = category_age::pack(cat, age);
            let education = Education::from_code(place.education.pick(&mut rng) as u8);
            let origin = Origin::from_code(ctx.origin[cat as usize].pick(&mut rng) as u8);
            let technical = rng.random::<f64>() < comp.technical[cat as usize];
            cols.questionnaire[j] = questionnaire::pack(education, origin, technical)
                | if matches!(member, Member::Spouse { .. }) {
                    questionnaire::SPOUSE
                } else {
                    0
                };
            // A woman who keeps house has no workplace (so no workmates to name or be named by).
            let wp = block.workplace_base + rng.random_range(0..block.workplaces);
            cols.workplace[j] = if at_home { NONE } else { wp };
            // The card probabilities of the category, split between the sexes.
            let sex = ctx.party_sex[cat as usize][usize::from(f & flag::FEMALE != 0)];
            let (member_p, candidate_p) = (
                ctx.member_p[cat as usize] * sex,
                ctx.candidate_p[cat as usize] * sex,
            );
            let u: f64 = rng.random();
            let (party, year) = if u < member_p {
                // About 1.3% of members in 1939 dated from 1917 or earlier (1S); the rest joined
                // 1918-1932 (uniform: Assumption).
                let y = if rng.random::<f64>() < 0.013 {
                    1917
                } else {
                    rng.random_range(1918..=1932)
                };
                (PartyStatus::Member, y)
            } else if u < member_p + candidate_p {
                // Admissions were frozen from January 1933 (V2): candidates joined 1931-1932.
                (PartyStatus::Candidate, rng.random_range(1931..=1932))
            } else {
                (PartyStatus::None, 1880)
            };
            cols.questionnaire[j] |= (party as u8) << questionnaire::PARTY_SHIFT;
            cols.party_year[j] = (year - 1880) as u8;
        }
        i += len;
    }
}

/// Builds the population at `scale` (1.0 = 162.0 million people).
///
/// Parallel over chunks when called inside a rayon pool; the result does not depend on the
/// number of threads.
pub fn build(
    census: &Census,
    params: &PopulationParams,
    scale: f64,
    streams: Streams,
) -> Population {
    let n_mass = (CENSUS_1937_POPULATION * scale).round().max(1.0) as usize;
    let mass_weight = CENSUS_1937_POPULATION / n_mass as f64;

    // Elite roles, in a fixed order. Delegates listed in data include the CC and the rest.
    let mut roles: Vec<Role> = Vec::new();
    let mut seats = 0u32;
    for e in &census.elite {
        let role = Role::from_name(&e.role).unwrap_or(Role::None);
        let count = if role == Role::CongressDelegate {
            e.count.saturating_sub(seats)
        } else {
            e.count
        };
        if matches!(
            role,
            Role::Politburo
                | Role::CentralCommittee
                | Role::RegionalFirstSecretary
                | Role::PeoplesCommissar
        ) {
            seats += e.count;
        }
        roles.extend(std::iter::repeat_n(role, count as usize));
    }
    let n_elite = roles.len();

    // Blocks of mass population: region by region, towns then villages.
    let mut blocks = Vec::new();
    let mut next = n_elite;
    let mut wp_next = 0u32;
    let mut remaining = n_mass;
    let n_regions = census.regions.len();
    for (r, region) in census.regions.iter().enumerate() {
        let n_r = if r + 1 == n_regions {
            remaining
        } else {
            ((n_mass as f64) * region.population_share).round() as usize
        };
        remaining -= n_r.min(remaining);
        let n_urban = ((n_r as f64) * region.urban_share).round() as usize;
        for (urban, n) in [(true, n_urban), (false, n_r - n_urban)] {
            let adults = n as f64 * (1.0 - census.age.shares(urban)[0]);
            let size = if urban {
                params.workplace_size_urban_mean
            } else {
                params.workplace_size_rural_mean
            };
            let w = ((adults / size).round() as u32).max(1);
            blocks.push(Block {
                region: r as u8,
                urban,
                ids: next..next + n,
                workplace_base: wp_next,
                workplaces: w,
            });
            next += n;
            wp_next += w;
        }
    }
    let total = next;

    // Columns of zeros are allocated untouched (the system hands out zeroed pages on first
    // write), so the chunks' threads touch them in parallel as they fill them. A column of
    // another value would be written through on this thread first: 0.65 GB of workplaces and
    // 0.49 GB of standings at full scale, some 3 s of a full-scale build. So the workplaces
    // start at 0 (every mass person's is written by the chunks, the elite's are set below) and
    // the standings are written on every thread.
    let mut people = People {
        region: vec![0; total],
        flags: vec![0; total],
        category_age: vec![0; total],
        nationality: vec![0; total],
        questionnaire: vec![0; total],
        party_year: vec![0; total],
        standing: (0..total)
            .into_par_iter()
            .map(|_| crate::people::Standing::FREE)
            .collect(),
        household_pos: vec![0; total],
        workplace: vec![0; total],
        liberty: crate::people::Liberty::free(total),
    };

    // Party cards among the mass population: 1934 totals less the elite, all of whom hold one.
    let party = census.party_on(1934);
    let members = party.map_or(0.0, |p| p.members) - n_elite as f64;
    let candidates = party.map_or(0.0, |p| p.candidates);
    let mass = adult_category_mass(census);
    let propensity = params.party_propensity.0;
    let member_p = card_probabilities(&mass, &propensity, members / CENSUS_1937_POPULATION);
    let after: Vec<f64> = mass
        .iter()
        .zip(&member_p)
        .map(|(m, p)| m * (1.0 - p))
        .collect();
    let cand_cond = card_probabilities(&after, &propensity, candidates / CENSUS_1937_POPULATION);
    let candidate_p: Vec<f64> = member_p
        .iter()
        .zip(&cand_cond)
        .map(|(m, c)| (1.0 - m) * c)
        .collect();

    let party_sex = party_sex_factors(census, &mass, &member_p);
    let nationality_by_region = census
        .composition
        .nationality_by_region(&census.nationality, &census.regions)
        .unwrap_or_else(|e| panic!("checked when the census was read: {e}"));
    let ctx = Ctx {
        nationality_by_region: nationality_by_region
            .iter()
            .map(|shares| Table::new(shares))
            .collect(),
        origin: census
            .composition
            .origin
            .iter()
            .map(|shares| Table::new(shares))
            .collect(),
        places: [false, true].map(|urban| Place::new(census, params, urban)),
        census,
        params,
        streams,
        member_p,
        candidate_p,
        party_sex,
        category_of: census
            .category
            .names
            .iter()
            .map(|n| Category::from_name(n).unwrap_or(Category::Worker))
            .collect(),
        nationality_of: census
            .nationality
            .names
            .iter()
            .map(|n| Nationality::from_name(n).unwrap_or(Nationality::Other))
            .collect(),
    };

    // Split every column into per-chunk slices, then fill the chunks in parallel.
    let mut jobs = Vec::new();
    {
        let ChunkCols {
            mut region,
            mut flags,
            mut category_age,
            mut nationality,
            mut questionnaire,
            mut party_year,
            mut household_pos,
            mut workplace,
        } = ChunkCols::split(&mut people, n_elite);
        for block in &blocks {
            let mut left = block.ids.len();
            let mut index = 0u64;
            while left > 0 {
                let len = left.min(CHUNK);
                left -= len;
                macro_rules! take {
                    ($c:ident) => {{
                        let (head, tail) = std::mem::take(&mut $c).split_at_mut(len);
                        $c = tail;
                        head
                    }};
                }
                jobs.push(ChunkJob {
                    block: Block {
                        ids: 0..len,
                        ..block.clone()
                    },
                    index,
                    cols: ChunkCols {
                        region: take!(region),
                        flags: take!(flags),
                        category_age: take!(category_age),
                        nationality: take!(nationality),
                        questionnaire: take!(questionnaire),
                        party_year: take!(party_year),
                        household_pos: take!(household_pos),
                        workplace: take!(workplace),
                    },
                });
                index += 1;
            }
        }
    }
    jobs.into_par_iter().for_each(|job| fill_chunk(&ctx, job));
    // The elite have no workplace (nobody names them as a workmate).
    people.workplace[..n_elite].fill(NONE);

    build_elite(census, &mut people, &roles, streams);

    let regions = (0..n_regions)
        .map(|r| {
            let mine: Vec<_> = blocks.iter().filter(|b| b.region as usize == r).collect();
            let start = mine.first().map_or(0, |b| b.ids.start) as u32;
            let end = mine.last().map_or(0, |b| b.ids.end) as u32;
            start..end
        })
        .collect();
    Population {
        people,
        elite: 0..n_elite as u32,
        roles,
        regions,
        workplaces: wp_next,
        mass_weight,
        army: Default::default(),
    }
}

impl<'a> ChunkCols<'a> {
    /// The mass part of every column (ids from `from` on), to be cut into chunks.
    fn split(p: &'a mut People, from: usize) -> Self {
        ChunkCols {
            region: &mut p.region[from..],
            flags: &mut p.flags[from..],
            category_age: &mut p.category_age[from..],
            nationality: &mut p.nationality[from..],
            questionnaire: &mut p.questionnaire[from..],
            party_year: &mut p.party_year[from..],
            household_pos: &mut p.household_pos[from..],
            workplace: &mut p.workplace[from..],
        }
    }
}

/// The elite layer: adults, urban, party members, placed in Moscow (the RSFSR) except the
/// regional first secretaries and the delegates, who are spread over the republics by population.
fn build_elite(census: &Census, people: &mut People, roles: &[Role], streams: Streams) {
    let mut rng = streams.stream(Key::Elite.id());
    let shares: Vec<f64> = census.regions.iter().map(|r| r.population_share).collect();
    let mut secretary = 0usize;
    let n_secretaries = roles
        .iter()
        .filter(|r| **r == Role::RegionalFirstSecretary)
        .count();
    for (i, role) in roles.iter().enumerate() {
        let region = match role {
            // One per republic first, then the rest by population (most were RSFSR oblasts).
            Role::RegionalFirstSecretary => {
                secretary += 1;
                if secretary <= shares.len() {
                    secretary - 1
                } else {
                    pick(&mut rng, &shares)
                }
            }
            Role::CongressDelegate => pick(&mut rng, &shares),
            _ => 0,
        };
        let _ = n_secretaries;
        people.region[i] = region as u8;
        let mut f = flag::URBAN | flag::ELITE;
        if matches!(role, Role::Politburo | Role::CentralCommittee) {
            f |= flag::CC_1934;
        }
        if matches!(
            role,
            Role::Politburo
                | Role::CentralCommittee
                | Role::RegionalFirstSecretary
                | Role::PeoplesCommissar
                | Role::CongressDelegate
        ) {
            f |= flag::DELEGATE_17;
        }
        // Few women in the elite of 1934 (Assumption: 3%).
        if rng.random::<f64>() < 0.03 {
            f |= flag::FEMALE;
        }
        people.flags[i] = f;
        let age = if rng.random::<f64>() < 0.7 {
            AgeBand::Middle
        } else {
            AgeBand::Old
        };
        people.category_age[i] = category_age::pack(Category::Elite, age);
        // Origin is not drawn for the elite (Assumption: recorded as workers' children, the
        // Bolshevik elite's own description of itself), so the elite's random stream is unchanged.
        people.questionnaire[i] = questionnaire::pack(Education::Higher, Origin::Worker, false);
        people.set_party(i as PersonId, PartyStatus::Member);
        // Old Bolsheviks: the elite of 1934 joined 1903-1920 (Assumption).
        people.party_year[i] = (rng.random_range(1903..=1920) - 1880) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> PopulationParams {
        let mut prop = [1.0; Category::ALL.len()];
        prop[Category::Official as usize] = 50.0;
        prop[Category::Dependant as usize] = 0.0;
        PopulationParams {
            household_size_mean: 4.0,
            workplace_size_urban_mean: 60.0,
            workplace_size_rural_mean: 120.0,
            party_propensity: crate::params::CategoryTable(prop),
        }
    }

    #[test]
    fn builds_at_scale_with_full_scale_elite() {
        let census = Census::embedded().unwrap();
        let pop = build(&census, &params(), 0.001, Streams::new(1));
        let n_mass = pop.people.len() - pop.elite.len();
        assert_eq!(n_mass, 162_003);
        assert_eq!(
            pop.elite.len(),
            10 + 129 + 70 + 30 + 1727 + 5 + 15 + 57 + 186 + 100
        );
        let delegates = (0..pop.people.len() as u32)
            .filter(|&p| pop.people.has(p, flag::DELEGATE_17))
            .count();
        assert_eq!(delegates, 1966);
        let cc = (0..pop.people.len() as u32)
            .filter(|&p| pop.people.has(p, flag::CC_1934))
            .count();
        assert_eq!(cc, 139);
        // Households are consistent runs.
        for p in pop.elite.end..pop.people.len() as u32 {
            let h = pop.people.household(p);
            assert!(h.contains(&p));
            assert_eq!(pop.people.household(h.start), h);
            assert_eq!(pop.people.household(h.end - 1), h);
            assert!(h.len() <= 254);
        }
        // Party members land near the 1934 record at full-scale equivalents.
        let members = (pop.elite.end..pop.people.len() as u32)
            .filter(|&p| pop.people.party(p) == PartyStatus::Member)
            .count() as f64
            * pop.mass_weight;
        assert!(
            (members - 1_824_427.0).abs() / 1_824_427.0 < 0.1,
            "members {members}"
        );
    }

    /// The joint composition as built: measured on a population, not read back from the tables.
    #[test]
    fn categories_sexes_ages_and_nationalities_are_drawn_jointly() {
        let census = Census::embedded().unwrap();
        let pop = build(&census, &params(), 0.005, Streams::new(3));
        let pp = &pop.people;
        let mass = pop.elite.end..pp.len() as u32;
        let adults: Vec<u32> = mass.clone().filter(|&p| pp.adult(p)).collect();
        let share = |set: &[u32], f: &dyn Fn(u32) -> bool| {
            set.iter().filter(|&&p| f(p)).count() as f64 / set.len().max(1) as f64
        };
        let women = share(&adults, &|p| pp.has(p, flag::FEMALE));
        let target = census.composition.households.adult_female;
        assert!((women - target).abs() < 0.02, "adult women {women}");
        // All ages against the census sex row (a check the builder does not draw from).
        let everyone: Vec<u32> = mass.clone().collect();
        let all_women = share(&everyone, &|p| pp.has(p, flag::FEMALE));
        assert!(
            (all_women - 0.525).abs() < 0.02,
            "women of all ages {all_women}"
        );
        let of = |c: Category| -> Vec<u32> {
            adults
                .iter()
                .copied()
                .filter(|&p| pp.category(p) == c)
                .collect()
        };
        let (kulaks, officers, clergy, criminals) = (
            of(Category::FormerKulak),
            of(Category::ArmyOfficer),
            of(Category::Clergy),
            of(Category::CriminalRecord),
        );
        assert!(share(&kulaks, &|p| pp.has(p, flag::FEMALE)) < 0.15);
        assert!(share(&officers, &|p| pp.has(p, flag::FEMALE)) < 0.05);
        let old = |p: u32| pp.age(p) == AgeBand::Old;
        let young = |p: u32| pp.age(p) == AgeBand::Young;
        assert!(share(&clergy, &old) > 2.0 * share(&criminals, &old));
        assert!(share(&criminals, &young) > share(&clergy, &young) * 2.0);
        // Category shares survive the household structure (within 10% for the large ones).
        for c in [
            Category::KolkhozPeasant,
            Category::Worker,
            Category::Employee,
        ] {
            let expected = adult_category_mass(&census)[c as usize]
                / adult_category_mass(&census).iter().sum::<f64>();
            let got = of(c).len() as f64 / adults.len() as f64;
            assert!(
                (got / expected - 1.0).abs() < 0.1,
                "{c:?}: {got} vs {expected}"
            );
        }
        // Origin and promotion follow the category.
        let specialists = of(Category::Specialist);
        assert!(share(&specialists, &|p| pp.technical(p)) > 0.2);
        assert!(
            share(&of(Category::FormerPeople), &|p| pp.origin(p)
                == Origin::Alien)
                > 0.7
        );
        // Women keeping house have no workplace, and only women do.
        assert!(adults.iter().all(|&p| !pp.has(p, flag::AT_HOME)
            || (pp.has(p, flag::FEMALE) && pp.workplace[p as usize] == NONE)));
        // A spouse is the opposite sex of the household head.
        for &p in adults.iter().filter(|&&p| pp.spouse(p)) {
            let head = pp.household(p).start;
            assert_ne!(pp.has(p, flag::FEMALE), pp.has(head, flag::FEMALE));
        }
        // Germans concentrate in the RSFSR and Ukraine; Koreans are all in the RSFSR in 1937.
        let in_region = |code: &str, n: Nationality| {
            let r = census.regions.iter().position(|x| x.code == code).unwrap();
            let ids: Vec<u32> = pop.regions[r].clone().collect();
            share(&ids, &|p| pp.nationality(p) == n)
        };
        assert!(in_region("UKR", Nationality::German) > in_region("TJK", Nationality::German));
        assert_eq!(in_region("UKR", Nationality::Korean), 0.0);
    }

    #[test]
    fn same_seed_same_population_any_thread_count() {
        let census = Census::embedded().unwrap();
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let two = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let a = one.install(|| build(&census, &params(), 0.002, Streams::new(9)));
        let b = two.install(|| build(&census, &params(), 0.002, Streams::new(9)));
        assert_eq!(a.people.category_age, b.people.category_age);
        assert_eq!(a.people.workplace, b.people.workplace);
        assert_eq!(a.people.questionnaire, b.people.questionnaire);
        let c = one.install(|| build(&census, &params(), 0.002, Streams::new(10)));
        assert_ne!(a.people.category_age, c.people.category_age);
    }
}
