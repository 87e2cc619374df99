//! The long run, 1941-1985 (crates/model/src/longrun): it leaves the daily model's outputs
//! untouched, it keeps its places and its cohort consistent, and the cohort it follows is the
//! terror's (common random numbers: with the terror off, the same seed promotes fewer in
//! 1937-39 and their share of the layers falls).

use chistka_engine::calendar::Day;
use chistka_model::longrun::{self, Layer, LongRun};
use chistka_model::sim::{Quiet, RunOptions, execute};
use chistka_model::world::World;
use chistka_output::{RunTables, longrun as tables};

const SCALE: f64 = 0.002;

fn scenario(overrides: &[(&str, &str)]) -> chistka_scenario::Scenario {
    let base = chistka_scenario::embedded("great-purge").unwrap();
    let list: Vec<(String, toml::Value)> = overrides
        .iter()
        .map(|(k, v)| (k.to_string(), chistka_scenario::dotted::value(v)))
        .collect();
    chistka_scenario::with_overrides(&base, &list).unwrap()
}

fn world(overrides: &[(&str, &str)], seed: u64) -> World {
    world_at(overrides, seed, SCALE)
}

fn world_at(overrides: &[(&str, &str)], seed: u64, scale: f64) -> World {
    let params = scenario(overrides).params;
    execute(params, RunOptions { scale, seed }, &mut Quiet)
}

fn long(w: &World) -> &LongRun {
    w.longrun.as_ref().expect("a run past 1941 has a long run")
}

#[test]
fn the_daily_outputs_are_the_same_with_or_without_the_long_run() {
    let short = world(&[], 11);
    let full = world(&[("end", "1985-03-11")], 11);
    assert!(short.longrun.is_none());
    assert_eq!(
        full.params.end,
        longrun::start_day(),
        "the daily model stops at the invasion"
    );
    let (a, b) = (RunTables::of(&short), RunTables::of(&full));
    assert_eq!(a.annual, b.annual);
    assert_eq!(a.monthly, b.monthly);
    assert_eq!(a.daily, b.daily);
    let (sa, sb) = (
        a.summary.as_object().unwrap(),
        b.summary.as_object().unwrap(),
    );
    for (k, v) in sa {
        assert_eq!(Some(v), sb.get(k), "summary key {k}");
    }
    assert!(sb.contains_key("cohort_1937_39_share_politburo"));
    assert!(a.longrun.is_empty());
    assert_eq!(b.longrun.len(), 2);
    // The tables have a row for 22 June 1941, each 1 January to 1985 and the last day.
    let t = tables::layers(long(&full));
    assert_eq!(t.rows.first().unwrap().0, "1941-06-22");
    assert_eq!(t.rows.last().unwrap().0, "1985-03-11");
    assert_eq!(t.rows.len(), 1 + 44 + 1);
}

#[test]
fn the_1937_39_cohort_is_never_larger_than_when_it_was_formed_and_only_shrinks() {
    let w = world(&[("end", "1985-03-11")], 12);
    let l = long(&w);
    assert!(l.cohort_formed > 0.0);
    let all: Vec<f64> = l
        .layers
        .iter()
        .filter(|r| r.layer == "all_nomenklatura")
        .map(|r| r.cohort_1937_39)
        .collect();
    assert!(
        all[0] > 0.0 && all[0] <= l.cohort_formed,
        "{} of {}",
        all[0],
        l.cohort_formed
    );
    for pair in all.windows(2) {
        assert!(pair[1] <= pair[0] + 1e-9, "the cohort grew: {pair:?}");
    }
    // Born before 1925 at the latest, all of them: by 1985 few are left anywhere.
    assert!(*all.last().unwrap() < 0.25 * all[0]);
}

#[test]
fn every_place_is_held_by_one_living_person_or_is_vacant() {
    let w = world(&[("end", "1985-03-11")], 13);
    let p = &w.params.longrun;
    let mut dates = 0;
    longrun::run_observed(&w, &mut |day, elite| {
        dates += 1;
        let now = longrun::year_of(day);
        for layer in Layer::ALL {
            let holders = elite.holders(layer);
            assert!(
                holders <= elite.places(layer) as usize,
                "{layer:?} on {day}: {holders} holders"
            );
            assert_eq!(
                elite.places(layer),
                p.data.size(layer, day),
                "{layer:?} on {day}"
            );
        }
        for c in &elite.cadres {
            assert!(!c.holds_nothing(), "a record without a place on {day}");
            assert!(
                !c.politburo || c.cc,
                "a Politburo member off the Committee on {day}"
            );
            let age = now - c.traits.born;
            assert!(
                (18.0..=105.0).contains(&age),
                "a holder aged {age} on {day}"
            );
        }
        assert!(elite.reserve.iter().all(|r| r.weight > 0.0 && !r.military));
        assert!(elite.officers.iter().all(|r| r.weight > 0.0 && r.military));
    });
    assert_eq!(dates, 1 + 44 + 1);
}

/// The layers' mean cohort share over 1942-1964, when the cohort was at its height.
fn cohort_share(w: &World, layer: Layer) -> f64 {
    let rows: Vec<f64> = long(w)
        .layers
        .iter()
        .filter(|r| r.layer == layer.name() && (1942..=1964).contains(&r.date.year()))
        .map(|r| r.share_promoted_1937_39)
        .collect();
    rows.iter().sum::<f64>() / rows.len() as f64
}

#[test]
fn without_the_terror_the_1937_39_cohort_holds_less_of_every_layer() {
    let off = [
        ("end", "1985-03-11"),
        ("quota.enabled", "false"),
        ("national.enabled", "false"),
        ("centre.enabled", "false"),
        ("nomenklatura.enabled", "false"),
        ("army.enabled", "false"),
        ("interrogation.enabled", "false"),
        ("denunciation.enabled", "false"),
        ("patronage.enabled", "false"),
        ("purgers.enabled", "false"),
    ];
    // At the default scale: the top layers are drawn from the lower nomenklatura, which is
    // sampled at the scale. Pairs on the same seed, the differences averaged over two seeds.
    let mut gap = [0.0; 4];
    for seed in [21, 22] {
        let with = world_at(&[("end", "1985-03-11")], seed, 0.01);
        let without = world_at(&off, seed, 0.01);
        assert!(long(&without).cohort_formed < long(&with).cohort_formed);
        for (g, layer) in gap.iter_mut().zip(Layer::ALL) {
            *g += cohort_share(&with, layer) - cohort_share(&without, layer);
        }
    }
    for (g, layer) in gap.iter().zip(Layer::ALL) {
        assert!(
            *g > 0.0,
            "{layer:?}: the cohort's share without the terror is not lower ({g})"
        );
    }
}

#[test]
fn a_later_end_only_adds_years() {
    let to_1953 = world(&[("end", "1953-01-01")], 14);
    let to_1985 = world(&[("end", "1985-03-11")], 14);
    let (a, b) = (long(&to_1953), long(&to_1985));
    let n = a.layers.len();
    assert_eq!(
        a.layers[..n],
        b.layers[..n],
        "the years to 1953 do not depend on the end"
    );
    assert_eq!(a.layers.last().unwrap().date, Day::jan1(1953));
}

fn chistka(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_chistka"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn run_until_writes_the_long_run_tables_and_a_bad_date_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("run");
    let out = out_dir.to_str().unwrap();
    let ok = chistka(&[
        "run",
        "--scale",
        "0.001",
        "--until",
        "1985-03-11",
        "--out",
        out,
    ]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(
        stdout.contains("longrun.csv, longrun_party.csv"),
        "{stdout}"
    );
    let csv = std::fs::read_to_string(out_dir.join("longrun.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    for column in [
        "date",
        "politburo_share_promoted_1937_39",
        "central_committee_mean_age",
        "first_secretaries_share_worker_peasant_technical",
        "ministers_places",
    ] {
        assert!(header.split(',').any(|c| c == column), "no column {column}");
    }
    assert!(csv.lines().any(|l| l.starts_with("1964-01-01,")));
    let party = std::fs::read_to_string(out_dir.join("longrun_party.csv")).unwrap();
    assert!(party.lines().next().unwrap().ends_with(",members"));
    let manifest = std::fs::read_to_string(out_dir.join("manifest.json")).unwrap();
    assert!(manifest.contains("longrun.csv") && manifest.contains("longrun_party.csv"));

    // A run without --until into the same directory leaves no long-run table behind.
    let again = chistka(&["run", "--scale", "0.001", "--out", out]);
    assert!(again.status.success());
    assert!(!out_dir.join("longrun.csv").exists());

    let bad_dir = dir.path().join("bad");
    let bad = chistka(&[
        "run",
        "--until",
        "1985-13-01",
        "--out",
        bad_dir.to_str().unwrap(),
    ]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("--until 1985-13-01: expected a date YYYY-MM-DD"),
        "{err}"
    );
    assert!(!bad_dir.exists(), "a refused run writes nothing");

    // Past the Union's end the long run has no data: refused, in words.
    let late = chistka(&[
        "run",
        "--until",
        "2030-01-01",
        "--out",
        bad_dir.to_str().unwrap(),
    ]);
    assert!(!late.status.success());
    let err = String::from_utf8_lossy(&late.stderr);
    assert!(err.contains("at most to 1991-12-31"), "{err}");
    assert!(!bad_dir.exists());
}
