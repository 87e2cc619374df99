//! The rules that tie parameters together. Single values are checked against their declared
//! range by the scenario reader (`chistka_scenario::spec`); what is left here is what no single
//! range can say: dates in order, shares of one year that sum to at most 1, names that must
//! exist in the census, fields a kind of timeline event needs.

use super::{Happening, Params};
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
    pub(crate) fn validate(&self, census: &Census) -> Result<(), Violations> {
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
        self.validate_sentencing(&mut v);
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
            check_parts(
                &mut v,
                &format!("national.operations.{i}.pool"),
                &op.pool,
                &codes,
            );
        }
        for (i, r) in self.deportation.removals.iter().enumerate() {
            let key = format!("deportation.removals.{i}");
            if r.end < r.start {
                v.push(
                    &format!("{key}.end"),
                    format!("expected a date on or after the start ({})", r.start),
                );
            }
            check_parts(&mut v, &format!("{key}.group"), &r.group, &codes);
        }
        self.validate_timeline(&mut v);
        let d = &self.denunciation;
        let (fear, careerism) = (d.fear_share.get(), d.careerism_share.get());
        if fear + careerism > 1.0 + 1e-9 {
            v.push(
                "denunciation.careerism_share",
                format!(
                    "fear and careerism shares sum to {:.3}, expected at most 1",
                    fear + careerism
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

    fn validate_sentencing(&self, v: &mut Violations) {
        let s = &self.sentencing;
        for (name, body) in s.bodies() {
            if let Some(until) = body.until
                && until < body.from
            {
                v.push(
                    &format!("sentencing.{name}.until"),
                    format!("expected a date on or after {}", body.from),
                );
            }
            let Some(shares) = &body.verdicts else {
                continue;
            };
            for year in self.start.year()..=self.end.year() {
                let total = shares.execution_share.at(year)
                    + shares.camp_share.at(year)
                    + shares.exile_share.at(year);
                if total > 1.0 + 1e-9 {
                    v.push(
                        &format!("sentencing.{name}.execution_share"),
                        format!(
                            "execution, camp and exile shares sum to {total:.3} in {year}, expected at most 1"
                        ),
                    );
                    break;
                }
            }
        }
    }

    fn validate_timeline(&self, v: &mut Violations) {
        for (id, e) in &self.timeline {
            let key = |f: &str| format!("timeline.{id}.{f}");
            match &e.what {
                Happening::ShowTrial(t) if t.death_sentences > t.defendants => v.push(
                    &key("death_sentences"),
                    format!(
                        "expected at most the {} defendants, found {}",
                        t.defendants, t.death_sentences
                    ),
                ),
                Happening::ExpulsionCampaign { end, .. } | Happening::Releases { end, .. }
                    if *end < e.date =>
                {
                    v.push(
                        &key("end"),
                        format!("expected a date on or after {}", e.date),
                    );
                }
                _ => {}
            }
        }
    }
}

/// A pool's or group's parts name nationalities and regions that exist.
fn check_parts(v: &mut Violations, key: &str, parts: &[super::PoolPart], codes: &[&str]) {
    for (j, part) in parts.iter().enumerate() {
        if Nationality::from_name(&part.nationality).is_none() {
            let names: Vec<&str> = Nationality::ALL.iter().map(|n| n.name()).collect();
            v.push(
                &format!("{key}.{j}.nationality"),
                format!(
                    "unknown nationality `{}`, expected one of: {}",
                    part.nationality,
                    names.join(", ")
                ),
            );
        }
        for code in &part.regions {
            if !codes.contains(&code.as_str()) {
                v.push(
                    &format!("{key}.{j}.regions"),
                    format!(
                        "unknown region `{code}`, expected one of: {}",
                        codes.join(", ")
                    ),
                );
            }
        }
    }
}
