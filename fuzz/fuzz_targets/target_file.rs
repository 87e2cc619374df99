//! The target-file reader of `validate` and `calibrate --targets FILE` on any text: a target
//! set or an error naming the line, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match chistka_analysis::targets::parse("fuzz.csv", text) {
        Ok(set) => {
            let _ = format!("{set:?}");
        }
        Err(e) => assert!(e.to_string().contains("fuzz.csv"), "an error names the file: {e}"),
    }
});
