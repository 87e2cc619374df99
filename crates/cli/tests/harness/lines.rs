//! Behaviour of the national lines, the deportations by decree and the party, with common random
//! numbers: each comparison runs the same seed with one parameter changed.

use chistka_engine::calendar::Day;
use chistka_model::ledger::{Cause, Channel, Flow, Source, Stock, Verdict};
use chistka_model::params::{Params, Probability};
use chistka_model::people::{Nationality, PartyStatus, Status};
use chistka_model::sim::{Quiet, RunOptions, execute};
use chistka_model::world::World;

fn world(edit: impl FnOnce(&mut Params), seed: u64) -> World {
    let mut params = chistka_scenario::embedded("great-purge").unwrap().params;
    edit(&mut params);
    execute(params, RunOptions { scale: 0.001, seed }, &mut Quiet)
}

fn line(w: &World, name: &str) -> usize {
    w.params
        .national
        .operations
        .iter()
        .position(|o| o.name == name)
        .unwrap()
}

fn total(w: &World, flow: Flow) -> f64 {
    (0..w.ledger.days()).map(|d| w.ledger.flow(d, flow)).sum()
}

#[test]
fn every_national_arrest_comes_from_its_own_line_pool() {
    let w = world(|_| {}, 31);
    let mut seen = 0;
    for a in w
        .ledger
        .arrests
        .iter()
        .filter(|a| a.cause == Cause::National)
    {
        let Source::Operation(i) = a.source else {
            panic!("national arrest without its line: {:?}", a.source);
        };
        assert!(
            w.state.national.pools[usize::from(i)]
                .binary_search(&a.person)
                .is_ok(),
            "person {} arrested by line {i} outside its pool",
            a.person
        );
        seen += 1;
    }
    assert!(seen > 100, "only {seen} national arrests");
    // The lines are not one pool per nationality: the Polish line holds non-Poles of the
    // western border, the Harbin line is a line of origin, the Iranian line has no diaspora code.
    let nat = |p: u32| Nationality::from_code(w.people.nationality[p as usize]);
    let polish = &w.state.national.pools[line(&w, "polish")];
    assert!(polish.iter().any(|&p| nat(p) == Nationality::Polish));
    assert!(polish.iter().any(|&p| nat(p) == Nationality::Other));
    // The Harbin returnees are about 25,000 people, a few dozen at this scale and sometimes
    // none in the mass population: every adult man of them is in the line's pool (women at
    // the line's `women_share`).
    let harbin = &w.state.national.pools[line(&w, "harbin")];
    assert!(!harbin.is_empty());
    for p in w.mass_ids().filter(|&p| {
        nat(p) == Nationality::HarbinReturnee
            && w.people.adult(p)
            && !w.people.has(p, chistka_model::people::flag::ELITE)
            && !w.people.has(p, chistka_model::people::flag::FEMALE)
    }) {
        assert!(
            harbin.binary_search(&p).is_ok(),
            "Harbin returnee {p} not in the Harbin pool"
        );
    }
    assert!(!w.state.national.pools[line(&w, "iranian")].is_empty());
    // Koreans were deported, not taken by a line.
    for pool in &w.state.national.pools {
        assert!(pool.iter().all(|&p| nat(p) != Nationality::Korean));
    }
}

#[test]
fn a_lines_execution_share_decides_its_first_category() {
    let polish_shot = |share: f64| {
        let w = world(
            |p| {
                let i = p
                    .national
                    .operations
                    .iter()
                    .position(|o| o.name == "polish")
                    .unwrap();
                p.national.operations[i].execution_share = Probability::new(share).unwrap();
            },
            32,
        );
        let i = Source::Operation(line(&w, "polish") as u16);
        let of_line = |v: Verdict| {
            w.ledger
                .sentences
                .iter()
                .filter(|s| s.cause == Cause::National && s.source == i)
                .filter(|s| s.day < w.params.halt.date && s.verdict == v)
                .count()
        };
        (of_line(Verdict::Execution), of_line(Verdict::Camp))
    };
    let (none_shot, all_camp) = polish_shot(0.0);
    assert_eq!(none_shot, 0);
    assert!(all_camp > 0);
    let (all_shot, no_camp) = polish_shot(1.0);
    assert!(all_shot > 0);
    assert_eq!(no_camp, 0);
}

#[test]
fn albums_wait_for_the_commission_and_then_go_to_the_special_troikas() {
    let mean_sentence_day = |days: f64| {
        let w = world(
            |p| {
                p.national.album_review_days_mean =
                    chistka_model::params::MeanDays::new(days).unwrap();
            },
            33,
        );
        let troikas = w.params.timeline["special_troikas"].date;
        let album: Vec<_> = w
            .ledger
            .sentences
            .iter()
            .filter(|s| s.cause == Cause::National && s.channel == Channel::Album)
            .collect();
        assert!(album.iter().all(|s| s.day < troikas));
        let pending_moved = w
            .ledger
            .sentences
            .iter()
            .filter(|s| s.channel == Channel::SpecialTroika)
            .count();
        // Every national sentence, whoever passed it: the Commission's wait delays them all.
        let national: Vec<f64> = w
            .ledger
            .sentences
            .iter()
            .filter(|s| s.cause == Cause::National)
            .map(|s| f64::from(s.day.0))
            .collect();
        (
            national.iter().sum::<f64>() / national.len() as f64,
            pending_moved,
        )
    };
    let (fast, _) = mean_sentence_day(1.0);
    let (slow, moved) = mean_sentence_day(120.0);
    assert!(
        slow > fast + 20.0,
        "a slower Commission sentences later: {fast:.0} -> {slow:.0}"
    );
    assert!(moved > 0, "special troikas sentence the pending albums");
}

#[test]
fn the_koreans_are_deported_not_shot_and_only_inside_the_decree_dates() {
    let w = world(|_| {}, 34);
    let koreans = &w.params.deportation.removals[0];
    assert_eq!(koreans.name, "koreans");
    let deported: Vec<_> = w
        .ledger
        .deportations
        .iter()
        .filter(|d| d.removal == 0)
        .collect();
    assert!(!deported.is_empty());
    for d in &deported {
        assert!(d.day >= koreans.start && d.day <= koreans.end);
        let nat = Nationality::from_code(w.people.nationality[d.person as usize]);
        assert_eq!(nat, Nationality::Korean);
    }
    // Everyone of the group at liberty on the last day of the removal is gone.
    let group = &w.state.deportation.groups[0];
    // Everyone of the group is deported, unless arrested by the removal's last day or in
    // custody from the start (the initial camp stock has no arrest record).
    for &p in group {
        let deported = w.ledger.deportations.iter().any(|d| d.person == p);
        let arrested = w
            .ledger
            .arrests
            .iter()
            .any(|a| a.person == p && a.day <= koreans.end);
        assert!(
            deported || arrested || w.people.status(p) != Status::Free,
            "person {p} of the group was left at liberty"
        );
    }
    // No Korean is shot by a national line, and the stock matches the flow less arrests.
    let off = world(|p| p.deportation.enabled = false, 34);
    assert_eq!(
        total(&off, Flow::Deportations),
        0.0 + total_sentenced_deportations(&off)
    );
    assert!(off.ledger.deportations.is_empty());
    let days = w.ledger.days();
    let settled = w.ledger.stock(days - 1, Stock::SpecialSettlement);
    assert!(settled > 0.0 && settled <= total(&w, Flow::Deportations));
    // Common random numbers: until the first deportation the two runs are the same run.
    let first = w.ledger.deportations[0].day.since(w.params.start) as usize;
    let arrests = |w: &World| {
        (0..first)
            .map(|d| w.ledger.flow(d, Flow::Arrests))
            .collect::<Vec<_>>()
    };
    assert_eq!(arrests(&w), arrests(&off));
    for p in group {
        assert_ne!(off.people.status(*p), Status::Deported);
    }
}

fn total_sentenced_deportations(w: &World) -> f64 {
    w.ledger
        .sentences
        .iter()
        .filter(|s| s.verdict == Verdict::Deportation)
        .map(|s| w.weight(s.person))
        .sum()
}

#[test]
fn the_special_settlement_stock_is_deportations_less_arrests_of_the_deported() {
    let w = world(|_| {}, 35);
    let days = w.ledger.days();
    let deported: f64 = (0..days - 1)
        .map(|d| w.ledger.flow(d, Flow::Deportations))
        .sum();
    let settled = w.stocks.special_settlement;
    let still: f64 = w
        .people
        .standing
        .iter()
        .enumerate()
        .filter(|(_, s)| s.status == Status::Deported as u8)
        .map(|(p, _)| w.weight(p as u32))
        .sum();
    assert!(deported >= settled);
    assert!((settled - still).abs() < 1e-6, "{settled} vs {still}");
}

#[test]
fn only_the_recently_expelled_never_arrested_may_appeal() {
    let covered = world(|_| {}, 36);
    assert!(total(&covered, Flow::AppealsGranted) > 0.0);
    let none = world(
        |p| p.party.appeal_covers_expelled_from = Day::jan1(1950),
        36,
    );
    assert_eq!(total(&none, Flow::Appeals), 0.0);
    // Nobody expelled before the covered date is a member with his old joining year, and
    // nobody ever arrested holds a card again through an appeal.
    let from = covered.params.party.appeal_covers_expelled_from;
    for &(p, day) in &covered.state.party.expelled {
        let status = covered.people.party(p);
        let year = i32::from(covered.people.party_year[p as usize]) + 1880;
        if day < from && matches!(status, PartyStatus::Member | PartyStatus::Candidate) {
            assert!(year >= 1936, "re-admitted anew, not reinstated: {year}");
        }
    }
    // An arrest expels, and no appeal reinstates the arrested: a card held at the end by
    // someone arrested is a new one, dated after the arrest.
    for a in &covered.ledger.arrests {
        let p = a.person;
        if matches!(
            covered.people.party(p),
            PartyStatus::Member | PartyStatus::Candidate
        ) {
            let year = i32::from(covered.people.party_year[p as usize]) + 1880;
            assert!(
                year >= i32::from(a.day.year()),
                "person {p}, arrested in {}, holds a card dated {year}",
                a.day.year()
            );
        }
    }
}

#[test]
fn reinstated_members_keep_their_joining_year_unless_the_rule_says_otherwise() {
    let keep = world(|_| {}, 37);
    let lose = world(|p| p.party.reinstated_keep_seniority = false, 37);
    let since_1938 = |w: &World| w.state.policy.joined_since_1938_share_1941.unwrap();
    assert_eq!(
        total(&keep, Flow::AppealsGranted),
        total(&lose, Flow::AppealsGranted),
        "the same appeals granted"
    );
    assert!(since_1938(&lose) > since_1938(&keep));
}

#[test]
fn attrition_and_the_candidate_stage_move_the_party() {
    let with = world(|_| {}, 38);
    let without = world(
        |p| {
            p.party.deaths_per_1000_per_year = 0.0;
            p.party.dropouts_per_1000_per_year = 0.0;
        },
        38,
    );
    assert!(total(&with, Flow::PartyAttrition) > 0.0);
    assert_eq!(total(&without, Flow::PartyAttrition), 0.0);
    let jan1938 = Day::jan1(1938).since(with.params.start) as usize;
    assert!(
        without.ledger.stock(jan1938, Stock::PartyMembers)
            > with.ledger.stock(jan1938, Stock::PartyMembers)
    );
    // No candidate becomes a member while admissions are frozen; after the reopening they do.
    let reopen = with.params.timeline["admissions_reopen"].date;
    let before = reopen.since(with.params.start) as usize;
    let transfers = |from: usize, to: usize| {
        (from..to)
            .map(|d| with.ledger.flow(d, Flow::CandidateTransfers))
            .sum::<f64>()
    };
    assert_eq!(transfers(0, before), 0.0);
    assert!(transfers(before, with.ledger.days()) > 0.0);
    assert!(
        with.ledger.stock(before, Stock::PartyCandidates)
            < with.ledger.stock(0, Stock::PartyCandidates)
    );
}

/// The registers of a run visit only the people a society listed for them
/// (`processes::registry::Listing`): the flags, lists and party roll so made are those a visit of
/// every person makes, drawing one number for each person of the three categories in region and
/// id order. Synthetic people.
#[test]
fn the_registers_listed_once_are_those_a_scan_of_everyone_makes() {
    use chistka_engine::streams::Streams;
    use chistka_model::people::{Category, PartyStatus, flag};
    use chistka_model::processes::registry;
    use chistka_model::society::Society;
    use chistka_model::streams::Key;
    use rand::Rng as _;
    let mut params = chistka_scenario::embedded("great-purge").unwrap().params;
    // A larger share than the default's, so that the draws mark many people.
    params.registries.other_parties_share = chistka_model::params::Probability::new(0.2).unwrap();
    let society = Society::build(&params, 0.001, 5);
    let streams = Streams::new(5);
    let mut listed = society.pop.people.clone();
    let (lists, roll) = registry::build(&mut listed, &society.registry, &params, streams);

    let mut scanned = society.pop.people.clone();
    let mut rng = streams.stream(Key::Registry.id());
    let mut expected = vec![Vec::new(); society.pop.regions.len()];
    for (r, ids) in society.pop.regions.iter().enumerate() {
        for p in ids.clone() {
            let c = scanned.category(p);
            if matches!(
                c,
                Category::FormerPeople | Category::Intellectual | Category::Employee
            ) && rng.random::<f64>() < params.registries.other_parties_share.get()
            {
                scanned.flags[p as usize] |= flag::OTHER_PARTY;
            }
            if registry::registered(&scanned, p) {
                expected[r].push(p);
            }
        }
    }
    let expected_roll: Vec<u32> = (0..scanned.len() as u32)
        .filter(|&p| {
            matches!(
                scanned.party(p),
                PartyStatus::Member | PartyStatus::Candidate
            ) && !society.pop.army.full_scale(p)
        })
        .collect();
    let marked = scanned
        .flags
        .iter()
        .filter(|&&f| f & flag::OTHER_PARTY != 0)
        .count();
    assert!(
        marked > 100,
        "the test needs draws that mark people: {marked}"
    );
    assert_eq!(listed.flags, scanned.flags);
    assert_eq!(lists, expected);
    assert_eq!(roll, expected_roll);
}

/// What `processes::national::draw_group` must draw, written the plain way: every person of
/// every region in id order, each part in the scenario's order asking its questions and making
/// its draws. The function under test visits lists and reads columns 64 people at a time
/// instead.
fn draw_group_by_visiting_everyone(
    people: &chistka_model::people::People,
    regions: &[std::ops::Range<u32>],
    parts: &[chistka_model::params::PoolPart],
    census: &chistka_model::census::Census,
    rng: &mut chistka_engine::streams::Rng,
    adults_only: bool,
) -> Vec<u32> {
    use chistka_model::people::flag;
    use chistka_model::processes::registry;
    use rand::Rng as _;
    let mut out = Vec::new();
    for (r, ids) in regions.iter().enumerate() {
        let code = &census.regions[r].code;
        for p in ids.clone() {
            let i = p as usize;
            if (adults_only && !people.adult(p)) || people.has(p, flag::ELITE) {
                continue;
            }
            let taken = parts.iter().any(|part| {
                Nationality::from_name(&part.nationality)
                    .is_some_and(|n| n as u8 == people.nationality[i])
                    && (part.regions.is_empty() || part.regions.contains(code))
                    && part.urban.is_none_or(|u| people.has(p, flag::URBAN) == u)
                    && (!part.registered || registry::registered(people, p))
                    && (part.share.get() >= 1.0 || rng.random::<f64>() < part.share.get())
                    && (part.women_share.get() >= 1.0
                        || !people.has(p, flag::FEMALE)
                        || rng.random::<f64>() < part.women_share.get())
            });
            if taken {
                out.push(p);
            }
        }
    }
    out
}

/// The pools of the lines and of the removals, and of groups made up to reach every path (one
/// part or several in a region, towns only, the registered only, a share of 1, every region),
/// drawn visiting the registers and the nationalities' lists, or the regions' columns where the
/// registers are not kept, are the pools a visit of everyone draws, number for number. Synthetic
/// people.
#[test]
fn the_group_draws_are_those_of_a_visit_of_everyone() {
    use chistka_engine::streams::Streams;
    use chistka_model::params::PoolPart;
    use chistka_model::processes::national::{GroupLists, draw_group};
    use chistka_model::processes::registry;
    use chistka_model::society::Society;
    let params = chistka_scenario::embedded("great-purge").unwrap().params;
    let society = Society::build(&params, 0.001, 11);
    let streams = Streams::new(11);
    let mut people = society.pop.people.clone();
    let (registers, _) = registry::build(&mut people, &society.registry, &params, streams);
    let registered = GroupLists {
        nationality: &society.by_nationality,
        registered: Some(&registers),
    };
    let scan = GroupLists {
        nationality: &society.by_nationality,
        registered: None,
    };
    let part = |nationality: &str, regions: &[&str], share: f64, women_share: f64| PoolPart {
        nationality: nationality.to_string(),
        regions: regions.iter().map(|r| r.to_string()).collect(),
        urban: None,
        registered: false,
        share: Probability::new(share).unwrap(),
        women_share: Probability::new(women_share).unwrap(),
    };
    let made_up: Vec<Vec<PoolPart>> = vec![
        // "Other" everywhere, one part: the columns read 64 at a time, a draw per candidate.
        vec![part("other", &[], 0.01, 0.5)],
        // Everyone of "other" in Ukraine, and a share of its women.
        vec![part("other", &["UKR"], 1.0, 0.2)],
        // Several parts in one region, towns only, the registered only, a small nationality.
        vec![
            PoolPart {
                urban: Some(true),
                ..part("other", &["RSFSR"], 0.02, 0.5)
            },
            PoolPart {
                registered: true,
                ..part("other", &["RSFSR", "UKR"], 0.3, 1.0)
            },
            part("german", &[], 1.0, 0.4),
        ],
        // Small nationalities alone: their lists merged.
        vec![
            part("polish", &[], 0.5, 0.5),
            PoolPart {
                urban: Some(false),
                ..part("latvian", &[], 1.0, 1.0)
            },
            part("german", &["UKR"], 0.7, 1.0),
        ],
    ];
    let groups = params
        .national
        .operations
        .iter()
        .map(|op| (op.name.clone(), op.pool.clone(), true))
        .chain(
            params
                .deportation
                .removals
                .iter()
                .map(|r| ("a removal".to_string(), r.group.clone(), false)),
        )
        .chain(made_up.into_iter().enumerate().flat_map(|(k, parts)| {
            [true, false].map(|adults| (format!("made-up group {k}"), parts.clone(), adults))
        }));
    let mut registered_parts = 0;
    for (i, (name, parts, adults_only)) in groups.enumerate() {
        registered_parts += parts
            .iter()
            .filter(|p| p.registered && p.nationality == "other")
            .count();
        let rng = || streams.stream3(99, i as u64, 0);
        let draw = |lists: &GroupLists<'_>| {
            let mut rng = rng();
            let pool = draw_group(
                &people,
                &society.pop.regions,
                lists,
                &parts,
                &society.census,
                &mut rng,
                adults_only,
            );
            // The stream is left where the plain visit leaves it.
            (pool, rand::Rng::random::<u64>(&mut rng))
        };
        let mut reference_rng = rng();
        let reference = draw_group_by_visiting_everyone(
            &people,
            &society.pop.regions,
            &parts,
            &society.census,
            &mut reference_rng,
            adults_only,
        );
        let reference = (reference, rand::Rng::random::<u64>(&mut reference_rng));
        assert!(
            !reference.0.is_empty(),
            "{name}: an empty pool tests nothing"
        );
        assert_eq!(
            draw(&registered),
            reference,
            "{name}, visiting the registers"
        );
        assert_eq!(draw(&scan), reference, "{name}, registers not kept");
    }
    // The default's Polish and Harbin lines take "other" from the registers.
    assert!(registered_parts >= 2, "{registered_parts}");
}

/// The card holders a run lists (`Registries::card_holders`: those who had held a card by the
/// start, and those admitted since for the first time) are, at the end of a run with
/// admissions, expulsions, attrition and appeals, in id order, and hold every member and
/// candidate a visit of the whole population finds: the 1941 snapshot and the long run's
/// cohorts count them instead of visiting everyone. Synthetic people.
#[test]
fn the_card_holders_listed_hold_every_member_a_scan_of_everyone_finds() {
    let w = world(|_| {}, 23);
    let registry = &w.state.registry;
    let holders = registry.card_holders();
    assert!(holders.windows(2).all(|p| p[0] < p[1]), "not in id order");
    let carded = |p: &u32| {
        matches!(
            w.people.party(*p),
            PartyStatus::Member | PartyStatus::Candidate
        )
    };
    let scanned: Vec<u32> = (0..w.people.len() as u32).filter(carded).collect();
    let listed: Vec<u32> = holders.iter().copied().filter(carded).collect();
    assert_eq!(listed, scanned);
    // The run admitted newcomers who hold a card now: the roll's run-time part is needed.
    let admitted = &registry.party_roll[registry.roll_at_start..];
    assert!(
        admitted.iter().any(carded),
        "the test needs admissions: {} admitted",
        admitted.len()
    );
    assert!(
        holders.len() < w.people.len() / 4,
        "{} listed",
        holders.len()
    );
}
