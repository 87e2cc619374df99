//! The elite the long run starts from: who held which post when the daily model stopped, and
//! the lower nomenklatura below them.
//!
//! A holder keeps what the daily model knew of him (the 1937-39 flag, origin, education); his
//! birth year, which the daily model does not keep (it has the age band of the 1937 census), is
//! drawn uniformly in his band from a stream of his own (Assumption), so it is the same whatever
//! else the run does.

use std::collections::HashMap;

use chistka_engine::calendar::Day;
use rand::Rng as _;

use crate::longrun::{Layer, year_of};
use crate::params::LongRunParams;
use crate::people::{AgeBand, NONE, Origin, PersonId, Role};
use crate::streams::Key;
use crate::ties::PostKind;
use crate::world::World;

/// What a cadre carries through the long run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Traits {
    /// Birth year, with its fraction.
    pub born: f64,
    /// Year he first took a post of the nomenklatura, with its fraction.
    pub entered: f64,
    /// Took a post of the nomenklatura (a first post or a higher one) in 1937-39.
    pub promoted_1937_39: bool,
    /// A worker's or a peasant's child.
    pub worker_peasant: bool,
    /// Technical education (secondary or higher).
    pub technical: bool,
}

/// A post of the top layers (a seat in the Politburo or the Central Committee is held beside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Post {
    /// No post of the top layers.
    None,
    /// First secretary of an obkom, kraikom or republican party.
    FirstSecretary,
    /// People's commissar or minister of the Union.
    Minister,
    /// Marshal, commander of an army or a corps, or their successors in the general ranks.
    HighCommand,
}

/// One member of the top layers.
#[derive(Debug, Clone, PartialEq)]
pub struct Cadre {
    /// What he carries.
    pub traits: Traits,
    /// His post.
    pub post: Post,
    /// Since when he holds it.
    pub post_since: Day,
    /// Lost a post since the last congress (his Committee seat goes at the next).
    pub post_lost: bool,
    /// A full member of the Central Committee.
    pub cc: bool,
    /// Since when.
    pub cc_since: Day,
    /// A full member of the Politburo (or Presidium).
    pub politburo: bool,
    /// Since when.
    pub politburo_since: Day,
}

impl Cadre {
    /// True if he holds a place of `layer`.
    pub fn in_layer(&self, layer: Layer) -> bool {
        match layer {
            Layer::Politburo => self.politburo,
            Layer::CentralCommittee => self.cc,
            Layer::FirstSecretaries => self.post == Post::FirstSecretary,
            Layer::Ministers => self.post == Post::Minister,
            Layer::HighCommand => self.post == Post::HighCommand,
        }
    }

    /// A new member of the top layers with `traits`, holding nothing yet.
    pub fn new(traits: Traits) -> Cadre {
        Cadre {
            traits,
            post: Post::None,
            post_since: Day(0),
            post_lost: false,
            cc: false,
            cc_since: Day(0),
            politburo: false,
            politburo_since: Day(0),
        }
    }

    /// True if he holds no place at all any more.
    pub fn holds_nothing(&self) -> bool {
        self.post == Post::None && !self.cc && !self.politburo
    }
}

/// A record of the lower nomenklatura: `weight` full-scale people alike.
#[derive(Debug, Clone, PartialEq)]
pub struct Reserve {
    /// What they carry.
    pub traits: Traits,
    /// How many full-scale people the record stands for.
    pub weight: f64,
    /// An officer below the senior command (the army's reserve), not a civilian cadre.
    pub military: bool,
}

/// The top layers and the lower nomenklatura.
#[derive(Debug, Clone, Default)]
pub struct Elite {
    /// The top layers, one record a person.
    pub cadres: Vec<Cadre>,
    /// The lower nomenklatura (civilian cadres).
    pub reserve: Vec<Reserve>,
    /// The officer corps below the senior command.
    pub officers: Vec<Reserve>,
    /// Places of each layer now ([`Layer::ALL`] order).
    pub places: [u32; 5],
    /// The lower nomenklatura's size on 22 June 1941 (full-scale people).
    pub reserve_1941: f64,
    /// The officer corps' size then (full-scale people).
    pub officers_1941: f64,
    /// The weight of a record of the mass population (1 at full scale).
    pub unit: f64,
    /// The 1937-39 cohort as formed (full-scale people).
    pub cohort_formed: f64,
}

fn born_in_band(w: &World, p: PersonId) -> f64 {
    let mut rng = w.streams.stream2(Key::LongRunBuild.id(), u64::from(p));
    // The bands are ages in the 1937 census (6 January 1937).
    let (lo, hi) = match w.people.age(p) {
        AgeBand::Child => (0.0, 16.0),
        AgeBand::Young => (16.0, 30.0),
        AgeBand::Middle => (30.0, 50.0),
        AgeBand::Old => (50.0, 70.0),
    };
    1937.0 - rng.random_range(lo..hi)
}

fn traits(w: &World, p: PersonId, promoted: bool, entered: f64) -> Traits {
    Traits {
        born: born_in_band(w, p),
        entered,
        promoted_1937_39: promoted,
        worker_peasant: matches!(w.people.origin(p), Origin::Worker | Origin::Peasant),
        technical: w.people.technical(p),
    }
}

/// The posts the long run follows: the nomenklatura's and the army's command.
fn nomenklatura(kind: PostKind) -> bool {
    !matches!(kind, PostKind::Nkvd)
}

impl Elite {
    /// The elite on the day the daily model stopped: holders at liberty of the posts of the
    /// nomenklatura, by the role the post was built for.
    pub fn from_world(w: &World) -> Elite {
        let (from, to) = (Day::jan1(1937), Day::jan1(1940));
        // Who took a post of the nomenklatura in 1937-39 (the cohort), counted once each.
        let mut cohort: HashMap<PersonId, ()> = HashMap::new();
        for a in &w.ledger.appointments {
            if a.day >= from && a.day < to && nomenklatura(w.ties.posts[a.post as usize].kind) {
                cohort.insert(a.person, ());
            }
        }
        // When each first took a post: his first appointment in the run, or the day he took the
        // post he held when the run began.
        let mut first: HashMap<PersonId, Day> = HashMap::new();
        for a in &w.ledger.appointments {
            first.entry(a.person).or_insert(a.day);
        }
        let mut first_holders = crate::institutions::PersonSet::new(w.people.len());
        for post in &w.ties.posts {
            if post.first_holder != NONE {
                first_holders.insert(post.first_holder);
            }
        }
        let mut formed: Vec<PersonId> = cohort.keys().copied().collect();
        formed.sort_unstable();
        let cohort_formed = formed.iter().map(|&p| w.weight(p)).sum();
        let mut elite = Elite {
            unit: w.mass_weight,
            cohort_formed,
            ..Elite::default()
        };
        for post in &w.ties.posts {
            let h = post.holder;
            if h == NONE || !w.people.at_liberty(h) {
                continue;
            }
            // A holder of a post on the first day who has moved since: his start is lost with
            // the post he left; 1930 stands for it (Assumption: about the mean tenure before).
            let entered = if post.first_holder == h {
                1934.0 + f64::from(post.since) / 365.2425
            } else if first_holders.contains(h) {
                1930.0
            } else {
                first.get(&h).map_or(1934.0, |&d| year_of(d))
            };
            let t = traits(w, h, cohort.contains_key(&h), entered);
            let since = Day(post.since.clamp(0, i32::from(u16::MAX)) as u16);
            let role = if post.first_holder == NONE {
                Role::None
            } else {
                w.role(post.first_holder)
            };
            let mut cadre = Cadre::new(t);
            match post.kind {
                PostKind::Centre => match role {
                    Role::Politburo => {
                        (cadre.cc, cadre.cc_since) = (true, since);
                        (cadre.politburo, cadre.politburo_since) = (true, since);
                    }
                    Role::PeoplesCommissar => {
                        (cadre.post, cadre.post_since) = (Post::Minister, since)
                    }
                    _ => (cadre.cc, cadre.cc_since) = (true, since),
                },
                PostKind::FirstSecretary => {
                    (cadre.post, cadre.post_since) = (Post::FirstSecretary, since);
                }
                PostKind::HighCommand => {
                    (cadre.post, cadre.post_since) = (Post::HighCommand, since);
                }
                PostKind::Official | PostKind::Economic | PostKind::Military => {
                    let military = post.kind == PostKind::Military;
                    elite.pool_mut(military).push(Reserve {
                        traits: t,
                        weight: w.weight(h),
                        military,
                    });
                    continue;
                }
                _ => continue,
            }
            elite.cadres.push(cadre);
        }
        elite.reserve_1941 = elite.reserve.iter().map(|r| r.weight).sum();
        elite.officers_1941 = elite.officers.iter().map(|r| r.weight).sum();
        for (i, layer) in Layer::ALL.into_iter().enumerate() {
            elite.places[i] = elite.cadres.iter().filter(|c| c.in_layer(layer)).count() as u32;
        }
        elite
    }

    /// The officers (`military`) or the civilian lower nomenklatura.
    pub fn pool_mut(&mut self, military: bool) -> &mut Vec<Reserve> {
        if military {
            &mut self.officers
        } else {
            &mut self.reserve
        }
    }

    /// Places of `layer` now.
    pub fn places(&self, layer: Layer) -> u32 {
        self.places[layer as usize]
    }

    /// Holders of `layer` now.
    pub fn holders(&self, layer: Layer) -> usize {
        self.cadres.iter().filter(|c| c.in_layer(layer)).count()
    }

    /// Adds the year's entrants to the lower nomenklatura and the officer corps, refilling each
    /// to its size in 1941 times `growth`, young and of the era's education. The officers are
    /// kept at their size of 1941 (Assumption: the wartime army's growth and the demobilisation
    /// are not followed).
    pub fn grow_reserve(
        &mut self,
        p: &LongRunParams,
        day: Day,
        growth: f64,
        rng: &mut chistka_engine::streams::Rng,
    ) {
        for (military, target) in [
            (false, self.reserve_1941 * growth),
            (true, self.officers_1941),
        ] {
            let now: f64 = self.pool_mut(military).iter().map(|r| r.weight).sum();
            // Officers are at full scale: one record each.
            let unit = if military { 1.0 } else { self.unit };
            let wanted = target - now;
            if wanted <= 0.0 || unit <= 0.0 {
                continue;
            }
            // Whole records, the remainder by chance (unbiased).
            let records = wanted / unit;
            let n = records.floor() as usize + usize::from(rng.random::<f64>() < records.fract());
            let year = year_of(day);
            let f = ((year - 1941.0) / 44.0).clamp(0.0, 1.0);
            let technical = p.entrant_technical_share_1941
                + f * (p.entrant_technical_share_1985 - p.entrant_technical_share_1941);
            for _ in 0..n {
                let age = normal(rng, p.entrant_age_mean, p.entrant_age_sd).clamp(20.0, 60.0);
                self.pool_mut(military).push(Reserve {
                    traits: Traits {
                        born: year - age,
                        entered: year,
                        promoted_1937_39: false,
                        worker_peasant: rng.random::<f64>() < p.entrant_worker_peasant_share,
                        technical: rng.random::<f64>() < technical,
                    },
                    weight: unit,
                    military,
                });
            }
        }
    }
}

/// A normal draw (Box-Muller; one of the pair).
pub fn normal(rng: &mut chistka_engine::streams::Rng, mean: f64, sd: f64) -> f64 {
    let u: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
    let v: f64 = rng.random();
    mean + sd * (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}
