//! What the experiment commands (`ensemble`, `sweep`, `compare`, `attribute`) share: the worker
//! pool and a progress bar counting runs.

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Arguments every experiment takes.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// Population scale: 1 = 162.0 million people. The elite layer is always at full scale.
    #[arg(long, default_value_t = crate::run::DEFAULT_SCALE)]
    pub scale: f64,
    /// Seed of the first run; run r has seed S + r.
    #[arg(long, default_value_t = 1937)]
    pub seed: u64,
    /// Worker threads, each running whole runs (results do not depend on it). Default: all cores.
    #[arg(long)]
    pub threads: Option<usize>,
}

impl Common {
    /// A local pool of the requested threads.
    pub fn pool(&self) -> anyhow::Result<rayon::ThreadPool> {
        let threads = self
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        if threads == 0 {
            anyhow::bail!("--threads must be at least 1");
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .context("starting worker threads")
    }
}

/// A bar of runs done on stderr, drawn only when stderr is a terminal.
pub struct Counter {
    bar: ProgressBar,
}

impl Counter {
    pub fn new(what: &str) -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} runs {elapsed} (eta {eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message(what.to_string());
        Counter { bar }
    }

    /// The callback the library calls.
    pub fn update(&self, done: u64, total: u64) {
        self.bar.set_length(total);
        self.bar.set_position(done);
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Writes `text` to `dir/name` atomically.
pub fn write(dir: &std::path::Path, name: &str, text: &str) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    chistka_output::write_atomic(&dir.join(name), text.as_bytes())?;
    Ok(())
}

/// A count as a whole number with thousands separators (the report's formatter).
pub fn count(x: f64) -> String {
    chistka_report::svg::int(x)
}
