//! A [`Runner`] that maps an experiment's simulations over a dask.distributed cluster.
//!
//! The tasks go to `chistka._dask.outcomes_in_order`, which submits them to the client's
//! cluster a few at a time and yields each run's figures as bytes in task order; they are
//! decoded here ([`crate::codec`]) and folded by the experiment exactly as the local pool's
//! outcomes are. A Python exception (a worker lost, a mismatched version) is kept and raised
//! as it was once the experiment has stopped.

use std::sync::Mutex;

use chistka_analysis::AnalysisError;
use chistka_analysis::runner::{Runner, Sink, Task};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::codec;

/// The runs of an experiment on the cluster of a `distributed.Client`.
#[derive(Debug)]
pub(crate) struct Dask {
    client: Py<PyAny>,
    workers: usize,
    failure: Mutex<Option<PyErr>>,
}

enum Stop {
    Python(PyErr),
    Analysis(AnalysisError),
}

impl From<PyErr> for Stop {
    fn from(e: PyErr) -> Stop {
        Stop::Python(e)
    }
}

impl Dask {
    /// A runner on `client`'s cluster (checked to be a `distributed.Client`).
    pub(crate) fn new(client: &Bound<'_, PyAny>) -> PyResult<Dask> {
        let py = client.py();
        let client = py
            .import("chistka._dask")?
            .getattr("check_client")?
            .call1((client,))?;
        let threads: usize = client
            .call_method0("nthreads")?
            .call_method0("values")?
            .try_iter()?
            .map(|n| n.and_then(|n| n.extract::<usize>()))
            .sum::<PyResult<usize>>()?;
        Ok(Dask {
            client: client.unbind(),
            workers: threads.max(1),
            failure: Mutex::new(None),
        })
    }

    /// The Python exception that stopped the runs, if one did.
    pub(crate) fn take_failure(&self) -> Option<PyErr> {
        self.failure.lock().ok().and_then(|mut f| f.take())
    }
}

impl Runner for Dask {
    fn run_in_order(&self, tasks: &[Task<'_>], sink: Sink<'_>) -> Result<(), AnalysisError> {
        let outcome = Python::attach(|py| -> Result<(), Stop> {
            let payload: Vec<(String, String, f64, u64, Option<u64>)> = tasks
                .iter()
                .map(|t| {
                    (
                        t.scenario.canonical.clone(),
                        t.scenario.name.clone(),
                        t.scale,
                        t.seed,
                        t.society,
                    )
                })
                .collect();
            let results = py
                .import("chistka._dask")?
                .getattr("outcomes_in_order")?
                .call1((self.client.bind(py), payload))?;
            let mut received = 0;
            for (i, item) in results.try_iter()?.enumerate() {
                let item = item?;
                let bytes = item.cast::<PyBytes>().map_err(PyErr::from)?;
                let outcome = codec::decode(bytes.as_bytes())
                    .map_err(|e| Stop::Analysis(AnalysisError::Remote(e)))?;
                sink(i, outcome).map_err(Stop::Analysis)?;
                received += 1;
            }
            if received != tasks.len() {
                return Err(Stop::Analysis(AnalysisError::Remote(format!(
                    "the cluster returned {received} of {} runs",
                    tasks.len()
                ))));
            }
            Ok(())
        });
        match outcome {
            Ok(()) => Ok(()),
            Err(Stop::Analysis(e)) => Err(e),
            Err(Stop::Python(e)) => {
                let message = e.to_string();
                if let Ok(mut f) = self.failure.lock() {
                    *f = Some(e);
                }
                Err(AnalysisError::Remote(message))
            }
        }
    }

    fn workers(&self) -> usize {
        self.workers
    }
}
