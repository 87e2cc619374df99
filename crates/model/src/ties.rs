//! Who a person's associates are: household (implicit in the id layout), workplace (an index
//! from workplace to members, built once by counting sort), and patronage (each post-holder's
//! patron and, inverted, each patron's "tail" of appointees).

use chistka_engine::streams::Streams;
use rand::Rng as _;

use crate::people::{Category, NONE, People, PersonId, Role};
use crate::population::Population;
use crate::streams as keys;

/// A compressed index from a group (workplace, patron) to its members.
#[derive(Debug, Default, Clone)]
pub struct Index {
    start: Vec<u32>,
    members: Vec<PersonId>,
}

impl Index {
    /// Builds the index of `group_of` (NONE = in no group) over `groups` groups.
    pub fn build(group_of: &[u32], groups: usize) -> Self {
        let mut start = vec![0u32; groups + 1];
        for &g in group_of {
            if g != NONE {
                start[g as usize + 1] += 1;
            }
        }
        for i in 0..groups {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut members = vec![0; start[groups] as usize];
        for (p, &g) in group_of.iter().enumerate() {
            if g != NONE {
                members[fill[g as usize] as usize] = p as PersonId;
                fill[g as usize] += 1;
            }
        }
        Index { start, members }
    }

    /// Members of group `g`.
    pub fn members(&self, g: u32) -> &[PersonId] {
        match (self.start.get(g as usize), self.start.get(g as usize + 1)) {
            (Some(&a), Some(&b)) => &self.members[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// All ties of the population.
#[derive(Debug, Default, Clone)]
pub struct Ties {
    /// Workplace -> members.
    pub workplaces: Index,
    /// Each person's patron (NONE if none).
    pub patron: Vec<PersonId>,
    /// Patron -> appointees (indexed by the patron's id).
    pub tails: Index,
}

impl Ties {
    /// Builds workplace and patronage ties.
    ///
    /// Patronage (Assumption, after Getty's "family circles"): a mass official's patron is a
    /// first secretary of the region; managers, specialists and union officials answer to an
    /// official of their region; army officers to a division commander, and up the chain of
    /// ranks to the marshals; NKVD officers to the NKVD leadership; the CC and the first
    /// secretaries to the Politburo.
    pub fn build(pop: &Population, streams: Streams) -> Self {
        let people = &pop.people;
        let workplaces = Index::build(&people.workplace, pop.workplaces as usize);
        let mut rng = streams.stream(keys::TIES);
        let n = people.len();
        let mut patron = vec![NONE; n];

        let elite_with = |role: Role| -> Vec<PersonId> {
            pop.elite
                .clone()
                .filter(|&p| pop.roles[(p - pop.elite.start) as usize] == role)
                .collect()
        };
        let politburo = elite_with(Role::Politburo);
        let secretaries = elite_with(Role::RegionalFirstSecretary);
        let chain = [
            elite_with(Role::Marshal),
            elite_with(Role::ArmyCommander),
            elite_with(Role::CorpsCommander),
            elite_with(Role::DivisionCommander),
        ];
        let nkvd = elite_with(Role::NkvdLeadership);
        let any = |v: &[PersonId], rng: &mut chistka_engine::streams::Rng| -> PersonId {
            if v.is_empty() {
                NONE
            } else {
                v[rng.random_range(0..v.len())]
            }
        };

        for p in pop.elite.clone() {
            let role = pop.roles[(p - pop.elite.start) as usize];
            patron[p as usize] = match role {
                Role::CentralCommittee | Role::RegionalFirstSecretary | Role::PeoplesCommissar => {
                    any(&politburo, &mut rng)
                }
                Role::ArmyCommander => any(&chain[0], &mut rng),
                Role::CorpsCommander => any(&chain[1], &mut rng),
                Role::DivisionCommander => any(&chain[2], &mut rng),
                _ => NONE,
            };
        }
        for (r, ids) in pop.regions.iter().enumerate() {
            let sec: Vec<PersonId> = secretaries
                .iter()
                .copied()
                .filter(|&s| people.region[s as usize] as usize == r)
                .collect();
            let officials: Vec<PersonId> = ids
                .clone()
                .filter(|&p| people.category(p) == Category::Official)
                .collect();
            for p in ids.clone() {
                patron[p as usize] = match people.category(p) {
                    Category::Official => any(&sec, &mut rng),
                    Category::Manager | Category::Specialist | Category::UnionOfficial => {
                        any(&officials, &mut rng)
                    }
                    Category::ArmyOfficer => any(&chain[3], &mut rng),
                    Category::NkvdOfficer => any(&nkvd, &mut rng),
                    _ => NONE,
                };
            }
        }
        let tails = Index::build(&patron, n);
        Ties {
            workplaces,
            patron,
            tails,
        }
    }

    /// Associates of `p` a confession can name: household adults, workmates, patron and tail.
    /// Appends to `out` (cleared first); `p` itself is excluded.
    pub fn associates(&self, people: &People, p: PersonId, out: &mut Vec<PersonId>) {
        out.clear();
        out.extend(
            people
                .household(p)
                .filter(|&q| q != p && people.category(q) != Category::Dependant),
        );
        let wp = people.workplace[p as usize];
        if wp != NONE {
            out.extend(
                self.workplaces
                    .members(wp)
                    .iter()
                    .copied()
                    .filter(|&q| q != p),
            );
        }
        let boss = self.patron[p as usize];
        if boss != NONE {
            out.push(boss);
        }
        out.extend_from_slice(self.tails.members(p));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_groups_members_in_id_order() {
        let idx = Index::build(&[1, NONE, 0, 1, 2], 3);
        assert_eq!(idx.members(0), &[2]);
        assert_eq!(idx.members(1), &[0, 3]);
        assert_eq!(idx.members(2), &[4]);
        assert_eq!(idx.members(9), &[] as &[u32]);
    }
}
