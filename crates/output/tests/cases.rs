//! The case archive and the accusation network against the in-memory event log of a small run.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use chistka_model::sim::{Quiet, RunOptions, run};
use chistka_model::world::World;
use chistka_output::{RunInfo, write_cases, write_graphml};

fn small_world() -> World {
    let scenario = chistka_scenario::embedded("great-purge").unwrap();
    run(
        scenario.params,
        RunOptions {
            scale: 0.0005,
            seed: 7,
        },
        &mut Quiet,
    )
    .unwrap()
}

fn info(w: &World) -> RunInfo {
    RunInfo {
        version: "test".into(),
        git_commit: None,
        scenario: "great-purge".into(),
        scenario_hash: "h".into(),
        seed: 7,
        scale: 0.0005,
        threads: 1,
        wall_seconds: 0.0,
        people_simulated: w.people.len(),
        mass_weight: w.mass_weight,
        note: String::new(),
    }
}

fn count(conn: &rusqlite::Connection, sql: &str) -> usize {
    conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as usize
}

#[test]
fn archive_rows_match_the_event_log() {
    let w = small_world();
    assert!(!w.ledger.arrests.is_empty() && !w.ledger.accusations.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases.sqlite");
    let counts = write_cases(&path, &w, &info(&w)).unwrap();
    // Only the archive, no journal or temporary file left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    let conn = rusqlite::Connection::open(&path).unwrap();
    let l = &w.ledger;
    assert_eq!(
        count(&conn, "SELECT count(*) FROM arrests"),
        l.arrests.len()
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM accusations"),
        l.accusations.len()
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM sentences"),
        l.sentences.len()
    );
    assert_eq!(counts.arrests, l.arrests.len());

    let mut people: BTreeSet<u32> = w.elite.clone().collect();
    people.extend(l.arrests.iter().map(|a| a.person));
    people.extend(l.sentences.iter().map(|s| s.person));
    people.extend(l.accusations.iter().flat_map(|a| [a.accuser, a.accused]));
    assert_eq!(count(&conn, "SELECT count(*) FROM people"), people.len());
    assert!(
        people.len() < w.people.len() / 2,
        "only the people the log touches"
    );

    let arrested: BTreeSet<u32> = l.arrests.iter().map(|a| a.person).collect();
    let sentenced: BTreeSet<u32> = l.sentences.iter().map(|s| s.person).collect();
    assert_eq!(
        count(&conn, "SELECT count(*) FROM fates"),
        arrested.union(&sentenced).count()
    );
    // Every foreign key resolves.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM arrests WHERE person NOT IN (SELECT id FROM people)"
        ),
        0
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM accusations WHERE accused NOT IN (SELECT id FROM people) \
             OR accuser NOT IN (SELECT id FROM people)"
        ),
        0
    );
    // Group cases point at the arrest that started them, as in the event log.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM arrests WHERE group_case IS NOT NULL \
             AND group_case NOT IN (SELECT id FROM arrests)"
        ),
        0
    );
    let groups: BTreeSet<u32> = l.arrests.iter().map(|a| a.group).collect();
    assert_eq!(
        count(&conn, "SELECT count(DISTINCT group_case) FROM arrests"),
        groups.len()
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM sentences WHERE channel = ''"),
        0
    );
    // Executions and the synthetic note agree with the run.
    let executions = l
        .sentences
        .iter()
        .filter(|s| matches!(s.verdict, chistka_model::ledger::Verdict::Execution))
        .count();
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM sentences WHERE verdict = 'execution'"
        ),
        executions
    );
    let note: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'note'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(note.contains("synthetic"));
    let seed: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'seed'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(seed, "7");
    // The elite layer is there in full, with the Congress delegates flagged.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM people WHERE elite_role IS NOT NULL"
        ),
        w.elite.len()
    );
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM people WHERE congress17_delegate = 1"
        ) > 1000
    );

    // Writing again replaces the file whole.
    write_cases(&path, &w, &info(&w)).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert_eq!(
        count(&conn, "SELECT count(*) FROM arrests"),
        l.arrests.len()
    );
}

#[test]
fn graphml_parses_and_holds_every_accusation() {
    use quick_xml::events::Event;
    let w = small_world();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accusations.graphml");
    write_graphml(&path, &w).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&text);
    let (mut nodes, mut edges, mut graphs) = (0usize, 0usize, 0usize);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"node" => nodes += 1,
                b"edge" => edges += 1,
                b"graph" => graphs += 1,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    let people: BTreeSet<u32> = w
        .ledger
        .accusations
        .iter()
        .flat_map(|a| [a.accuser, a.accused])
        .collect();
    assert_eq!(graphs, 1);
    assert_eq!(edges, w.ledger.accusations.len());
    assert_eq!(nodes, people.len());
    assert!(text.contains("synthetic"));
}
