//! How chistka writes numbers and markup, in one place, so the terminal, the CSV files, the
//! charts and the report agree.
//!
//! - **For people** ([`count`], [`figure`], [`sig`], [`pct`], [`resolved`]): thousands
//!   separators, a fixed number of significant figures for what is not a whole count, and one
//!   minus sign everywhere (U+2212 `−`, the typographic minus, never a hyphen beside it).
//! - **For files** ([`csv`]): plain ASCII that every CSV reader parses, six significant
//!   figures at most and whole numbers kept whole, so a mean over seeds carries no float noise
//!   (`168000.025925` is written `168000`).
//! - **Markup** ([`xml`]): text escaped for XML and HTML, attributes included.
//!
//! Numbers too large to read as digits (from 10^15 on) are written in exponent form in both,
//! never as hundreds of digits.
//!
//! ```
//! use chistka_format::{count, csv, figure, pct, sig};
//! assert_eq!(count(-1_548_366.4), "−1,548,366");
//! assert_eq!(figure(-5.0), "−5");
//! assert_eq!(figure(0.123456), "0.123");
//! assert_eq!(sig(1_573_552.0, 3), "1,570,000");
//! assert_eq!(pct(0.0421), "4.2%");
//! assert_eq!(csv(168_000.025925), "168000");
//! assert_eq!(csv(1e300), "1e300");
//! ```
#![warn(missing_docs)]

/// The minus sign of every number shown to people.
pub const MINUS: char = '−';

/// From this magnitude on, numbers are written in exponent form.
const HUGE: f64 = 1e15;

/// Significant figures of [`csv`].
pub const CSV_DIGITS: i32 = 6;

/// Significant figures of [`figure`] for what is not a whole count.
pub const FIGURE_DIGITS: i32 = 3;

/// Escapes `&`, `<`, `>`, `"` and `'` for XML and HTML text and attributes.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Digits grouped by thousands with commas: `1234567` -> `1,234,567`.
fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `text` (the magnitude) with the minus sign in front when `negative`.
fn signed(negative: bool, text: String) -> String {
    if negative {
        format!("{MINUS}{text}")
    } else {
        text
    }
}

/// Exponent form with `digits` significant figures, trailing zeros dropped: `1.5e300`.
fn exponent(x: f64, digits: i32) -> String {
    let s = format!("{:.*e}", (digits - 1).max(0) as usize, x.abs());
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    format!("{}e{exp}", trim_zeros(mantissa))
}

fn trim_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// Not a number, or an infinity, as people read it.
fn non_finite(x: f64) -> Option<String> {
    if x.is_nan() {
        Some("n/a".into())
    } else if x.is_infinite() {
        Some(signed(x < 0.0, "∞".into()))
    } else {
        None
    }
}

/// A whole count with thousands separators: `1,548,366`, `−35`.
pub fn count(x: f64) -> String {
    if let Some(s) = non_finite(x) {
        return s;
    }
    let r = x.round();
    if r.abs() >= HUGE {
        return signed(r < 0.0, exponent(r, 4));
    }
    signed(r < 0.0, group(&format!("{:.0}", r.abs())))
}

/// `x` to `digits` significant figures, with thousands separators and at most as many decimals
/// as those figures need: `sig(1573552.0, 3)` is `1,570,000`, `sig(0.012345, 2)` is `0.012`.
pub fn sig(x: f64, digits: i32) -> String {
    if let Some(s) = non_finite(x) {
        return s;
    }
    if x == 0.0 {
        return "0".into();
    }
    let digits = digits.max(1);
    if x.abs() >= HUGE {
        return signed(x < 0.0, exponent(x, digits));
    }
    let magnitude = x.abs().log10().floor() as i32;
    let decimals = (digits - 1 - magnitude).max(0) as usize;
    let step = 10f64.powi(magnitude + 1 - digits);
    let rounded = (x.abs() / step).round() * step;
    if rounded == 0.0 {
        return "0".into();
    }
    let text = format!("{rounded:.decimals$}");
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let frac = frac.trim_end_matches('0');
    let body = if frac.is_empty() {
        group(int)
    } else {
        format!("{}.{frac}", group(int))
    };
    signed(x < 0.0, body)
}

/// A figure of any kind for a table: a whole count (or any value from 100 on) with separators,
/// anything else to [`FIGURE_DIGITS`] significant figures. `−5`, `0.123`, `12.3`, `1,234`.
pub fn figure(x: f64) -> String {
    if x.is_finite() && (x.fract() == 0.0 || x.abs() >= 100.0) {
        count(x)
    } else {
        sig(x, FIGURE_DIGITS)
    }
}

/// A count rounded to what a sample resolves: to the nearest multiple of `resolution` (the
/// people one simulated person stands for), then to three significant figures at most. A run
/// at 1% cannot tell 1,573,552 from 1,573,500, so it says `1,570,000`.
pub fn resolved(x: f64, resolution: f64) -> String {
    if !x.is_finite() || resolution <= 1.0 {
        return sig(x, FIGURE_DIGITS.max(digits_of(x)));
    }
    let r = (x / resolution).round() * resolution;
    sig(r, FIGURE_DIGITS.min(digits_of(r)).max(1))
}

/// Digits of the integer part of `x` (1 for |x| < 10).
fn digits_of(x: f64) -> i32 {
    if x.abs() < 10.0 {
        1
    } else {
        x.abs().log10().floor() as i32 + 1
    }
}

/// A share as a percentage, one decimal below 10%: `4.2%`, `45%`, `−3.0%`.
pub fn pct(share: f64) -> String {
    if let Some(s) = non_finite(share) {
        return s;
    }
    let p = share * 100.0;
    let text = if p.abs() < 10.0 && p != 0.0 {
        format!("{:.1}%", p.abs())
    } else {
        format!("{:.0}%", p.abs())
    };
    if text == "0%" || text == "0.0%" {
        return "0%".into();
    }
    signed(p < 0.0, text)
}

/// A compact label for one value: `1.5M`, `350k`, `900`, `0.25`, `−40k`.
pub fn compact(x: f64) -> String {
    if let Some(s) = non_finite(x) {
        return s;
    }
    let a = x.abs();
    let body = if a >= HUGE {
        exponent(a, 3)
    } else if a >= 1e6 {
        format!("{}M", trim_zeros(&format!("{:.2}", a / 1e6)))
    } else if a >= 1e3 {
        format!("{}k", trim_zeros(&format!("{:.1}", a / 1e3)))
    } else if a >= 10.0 || a == 0.0 {
        format!("{a:.0}")
    } else {
        trim_zeros(&format!("{a:.2}")).to_string()
    };
    if body == "0" {
        return body;
    }
    signed(x < 0.0, body)
}

/// Labels for the ticks of one axis, all in one unit (none, `k` or `M`, chosen by the largest
/// tick) and with the decimals the step between ticks needs, so that no two labels read the
/// same and no axis mixes `447k` with `0.000`: `0, 200k, 400k` or `0, 0.25, 0.5`.
pub fn axis_labels(ticks: &[f64]) -> Vec<String> {
    let max = ticks.iter().fold(0.0f64, |m, t| m.max(t.abs()));
    let (div, unit) = if max >= HUGE {
        return ticks.iter().map(|&t| sig(t, 3)).collect();
    } else if max >= 1e6 {
        (1e6, "M")
    } else if max >= 1e4 {
        (1e3, "k")
    } else {
        (1.0, "")
    };
    let step = ticks
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .filter(|d| *d > 0.0)
        .fold(f64::INFINITY, f64::min);
    let step = if step.is_finite() { step / div } else { 1.0 };
    let mut decimals = 0usize;
    while decimals < 6
        && ((step * 10f64.powi(decimals as i32)).round() - step * 10f64.powi(decimals as i32)).abs()
            > 1e-6
    {
        decimals += 1;
    }
    ticks
        .iter()
        .map(|&t| {
            let v = t / div;
            if v.abs() < 0.5 * 10f64.powi(-(decimals as i32)) {
                return "0".into();
            }
            let text = format!("{:.decimals$}", v.abs());
            let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
            let body = if frac.is_empty() {
                group(int)
            } else {
                format!("{}.{frac}", group(int))
            };
            signed(v < 0.0, format!("{body}{unit}"))
        })
        .collect()
}

/// A number for a CSV file: empty for NaN, exponent form from 10^15 on, otherwise at most
/// [`CSV_DIGITS`] significant figures with the integer part always whole, shortest form,
/// ASCII minus. Parsing the text back gives the value the file stands for.
pub fn csv(x: f64) -> String {
    if x.is_nan() {
        return String::new();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if x == 0.0 {
        return "0".into();
    }
    if x.abs() >= HUGE {
        let e = exponent(x, CSV_DIGITS);
        return if x < 0.0 { format!("-{e}") } else { e };
    }
    let magnitude = x.abs().log10().floor() as i32;
    let decimals = (CSV_DIGITS - 1 - magnitude).max(0) as usize;
    let text = format!("{x:.decimals$}");
    let text = trim_zeros(&text);
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// The value [`csv`] writes for `x`, as a number: what a reader of the file gets back.
pub fn csv_value(x: f64) -> f64 {
    csv(x).parse().unwrap_or(x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_group_thousands_and_use_one_minus() {
        assert_eq!(count(0.0), "0");
        assert_eq!(count(-0.2), "0");
        assert_eq!(count(999.5), "1,000");
        assert_eq!(count(-35.0), "−35");
        assert_eq!(count(1e300), "1e300");
        assert_eq!(count(f64::NAN), "n/a");
    }

    #[test]
    fn figures_never_mix_styles() {
        assert_eq!(figure(-5.0), "−5");
        assert_eq!(figure(-35.0), "−35");
        assert_eq!(figure(0.0), "0");
        assert_eq!(figure(12.3456), "12.3");
        assert_eq!(figure(-0.0004567), "−0.000457");
        assert_eq!(figure(4567.8), "4,568");
    }

    #[test]
    fn significant_figures() {
        assert_eq!(sig(1_573_552.0, 3), "1,570,000");
        assert_eq!(sig(0.012345, 2), "0.012");
        assert_eq!(sig(9.996, 3), "10");
        assert_eq!(sig(-2.5e16, 2), "−2.5e16");
    }

    #[test]
    fn resolved_counts_say_no_more_than_the_sample_knows() {
        assert_eq!(resolved(1_573_552.0, 100.0), "1,570,000");
        assert_eq!(resolved(237.0, 100.0), "200");
        assert_eq!(resolved(1234.0, 1.0), "1,234");
    }

    #[test]
    fn percentages() {
        assert_eq!(pct(0.0421), "4.2%");
        assert_eq!(pct(0.45), "45%");
        assert_eq!(pct(-0.03), "−3.0%");
        assert_eq!(pct(0.0), "0%");
        assert_eq!(pct(-0.0001), "0%");
    }

    #[test]
    fn files_get_no_float_noise_and_no_huge_digit_strings() {
        assert_eq!(csv(168_000.025925), "168000");
        assert_eq!(csv(2.2), "2.2");
        assert_eq!(csv(0.0123456789), "0.0123457");
        assert_eq!(csv(-5.0), "-5");
        assert_eq!(csv(-0.0000001), "-0.0000001");
        assert_eq!(csv(1e300), "1e300");
        assert_eq!(csv(f64::NAN), "");
    }

    #[test]
    fn axes_speak_one_unit() {
        assert_eq!(
            axis_labels(&[0.0, 200_000.0, 400_000.0]),
            ["0", "200k", "400k"]
        );
        assert_eq!(
            axis_labels(&[0.0, 250_000.0, 500_000.0]),
            ["0", "250k", "500k"]
        );
        assert_eq!(
            axis_labels(&[0.0, 500_000.0, 1_000_000.0, 1_500_000.0]),
            ["0", "0.5M", "1.0M", "1.5M"]
        );
        assert_eq!(axis_labels(&[0.0, 0.25, 0.5]), ["0", "0.25", "0.50"]);
        assert_eq!(
            axis_labels(&[-2000.0, 0.0, 2000.0]),
            ["−2,000", "0", "2,000"]
        );
        assert_eq!(compact(1_500_000.0), "1.5M");
        assert_eq!(compact(-350_000.0), "−350k");
    }

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            xml("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;"
        );
    }

    proptest! {
        #[test]
        fn csv_text_reads_back_within_its_precision(x in -1e14f64..1e14) {
            let back: f64 = csv(x).parse().map_err(|e| TestCaseError::fail(format!("{e}")))?;
            let tolerance = (x.abs() * 1e-5).max(0.5e-5);
            prop_assert!((back - x).abs() <= tolerance.max(if x.abs() >= 1e5 { 0.5 } else { 0.0 }),
                "{x} -> {back}");
            prop_assert_eq!(csv(back), csv(x), "writing is idempotent");
        }

        #[test]
        fn shown_numbers_have_one_kind_of_minus(x in -1e20f64..1e20) {
            for s in [count(x), figure(x), sig(x, 3), pct(x)] {
                prop_assert!(!s.contains('-') || s.contains('e'), "{s}");
            }
        }
    }
}
