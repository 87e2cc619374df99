//! A society (`chistka_model::society`) built once hosts many runs: a run on the society of its
//! own seed is the ordinary run, byte for byte; runs on one shared society share its people and
//! differ in their dynamics; a scenario that changes the population's structure is not hosted
//! by it. Synthetic people.

use chistka_analysis::outcome::{run_in, run_one};
use chistka_model::sim::{self, Quiet, RunOptions};
use chistka_model::society::Society;
use chistka_model::world::World;

const SCALE: f64 = 0.001;

fn params() -> chistka_model::params::Params {
    chistka_scenario::embedded("great-purge").unwrap().params
}

/// Everything a run writes that the tests compare: the annual, monthly and daily tables and the
/// summary.
fn outputs(w: &World) -> String {
    format!(
        "{}\n{}\n{}\n{:?}",
        chistka_output::annual(w).to_csv(),
        chistka_output::monthly(w).to_csv(),
        chistka_output::daily(w).to_csv(),
        chistka_model::summary::summary(w)
    )
}

#[test]
fn a_run_on_the_society_of_its_own_seed_is_the_ordinary_run() {
    let own = sim::execute(
        params(),
        RunOptions {
            scale: SCALE,
            seed: 5,
        },
        &mut Quiet,
    );
    let society = Society::build(&params(), SCALE, 5);
    let hosted = sim::execute_in(&society, params(), 5, &mut Quiet);
    assert!(outputs(&own) == outputs(&hosted), "the outputs differ");
    assert_eq!(own.ledger.arrests.len(), hosted.ledger.arrests.len());
    // The society itself is left as it was built: a second run on it is the same run again.
    let again = sim::execute_in(&society, params(), 5, &mut Quiet);
    assert!(
        outputs(&again) == outputs(&hosted),
        "the society was changed by a run"
    );
}

#[test]
fn runs_on_a_shared_society_share_its_people_and_differ_in_their_dynamics() {
    let society = Society::build(&params(), SCALE, 5);
    let a = sim::execute_in(&society, params(), 6, &mut Quiet);
    let b = sim::execute_in(&society, params(), 7, &mut Quiet);
    assert_eq!(
        a.people.category_age, b.people.category_age,
        "one population"
    );
    assert_eq!(a.people.nationality, b.people.nationality, "one population");
    assert_ne!(
        outputs(&a),
        outputs(&b),
        "another seed gives other dynamics"
    );
    // The run of seed 6 on its own society is another population and another run.
    let own = sim::execute(
        params(),
        RunOptions {
            scale: SCALE,
            seed: 6,
        },
        &mut Quiet,
    );
    assert_ne!(
        own.people.category_age, a.people.category_age,
        "its own society is another draw"
    );
    assert_ne!(outputs(&own), outputs(&a));
}

#[test]
fn a_scenario_that_changes_the_population_runs_on_a_society_of_its_own() {
    let society = Society::build(&params(), SCALE, 5);
    assert!(society.fits(&params(), SCALE));
    assert!(
        !society.fits(&params(), 0.002),
        "another scale is another society"
    );
    let mut scenario = chistka_scenario::embedded("great-purge").unwrap();
    scenario.params.population.household_size_mean += 0.5;
    assert!(!society.fits(&scenario.params, SCALE));
    // Dynamics alone fit.
    let mut faster = chistka_scenario::embedded("great-purge").unwrap();
    faster.params.threat.limit_elasticity = 0.0;
    assert!(society.fits(&faster.params, SCALE));
    // A misfit falls back to the ordinary run of its seed, not to a run on the wrong people.
    let hosted = run_in(&society, &scenario, 9).unwrap();
    let own = run_one(&scenario, SCALE, 9).unwrap();
    assert_eq!(
        format!("{:?}", hosted.summary),
        format!("{:?}", own.summary),
        "a misfit must run on a society of its own"
    );
}
