//! Long work with the GIL released, Ctrl-C and progress handled on the calling thread.
//!
//! Python runs signal handlers only on its main thread, and `PyErr_CheckSignals` does nothing
//! anywhere else, so the simulation cannot check for Ctrl-C itself: it runs on a worker thread
//! (with a rayon pool of the requested size) while the calling thread, without the GIL,
//! wakes every few tens of milliseconds, takes the GIL briefly, checks for signals and calls the
//! progress callback with the latest count. On an interrupt it raises a flag; the worker sees it
//! at its next progress report (once a simulated day, or once a finished run in experiments) and
//! unwinds with [`Cancelled`], dropping its half-built state. The files the libraries write are
//! atomic or append-only logs, so nothing half-written is left under a final name.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

/// How often the calling thread checks for signals and reports progress.
const TICK: Duration = Duration::from_millis(40);

/// The unwinding payload of a cancelled run (never shown: `resume_unwind` skips the panic hook).
struct Cancelled;

/// What the worker shares with the calling thread.
#[derive(Debug, Default)]
pub(crate) struct Watch {
    cancel: AtomicBool,
    done: AtomicU64,
    total: AtomicU64,
}

impl Watch {
    /// Records progress; unwinds the worker if the caller was interrupted.
    pub(crate) fn report(&self, done: u64, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
        if self.cancel.load(Ordering::Relaxed) {
            resume_unwind(Box::new(Cancelled));
        }
    }
}

/// The model's observer, reporting simulated days.
#[derive(Debug)]
pub(crate) struct Days<'a>(pub(crate) &'a Watch);

impl chistka_model::sim::Observer for Days<'_> {
    fn day_done(&mut self, done: usize, total: usize) {
        self.0.report(done as u64, total as u64);
    }
}

/// Runs `work` on a worker thread with the GIL released, handing it a rayon pool of `threads`
/// threads (default all cores); returns its result, or the `KeyboardInterrupt` (or the progress
/// callback's exception) that stopped it.
///
/// `work` runs outside the pool, so that an experiment's in-order collector does not take one
/// of the pool's threads; a single run installs itself in the pool.
pub(crate) fn supervise<T, F>(
    py: Python<'_>,
    threads: Option<usize>,
    progress: Option<Py<PyAny>>,
    work: F,
) -> PyResult<T>
where
    T: Send,
    F: FnOnce(&Watch, &rayon::ThreadPool) -> T + Send,
{
    let threads = match threads {
        Some(0) => {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "threads must be at least 1",
            ));
        }
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start worker threads: {e}")))?;
    let watch = Watch::default();
    let (outcome, stopped) = py.detach(|| {
        std::thread::scope(|scope| {
            let (finished, wait) = mpsc::channel::<()>();
            let (pool, watch) = (&pool, &watch);
            let worker = scope.spawn(move || {
                let result = catch_unwind(AssertUnwindSafe(|| work(watch, pool)));
                let _ = finished.send(());
                result
            });
            let mut stopped: Option<PyErr> = None;
            let mut reported = u64::MAX;
            loop {
                let over = !matches!(
                    wait.recv_timeout(TICK),
                    Err(mpsc::RecvTimeoutError::Timeout)
                );
                if stopped.is_none() {
                    let checked = Python::attach(|py| -> PyResult<()> {
                        py.check_signals()?;
                        let done = watch.done.load(Ordering::Relaxed);
                        if let Some(callback) = &progress
                            && done != reported
                        {
                            reported = done;
                            callback.call1(py, (done, watch.total.load(Ordering::Relaxed)))?;
                        }
                        Ok(())
                    });
                    if let Err(e) = checked {
                        watch.cancel.store(true, Ordering::Relaxed);
                        stopped = Some(e);
                    }
                }
                if over {
                    break;
                }
            }
            (worker.join(), stopped)
        })
    });
    match outcome {
        Ok(Ok(value)) => match stopped {
            // Interrupted after the last report: the work is whole, but the user asked to stop.
            Some(e) => Err(e),
            None => Ok(value),
        },
        Ok(Err(payload)) | Err(payload) => match (payload.downcast::<Cancelled>(), stopped) {
            (Ok(_), Some(e)) => Err(e),
            (Ok(_), None) => Err(PyRuntimeError::new_err("the run was cancelled")),
            // A bug in the library: let PyO3 turn it into a PanicException.
            (Err(payload), _) => resume_unwind(payload),
        },
    }
}
