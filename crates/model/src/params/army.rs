//! Parameters of the army's purge (see [`crate::processes::army`]): dismissals by the political
//! organs, arrests by the NKVD's special departments, naming inside the command network, and
//! the reinstatement commission. The structure the army is built from is data
//! (`data/army.csv`), parsed when the scenario is validated.

use std::sync::Arc;

use chistka_engine::calendar::Day;

use super::{MeanCount, MeanDays, Probability};
use crate::institutions::army::ArmyData;

/// The army's purge.
#[derive(Debug, Clone)]
pub struct ArmyParams {
    /// Switch: off, no officer is dismissed, arrested by a special department or reinstated
    /// (officers may still be named, listed or tried: those are other mechanisms).
    pub enabled: bool,
    /// The command structure and the officer corps (`data/army.csv`, `data/army_districts.csv`).
    pub structure: Arc<ArmyData>,
    /// First day of the purge of the army (after the military case).
    pub purge_from: Day,
    /// Last day of it.
    pub purge_until: Day,
    /// Expulsions from the party by the army's party commissions, with dismissal, per 1,000
    /// officers holding a card per year, within the purge.
    pub expulsions_per_1000_per_year: f64,
    /// Chance an officer of the arrested officer's regiment (or his commander) is dismissed for
    /// "ties with enemies".
    pub ties_dismissal_probability: Probability,
    /// Arrests by the special departments per 1,000 officers per year, within the purge.
    pub special_department_arrests_per_1000_per_year: f64,
    /// Chance a dismissed officer is later arrested by the special department.
    pub dismissed_arrest_probability: Probability,
    /// Mean days from dismissal to that arrest.
    pub arrest_delay_days_mean: MeanDays,
    /// Mean officers of the command network (commander, subordinates, regiment) an arrested
    /// officer names, after the military case.
    pub named_per_arrest_mean: MeanCount,
    /// Day of the directive to dismiss officers of "foreign" nationalities.
    pub foreign_directive: Day,
    /// Chance an officer of a diaspora nationality is dismissed under it.
    pub foreign_dismissal_probability: Probability,
    /// First day the reinstatement commission hears the dismissed.
    pub review_from: Day,
    /// Last day it sits.
    pub review_until: Day,
    /// Chance a dismissed officer at liberty is reinstated.
    pub reinstatement_probability: Probability,
    /// Mean days from the dismissal (or the commission's first day) to the decision.
    pub review_delay_days_mean: MeanDays,
}
