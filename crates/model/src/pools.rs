//! Indexed pools: the mass population of each region by social category, built once, so that
//! a process drawing "a person of this region, by category weight" picks a category and then a
//! member, instead of rejection-sampling the whole region.
//!
//! A category never changes during a run (the army and the elite are built with theirs), so each
//! list is fixed. A person's status does change: a pool keeps those arrested, shot or in a camp,
//! and a draw passes over whoever is not at liberty. Nobody is removed, because the released come
//! back to liberty and to the pool. With the deaths and arrests of the whole run, at most a few
//! per cent of a pool are passed over, more in the categories the terror emptied.
//!
//! Each region's list for a category comes in two runs, in id order: people who work, then wives
//! who keep house ([`flag::AT_HOME`]). Routine policing draws from the first run only; recruitment
//! to posts from both.

use std::ops::Range;

use chistka_engine::streams::Rng;
use rand::Rng as _;
use rayon::prelude::*;

use crate::params::CategoryTable;
use crate::people::{AgeBand, Category, Education, People, PersonId, flag};
use crate::thresholds::Thresholds;

const CATEGORIES: usize = Category::ALL.len();
const EDUCATIONS: usize = Education::ALL.len();
const AGES: usize = AgeBand::ALL.len();
/// Runs per category: working or at home, by education, by age band.
const PER_CATEGORY: usize = 2 * EDUCATIONS * AGES;

/// People a chunk of [`ByCategory::new`]'s counting sort holds: about a million, a few
/// megabytes of the columns, so that a full-scale build has some 160 chunks to spread over the
/// threads and a small one about a chunk a region.
const SORT_CHUNK: usize = 1 << 20;

/// The mass population by region and category (dependants left out: they are never drawn).
///
/// Within a region and category, the runs go by working or at home, then education, then age
/// band: the draws by category read a category's working people as one slice, and recruitment
/// to posts weighs the runs by education and keeps the ages it takes, with no person tried and
/// turned down for what does not change.
#[derive(Debug, Clone, Default)]
pub struct ByCategory {
    /// Every listed person, run after run, in id order within a run.
    ids: Vec<PersonId>,
    /// Where each run starts in `ids` (see [`ByCategory::key`]); one more entry at the end.
    start: Vec<u32>,
}

/// A run of [`ByCategory`]: the people of one category in one region with the same standing at
/// home, education and age band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Keeps house ([`flag::AT_HOME`]).
    pub at_home: bool,
    /// Education.
    pub education: Education,
    /// Age band.
    pub age: AgeBand,
}

impl Run {
    /// Every run of a category, in index order.
    pub fn all() -> impl Iterator<Item = Run> {
        [false, true].into_iter().flat_map(|at_home| {
            Education::ALL.iter().flat_map(move |&education| {
                AgeBand::ALL.iter().map(move |&age| Run {
                    at_home,
                    education,
                    age,
                })
            })
        })
    }

    fn offset(self) -> usize {
        (usize::from(self.at_home) * EDUCATIONS + self.education as usize) * AGES
            + self.age as usize
    }
}

impl ByCategory {
    /// The index of run `run` of category `c` in region `r`.
    fn key(r: usize, c: usize, run: Run) -> usize {
        Self::first(r, c) + run.offset()
    }

    /// The index of the first run of category `c` in region `r`.
    fn first(r: usize, c: usize) -> usize {
        (r * CATEGORIES + c) * PER_CATEGORY
    }

    /// Indexes the people of `regions` (the mass population), in two passes of counting sort over
    /// chunks of at most `SORT_CHUNK` (about a million) people, each region cut into its own
    /// chunks. The chunks are counted and then filled on every thread there is: a chunk writes its
    /// members of each run into its own piece of the run, and the pieces follow the chunks' order,
    /// so every run lists its people in id order whatever the threads. (By region, as it was, the
    /// RSFSR's half of the population fell to one thread.)
    pub fn new(people: &People, regions: &[Range<PersonId>]) -> Self {
        Self::in_chunks(people, regions, SORT_CHUNK)
    }

    /// [`ByCategory::new`] with chunks of at most `chunk` people (the tests' small chunks).
    fn in_chunks(people: &People, regions: &[Range<PersonId>], chunk: usize) -> Self {
        const KEYS: usize = CATEGORIES * PER_CATEGORY;
        let chunk = chunk.clamp(1, u32::MAX as usize);
        let run_of = |p: PersonId| -> Option<usize> {
            let c = people.category(p) as usize;
            if c == Category::Dependant as usize {
                return None;
            }
            let run = Run {
                at_home: people.has(p, flag::AT_HOME),
                education: people.education(p),
                age: people.age(p),
            };
            Some(Self::key(0, c, run))
        };
        let chunks: Vec<Range<PersonId>> = regions
            .iter()
            .flat_map(|ids| {
                ids.clone()
                    .step_by(chunk)
                    .map(move |from| from..ids.end.min(from.saturating_add(chunk as u32)))
            })
            .collect();
        let per_region: Vec<usize> = regions
            .iter()
            .map(|ids| ids.len().div_ceil(chunk))
            .collect();
        // Each chunk's run sizes, then where every region's runs start.
        let counts: Vec<[u32; KEYS]> = chunks
            .par_iter()
            .map(|range| {
                let mut n = [0u32; KEYS];
                for p in range.clone() {
                    if let Some(k) = run_of(p) {
                        n[k] += 1;
                    }
                }
                n
            })
            .collect();
        let mut start = Vec::with_capacity(regions.len() * KEYS + 1);
        let mut at = 0u32;
        let mut first = 0;
        for &n_chunks in &per_region {
            let region = &counts[first..first + n_chunks];
            for k in 0..KEYS {
                start.push(at);
                at += region.iter().map(|n| n[k]).sum::<u32>();
            }
            first += n_chunks;
        }
        start.push(at);
        // Each chunk's piece of each run: run by run within a region, the region's chunks in
        // order within a run.
        let mut ids = vec![0; at as usize];
        let mut pieces: Vec<Vec<&mut [PersonId]>> =
            chunks.iter().map(|_| Vec::with_capacity(KEYS)).collect();
        let mut rest = ids.as_mut_slice();
        let mut first = 0;
        for &n_chunks in &per_region {
            let region = first..first + n_chunks;
            for k in 0..KEYS {
                for (n, chunk_pieces) in counts[region.clone()]
                    .iter()
                    .zip(&mut pieces[region.clone()])
                {
                    let (piece, tail) = std::mem::take(&mut rest).split_at_mut(n[k] as usize);
                    chunk_pieces.push(piece);
                    rest = tail;
                }
            }
            first += n_chunks;
        }
        pieces
            .into_par_iter()
            .zip(chunks.par_iter())
            .for_each(|(mut pieces, range)| {
                let mut fill = [0usize; KEYS];
                for p in range.clone() {
                    if let Some(k) = run_of(p) {
                        pieces[k][fill[k]] = p;
                        fill[k] += 1;
                    }
                }
            });
        ByCategory { ids, start }
    }

    /// The ids from run `from` up to run `to` (exclusive), or none if there are no such runs.
    fn span(&self, from: usize, to: usize) -> &[PersonId] {
        match (self.start.get(from), self.start.get(to)) {
            (Some(&a), Some(&b)) => &self.ids[a as usize..b as usize],
            _ => &[],
        }
    }

    /// People of category `c` in region `r` who work (not wives keeping house).
    pub fn working(&self, r: usize, c: Category) -> &[PersonId] {
        let first = Self::first(r, c as usize);
        self.span(first, first + PER_CATEGORY / 2)
    }

    /// Everyone of category `c` in region `r`: those who work, then those at home.
    pub fn everyone(&self, r: usize, c: Category) -> &[PersonId] {
        let first = Self::first(r, c as usize);
        self.span(first, first + PER_CATEGORY)
    }

    /// One run of category `c` in region `r`, in id order.
    pub fn run(&self, r: usize, c: Category, run: Run) -> &[PersonId] {
        let k = Self::key(r, c as usize, run);
        self.span(k, k + 1)
    }

    /// Number of regions.
    pub fn regions(&self) -> usize {
        (self.start.len() - 1) / (CATEGORIES * PER_CATEGORY)
    }

    /// Bytes held by the index.
    pub fn bytes(&self) -> usize {
        (self.ids.len() + self.start.len()) * std::mem::size_of::<u32>()
    }
}

/// A draw from the young and middle-aged of some categories of one region, each run weighted by
/// its size times the acceptance of its education: the same as trying the region's people in
/// turn and accepting one of those categories and ages with that probability, without trying
/// anyone who could not be accepted. The pools never change, so a process builds its draws once.
#[derive(Debug, Clone, Default)]
pub struct ByEducation {
    /// Each run with a positive weight: where it starts in the pools' ids, its length, its weight.
    runs: Vec<(u32, u32, f64)>,
    /// The runs' walk by weight, as thresholds ([`crate::thresholds`]).
    thresholds: Thresholds,
}

impl ByCategory {
    /// The draw over `categories` of region `r`, with `acceptance` by education.
    pub fn by_education(
        &self,
        r: usize,
        categories: &[Category],
        acceptance: impl Fn(Education) -> f64,
    ) -> ByEducation {
        let mut runs = Vec::new();
        for &c in categories {
            for run in Run::all().filter(|run| matches!(run.age, AgeBand::Young | AgeBand::Middle))
            {
                let k = Self::key(r, c as usize, run);
                let (from, to) = (self.start[k], self.start[k + 1]);
                let weight = f64::from(to - from) * acceptance(run.education);
                if weight > 0.0 {
                    runs.push((from, to - from, weight));
                }
            }
        }
        let total = runs.iter().map(|run| run.2).sum();
        let weights: Vec<f64> = runs.iter().map(|run| run.2).collect();
        ByEducation {
            thresholds: Thresholds::new(&weights, Some(total)),
            runs,
        }
    }

    /// [`ByCategory::by_education`] for every region, in region order.
    pub fn by_education_per_region(
        &self,
        categories: &[Category],
        acceptance: impl Fn(Education) -> f64 + Copy,
    ) -> Vec<ByEducation> {
        (0..self.regions())
            .map(|r| self.by_education(r, categories, acceptance))
            .collect()
    }
}

impl ByEducation {
    /// One person of `pools` (the pools the draw was built on), or None if nobody can be drawn.
    /// Two draws from `rng`: the run, the member.
    ///
    /// The run is the one a walk down the runs by weight ends on (the last if the walk passes
    /// them all), found by the walk's thresholds in a few comparisons.
    pub fn pick(&self, pools: &ByCategory, rng: &mut Rng) -> Option<PersonId> {
        let last = self.runs.last()?;
        let &(from, len, _) = self.runs.get(self.thresholds.draw(rng)).unwrap_or(last);
        Some(pools.ids[(from + rng.random_range(0..len)) as usize])
    }
}

/// [`draw_category`] by one risk table in every region, prepared once per run: the walk over
/// each region's categories of positive weight, as thresholds ([`crate::thresholds`]). The
/// same category for the same random number, without the weights reckoned again and the
/// chain of subtractions at every draw (the ordinary arrests', the courts' and the decrees'
/// convicts' are millions at full scale).
#[derive(Debug, Clone)]
pub struct RiskDraw {
    /// Per region: the total weight ([`risk_weights`]'s), the categories of positive weight in
    /// code order, and their walk.
    regions: Vec<(f64, Vec<Category>, Thresholds)>,
}

impl RiskDraw {
    /// The draws by `risk` in each of `pools`' regions.
    pub fn new(pools: &ByCategory, risk: &CategoryTable) -> Self {
        let regions = (0..pools.regions())
            .map(|r| {
                let (weights, total) = risk_weights(pools, r, risk);
                let (categories, positive): (Vec<Category>, Vec<f64>) = Category::ALL
                    .iter()
                    .zip(weights)
                    .filter(|&(_, w)| w > 0.0)
                    .map(|(&c, w)| (c, w))
                    .unzip();
                (total, categories, Thresholds::new(&positive, Some(total)))
            })
            .collect();
        RiskDraw { regions }
    }

    /// Region `r`'s total weight, as [`risk_weights`] gives it.
    pub fn total(&self, r: usize) -> f64 {
        self.regions[r].0
    }

    /// The category [`draw_category`] draws in region `r` from the weights and total of
    /// [`risk_weights`] (one number from `rng`). The region's total must be positive.
    pub fn draw(&self, r: usize, rng: &mut Rng) -> Category {
        let (_, categories, walk) = &self.regions[r];
        categories[walk.draw(rng).min(categories.len() - 1)]
    }
}

/// The category of a draw: `weights[c]` is category `c`'s share of the total `total`, which must
/// be positive. A category of weight 0 is never drawn, even at the edge of rounding.
pub fn draw_category(weights: &[f64; CATEGORIES], total: f64, rng: &mut Rng) -> Category {
    let mut u = rng.random::<f64>() * total;
    let mut last = 0;
    for (c, &wt) in weights.iter().enumerate() {
        if wt > 0.0 {
            if u < wt {
                return Category::ALL[c];
            }
            u -= wt;
            last = c;
        }
    }
    Category::ALL[last]
}

/// The weight of each category for a draw by `risk` from region `r`'s working people: the risk
/// times the pool's size, and their total.
pub fn risk_weights(
    pools: &ByCategory,
    r: usize,
    risk: &CategoryTable,
) -> ([f64; CATEGORIES], f64) {
    let mut weights = [0.0; CATEGORIES];
    let mut total = 0.0;
    for (c, wt) in Category::ALL.iter().zip(weights.iter_mut()) {
        let n = pools.working(r, *c).len();
        let risk = risk.of(*c);
        if n > 0 && risk > 0.0 {
            *wt = risk * n as f64;
            total += *wt;
        }
    }
    (weights, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::category_age;

    /// The index in chunks of any size, down to chunks smaller than a region's runs and sizes
    /// that do not divide a region, is the plain one: per region and run, the people of that
    /// run in id order, from a visit of everyone.
    #[test]
    fn the_chunks_make_the_index_a_visit_of_everyone_makes() {
        let census = crate::census::Census::embedded().unwrap();
        let mut prop = [1.0; CATEGORIES];
        prop[Category::Dependant as usize] = 0.0;
        let params = crate::params::PopulationParams {
            household_size_mean: 4.0,
            workplace_size_urban_mean: 60.0,
            workplace_size_rural_mean: 120.0,
            party_propensity: crate::params::CategoryTable(prop),
        };
        let pop = crate::population::build(
            &census,
            &params,
            0.001,
            chistka_engine::streams::Streams::new(8),
        );
        let (people, regions) = (&pop.people, &pop.regions);
        let mut start = vec![0u32];
        let mut ids = Vec::new();
        for (r, range) in regions.iter().enumerate() {
            for c in 0..CATEGORIES {
                for run in Run::all() {
                    ids.extend(range.clone().filter(|&p| {
                        c != Category::Dependant as usize
                            && people.category(p) as usize == c
                            && people.has(p, flag::AT_HOME) == run.at_home
                            && people.education(p) == run.education
                            && people.age(p) == run.age
                    }));
                    start.push(ids.len() as u32);
                    debug_assert_eq!(start.len() - 1, ByCategory::key(r, c, run) + 1);
                }
            }
        }
        assert!(
            regions.iter().any(|r| r.len() > 5_000),
            "regions too small to cut"
        );
        for chunk in [SORT_CHUNK, 5_000, 4_099, 997, usize::MAX] {
            let index = ByCategory::in_chunks(people, regions, chunk);
            assert!(
                index.start == start,
                "where the runs start, chunks of {chunk}"
            );
            assert!(index.ids == ids, "the runs' people, chunks of {chunk}");
        }
    }

    fn table(rows: &[(Category, u8)]) -> People {
        let mut people = People::default();
        let ids = people.grow(rows.len());
        for (p, &(c, flags)) in ids.zip(rows) {
            people.category_age[p as usize] = category_age::pack(c, AgeBand::Middle);
            people.flags[p as usize] = flags;
        }
        people
    }

    #[test]
    fn runs_hold_each_adult_once_by_region_and_category() {
        use Category::*;
        let people = table(&[
            (Worker, 0),
            (Dependant, 0),
            (Worker, flag::AT_HOME | flag::FEMALE),
            (Clergy, 0),
            (Worker, 0),
            (Worker, 0),
            (Clergy, flag::AT_HOME),
        ]);
        let pools = ByCategory::new(&people, &[0..4, 4..7]);
        assert_eq!(pools.working(0, Worker), &[0]);
        assert_eq!(pools.everyone(0, Worker), &[0, 2]);
        assert_eq!(pools.working(0, Clergy), &[3]);
        assert_eq!(pools.working(1, Worker), &[4, 5]);
        assert_eq!(pools.working(1, Clergy), &[] as &[PersonId]);
        assert_eq!(pools.everyone(1, Clergy), &[6]);
        assert!(pools.everyone(0, Dependant).is_empty());
        assert!(pools.everyone(5, Worker).is_empty(), "no such region");
    }

    /// The prepared draw by a risk table gives, number for number, the category the weights
    /// reckoned at each draw give, in every region, for tables with zeros and with none.
    #[test]
    fn a_prepared_risk_draw_is_the_weighed_one() {
        use chistka_engine::streams::Streams;
        let mut rows = Vec::new();
        for (i, &c) in Category::ALL.iter().enumerate() {
            for k in 0..(i * 7 % 11 + 1) {
                rows.push((c, if k % 3 == 0 { flag::FEMALE } else { 0 }));
            }
        }
        let people = table(&rows);
        let n = people.len() as PersonId;
        let pools = ByCategory::new(&people, &[0..n / 3, n / 3..n, n..n]);
        let mut uneven = CategoryTable([0.0; CATEGORIES]);
        for (i, w) in uneven.0.iter_mut().enumerate() {
            *w = if i % 4 == 1 {
                0.0
            } else {
                (i as f64 + 0.5).powi(3)
            };
        }
        for risk in [CategoryTable([1.0; CATEGORIES]), uneven] {
            let draw = RiskDraw::new(&pools, &risk);
            for r in 0..2 {
                let (weights, total) = risk_weights(&pools, r, &risk);
                assert_eq!(draw.total(r), total);
                let (mut a, mut b) = (
                    Streams::new(1).stream(r as u64),
                    Streams::new(1).stream(r as u64),
                );
                for _ in 0..20_000 {
                    assert_eq!(draw.draw(r, &mut a), draw_category(&weights, total, &mut b));
                }
            }
            assert_eq!(draw.total(2), 0.0, "a region of nobody weighs nothing");
        }
    }

    #[test]
    fn a_category_of_weight_zero_is_never_drawn() {
        let mut weights = [0.0; CATEGORIES];
        weights[Category::Clergy as usize] = 3.0;
        weights[Category::Worker as usize] = 1.0;
        let mut rng = chistka_engine::streams::Streams::new(7).stream2(1, 2);
        let mut clergy = 0;
        for _ in 0..4_000 {
            match draw_category(&weights, 4.0, &mut rng) {
                Category::Clergy => clergy += 1,
                Category::Worker => {}
                other => panic!("drew {other:?}, of weight 0"),
            }
        }
        // Three quarters by weight: 3,000 expected, sd about 27.
        assert!((2_850..3_150).contains(&clergy), "{clergy} of 4,000");
    }
}
