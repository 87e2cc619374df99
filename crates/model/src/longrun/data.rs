//! `data/longrun.csv`: the size of each layer of the elite from a date on, as the record gives
//! it (the Politburo and the Central Committee as elected at each congress, the regional first
//! secretaries and the ministers as their institutions were reorganised).
//!
//! A row of the Central Committee is also an election: the congress that elected it.

use chistka_engine::calendar::Day;

use crate::census::DataError;
use crate::institutions::{number, rows, text};

/// `data/longrun.csv`.
pub const LONGRUN_CSV: &str = include_str!("../../../../data/longrun.csv");

const FILE: &str = "longrun.csv";

/// A layer of the elite the long run follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    /// The Politburo (the Presidium 1952-1966): full members.
    Politburo,
    /// The Central Committee: full members (the Politburo's among them).
    CentralCommittee,
    /// First secretaries of the obkoms, kraikoms and republican parties.
    FirstSecretaries,
    /// People's commissars, from 1946 ministers, of the Union.
    Ministers,
    /// The senior army command: marshals and the commanders of armies and corps (their
    /// successors in the general ranks of 1940).
    HighCommand,
}

impl Layer {
    /// Every layer, from the top.
    pub const ALL: [Layer; 5] = [
        Layer::Politburo,
        Layer::CentralCommittee,
        Layer::FirstSecretaries,
        Layer::Ministers,
        Layer::HighCommand,
    ];

    /// The name in `data/longrun.csv`, `longrun.csv` and the summary keys.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Politburo => "politburo",
            Layer::CentralCommittee => "central_committee",
            Layer::FirstSecretaries => "first_secretaries",
            Layer::Ministers => "ministers",
            Layer::HighCommand => "high_command",
        }
    }

    fn from_name(s: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|l| l.name() == s)
    }

    /// True for a seat in an elected body (held beside a post), false for a post.
    pub fn is_seat(self) -> bool {
        matches!(self, Layer::Politburo | Layer::CentralCommittee)
    }
}

/// One row: `layer` has `size` places from `from` on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    /// The layer.
    pub layer: Layer,
    /// From this day.
    pub from: Day,
    /// Places.
    pub size: u32,
}

/// The rows of `data/longrun.csv`, in date order.
#[derive(Debug, Clone, Default)]
pub struct LongRunData {
    /// Every row, sorted by date (a stable sort: rows of one day keep the file's order).
    pub sizes: Vec<Size>,
}

impl LongRunData {
    /// Parses the embedded file.
    ///
    /// # Errors
    /// A [`DataError`] naming the line of an unknown layer, a bad date or a bad size.
    pub fn embedded() -> Result<Self, DataError> {
        Self::parse(LONGRUN_CSV)
    }

    /// Parses the text of `data/longrun.csv`.
    ///
    /// # Errors
    /// As [`LongRunData::embedded`].
    pub fn parse(text_: &str) -> Result<Self, DataError> {
        let mut sizes = Vec::new();
        for (line, f) in rows(text_) {
            let name = text(FILE, line, &f, 0, "a layer")?;
            let layer = Layer::from_name(&name).ok_or_else(|| DataError {
                file: FILE,
                line,
                message: format!(
                    "unknown layer `{name}`: expected one of politburo, central_committee, \
                     first_secretaries, ministers, high_command"
                ),
            })?;
            let date = text(FILE, line, &f, 1, "a date YYYY-MM-DD")?;
            let from = date.parse::<Day>().map_err(|_| DataError {
                file: FILE,
                line,
                message: format!("expected a date YYYY-MM-DD in column 2, found `{date}`"),
            })?;
            let size = number(FILE, line, &f, 2, "the number of places")?;
            if !(1.0..=10_000.0).contains(&size) || size.fract() != 0.0 {
                return Err(DataError {
                    file: FILE,
                    line,
                    message: format!(
                        "expected a whole number of places in 1..=10000, found {size}"
                    ),
                });
            }
            sizes.push(Size {
                layer,
                from,
                size: size as u32,
            });
        }
        for layer in Layer::ALL {
            if !sizes.iter().any(|s| s.layer == layer) {
                return Err(DataError {
                    file: FILE,
                    line: 0,
                    message: format!("no row for the layer `{}`", layer.name()),
                });
            }
        }
        sizes.sort_by_key(|s| s.from);
        Ok(LongRunData { sizes })
    }

    /// The size of `layer` on `day`: the last row on or before it (the first row before any).
    pub fn size(&self, layer: Layer, day: Day) -> u32 {
        let rows = self.sizes.iter().filter(|s| s.layer == layer);
        let first = rows.clone().next().map_or(0, |s| s.size);
        rows.rev().find(|s| s.from <= day).map_or(first, |s| s.size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_file_parses_with_every_layer() {
        let d = LongRunData::embedded().unwrap();
        for layer in Layer::ALL {
            assert!(d.size(layer, Day::jan1(1960)) > 0, "{layer:?}");
        }
        assert!(d.sizes.windows(2).all(|w| w[0].from <= w[1].from));
    }

    #[test]
    fn a_bad_row_names_its_line_and_what_was_expected() {
        let bad = "layer,from,size,status,source\npolitburo,1953-03-06,10,1S,x\nbureau,1953-03-06,3,1S,x\n";
        let e = LongRunData::parse(bad).unwrap_err();
        assert_eq!((e.file, e.line), ("longrun.csv", 3));
        assert!(e.message.contains("unknown layer `bureau`"), "{e}");
        let bad = "layer,from,size,status,source\npolitburo,March 1953,10,1S,x\n";
        let e = LongRunData::parse(bad).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("expected a date"), "{e}");
        let bad = "layer,from,size,status,source\npolitburo,1953-03-06,9.5,1S,x\n";
        assert!(
            LongRunData::parse(bad)
                .unwrap_err()
                .message
                .contains("whole number")
        );
    }
}
