//! Renders the report of a small run in headless Chromium (Debian's `chromium` package; `.ci/run`
//! installs it) and checks that every chart drew and the page is not blank.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chistka_model::sim::{Quiet, RunOptions, run};
use chistka_output::{RunInfo, write_all};

/// A run at a tiny scale, plus made-up ensemble, comparison and attribution tables so that every
/// section of the report is drawn.
fn run_dir(dir: &Path, with_experiments: bool) {
    let scenario = chistka_scenario::embedded("great-purge").unwrap();
    let world = run(
        scenario.params,
        RunOptions {
            scale: 0.0005,
            seed: 3,
        },
        &mut Quiet,
    )
    .unwrap();
    let info = RunInfo {
        version: "test".into(),
        git_commit: None,
        scenario: scenario.name.clone(),
        scenario_hash: "h".into(),
        seed: 3,
        scale: 0.0005,
        threads: 1,
        wall_seconds: 0.0,
        people_simulated: world.people.len(),
        mass_weight: world.mass_weight,
        note: String::new(),
    };
    write_all(dir, &world, &info).unwrap();
    if !with_experiments {
        return;
    }
    for (table, out) in [
        (chistka_output::annual(&world), "annual_bands.csv"),
        (chistka_output::monthly(&world), "monthly_bands.csv"),
    ] {
        let mut text = String::from("period,metric,mean,p05,p50,p95\n");
        for (period, values) in &table.rows {
            for (c, v) in table.columns[1..].iter().zip(values) {
                text += &format!("{period},{c},{v},{},{v},{}\n", v * 0.8, v * 1.25);
            }
        }
        std::fs::write(dir.join(out), text).unwrap();
    }
    // Capacity indices of our own, so that the chart is drawn whatever the model reports.
    let path = dir.join("summary.json");
    let mut summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    summary["capacity_1941_vs_1934"] =
        serde_json::json!({"economic": 0.82, "military": 0.64, "intellectual": 0.9});
    std::fs::write(&path, summary.to_string()).unwrap();
    std::fs::write(
        dir.join("comparison.csv"),
        "metric,a,b,difference,p05,p95\narrests_1937_1938,1500000,900000,-600000,-650000,-540000\n\
         executions_1937_1938,680000,400000,-280000,-300000,-250000\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("attribution.csv"),
        "mechanism,shapley_share_arrests,direct_share_arrests\nquota,0.45,0.46\nnational,0.2,0.22\n\
         interrogation,0.25,0.2\npolicing,0.1,0.12\n",
    )
    .unwrap();
}

fn chromium() -> PathBuf {
    let path = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        path.exists(),
        "headless Chromium is needed to check the report: install Debian's package \
         (`apt-get update && apt-get install -y chromium`; .ci/run does this) or set CHROMIUM"
    );
    path
}

/// Runs Chromium headless on `page` with extra arguments; returns stdout.
fn headless(page: &Path, extra: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium())
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
    let dir = tempfile::tempdir().unwrap();
    run_dir(dir.path(), with_experiments);
    let page = dir.path().join("report.html");
    let report = chistka_report::write_report(dir.path(), &page).unwrap();
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
    ];
    if with_experiments {
        expected.extend([
            "Capacity in 1941 relative to 1934",
            "Counterfactual comparison: difference",
            "Which mechanism did what: shapley share arrests",
        ]);
    }
    for title in expected {
        assert!(
            report.charts.iter().any(|c| c == title),
            "{title:?} not in {:?}",
            report.charts
        );
    }

    let dom = headless(&page, &["--dump-dom"]);
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
        &page,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,4000",
        ],
    );
    // To look at the page: CHISTKA_REPORT_KEEP=DIR cargo test -p chistka-report
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
