//! Properties of the year tables and checked quantities.

use chistka_model::params::{MeanDays, Probability, YearTable};
use proptest::prelude::*;

proptest! {
    /// The value for a year is the entry of the latest year not after it, or the first entry
    /// before the table starts: checked against a direct reading of that rule.
    #[test]
    fn a_year_table_holds_each_value_until_the_next_entry(
        entries in prop::collection::btree_map(1900i16..2100, -1e6f64..1e6, 1..12),
        year in 1880i16..2120,
    ) {
        let table = YearTable(entries.iter().map(|(&y, &v)| (y, v)).collect());
        let expected = entries
            .range(..=year)
            .next_back()
            .map_or_else(|| *entries.values().next().unwrap_or(&0.0), |(_, &v)| v);
        prop_assert_eq!(table.at(year), expected);
    }

    #[test]
    fn probabilities_are_exactly_the_numbers_in_0_1(x in prop::num::f64::ANY) {
        prop_assert_eq!(Probability::new(x).is_ok(), (0.0..=1.0).contains(&x));
    }

    #[test]
    fn mean_days_accept_exactly_the_finite_non_negative(x in prop::num::f64::ANY) {
        prop_assert_eq!(MeanDays::new(x).is_ok(), x.is_finite() && x >= 0.0);
    }
}
