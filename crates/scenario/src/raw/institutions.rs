//! The raw sections of the institutions built beside the census population: the army's purge
//! and the nomenklatura's graded risk, and their conversion to the validated parameters (with
//! the data tables they are built from, parsed once here).

use chistka_engine::calendar::Day;
use chistka_model::census::Census;
use chistka_model::institutions::army::ArmyData;
use chistka_model::institutions::nomenklatura::NomenklaturaData;
use chistka_model::params as m;
use serde::Deserialize;
use std::sync::Arc;

use super::convert::Checker;

/// The army's purge.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArmyParams {
    /// Switch.
    pub enabled: bool,
    /// First day of the purge of the army.
    pub purge_from: Day,
    /// Last day of it.
    pub purge_until: Day,
    /// Expulsions with dismissal per 1,000 officers with a card per year.
    pub expulsions_per_1000_per_year: f64,
    /// Chance a comrade of an arrested officer is dismissed for "ties".
    pub ties_dismissal_probability: f64,
    /// Special-department arrests per 1,000 officers per year.
    pub special_department_arrests_per_1000_per_year: f64,
    /// Chance a dismissed officer is later arrested.
    pub dismissed_arrest_probability: f64,
    /// Mean days from dismissal to that arrest.
    pub arrest_delay_days_mean: f64,
    /// Mean officers of his command network an arrested officer names.
    pub named_per_arrest_mean: f64,
    /// Day of the directive on officers of "foreign" nationalities.
    pub foreign_directive: Day,
    /// Chance an officer of a diaspora nationality is dismissed under it.
    pub foreign_dismissal_probability: f64,
    /// First day of the reinstatement commission.
    pub review_from: Day,
    /// Last day of it.
    pub review_until: Day,
    /// Chance a dismissed officer is reinstated.
    pub reinstatement_probability: f64,
    /// Mean days to the commission's decision.
    pub review_delay_days_mean: f64,
}

/// The nomenklatura's graded risk and the regional sweeps.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NomenklaturaParams {
    /// Switch for the sweeps and the inherited suspicion.
    pub enabled: bool,
    /// Risk factor of a former oppositionist.
    pub ex_oppositionist_relative_risk: f64,
    /// Risk factor of an Old Bolshevik.
    pub old_bolshevik_relative_risk: f64,
    /// Rank factor of the Politburo.
    pub politburo_relative_risk: f64,
    /// Rank factor of the Central Committee.
    pub central_committee_relative_risk: f64,
    /// Rank factor of the people's commissars.
    pub commissar_relative_risk: f64,
    /// Rank factor of the first secretaries.
    pub first_secretary_relative_risk: f64,
    /// Rank factor of the high command.
    pub high_command_relative_risk: f64,
    /// Chance a bureau member is arrested in a sweep.
    pub sweep_bureau_arrest_probability: f64,
    /// Arrests per year of a holder of a post under suspicion.
    pub suspicion_arrests_per_year: f64,
    /// Last day of the suspicion.
    pub suspicion_until: Day,
}

fn date_order(c: &mut Checker, key: &str, from: Day, until: Day) {
    if until < from {
        c.push(
            key,
            format!("expected a date on or after {from}, found {until}"),
        );
    }
}

pub(super) fn army(c: &mut Checker, r: ArmyParams, census: &Census) -> m::ArmyParams {
    date_order(c, "army.purge_until", r.purge_from, r.purge_until);
    date_order(c, "army.review_until", r.review_from, r.review_until);
    let structure = ArmyData::embedded(census).unwrap_or_else(|e| {
        c.push(
            "army",
            format!("the embedded army data are malformed (a bug): {e}"),
        );
        ArmyData::empty()
    });
    m::ArmyParams {
        enabled: r.enabled,
        structure: Arc::new(structure),
        purge_from: r.purge_from,
        purge_until: r.purge_until,
        expulsions_per_1000_per_year: r.expulsions_per_1000_per_year,
        ties_dismissal_probability: c.probability(
            "army.ties_dismissal_probability",
            r.ties_dismissal_probability,
        ),
        special_department_arrests_per_1000_per_year: r
            .special_department_arrests_per_1000_per_year,
        dismissed_arrest_probability: c.probability(
            "army.dismissed_arrest_probability",
            r.dismissed_arrest_probability,
        ),
        arrest_delay_days_mean: c
            .mean_days("army.arrest_delay_days_mean", r.arrest_delay_days_mean),
        named_per_arrest_mean: c.mean_count("army.named_per_arrest_mean", r.named_per_arrest_mean),
        foreign_directive: r.foreign_directive,
        foreign_dismissal_probability: c.probability(
            "army.foreign_dismissal_probability",
            r.foreign_dismissal_probability,
        ),
        review_from: r.review_from,
        review_until: r.review_until,
        reinstatement_probability: c.probability(
            "army.reinstatement_probability",
            r.reinstatement_probability,
        ),
        review_delay_days_mean: c
            .mean_days("army.review_delay_days_mean", r.review_delay_days_mean),
    }
}

pub(super) fn nomenklatura(
    c: &mut Checker,
    r: NomenklaturaParams,
    census: &Census,
) -> m::NomenklaturaParams {
    let structure = NomenklaturaData::embedded(census).unwrap_or_else(|e| {
        c.push(
            "nomenklatura",
            format!("the embedded nomenklatura data are malformed (a bug): {e}"),
        );
        NomenklaturaData::empty()
    });
    m::NomenklaturaParams {
        enabled: r.enabled,
        structure: Arc::new(structure),
        ex_oppositionist_relative_risk: r.ex_oppositionist_relative_risk,
        old_bolshevik_relative_risk: r.old_bolshevik_relative_risk,
        politburo_relative_risk: r.politburo_relative_risk,
        central_committee_relative_risk: r.central_committee_relative_risk,
        commissar_relative_risk: r.commissar_relative_risk,
        first_secretary_relative_risk: r.first_secretary_relative_risk,
        high_command_relative_risk: r.high_command_relative_risk,
        sweep_bureau_arrest_probability: c.probability(
            "nomenklatura.sweep_bureau_arrest_probability",
            r.sweep_bureau_arrest_probability,
        ),
        suspicion_arrests_per_year: r.suspicion_arrests_per_year,
        suspicion_until: r.suspicion_until,
    }
}
