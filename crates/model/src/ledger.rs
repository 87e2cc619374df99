//! The event log (the source of truth: every arrest with its cause and source, every accusation,
//! every sentence) and the daily tallies derived from it as it is written.
//!
//! Tallies are full-scale equivalents: an event of a mass person counts the number of real people
//! that person stands for, an event of the elite layer counts one.

use chistka_engine::calendar::Day;

use crate::people::PersonId;

codes!(
    /// Why a person was arrested.
    Cause {
        /// A quota (limit) operation such as order 00447.
        Quota = "quota",
        /// A national operation (orders 00439, 00485, 00593, ...).
        National = "national",
        /// Named by an arrested person under interrogation.
        Named = "named",
        /// Denounced by a free person.
        Denunciation = "denunciation",
        /// Fell with a patron.
        Patronage = "patronage",
        /// Ordered from the centre (show trials, Stalin's lists).
        Centre = "centre",
        /// Ordinary policing.
        Ordinary = "ordinary",
    }
);

codes!(
    /// Flows counted per day.
    Flow {
        /// NKVD arrests.
        Arrests = "arrests",
        /// Political convictions (executions, camp and exile sentences).
        Convictions = "convictions",
        /// Death sentences carried out.
        Executions = "executions",
        /// Sentences to camps, colonies or prison.
        CampSentences = "camp_sentences",
        /// Sentences to exile.
        ExileSentences = "exile_sentences",
        /// People set free: released without sentence, or at the end of a term.
        Releases = "releases",
        /// Deaths in camps and colonies.
        DeathsInCustody = "deaths_in_custody",
        /// Admissions to the party as candidates.
        PartyAdmissions = "party_admissions",
        /// Expulsions from the party (including on arrest).
        PartyExpulsions = "party_expulsions",
        /// Ordinary criminal convicts sent to camps and colonies by the courts (not NKVD cases).
        CriminalConvictions = "criminal_convictions",
        /// Denunciations made (whether or not the police acted).
        Denunciations = "denunciations",
        /// Dismissals from posts without arrest (patronage; the army's political organs).
        Dismissals = "dismissals",
        /// Army officers reinstated after dismissal.
        Reinstatements = "reinstatements",
        /// Appeals against expulsion heard.
        Appeals = "appeals",
        /// Appeals granted.
        AppealsGranted = "appeals_granted",
        /// Members and candidates who left the party by death or mechanical drop-out.
        PartyAttrition = "party_attrition",
        /// Candidates made full members.
        CandidateTransfers = "candidate_transfers",
        /// Posts filled by promotion from below.
        Promotions = "promotions",
        /// Posts filled by recruits from outside the hierarchy (vydvizhenie).
        Recruitments = "recruitments",
        /// Political prisoners released from camps and colonies at the end of their term.
        ReleasesEndOfTermPolitical = "releases_end_of_term_political",
        /// Criminal convicts released from camps and colonies at the end of their term.
        ReleasesEndOfTermCriminal = "releases_end_of_term_criminal",
        /// Arrested people released without conviction (at sentence, or pending at the halt).
        ReleasesAcquitted = "releases_acquitted",
        /// Political prisoners released early on review (the releases of 1939-40).
        ReleasesOnReview = "releases_on_review",
        /// Exiles freed at the end of their term.
        ReleasesExileEnd = "releases_exile_end",
        /// Admissions to camps and colonies (all origins).
        CampAdmissions = "camp_admissions",
        /// Deaths in NKVD prisons between arrest and sentence (not in the camps' series).
        DeathsInPrison = "deaths_in_prison",
        /// Deaths in transit between sentence and camp (not in the camps' series).
        DeathsInTransit = "deaths_in_transit",
        /// People deported to special settlements, by decree (whole groups, without arrest) or
        /// by a sentence of deportation.
        Deportations = "deportations",
    }
);

codes!(
    /// Stocks observed at the start of each day.
    Stock {
        /// People in camps and colonies.
        CampPopulation = "camp_population",
        /// Of whom convicted of political crimes.
        CampPopulationPolitical = "camp_population_political",
        /// Party members and candidates.
        PartyMembers = "party_members",
        /// Of whom candidates.
        PartyCandidates = "party_candidates",
        /// People in exile.
        ExilePopulation = "exile_population",
        /// The centre's perceived threat (dimensionless, 1 = the calm of 1934).
        Threat = "threat",
        /// Country-wide hysteria from the show trials (dimensionless).
        Hysteria = "hysteria",
        /// People in the corrective-labour camps (ITL): terms of three years and more.
        CampPopulationItl = "camp_population_itl",
        /// People in the corrective-labour colonies (ITK): terms under three years.
        CampPopulationItk = "camp_population_itk",
        /// People deported during the run living in special settlements (not counting the
        /// labour settlers deported before 1934, who are former kulaks at liberty in the model).
        SpecialSettlement = "special_settlement",
    }
);

codes!(
    /// The body that passed a sentence.
    Channel {
        /// Regional troika (order 00447).
        Troika = "troika",
        /// The "album" procedure of the national operations.
        Album = "album",
        /// Special troikas of the national operations (from September 1938).
        SpecialTroika = "special_troika",
        /// Military Collegium of the Supreme Court (show trials, Stalin's lists, officers).
        MilitaryCollegium = "military_collegium",
        /// NKVD Special Board (OSO).
        SpecialBoard = "special_board",
        /// Ordinary courts.
        Court = "court",
    }
);

/// The provenance of an arrest: on whose word, or under which order or event, a person was
/// taken. Every consumer (interrogation, sentencing, the case archive, the summary) matches on
/// it, so a new kind of source is a compile error wherever it must be handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// Nothing beyond the cause: ordinary policing.
    None,
    /// A person: the accuser who named them, the denouncer, or the fallen patron.
    Person(PersonId),
    /// A numbered NKVD order with no further structure (00447 for the quota operation).
    Order(u32),
    /// A national operation, by index in the scenario's list of operations.
    Operation(u16),
    /// A show trial, by index in the sorted timeline: its defendants are sentenced at the trial.
    Trial(u16),
    /// Stalin's lists: sentences approved at the top beforehand.
    Lists,
    /// The purge of the purgers set off by a change at the head of the NKVD (the timeline
    /// event's index).
    PurgeOfPurgers(u16),
    /// Order 00486: the wife of a man sentenced to death or camp, sentenced by the Special Board.
    Wife {
        /// The sentenced husband.
        husband: PersonId,
    },
    /// The NKVD's special department of the army: an officer arrested in the purge of the army.
    SpecialDepartment,
    /// A regional sweep by an emissary of the centre (index into `data/sweeps.csv`'s sweeps in
    /// date order).
    Sweep(u16),
}

impl Source {
    /// The kind of source as a lower-case word, as the case archive stores it.
    pub fn kind(self) -> &'static str {
        match self {
            Source::None => "none",
            Source::Person(_) => "person",
            Source::Order(_) => "order",
            Source::Operation(_) => "operation",
            Source::Trial(_) => "trial",
            Source::Lists => "lists",
            Source::PurgeOfPurgers(_) => "purge_of_purgers",
            Source::Wife { .. } => "wife",
            Source::SpecialDepartment => "special_department",
            Source::Sweep(_) => "sweep",
        }
    }

    /// The number the source carries, if any: a person's id, the order number, the index of
    /// the operation or timeline event.
    pub fn number(self) -> Option<u32> {
        match self {
            Source::None | Source::Lists | Source::SpecialDepartment => None,
            Source::Person(p) | Source::Wife { husband: p } => Some(p),
            Source::Order(n) => Some(n),
            Source::Operation(i)
            | Source::Trial(i)
            | Source::PurgeOfPurgers(i)
            | Source::Sweep(i) => Some(u32::from(i)),
        }
    }

    /// The person behind the arrest, if it was a person (accuser, denouncer, patron, husband).
    pub fn person(self) -> Option<PersonId> {
        match self {
            Source::Person(p) | Source::Wife { husband: p } => Some(p),
            _ => None,
        }
    }
}

/// What happened to a sentenced person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Verdict {
    /// Shot.
    Execution,
    /// Camp term.
    Camp,
    /// Exile term.
    Exile,
    /// Released without conviction.
    Release,
    /// Deported to a special settlement.
    Deportation,
}

/// One deportation by decree: a whole group removed without arrest or case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deportation {
    /// The deported person (any age: families went together).
    pub person: PersonId,
    /// Day of the removal.
    pub day: Day,
    /// The removal, by index in the scenario's list of removals.
    pub removal: u16,
}

/// One arrest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrest {
    /// The arrested person.
    pub person: PersonId,
    /// Day of the arrest.
    pub day: Day,
    /// Why they were arrested.
    pub cause: Cause,
    /// On whose word or under which order or event.
    pub source: Source,
    /// The group case it belongs to: the index of the arrest that started the chain of naming.
    pub group: u32,
}

/// One accusation: `accuser` named `accused` (many-to-many: several may name the same person).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accusation {
    /// Who named.
    pub accuser: PersonId,
    /// Who was named.
    pub accused: PersonId,
    /// Day of the naming.
    pub day: Day,
    /// Named under torture.
    pub coerced: bool,
}

/// One sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// The sentenced person.
    pub person: PersonId,
    /// Day of the sentence.
    pub day: Day,
    /// The verdict: death, camp, exile or release without conviction.
    pub verdict: Verdict,
    /// Term in days (0 for execution and release).
    pub term_days: u32,
    /// Cause of the arrest that led to it.
    pub cause: Cause,
    /// Source of that arrest (as in [`Arrest::source`]).
    pub source: Source,
    /// Who passed it.
    pub channel: Channel,
}

/// A post given to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appointment {
    /// The post.
    pub post: u32,
    /// Its new holder.
    pub person: PersonId,
    /// Day of the appointment.
    pub day: Day,
    /// Promoted from below (true) or recruited from outside (false).
    pub promoted: bool,
}

/// The event log and the daily tallies.
#[derive(Debug, Clone)]
pub struct Ledger {
    /// Every arrest, in order.
    pub arrests: Vec<Arrest>,
    /// Every accusation, in order.
    pub accusations: Vec<Accusation>,
    /// Every sentence, in order.
    pub sentences: Vec<Sentence>,
    /// Every post filled during the run, in order.
    pub appointments: Vec<Appointment>,
    /// Every dismissal without arrest: (person, day, an army post).
    pub dismissals: Vec<(PersonId, Day, bool)>,
    /// Every reinstatement of a dismissed officer: (person, day).
    pub reinstatements: Vec<(PersonId, Day)>,
    /// Every deportation by decree, in order (sentences of deportation are in `sentences`).
    pub deportations: Vec<Deportation>,
    flows: Vec<[f64; Flow::ALL.len()]>,
    by_cause: Vec<[f64; Cause::ALL.len()]>,
    stocks: Vec<[f64; Stock::ALL.len()]>,
}

impl Ledger {
    /// An empty ledger for `days` days.
    pub fn new(days: usize) -> Self {
        Ledger {
            arrests: Vec::new(),
            accusations: Vec::new(),
            sentences: Vec::new(),
            appointments: Vec::new(),
            dismissals: Vec::new(),
            reinstatements: Vec::new(),
            deportations: Vec::new(),
            flows: vec![[0.0; Flow::ALL.len()]; days],
            by_cause: vec![[0.0; Cause::ALL.len()]; days],
            stocks: vec![[0.0; Stock::ALL.len()]; days],
        }
    }

    /// Number of days tallied.
    pub fn days(&self) -> usize {
        self.flows.len()
    }

    /// Adds `weight` to a flow on day index `d`.
    pub fn count(&mut self, d: usize, flow: Flow, weight: f64) {
        if let Some(row) = self.flows.get_mut(d) {
            row[flow as usize] += weight;
        }
    }

    /// Adds `weight` to arrests by cause on day index `d`.
    pub fn count_cause(&mut self, d: usize, cause: Cause, weight: f64) {
        if let Some(row) = self.by_cause.get_mut(d) {
            row[cause as usize] += weight;
        }
    }

    /// Records the stocks at the start of day index `d`.
    pub fn observe(&mut self, d: usize, stocks: [f64; Stock::ALL.len()]) {
        if let Some(row) = self.stocks.get_mut(d) {
            *row = stocks;
        }
    }

    /// A flow on day index `d`.
    pub fn flow(&self, d: usize, flow: Flow) -> f64 {
        self.flows.get(d).map_or(0.0, |r| r[flow as usize])
    }

    /// Arrests by cause on day index `d`.
    pub fn cause(&self, d: usize, cause: Cause) -> f64 {
        self.by_cause.get(d).map_or(0.0, |r| r[cause as usize])
    }

    /// A stock at the start of day index `d`.
    pub fn stock(&self, d: usize, stock: Stock) -> f64 {
        self.stocks.get(d).map_or(0.0, |r| r[stock as usize])
    }
}
