//! Parameters of the long run, 1941-1985 (see [`crate::longrun`]): what turns the elite over
//! after the terror (age, death, retirement, dismissal, the postwar purges, the rules of
//! renewal) and what makes the party grow. The sizes of the layers by date are data
//! (`data/longrun.csv`).

use std::sync::Arc;

use chistka_engine::calendar::Day;

use crate::longrun::data::LongRunData;

/// The eras of cadre policy: under Stalin (to his death), under Khrushchev (to his fall), and
/// the "stability of cadres" after.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ByEra {
    /// To `stalin_death`.
    pub stalin: f64,
    /// From `stalin_death` to `khrushchev_fall`.
    pub khrushchev: f64,
    /// From `khrushchev_fall`.
    pub brezhnev: f64,
}

/// The long run's parameters.
#[derive(Debug, Clone)]
pub struct LongRunParams {
    /// Last day of the long run; `None` when the run ends with the daily model (on or before
    /// 22 June 1941).
    pub until: Option<Day>,
    /// The sizes of the layers by date (`data/longrun.csv`).
    pub data: Arc<LongRunData>,
    /// Annual chance of dying at 60 of a man of the mass population (Gompertz level).
    pub mortality_at_60_per_year: f64,
    /// Years in which adult mortality doubles (Gompertz slope).
    pub mortality_doubling_years: f64,
    /// The elite's mortality relative to the mass population's.
    pub elite_mortality_factor: f64,
    /// Share of party members and lower cadres killed per year of the war.
    pub war_death_share_per_year: f64,
    /// The lower nomenklatura's war deaths relative to the party's.
    pub war_death_cadre_factor: f64,
    /// The officers' war deaths relative to the party's.
    pub war_death_officer_factor: f64,
    /// Annual chance a member of the senior command is killed in the war.
    pub war_death_high_command_per_year: f64,
    /// Last day of the war in Europe.
    pub war_end: Day,
    /// Age from which a holder may retire.
    pub retirement_age: f64,
    /// Annual chance a holder past `retirement_age` retires, by era.
    pub retirement_per_year: ByEra,
    /// Annual chance a holder of a top post is dismissed from the elite, by era.
    pub dismissal_per_year: ByEra,
    /// Stalin's death: the end of the first era.
    pub stalin_death: Day,
    /// Khrushchev's fall: the end of the second.
    pub khrushchev_fall: Day,
    /// The Leningrad affair: the day its removals are counted.
    pub leningrad_affair: Day,
    /// Holders of top posts removed in it.
    pub leningrad_affair_removed_top: u32,
    /// Officials of the lower nomenklatura removed in it (full-scale count).
    pub leningrad_affair_removed_officials: f64,
    /// The day the "Doctors' plot" purge would have struck the leadership.
    pub doctors_plot_purge: Day,
    /// Share of the top layers it would have removed, had Stalin been alive that day.
    pub doctors_plot_purge_share: f64,
    /// Beria's arrest.
    pub beria_fall: Day,
    /// Holders of top posts removed with him (himself included).
    pub beria_fall_removed_top: u32,
    /// The defeat of the "Anti-Party Group".
    pub anti_party_group: Day,
    /// Presidium members removed in it (the longest in the nomenklatura first).
    pub anti_party_group_removed: u32,
    /// First day of the 1961 Party Rules' systematic renewal of elected bodies.
    pub renewal_from: Day,
    /// Its last day (the 23rd Congress repealed it).
    pub renewal_until: Day,
    /// Share of the Central Committee and of the Presidium renewed at each congress under it.
    pub renewal_share_centre: f64,
    /// Share of regional first secretaries renewed per year under it.
    pub renewal_share_regional_per_year: f64,
    /// Mean age of those appointed to a top post.
    pub appointment_age_mean: f64,
    /// Standard deviation of that age.
    pub appointment_age_sd: f64,
    /// Years in the nomenklatura after which a candidate has the full weight of his age
    /// (linear from entry).
    pub seniority_years: f64,
    /// Preference for a candidate with technical education (relative weight).
    pub technical_preference: f64,
    /// Preference for a candidate of worker or peasant origin (relative weight).
    pub origin_preference: f64,
    /// Chance a Central Committee seat goes to a holder of a regional or ministerial post
    /// (otherwise to a cadre of the lower nomenklatura).
    pub cc_from_posts_probability: f64,
    /// Growth per year of the lower nomenklatura's posts after 1941.
    pub reserve_growth_per_year: f64,
    /// Mean age at which a cadre enters the lower nomenklatura.
    pub entrant_age_mean: f64,
    /// Standard deviation of that age.
    pub entrant_age_sd: f64,
    /// Share of entrants of worker or peasant origin.
    pub entrant_worker_peasant_share: f64,
    /// Share of entrants with technical education in 1941.
    pub entrant_technical_share_1941: f64,
    /// ... in 1985 (linear between).
    pub entrant_technical_share_1985: f64,
    /// Admissions to the party per member per year in the war (to `war_end`).
    pub admissions_war: f64,
    /// ... from the war's end to Stalin's death.
    pub admissions_late_stalin: f64,
    /// ... under Khrushchev.
    pub admissions_khrushchev: f64,
    /// ... after.
    pub admissions_brezhnev: f64,
    /// Mean age at admission.
    pub admission_age_mean: f64,
    /// Members leaving the party per year other than by death (expulsion, drop-out).
    pub party_exit_per_year: f64,
}

impl LongRunParams {
    /// The era of `day`'s value of `t`.
    pub fn era(&self, t: &ByEra, day: Day) -> f64 {
        if day < self.stalin_death {
            t.stalin
        } else if day < self.khrushchev_fall {
            t.khrushchev
        } else {
            t.brezhnev
        }
    }

    /// Admissions per member per year on `day`.
    pub fn admissions(&self, day: Day) -> f64 {
        if day <= self.war_end {
            self.admissions_war
        } else if day < self.stalin_death {
            self.admissions_late_stalin
        } else if day < self.khrushchev_fall {
            self.admissions_khrushchev
        } else {
            self.admissions_brezhnev
        }
    }
}
