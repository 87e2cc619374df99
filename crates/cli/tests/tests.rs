//! End-to-end tests of chistka through one harness: the binary at tiny scale, determinism,
//! common random numbers, invariants of the event log, and bad input.
#![allow(clippy::unwrap_used)]

mod harness {
    mod binary;
    mod centre;
    mod composition;
    mod custody;
    mod experiments;
    mod explain;
    mod golden;
    mod institutions;
    mod kill;
    mod lines;
    mod longrun;
    mod model;
    mod pools;
    mod report;
    mod sentencing;
    mod society;
    mod staff;
}
