//! The army and the nomenklatura as institutions: their structure as built, and behaviour tests
//! with common random numbers (the same seed with one parameter changed).

use std::collections::HashSet;

use chistka_model::institutions::army::Rank;
use chistka_model::ledger::{Cause, Source};
use chistka_model::people::{Category, PersonId, Role, flag};
use chistka_model::sim::{Quiet, RunOptions, build_world, execute};
use chistka_model::ties::PostKind;
use chistka_model::world::World;

fn world(edit: impl FnOnce(&mut chistka_model::params::Params), seed: u64) -> World {
    let mut params = chistka_scenario::embedded("great-purge").unwrap().params;
    edit(&mut params);
    execute(params, RunOptions { scale: 0.001, seed }, &mut Quiet)
}

#[test]
fn the_army_is_built_at_full_scale_down_its_command_structure() {
    let params = chistka_scenario::embedded("great-purge").unwrap().params;
    let w = build_world(
        params,
        RunOptions {
            scale: 0.001,
            seed: 31,
        },
        &mut Quiet,
    );
    let staff = w.params.army.structure.staff as usize;
    let senior = w
        .elite
        .clone()
        .filter(|&p| w.army.rank(p, w.role(p)).is_some())
        .count();
    assert_eq!(senior, 5 + 15 + 57 + 186);
    assert_eq!(w.army.officer_count() + senior, staff);
    // Officers count one each, whatever the scale, and none is a child or a dependant.
    let officers: Vec<PersonId> = w
        .army
        .officers()
        .filter(|&p| w.army.rank(p, Role::None) != Some(Rank::Graduate))
        .collect();
    assert_eq!(officers.len(), w.army.officer_count());
    let women = officers
        .iter()
        .filter(|&&p| w.people.has(p, flag::FEMALE))
        .count();
    assert!(
        (women as f64) < 0.02 * officers.len() as f64,
        "{women} women officers"
    );
    for &p in &officers {
        assert_eq!(w.weight(p), 1.0);
        assert_eq!(w.people.category(p), Category::ArmyOfficer);
        assert!(w.people.adult(p));
        let regiment = w.army.regiment(w.people.workplace[p as usize]);
        assert!(regiment.is_some(), "officer {p} outside a regiment");
    }
    // Nobody in the mass population is an officer any more.
    let mass = w.mass_ids();
    assert!(
        mass.clone()
            .all(|p| w.people.category(p) != Category::ArmyOfficer)
    );
    // Each regiment's commander answers to his division's commander, who answers to a corps
    // commander, who answers to a district commander or a marshal.
    for (r, &head) in w.army.regiment_heads.iter().enumerate() {
        let komdiv = w.ties.patron(head);
        assert_eq!(
            komdiv,
            w.army.division_heads[w.army.regiment_division[r] as usize]
        );
        assert_eq!(w.role(komdiv), Role::DivisionCommander);
        let komkor = w.ties.patron(komdiv);
        assert_eq!(w.role(komkor), Role::CorpsCommander);
        assert!(matches!(
            w.role(w.ties.patron(komkor)),
            Role::ArmyCommander | Role::Marshal
        ));
    }
    // A first secretary's close circle is his bureau of 10-15, not his region's apparatus.
    for (i, post) in w.ties.posts.iter().enumerate() {
        if post.kind == PostKind::FirstSecretary {
            let n = w.ties.tails.members(i as u32).len();
            assert!(n <= 15, "a first secretary with a tail of {n}");
        }
    }
}

#[test]
fn with_the_army_switched_off_no_officer_is_dismissed() {
    let on = world(|_| {}, 32);
    let off = world(|p| p.army.enabled = false, 32);
    let army_dismissals = |w: &World| w.ledger.dismissals.iter().filter(|d| d.2).count();
    let special = |w: &World| {
        w.ledger
            .arrests
            .iter()
            .filter(|a| a.source == Source::SpecialDepartment)
            .count()
    };
    assert!(army_dismissals(&on) > 100, "{}", army_dismissals(&on));
    assert!(special(&on) > 0 && !on.ledger.reinstatements.is_empty());
    // Each ground of dismissal happens.
    assert!(
        on.state.army.by_ground.iter().all(|&n| n > 0.0),
        "{:?}",
        on.state.army.by_ground
    );
    assert_eq!(army_dismissals(&off), 0);
    assert_eq!(special(&off), 0);
    assert!(off.ledger.reinstatements.is_empty());
    // Reinstated officers had been dismissed, and were heard while the commission sat.
    let dismissed: HashSet<PersonId> = on.ledger.dismissals.iter().map(|d| d.0).collect();
    for &(p, day) in &on.ledger.reinstatements {
        assert!(dismissed.contains(&p));
        assert!(day >= on.params.army.review_from && day <= on.params.army.review_until);
    }
}

#[test]
fn raising_the_risk_of_ex_oppositionists_raises_their_share_of_the_arrested() {
    // Among the elite taken from the top by rank and biography (the lists and the sweeps with
    // the suspicion they leave), the former oppositionists' share.
    let share = |w: &World| {
        let taken: HashSet<PersonId> = w
            .ledger
            .arrests
            .iter()
            .filter(|a| matches!(a.source, Source::Lists | Source::Sweep(_)))
            .filter(|a| w.elite.contains(&a.person))
            .map(|a| a.person)
            .collect();
        let ex = taken
            .iter()
            .filter(|&&p| w.nomenklatura.ex_opposition.contains(p))
            .count();
        ex as f64 / taken.len().max(1) as f64
    };
    for seed in [33, 34] {
        let neutral = world(
            |p| p.nomenklatura.ex_oppositionist_relative_risk = 1.0,
            seed,
        );
        let marked = world(
            |p| p.nomenklatura.ex_oppositionist_relative_risk = 20.0,
            seed,
        );
        // The former oppositionists are a few per cent of the elite and the trials take many
        // of them first, so their share cannot rise far: it must at least double.
        let (a, b) = (share(&neutral), share(&marked));
        assert!(
            b > 2.0 * a && b > a + 0.02,
            "seed {seed}: share {a} at risk 1, {b} at risk 20"
        );
    }
}

#[test]
fn show_trial_defendants_are_chosen_by_biography() {
    let w = world(|_| {}, 35);
    let ex = &w.nomenklatura.ex_opposition;
    let (mut trials, mut all, mut former) = (0, 0, 0);
    for (i, (id, _)) in w.state.policy.events.iter().enumerate() {
        let defendants: Vec<PersonId> = w
            .ledger
            .arrests
            .iter()
            .filter(|a| a.source == Source::Trial(i as u16))
            .map(|a| a.person)
            .collect();
        if defendants.is_empty() || id == "military_case" {
            continue;
        }
        trials += 1;
        all += defendants.len();
        former += defendants.iter().filter(|&&p| ex.contains(p)).count();
        // The first trials find enough former oppositionists in their pool to take only them.
        if trials <= 2 {
            assert!(
                defendants.iter().all(|&p| ex.contains(p)),
                "{id}: defendants who were never in an opposition"
            );
        }
    }
    assert!(trials >= 2);
    // By lot, about one in twenty would be (their share of the pool).
    assert!(
        former * 3 >= all * 2,
        "{former} of {all} defendants were former oppositionists"
    );
}

#[test]
fn a_sweep_takes_the_first_secretary_and_his_successors_inherit_suspicion() {
    let w = world(|_| {}, 36);
    let sweeps: Vec<_> = w
        .ledger
        .arrests
        .iter()
        .filter(|a| matches!(a.source, Source::Sweep(_)))
        .collect();
    assert!(
        sweeps
            .iter()
            .any(|a| w.role(a.person) == Role::RegionalFirstSecretary && a.cause == Cause::Centre)
    );
    // The case archive's rank or post: the role, the rank, or the post last held.
    for a in &sweeps {
        let label = chistka_model::institutions::rank_or_post(&w, a.person);
        assert!(label.is_some(), "a swept person without rank or post");
    }
    let officer = w.army.regiment_heads[0];
    assert_eq!(
        chistka_model::institutions::rank_or_post(&w, officer),
        Some("regiment_commander")
    );
    // Someone appointed to a swept post after its sweep was arrested for it.
    let appointed_after: HashSet<PersonId> = w
        .ledger
        .appointments
        .iter()
        .filter(|a| {
            w.state.nomenklatura.suspect_posts.iter().any(|&(post, s)| {
                post == a.post && a.day > w.params.nomenklatura.structure.sweeps[s as usize].date
            })
        })
        .map(|a| a.person)
        .collect();
    assert!(sweeps.iter().any(|a| appointed_after.contains(&a.person)));
    let off = world(|p| p.nomenklatura.enabled = false, 36);
    assert!(
        !off.ledger
            .arrests
            .iter()
            .any(|a| matches!(a.source, Source::Sweep(_)))
    );
    assert!(off.state.nomenklatura.suspect_posts.is_empty());
}
