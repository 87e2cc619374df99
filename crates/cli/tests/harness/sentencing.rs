//! Sentencing powers by body and date, and the camps and colonies (issue 10, items 4 and 5):
//! the law read back from the case archive the binary writes, and behaviour tests with common
//! random numbers (the same seed with one parameter changed).

use std::process::Command;

use chistka_model::ledger::{Channel, Flow, Stock, Verdict};
use chistka_model::params::Params;
use chistka_model::sim::{Quiet, RunOptions, execute};
use chistka_model::summary::flow_in_years;
use chistka_model::world::World;

fn world(edit: impl FnOnce(&mut Params), seed: u64, scale: f64) -> World {
    let mut params = chistka_scenario::embedded("great-purge").unwrap().params;
    edit(&mut params);
    execute(params, RunOptions { scale, seed }, &mut Quiet)
}

/// Issue 10: the Special Board (OSO) had no power to pass a death sentence before the GKO
/// decree of 17 November 1941. Read from the SQLite case archive `run --cases` writes, over a
/// few seeds; on the model before issue 10 this query found thousands of the Board's death
/// sentences in 1937-38.
#[test]
fn issue_10_special_board_never_shoots_before_november_1941() {
    for seed in ["11", "12", "13"] {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_chistka"))
            .args([
                "run", "--scale", "0.0005", "--seed", seed, "--cases", "--out",
            ])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let db = rusqlite::Connection::open(dir.path().join("cases.sqlite")).unwrap();
        let count = |sql: &str| -> i64 { db.query_row(sql, [], |r| r.get(0)).unwrap() };
        let shot = count(
            "SELECT count(*) FROM sentences WHERE channel = 'special_board' \
             AND verdict = 'execution' AND date < '1941-11-17'",
        );
        assert_eq!(shot, 0, "seed {seed}: the Special Board shot {shot} people");
        // Not vacuous: the Board sentenced people, and others shot.
        let judged = count("SELECT count(*) FROM sentences WHERE channel = 'special_board'");
        let executions = count("SELECT count(*) FROM sentences WHERE verdict = 'execution'");
        assert!(judged > 50, "seed {seed}: the Board judged only {judged}");
        assert!(executions > 50, "seed {seed}: only {executions} executions");
    }
}

#[test]
fn every_body_sentences_only_while_it_sits_and_shoots_only_when_it_may() {
    let w = world(|_| {}, 31, 0.001);
    let mut bodies = std::collections::HashMap::new();
    for s in &w.ledger.sentences {
        // Show-trial verdicts are scripted events of the timeline, not the Collegium's practice.
        let body = chistka_model::processes::sentencing::body(&w, s.channel);
        assert!(
            body.sits(s.day),
            "{:?} sentenced on {} outside its sittings",
            s.channel,
            s.day
        );
        if s.verdict == Verdict::Execution {
            assert!(body.may_shoot(s.day), "{:?} shot on {}", s.channel, s.day);
        }
        if s.verdict == Verdict::Camp && s.channel != Channel::MilitaryCollegium {
            let cap = body.camp_term_max_years.at(s.day.year()) * 365.25;
            assert!(
                f64::from(s.term_days) <= cap.round(),
                "{:?} gave {} days on {}, above its {} years",
                s.channel,
                s.term_days,
                s.day,
                cap / 365.25
            );
        }
        *bodies.entry(s.channel).or_insert(0) += 1;
    }
    for ch in Channel::ALL {
        assert!(bodies.get(ch).copied().unwrap_or(0) > 0, "{ch:?} never sat");
    }
}

/// Camp terms the Special Board gave from 1937, in days.
fn special_board_terms(w: &World) -> Vec<u32> {
    w.ledger
        .sentences
        .iter()
        .filter(|s| s.channel == Channel::SpecialBoard && s.verdict == Verdict::Camp)
        .filter(|s| s.day.year() >= 1937)
        .map(|s| s.term_days)
        .collect()
}

#[test]
fn raising_the_special_boards_term_cap_shifts_its_sentences() {
    let cap = |years: f64| {
        move |p: &mut Params| {
            let b = &mut p.sentencing.special_board;
            b.camp_term_max_years.0.retain(|e| e.0 < 1937);
            b.camp_term_max_years.0.push((1937, years));
            b.terms =
                chistka_model::params::Terms::new(vec![3.0, 5.0, 8.0, 10.0], vec![1.0; 4]).unwrap();
        }
    };
    let low = special_board_terms(&world(cap(5.0), 32, 0.001));
    let high = special_board_terms(&world(cap(10.0), 32, 0.001));
    let longest = |t: &[u32]| t.iter().copied().max().unwrap_or(0);
    let mean = |t: &[u32]| t.iter().map(|&x| f64::from(x)).sum::<f64>() / t.len().max(1) as f64;
    assert!(
        low.len() > 30 && high.len() > 30,
        "{} / {}",
        low.len(),
        high.len()
    );
    assert!(longest(&low) <= (5.0f64 * 365.25).round() as u32);
    assert_eq!(longest(&high), (10.0f64 * 365.25).round() as u32);
    assert!(
        mean(&high) > mean(&low) * 1.2,
        "{} vs {}",
        mean(&high),
        mean(&low)
    );
}

/// Deaths in the camps and colonies in 1938 per person of the average stock.
fn mortality_1938(w: &World) -> f64 {
    let d0 = chistka_engine::calendar::Day::jan1(1938).since(w.params.start) as usize;
    let stock: f64 = (d0..d0 + 365)
        .map(|d| w.ledger.stock(d, Stock::CampPopulation))
        .sum::<f64>()
        / 365.0;
    flow_in_years(w, Flow::DeathsInCustody, 1938, 1938) / stock
}

#[test]
fn overcrowding_raises_camp_mortality_only_when_switched_on() {
    let run = |elasticity: f64, flood: bool| {
        world(
            |p| {
                p.camps.crowding_mortality_elasticity = elasticity;
                if flood {
                    p.camps
                        .criminal_convicts_per_year
                        .0
                        .push((1938, 3_000_000.0));
                    p.camps.criminal_convicts_per_year.0.push((1939, 400_000.0));
                    p.camps.criminal_convicts_per_year.0.sort_by_key(|e| e.0);
                }
            },
            33,
            0.002,
        )
    };
    let (off_low, off_high) = (
        mortality_1938(&run(0.0, false)),
        mortality_1938(&run(0.0, true)),
    );
    let (on_low, on_high) = (
        mortality_1938(&run(1.0, false)),
        mortality_1938(&run(1.0, true)),
    );
    // Off: the year's rate whatever the inflow (within sampling noise).
    assert!(
        (off_high / off_low - 1.0).abs() < 0.15,
        "without overcrowding mortality {off_low:.4} -> {off_high:.4}"
    );
    // On: a flood of admissions kills more per inmate.
    assert!(
        on_high > on_low * 1.5,
        "with overcrowding mortality {on_low:.4} -> {on_high:.4}"
    );
}

#[test]
fn releases_add_up_by_reason_and_camps_split_into_itl_and_itk() {
    let w = world(|_| {}, 34, 0.001);
    for year in 1934..=1941 {
        let total = flow_in_years(&w, Flow::Releases, year, year);
        let parts: f64 = [
            Flow::ReleasesEndOfTermPolitical,
            Flow::ReleasesEndOfTermCriminal,
            Flow::ReleasesAcquitted,
            Flow::ReleasesOnReview,
            Flow::ReleasesExileEnd,
        ]
        .iter()
        .map(|&f| flow_in_years(&w, f, year, year))
        .sum();
        assert!(
            (total - parts).abs() < 1e-6 * total.max(1.0),
            "{year}: releases {total} vs the sum of reasons {parts}"
        );
    }
    assert!(flow_in_years(&w, Flow::ReleasesOnReview, 1939, 1940) > 0.0);
    assert_eq!(flow_in_years(&w, Flow::ReleasesOnReview, 1934, 1938), 0.0);
    for d in 0..w.ledger.days() {
        let (all, itl, itk) = (
            w.ledger.stock(d, Stock::CampPopulation),
            w.ledger.stock(d, Stock::CampPopulationItl),
            w.ledger.stock(d, Stock::CampPopulationItk),
        );
        assert!((itl + itk - all).abs() < 1e-6 * all.max(1.0), "day {d}");
        assert!(itk > 0.0 && itl > 0.0, "day {d}: ITL {itl}, ITK {itk}");
    }
    // The record's stocks on the first day: 510,307 in camps, 200,000 in colonies (at scale).
    let itk0 = w.ledger.stock(0, Stock::CampPopulationItk);
    assert!((itk0 / 200_000.0 - 1.0).abs() < 0.1, "{itk0}");
}

#[test]
fn the_abolition_of_work_credits_lengthens_criminal_time_served() {
    // Credits abolished at the start against abolished after the run: criminal convicts serve
    // longer, so fewer of them are released by 1937 and the camps hold more.
    let early = world(|p| p.camps.work_credits_abolished = p.start, 35, 0.001);
    let late = world(
        |p| p.camps.work_credits_abolished = p.end.plus(1),
        35,
        0.001,
    );
    let released = |w: &World| flow_in_years(w, Flow::ReleasesEndOfTermCriminal, 1934, 1936);
    assert!(
        released(&late) > released(&early) * 1.05,
        "{} vs {}",
        released(&late),
        released(&early)
    );
}

#[test]
fn the_decrees_of_1940_and_the_annexed_territories_fill_the_camps_from_their_dates() {
    let with = world(|_| {}, 36, 0.001);
    let without = world(
        |p| {
            p.camps.labour_decree.convicts_per_year = 0.0;
            p.camps.theft_decree.convicts_per_year = 0.0;
            p.camps.annexed_inflow_per_year.0 = vec![(1934, 0.0)];
        },
        36,
        0.001,
    );
    let convictions = |w: &World, year| flow_in_years(w, Flow::CriminalConvictions, year, year);
    // Before the first of them (September 1939) the two runs are the same.
    assert_eq!(convictions(&with, 1938), convictions(&without, 1938));
    assert!(convictions(&with, 1940) > convictions(&without, 1940) * 1.3);
    let jan1 = |w: &World, y| {
        let d = chistka_engine::calendar::Day::jan1(y).since(w.params.start) as usize;
        w.ledger.stock(d, Stock::CampPopulation)
    };
    assert!(jan1(&with, 1941) > jan1(&without, 1941));
}

#[test]
fn prison_and_transit_deaths_are_counted_apart_from_the_camps() {
    let off = world(
        |p| {
            p.camps.prison_mortality_percent_per_year = 0.0;
            p.camps.transit_death_probability =
                chistka_model::params::Probability::new(0.0).unwrap();
        },
        37,
        0.001,
    );
    let on = world(
        |p| {
            p.camps.prison_mortality_percent_per_year = 20.0;
            p.camps.transit_death_probability =
                chistka_model::params::Probability::new(0.1).unwrap();
        },
        37,
        0.001,
    );
    let all = |w: &World, f| flow_in_years(w, f, 1934, 1941);
    assert_eq!(all(&off, Flow::DeathsInPrison), 0.0);
    assert_eq!(all(&off, Flow::DeathsInTransit), 0.0);
    assert!(all(&on, Flow::DeathsInPrison) > 0.0);
    let transit = all(&on, Flow::DeathsInTransit) / all(&on, Flow::CampSentences);
    assert!((0.05..0.15).contains(&transit), "{transit}");
}
