//! Who the victims were, read from the case archive a small default run writes: every person
//! carries sex, age band, category, nationality, rank or post, channel and origin, and women
//! die less often than men once arrested (wives went to camp under order 00486).
#![allow(clippy::unwrap_used)]

use chistka_model::sim::{Quiet, RunOptions, run};
use chistka_output::{RunInfo, write_cases};

fn archive(scale: f64, seed: u64) -> (tempfile::TempDir, rusqlite::Connection) {
    let scenario = chistka_scenario::embedded("great-purge").unwrap();
    let w = run(scenario.params, RunOptions { scale, seed }, &mut Quiet).unwrap();
    let info = RunInfo {
        version: "test".into(),
        git_commit: None,
        scenario: "great-purge".into(),
        scenario_hash: "h".into(),
        seed,
        scale,
        threads: 1,
        wall_seconds: 0.0,
        people_simulated: w.people.len(),
        mass_weight: w.mass_weight,
        note: String::new(),
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases.sqlite");
    write_cases(&path, &w, &info).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    (dir, conn)
}

fn number(conn: &rusqlite::Connection, sql: &str) -> f64 {
    conn.query_row(sql, [], |r| r.get::<_, f64>(0)).unwrap()
}

#[test]
fn every_person_carries_who_they_were_and_every_sentence_its_channel() {
    let (_dir, conn) = archive(0.0005, 11);
    let people = number(&conn, "SELECT count(*) FROM people");
    assert!(people > 100.0);
    for column in [
        "sex",
        "age_band",
        "category",
        "nationality",
        "origin",
        "education",
    ] {
        let missing = number(
            &conn,
            &format!("SELECT count(*) FROM people WHERE {column} IS NULL OR {column} = ''"),
        );
        assert_eq!(missing, 0.0, "people without {column}");
    }
    let origins: Vec<String> = conn
        .prepare("SELECT DISTINCT origin FROM people ORDER BY 1")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        origins
            .iter()
            .all(|o| ["alien", "employee", "peasant", "worker"].contains(&o.as_str())),
        "{origins:?}"
    );
    // Rank or post: every member of the elite has a rank, and every holder of a post on the
    // first day (officials, managers, officers) a post.
    // Everyone at full scale is the elite layer (a role) or the army (a rank), or an officer's
    // wife: so every man at full scale has one or the other.
    let full_scale_men_without_rank = number(
        &conn,
        "SELECT count(*) FROM people WHERE weight = 1 AND sex = 'male' \
         AND elite_role IS NULL AND army_rank IS NULL",
    );
    assert_eq!(full_scale_men_without_rank, 0.0);
    let officers_without_rank = number(
        &conn,
        "SELECT count(*) FROM people WHERE category = 'army_officer' AND army_rank IS NULL",
    );
    assert_eq!(officers_without_rank, 0.0);
    let ranked = number(
        &conn,
        "SELECT count(*) FROM people WHERE army_rank IS NOT NULL",
    );
    assert!(ranked > 0.0, "no officer in the archive");
    let with_post = number(&conn, "SELECT count(*) FROM people WHERE post IS NOT NULL");
    assert!(with_post > 0.0);
    let officials_with_post = number(
        &conn,
        "SELECT count(*) FROM people WHERE category = 'official' AND post = 'official'",
    );
    assert!(officials_with_post > 0.0);
    // Channel: every sentenced person's fate names the body that passed the last sentence.
    let without_channel = number(
        &conn,
        "SELECT count(*) FROM fates WHERE last_verdict IS NOT NULL AND last_channel IS NULL",
    );
    assert_eq!(without_channel, 0.0);
    let channel_agrees = number(
        &conn,
        "SELECT count(*) FROM fates f WHERE f.last_channel IS NOT NULL AND f.last_channel != \
         (SELECT s.channel FROM sentences s WHERE s.person = f.person ORDER BY s.date DESC, s.id \
         DESC LIMIT 1)",
    );
    assert_eq!(
        channel_agrees, 0.0,
        "last_channel is the last sentence's channel"
    );
}

#[test]
fn women_are_executed_less_often_than_men_once_arrested() {
    let (_dir, conn) = archive(0.002, 1937);
    let rate = |sex: &str| {
        number(
            &conn,
            &format!(
                "SELECT avg(f.last_verdict = 'execution') FROM fates f JOIN people p ON \
                 p.id = f.person WHERE p.sex = '{sex}' AND f.arrests > 0"
            ),
        )
    };
    let (women, men) = (rate("female"), rate("male"));
    assert!(women < men, "women {women} vs men {men}");
    // The registered former kulaks and the officers are men, by the composition.
    let share = |category: &str| {
        number(
            &conn,
            &format!("SELECT avg(sex = 'female') FROM people WHERE category = '{category}'"),
        )
    };
    assert!(share("former_kulak") < 0.2);
}
