//! A progress bar on stderr, drawn only when stderr is a terminal.

use chistka_model::sim::Observer;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    pub fn new() -> Self {
        // indicatif's stderr target hides itself when stderr is not a terminal.
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        Bar { bar }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Observer for Bar {
    fn phase(&mut self, name: &str) {
        if name == "population" {
            self.bar.set_style(
                ProgressStyle::with_template("{spinner} building the population {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            self.bar
                .enable_steady_tick(std::time::Duration::from_millis(120));
        } else {
            self.bar.disable_steady_tick();
            self.bar.set_style(
                ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} days {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            self.bar.set_message(name.to_string());
        }
    }

    fn day_done(&mut self, done: usize, total: usize) {
        if done == 1 {
            self.bar.set_length(total as u64);
        }
        if done.is_multiple_of(16) || done == total {
            self.bar.set_position(done as u64);
        }
    }
}
