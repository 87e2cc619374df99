//! The synthetic society a run acts on, before any process has touched it: the people drawn from
//! the census, the elite layer, the army's officers and the nomenklatura's biographies, their
//! households, workplaces, posts and patrons, and the indexes the processes draw from.
//!
//! None of it reads a parameter of the dynamics (threat, quotas, denunciation, interrogation,
//! sentencing, camps): only the census, the population's structure, the army's and the
//! nomenklatura's structural tables, and the turnover that sets the posts' tenures
//! ([`Society::fits`] names them). So many runs of one scenario at one scale, which differ only
//! in the dynamics (a calibration, an ensemble), can build it once and start each run from a
//! copy ([`crate::sim::execute_in`]) instead of drawing 1.6 million people again each time.
//!
//! A run started from a society built on its own seed is the run [`crate::sim::execute`] makes,
//! byte for byte: the streams are keyed by purpose, so the build's draws and the run's draws
//! never meet, whichever is made first. A run started from a society built on another seed is
//! the same dynamics on another synthetic population.

use chistka_engine::streams::Streams;
use rayon::prelude::*;

use crate::census::Census;
use crate::institutions::nomenklatura::Nomenklatura;
use crate::params::Params;
use crate::people::{PartyStatus, PersonId, flag};
use crate::pools::ByCategory;
use crate::population::Population;
use crate::processes::national::ByNationality;
use crate::ties::Ties;
use crate::{institutions, population};

/// The parameter-free part of a run's world (see the module's documentation).
#[derive(Debug, Clone)]
pub struct Society {
    /// The census it was drawn from.
    pub census: Census,
    /// The people, the elite layer, the regions and the army.
    pub pop: Population,
    /// The nomenklatura's political biographies.
    pub nomenklatura: Nomenklatura,
    /// Households, workplaces, patronage and posts.
    pub ties: Ties,
    /// The mass population by region and category.
    pub pools: std::sync::Arc<ByCategory>,
    /// The mass population by region and nationality (the national lines' and the
    /// deportations' pools are drawn from it when a run starts).
    pub by_nationality: ByNationality,
    /// Adults (simulated, not weighted) per region.
    pub region_adults: Vec<f64>,
    /// The intellectual stratum the capacity index counts
    /// ([`crate::processes::capacity::stratum`]).
    pub stratum: std::sync::Arc<Vec<PersonId>>,
    /// Whom the registers may list and the party roll, copied by each run
    /// ([`crate::processes::registry::Listing`]).
    pub registry: std::sync::Arc<crate::processes::registry::Listing>,
    /// Party members and candidates at the start (full-scale equivalents).
    pub party: f64,
    /// Of whom candidates.
    pub party_candidates: f64,
    scale: f64,
    seed: u64,
    inputs: Inputs,
}

/// What a society is built from besides the scale and the seed: the parameters it reads, as a
/// fingerprint compared by [`Society::fits`].
#[derive(Debug, Clone, PartialEq)]
struct Inputs(String);

impl Inputs {
    fn of(params: &Params) -> Self {
        // The structural tables are plain data whose `Debug` form lists every field: equal forms,
        // equal inputs. A few kilobytes, formatted once per run; the run costs a thousand times
        // more.
        Inputs(format!(
            "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
            params.census,
            params.population,
            params.army.structure,
            params.nomenklatura.structure,
            params.promotion.rotation_per_year.to_bits(),
            params.nomenklatura.structure.bureau_size,
        ))
    }
}

impl Society {
    /// Draws the society of `params` at `scale` from the streams of `seed`.
    pub fn build(params: &Params, scale: f64, seed: u64) -> Self {
        let census = Census::clone(&params.census);
        let streams = Streams::new(seed);
        let mut pop = population::build(&census, &params.population, scale, streams);
        institutions::army::build(&mut pop, &params.army.structure, &census, streams);
        let nomenklatura =
            institutions::nomenklatura::build(&mut pop, &params.nomenklatura.structure, streams);
        let ties = Ties::build(
            &pop,
            streams,
            params.promotion.rotation_per_year,
            params.nomenklatura.structure.bureau_size,
        );
        Self::from_parts(
            census,
            pop,
            ties,
            nomenklatura,
            scale,
            seed,
            Inputs::of(params),
        )
    }

    /// A society over a built population and its ties: the indexes and the starting tallies.
    fn from_parts(
        census: Census,
        pop: Population,
        ties: Ties,
        nomenklatura: Nomenklatura,
        scale: f64,
        seed: u64,
        inputs: Inputs,
    ) -> Self {
        // Counts, exact whatever the order: a region on each thread there is.
        let region_adults: Vec<f64> = pop
            .regions
            .par_iter()
            .map(|ids| ids.clone().filter(|&p| pop.people.adult(p)).count() as f64)
            .collect();
        // Sums of weights, added in id order as they always were (a float sum depends on its
        // order): one pass for both.
        let weight = |p: PersonId| {
            if pop.people.has(p, flag::ELITE) || pop.army.full_scale(p) {
                1.0
            } else {
                pop.mass_weight
            }
        };
        let (mut party, mut party_candidates) = (0.0, 0.0);
        for p in 0..pop.people.len() as PersonId {
            match pop.people.party(p) {
                PartyStatus::Member => party += weight(p),
                PartyStatus::Candidate => {
                    party += weight(p);
                    // As before the army was built at full scale: a candidate counts as elite
                    // or mass.
                    party_candidates += if pop.people.has(p, flag::ELITE) {
                        1.0
                    } else {
                        pop.mass_weight
                    };
                }
                _ => {}
            }
        }
        // The indexes read only what the registers do not change (category, age, education,
        // nationality, keeping house), so they can be built before the registers are drawn and
        // shared by every run. Built on two threads where there are two: no draw depends on
        // the order.
        let ((pools, by_nationality), (stratum, registry)) = rayon::join(
            || {
                rayon::join(
                    || ByCategory::new(&pop.people, &pop.regions),
                    || ByNationality::new(&pop.people, &pop.regions),
                )
            },
            || {
                rayon::join(
                    || crate::processes::capacity::stratum(&pop.people),
                    || {
                        crate::processes::registry::Listing::of(&pop.people, &pop.regions, |p| {
                            pop.army.full_scale(p)
                        })
                    },
                )
            },
        );
        Society {
            census,
            pop,
            nomenklatura,
            ties,
            pools: std::sync::Arc::new(pools),
            by_nationality,
            region_adults,
            stratum: std::sync::Arc::new(stratum),
            registry: std::sync::Arc::new(registry),
            party,
            party_candidates,
            scale,
            seed,
            inputs,
        }
    }

    /// Whether a run of `params` at `scale` may start from this society: the same scale, and
    /// the same census, population structure, army and nomenklatura tables and rotation of
    /// posts. Every other parameter may differ.
    pub fn fits(&self, params: &Params, scale: f64) -> bool {
        self.scale.to_bits() == scale.to_bits() && self.inputs == Inputs::of(params)
    }

    /// The seed it was drawn from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Its population scale.
    pub fn scale(&self) -> f64 {
        self.scale
    }
}
