//! Period tables derived from the ledger.

use chistka_engine::calendar::Day;
use chistka_model::ledger::{Cause, Flow, Stock};
use chistka_model::world::World;

/// A table of named columns; the first column is the period label.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column names.
    pub columns: Vec<String>,
    /// Rows: the period label and one value per further column.
    pub rows: Vec<(String, Vec<f64>)>,
}

impl Table {
    /// CSV text, counts rounded to whole full-scale people.
    pub fn to_csv(&self) -> String {
        use std::fmt::Write as _;
        // Each column's form, decided once from its name rather than for every cell.
        let forms: Vec<Form> = self.columns.iter().skip(1).map(|n| Form::of(n)).collect();
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(&self.columns);
        let mut cell = String::new();
        for (label, values) in &self.rows {
            let _ = w.write_field(label);
            for (form, &v) in forms.iter().zip(values) {
                cell.clear();
                let _ = match form {
                    Form::Index => write!(cell, "{v:.3}"),
                    _ if v.is_nan() => Ok(()),
                    Form::Share => write!(cell, "{v:.4}"),
                    Form::MeanAge => write!(cell, "{v:.1}"),
                    Form::Count => write!(cell, "{}", v.round() as i64),
                };
                let _ = w.write_field(&cell);
            }
            let _ = w.write_record(None::<&[u8]>);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// The value in a named column of the row labelled `label`.
    pub fn get(&self, label: &str, column: &str) -> Option<f64> {
        let c = self
            .columns
            .iter()
            .position(|n| n == column)?
            .checked_sub(1)?;
        self.rows
            .iter()
            .find(|(l, _)| l == label)
            .and_then(|(_, v)| v.get(c).copied())
    }
}

/// How a column's values are written.
#[derive(Debug, Clone, Copy)]
enum Form {
    /// Indices (threat, hysteria): three decimals.
    Index,
    /// Shares: four decimals; NaN (no denominator) empty.
    Share,
    /// Mean ages: one decimal; NaN empty.
    MeanAge,
    /// Counts: whole full-scale people; NaN empty.
    Count,
}

impl Form {
    fn of(name: &str) -> Self {
        if matches!(name, "threat" | "hysteria") {
            Form::Index
        } else if name.contains("share") {
            Form::Share
        } else if name.ends_with("mean_age") {
            Form::MeanAge
        } else {
            Form::Count
        }
    }
}

fn day_of(w: &World, d: usize) -> Day {
    Day(w.params.start.0 + d as u16)
}

/// The annual table with exactly the contract's columns.
pub fn annual(w: &World) -> Table {
    let flows = [
        ("arrests", Flow::Arrests),
        ("convictions", Flow::Convictions),
        ("executions", Flow::Executions),
        ("camp_sentences", Flow::CampSentences),
        ("exile_sentences", Flow::ExileSentences),
        ("releases", Flow::Releases),
        ("deaths_in_custody", Flow::DeathsInCustody),
    ];
    let mut columns: Vec<String> = vec!["year".into()];
    columns.extend(flows.iter().map(|(n, _)| n.to_string()));
    columns.extend(
        [
            "camp_population_jan1",
            "camp_population_political_jan1",
            "party_members_jan1",
            "party_admissions",
            "party_expulsions",
        ]
        .map(String::from),
    );
    // Camps and colonies (added after the contract's first columns, which keep their places).
    let camp_flows = [
        Flow::CampAdmissions,
        Flow::CriminalConvictions,
        Flow::ReleasesEndOfTermPolitical,
        Flow::ReleasesEndOfTermCriminal,
        Flow::ReleasesAcquitted,
        Flow::ReleasesOnReview,
        Flow::ReleasesExileEnd,
        Flow::DeathsInPrison,
        Flow::DeathsInTransit,
    ];
    columns.extend(["camp_population_itl_jan1", "camp_population_itk_jan1"].map(String::from));
    columns.extend(camp_flows.iter().map(|f| f.name().to_string()));
    let mut rows = Vec::new();
    let days = w.ledger.days();
    let mut d = 0;
    while d < days {
        let year = day_of(w, d).year();
        let first = d;
        while d < days && day_of(w, d).year() == year {
            d += 1;
        }
        let sum = |f: Flow| (first..d).map(|i| w.ledger.flow(i, f)).sum::<f64>();
        let mut v: Vec<f64> = flows.iter().map(|(_, f)| sum(*f)).collect();
        v.push(w.ledger.stock(first, Stock::CampPopulation));
        v.push(w.ledger.stock(first, Stock::CampPopulationPolitical));
        v.push(w.ledger.stock(first, Stock::PartyMembers));
        v.push(sum(Flow::PartyAdmissions));
        v.push(sum(Flow::PartyExpulsions));
        v.push(w.ledger.stock(first, Stock::CampPopulationItl));
        v.push(w.ledger.stock(first, Stock::CampPopulationItk));
        v.extend(camp_flows.iter().map(|&f| sum(f)));
        rows.push((year.to_string(), v));
    }
    Table { columns, rows }
}

fn periodic(w: &World, label_name: &str, label: impl Fn(Day) -> String) -> Table {
    let mut columns: Vec<String> = vec![label_name.into()];
    columns.extend(Flow::ALL.iter().map(|f| f.name().to_string()));
    columns.extend(Cause::ALL.iter().map(|c| format!("arrests_{}", c.name())));
    columns.extend(Stock::ALL.iter().map(|s| s.name().to_string()));
    let mut rows = Vec::new();
    let days = w.ledger.days();
    let mut d = 0;
    while d < days {
        let key = label(day_of(w, d));
        let first = d;
        while d < days && label(day_of(w, d)) == key {
            d += 1;
        }
        let mut v: Vec<f64> = Flow::ALL
            .iter()
            .map(|&f| (first..d).map(|i| w.ledger.flow(i, f)).sum())
            .collect();
        v.extend(
            Cause::ALL
                .iter()
                .map(|&c| (first..d).map(|i| w.ledger.cause(i, c)).sum::<f64>()),
        );
        v.extend(Stock::ALL.iter().map(|&s| w.ledger.stock(first, s)));
        rows.push((key, v));
    }
    Table { columns, rows }
}

/// Flows by month (`month` as YYYY-MM), arrests by cause, stocks at the month's start.
pub fn monthly(w: &World) -> Table {
    periodic(w, "month", |day| {
        let d = day.date();
        format!("{:04}-{:02}", d.year(), d.month())
    })
}

/// Flows by day (`date` as YYYY-MM-DD), arrests by cause, stocks at the day's start.
pub fn daily(w: &World) -> Table {
    periodic(w, "date", |day| day.to_string())
}
