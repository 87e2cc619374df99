//! The raw section `[longrun]`, and its conversion (with `data/longrun.csv`, parsed once here).
//! The scenario's `end` decides whether there is a long run: a day after 22 June 1941 ends the
//! daily model on that day and carries the long run on to `end`.

use std::sync::Arc;

use chistka_engine::calendar::Day;
use chistka_model::longrun::{LongRunData, start_day};
use chistka_model::params as m;
use serde::Deserialize;

use super::convert::Checker;

/// `[longrun]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LongRunParams {
    /// Gompertz level at 60.
    pub mortality_at_60_per_year: f64,
    /// Gompertz doubling time.
    pub mortality_doubling_years: f64,
    /// The elite's mortality factor.
    pub elite_mortality_factor: f64,
    /// War deaths per year.
    pub war_death_share_per_year: f64,
    /// Cadres' war deaths relative to the party's.
    pub war_death_cadre_factor: f64,
    /// Officers' war deaths relative to the party's.
    pub war_death_officer_factor: f64,
    /// The senior command's war deaths.
    pub war_death_high_command_per_year: f64,
    /// End of the war.
    pub war_end: Day,
    /// Retirement age.
    pub retirement_age: f64,
    /// Retirement per year, by era.
    pub retirement_per_year_stalin: f64,
    /// ...
    pub retirement_per_year_khrushchev: f64,
    /// ...
    pub retirement_per_year_brezhnev: f64,
    /// Dismissal per year, by era.
    pub dismissal_per_year_stalin: f64,
    /// ...
    pub dismissal_per_year_khrushchev: f64,
    /// ...
    pub dismissal_per_year_brezhnev: f64,
    /// Stalin's death.
    pub stalin_death: Day,
    /// Khrushchev's fall.
    pub khrushchev_fall: Day,
    /// The Leningrad affair.
    pub leningrad_affair: Day,
    /// Top holders removed in it.
    pub leningrad_affair_removed_top: u32,
    /// Officials removed in it.
    pub leningrad_affair_removed_officials: f64,
    /// The Doctors' plot purge's day.
    pub doctors_plot_purge: Day,
    /// Its share.
    pub doctors_plot_purge_share: f64,
    /// Beria's fall.
    pub beria_fall: Day,
    /// Removed with him.
    pub beria_fall_removed_top: u32,
    /// The Anti-Party Group.
    pub anti_party_group: Day,
    /// Removed in it.
    pub anti_party_group_removed: u32,
    /// The renewal rule's first day.
    pub renewal_from: Day,
    /// Its last day.
    pub renewal_until: Day,
    /// Renewal at a congress.
    pub renewal_share_centre: f64,
    /// Renewal of regional first secretaries per year.
    pub renewal_share_regional_per_year: f64,
    /// Age at appointment.
    pub appointment_age_mean: f64,
    /// ... its spread.
    pub appointment_age_sd: f64,
    /// Seniority for full weight.
    pub seniority_years: f64,
    /// Technical preference.
    pub technical_preference: f64,
    /// Origin preference.
    pub origin_preference: f64,
    /// Committee seats from posts.
    pub cc_from_posts_probability: f64,
    /// Growth of the lower nomenklatura.
    pub reserve_growth_per_year: f64,
    /// Entrants' age.
    pub entrant_age_mean: f64,
    /// ... its spread.
    pub entrant_age_sd: f64,
    /// Entrants of worker or peasant origin.
    pub entrant_worker_peasant_share: f64,
    /// Entrants with technical education, 1941.
    pub entrant_technical_share_1941: f64,
    /// ... 1985.
    pub entrant_technical_share_1985: f64,
    /// Admissions in the war.
    pub admissions_war: f64,
    /// ... to 1953.
    pub admissions_late_stalin: f64,
    /// ... under Khrushchev.
    pub admissions_khrushchev: f64,
    /// ... after.
    pub admissions_brezhnev: f64,
    /// Age at admission.
    pub admission_age_mean: f64,
    /// Exits per year.
    pub party_exit_per_year: f64,
}

/// The daily model's last day and the long run's, from the scenario's `end`.
pub(super) fn split_end(end: Day) -> (Day, Option<Day>) {
    let war = start_day();
    if end > war {
        (war, Some(end))
    } else {
        (end, None)
    }
}

pub(super) fn longrun(c: &mut Checker, r: LongRunParams, until: Option<Day>) -> m::LongRunParams {
    let data = LongRunData::embedded().unwrap_or_else(|e| {
        c.push(
            "longrun",
            format!("the embedded long-run data are malformed (a bug): {e}"),
        );
        LongRunData::default()
    });
    for (key, from, to) in [
        ("longrun.renewal_until", r.renewal_from, r.renewal_until),
        ("longrun.khrushchev_fall", r.stalin_death, r.khrushchev_fall),
    ] {
        if to < from {
            c.push(
                key,
                format!("expected a date on or after {from}, found {to}"),
            );
        }
    }
    // The party's cohorts are kept to 1999, and the layers' sizes end with the Union.
    let last = Day::from_ymd(1991, 12, 31).unwrap_or(Day(0));
    if let Some(u) = until.filter(|&u| u > last) {
        c.push(
            "end",
            format!("the long run goes at most to {last} (the end of the Union), found {u}"),
        );
    }
    if r.entrant_age_sd <= 0.0 || r.appointment_age_sd <= 0.0 {
        c.push(
            "longrun.appointment_age_sd",
            "the spreads of age must be positive".into(),
        );
    }
    m::LongRunParams {
        until,
        data: Arc::new(data),
        mortality_at_60_per_year: r.mortality_at_60_per_year,
        mortality_doubling_years: r.mortality_doubling_years,
        elite_mortality_factor: r.elite_mortality_factor,
        war_death_share_per_year: r.war_death_share_per_year,
        war_death_cadre_factor: r.war_death_cadre_factor,
        war_death_officer_factor: r.war_death_officer_factor,
        war_death_high_command_per_year: r.war_death_high_command_per_year,
        war_end: r.war_end,
        retirement_age: r.retirement_age,
        retirement_per_year: m::ByEra {
            stalin: r.retirement_per_year_stalin,
            khrushchev: r.retirement_per_year_khrushchev,
            brezhnev: r.retirement_per_year_brezhnev,
        },
        dismissal_per_year: m::ByEra {
            stalin: r.dismissal_per_year_stalin,
            khrushchev: r.dismissal_per_year_khrushchev,
            brezhnev: r.dismissal_per_year_brezhnev,
        },
        stalin_death: r.stalin_death,
        khrushchev_fall: r.khrushchev_fall,
        leningrad_affair: r.leningrad_affair,
        leningrad_affair_removed_top: r.leningrad_affair_removed_top,
        leningrad_affair_removed_officials: r.leningrad_affair_removed_officials,
        doctors_plot_purge: r.doctors_plot_purge,
        doctors_plot_purge_share: r.doctors_plot_purge_share,
        beria_fall: r.beria_fall,
        beria_fall_removed_top: r.beria_fall_removed_top,
        anti_party_group: r.anti_party_group,
        anti_party_group_removed: r.anti_party_group_removed,
        renewal_from: r.renewal_from,
        renewal_until: r.renewal_until,
        renewal_share_centre: r.renewal_share_centre,
        renewal_share_regional_per_year: r.renewal_share_regional_per_year,
        appointment_age_mean: r.appointment_age_mean,
        appointment_age_sd: r.appointment_age_sd,
        seniority_years: r.seniority_years,
        technical_preference: r.technical_preference,
        origin_preference: r.origin_preference,
        cc_from_posts_probability: r.cc_from_posts_probability,
        reserve_growth_per_year: r.reserve_growth_per_year,
        entrant_age_mean: r.entrant_age_mean,
        entrant_age_sd: r.entrant_age_sd,
        entrant_worker_peasant_share: r.entrant_worker_peasant_share,
        entrant_technical_share_1941: r.entrant_technical_share_1941,
        entrant_technical_share_1985: r.entrant_technical_share_1985,
        admissions_war: r.admissions_war,
        admissions_late_stalin: r.admissions_late_stalin,
        admissions_khrushchev: r.admissions_khrushchev,
        admissions_brezhnev: r.admissions_brezhnev,
        admission_age_mean: r.admission_age_mean,
        party_exit_per_year: r.party_exit_per_year,
    }
}
