//! Resumption, the budget and the acceptance rate.

use super::*;

#[test]
fn a_resumed_run_equals_an_uninterrupted_one() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let log = dir.path().join("abc.log");
    let s = settings(100, 5);
    let whole = gaussian_run(&s, 2, None);
    let first = gaussian_run(
        &Settings {
            generations: 3,
            ..s.clone()
        },
        2,
        Some(&log),
    );
    assert_eq!(first.generations[..], whole.generations[..3]);
    let resumed = gaussian_run(&s, 2, Some(&log));
    assert_eq!(resumed, whole);
    // A run cut short while writing generation 4: its rows and a partial line are dropped.
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let cut = lines.len() - 100 + 37;
    let partial = format!("{}\n{}", lines[..cut].join("\n"), &lines[cut][..5]);
    std::fs::write(&log, partial).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(gaussian_run(&s, 1, Some(&log)), whole);
    assert_eq!(std::fs::read_to_string(&log).unwrap_or_default(), text);
    // Everything logged: nothing to run, the same answer.
    assert_eq!(gaussian_run(&s, 1, Some(&log)), whole);
    // Another experiment's log is refused and left alone.
    let h = [hypothesis("normal", vec![uniform("mu", -10.0, 10.0)])];
    let d = Distance::new(vec![1.0]);
    let other = Settings { seed: 1, ..s };
    let e = run(
        &h,
        &Gaussian,
        &[1.37],
        &d,
        &other,
        &pool(1),
        Some(&log),
        &mut |_, _| {},
    )
    .expect_err("another seed");
    assert!(matches!(e, AnalysisError::Resume(_)), "{e}");
    let e = run(
        &h,
        &Gaussian,
        &[1.5],
        &d,
        &settings(100, 5),
        &pool(1),
        Some(&log),
        &mut |_, _| {},
    )
    .expect_err("other data");
    assert!(matches!(e, AnalysisError::Resume(_)), "{e}");
    assert_eq!(std::fs::read_to_string(&log).unwrap_or_default(), text);
}

#[test]
fn the_budget_stops_with_the_last_complete_generation() {
    let s = settings(100, 6);
    let whole = gaussian_run(&s, 2, None);
    let upto = |g: usize| -> usize { whole.generations[..g].iter().map(|g| g.simulations).sum() };
    // Enough for three generations and part of the fourth.
    let limited = Settings {
        max_simulations: upto(4) - 1,
        ..s.clone()
    };
    let p = gaussian_run(&limited, 2, None);
    assert_eq!(p.stop, Stop::Budget);
    assert_eq!(p.generations[..], whole.generations[..3]);
    assert_eq!(p.simulations, upto(4) - 1);
    // Exactly enough for four.
    let p = gaussian_run(
        &Settings {
            max_simulations: upto(4),
            ..s.clone()
        },
        1,
        None,
    );
    assert_eq!(p.generations.len(), 4);
    // Not enough for the prior sample.
    let h = [hypothesis("normal", vec![uniform("mu", -10.0, 10.0)])];
    let d = Distance::new(vec![1.0]);
    let tiny = Settings {
        max_simulations: 99,
        ..s
    };
    let e = run(
        &h,
        &Gaussian,
        &[1.37],
        &d,
        &tiny,
        &pool(1),
        None,
        &mut |_, _| {},
    )
    .expect_err("budget below one generation");
    assert!(matches!(e, AnalysisError::Input(_)), "{e}");
}

#[test]
fn a_low_acceptance_rate_abandons_the_generation() {
    let s = settings(100, 9);
    let whole = gaussian_run(&s, 2, None);
    // The first generation whose acceptance falls below 0.2, and the run that stops before it.
    let low = whole
        .generations
        .iter()
        .position(|g| g.acceptance < 0.2)
        .unwrap_or_else(|| panic!("acceptance never below 0.2"));
    let p = gaussian_run(
        &Settings {
            min_acceptance: 0.2,
            ..s
        },
        2,
        None,
    );
    assert_eq!(p.stop, Stop::Acceptance);
    assert_eq!(p.generations[..], whole.generations[..low]);
}
