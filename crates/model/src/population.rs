//! Builds the synthetic population from the census structure at a scale factor.
//!
//! Layout of ids: the elite layer first (always full scale), then the mass population region by
//! region, towns before villages, in households of consecutive ids. The mass population is built
//! in fixed-size chunks, each from its own random stream, in parallel; because the chunking does
//! not depend on the thread count, neither does the result.

use std::ops::Range;

use chistka_engine::calendar::Day;
use chistka_engine::streams::{Rng, Streams};
use rand::Rng as _;
use rand_distr::{Distribution as _, Poisson};
use rayon::prelude::*;

use crate::census::{CENSUS_1937_POPULATION, Census};
use crate::params::PopulationParams;
use crate::people::{
    AgeBand, Category, Education, NONE, Nationality, PartyStatus, People, PersonId, Role, Status,
    flag,
};
use crate::streams::Key;

/// Number of people generated from one random stream.
const CHUNK: usize = 1 << 16;

/// The built population: people, who is where, and the elite roles.
#[derive(Debug)]
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
    let mut u: f64 = rng.random();
    for (i, s) in shares.iter().enumerate() {
        if u < *s {
            return i;
        }
        u -= s;
    }
    shares.len() - 1
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

/// Mutable views of one chunk of every column.
struct ChunkCols<'a> {
    region: &'a mut [u8],
    flags: &'a mut [u8],
    age: &'a mut [u8],
    category: &'a mut [u8],
    nationality: &'a mut [u8],
    education: &'a mut [u8],
    party: &'a mut [u8],
    party_year: &'a mut [u8],
    household_pos: &'a mut [u8],
    household_len: &'a mut [u8],
    workplace: &'a mut [u32],
}

struct ChunkJob<'a> {
    block: Block,
    index: u64,
    cols: ChunkCols<'a>,
}

/// Generation context shared by all chunks.
struct Ctx<'a> {
    census: &'a Census,
    params: &'a PopulationParams,
    streams: Streams,
    member_p: Vec<f64>,
    candidate_p: Vec<f64>,
    category_of: Vec<Category>,
    nationality_of: Vec<Nationality>,
    /// Age bands of adults, normalised, for villages [0] and towns [1].
    adult_ages: [Vec<f64>; 2],
    /// Heads are adults, so the other members are children more often than the census share,
    /// by the factor that keeps the overall child share at the census value: [village, town].
    child_share_of_others: [f64; 2],
}

fn fill_chunk(ctx: &Ctx<'_>, job: ChunkJob<'_>) {
    let ChunkJob { block, index, cols } = job;
    let mut rng = ctx.streams.stream3(
        Key::Population.id(),
        u64::from(block.region) * 2 + u64::from(block.urban),
        index,
    );
    let census = ctx.census;
    let n = cols.region.len();
    let hh_extra = Poisson::new((ctx.params.household_size_mean - 1.0).max(1e-9)).ok();
    let urban = block.urban;
    let mut i = 0;
    while i < n {
        let extra = hh_extra.as_ref().map_or(0.0, |d| d.sample(&mut rng)) as usize;
        let len = (1 + extra).min(254).min(n - i);
        let nationality = ctx.nationality_of[pick(&mut rng, census.nationality.shares(urban))];
        for pos in 0..len {
            let j = i + pos;
            cols.region[j] = block.region;
            cols.household_pos[j] = pos as u8;
            cols.household_len[j] = len as u8;
            cols.nationality[j] = nationality as u8;
            let mut f = if urban { flag::URBAN } else { 0 };
            if pick(&mut rng, census.sex.shares(urban)) == 1 {
                f |= flag::FEMALE;
            }
            cols.flags[j] = f;
            // The first member of a household is always an adult (its head).
            let adult_ages = &ctx.adult_ages[usize::from(urban)];
            let age = if pos == 0 {
                1 + pick(&mut rng, adult_ages)
            } else {
                // Heads are adults, so the others are children more often than the census share,
                // by the factor that keeps the overall child share at the census value.
                let child = ctx.child_share_of_others[usize::from(urban)];
                if rng.random::<f64>() < child {
                    0
                } else {
                    1 + pick(&mut rng, adult_ages)
                }
            };
            cols.age[j] = age as u8;
            if age == AgeBand::Child as usize {
                cols.category[j] = Category::Dependant as u8;
                cols.education[j] = Education::None as u8;
                cols.workplace[j] = NONE;
                cols.party[j] = PartyStatus::None as u8;
                cols.party_year[j] = 0;
                continue;
            }
            let cat = ctx.category_of[pick(&mut rng, census.category.shares(urban))];
            cols.category[j] = cat as u8;
            cols.education[j] = pick(&mut rng, census.education.shares(urban)) as u8;
            cols.workplace[j] = block.workplace_base + rng.random_range(0..block.workplaces);
            let u: f64 = rng.random();
            let (party, year) = if u < ctx.member_p[cat as usize] {
                // About 1.3% of members in 1939 dated from 1917 or earlier (1S); the rest joined
                // 1918-1932 (uniform: Assumption).
                let y = if rng.random::<f64>() < 0.013 {
                    1917
                } else {
                    rng.random_range(1918..=1932)
                };
                (PartyStatus::Member, y)
            } else if u < ctx.member_p[cat as usize] + ctx.candidate_p[cat as usize] {
                // Admissions were frozen from January 1933 (V2): candidates joined 1931-1932.
                (PartyStatus::Candidate, rng.random_range(1931..=1932))
            } else {
                (PartyStatus::None, 1880)
            };
            cols.party[j] = party as u8;
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

    let mut people = People {
        region: vec![0; total],
        flags: vec![0; total],
        age: vec![0; total],
        category: vec![0; total],
        nationality: vec![0; total],
        education: vec![0; total],
        party: vec![0; total],
        party_year: vec![0; total],
        status: vec![Status::Free as u8; total],
        status_day: vec![Day(0); total],
        household_pos: vec![0; total],
        household_len: vec![1; total],
        workplace: vec![NONE; total],
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

    let adult_ages = [false, true].map(|urban| {
        let shares = &census.age.shares(urban)[1..];
        let total: f64 = shares.iter().sum();
        shares.iter().map(|s| s / total).collect::<Vec<f64>>()
    });
    let h = params.household_size_mean.max(1.01);
    let child_share_of_others =
        [false, true].map(|urban| (census.age.shares(urban)[0] * h / (h - 1.0)).min(1.0));
    let ctx = Ctx {
        adult_ages,
        child_share_of_others,
        census,
        params,
        streams,
        member_p,
        candidate_p,
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
            mut age,
            mut category,
            mut nationality,
            mut education,
            mut party,
            mut party_year,
            mut household_pos,
            mut household_len,
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
                        age: take!(age),
                        category: take!(category),
                        nationality: take!(nationality),
                        education: take!(education),
                        party: take!(party),
                        party_year: take!(party_year),
                        household_pos: take!(household_pos),
                        household_len: take!(household_len),
                        workplace: take!(workplace),
                    },
                });
                index += 1;
            }
        }
    }
    jobs.into_par_iter().for_each(|job| fill_chunk(&ctx, job));

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
            age: &mut p.age[from..],
            category: &mut p.category[from..],
            nationality: &mut p.nationality[from..],
            education: &mut p.education[from..],
            party: &mut p.party[from..],
            party_year: &mut p.party_year[from..],
            household_pos: &mut p.household_pos[from..],
            household_len: &mut p.household_len[from..],
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
        people.age[i] = if rng.random::<f64>() < 0.7 {
            AgeBand::Middle as u8
        } else {
            AgeBand::Old as u8
        };
        people.category[i] = Category::Elite as u8;
        people.education[i] = Education::Higher as u8;
        people.party[i] = PartyStatus::Member as u8;
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
            assert_eq!(
                pop.people.household_len[h.start as usize],
                pop.people.household_len[p as usize]
            );
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
        assert_eq!(a.people.category, b.people.category);
        assert_eq!(a.people.workplace, b.people.workplace);
        assert_eq!(a.people.party, b.people.party);
        let c = one.install(|| build(&census, &params(), 0.002, Streams::new(10)));
        assert_ne!(a.people.category, c.people.category);
    }
}
