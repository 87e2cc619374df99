//! The joint composition of the mass population: who the people of each social category were
//! (sex, age, social origin), how households pair a head with a spouse, and where the diaspora
//! nationalities lived. Read from `data/composition.csv`, `data/households.csv` and
//! `data/nationality_regions.csv`, embedded at compile time; sources in `data/SOURCES.md`, section "Joint composition".
//!
//! Without these tables sex and age were drawn independently of category, so that half of the
//! former kulaks, clergy and officials were women and the young were over-represented among the
//! registered. The tables are turned into the conditional shares the population builder draws
//! from ([`Composition::age_given_category`], [`Composition::category_given_sex`],
//! [`Composition::nationality_by_region`]).

use crate::census::{DataError, Distribution, Region, num, rows, text};
use crate::people::{AgeBand, Category};

/// `data/composition.csv`.
pub const COMPOSITION_CSV: &str = include_str!("../../../data/composition.csv");
/// `data/households.csv`.
pub const HOUSEHOLDS_CSV: &str = include_str!("../../../data/households.csv");
/// `data/nationality_regions.csv`.
pub const NATIONALITY_REGIONS_CSV: &str = include_str!("../../../data/nationality_regions.csv");

/// Number of adult age bands (16-29, 30-49, 50+).
pub const ADULT_BANDS: usize = AgeBand::ALL.len() - 1;

/// Household structure and the adult sex balance (`data/households.csv`).
#[derive(Debug, Clone, Copy)]
pub struct Households {
    /// Women's share of adults (16+).
    pub adult_female: f64,
    /// Girls' share of children (0-15).
    pub child_female: f64,
    /// Share of households of two or more whose second member is the head's spouse.
    pub spouse: f64,
    /// Women's share of the heads of households of the census classes.
    pub head_female_classes: f64,
    /// Share of the women of the census classes who keep house: [village, town].
    pub at_home: [f64; 2],
    /// Women's share of the party's members and candidates (the party cards of 1934 are drawn
    /// by category, then split between the sexes so that women hold this share).
    pub party_women: f64,
}

/// The composition of every adult category, indexed by [`Category`] code (dependants and the
/// elite have all-zero rows: they are not drawn from these tables).
#[derive(Debug, Clone)]
pub struct Composition {
    /// Women's share of the category's adults: [village, town]. The census classes' share is
    /// solved from [`Households::adult_female`].
    pub female: Vec<[f64; 2]>,
    /// True for the census classes (kolkhoz peasants, workers, employees counted with their
    /// families), whose heads and wives follow the household structure.
    pub class: Vec<bool>,
    /// Relative tilt towards each adult age band (raked to the census by
    /// [`Composition::age_given_category`]).
    pub age_tilt: Vec<[f64; ADULT_BANDS]>,
    /// Social origin shares, in [`Origin`](crate::people::Origin) code order.
    pub origin: Vec<[f64; 4]>,
    /// Share of technical-school graduates promoted from below.
    pub technical: Vec<f64>,
    /// Household structure.
    pub households: Households,
    /// Share of each listed nationality's people in each region (rows sum to 1), by nationality
    /// name, in region order.
    pub nationality_regions: Vec<(String, Vec<f64>)>,
}

fn err(file: &'static str, line: usize, message: String) -> DataError {
    DataError {
        file,
        line,
        message,
    }
}

/// Checks that shares sum to one.
fn sums_to_one(file: &'static str, line: usize, what: &str, xs: &[f64]) -> Result<(), DataError> {
    let s: f64 = xs.iter().sum();
    if (s - 1.0).abs() > 1e-6 || xs.iter().any(|x| *x < 0.0) {
        return Err(err(
            file,
            line,
            format!("{what} must be non-negative and sum to 1, found a sum of {s}"),
        ));
    }
    Ok(())
}

impl Composition {
    /// Parses the embedded tables, solving the census classes' female share against the adult
    /// category shares of `category`.
    ///
    /// # Errors
    /// A [`DataError`] naming the file and line of a malformed row, a share outside 0..=1, shares
    /// that do not sum to one, a category or region that does not exist, or a missing category.
    pub fn embedded(category: &Distribution, regions: &[Region]) -> Result<Self, DataError> {
        let n = Category::ALL.len();
        let mut female: Vec<Option<f64>> = vec![Some(0.0); n];
        let mut seen = vec![false; n];
        let mut class = vec![false; n];
        let mut age_tilt = vec![[0.0; ADULT_BANDS]; n];
        let mut origin = vec![[0.0; 4]; n];
        let mut technical = vec![0.0; n];
        const FILE: &str = "composition.csv";
        for (line, f) in rows(FILE, COMPOSITION_CSV) {
            let name = text(FILE, line, f.first(), "category")?;
            let c = Category::from_name(&name)
                .ok_or_else(|| err(FILE, line, format!("`{name}` is not a social category")))?;
            let i = c as usize;
            seen[i] = true;
            let share = text(FILE, line, f.get(1), "female_share")?;
            if share == "residual" {
                class[i] = true;
                female[i] = None;
            } else {
                let x = num(FILE, line, f.get(1), "female_share (or `residual`)")?;
                if !(0.0..=1.0).contains(&x) {
                    return Err(err(FILE, line, format!("female_share {x} is not in 0..=1")));
                }
                female[i] = Some(x);
            }
            for (b, tilt) in age_tilt[i].iter_mut().enumerate() {
                *tilt = num(FILE, line, f.get(2 + b), "an age tilt")?;
                if *tilt <= 0.0 {
                    return Err(err(FILE, line, "age tilts must be positive".into()));
                }
            }
            for (o, share) in origin[i].iter_mut().enumerate() {
                *share = num(FILE, line, f.get(5 + o), "an origin share")?;
            }
            sums_to_one(FILE, line, "the origin shares", &origin[i])?;
            technical[i] = num(FILE, line, f.get(9), "technical_share")?;
            if !(0.0..=1.0).contains(&technical[i]) {
                return Err(err(FILE, line, "technical_share is not in 0..=1".into()));
            }
        }
        for name in &category.names {
            let c = Category::from_name(name).map(|c| c as usize);
            if c.is_some_and(|c| !seen[c]) {
                return Err(err(
                    FILE,
                    0,
                    format!("no row for the category `{name}` of population.csv"),
                ));
            }
        }
        let households = Self::households()?;
        // The census classes' women: whatever of the adult female share the other categories
        // leave, spread over the classes (town and village separately).
        let mut solved = vec![[0.0; 2]; n];
        for urban in [false, true] {
            let (mut fixed, mut classes) = (0.0, 0.0);
            for (k, name) in category.names.iter().enumerate() {
                let Some(c) = Category::from_name(name) else {
                    continue;
                };
                let share = category.shares(urban)[k];
                match female[c as usize] {
                    Some(x) => fixed += share * x,
                    None => classes += share,
                }
            }
            let residual = if classes > 0.0 {
                (households.adult_female - fixed) / classes
            } else {
                0.0
            };
            if !(0.0..=1.0).contains(&residual) {
                return Err(err(
                    FILE,
                    0,
                    format!(
                        "the census classes' female share solves to {residual} in the {}, outside \
                         0..=1: the fixed shares cannot meet adult_female_share",
                        if urban { "towns" } else { "villages" }
                    ),
                ));
            }
            for c in 0..n {
                solved[c][usize::from(urban)] = female[c].unwrap_or(residual);
            }
        }
        Ok(Composition {
            female: solved,
            class,
            age_tilt,
            origin,
            technical,
            households,
            nationality_regions: Self::nationality_regions(regions)?,
        })
    }

    fn households() -> Result<Households, DataError> {
        const FILE: &str = "households.csv";
        let mut values: Vec<(String, f64, usize)> = Vec::new();
        for (line, f) in rows(FILE, HOUSEHOLDS_CSV) {
            let key = text(FILE, line, f.first(), "key")?;
            let v = num(FILE, line, f.get(1), "value")?;
            if !(0.0..=1.0).contains(&v) {
                return Err(err(
                    FILE,
                    line,
                    format!("`{key}` = {v} is not a share in 0..=1"),
                ));
            }
            values.push((key, v, line));
        }
        let get = |key: &str| {
            values
                .iter()
                .find(|(k, _, _)| k == key)
                .map(|(_, v, _)| *v)
                .ok_or_else(|| err(FILE, 0, format!("no row for `{key}`")))
        };
        Ok(Households {
            adult_female: get("adult_female_share")?,
            child_female: get("child_female_share")?,
            spouse: get("spouse_share")?,
            head_female_classes: get("head_female_share_classes")?,
            at_home: [get("at_home_share_rural")?, get("at_home_share_urban")?],
            party_women: get("party_women_share")?,
        })
    }

    fn nationality_regions(regions: &[Region]) -> Result<Vec<(String, Vec<f64>)>, DataError> {
        const FILE: &str = "nationality_regions.csv";
        let header = NATIONALITY_REGIONS_CSV
            .lines()
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .unwrap_or_default();
        let columns: Vec<&str> = header.split(',').collect();
        let codes: Vec<&str> = regions.iter().map(|r| r.code.as_str()).collect();
        if columns.len() != codes.len() + 3 || columns[1..=codes.len()] != codes[..] {
            return Err(err(
                FILE,
                0,
                format!(
                    "expected the header `nationality,{},status,source` (the regions of regions.csv)",
                    codes.join(",")
                ),
            ));
        }
        let mut out = Vec::new();
        for (line, f) in rows(FILE, NATIONALITY_REGIONS_CSV) {
            let name = text(FILE, line, f.first(), "nationality")?;
            if crate::people::Nationality::from_name(&name).is_none() {
                return Err(err(FILE, line, format!("`{name}` is not a nationality")));
            }
            let shares = (0..codes.len())
                .map(|r| num(FILE, line, f.get(1 + r), "a regional share"))
                .collect::<Result<Vec<f64>, _>>()?;
            sums_to_one(FILE, line, "the regional shares", &shares)?;
            out.push((name, shares));
        }
        Ok(out)
    }

    /// Shares of each adult age band within each category, for towns or villages: the
    /// category's tilt raked (iterative proportional fitting) so that the categories keep their
    /// shares of `category` and the bands their census shares among adults of `age`. Rows are
    /// indexed by [`Category`] code; a category absent from `category` gets the census bands.
    pub fn age_given_category(
        &self,
        category: &Distribution,
        age: &Distribution,
        urban: bool,
    ) -> Vec<[f64; ADULT_BANDS]> {
        let adult = &age.shares(urban)[1..];
        let total: f64 = adult.iter().sum();
        let target: Vec<f64> = adult.iter().map(|a| a / total).collect();
        let n = Category::ALL.len();
        let mut mass = vec![0.0; n];
        for (k, name) in category.names.iter().enumerate() {
            if let Some(c) = Category::from_name(name) {
                mass[c as usize] += category.shares(urban)[k];
            }
        }
        let mut joint: Vec<[f64; ADULT_BANDS]> = (0..n)
            .map(|c| std::array::from_fn(|b| mass[c] * target[b] * self.age_tilt[c][b]))
            .collect();
        for _ in 0..200 {
            for (c, row) in joint.iter_mut().enumerate() {
                let s: f64 = row.iter().sum();
                if s > 0.0 {
                    row.iter_mut().for_each(|x| *x *= mass[c] / s);
                }
            }
            for (b, t) in target.iter().enumerate() {
                let s: f64 = joint.iter().map(|r| r[b]).sum();
                if s > 0.0 {
                    joint.iter_mut().for_each(|r| r[b] *= t / s);
                }
            }
        }
        joint
            .iter()
            .map(|row| {
                let s: f64 = row.iter().sum();
                if s > 0.0 {
                    std::array::from_fn(|b| row[b] / s)
                } else {
                    std::array::from_fn(|b| target[b])
                }
            })
            .collect()
    }

    /// Shares of each category (in the file order of `category`) among adult women
    /// (`female`) or men of the towns or villages: Bayes' rule on the category shares and the
    /// women's share of each category.
    pub fn category_given_sex(
        &self,
        category: &Distribution,
        urban: bool,
        female: bool,
    ) -> Vec<f64> {
        let mut w: Vec<f64> = category
            .names
            .iter()
            .enumerate()
            .map(|(k, name)| {
                let f = Category::from_name(name)
                    .map_or(0.5, |c| self.female[c as usize][usize::from(urban)]);
                category.shares(urban)[k] * if female { f } else { 1.0 - f }
            })
            .collect();
        let s: f64 = w.iter().sum();
        if s > 0.0 {
            w.iter_mut().for_each(|x| *x /= s);
        }
        w
    }

    /// Shares of each nationality (in the file order of `nationality`) in each region: a
    /// listed nationality's Union share times its share living in the region, over the region's
    /// share of the population; "other" takes the rest. Indexed `[region][nationality]`.
    ///
    /// # Errors
    /// A [`DataError`] if a region would need more than all its people for the listed
    /// nationalities.
    pub fn nationality_by_region(
        &self,
        nationality: &Distribution,
        regions: &[Region],
    ) -> Result<Vec<Vec<f64>>, DataError> {
        let other = nationality.index("other");
        regions
            .iter()
            .enumerate()
            .map(|(r, region)| {
                let mut shares: Vec<f64> = nationality
                    .names
                    .iter()
                    .enumerate()
                    .map(|(k, name)| {
                        let union = nationality.shares(true)[k];
                        match self.nationality_regions.iter().find(|(n, _)| n == name) {
                            Some((_, by_region)) => union * by_region[r] / region.population_share,
                            None if Some(k) == other => 0.0,
                            // A nationality without a row keeps its Union share everywhere.
                            None => union,
                        }
                    })
                    .collect();
                let listed: f64 = shares.iter().sum();
                if listed > 1.0 {
                    return Err(err(
                        "nationality_regions.csv",
                        0,
                        format!(
                            "the listed nationalities would be {listed} of the people of {}, \
                             more than all of them",
                            region.code
                        ),
                    ));
                }
                if let Some(o) = other {
                    shares[o] = 1.0 - listed;
                }
                Ok(shares)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::census::Census;
    use crate::people::Category;

    #[test]
    fn raked_ages_keep_both_margins_and_the_tilts() {
        let c = Census::embedded().unwrap();
        for urban in [false, true] {
            let ages = c.composition.age_given_category(&c.category, &c.age, urban);
            let adult = &c.age.shares(urban)[1..];
            let total: f64 = adult.iter().sum();
            for b in 0..3 {
                let implied: f64 = c
                    .category
                    .names
                    .iter()
                    .enumerate()
                    .map(|(k, n)| {
                        let cat = Category::from_name(n).unwrap() as usize;
                        c.category.shares(urban)[k] * ages[cat][b]
                    })
                    .sum();
                assert!(
                    (implied - adult[b] / total).abs() < 1e-6,
                    "band {b}: {implied}"
                );
            }
            // The tilts survive the raking: the clergy are older than the criminals.
            let old = 2;
            assert!(
                ages[Category::Clergy as usize][old]
                    > 2.0 * ages[Category::CriminalRecord as usize][old]
            );
        }
    }

    #[test]
    fn the_registered_are_mostly_men_and_women_are_the_census_share() {
        let c = Census::embedded().unwrap();
        let f = &c.composition.female;
        assert!(f[Category::FormerKulak as usize][0] < 0.2);
        assert!(f[Category::ArmyOfficer as usize][1] < 0.05);
        for urban in [false, true] {
            let implied: f64 = c
                .category
                .names
                .iter()
                .enumerate()
                .map(|(k, n)| {
                    c.category.shares(urban)[k]
                        * f[Category::from_name(n).unwrap() as usize][usize::from(urban)]
                })
                .sum();
            assert!((implied - c.composition.households.adult_female).abs() < 1e-9);
        }
    }

    #[test]
    fn germans_concentrate_in_the_rsfsr_and_ukraine_and_koreans_in_the_far_east() {
        let c = Census::embedded().unwrap();
        let by = c
            .composition
            .nationality_by_region(&c.nationality, &c.regions)
            .unwrap();
        let german = c.nationality.index("german").unwrap();
        let korean = c.nationality.index("korean").unwrap();
        let ukr = c.regions.iter().position(|r| r.code == "UKR").unwrap();
        let arm = c.regions.iter().position(|r| r.code == "ARM").unwrap();
        assert!(by[ukr][german] > by[arm][german]);
        assert_eq!(by[ukr][korean], 0.0);
        for shares in &by {
            assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        }
    }
}
