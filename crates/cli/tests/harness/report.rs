//! The report of real output, rendered in headless Chromium: the files are made by running the
//! binary at a tiny scale (a run, an ensemble, a comparison, an attribution and a validation in
//! one directory), then every chart must draw and the page must not be blank.
//!
//! Chromium is Debian's `chromium` package (`.ci/run` installs it), or the program named by
//! `CHROMIUM`. Without it these tests skip with a notice on stderr; with `CI=true` a missing
//! browser fails them.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn chistka(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_chistka"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chistka {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The outputs of the program under `dir`, each command's in its own directory (an output
/// directory is one unit): a run and, with `experiments`, an ensemble, a comparison, an
/// attribution and a validation. Returns the directories, to be reported together.
fn run_dir(dir: &Path, experiments: bool) -> Vec<PathBuf> {
    let sub = |name: &str| dir.join(name).to_str().unwrap().to_owned();
    let tiny = |name: &str| {
        [
            "--scale".to_owned(),
            "0.0005".into(),
            "--out".into(),
            sub(name),
        ]
    };
    let with = |args: &[&str], name: &str| {
        let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        all.extend(tiny(name));
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        chistka(&all);
    };
    with(&["run", "--seed", "3"], "run");
    if !experiments {
        return vec![dir.join("run")];
    }
    let early_halt = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/early-halt.toml"
    );
    with(&["ensemble", "--runs", "2"], "ensemble");
    with(
        &["compare", "great-purge", early_halt, "--runs", "2"],
        "compare",
    );
    with(
        &["attribute", "--runs", "1", "--permutations", "2"],
        "attribute",
    );
    with(&["validate", "--runs", "2"], "validate");
    ["run", "ensemble", "compare", "attribute", "validate"]
        .iter()
        .map(|n| dir.join(n))
        .collect()
}

/// Headless Chromium, or `None` (after a visible notice) when it is missing outside CI.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if path.exists() {
        return Some(path);
    }
    let notice = format!(
        "SKIPPED: the report's browser test needs headless Chromium, not found at {}. Install \
         Debian's package `chromium` (apt-get install chromium; .ci/run does this) or set \
         CHROMIUM to the browser.",
        path.display()
    );
    assert!(
        std::env::var("CI").map_or(true, |v| v != "true"),
        "{notice} With CI=true a missing browser fails the build."
    );
    // Written to stderr directly, not through eprintln!, so the test harness does not hide it.
    let _ = writeln!(std::io::stderr(), "\n{notice}");
    None
}

/// Runs Chromium headless on `page` with extra arguments; returns stdout.
fn headless(browser: &Path, page: &Path, extra: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium failed: {status}");
            break;
        }
        if started.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            panic!("chromium did not finish within 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().unwrap()
}

/// Each `<svg ...>...</svg>` element of a serialised DOM.
fn svgs(dom: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..]
            .find("</svg>")
            .map_or(rest.len(), |e| start + e + 6);
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

fn check(with_experiments: bool) {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let dirs = run_dir(dir.path(), with_experiments);
    let page = dir.path().join("report.html");
    let report = chistka_report::write_checked_report(&dirs, &page).unwrap();
    let html = std::fs::read_to_string(&page).unwrap();
    for external in ["<script", "<link", "@import", "src=\"http", "url(http"] {
        assert!(!html.contains(external), "self-contained: found {external}");
    }
    let mut expected = vec![
        "Arrests per year",
        "Political convictions per year",
        "Executions per year",
        "Arrests, convictions and executions per month",
        "Arrests per month by cause",
        "Camp population on 1 January",
        "Party members and candidates on 1 January",
        "Share of each elite group repressed",
        "Capacity in 1941 relative to 1934",
    ];
    if with_experiments {
        expected.extend([
            "Targets: convictions",
            "Targets: summary",
            "Counterfactual: arrests per year",
            "Counterfactual: executions per year",
            "Shapley shares of the arrests of 1937-38",
            "Shapley shares of the executions of 1937-38",
            "Arrests of 1937-38 by recorded cause",
            "Ordered from the centre, or grown from below",
        ]);
        for words in [
            "ensemble of 2 runs, seeds 1937 to 1938",
            "B - A, 5th to 95th percentile",
        ] {
            assert!(report.html.contains(words), "{words:?} in the page");
        }
    }
    for title in expected {
        assert!(
            report.charts.iter().any(|c| c == title),
            "{title:?} not in {:?}",
            report.charts
        );
    }

    let dom = headless(&browser, &page, &["--dump-dom"]);
    assert!(dom.contains("The people are synthetic"));
    assert!(dom.contains("not calibrated"));
    for title in &report.charts {
        assert!(
            dom.contains(title.as_str()),
            "chart title {title:?} in the DOM"
        );
    }
    let drawn = svgs(&dom);
    assert_eq!(drawn.len(), report.charts.len(), "one <svg> per chart");
    for (svg, title) in drawn.iter().zip(&report.charts) {
        let marks = svg.matches("<path").count() + svg.matches("<rect").count();
        assert!(marks >= 3, "chart {title:?} drew {marks} marks");
    }

    let shot = dir.path().join("shot.png");
    headless(
        &browser,
        &page,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,4000",
        ],
    );
    // To look at the page: CHISTKA_REPORT_KEEP=DIR cargo test -p chistka --test tests report
    if let Some(keep) = std::env::var_os("CHISTKA_REPORT_KEEP") {
        let name = if with_experiments { "ensemble" } else { "run" };
        let keep = PathBuf::from(keep);
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(&page, keep.join(format!("{name}.html"))).unwrap();
        std::fs::copy(&shot, keep.join(format!("{name}.png"))).unwrap();
    }
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    let bytes = &buf[..frame.buffer_size()];
    let px = frame.color_type.samples();
    let background = &bytes[..px];
    let different = bytes
        .chunks(px)
        .filter(|p| p.iter().zip(background).any(|(a, b)| a.abs_diff(*b) > 24))
        .count();
    let share = different as f64 / (bytes.len() / px) as f64;
    assert!(
        share > 0.05,
        "the page looks blank: only {:.1}% of pixels differ from the background",
        share * 100.0
    );
    let mut colours: Vec<&[u8]> = bytes.chunks(px).step_by(7).collect();
    colours.sort_unstable();
    colours.dedup();
    assert!(colours.len() > 50, "only {} colours", colours.len());
}

#[test]
fn a_run_report_draws_every_chart_in_chromium() {
    check(false);
}

#[test]
fn an_ensemble_report_with_experiments_draws_every_chart_in_chromium() {
    check(true);
}

/// The titles of the long run's charts, in page order.
const GENERATION_CHARTS: [&str; 4] = [
    "Share of the holders promoted in 1937-39 (%)",
    "Central Committee born 1901-1920 (%)",
    "Mean age of each top layer",
    "Party members and candidates, 1941-1985",
];

/// The report of a run at `scale` with `extra` arguments, through the checks of `chistka report`.
fn report_of(extra: &[&str]) -> (tempfile::TempDir, chistka_report::Report) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let mut args = vec!["run", "--seed", "3", "--scale", "0.001", "--out"];
    args.push(out.to_str().unwrap());
    args.extend(extra);
    chistka(&args);
    let page = dir.path().join("report.html");
    let report = chistka_report::write_checked_report(&[out], &page).unwrap();
    (dir, report)
}

#[test]
fn a_long_run_report_has_the_generation_of_1938_with_its_charts() {
    let (dir, report) = report_of(&["--until", "1985-03-11"]);
    assert!(dir.path().join("run/longrun.csv").exists());
    let html = &report.html;
    assert!(html.contains("<section id=\"generation\"><h2>The generation of 1938</h2>"));
    assert!(html.contains("<a href=\"#generation\">The generation of 1938</a>"));
    let section = &html[html.find("id=\"generation\"").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    for words in [
        "synthetic",
        "not calibrated",
        "Calibrated",
        "On 1 January 1953, 1964",
    ] {
        assert!(section.contains(words), "{words:?} in the section");
    }
    // The table: a row for each of the five top layers in each of the three years.
    assert_eq!(section.matches("<tr><td>19").count(), 15);
    let at = report
        .charts
        .iter()
        .position(|c| c == GENERATION_CHARTS[0])
        .unwrap_or_else(|| panic!("no long-run chart in {:?}", report.charts));
    assert_eq!(report.charts[at..at + 4], GENERATION_CHARTS);
    let drawn = svgs(section);
    assert_eq!(drawn.len(), 4, "one <svg> per chart of the section");
    for (svg, title) in drawn.iter().zip(GENERATION_CHARTS) {
        assert!(svg.contains(&format!("aria-label=\"{title}\"")));
        let strokes = svg.matches("fill=\"none\" stroke=\"#").count();
        assert!(strokes >= 2, "{title}: {strokes} lines");
    }
    // Markers from 22 June 1941 to the last day, and the record's points (validation for the
    // elite, calibration for the party); the mean ages are lines, with the record as points.
    for (i, record) in [(0, ""), (1, "Record:"), (3, "Record:")] {
        for words in ["1941-06-22 ", "1985-03-11 ", record] {
            assert!(
                drawn[i].contains(words),
                "{words:?} in {}",
                GENERATION_CHARTS[i]
            );
        }
        assert!(drawn[i].matches("<circle").count() >= 46);
    }
    assert!(drawn[2].contains("Record: Politburo:") && drawn[2].contains("Record: Central"));
}

#[test]
fn a_run_without_the_long_run_has_no_generation_section() {
    let (dir, report) = report_of(&[]);
    assert!(!dir.path().join("run/longrun.csv").exists());
    assert!(!report.html.contains("generation"));
    assert!(
        !report
            .charts
            .iter()
            .any(|c| GENERATION_CHARTS.contains(&c.as_str()))
    );
}
