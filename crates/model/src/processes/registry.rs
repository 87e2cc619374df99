//! The registries (kartoteka): lists the police already held of former kulaks, clergy, "former
//! people", former members of other parties, people with criminal records and expelled party
//! members. Mass operations draw on them first; when a list runs dry, officers turned to the
//! family and work ties of those already arrested (Vatlin on Kuntsevo, archival-record s.9).

use std::ops::Range;

use chistka_engine::streams::{Rng, Streams};
use rand::Rng as _;
use rayon::prelude::*;

use crate::params::Params;
use crate::people::{Category, PartyStatus, People, PersonId, category_age, flag, questionnaire};
use crate::processes::sex_factor;
use crate::streams::Key;
use crate::world::World;

/// True if the person's category or record puts them on the registers.
pub fn registered(people: &People, p: PersonId) -> bool {
    registered_by_category(people.category(p))
        || people.has(p, flag::OTHER_PARTY)
        || people.party(p) == PartyStatus::Expelled
}

/// The categories on the registers whatever a person's record.
const fn registered_by_category(c: Category) -> bool {
    matches!(
        c,
        Category::FormerKulak
            | Category::Clergy
            | Category::FormerPeople
            | Category::CriminalRecord
    )
}

/// The registries (kartoteka) per region, and everyone who ever held a party card (for drawing
/// members at random).
#[derive(Debug, Clone, Default)]
pub struct Registries {
    /// The registered, per region.
    pub lists: Vec<Vec<PersonId>>,
    /// Everyone who ever held a party card.
    pub party_roll: Vec<PersonId>,
    /// Everyone who had held a card by the start, in id order (the society's
    /// [`Listing::carded`], shared, not the whole listing: its registers' candidates are not
    /// needed once the registers are drawn, and are freed with the society in a single run).
    pub carded: std::sync::Arc<Vec<PersonId>>,
    /// How many of [`Registries::party_roll`] were on it at the start; the rest were admitted
    /// during the run for the first time.
    pub roll_at_start: usize,
}

impl Registries {
    /// Everyone who may hold a party card now, in id order: those who had held one (or had a
    /// joining year) by the start, and those admitted for the first time since. Every member
    /// and candidate is among them, so a count of the members that visits these instead of the
    /// whole population adds the same people in the same order.
    ///
    /// Why it is complete: a card is given only by an admission ([`crate::processes::party`]
    /// puts a newcomer without a joining year on the roll), a candidate's transfer or a
    /// reinstatement (both of someone who held a card before), and a joining year, once set,
    /// is never cleared during a run.
    pub fn card_holders(&self) -> Vec<PersonId> {
        let carded = &self.carded;
        let mut admitted =
            self.party_roll[self.roll_at_start.min(self.party_roll.len())..].to_vec();
        admitted.sort_unstable();
        let mut out = Vec::with_capacity(carded.len() + admitted.len());
        let (mut i, mut j) = (0, 0);
        while i < carded.len() && j < admitted.len() {
            if carded[i] <= admitted[j] {
                out.push(carded[i]);
                i += 1;
            } else {
                out.push(admitted[j]);
                j += 1;
            }
        }
        out.extend_from_slice(&carded[i..]);
        out.extend_from_slice(&admitted[j..]);
        out.dedup();
        out
    }
}

/// Whether a person of category `c` may have belonged to another party: the registers' one
/// draw of a run.
const fn may_have_other_party(c: Category) -> bool {
    matches!(
        c,
        Category::FormerPeople | Category::Intellectual | Category::Employee
    )
}

/// What the registers of every run on one society start from: the people each region's list
/// may hold, and the party roll. Neither reads a parameter, so a society lists them once and
/// every run on it copies them, instead of going through the whole population again.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    /// Per region, in id order: those on the registers by category or expulsion, and those the
    /// run draws for a past in another party.
    candidates: Vec<Vec<PersonId>>,
    /// Everyone holding a party card at the start, in id order, the army's communists left out
    /// (they answer to the army's own party commissions, [`crate::processes::army`]).
    roll: Vec<PersonId>,
    /// Everyone who had held a card by the start, in id order, the army and the elite included:
    /// members, candidates, the expelled and those who left (a joining year but no card).
    carded: std::sync::Arc<Vec<PersonId>>,
}

impl Listing {
    /// Everyone who had held a party card (or had a joining year) at the start, in id order,
    /// the army and the elite included: members, candidates, the expelled and those who left.
    pub fn carded(&self) -> std::sync::Arc<Vec<PersonId>> {
        std::sync::Arc::clone(&self.carded)
    }

    /// Lists the people of `regions` (the mass population) and the party roll of `people`,
    /// on every thread there is; `full_scale` tells the army's people. The result does not
    /// depend on the threads: chunks of ids are read in parallel and their lists joined in
    /// order.
    ///
    /// One pass over everyone, `SCAN` (65,536) people a chunk, fills all three lists: a person's
    /// category, party standing and joining year decide each, read once from the packed bytes.
    /// It was three passes (one of them by region, so that the RSFSR's half of
    /// the population fell to one thread), 2.3 s of CPU at full scale.
    pub fn of(
        people: &People,
        regions: &[Range<PersonId>],
        full_scale: impl Fn(PersonId) -> bool + Sync,
    ) -> Self {
        let n = people.len();
        let chunks: Vec<Found> = (0..n.div_ceil(SCAN))
            .into_par_iter()
            .map(|k| {
                scan(
                    people,
                    regions,
                    k * SCAN..((k + 1) * SCAN).min(n),
                    &full_scale,
                )
            })
            .collect();
        let mut candidates: Vec<Vec<PersonId>> = vec![Vec::new(); regions.len()];
        let mut roll = Vec::with_capacity(chunks.iter().map(|c| c.roll.len()).sum());
        let mut carded = Vec::with_capacity(chunks.iter().map(|c| c.carded.len()).sum());
        // The regions are runs of ids in region order, and the candidates come in id order, so
        // one walk over the regions places them all (an id between two regions, were there
        // any, would be in neither list, as before).
        let mut r = 0;
        for chunk in chunks {
            for p in chunk.candidates {
                while regions[r].end <= p {
                    r += 1;
                }
                if regions[r].contains(&p) {
                    candidates[r].push(p);
                }
            }
            roll.extend(chunk.roll);
            carded.extend(chunk.carded);
        }
        Listing {
            candidates,
            roll,
            carded: std::sync::Arc::new(carded),
        }
    }
}

/// People a chunk of [`Listing::of`]'s scan reads: 64 Ki, a few hundred kilobytes of the
/// columns, so that the chunks spread evenly over the threads.
const SCAN: usize = 1 << 16;

/// What one chunk of ids holds of the three lists, each in id order.
struct Found {
    candidates: Vec<PersonId>,
    roll: Vec<PersonId>,
    carded: Vec<PersonId>,
}

/// The categories whose people are on the registers' candidates whatever their record: on the
/// registers by category ([`registered`]), or liable to be drawn for a past in another party
/// ([`may_have_other_party`]); one bit a category code.
const CANDIDATE_CATEGORIES: u16 = {
    let mut bits = 0u16;
    let mut c = 0;
    while c < Category::ALL.len() {
        let category = Category::ALL[c];
        if may_have_other_party(category) || registered_by_category(category) {
            bits |= 1 << category as u16;
        }
        c += 1;
    }
    bits
};

/// [`Listing::of`]'s test of each person of `ids`: the same tests as [`registered`],
/// [`may_have_other_party`] and the roll's, on the packed bytes.
fn scan(
    people: &People,
    regions: &[Range<PersonId>],
    ids: Range<usize>,
    full_scale: &(impl Fn(PersonId) -> bool + Sync),
) -> Found {
    let mass = match (regions.first(), regions.last()) {
        (Some(first), Some(last)) => first.start as usize..last.end as usize,
        _ => 0..0,
    };
    let expelled = (PartyStatus::Expelled as u8) << questionnaire::PARTY_SHIFT;
    let mut found = Found {
        candidates: Vec::new(),
        roll: Vec::new(),
        carded: Vec::new(),
    };
    for i in ids {
        let answers = people.questionnaire[i];
        let party = answers & questionnaire::PARTY;
        let category = people.category_age[i] & category_age::CATEGORY;
        let candidate = CANDIDATE_CATEGORIES >> category & 1 == 1
            || people.flags[i] & flag::OTHER_PARTY != 0
            || party == expelled;
        if candidate && mass.contains(&i) {
            found.candidates.push(i as PersonId);
        }
        if party != 0 || people.party_year[i] != 0 {
            found.carded.push(i as PersonId);
            let standing = PartyStatus::from_code(party >> questionnaire::PARTY_SHIFT);
            if matches!(standing, PartyStatus::Member | PartyStatus::Candidate)
                && !full_scale(i as PersonId)
            {
                found.roll.push(i as PersonId);
            }
        }
    }
    found
}

/// Marks former members of other parties, then lists the registered per region, and returns
/// them with the party roll, for a run on the society `listing` was made of.
///
/// The draws come from one stream, one number for each person of the three categories, in the
/// order of the regions and of the ids, as when every person was visited.
pub fn build(
    people: &mut People,
    listing: &Listing,
    params: &Params,
    streams: Streams,
) -> (Vec<Vec<PersonId>>, Vec<PersonId>) {
    let mut rng = streams.stream(Key::Registry.id());
    let share = params.registries.other_parties_share.get();
    let mut registry = Vec::with_capacity(listing.candidates.len());
    for ids in &listing.candidates {
        let mut list = Vec::new();
        for &p in ids {
            if may_have_other_party(people.category(p)) && rng.random::<f64>() < share {
                people.flags[p as usize] |= flag::OTHER_PARTY;
            }
            if params.registries.enabled && registered(people, p) {
                list.push(p);
            }
        }
        registry.push(list);
    }
    (registry, listing.roll.clone())
}

/// Someone for a mass operation in region `r`: from the registry first, then an associate of a
/// recent arrestee of the region. The `bool` is true for a registry hit; the source is the
/// arrestee whose ties led to the person (NONE for a registry hit).
pub fn pick(
    w: &World,
    r: usize,
    rng: &mut Rng,
    scratch: &mut Vec<PersonId>,
) -> Option<(PersonId, u32)> {
    let list = w.state.registry.lists.get(r)?;
    if !list.is_empty() {
        for _ in 0..w.params.registries.tries_before_associates {
            let p = list[rng.random_range(0..list.len())];
            if w.people.at_liberty(p)
                && w.people.category(p) != Category::Elite
                && rng.random::<f64>() < sex_factor(w, p)
            {
                return Some((p, crate::people::NONE));
            }
        }
    }
    // The lists ran dry: build "groups" from the ties of those already arrested. Women enter
    // here as the composition of those ties brings them: workmates and fellow villagers.
    let arrests = &w.ledger.arrests;
    let mut tries = 0;
    for _ in 0..200 {
        if arrests.is_empty() || tries == 20 {
            return None;
        }
        let k = arrests.len() - 1 - rng.random_range(0..arrests.len().min(5_000));
        let a = arrests[k];
        // The groups of a mass operation are mass people: an arrest of the army (at full
        // scale, so many more entries per real arrest) is passed over without using a try.
        if w.army.full_scale(a.person) {
            continue;
        }
        tries += 1;
        if w.people.region[a.person as usize] as usize != r {
            continue;
        }
        // The operation's "insurgent groups" were built from fellow workers and villagers, not
        // from the household: the families of the condemned went onto the registers instead.
        let circle = w.ties.accomplices(&w.people, a.person, scratch);
        if circle.is_empty() {
            continue;
        }
        let q = circle.get(rng.random_range(0..circle.len()));
        if w.people.at_liberty(q)
            && w.people.category(q) != Category::Elite
            && rng.random::<f64>() < sex_factor(w, q)
            && !w.army.full_scale(q)
        {
            return Some((q, a.person));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::census::Census;
    use crate::params::{CategoryTable, PopulationParams};
    use chistka_engine::streams::Streams;

    /// The chunked scan lists what a visit of everyone, one person at a time with the plain
    /// tests, lists: per region, the roll and the carded, in id order. The population has its
    /// party cards and joining years; some people are then expelled, given a past in another
    /// party, or left with a joining year and no card, and the army's range is made of a
    /// stretch of the ids with members in it. It spans several chunks and regions that end
    /// inside chunks.
    #[test]
    fn the_scan_lists_what_a_visit_of_everyone_lists() {
        let census = Census::embedded().unwrap();
        let mut prop = [1.0; Category::ALL.len()];
        prop[Category::Dependant as usize] = 0.0;
        let params = PopulationParams {
            household_size_mean: 4.0,
            workplace_size_urban_mean: 60.0,
            workplace_size_rural_mean: 120.0,
            party_propensity: CategoryTable(prop),
        };
        let mut pop = crate::population::build(&census, &params, 0.002, Streams::new(4));
        let people = &mut pop.people;
        let n = people.len() as PersonId;
        assert!(n as usize > 4 * SCAN, "{n} people: too few chunks");
        for p in (0..n).step_by(97) {
            people.set_party(p, PartyStatus::Expelled);
        }
        for p in (0..n).step_by(89) {
            people.flags[p as usize] |= flag::OTHER_PARTY;
        }
        for p in (0..n).step_by(83) {
            people.set_party(p, PartyStatus::None);
            people.party_year[p as usize] = 30;
        }
        let army = n / 3..n / 3 + 5_000;
        let full_scale = |p: PersonId| army.contains(&p);
        let listing = Listing::of(people, &pop.regions, full_scale);

        let visit = |keep: &dyn Fn(PersonId) -> bool| (0..n).filter(|&p| keep(p)).collect();
        let candidates: Vec<Vec<PersonId>> = pop
            .regions
            .iter()
            .map(|ids| {
                ids.clone()
                    .filter(|&p| may_have_other_party(people.category(p)) || registered(people, p))
                    .collect()
            })
            .collect();
        let roll: Vec<PersonId> = visit(&|p| {
            matches!(
                people.party(p),
                PartyStatus::Member | PartyStatus::Candidate
            ) && !full_scale(p)
        });
        let carded: Vec<PersonId> =
            visit(&|p| people.party(p) != PartyStatus::None || people.party_year[p as usize] != 0);
        assert!(candidates.iter().all(|c| !c.is_empty()));
        assert!(
            army.clone().any(|p| matches!(
                people.party(p),
                PartyStatus::Member | PartyStatus::Candidate
            )),
            "no member in the army's range"
        );
        assert!(
            carded.iter().any(|p| army.contains(p)),
            "no card in the army's range"
        );
        assert_eq!(listing.candidates, candidates);
        assert_eq!(listing.roll, roll);
        assert_eq!(*listing.carded, carded);
    }
}
