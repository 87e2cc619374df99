//! What the commands share: the common flags (`--scale`, `--seed`, `--threads`) and their
//! checks, the worker pool, a progress bar counting runs, and writing a file into `--out`.

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Default population scale: 1% (1.62 million simulated people), a run of a few seconds.
pub const DEFAULT_SCALE: f64 = 0.01;

/// The default seed, and the first seed of every experiment.
pub const DEFAULT_SEED: u64 = 1937;

/// Arguments every simulating command takes.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// Population scale: 1 = 162.0 million people. The elite layer is always at full scale.
    #[arg(long, default_value_t = DEFAULT_SCALE)]
    pub scale: f64,
    /// Seed (of the first run; run r has seed S + r).
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    #[command(flatten)]
    pub threads: Threads,
}

/// `--threads`, for commands that take no scale.
#[derive(Debug, clap::Args)]
pub struct Threads {
    /// Worker threads (results do not depend on it). Default: all cores.
    #[arg(long)]
    pub threads: Option<usize>,
}

impl Threads {
    /// The number of threads asked for, or all cores.
    pub fn count(&self) -> anyhow::Result<usize> {
        let n = self
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        if n == 0 {
            anyhow::bail!("--threads 0: expected at least 1 worker thread");
        }
        Ok(n)
    }

    /// A local pool of the requested threads.
    pub fn pool(&self) -> anyhow::Result<rayon::ThreadPool> {
        rayon::ThreadPoolBuilder::new()
            .num_threads(self.count()?)
            .build()
            .context("starting worker threads")
    }
}

impl Common {
    /// Checks the flags (the scale's bounds, the thread count) and starts the pool: call it
    /// before touching any file, so a bad flag writes nothing.
    pub fn pool(&self) -> anyhow::Result<rayon::ThreadPool> {
        chistka_analysis::outcome::check_scale(self.scale)?;
        self.threads.pool()
    }

    /// The seeds of `runs` runs from `--seed`.
    pub fn seeds(&self, runs: usize) -> Vec<u64> {
        chistka_analysis::seeds(self.seed, runs).collect()
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

/// Creates `--out` if needed, saying which directory could not be made and why, once.
pub fn out_dir(dir: &std::path::Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        anyhow::anyhow!(
            "cannot create the output directory {}: {}",
            dir.display(),
            io_words(&e)
        )
    })
}

/// An I/O error in words, without Rust's "(os error 2)".
pub fn io_words(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "a directory above it does not exist".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::NotADirectory => "a part of the path is a file, not a directory".into(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_string()
        }
    }
}

/// Writes `text` to `dir/name` atomically.
pub fn write(dir: &std::path::Path, name: &str, text: &str) -> anyhow::Result<()> {
    out_dir(dir)?;
    chistka_output::write_atomic(&dir.join(name), text.as_bytes())?;
    Ok(())
}

/// `--format`: the tables as CSV (the default) or as Parquet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum TableFormat {
    /// CSV files.
    #[default]
    Csv,
    /// Parquet files (typed columns; the experiments also keep their CSV, the form they resume from).
    Parquet,
}

impl TableFormat {
    /// The output library's format.
    pub fn output(self) -> chistka_output::Format {
        match self {
            TableFormat::Csv => chistka_output::Format::Csv,
            TableFormat::Parquet => chistka_output::Format::Parquet,
        }
    }

    /// With `parquet`, writes a `.parquet` beside each of the experiment's CSV tables in `dir`
    /// (before its manifest is written, so that the manifest lists them).
    pub fn copies(
        self,
        dir: &std::path::Path,
        files: &chistka_analysis::outputs::Files,
    ) -> anyhow::Result<()> {
        chistka_output::table_copies(dir, files.tables, self.output())?;
        Ok(())
    }
}
