//! Headline figures of a run, derived from the event log and tallies (full-scale equivalents).
//! Keys follow the output contract of the model brief; those whose mechanism does not exist yet
//! are absent rather than invented.

use std::collections::BTreeMap;

use chistka_engine::calendar::Day;

use crate::ledger::{Cause, Flow, Verdict};
use crate::people::{Category, Role, flag};
use crate::world::World;

/// One summary value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number.
    Number(f64),
    /// A table of numbers.
    Table(BTreeMap<String, f64>),
}

/// Sum of a flow over the calendar years `from..=to`.
pub fn flow_in_years(w: &World, flow: Flow, from: i16, to: i16) -> f64 {
    (0..w.ledger.days())
        .filter(|&d| (from..=to).contains(&Day(w.params.start.0 + d as u16).year()))
        .map(|d| w.ledger.flow(d, flow))
        .sum()
}

/// The summary of a run.
pub fn summary(w: &World) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    let mut num = |k: &str, v: f64| {
        out.insert(k.to_string(), Value::Number(v));
    };
    num(
        "arrests_1937_1938",
        flow_in_years(w, Flow::Arrests, 1937, 1938),
    );
    num(
        "executions_1937_1938",
        flow_in_years(w, Flow::Executions, 1937, 1938),
    );
    num(
        "deaths_in_custody_1937_1941",
        flow_in_years(w, Flow::DeathsInCustody, 1937, 1941),
    );
    num(
        "releases_1939",
        flow_in_years(w, Flow::Releases, 1939, 1939),
    );

    // Elite outcomes: full scale, one person each.
    let people = &w.people;
    let elite = w.elite.clone();
    // Asked of the elite layer only: the sets hold its members, not millions of mass people.
    let arrested: crate::ids::IdSet = w
        .ledger
        .arrests
        .iter()
        .map(|a| a.person)
        .filter(|p| elite.contains(p))
        .collect();
    let executed: crate::ids::IdSet = w
        .ledger
        .sentences
        .iter()
        .filter(|s| s.verdict == Verdict::Execution && elite.contains(&s.person))
        .map(|s| s.person)
        .collect();
    let count = |f: &dyn Fn(u32) -> bool| elite.clone().filter(|&p| f(p)).count() as f64;
    num(
        "congress17_delegates",
        count(&|p| people.has(p, flag::DELEGATE_17)),
    );
    num(
        "congress17_delegates_arrested",
        count(&|p| people.has(p, flag::DELEGATE_17) && arrested.contains(&p)),
    );
    num(
        "central_committee_1934",
        count(&|p| people.has(p, flag::CC_1934)),
    );
    num(
        "central_committee_1934_executed",
        count(&|p| people.has(p, flag::CC_1934) && executed.contains(&p)),
    );
    for (key, role) in [
        ("marshals_repressed", Role::Marshal),
        ("army_commanders_repressed", Role::ArmyCommander),
        ("corps_commanders_repressed", Role::CorpsCommander),
        ("division_commanders_repressed", Role::DivisionCommander),
    ] {
        num(key, count(&|p| w.role(p) == role && arrested.contains(&p)));
    }
    // The NKVD's and the army's officers among the arrested, in one pass: each arrest's person
    // is read once (a read at a random place in the people's table), and each sum adds in the
    // ledger's order from where `Sum for f64` starts.
    let (mut nkvd, mut army) = (-0.0, -0.0);
    for a in &w.ledger.arrests {
        let (category, role) = (people.category(a.person), w.role(a.person));
        if category == Category::NkvdOfficer || role == Role::NkvdLeadership {
            nkvd += w.weight(a.person);
        }
        if category == Category::ArmyOfficer
            || matches!(
                role,
                Role::Marshal
                    | Role::ArmyCommander
                    | Role::CorpsCommander
                    | Role::DivisionCommander
            )
        {
            army += w.weight(a.person);
        }
    }
    num("nkvd_officers_arrested", nkvd);
    num("army_officers_arrested", army);

    // Mass operations, from the sentences and the cause of the arrest behind each, in one pass
    // over the sentences: each sum adds its sentences' weights in the ledger's order, as a
    // pass of its own would.
    let sums = SentenceSums::of(w);
    num("order_00447_sentenced", sums.quota[0]);
    num("order_00447_executed", sums.quota[1]);
    num("national_operations_convicted", sums.national[0]);
    num("national_operations_executed", sums.national[1]);
    // Each line of the national operations: `<line>_operation_convicted` and `_executed`.
    for (op, line) in w.params.national.operations.iter().zip(&sums.lines) {
        num(&format!("{}_operation_convicted", op.name), line[0]);
        num(&format!("{}_operation_executed", op.name), line[1]);
    }
    // Order 00486: the wives arrested as wives (validation set: about 18,000 by October 1938).
    let wives: f64 = w
        .ledger
        .arrests
        .iter()
        .filter(|a| matches!(a.source, crate::ledger::Source::Wife { .. }))
        .map(|a| w.weight(a.person))
        .sum();
    num("order_00486_wives_arrested", wives);

    let army_dismissed: f64 = w
        .ledger
        .dismissals
        .iter()
        .filter(|d| d.2)
        .map(|d| w.weight(d.0))
        .sum();
    num("army_officers_dismissed", army_dismissed);
    num(
        "army_officers_reinstated",
        w.ledger.reinstatements.iter().map(|r| w.weight(r.0)).sum(),
    );
    // The officer corps the army was built with (posts on the first day, senior ranks included).
    num(
        "army_officer_corps_1937",
        (w.army.officer_count()
            + w.elite
                .clone()
                .filter(|&p| w.army.rank(p, w.role(p)).is_some())
                .count()) as f64,
    );
    num(
        "central_committee_1934_arrested",
        count(&|p| people.has(p, flag::CC_1934) && arrested.contains(&p)),
    );
    let ex = &w.nomenklatura.ex_opposition;
    let elite_arrested: Vec<u32> = elite.clone().filter(|p| arrested.contains(p)).collect();
    num(
        "ex_oppositionists_share_of_elite_arrested",
        if elite_arrested.is_empty() {
            0.0
        } else {
            elite_arrested.iter().filter(|&&p| ex.contains(p)).count() as f64
                / elite_arrested.len() as f64
        },
    );
    num(
        "regional_first_secretaries_holders_1936_1939",
        first_secretary_holders(w),
    );
    num(
        "expulsion_appeals",
        flow_in_years(w, Flow::Appeals, 1900, 2100),
    );
    num(
        "expulsion_appeals_reversed",
        flow_in_years(w, Flow::AppealsGranted, 1900, 2100),
    );
    num(
        "new_party_members_1937_1941",
        flow_in_years(w, Flow::PartyAdmissions, 1937, 1940),
    );
    num(
        "party_1941_joined_since_1938_share",
        w.state.policy.joined_since_1938_share_1941.unwrap_or(0.0),
    );
    let start = w.state.policy.capacity_start;
    let end = w.state.policy.capacity_1941.unwrap_or(start);
    let ratio = |i: usize| {
        if start[i] > 0.0 {
            end[i] / start[i]
        } else {
            0.0
        }
    };
    let capacity: BTreeMap<String, f64> = [
        ("economic", ratio(0)),
        ("military", ratio(1)),
        ("intellectual", ratio(2)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let capacity = Value::Table(capacity);

    let (women, all) = (sums.executed_women, sums.executed);
    num(
        "women_share_of_executed",
        if all > 0.0 { women / all } else { 0.0 },
    );

    let by_cause: BTreeMap<String, f64> = Cause::ALL
        .iter()
        .map(|&c| {
            (
                c.name().to_string(),
                (0..w.ledger.days()).map(|d| w.ledger.cause(d, c)).sum(),
            )
        })
        .collect();
    out.insert("arrests_by_cause".into(), Value::Table(by_cause));
    crate::patterns::add(w, &mut out);
    crate::longrun::claims::add(w, &mut out);
    out.insert(
        "army_officers_dismissed_by_ground".into(),
        Value::Table(
            crate::processes::army::Ground::ALL
                .iter()
                .map(|&g| (g.name().to_string(), w.state.army.by_ground[g as usize]))
                .collect(),
        ),
    );
    out.insert("capacity_1941_vs_1934".into(), capacity);
    let cohorts = w.state.policy.cohorts_1941.unwrap_or_default();
    let names = ["before_1918", "1918_1932", "1933_1937", "1938_1940"];
    out.insert(
        "party_1941_by_joining_period".into(),
        Value::Table(
            names
                .iter()
                .zip(cohorts)
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        ),
    );
    out
}

/// The weighted sums over the sentences the summary reports, each a pair (convicted,
/// executed): order 00447's (the troikas' sentences), the national operations' and each of
/// their lines'; and the executed, and the executed women.
struct SentenceSums {
    quota: [f64; 2],
    national: [f64; 2],
    lines: Vec<[f64; 2]>,
    executed: f64,
    executed_women: f64,
}

impl SentenceSums {
    fn of(w: &World) -> Self {
        // A float sum starts where `Sum for f64` starts (negative zero), so that an empty one
        // prints as it did when each was an iterator's sum.
        const EMPTY: f64 = -0.0;
        let mut sums = SentenceSums {
            quota: [EMPTY; 2],
            national: [EMPTY; 2],
            lines: vec![[EMPTY; 2]; w.params.national.operations.len()],
            executed: 0.0,
            executed_women: 0.0,
        };
        for s in &w.ledger.sentences {
            if s.verdict == Verdict::Release {
                continue;
            }
            let weight = w.weight(s.person);
            let shot = s.verdict == Verdict::Execution;
            let add = |pair: &mut [f64; 2]| {
                pair[0] += weight;
                if shot {
                    pair[1] += weight;
                }
            };
            // Order 00447's figures are the troikas' sentences (the record's count), whoever in
            // the operation's group cases they judged; cases pending at the halt went to the
            // courts.
            if s.channel == crate::ledger::Channel::Troika {
                add(&mut sums.quota);
            }
            if s.cause == Cause::National {
                add(&mut sums.national);
                if let crate::ledger::Source::Operation(i) = s.source
                    && let Some(line) = sums.lines.get_mut(usize::from(i))
                {
                    add(line);
                }
            }
            if shot {
                sums.executed += weight;
                if w.people.has(s.person, flag::FEMALE) {
                    sums.executed_women += weight;
                }
            }
        }
        sums
    }
}

/// Mean number of distinct holders of each regional first secretary's post from 1936-01-01 to
/// 1939-12-31: the holder on 1936-01-01 (if not arrested before) and everyone appointed in the
/// window. One pass over the appointments and one over the arrests.
fn first_secretary_holders(w: &World) -> f64 {
    use std::collections::{BTreeSet, HashMap};

    use crate::ties::PostKind;
    let (from, to) = (Day::jan1(1936), Day::jan1(1940));
    let mut holder_on_1936: HashMap<u32, u32> = w
        .ties
        .posts
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PostKind::FirstSecretary)
        .map(|(i, p)| (i as u32, p.first_holder))
        .collect();
    if holder_on_1936.is_empty() {
        return 0.0;
    }
    let mut holders: HashMap<u32, BTreeSet<u32>> = HashMap::new();
    for a in &w.ledger.appointments {
        if let Some(h) = holder_on_1936.get_mut(&a.post) {
            if a.day < from {
                *h = a.person;
            } else if a.day < to {
                holders.entry(a.post).or_default().insert(a.person);
            }
        }
    }
    let arrested_before: crate::ids::IdSet = w
        .ledger
        .arrests
        .iter()
        .filter(|a| a.day < from)
        .map(|a| a.person)
        .collect();
    let mut total = 0usize;
    for (post, holder) in &holder_on_1936 {
        let set = holders.entry(*post).or_default();
        if !arrested_before.contains(holder) {
            set.insert(*holder);
        }
        total += set.len();
    }
    total as f64 / holder_on_1936.len() as f64
}
