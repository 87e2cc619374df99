//! The rules that tie parameters together. Single values are checked against their declared
//! range by the scenario reader (`chistka_scenario::spec`); what is left here is what no single
//! range can say: dates in order, shares of one year that sum to at most 1, names that must
//! exist in the census, fields a kind of timeline event needs.

use super::{EventKind, Params};
use crate::census::Census;
use crate::people::Nationality;

/// Every rule a scenario broke, each with the dotted key it concerns.
#[derive(Debug, Default)]
pub struct Violations(pub Vec<(String, String)>);

impl Violations {
    /// Records one violation.
    pub fn push(&mut self, path: &str, message: String) {
        self.0.push((path.to_string(), message));
    }
}

impl Params {
    /// Checks the consistency of dates, shares and names against `census` (for region codes).
    ///
    /// # Errors
    /// Every violation found, each with its dotted key.
    pub fn validate(&self, census: &Census) -> Result<(), Violations> {
        let mut v = Violations::default();
        if self.end <= self.start {
            v.push(
                "end",
                format!(
                    "expected a date after start ({}), found {}",
                    self.start, self.end
                ),
            );
        }
        let s = &self.sentencing;
        for year in self.start.year()..=self.end.year() {
            let total = s.execution_share.at(year) + s.camp_share.at(year) + s.exile_share.at(year);
            if total > 1.0 + 1e-9 {
                v.push(
                    "sentencing.execution_share",
                    format!(
                        "execution, camp and exile shares sum to {total:.3} in {year}, expected at most 1"
                    ),
                );
                break;
            }
        }
        let codes: Vec<&str> = census.regions.iter().map(|r| r.code.as_str()).collect();
        for code in self.quota.limits.keys() {
            if !codes.contains(&code.as_str()) {
                v.push(
                    &format!("quota.limits.{code}"),
                    format!("unknown region, expected one of: {}", codes.join(", ")),
                );
            }
        }
        for (i, op) in self.national.operations.iter().enumerate() {
            for nat in &op.nationalities {
                if Nationality::from_name(nat).is_none() {
                    let names: Vec<&str> = Nationality::ALL.iter().map(|n| n.name()).collect();
                    v.push(
                        &format!("national.operations.{i}.nationalities"),
                        format!(
                            "unknown nationality `{nat}`, expected one of: {}",
                            names.join(", ")
                        ),
                    );
                }
            }
        }
        self.validate_timeline(&mut v);
        let d = &self.denunciation;
        if d.fear_share + d.careerism_share > 1.0 + 1e-9 {
            v.push(
                "denunciation.careerism_share",
                format!(
                    "fear and careerism shares sum to {:.3}, expected at most 1",
                    d.fear_share + d.careerism_share
                ),
            );
        }
        let c = &self.centre;
        if c.lists_until < c.lists_from {
            v.push(
                "centre.lists_until",
                format!("expected a date on or after {}", c.lists_from),
            );
        }
        if v.0.is_empty() { Ok(()) } else { Err(v) }
    }

    fn validate_timeline(&self, v: &mut Violations) {
        for (id, e) in &self.timeline {
            let key = |f: &str| format!("timeline.{id}.{f}");
            let need = |v: &mut Violations, f: &str, present: bool| {
                if !present {
                    v.push(
                        &format!("timeline.{id}"),
                        format!("a `{:?}` event needs `{f}`", e.kind),
                    );
                }
            };
            match e.kind {
                EventKind::ShowTrial => {
                    need(v, "defendants", e.defendants.is_some());
                    need(v, "death_sentences", e.death_sentences.is_some());
                    if let (Some(d), Some(x)) = (e.defendants, e.death_sentences)
                        && x > d
                    {
                        v.push(
                            &key("death_sentences"),
                            format!("expected at most the {d} defendants, found {x}"),
                        );
                    }
                }
                EventKind::ExpulsionCampaign | EventKind::Releases => {
                    need(v, "end", e.end.is_some());
                    if e.end.is_some_and(|end| end < e.date) {
                        v.push(
                            &key("end"),
                            format!("expected a date on or after {}", e.date),
                        );
                    }
                    if e.kind == EventKind::ExpulsionCampaign {
                        need(v, "expel_share", e.expel_share.is_some());
                    } else {
                        need(v, "release_share", e.release_share.is_some());
                    }
                }
                EventKind::LimitIncrease => {
                    need(v, "limit_increase_share", e.limit_increase_share.is_some())
                }
                _ => {}
            }
        }
    }
}
