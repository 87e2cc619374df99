//! What is scheduled ([`Event`]), what the primitives tell the processes ([`Happened`]), and
//! the open case an arrest starts ([`Case`]).

use chistka_engine::calendar::Day;

use crate::ledger::{Cause, Channel, Source, Verdict};
use crate::people::PersonId;

/// Something scheduled for a person. Each carries the day the person's status last changed, so
/// that an event made stale by a later change (a release, a death) is recognised and skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The interrogation that settles the case.
    Interrogate {
        /// The arrested person.
        person: PersonId,
        /// Status day when scheduled.
        since: Day,
    },
    /// The sentence.
    Sentence {
        /// The arrested person.
        person: PersonId,
        /// Status day when scheduled.
        since: Day,
    },
    /// Leaving a camp or colony: by death or at the end of the term.
    CampExit {
        /// The prisoner.
        person: PersonId,
        /// Status day when scheduled.
        since: Day,
        /// Dies rather than being released.
        death: bool,
    },
    /// End of an exile term.
    ExileEnd {
        /// The exile.
        person: PersonId,
        /// Status day when scheduled.
        since: Day,
    },
    /// A scripted event of the timeline (index into the sorted timeline) and its phase.
    Timeline {
        /// Index of the event.
        index: u16,
        /// Phase (a show trial's arrests come before its verdict).
        phase: u8,
    },
    /// The consequence for a member of a fallen patron's circle.
    PatronageHit {
        /// The member of the circle.
        person: PersonId,
        /// The fallen patron.
        patron: PersonId,
        /// Arrest (true) or dismissal.
        arrest: bool,
    },
    /// The decision on an appeal against expulsion.
    AppealDecision {
        /// The expelled party member.
        person: PersonId,
    },
    /// A vacant post is filled.
    FillPost {
        /// The post.
        post: u32,
    },
    /// A dismissed officer is arrested by the NKVD's special department.
    ArmyArrest {
        /// The dismissed officer.
        person: PersonId,
    },
    /// The reinstatement commission decides on a dismissed officer.
    ArmyReview {
        /// The dismissed officer.
        person: PersonId,
        /// The post they lost.
        post: u32,
    },
    /// An emissary of the centre arrives in a region (index into the sweeps of
    /// `data/sweeps.csv`).
    Sweep {
        /// The sweep.
        index: u16,
    },
}

/// What a primitive did, told to every process in [`REACTIONS`](crate::processes::REACTIONS)
/// as it happens: the primitives call no process by name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Happened {
    /// A person was arrested (their case is open and their interrogation scheduled after).
    Arrested {
        /// The arrested person.
        person: PersonId,
        /// Why.
        cause: Cause,
        /// Full-scale people they stand for.
        weight: f64,
    },
    /// An arrested person was sentenced (their case closed).
    Sentenced {
        /// The sentenced person.
        person: PersonId,
        /// The verdict.
        verdict: Verdict,
        /// The case that was closed.
        case: Case,
        /// The body that passed the sentence.
        channel: Channel,
    },
    /// A person was set free (without sentence, or at the end of a term).
    Released {
        /// The released person.
        person: PersonId,
    },
    /// A prisoner died in a camp or colony.
    DiedInCustody {
        /// The dead prisoner.
        person: PersonId,
    },
    /// A post lost its holder (arrest, dismissal, turnover).
    PostVacated {
        /// The post.
        post: u32,
    },
}

/// An open case: why the person was arrested, on whose word, and the group case it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Case {
    /// Cause of the arrest.
    pub cause: Cause,
    /// Source of the arrest.
    pub source: Source,
    /// Group case (index of the arrest that started it).
    pub group: u32,
}

/// Event priorities within a day: exits first (free a place), then sentences, then
/// interrogations.
pub mod priority {
    /// Camp exits and exile ends.
    pub const EXIT: u8 = 0;
    /// Sentences.
    pub const SENTENCE: u8 = 1;
    /// Interrogations.
    pub const INTERROGATE: u8 = 2;
}
