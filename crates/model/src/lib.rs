//! The purge model of chistka.
//!
//! A synthetic Soviet population built from the 1937 census structure ([`population`]), its ties
//! ([`ties`]), and one module per process of the purge ([`processes`]), run day by day over an
//! event queue ([`sim`]). Every arrest, accusation and sentence goes into the event log
//! ([`ledger`]), with its cause and source; counts are derived from it.
//!
//! The people are synthetic: no record produced here describes a real person.
//!
//! This crate does no I/O: scenarios are parsed by `chistka-scenario`, outputs written by
//! `chistka-output`.
//!
//! ```no_run
//! # fn params() -> chistka_model::params::Params { unimplemented!() }
//! use chistka_model::sim::{execute, Quiet, RunOptions};
//! let world = execute(params(), RunOptions { scale: 0.001, seed: 1 }, &mut Quiet);
//! println!("{} arrests", world.ledger.arrests.len());
//! ```

#![warn(missing_docs)]

#[macro_use]
mod macros;

pub mod census;
pub mod composition;
pub mod events;
pub mod holders;
pub mod ids;
pub mod institutions;
pub mod ledger;
pub mod longrun;
pub mod params;
pub mod patterns;
pub mod people;
pub mod pools;
pub mod population;
pub mod processes;
pub mod roster;
pub mod sim;
pub mod society;
pub mod state;
pub mod streams;
pub mod summary;
pub mod thresholds;
pub mod ties;
pub mod world;
