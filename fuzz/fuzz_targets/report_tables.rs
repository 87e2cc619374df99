//! The report's CSV readers on any text, and the page drawn from whatever they accept: up to
//! five tables separated by lines `%%` (annual.csv, monthly.csv, annual_bands.csv,
//! comparison.csv, attribution.csv). Parsing gives a table or a message; rendering never panics.
#![no_main]

use chistka_report::{Bands, Inputs, Table};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.split("\n%%\n");
    let mut table = || parts.next().and_then(|t| Table::parse(t).ok());
    let annual = table();
    let monthly = table();
    let bands_text = parts.next();
    let comparison = parts.next().and_then(|t| Table::parse(t).ok());
    let attribution = parts.next().and_then(|t| Table::parse(t).ok());
    let inputs = Inputs {
        annual,
        monthly,
        annual_bands: bands_text.and_then(|t| Bands::parse(t).ok()),
        comparison,
        attribution,
        ..Inputs::default()
    };
    let report = chistka_report::render(&inputs);
    assert!(report.html.contains("synthetic"));
});
