//! Simulation days. Day 0 is 1934-01-01, the start of the default scenario; a `Day` is a plain
//! `u16`-range count so that per-person dates fit in two bytes (179 years of range).

use std::fmt;
use std::str::FromStr;

use jiff::ToSpan;
use jiff::civil::Date;

/// The civil date of day 0.
pub const EPOCH: (i16, i8, i8) = (1934, 1, 1);

/// A day of the simulation, counted from [`EPOCH`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Day(pub u16);

/// A date that the calendar cannot represent.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CalendarError {
    /// Not a valid civil date (for example 1937-02-30).
    #[error("{0:04}-{1:02}-{2:02} is not a valid date")]
    Invalid(i16, i8, i8),
    /// A valid date outside the range the simulation counts (1934-01-01 plus 65,535 days).
    #[error("{0} is outside the simulated range (1934-01-01 to 2113)")]
    OutOfRange(Date),
}

fn epoch() -> Date {
    Date::constant(EPOCH.0, EPOCH.1, EPOCH.2)
}

/// For each block of 256 days: the year of its first day, and the day the next year starts
/// (or `u16::MAX` when that is beyond the block's last day). Built at compile time.
const YEARS_BY_BLOCK: [(i16, u16); 256] = {
    let mut table = [(0i16, 0u16); 256];
    let mut block = 0;
    while block < 256 {
        let first = Day((block * 256) as u16).ymd().0;
        let next = Day::jan1(first + 1).0;
        let last = block * 256 + 255;
        table[block] = (
            first,
            if (next as usize) <= last && next > 0 {
                next
            } else {
                u16::MAX
            },
        );
        block += 1;
    }
    table
};

impl Day {
    /// The day of a civil date.
    ///
    /// # Errors
    /// [`CalendarError::Invalid`] for a date that does not exist, [`CalendarError::OutOfRange`]
    /// for one before 1934-01-01 or too far after.
    pub fn from_ymd(year: i16, month: i8, day: i8) -> Result<Self, CalendarError> {
        let date =
            Date::new(year, month, day).map_err(|_| CalendarError::Invalid(year, month, day))?;
        Self::from_date(date)
    }

    /// The day of a [`jiff::civil::Date`].
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] for a date before the epoch or too far after it.
    pub fn from_date(date: Date) -> Result<Self, CalendarError> {
        let days = (date - epoch()).get_days();
        u16::try_from(days)
            .map(Day)
            .map_err(|_| CalendarError::OutOfRange(date))
    }

    /// The civil date of this day.
    pub fn date(self) -> Date {
        // Cannot fail: every u16 day count lands well inside jiff's range (years -9999..=9999).
        epoch()
            .checked_add(i64::from(self.0).days())
            .unwrap_or(epoch())
    }

    /// Year, month (1-12) and day of the month of this day, by arithmetic alone.
    ///
    /// The processes ask for the year of the day thousands of times a simulated day (each year
    /// table's lookup), and going through [`jiff`]'s spans cost more than the lookups they
    /// served. This is the proleptic Gregorian calendar's days-to-civil conversion of H. Hinnant
    /// ("chrono-Compatible Low-Level Date Algorithms", `civil_from_days`), in days since
    /// 1 March 0000 so that the leap day falls at the end of each year; the test checks it against
    /// [`jiff`] on every day a `Day` can hold.
    pub const fn ymd(self) -> (i16, i8, i8) {
        // 1934-01-01 is day 706,319 counted from 0000-03-01 (719,468 for 1970-01-01 less the
        // 13,149 days from 1934 to 1970).
        let z = self.0 as i64 + 706_319;
        let era = z / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + (month <= 2) as i64;
        (year as i16, month as i8, day as i8)
    }

    /// Calendar year of this day.
    pub fn year(self) -> i16 {
        // Every block of 256 days holds at most one New Year, so the block's first year and the
        // day its next year starts give the year in one lookup of a 1 KB table, where the full
        // conversion takes a few dozen operations (the test checks every day).
        let (first, next) = YEARS_BY_BLOCK[usize::from(self.0 >> 8)];
        first + i16::from(self.0 >= next)
    }

    /// Calendar month (1-12) of this day.
    pub fn month(self) -> i8 {
        self.ymd().1
    }

    /// Index of this day's month counted from January 1934 (0 = 1934-01).
    pub fn month_index(self) -> usize {
        let (year, month, _) = self.ymd();
        (year as usize - EPOCH.0 as usize) * 12 + month as usize - 1
    }

    /// The day `n` days later, saturating at the end of the representable range.
    pub fn plus(self, n: u32) -> Day {
        Day(u16::try_from(u32::from(self.0) + n).unwrap_or(u16::MAX))
    }

    /// Days from `earlier` to `self` (0 if `earlier` is later).
    pub fn since(self, earlier: Day) -> u32 {
        u32::from(self.0.saturating_sub(earlier.0))
    }

    /// First day of the given year (1 January), saturating at day 0.
    pub const fn jan1(year: i16) -> Day {
        // Hinnant's `days_from_civil` for 1 January: the year before's March-based year, whose
        // day 306 it is.
        let y = year as i64 - 1;
        if y < 0 {
            return Day(0);
        }
        let (era, yoe) = (y / 400, y % 400);
        let n = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + 306 - 706_319;
        if n < 0 || n > u16::MAX as i64 {
            Day(0)
        } else {
            Day(n as u16)
        }
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.date();
        write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    }
}

impl FromStr for Day {
    type Err = String;

    /// Parses `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("expected a date as YYYY-MM-DD, found `{s}`");
        let mut parts = s.trim().splitn(3, '-');
        let mut next = || parts.next().ok_or_else(bad);
        let y: i16 = next()?.parse().map_err(|_| bad())?;
        let m: i8 = next()?.parse().map_err(|_| bad())?;
        let d: i8 = next()?.parse().map_err(|_| bad())?;
        Day::from_ymd(y, m, d).map_err(|e| e.to_string())
    }
}

impl<'de> serde::Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let s = String::deserialize(de)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The arithmetic agrees with jiff on every day a `Day` can hold (1934-01-01 to 2113).
    #[test]
    fn the_arithmetic_calendar_agrees_with_jiff_everywhere() {
        for year in -1..=2300 {
            let by_jiff = Day::from_ymd(year, 1, 1).unwrap_or(Day(0));
            assert_eq!(Day::jan1(year), by_jiff, "1 January {year}");
        }
        for n in 0..=u16::MAX {
            let day = Day(n);
            let d = day.date();
            assert_eq!(day.ymd(), (d.year(), d.month(), d.day()), "day {n}");
            assert_eq!(day.year(), d.year(), "day {n}");
            assert_eq!(
                day.month_index(),
                (d.year() as usize - 1934) * 12 + d.month() as usize - 1
            );
        }
    }

    #[test]
    fn round_trips_known_dates() {
        assert_eq!(Day::from_ymd(1934, 1, 1), Ok(Day(0)));
        assert_eq!(Day::from_ymd(1934, 12, 1), Ok(Day(334)));
        assert_eq!(Day(334).to_string(), "1934-12-01");
        // 1936 is a leap year: 366 days.
        assert_eq!(Day::jan1(1937).0 - Day::jan1(1936).0, 366);
        let halt = Day::from_ymd(1938, 11, 17).unwrap();
        assert_eq!(halt.to_string(), "1938-11-17");
        assert_eq!(halt.year(), 1938);
        assert_eq!(halt.month_index(), 4 * 12 + 10);
    }

    #[test]
    fn rejects_bad_and_out_of_range_dates() {
        assert_eq!(
            Day::from_ymd(1937, 2, 30),
            Err(CalendarError::Invalid(1937, 2, 30))
        );
        assert!(matches!(
            Day::from_ymd(1933, 12, 31),
            Err(CalendarError::OutOfRange(_))
        ));
    }

    #[test]
    fn parses_iso_dates() {
        assert_eq!("1934-12-01".parse::<Day>(), Ok(Day(334)));
        assert!("1934-13-01".parse::<Day>().is_err());
        assert!("yesterday".parse::<Day>().is_err());
    }

    #[test]
    fn arithmetic_saturates() {
        assert_eq!(Day(u16::MAX - 1).plus(10), Day(u16::MAX));
        assert_eq!(Day(3).since(Day(5)), 0);
        assert_eq!(Day(5).since(Day(3)), 2);
    }
}
