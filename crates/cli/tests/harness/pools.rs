//! The indexed pools (`chistka_model::pools`) draw each person with the probability that trying
//! the region's people in turn gave: a draw by risk takes each category in proportion to its
//! risk times its people at liberty, a woman at her factor, and a draw of recruits takes each
//! level of education in proportion to its people times its acceptance. Synthetic people.

use chistka_engine::streams::Streams;
use chistka_model::params::{CategoryTable, Probability};
use chistka_model::people::{AgeBand, Category, Education, flag};
use chistka_model::pools::RiskDraw;
use chistka_model::processes::{party, pick_target, promotion};
use chistka_model::sim::{Quiet, RunOptions, build_world};
use chistka_model::world::World;

fn world(female_relative_risk: f64) -> World {
    let mut params = chistka_scenario::embedded("great-purge").unwrap().params;
    params.policing.female_relative_risk = Probability::new(female_relative_risk).unwrap();
    build_world(
        params,
        RunOptions {
            scale: 0.002,
            seed: 11,
        },
        &mut Quiet,
    )
}

/// The region with the most people.
fn largest_region(w: &World) -> usize {
    (0..w.regions.len())
        .max_by_key(|&r| w.regions[r].len())
        .unwrap()
}

/// Asserts that `observed` of `draws` is within five standard deviations of `share`.
fn within(label: &str, observed: usize, draws: usize, share: f64) {
    let expected = share * draws as f64;
    let sd = (draws as f64 * share * (1.0 - share)).sqrt().max(1.0);
    assert!(
        (observed as f64 - expected).abs() < 5.0 * sd,
        "{label}: {observed} of {draws} drawn, {expected:.0} expected (sd {sd:.0})"
    );
}

#[test]
fn a_draw_by_risk_takes_categories_by_risk_times_people_at_liberty_and_women_at_their_factor() {
    let w = world(0.5);
    // The initial camp population is placed when the world is built: some are not at liberty.
    let r = largest_region(&w);
    let mut risk = CategoryTable([0.0; Category::ALL.len()]);
    risk.0[Category::Clergy as usize] = 8.0;
    risk.0[Category::Worker as usize] = 1.0;
    risk.0[Category::KolkhozPeasant as usize] = 0.5;
    // What a scan of the region gives: each person at liberty and at work weighs risk x factor.
    let mut mass = vec![0.0; Category::ALL.len()];
    let mut women = 0.0;
    for p in w.regions[r].clone() {
        if !w.people.at_liberty(p) || w.people.has(p, flag::AT_HOME) {
            continue;
        }
        let c = w.people.category(p);
        let factor = if w.people.has(p, flag::FEMALE) {
            0.5
        } else {
            1.0
        };
        mass[c as usize] += risk.of(c) * factor;
        if w.people.has(p, flag::FEMALE) {
            women += risk.of(c) * factor;
        }
    }
    let total: f64 = mass.iter().sum();
    assert!(
        mass[Category::Clergy as usize] > 0.0,
        "no clergy in region {r}"
    );
    let mut rng = Streams::new(5).stream(1);
    let draws = 40_000;
    let mut by_category = vec![0usize; Category::ALL.len()];
    let mut drawn_women = 0;
    let draw = RiskDraw::new(&w.pools, &risk);
    for _ in 0..draws {
        let p = pick_target(&w, r, &draw, &mut rng).expect("a region of thousands has someone");
        assert!(w.people.at_liberty(p), "{p} drawn but not at liberty");
        assert!(!w.people.has(p, flag::AT_HOME), "{p} drawn but keeps house");
        assert!(w.regions[r].contains(&p), "{p} drawn outside region {r}");
        by_category[w.people.category(p) as usize] += 1;
        drawn_women += usize::from(w.people.has(p, flag::FEMALE));
    }
    for c in Category::ALL {
        let share = mass[*c as usize] / total;
        if share == 0.0 {
            assert_eq!(by_category[*c as usize], 0, "{} drawn at risk 0", c.name());
        } else {
            within(c.name(), by_category[*c as usize], draws, share);
        }
    }
    within("women", drawn_women, draws, women / total);
}

#[test]
fn a_draw_of_recruits_takes_each_education_by_its_people_times_its_acceptance() {
    let w = world(1.0);
    let r = largest_region(&w);
    let mut mass = vec![0.0; Education::ALL.len()];
    for p in w.regions[r].clone() {
        if promotion::RECRUITS.contains(&w.people.category(p))
            && matches!(w.people.age(p), AgeBand::Young | AgeBand::Middle)
        {
            let e = w.people.education(p);
            mass[e as usize] += party::acceptance(e);
        }
    }
    let total: f64 = mass.iter().sum();
    let mut rng = Streams::new(6).stream(1);
    let draws = 40_000;
    let mut by_education = vec![0usize; Education::ALL.len()];
    for _ in 0..draws {
        let p = w.state.recruits[r].pick(&w.pools, &mut rng).unwrap();
        assert!(promotion::RECRUITS.contains(&w.people.category(p)));
        assert!(matches!(w.people.age(p), AgeBand::Young | AgeBand::Middle));
        assert!(w.regions[r].contains(&p));
        by_education[w.people.education(p) as usize] += 1;
    }
    for e in Education::ALL {
        within(
            e.name(),
            by_education[*e as usize],
            draws,
            mass[*e as usize] / total,
        );
    }
}
