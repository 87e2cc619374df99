//! Who a person's associates are: household (implicit in the id layout), workplace (an index
//! from workplace to members, built once by counting sort), and patronage (each post-holder's
//! patron and, inverted, each patron's "tail" of appointees).

use chistka_engine::streams::{Rng, Streams};
use rand::Rng as _;
use rand::seq::SliceRandom;

use crate::holders::{Marks, PostOf};
use crate::people::{Category, NONE, People, PersonId, Role};
use crate::population::Population;
use crate::streams::Key;

/// A compressed index from a group (workplace, patron) to its members.
#[derive(Debug, Default, Clone)]
pub struct Index {
    start: Vec<u32>,
    members: Vec<PersonId>,
}

impl Index {
    /// Builds the index of `group_of` (NONE = in no group) over `groups` groups.
    ///
    /// Counting sort. The groups' sizes are counted over the two halves of `group_of`, and the
    /// members written in two halves by group (the lower groups' members come first in
    /// `members`), each on its own thread where there are two, so the index is the same
    /// whatever the threads. (The count was one pass on one thread; a full-scale profile put
    /// this function's own work, mostly that count, at 1.6% of the run's samples.)
    pub fn build(group_of: &[u32], groups: usize) -> Self {
        let count = |part: &[u32]| {
            let mut n = vec![0u32; groups + 1];
            for &g in part {
                if g != NONE {
                    n[g as usize + 1] += 1;
                }
            }
            n
        };
        let (first, second) = group_of.split_at(group_of.len() / 2);
        let (mut start, more) = rayon::join(|| count(first), || count(second));
        for (n, m) in start.iter_mut().zip(&more) {
            *n += m;
        }
        drop(more);
        for i in 0..groups {
            start[i + 1] += start[i];
        }
        let mut members = vec![0; start[groups] as usize];
        let mid = groups / 2;
        let (low, high) = members.split_at_mut(start[mid] as usize);
        // Writes the members of groups `from..to` into `part`, which begins at `start[from]`.
        let fill = |part: &mut [PersonId], from: usize, to: usize| {
            let base = start[from];
            let mut next: Vec<u32> = start[from..to].iter().map(|&s| s - base).collect();
            for (p, &g) in group_of.iter().enumerate() {
                let g = g as usize; // NONE is past every group
                if (from..to).contains(&g) {
                    part[next[g - from] as usize] = p as PersonId;
                    next[g - from] += 1;
                }
            }
        };
        rayon::join(|| fill(low, 0, mid), || fill(high, mid, groups));
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

/// What kind of post: the capacity indices and the patronage rules look at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum PostKind {
    /// Politburo, Central Committee, people's commissars.
    Centre,
    /// Regional first secretary.
    FirstSecretary,
    /// Party or state official, including Congress delegates holding no other post.
    Official,
    /// Director, kolkhoz chairman, engineer, union official.
    Economic,
    /// Army command, from division commander down.
    Military,
    /// Marshal, army or corps commander.
    HighCommand,
    /// NKVD officer or leader.
    Nkvd,
}

/// A post in the patronage hierarchy. Posts are fixed; their holders change.
#[derive(Debug, Clone, Copy)]
pub struct Post {
    /// Who holds it ([`NONE`] while vacant).
    pub holder: PersonId,
    /// The post it answers to ([`NONE`] at the top).
    pub superior: u32,
    /// Kind.
    pub kind: PostKind,
    /// Region of the post.
    pub region: u8,
    /// Day the holder took it, in days from 1934-01-01 (negative: before the run).
    pub since: i32,
    /// Who held it on the first day.
    pub first_holder: PersonId,
}

struct Builder<'a> {
    people: &'a People,
    posts: Vec<Post>,
    /// Who has been given a post so far (the map of holders is made once, at the end).
    placed: Marks,
    mean_tenure_days: f64,
}

impl Builder<'_> {
    fn add(&mut self, p: PersonId, kind: PostKind, superior: u32, rng: &mut Rng) -> u32 {
        let id = self.posts.len() as u32;
        // Tenure in steady state under the ordinary turnover: exponential (capped at 40 years).
        let tenure = -(1.0 - rng.random::<f64>()).ln() * self.mean_tenure_days;
        let since = -(tenure.min(14_610.0) as i32);
        self.posts.push(Post {
            holder: p,
            superior,
            kind,
            region: self.people.region[p as usize],
            since,
            first_holder: p,
        });
        self.placed.set(p, true);
        id
    }
}

/// All ties of the population.
#[derive(Debug, Default, Clone)]
pub struct Ties {
    /// Workplace -> members. Nobody changes workplace in a run, so the runs on one society share
    /// it instead of copying it.
    pub workplaces: std::sync::Arc<Index>,
    /// The posts.
    pub posts: Vec<Post>,
    /// Each post holder's post.
    pub post_of: PostOf,
    /// Post -> the posts answering to it (its "tail").
    pub tails: Index,
    /// The post each person who lost one last held (for the case archive's rank or post).
    pub former_post: crate::ids::IdMap<u32>,
}

impl Ties {
    /// Builds workplace ties and the posts of the patronage hierarchy.
    ///
    /// The hierarchy is graded. The CC, the commissars and the first secretaries answer to the
    /// Politburo. Each first secretary's close circle is his obkom bureau, `bureau_size`
    /// (smallest, largest) Congress delegates of his region (Fainsod on Smolensk; Getty); the
    /// region's other delegates answer to a member of a bureau, and the mass officials to one
    /// of those delegates, so that a fallen secretary's circle is a dozen people, not the whole
    /// apparatus of his region. Managers, specialists and union officials answer to an official
    /// of their region (Assumption, after Getty's "family circles"). The army follows its
    /// command structure ([`crate::institutions::army`]): marshals, district commanders, corps,
    /// divisions, regiments, and each officer to his regiment's commander. NKVD officers answer
    /// to the NKVD leadership. Tenure on 1934-01-01 is exponential with the mean the ordinary
    /// turnover implies (`promotion.rotation_per_year`).
    pub fn build(
        pop: &Population,
        streams: Streams,
        rotation_per_year: f64,
        bureau_size: (u32, u32),
    ) -> Self {
        let people = &pop.people;
        // The workplace index draws nothing: built on a second thread while the posts are.
        let (workplaces, ties) = rayon::join(
            || Index::build(&people.workplace, pop.workplaces as usize),
            || Self::posts(pop, streams, rotation_per_year, bureau_size),
        );
        Ties {
            workplaces: std::sync::Arc::new(workplaces),
            ..ties
        }
    }

    /// The posts and their holders, without the workplace index (left empty).
    fn posts(
        pop: &Population,
        streams: Streams,
        rotation_per_year: f64,
        bureau_size: (u32, u32),
    ) -> Self {
        let people = &pop.people;
        let workplaces = std::sync::Arc::default();
        let mut rng = streams.stream(Key::Ties.id());
        let mean_tenure_days = if rotation_per_year > 0.0 {
            365.25 / rotation_per_year
        } else {
            3652.5
        };
        let n = people.len();
        let mut b = Builder {
            people,
            posts: Vec::new(),
            placed: Marks::new(n),
            mean_tenure_days,
        };
        let any = |v: &[u32], rng: &mut Rng| -> u32 {
            if v.is_empty() {
                NONE
            } else {
                v[rng.random_range(0..v.len())]
            }
        };

        // The elite in rank order, so that superiors exist before those answering to them.
        let role_of = |p: PersonId| pop.roles[(p - pop.elite.start) as usize];
        let by_role = |b: &mut Builder<'_>,
                       role: Role,
                       kind: PostKind,
                       sup: &[u32],
                       rng: &mut Rng|
         -> Vec<u32> {
            let holders: Vec<PersonId> =
                pop.elite.clone().filter(|&p| role_of(p) == role).collect();
            holders
                .into_iter()
                .map(|p| {
                    let s = any(sup, rng);
                    b.add(p, kind, s, rng)
                })
                .collect()
        };
        let politburo = by_role(&mut b, Role::Politburo, PostKind::Centre, &[], &mut rng);
        by_role(
            &mut b,
            Role::CentralCommittee,
            PostKind::Centre,
            &politburo,
            &mut rng,
        );
        by_role(
            &mut b,
            Role::PeoplesCommissar,
            PostKind::Centre,
            &politburo,
            &mut rng,
        );
        let secretaries = by_role(
            &mut b,
            Role::RegionalFirstSecretary,
            PostKind::FirstSecretary,
            &politburo,
            &mut rng,
        );
        let divisions = army_posts(&mut b, pop, &mut rng);
        let nkvd = by_role(&mut b, Role::NkvdLeadership, PostKind::Nkvd, &[], &mut rng);
        let (lo, hi) = (bureau_size.0.min(bureau_size.1), bureau_size.1);
        for (r, ids) in pop.regions.iter().enumerate() {
            let sec: Vec<u32> = secretaries
                .iter()
                .copied()
                .filter(|&i| b.posts[i as usize].region as usize == r)
                .collect();
            let delegates: Vec<PersonId> = pop
                .elite
                .clone()
                .filter(|&p| {
                    role_of(p) == Role::CongressDelegate && people.region[p as usize] as usize == r
                })
                .collect();
            let mut delegates = delegates.into_iter();
            let mut bureau: Vec<u32> = Vec::new();
            for &s in &sec {
                let size = rng.random_range(lo..=hi);
                for p in delegates.by_ref().take(size as usize) {
                    bureau.push(b.add(p, PostKind::Official, s, &mut rng));
                }
            }
            let upper = if bureau.is_empty() { &sec } else { &bureau };
            let mut below: Vec<u32> = Vec::new();
            for p in delegates {
                let s = any(upper, &mut rng);
                below.push(b.add(p, PostKind::Official, s, &mut rng));
            }
            let middle = if below.is_empty() {
                upper.clone()
            } else {
                below.clone()
            };
            let mut officials: Vec<u32> = bureau.iter().chain(&below).copied().collect();
            for p in ids.clone() {
                if people.category(p) == Category::Official {
                    let s = any(&middle, &mut rng);
                    officials.push(b.add(p, PostKind::Official, s, &mut rng));
                }
            }
            for p in ids.clone() {
                let (kind, pool) = match people.category(p) {
                    Category::Manager | Category::Specialist | Category::UnionOfficial => {
                        (PostKind::Economic, &officials)
                    }
                    Category::ArmyOfficer => (PostKind::Military, &divisions),
                    Category::NkvdOfficer => (PostKind::Nkvd, &nkvd),
                    _ => continue,
                };
                let s = any(pool, &mut rng);
                b.add(p, kind, s, &mut rng);
            }
        }
        let Builder { posts, .. } = b;
        let post_of = PostOf::of_holders(people.len(), posts.iter().map(|p| p.holder));
        let superiors: Vec<u32> = posts.iter().map(|p| p.superior).collect();
        let tails = Index::build(&superiors, posts.len());
        Ties {
            workplaces,
            posts,
            post_of,
            tails,
            former_post: Default::default(),
        }
    }

    /// The person's patron: the holder of the post above theirs (NONE if none or vacant).
    pub fn patron(&self, p: PersonId) -> PersonId {
        let post = self.post_of.get(p);
        if post == NONE {
            return NONE;
        }
        let sup = self.posts[post as usize].superior;
        if sup == NONE {
            NONE
        } else {
            self.posts[sup as usize].holder
        }
    }

    /// Holders of the posts answering to `p`'s post (their "tail"); appended to `out`.
    pub fn tail(&self, p: PersonId, out: &mut Vec<PersonId>) {
        let post = self.post_of.get(p);
        if post != NONE {
            out.extend(
                self.tails
                    .members(post)
                    .iter()
                    .map(|&c| self.posts[c as usize].holder)
                    .filter(|&h| h != NONE),
            );
        }
    }

    /// Associates of `p`: household adults, workmates, patron and tail (the people a denouncer
    /// can reach), in that order; `p` itself is excluded. The household, the patron and the tail
    /// go into `scratch`; the workmates are read in place.
    pub fn associates<'a>(
        &'a self,
        people: &People,
        p: PersonId,
        scratch: &'a mut Vec<PersonId>,
    ) -> Circle<'a> {
        scratch.clear();
        scratch.extend(
            people
                .household(p)
                .filter(|&q| q != p && people.category(q) != Category::Dependant),
        );
        let home = scratch.len();
        self.above_and_below(p, scratch);
        let mates = self.workmates(people, p);
        let (before, after) = around(mates, p..p + 1);
        let (household, rest) = scratch.split_at(home);
        Circle {
            runs: [household, before, after, rest],
        }
    }

    /// The "accomplices" a confession can name: workmates, patron and tail, not the household,
    /// in that order. The interrogators built a counter-revolutionary organisation out of
    /// colleagues, patrons and clients; the wives of the condemned came under order 00486, by
    /// their own procedure (`processes::wives`), not as members of the husband's
    /// "organisation". The patron and the tail go into `scratch`; the workmates are read in
    /// place, so a confession in a kolkhoz of hundreds copies nobody.
    pub fn accomplices<'a>(
        &'a self,
        people: &People,
        p: PersonId,
        scratch: &'a mut Vec<PersonId>,
    ) -> Circle<'a> {
        scratch.clear();
        self.above_and_below(p, scratch);
        // A wife in the husband's kolkhoz or factory is a workmate too: still not named.
        let home = people.household(p);
        scratch.retain(|q| !home.contains(q));
        let (before, after) = around(self.workmates(people, p), home);
        Circle {
            runs: [&[], before, after, scratch],
        }
    }

    /// Everyone in `p`'s workplace (`p` among them), in id order.
    fn workmates(&self, people: &People, p: PersonId) -> &[PersonId] {
        let wp = people.workplace[p as usize];
        if wp == NONE {
            &[]
        } else {
            self.workplaces.members(wp)
        }
    }

    /// The patron and the tail of `p`, appended to `out`.
    fn above_and_below(&self, p: PersonId, out: &mut Vec<PersonId>) {
        let boss = self.patron(p);
        if boss != NONE {
            out.push(boss);
        }
        self.tail(p, out);
    }
}

/// The members of `ids` (in id order) before and after the ids of `skip`.
fn around(ids: &[PersonId], skip: std::ops::Range<PersonId>) -> (&[PersonId], &[PersonId]) {
    let from = ids.partition_point(|&q| q < skip.start);
    let to = ids.partition_point(|&q| q < skip.end);
    (&ids[..from], &ids[to.max(from)..])
}

/// A person's circle, as [`Ties::associates`] or [`Ties::accomplices`] list it: a few runs of
/// ids read by position, without being copied into one list.
#[derive(Debug, Clone, Copy)]
pub struct Circle<'a> {
    runs: [&'a [PersonId]; 4],
}

impl<'a> Circle<'a> {
    /// How many people are in the circle.
    pub fn len(&self) -> usize {
        self.runs.iter().map(|r| r.len()).sum()
    }

    /// True when the circle is empty.
    pub fn is_empty(&self) -> bool {
        self.runs.iter().all(|r| r.is_empty())
    }

    /// The `i`-th person of the circle (`i < len()`).
    pub fn get(&self, mut i: usize) -> PersonId {
        for run in self.runs {
            if i < run.len() {
                return run[i];
            }
            i -= run.len();
        }
        panic!("position {i} past the end of a circle of {}", self.len())
    }

    /// `k` people of the circle at distinct positions, uniformly at random and in random order
    /// (everyone, shuffled, if the circle holds no more than `k`). Positions are drawn and
    /// redrawn when already taken while they are few; a small circle is shuffled whole.
    pub fn choose(&self, k: usize, rng: &mut Rng) -> Vec<PersonId> {
        let mut out = Vec::new();
        self.choose_into(k, rng, &mut Vec::new(), &mut out);
        out
    }

    /// As [`Circle::choose`], into `out` (cleared first), with `positions` as room: the same
    /// draws, and no allocation once both have grown.
    pub fn choose_into(
        &self,
        k: usize,
        rng: &mut Rng,
        positions: &mut Vec<usize>,
        out: &mut Vec<PersonId>,
    ) {
        let n = self.len();
        let k = k.min(n);
        positions.clear();
        if 2 * k > n {
            positions.extend(0..n);
            positions.shuffle(rng);
            positions.truncate(k);
        } else {
            while positions.len() < k {
                let i = rng.random_range(0..n);
                if !positions.contains(&i) {
                    positions.push(i);
                }
            }
        }
        out.clear();
        out.extend(positions.iter().map(|&i| self.get(i)));
    }

    /// The circle's people, in order.
    pub fn iter(&self) -> impl Iterator<Item = PersonId> + 'a {
        self.runs.into_iter().flatten().copied()
    }
}

/// The army's posts, down its command structure; returns the divisions' posts (for any officer
/// left in the mass population, who answers to a division).
fn army_posts(b: &mut Builder<'_>, pop: &Population, rng: &mut Rng) -> Vec<u32> {
    let army = &pop.army;
    let under = |b: &mut Builder<'_>, p: PersonId, kind: PostKind, sup: u32, rng: &mut Rng| {
        if p == NONE {
            NONE
        } else {
            b.add(p, kind, sup, rng)
        }
    };
    let pick = |v: &[u32], rng: &mut Rng| {
        if v.is_empty() {
            NONE
        } else {
            v[rng.random_range(0..v.len())]
        }
    };
    let marshals: Vec<u32> = army
        .marshals
        .iter()
        .map(|&p| under(b, p, PostKind::HighCommand, NONE, rng))
        .collect();
    let districts: Vec<u32> = army
        .district_heads
        .iter()
        .map(|&p| {
            let s = pick(&marshals, rng);
            under(b, p, PostKind::HighCommand, s, rng)
        })
        .collect();
    // Army commanders beyond one per district serve at the centre, under a marshal.
    for p in pop.elite.clone() {
        if pop.roles[(p - pop.elite.start) as usize] == Role::ArmyCommander
            && !army.district_heads.contains(&p)
        {
            let s = pick(&marshals, rng);
            under(b, p, PostKind::HighCommand, s, rng);
        }
    }
    let corps: Vec<u32> = army
        .corps_heads
        .iter()
        .zip(&army.corps_district)
        .map(|(&p, &d)| {
            let s = districts
                .get(usize::from(d))
                .copied()
                .filter(|&x| x != NONE)
                .unwrap_or_else(|| pick(&marshals, rng));
            under(b, p, PostKind::HighCommand, s, rng)
        })
        .collect();
    let divisions: Vec<u32> = army
        .division_heads
        .iter()
        .zip(&army.division_corps)
        .map(|(&p, &c)| {
            let s = corps.get(usize::from(c)).copied().unwrap_or(NONE);
            under(b, p, PostKind::Military, s, rng)
        })
        .collect();
    let regiments: Vec<u32> = army
        .regiment_heads
        .iter()
        .zip(&army.regiment_division)
        .map(|(&p, &d)| {
            let s = divisions.get(d as usize).copied().unwrap_or(NONE);
            under(b, p, PostKind::Military, s, rng)
        })
        .collect();
    for p in army.officers() {
        if b.placed.contains(p)
            || army.rank(p, Role::None) == Some(crate::institutions::army::Rank::Graduate)
        {
            continue; // a regiment commander, placed above, or a graduate waiting for a post
        }
        let s = army
            .regiment(pop.people.workplace[p as usize])
            .and_then(|r| regiments.get(r).copied())
            .unwrap_or(NONE);
        under(b, p, PostKind::Military, s, rng);
    }
    divisions
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

    /// On random groups, some people in none, the index lists each group's members in id order,
    /// as a visit of everyone finds them: the halves counted apart add up, on lengths odd and
    /// even, with more groups than people and fewer.
    #[test]
    fn index_lists_each_groups_members_as_a_visit_finds_them() {
        let mut rng = Streams::new(3).stream(2);
        for (n, groups) in [(0, 1), (1, 1), (7, 3), (10_001, 97), (4_096, 5_000)] {
            let group_of: Vec<u32> = (0..n)
                .map(|_| {
                    if rng.random::<f64>() < 0.1 {
                        NONE
                    } else {
                        rng.random_range(0..groups as u32)
                    }
                })
                .collect();
            let idx = Index::build(&group_of, groups);
            for g in 0..groups as u32 {
                let found: Vec<u32> = (0..n as u32)
                    .filter(|&p| group_of[p as usize] == g)
                    .collect();
                assert_eq!(
                    idx.members(g),
                    found.as_slice(),
                    "group {g} of {groups}, {n} people"
                );
            }
        }
    }
}
