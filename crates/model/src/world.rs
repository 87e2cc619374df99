//! The state of a run and the few primitive changes every process makes through: arrest,
//! sentence, admission to and exit from custody. Keeping them here means each primitive updates
//! the people table, the event log, the tallies and the running stocks together, so they cannot
//! drift apart.

use std::collections::VecDeque;

use chistka_engine::calendar::Day;
use chistka_engine::queue::EventQueue;
use chistka_engine::streams::Streams;

use crate::census::Census;
pub use crate::events::{Case, Event, Happened, priority};
use crate::ledger::{Arrest, Cause, Channel, Flow, Ledger, Sentence, Source, Stock, Verdict};
use crate::params::Params;
use crate::people::{NONE, PartyStatus, People, PersonId, Role, Standing, Status, flag};
use crate::society::Society;
pub use crate::state::ProcessState;
use crate::ties::Ties;

/// Running stocks (full-scale equivalents), updated by the primitives.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stocks {
    /// In camps and colonies.
    pub camp: f64,
    /// Of whom political.
    pub camp_political: f64,
    /// Party members and candidates.
    pub party: f64,
    /// Of whom candidates.
    pub party_candidates: f64,
    /// In exile.
    pub exile: f64,
    /// Deported during the run, in special settlements.
    pub special_settlement: f64,
}

/// The whole state of a run: the core tables every process reads and changes only through the
/// primitives below (people, ties, the event queue, the event log, the stocks, the open cases),
/// and the state each process keeps for itself ([`ProcessState`]).
#[derive(Debug)]
pub struct World {
    /// The validated parameters of the run, shared: a process that changes the world while it
    /// reads them holds a second handle (one count, where a copy of a section allocated its
    /// year tables every day).
    pub params: std::sync::Arc<Params>,
    /// The structural data of `data/` (the census the parameters were validated against).
    pub census: Census,
    /// The people table (synthetic people).
    pub people: People,
    /// Elite roles (index = id - elite start).
    pub roles: Vec<Role>,
    /// Ids of the elite layer.
    pub elite: std::ops::Range<PersonId>,
    /// Mass population by region.
    pub regions: Vec<std::ops::Range<PersonId>>,
    /// The mass population by region and category, for draws by category weight.
    pub pools: std::sync::Arc<crate::pools::ByCategory>,
    /// Adults (simulated, not weighted) per region, for rates.
    pub region_adults: Vec<f64>,
    /// The intellectual stratum the capacity index counts, shared with the society.
    pub stratum: std::sync::Arc<Vec<PersonId>>,
    /// The draws of a category by the run's risk tables in each region, prepared once
    /// ([`crate::processes::pick_target`]).
    pub risk_draws: crate::processes::RiskDraws,
    /// Households, workplaces, patronage and posts.
    pub ties: Ties,
    /// The army: its command structure and officers (at full scale).
    pub army: crate::institutions::army::Army,
    /// The nomenklatura's political biographies.
    pub nomenklatura: crate::institutions::nomenklatura::Nomenklatura,
    /// Full-scale people per simulated mass person.
    pub mass_weight: f64,
    /// The scheduled events.
    pub queue: EventQueue<Event>,
    /// The run's random streams, one per process and purpose.
    pub streams: Streams,
    /// The event log and tallies.
    pub ledger: Ledger,
    /// Running stocks (camps, exile, party), kept by the primitives.
    pub stocks: Stocks,
    /// Open cases: each arrested person's case, until sentence.
    pub open_cases: crate::ids::IdMap<Case>,
    /// The people in the camps and colonies ([`Status::InCamp`]), kept by [`World::enter_camp`],
    /// [`World::leave_camp`] and [`World::die_in_custody`], for the draws among inmates.
    pub inmates: crate::roster::Roster,
    /// The state each process keeps between days, one part per process.
    pub state: ProcessState,
    /// The day being simulated.
    pub today: Day,
    /// The long run after 22 June 1941, once run (see [`crate::longrun`]).
    pub longrun: Option<crate::longrun::LongRun>,
}

impl World {
    /// The world of a run of `params` on `society`, with the run's `streams`: the registers,
    /// the national lines' and the deportations' pools, and each process's starting state.
    pub fn in_society(params: Params, society: Society, streams: Streams) -> Self {
        let days = params.end.since(params.start) as usize + 1;
        let Society {
            census,
            pop,
            nomenklatura,
            ties,
            pools,
            by_nationality,
            region_adults,
            stratum,
            registry: listing,
            party,
            party_candidates,
            ..
        } = society;
        let n_regions = pop.regions.len();
        let quota =
            crate::processes::quota::QuotaState::new(&params.quota, &census, &region_adults);
        let policy = crate::processes::timeline::Policy::new(&params);
        let mut pop = pop;
        // The pools of the lines read the registers, so they are drawn for each run.
        let (registry, party_roll) =
            crate::processes::registry::build(&mut pop.people, &listing, &params, streams);
        // The lines' draws visit the registered rather than whole regions where they can.
        let lists = crate::processes::national::GroupLists {
            nationality: &by_nationality,
            registered: params.registries.enabled.then_some(registry.as_slice()),
        };
        let (deportation, national) = rayon::join(
            || {
                crate::processes::deportation::DeportationState::build(
                    &pop.people,
                    &pop.regions,
                    &lists,
                    &params,
                    &census,
                    streams,
                )
            },
            || {
                crate::processes::national::NationalState::build(
                    &pop.people,
                    &pop.regions,
                    &lists,
                    &params,
                    &census,
                    streams,
                )
            },
        );
        let risk_draws = crate::processes::RiskDraws::new(&pools, &params);
        World {
            risk_draws,
            open_cases: crate::ids::IdMap::default(),
            inmates: crate::roster::Roster::default(),
            state: ProcessState {
                policy,
                registry: crate::processes::registry::Registries {
                    lists: registry,
                    roll_at_start: party_roll.len(),
                    party_roll,
                    carded: listing.carded(),
                },
                claims: Default::default(),
                quota,
                national,
                deportation,
                party: crate::processes::party::PartyState::default(),
                suspects: vec![VecDeque::new(); n_regions],
                camps: crate::processes::camps::CampState::default(),
                army: Default::default(),
                nomenklatura: Default::default(),
                recruits: pools.by_education_per_region(
                    &crate::processes::promotion::RECRUITS,
                    crate::processes::party::acceptance,
                ),
                admissions: pools.by_education_per_region(
                    &crate::processes::party::RECRUITABLE,
                    crate::processes::party::acceptance,
                ),
                reuse: Default::default(),
            },
            today: params.start,
            longrun: None,
            params: std::sync::Arc::new(params),
            census,
            people: pop.people,
            roles: pop.roles,
            elite: pop.elite,
            regions: pop.regions,
            pools,
            region_adults,
            stratum,
            ties,
            army: pop.army,
            nomenklatura,
            mass_weight: pop.mass_weight,
            queue: EventQueue::new(),
            streams,
            ledger: Ledger::new(days),
            stocks: Stocks {
                party,
                party_candidates,
                ..Stocks::default()
            },
        }
    }

    /// Full-scale people this person stands for: one for the elite layer and the army, which are
    /// built at full scale.
    ///
    /// Read from the id ranges (the elite layer comes first, the army last), not from the
    /// person's flags: the weight is asked for at every arrest, sentence and appointment, and a
    /// comparison of ids costs no read of the people table.
    pub fn weight(&self, p: PersonId) -> f64 {
        debug_assert_eq!(self.elite.contains(&p), self.people.has(p, flag::ELITE));
        if self.elite.contains(&p) || self.army.full_scale(p) {
            1.0
        } else {
            self.mass_weight
        }
    }

    /// Ids of the mass population (scaled), between the elite layer and the army (both at full
    /// scale). A sampler that stands for mass people draws from here only, so that a draw means
    /// `mass_weight` real people.
    pub fn mass_ids(&self) -> std::ops::Range<PersonId> {
        let end = if self.army.people.is_empty() {
            self.people.len() as PersonId
        } else {
            self.army.people.start
        };
        self.elite.end..end
    }

    /// Index of today in the tallies.
    pub fn day_index(&self) -> usize {
        self.today.since(self.params.start) as usize
    }

    /// Elite role of a person (None for the mass population).
    pub fn role(&self, p: PersonId) -> Role {
        if self.elite.contains(&p) {
            self.roles[(p - self.elite.start) as usize]
        } else {
            Role::None
        }
    }

    /// Arrests `p` today, if at liberty, opening a case of its own. See [`World::arrest_in`].
    pub fn arrest(
        &mut self,
        p: PersonId,
        cause: Cause,
        source: Source,
        interrogate_in_days: u32,
    ) -> bool {
        self.arrest_in(p, cause, source, None, interrogate_in_days)
    }

    /// Arrests `p` today, if at liberty, in `group` (None: a group case of its own). Records the
    /// arrest with its cause and source, expels a party member, vacates the person's post (and
    /// sets off the patronage cascade), raises the threat for uncovered "conspiracies", and
    /// schedules the interrogation. Returns false if `p` was not at liberty.
    pub fn arrest_in(
        &mut self,
        p: PersonId,
        cause: Cause,
        source: Source,
        group: Option<u32>,
        interrogate_in_days: u32,
    ) -> bool {
        if !self.people.at_liberty(p) {
            return false;
        }
        let d = self.day_index();
        let w = self.weight(p);
        if self.people.status(p) == Status::Deported {
            self.stocks.special_settlement -= w;
        }
        self.people.set_status(p, Status::Arrested, self.today);
        let index = self.ledger.arrests.len() as u32;
        let group = group.unwrap_or(index);
        self.ledger.arrests.push(Arrest {
            person: p,
            day: self.today,
            cause,
            source,
            group,
        });
        self.open_cases.insert(
            p,
            Case {
                cause,
                source,
                group,
            },
        );
        self.ledger.count(d, Flow::Arrests, w);
        self.ledger.count_cause(d, cause, w);
        if matches!(
            self.people.party(p),
            PartyStatus::Member | PartyStatus::Candidate
        ) {
            if self.people.party(p) == PartyStatus::Candidate {
                self.stocks.party_candidates -= w;
            }
            self.people.set_party(p, PartyStatus::Expelled);
            self.ledger.count(d, Flow::PartyExpulsions, w);
            self.stocks.party -= w;
        }
        self.tell(Happened::Arrested {
            person: p,
            cause,
            weight: w,
        });
        let since = self.today;
        self.queue.push(
            self.today.plus(interrogate_in_days),
            priority::INTERROGATE,
            Event::Interrogate { person: p, since },
        );
        true
    }

    /// Takes `p` out of their post, if any, and puts the post on the vacancy queue.
    pub fn vacate(&mut self, p: PersonId) -> Option<u32> {
        let post = self.ties.post_of.get(p);
        if post == NONE {
            return None;
        }
        self.ties.post_of.take(p);
        self.ties.posts[post as usize].holder = NONE;
        self.ties.former_post.insert(p, post);
        self.tell(Happened::PostVacated { post });
        Some(post)
    }

    /// Gives `post` to `p` today.
    pub fn appoint(&mut self, p: PersonId, post: u32, promoted: bool) {
        self.ties.posts[post as usize].holder = p;
        self.ties.posts[post as usize].since = i32::from(self.today.0);
        self.ties.post_of.set(p, post);
        self.ledger.appointments.push(crate::ledger::Appointment {
            post,
            person: p,
            day: self.today,
            promoted,
        });
    }

    /// True if a scheduled event for `p` is still current.
    pub fn current(&self, p: PersonId, status: Status, since: Day) -> bool {
        self.people.standing[p as usize]
            == Standing {
                status: status as u8,
                day: since,
            }
    }

    /// Records the sentence of an arrested person, closing their case, and applies it. Every
    /// NKVD conviction here is political (counter-revolutionary).
    pub fn sentence(&mut self, p: PersonId, verdict: Verdict, term_days: u32, channel: Channel) {
        let d = self.day_index();
        let w = self.weight(p);
        let case = self.open_cases.remove(&p).unwrap_or(Case {
            cause: Cause::Ordinary,
            source: Source::None,
            group: NONE,
        });
        self.ledger.sentences.push(Sentence {
            person: p,
            day: self.today,
            verdict,
            term_days,
            cause: case.cause,
            source: case.source,
            channel,
        });
        self.tell(Happened::Sentenced {
            person: p,
            verdict,
            case,
            channel,
        });
        match verdict {
            Verdict::Execution => {
                self.ledger.count(d, Flow::Convictions, w);
                self.ledger.count(d, Flow::Executions, w);
                self.people.flags[p as usize] |= flag::POLITICAL;
                self.people.set_status(p, Status::Executed, self.today);
            }
            Verdict::Camp => {
                self.ledger.count(d, Flow::Convictions, w);
                self.ledger.count(d, Flow::CampSentences, w);
                self.people.flags[p as usize] |= flag::POLITICAL;
                self.enter_camp(p, true);
            }
            Verdict::Exile => {
                self.ledger.count(d, Flow::Convictions, w);
                self.ledger.count(d, Flow::ExileSentences, w);
                self.people.flags[p as usize] |= flag::POLITICAL;
                self.people.set_status(p, Status::InExile, self.today);
                self.stocks.exile += w;
                let since = self.today;
                self.queue.push(
                    self.today.plus(term_days),
                    priority::EXIT,
                    Event::ExileEnd { person: p, since },
                );
            }
            Verdict::Release => self.release(p),
            Verdict::Deportation => {
                self.ledger.count(d, Flow::Convictions, w);
                self.people.flags[p as usize] |= flag::POLITICAL;
                self.settle(p);
            }
        }
    }

    /// Deports `p` by decree today (removal `removal` of the scenario), if at liberty and not
    /// already deported. Returns false otherwise.
    pub fn deport(&mut self, p: PersonId, removal: u16) -> bool {
        if !self.people.at_liberty(p) || self.people.status(p) == Status::Deported {
            return false;
        }
        self.ledger.deportations.push(crate::ledger::Deportation {
            person: p,
            day: self.today,
            removal,
        });
        self.settle(p);
        true
    }

    /// Puts `p` in a special settlement today and counts the deportation.
    fn settle(&mut self, p: PersonId) {
        let d = self.day_index();
        let w = self.weight(p);
        self.ledger.count(d, Flow::Deportations, w);
        self.stocks.special_settlement += w;
        self.people.set_status(p, Status::Deported, self.today);
    }

    /// Puts `p` in a camp today and adds them to the stock. The caller schedules the exit.
    pub fn enter_camp(&mut self, p: PersonId, political: bool) {
        let w = self.weight(p);
        // The courts' convicts are taken at liberty without an arrest: a deportee among them
        // leaves the special settlement.
        if self.people.status(p) == Status::Deported {
            self.stocks.special_settlement -= w;
        }
        self.people.set_status(p, Status::InCamp, self.today);
        self.inmates.insert(p);
        if political {
            self.people.flags[p as usize] |= flag::POLITICAL;
        }
        self.stocks.camp += w;
        if self.people.has(p, flag::POLITICAL) {
            self.stocks.camp_political += w;
        }
    }

    /// Takes `p` out of the camp stock (death or release).
    pub fn leave_camp(&mut self, p: PersonId, death: bool) {
        let w = self.weight(p);
        let d = self.day_index();
        self.stocks.camp -= w;
        if self.people.has(p, flag::POLITICAL) {
            self.stocks.camp_political -= w;
        }
        self.inmates.remove(p);
        if death {
            self.ledger.count(d, Flow::DeathsInCustody, w);
            self.people.set_status(p, Status::DeadInCustody, self.today);
            self.tell(Happened::DiedInCustody { person: p });
        } else {
            self.release(p);
        }
    }

    /// A death in custody outside the camps' rolls, counted as `flow`: in prison before
    /// sentence (the open case is closed without a sentence) or in transit (the prisoner leaves
    /// the camp stock the sentence added them to).
    pub fn die_in_custody(&mut self, p: PersonId, flow: Flow) {
        let d = self.day_index();
        let w = self.weight(p);
        match self.people.status(p) {
            Status::Arrested => {
                self.open_cases.remove(&p);
            }
            Status::InCamp => {
                self.inmates.remove(p);
                self.stocks.camp -= w;
                if self.people.has(p, flag::POLITICAL) {
                    self.stocks.camp_political -= w;
                }
            }
            _ => {}
        }
        self.ledger.count(d, flow, w);
        self.people.set_status(p, Status::DeadInCustody, self.today);
        self.tell(Happened::DiedInCustody { person: p });
    }

    /// Sets `p` free today and counts the release.
    pub fn release(&mut self, p: PersonId) {
        let d = self.day_index();
        let w = self.weight(p);
        if self.people.status(p) == Status::InExile {
            self.stocks.exile -= w;
        }
        self.ledger.count(d, Flow::Releases, w);
        self.people.set_status(p, Status::Released, self.today);
        self.tell(Happened::Released { person: p });
    }

    /// Tells the processes that react to primitives (the table
    /// [`REACTIONS`](crate::processes::REACTIONS)) what just happened, in table order.
    fn tell(&mut self, event: Happened) {
        for &(_, react) in crate::processes::REACTIONS {
            react(self, &event);
        }
    }

    /// Starts loading what `e` will read first (its person's standing, the post to fill), so
    /// that the read overlaps the events handled before it; reads nothing itself.
    pub fn prefetch(&self, e: &Event) {
        use chistka_engine::prefetch::prefetch;
        match *e {
            Event::Interrogate { person, .. } => {
                prefetch(&self.people.standing, person as usize);
                prefetch(&self.people.workplace, person as usize);
            }
            Event::Sentence { person, .. }
            | Event::CampExit { person, .. }
            | Event::ExileEnd { person, .. }
            | Event::PatronageHit { person, .. }
            | Event::ArmyArrest { person }
            | Event::ArmyReview { person, .. }
            | Event::AppealDecision { person } => {
                prefetch(&self.people.standing, person as usize);
            }
            Event::FillPost { post } => prefetch(&self.ties.posts, post as usize),
            Event::Timeline { .. } | Event::Sweep { .. } => {}
        }
    }

    /// Records today's stocks in the tallies.
    pub fn observe_stocks(&mut self) {
        let d = self.day_index();
        let s = self.stocks;
        let mut row = [0.0; Stock::ALL.len()];
        row[Stock::CampPopulation as usize] = s.camp;
        row[Stock::CampPopulationPolitical as usize] = s.camp_political;
        row[Stock::PartyMembers as usize] = s.party;
        row[Stock::PartyCandidates as usize] = s.party_candidates;
        row[Stock::ExilePopulation as usize] = s.exile;
        row[Stock::SpecialSettlement as usize] = s.special_settlement;
        row[Stock::Threat as usize] = self.state.policy.threat;
        row[Stock::Hysteria as usize] = self.state.policy.hysteria;
        let colonies = self.state.camps.colony_stock;
        row[Stock::CampPopulationItl as usize] = s.camp - colonies;
        row[Stock::CampPopulationItk as usize] = colonies;
        self.ledger.observe(d, row);
    }
}
