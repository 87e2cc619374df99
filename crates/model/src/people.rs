//! The people table: one array per attribute (struct of arrays), indexed by a `u32` person id.
//!
//! 14 bytes of core state per person ([`People::BYTES_PER_PERSON`]; issue 14's ceiling is 16), so
//! that the full 162 million fit in 2.3 GB. Households are implicit: a household is a contiguous
//! run of ids, and each person stores only its position in the run. Workplaces are explicit ids
//! with a compressed member index built once (see [`crate::ties`]).

use chistka_engine::calendar::Day;

/// A person id.
pub type PersonId = u32;

/// Marks "none" in `u32` id columns.
pub const NONE: u32 = u32::MAX;

codes!(
    /// Social category (census class, refined by the roles the purge singled out).
    Category {
        /// Kolkhoz peasant.
        KolkhozPeasant = "kolkhoz_peasant",
        /// Industrial or transport worker.
        Worker = "worker",
        /// Office employee (sluzhashchii).
        Employee = "employee",
        /// Engineer or technical specialist.
        Specialist = "specialist",
        /// Academic, writer, artist.
        Intellectual = "intellectual",
        /// Director of an enterprise, chairman of a kolkhoz.
        Manager = "manager",
        /// Party or state official below the elite.
        Official = "official",
        /// Red Army officer.
        ArmyOfficer = "army_officer",
        /// NKVD officer.
        NkvdOfficer = "nkvd_officer",
        /// Trade union official.
        UnionOfficial = "union_official",
        /// Clergy and sectarian leaders.
        Clergy = "clergy",
        /// Former kulak or special settler.
        FormerKulak = "former_kulak",
        /// "Former people" (byvshie lyudi).
        FormerPeople = "former_people",
        /// Person with a criminal record.
        CriminalRecord = "criminal_record",
        /// Child or other dependant: never a target in the model.
        Dependant = "dependant",
        /// Member of the elite layer (role in [`Role`]).
        Elite = "elite",
    }
);

codes!(
    /// Age band.
    AgeBand {
        /// Children, 0-15: dependants, never targets.
        Child = "0-15",
        /// Adults of 16-29.
        Young = "16-29",
        /// Adults of 30-49.
        Middle = "30-49",
        /// Adults of 50 and over.
        Old = "50+",
    }
);

codes!(
    /// Education level (adults).
    Education {
        /// No schooling.
        None = "none",
        /// Primary school.
        Primary = "primary",
        /// Secondary school.
        Secondary = "secondary",
        /// Higher education.
        Higher = "higher",
    }
);

codes!(
    /// Social origin: the class of the person's parents, which the regime recorded on every
    /// questionnaire and which decided who could be promoted (Fitzpatrick, "Education and Social
    /// Mobility in the Soviet Union", 1979).
    Origin {
        /// Peasants' children.
        Peasant = "peasant",
        /// Workers' children.
        Worker = "worker",
        /// Children of employees and the intelligentsia.
        Employee = "employee",
        /// "Class-alien" origin: nobility, clergy, merchants, kulaks by the regime's own count
        /// are peasants, so this is the old privileged classes.
        Alien = "alien",
    }
);

codes!(
    /// Nationality, with the diaspora nationalities of the national operations named.
    Nationality {
        /// Everyone not named below.
        Other = "other",
        /// Germans (order 00439).
        German = "german",
        /// Poles (order 00485).
        Polish = "polish",
        /// Latvians.
        Latvian = "latvian",
        /// Finns.
        Finnish = "finnish",
        /// Estonians.
        Estonian = "estonian",
        /// Greeks.
        Greek = "greek",
        /// Koreans.
        Korean = "korean",
        /// Romanians.
        Romanian = "romanian",
        /// "Harbin returnees" from the Chinese Eastern Railway (order 00593): a line of origin
        /// the NKVD treated as a national line.
        HarbinReturnee = "harbin_returnee",
    }
);

codes!(
    /// Party standing.
    PartyStatus {
        /// Never held a card.
        None = "none",
        /// Candidate member.
        Candidate = "candidate",
        /// Full member.
        Member = "member",
        /// Expelled (on arrest, in a campaign, or not reinstated on appeal).
        Expelled = "expelled",
    }
);

codes!(
    /// Where a person stands with the state.
    Status {
        /// At liberty.
        Free = "free",
        /// Arrested, under investigation.
        Arrested = "arrested",
        /// Shot.
        Executed = "executed",
        /// In a camp or colony.
        InCamp = "in_camp",
        /// In exile.
        InExile = "in_exile",
        /// Released after arrest or sentence.
        Released = "released",
        /// Died in custody.
        DeadInCustody = "dead_in_custody",
        /// Deported to a special settlement (by decree, or by a sentence of deportation): at
        /// liberty in the sense that the police can still arrest them.
        Deported = "deported",
    }
);

codes!(
    /// Role of a member of the elite layer.
    Role {
        /// Not in the elite.
        None = "none",
        /// Politburo member.
        Politburo = "politburo",
        /// Central Committee member or candidate (1934).
        CentralCommittee = "central_committee",
        /// First secretary of a republic, krai or oblast.
        RegionalFirstSecretary = "regional_first_secretary",
        /// People's commissar.
        PeoplesCommissar = "peoples_commissar",
        /// 17th Congress delegate.
        CongressDelegate = "congress_delegate",
        /// Marshal of the Soviet Union.
        Marshal = "marshal",
        /// Army commander (komandarm).
        ArmyCommander = "army_commander",
        /// Corps commander (komkor).
        CorpsCommander = "corps_commander",
        /// Division commander (komdiv).
        DivisionCommander = "division_commander",
        /// NKVD leadership.
        NkvdLeadership = "nkvd_leadership",
    }
);

/// Bits of [`People::flags`].
pub mod flag {
    /// Lives in a town.
    pub const URBAN: u8 = 1;
    /// Female.
    pub const FEMALE: u8 = 1 << 1;
    /// Member of the elite layer (counted at full scale).
    pub const ELITE: u8 = 1 << 2;
    /// Was ever convicted for a political (counter-revolutionary) crime.
    pub const POLITICAL: u8 = 1 << 3;
    /// Elected to the Central Committee in 1934.
    pub const CC_1934: u8 = 1 << 4;
    /// Delegate to the 17th Congress.
    pub const DELEGATE_17: u8 = 1 << 5;
    /// On the registers as a former member of another party (SR, Menshevik, Bund, ...).
    pub const OTHER_PARTY: u8 = 1 << 6;
    /// Keeps house rather than working for a wage (a woman of the census classes): has no
    /// workplace, so routine policing, which worked through workplaces and their informers, does
    /// not pick her; the terror reaches her through her family (order 00486, group cases).
    pub const AT_HOME: u8 = 1 << 7;
}

/// Bits of [`People::category_age`]: the person's social category and age band, the cell of the
/// census's tables by social group and age, packed in one byte (each had a byte of its own until
/// the eighth sitting on performance, 162 MB more at full scale). Neither changes during a run.
pub mod category_age {
    /// [`Category`](super::Category) code, bits 0-3.
    pub const CATEGORY: u8 = 0b1111;
    /// [`AgeBand`](super::AgeBand) code, bits 4-5.
    pub const AGE_SHIFT: u8 = 4;
    /// The age band's bits: none set for a child.
    pub const AGE: u8 = 0b11 << AGE_SHIFT;

    // Every code fits its bits.
    const _: () = assert!(super::Category::ALL.len() <= 1 << AGE_SHIFT);
    const _: () = assert!(super::AgeBand::ALL.len() <= 4);

    /// The packed byte.
    pub fn pack(category: super::Category, age: super::AgeBand) -> u8 {
        category as u8 | (age as u8) << AGE_SHIFT
    }
}

/// Bits of [`People::questionnaire`]: what a Soviet personnel questionnaire (anketa) asked of
/// everyone (education, social origin, party standing), with promotion and whether the person is
/// the head's spouse, packed in one byte so that the table stays compact (issue 14 wants at most
/// 16 bytes a person; the party standing had a byte of its own until the eighth sitting on
/// performance, 162 MB at full scale).
pub mod questionnaire {
    /// [`Education`](super::Education) code, bits 0-1.
    pub const EDUCATION: u8 = 0b11;
    /// [`Origin`](super::Origin) code, bits 2-3.
    pub const ORIGIN_SHIFT: u8 = 2;
    /// Graduated from a technical school or VTUZ after promotion from the bench (a
    /// vydvizhenets of 1928-1932), bit 4.
    pub const TECHNICAL: u8 = 1 << 4;
    /// The spouse of the household's head (its second member in a married household), bit 5.
    pub const SPOUSE: u8 = 1 << 5;
    /// [`PartyStatus`](super::PartyStatus) code, bits 6-7: the only bits of the byte a run
    /// changes (written by [`People::set_party`](super::People::set_party)).
    pub const PARTY_SHIFT: u8 = 6;
    /// The party standing's bits.
    pub const PARTY: u8 = 0b11 << PARTY_SHIFT;

    /// The packed byte of a person without a party card.
    pub fn pack(education: super::Education, origin: super::Origin, technical: bool) -> u8 {
        education as u8 | (origin as u8) << ORIGIN_SHIFT | if technical { TECHNICAL } else { 0 }
    }
}

impl Status {
    /// Whether a person of this status is at liberty: free, released or deported.
    pub fn at_liberty(self) -> bool {
        matches!(self, Status::Free | Status::Released | Status::Deported)
    }
}

/// A person's [`Status`] code and the day it last changed, packed in three bytes.
#[repr(C, packed)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// [`Status`] code.
    pub status: u8,
    /// Day the status last changed.
    pub day: Day,
}

impl Standing {
    /// At liberty since the first day.
    pub const FREE: Standing = Standing {
        status: Status::Free as u8,
        day: Day(0),
    };
}

/// Who is at liberty, one bit a person, kept beside [`People::standing`] by
/// [`People::set_status`].
///
/// Every draw of a person asks first whether they are at liberty, at a random place among up to
/// 162 million. The standing column is 3 bytes a person, 490 MB at full scale, and the read
/// misses the caches more often than not; these bits are 20 MB at full scale and mostly stay in
/// them. The answer is the same as the status gives, so no draw changes.
#[derive(Debug, Default, Clone)]
pub struct Liberty(Vec<u64>);

impl Liberty {
    /// `n` people, all at liberty.
    pub fn free(n: usize) -> Self {
        Liberty(vec![u64::MAX; n.div_ceil(64)])
    }

    /// Room for `n` people (the caller sets the new people's bits).
    fn resize(&mut self, n: usize) {
        self.0.resize(n.div_ceil(64), 0);
    }

    fn set(&mut self, p: PersonId, at_liberty: bool) {
        let (word, bit) = (p as usize / 64, p % 64);
        if at_liberty {
            self.0[word] |= 1 << bit;
        } else {
            self.0[word] &= !(1 << bit);
        }
    }

    fn get(&self, p: PersonId) -> bool {
        self.0[p as usize / 64] >> (p % 64) & 1 == 1
    }
}

/// The people table.
#[derive(Debug, Default, Clone)]
pub struct People {
    /// Region index (into the census regions).
    pub region: Vec<u8>,
    /// Bit flags, see [`flag`].
    pub flags: Vec<u8>,
    /// Social category and age band, packed (see [`category_age`]; read with
    /// [`People::category`], [`People::age`] and [`People::adult`]).
    pub category_age: Vec<u8>,
    /// [`Nationality`] code.
    pub nationality: Vec<u8>,
    /// Education, social origin, promotion, the spouse mark and the party standing, packed (see
    /// [`questionnaire`]; read with [`People::education`], [`People::origin`],
    /// [`People::technical`], [`People::spouse`] and [`People::party`]; the party standing is
    /// written with [`People::set_party`]).
    pub questionnaire: Vec<u8>,
    /// Year of first admission to the party, as years since 1880 (0 = never).
    pub party_year: Vec<u8>,
    /// Status and the day it last changed, side by side: every scheduled event checks both, and
    /// one read at a random place in 162 million people costs far more than the comparison.
    pub standing: Vec<Standing>,
    /// Position of the person within their household run: a household is a run of consecutive
    /// ids that starts at position 0 and ends where the next one starts. Its length is not
    /// stored (it would be a seventeenth byte a person): [`People::household`] reads it off the
    /// positions that follow, a few bytes next to each other.
    pub household_pos: Vec<u8>,
    /// Workplace (or kolkhoz) id, [`NONE`] for dependants.
    pub workplace: Vec<u32>,
    /// Who is at liberty: an index of [`People::standing`], not a column of its own (1 bit a
    /// person). Written only by [`People::set_status`] and [`People::grow`]; a table built
    /// field by field starts it with [`Liberty::free`].
    pub liberty: Liberty,
}

impl People {
    /// Number of people.
    pub fn len(&self) -> usize {
        self.region.len()
    }

    /// True when there is nobody.
    pub fn is_empty(&self) -> bool {
        self.region.is_empty()
    }

    /// Bytes of core state per person (the arrays above).
    pub const BYTES_PER_PERSON: usize =
        1 + 1 + 1 + 1 + 1 + 1 + std::mem::size_of::<Standing>() + 1 + 4;

    /// The person's status.
    pub fn status(&self, p: PersonId) -> Status {
        Status::from_code(self.standing[p as usize].status)
    }

    /// The day the person's status last changed.
    pub fn status_day(&self, p: PersonId) -> Day {
        self.standing[p as usize].day
    }

    /// The person's category.
    pub fn category(&self, p: PersonId) -> Category {
        Category::from_code(self.category_age[p as usize] & category_age::CATEGORY)
    }

    /// The person's education.
    pub fn education(&self, p: PersonId) -> Education {
        Education::from_code(self.questionnaire[p as usize] & questionnaire::EDUCATION)
    }

    /// The person's social origin.
    pub fn origin(&self, p: PersonId) -> Origin {
        Origin::from_code((self.questionnaire[p as usize] >> questionnaire::ORIGIN_SHIFT) & 0b11)
    }

    /// True for the spouse of the household's head.
    pub fn spouse(&self, p: PersonId) -> bool {
        self.questionnaire[p as usize] & questionnaire::SPOUSE != 0
    }

    /// True for a wife: the head's spouse, a woman. Wives reached the terror as wives (order
    /// 00486), so the national lines, which listed people by their own biography, pass them by.
    pub fn wife(&self, p: PersonId) -> bool {
        self.spouse(p) && self.has(p, flag::FEMALE)
    }

    /// True for a graduate of a technical school promoted from the bench (a vydvizhenets).
    pub fn technical(&self, p: PersonId) -> bool {
        self.questionnaire[p as usize] & questionnaire::TECHNICAL != 0
    }

    /// The person's age band.
    pub fn age(&self, p: PersonId) -> AgeBand {
        AgeBand::from_code(self.category_age[p as usize] >> category_age::AGE_SHIFT)
    }

    /// True for an adult (16 and over): a child's age band is the only one with no bit set.
    pub fn adult(&self, p: PersonId) -> bool {
        self.category_age[p as usize] & category_age::AGE != 0
    }

    /// The person's nationality.
    pub fn nationality(&self, p: PersonId) -> Nationality {
        Nationality::from_code(self.nationality[p as usize])
    }

    /// The person's party standing.
    pub fn party(&self, p: PersonId) -> PartyStatus {
        PartyStatus::from_code(self.questionnaire[p as usize] >> questionnaire::PARTY_SHIFT)
    }

    /// Sets the person's party standing, leaving the rest of their questionnaire as it is.
    pub fn set_party(&mut self, p: PersonId, status: PartyStatus) {
        let packed = &mut self.questionnaire[p as usize];
        *packed = *packed & !questionnaire::PARTY | (status as u8) << questionnaire::PARTY_SHIFT;
    }

    /// True if the flag bit is set.
    pub fn has(&self, p: PersonId, bit: u8) -> bool {
        self.flags[p as usize] & bit != 0
    }

    /// True if the person is at liberty (free, released, or in a special settlement) and so can
    /// be arrested.
    pub fn at_liberty(&self, p: PersonId) -> bool {
        let free = self.liberty.get(p);
        debug_assert_eq!(free, self.status(p).at_liberty(), "person {p}");
        free
    }

    /// True if the person is alive.
    pub fn alive(&self, p: PersonId) -> bool {
        !matches!(self.status(p), Status::Executed | Status::DeadInCustody)
    }

    /// Ids of the person's household.
    pub fn household(&self, p: PersonId) -> std::ops::Range<PersonId> {
        let i = p as usize;
        let start = p - u32::from(self.household_pos[i]);
        let rest = self.household_pos[i + 1..]
            .iter()
            .position(|&pos| pos == 0)
            .unwrap_or(self.household_pos.len() - i - 1);
        start..p + 1 + rest as PersonId
    }

    /// Adds `n` people at the end of every column: adults at liberty, in no household but their
    /// own, no workplace, no card, category `Dependant`, all flags clear. The builder of an
    /// institution appended after the mass population (the army) then sets their attributes;
    /// a column added to the table gets its default here, in one place.
    pub fn grow(&mut self, n: usize) -> std::ops::Range<PersonId> {
        let start = self.len();
        let end = start + n;
        self.region.resize(end, 0);
        self.flags.resize(end, 0);
        self.category_age.resize(
            end,
            category_age::pack(Category::Dependant, AgeBand::Middle),
        );
        self.nationality.resize(end, Nationality::Other as u8);
        self.questionnaire.resize(
            end,
            questionnaire::pack(Education::None, Origin::Peasant, false),
        );
        self.party_year.resize(end, 0);
        self.standing.resize(end, Standing::FREE);
        self.household_pos.resize(end, 0);
        self.workplace.resize(end, NONE);
        self.liberty.resize(end);
        for p in start..end {
            self.liberty.set(p as PersonId, true);
        }
        start as PersonId..end as PersonId
    }

    /// Sets the status and the day it changed.
    pub fn set_status(&mut self, p: PersonId, status: Status, day: Day) {
        self.standing[p as usize] = Standing {
            status: status as u8,
            day,
        };
        self.liberty.set(p, status.at_liberty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The columns' element sizes add up to the stated bytes a person, within issue 14's 16.
    /// The destructuring names every column, so adding one does not compile until it is counted.
    #[test]
    fn core_state_is_at_most_sixteen_bytes_a_person() {
        fn bytes<T>(_: &Vec<T>) -> usize {
            std::mem::size_of::<T>()
        }
        let People {
            region,
            flags,
            category_age,
            nationality,
            questionnaire,
            party_year,
            standing,
            household_pos,
            workplace,
            liberty: _, // an index of `standing`, 1 bit a person
        } = People::default();
        let sum = bytes(&region)
            + bytes(&flags)
            + bytes(&category_age)
            + bytes(&nationality)
            + bytes(&questionnaire)
            + bytes(&party_year)
            + bytes(&standing)
            + bytes(&household_pos)
            + bytes(&workplace);
        assert_eq!(sum, People::BYTES_PER_PERSON);
        assert!(sum <= 16, "{sum} bytes a person");
    }

    /// The party standing shares its byte with the questionnaire's other answers: setting it, in
    /// any order of standings, leaves them as they were, and each reads back what was packed.
    #[test]
    fn the_party_standing_leaves_the_rest_of_the_questionnaire_alone() {
        let mut people = People::default();
        let ids = people.grow(Education::ALL.len() * Origin::ALL.len() * 4);
        let mut answers = Vec::new();
        for p in ids.clone() {
            let i = p as usize;
            let education = Education::ALL[i % 4];
            let origin = Origin::ALL[i / 4 % 4];
            let (technical, spouse) = (i / 16 % 2 == 1, i / 32 % 2 == 1);
            people.questionnaire[i] = questionnaire::pack(education, origin, technical)
                | if spouse { questionnaire::SPOUSE } else { 0 };
            answers.push((education, origin, technical, spouse));
        }
        for (step, status) in [
            PartyStatus::Member,
            PartyStatus::Expelled,
            PartyStatus::Candidate,
            PartyStatus::None,
            PartyStatus::Expelled,
        ]
        .into_iter()
        .enumerate()
        {
            for p in ids.clone() {
                // Every other person is left at the standing before, so neighbours differ.
                if (p as usize + step).is_multiple_of(2) {
                    people.set_party(p, status);
                    assert_eq!(people.party(p), status);
                }
                let (education, origin, technical, spouse) = answers[p as usize];
                assert_eq!(people.education(p), education);
                assert_eq!(people.origin(p), origin);
                assert_eq!(people.technical(p), technical);
                assert_eq!(people.spouse(p), spouse);
            }
        }
    }

    /// The bits of who is at liberty follow every status set, across the words' edges and as
    /// the table grows in uneven steps (the army is appended after the mass population).
    #[test]
    fn who_is_at_liberty_follows_the_status() {
        let mut people = People::default();
        people.grow(70);
        let statuses = Status::ALL;
        for p in 0..70u32 {
            people.set_status(p, statuses[p as usize % statuses.len()], Day(p as u16));
        }
        people.grow(59);
        people.set_status(128, Status::Executed, Day(3));
        people.set_status(64, Status::Released, Day(4));
        for p in 0..people.len() as PersonId {
            assert_eq!(
                people.liberty.get(p),
                people.status(p).at_liberty(),
                "person {p}, {:?}",
                people.status(p)
            );
        }
        let free = (0..people.len() as PersonId)
            .filter(|&p| people.at_liberty(p))
            .count();
        assert!(free > 0 && free < people.len());
    }

    /// A household runs from its position 0 to the next person at position 0, or to the end.
    #[test]
    fn households_are_read_off_the_positions() {
        let mut people = People::default();
        people.grow(7);
        // A single (0), a household of three (1-3), a pair (4-5), a single at the end (6).
        people.household_pos = vec![0, 0, 1, 2, 0, 1, 0];
        let expected = [0..1, 1..4, 1..4, 1..4, 4..6, 4..6, 6..7];
        for (p, h) in expected.into_iter().enumerate() {
            assert_eq!(people.household(p as PersonId), h, "person {p}");
        }
        // The last household may run to the end of the table.
        people.household_pos[6] = 2;
        assert_eq!(people.household(6), 4..7);
        assert_eq!(people.household(4), 4..7);
    }
}
