//! From the raw form to the validated parameters: every value against its declared range is
//! checked before (by [`crate::spec::check_ranges`] on the file's values); here each value
//! becomes its checked quantity, the timeline its typed events, and [`Params::new`] checks the
//! sections against each other.

use chistka_model::census::Census;
use chistka_model::params::{
    self as m, Happening, MeanCount, MeanDays, Params, Pool, Probability, ShowTrial,
};

use super::{RawEvent, RawParams};
use crate::raw;

/// Every rule the raw parameters broke, each with its dotted key.
#[derive(Debug, Clone, Default, PartialEq, thiserror::Error)]
#[error("{} parameter(s) invalid: {}", .0.len(), .0.iter().map(|(k, m)| format!("{k}: {m}")).collect::<Vec<_>>().join("; "))]
pub struct Invalid(pub Vec<(String, String)>);

/// Collects the violations while the sections are built.
#[derive(Default)]
pub(super) struct Checker(Vec<(String, String)>);

impl Checker {
    /// Records a violation of `key`.
    pub(super) fn push(&mut self, key: &str, message: String) {
        self.0.push((key.to_string(), message));
    }

    pub(super) fn probability(&mut self, key: &str, x: f64) -> Probability {
        Probability::new(x).unwrap_or_else(|e| {
            self.0.push((key.to_string(), e.to_string()));
            Probability::new(0.0).expect("0 is a probability")
        })
    }

    pub(super) fn mean_count(&mut self, key: &str, x: f64) -> MeanCount {
        MeanCount::new(x).unwrap_or_else(|e| {
            self.0.push((key.to_string(), e.to_string()));
            MeanCount::new(0.0).expect("0 is a mean count")
        })
    }

    pub(super) fn mean_days(&mut self, key: &str, x: f64) -> MeanDays {
        MeanDays::new(x).unwrap_or_else(|e| {
            self.0.push((key.to_string(), e.to_string()));
            MeanDays::new(0.0).expect("0 days is a mean")
        })
    }
}

impl TryFrom<RawParams> for Params {
    type Error = Invalid;

    /// Validates against the embedded census; [`validate`] takes a census parsed once.
    fn try_from(raw: RawParams) -> Result<Self, Invalid> {
        let census = Census::embedded().map_err(|e| {
            Invalid(vec![(
                String::new(),
                format!("the embedded census is malformed (a bug): {e}"),
            )])
        })?;
        validate(raw, &census)
    }
}

/// The validated parameters of `raw`, region codes checked against `census`.
///
/// # Errors
/// Every rule broken, each with its dotted key.
pub fn validate(r: RawParams, census: &Census) -> Result<Params, Invalid> {
    let mut c = Checker::default();
    let (end, until) = super::longrun::split_end(r.end);
    let sections = m::Sections {
        start: r.start,
        end,
        population: population(r.population),
        policing: policing(&mut c, r.policing),
        interrogation: interrogation(&mut c, r.interrogation),
        sentencing: sentencing(&mut c, r.sentencing),
        camps: camps(&mut c, r.camps),
        quota: quota(&mut c, r.quota),
        national: national(&mut c, r.national),
        halt: halt(&mut c, r.halt),
        threat: threat(r.threat),
        timeline: r
            .timeline
            .into_iter()
            .map(|(id, e)| {
                let e = event(&mut c, &id, e);
                (id, e)
            })
            .collect(),
        registries: registries(&mut c, r.registries),
        denunciation: denunciation(&mut c, r.denunciation),
        patronage: patronage(&mut c, r.patronage),
        party: party(&mut c, r.party),
        centre: centre(&mut c, r.centre),
        purgers: purgers(&mut c, r.purgers),
        promotion: promotion(&mut c, r.promotion),
        wives: wives(&mut c, r.wives),
        deportation: deportation(&mut c, r.deportation),
        army: super::institutions::army(&mut c, r.army, census),
        nomenklatura: super::institutions::nomenklatura(&mut c, r.nomenklatura, census),
        longrun: super::longrun::longrun(&mut c, r.longrun, until),
    };
    // The rules between sections are checked even when a value was refused (it stands in as
    // 0, which breaks no rule), so that one pass reports everything wrong with the file.
    match Params::new(sections, census) {
        Ok(params) if c.0.is_empty() => Ok(params),
        Ok(_) => Err(Invalid(c.0)),
        Err(v) => Err(Invalid(c.0.into_iter().chain(v.0).collect())),
    }
}

fn event(c: &mut Checker, id: &str, e: RawEvent) -> m::TimelineEvent {
    let key = |f: &str| format!("timeline.{id}.{f}");
    let (date, enabled, source, what) = match e {
        RawEvent::KirovMurder {
            date,
            enabled,
            threat,
            source,
        } => (
            date,
            enabled,
            source,
            Happening::KirovMurder {
                threat: threat.unwrap_or(0.0),
            },
        ),
        RawEvent::ShowTrial {
            date,
            enabled,
            defendants,
            death_sentences,
            pool,
            threat,
            min_threat,
            source,
        } => (
            date,
            enabled,
            source,
            Happening::ShowTrial(ShowTrial {
                defendants,
                death_sentences,
                pool: pool.unwrap_or(Pool::Party),
                threat: threat.unwrap_or(0.0),
                min_threat: min_threat.unwrap_or(0.0),
            }),
        ),
        RawEvent::NkvdChiefChange {
            date,
            enabled,
            threat,
            source,
        } => (
            date,
            enabled,
            source,
            Happening::NkvdChiefChange {
                threat: threat.unwrap_or(0.0),
            },
        ),
        RawEvent::Plenum {
            date,
            enabled,
            threat,
            source,
        } => (
            date,
            enabled,
            source,
            Happening::Plenum {
                threat: threat.unwrap_or(0.0),
            },
        ),
        RawEvent::WarScare {
            date,
            enabled,
            threat,
            source,
        } => (
            date,
            enabled,
            source,
            Happening::WarScare {
                threat: threat.unwrap_or(0.0),
            },
        ),
        RawEvent::ExpulsionCampaign {
            date,
            enabled,
            end,
            expel_share,
            source,
        } => (
            date,
            enabled,
            source,
            Happening::ExpulsionCampaign {
                end,
                expel_share: c.probability(&key("expel_share"), expel_share),
            },
        ),
        RawEvent::AdmissionsFreeze {
            date,
            enabled,
            source,
        } => (date, enabled, source, Happening::AdmissionsFreeze),
        RawEvent::AdmissionsReopen {
            date,
            enabled,
            source,
        } => (date, enabled, source, Happening::AdmissionsReopen),
        RawEvent::AppealsOpen {
            date,
            enabled,
            source,
        } => (date, enabled, source, Happening::AppealsOpen),
        RawEvent::LimitIncrease {
            date,
            enabled,
            limit_increase_share,
            source,
        } => (
            date,
            enabled,
            source,
            Happening::LimitIncrease {
                share: limit_increase_share,
            },
        ),
        RawEvent::SpecialTroikas {
            date,
            enabled,
            source,
        } => (date, enabled, source, Happening::SpecialTroikas),
        RawEvent::Releases {
            date,
            enabled,
            end,
            release_share,
            source,
        } => (
            date,
            enabled,
            source,
            Happening::Releases {
                end,
                release_share: c.probability(&key("release_share"), release_share),
            },
        ),
    };
    m::TimelineEvent {
        date,
        enabled,
        source,
        what,
    }
}

fn wives(c: &mut Checker, r: raw::WivesParams) -> m::WivesParams {
    m::WivesParams {
        enabled: r.enabled,
        from: r.from,
        arrest_probability: c.probability("wives.arrest_probability", r.arrest_probability),
        term_years_mean: r.term_years_mean,
    }
}

fn threat(r: raw::ThreatParams) -> m::ThreatParams {
    m::ThreatParams {
        enabled: r.enabled,
        initial: r.initial,
        half_life_days: r.half_life_days,
        per_elite_arrest: r.per_elite_arrest,
        per_10k_named_arrests: r.per_10k_named_arrests,
        reference: r.reference,
        policing_gain: r.policing_gain,
        capacity_gain: r.capacity_gain,
        order_threshold: r.order_threshold,
        order_reference: r.order_reference,
        limit_elasticity: r.limit_elasticity,
        grant_threat_slope: r.grant_threat_slope,
        halt_factor: r.halt_factor,
    }
}

fn registries(c: &mut Checker, r: raw::RegistryParams) -> m::RegistryParams {
    m::RegistryParams {
        enabled: r.enabled,
        other_parties_share: c.probability("registries.other_parties_share", r.other_parties_share),
        tries_before_associates: r.tries_before_associates,
    }
}

fn denunciation(c: &mut Checker, r: raw::DenunciationParams) -> m::DenunciationParams {
    m::DenunciationParams {
        enabled: r.enabled,
        per_100k_adults_per_year: r.per_100k_adults_per_year,
        hysteria_per_trial: r.hysteria_per_trial,
        hysteria_per_local_arrest_per_1000: r.hysteria_per_local_arrest_per_1000,
        hysteria_half_life_days: r.hysteria_half_life_days,
        fear_share: c.probability("denunciation.fear_share", r.fear_share),
        careerism_share: c.probability("denunciation.careerism_share", r.careerism_share),
        act_probability: c.probability("denunciation.act_probability", r.act_probability),
    }
}

fn patronage(c: &mut Checker, r: raw::PatronageParams) -> m::PatronageParams {
    m::PatronageParams {
        enabled: r.enabled,
        circle_size: r.circle_size,
        arrest_probability: c.probability("patronage.arrest_probability", r.arrest_probability),
        dismissal_probability: c
            .probability("patronage.dismissal_probability", r.dismissal_probability),
        delay_days_mean: c.mean_days("patronage.delay_days_mean", r.delay_days_mean),
    }
}

fn party(c: &mut Checker, r: raw::PartyParams) -> m::PartyParams {
    m::PartyParams {
        enabled: r.enabled,
        admissions_per_year: r.admissions_per_year,
        appeal_probability: c.probability("party.appeal_probability", r.appeal_probability),
        appeal_success_probability: c.probability(
            "party.appeal_success_probability",
            r.appeal_success_probability,
        ),
        appeal_delay_days_mean: c
            .mean_days("party.appeal_delay_days_mean", r.appeal_delay_days_mean),
        appeal_covers_expelled_from: r.appeal_covers_expelled_from,
        reinstated_keep_seniority: r.reinstated_keep_seniority,
        candidate_stage_years_mean: r.candidate_stage_years_mean,
        deaths_per_1000_per_year: r.deaths_per_1000_per_year,
        dropouts_per_1000_per_year: r.dropouts_per_1000_per_year,
    }
}

fn centre(c: &mut Checker, r: raw::CentreParams) -> m::CentreParams {
    m::CentreParams {
        enabled: r.enabled,
        lists_from: r.lists_from,
        lists_until: r.lists_until,
        names: r.names,
        elite_share: c.probability("centre.elite_share", r.elite_share),
        execution_share: c.probability("centre.execution_share", r.execution_share),
        trial_arrest_lead_days: r.trial_arrest_lead_days,
    }
}

fn purgers(c: &mut Checker, r: raw::PurgersParams) -> m::PurgersParams {
    m::PurgersParams {
        enabled: r.enabled,
        arrest_share: c.probability("purgers.arrest_share", r.arrest_share),
        window_days: r.window_days,
    }
}

fn promotion(c: &mut Checker, r: raw::PromotionParams) -> m::PromotionParams {
    m::PromotionParams {
        enabled: r.enabled,
        vacancy_days_mean: c.mean_days("promotion.vacancy_days_mean", r.vacancy_days_mean),
        from_below_probability: c
            .probability("promotion.from_below_probability", r.from_below_probability),
        rotation_per_year: r.rotation_per_year,
    }
}

fn quota(c: &mut Checker, r: raw::QuotaParams) -> m::QuotaParams {
    m::QuotaParams {
        enabled: r.enabled,
        start: r.start,
        limits: r.limits,
        limits_rest_of_union: r.limits_rest_of_union,
        daily_capacity_share_of_limit: r.daily_capacity_share_of_limit,
        staff_bound: r.staff_bound,
        operational_staff: r.operational_staff,
        open_cases_per_operative: r.open_cases_per_operative,
        first_category_priority: r.first_category_priority,
        request_threshold_share: c
            .probability("quota.request_threshold_share", r.request_threshold_share),
        overfulfilment_share: c.probability("quota.overfulfilment_share", r.overfulfilment_share),
        request_interval_days: r.request_interval_days,
        request_weight_named: r.request_weight_named,
        request_weight_denunciations: r.request_weight_denunciations,
        request_weight_danger: r.request_weight_danger,
        grant_probability: c.probability("quota.grant_probability", r.grant_probability),
        increase_share_of_initial_limit: r.increase_share_of_initial_limit,
        grant_probability_by_year: r.grant_probability_by_year,
        increase_first_category_share_by_year: r.increase_first_category_share_by_year,
        category_risk: r.category_risk,
    }
}

fn national(c: &mut Checker, r: raw::NationalParams) -> m::NationalParams {
    m::NationalParams {
        enabled: r.enabled,
        album_review_days_mean: c
            .mean_days("national.album_review_days_mean", r.album_review_days_mean),
        special_troika_days_mean: c.mean_days(
            "national.special_troika_days_mean",
            r.special_troika_days_mean,
        ),
        operations: r
            .operations
            .into_iter()
            .enumerate()
            .map(|(i, op)| operation(c, i, op))
            .collect(),
    }
}

fn operation(c: &mut Checker, i: usize, r: raw::NationalOperation) -> m::NationalOperation {
    m::NationalOperation {
        name: r.name,
        order: r.order,
        start: r.start,
        pool: parts(c, &format!("national.operations.{i}.pool"), r.pool),
        arrests_per_1000_per_month: r.arrests_per_1000_per_month,
        execution_share: c.probability(
            &format!("national.operations.{i}.execution_share"),
            r.execution_share,
        ),
        deportation_share: c.probability(
            &format!("national.operations.{i}.deportation_share"),
            r.deportation_share,
        ),
    }
}

fn parts(c: &mut Checker, key: &str, parts: Vec<raw::PoolPart>) -> Vec<m::PoolPart> {
    parts
        .into_iter()
        .enumerate()
        .map(|(j, part)| m::PoolPart {
            nationality: part.nationality,
            regions: part.regions,
            urban: part.urban,
            registered: part.registered,
            share: c.probability(&format!("{key}.{j}.share"), part.share),
            women_share: c.probability(&format!("{key}.{j}.women_share"), part.women_share),
        })
        .collect()
}

fn deportation(c: &mut Checker, r: raw::DeportationParams) -> m::DeportationParams {
    m::DeportationParams {
        enabled: r.enabled,
        removals: r
            .removals
            .into_iter()
            .enumerate()
            .map(|(i, x)| m::Removal {
                group: parts(c, &format!("deportation.removals.{i}.group"), x.group),
                name: x.name,
                decree: x.decree,
                start: x.start,
                end: x.end,
            })
            .collect(),
    }
}

fn halt(c: &mut Checker, r: raw::HaltParams) -> m::HaltParams {
    m::HaltParams {
        enabled: r.enabled,
        date: r.date,
        pending_release_probability: c.probability(
            "halt.pending_release_probability",
            r.pending_release_probability,
        ),
    }
}

fn population(r: raw::PopulationParams) -> m::PopulationParams {
    m::PopulationParams {
        household_size_mean: r.household_size_mean,
        workplace_size_urban_mean: r.workplace_size_urban_mean,
        workplace_size_rural_mean: r.workplace_size_rural_mean,
        party_propensity: r.party_propensity,
    }
}

fn policing(c: &mut Checker, r: raw::PolicingParams) -> m::PolicingParams {
    m::PolicingParams {
        enabled: r.enabled,
        arrests_per_100k_adults_per_year: r.arrests_per_100k_adults_per_year,
        category_risk: r.category_risk,
        female_relative_risk: c
            .probability("policing.female_relative_risk", r.female_relative_risk),
    }
}

fn interrogation(c: &mut Checker, r: raw::InterrogationParams) -> m::InterrogationParams {
    m::InterrogationParams {
        enabled: r.enabled,
        days_to_interrogation_mean: c.mean_days(
            "interrogation.days_to_interrogation_mean",
            r.days_to_interrogation_mean,
        ),
        confession_probability: c.probability(
            "interrogation.confession_probability",
            r.confession_probability,
        ),
        confession_probability_torture: c.probability(
            "interrogation.confession_probability_torture",
            r.confession_probability_torture,
        ),
        named_per_confession_mean: c.mean_count(
            "interrogation.named_per_confession_mean",
            r.named_per_confession_mean,
        ),
        named_per_confession_mean_torture: c.mean_count(
            "interrogation.named_per_confession_mean_torture",
            r.named_per_confession_mean_torture,
        ),
        pursue_probability: c.probability("interrogation.pursue_probability", r.pursue_probability),
        elite_pursue_factor: c
            .probability("interrogation.elite_pursue_factor", r.elite_pursue_factor),
        named_arrest_capacity_per_100k_adults_per_day: r
            .named_arrest_capacity_per_100k_adults_per_day,
        torture_from: r.torture_from,
    }
}

fn sentencing(c: &mut Checker, r: raw::SentencingParams) -> m::SentencingParams {
    m::SentencingParams {
        days_to_sentence_mean: r.days_to_sentence_mean,
        exile_term_years_mean: r.exile_term_years_mean,
        special_board_case_share: r.special_board_case_share,
        troika: body(c, "troika", r.troika),
        album: body(c, "album", r.album),
        special_troika: body(c, "special_troika", r.special_troika),
        military_collegium: body(c, "military_collegium", r.military_collegium),
        special_board: body(c, "special_board", r.special_board),
        court: body(c, "court", r.court),
    }
}

fn body(c: &mut Checker, name: &str, r: raw::Body) -> m::Body {
    let terms = m::Terms::new(r.camp_term_years, r.camp_term_weights).unwrap_or_else(|e| {
        c.0.push((
            format!("sentencing.{name}.camp_term_weights"),
            e.to_string(),
        ));
        m::Terms::new(vec![1.0], vec![1.0]).expect("one term of one year is a distribution")
    });
    let verdicts = match (r.execution_share, r.camp_share, r.exile_share) {
        (None, None, None) => None,
        (Some(execution_share), Some(camp_share), Some(exile_share)) => Some(m::VerdictShares {
            execution_share,
            camp_share,
            exile_share,
        }),
        _ => {
            c.0.push((
                format!("sentencing.{name}"),
                "expected all three of execution_share, camp_share and exile_share, or none"
                    .to_string(),
            ));
            None
        }
    };
    m::Body {
        from: r.from,
        until: r.until,
        death_from: r.death_from,
        camp_term_max_years: r.camp_term_max_years,
        terms,
        verdicts,
    }
}

fn camps(c: &mut Checker, r: raw::CampParams) -> m::CampParams {
    m::CampParams {
        enabled: r.enabled,
        initial_camp_population: r.initial_camp_population,
        initial_colony_population: r.initial_colony_population,
        initial_political_share: c
            .probability("camps.initial_political_share", r.initial_political_share),
        initial_remaining_term_years_mean: r.initial_remaining_term_years_mean,
        mortality_percent_per_year: r.mortality_percent_per_year,
        criminal_convicts_per_year: r.criminal_convicts_per_year,
        criminal_term_years_mean: r.criminal_term_years_mean,
        criminal_category_risk: r.criminal_category_risk,
        colony_term_below_years: r.colony_term_below_years,
        intake_capacity_per_year: r.intake_capacity_per_year,
        crowding_mortality_elasticity: r.crowding_mortality_elasticity,
        prison_mortality_percent_per_year: r.prison_mortality_percent_per_year,
        transit_death_probability: c.probability(
            "camps.transit_death_probability",
            r.transit_death_probability,
        ),
        work_credit_days_per_day: r.work_credit_days_per_day,
        work_credits_abolished: r.work_credits_abolished,
        labour_decree: decree(r.labour_decree),
        theft_decree: decree(r.theft_decree),
        annexed_from: r.annexed_from,
        annexed_inflow_per_year: r.annexed_inflow_per_year,
        annexed_political_share: c
            .probability("camps.annexed_political_share", r.annexed_political_share),
    }
}

fn decree(r: raw::Decree) -> m::Decree {
    m::Decree {
        from: r.from,
        convicts_per_year: r.convicts_per_year,
        term_years_mean: r.term_years_mean,
    }
}
