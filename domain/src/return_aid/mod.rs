//! Return aid ("aide au retour et à la réinsertion", OFII; research §1.7 "Aide au retour", source [34]): the file
//! an OFII agent of the direction opens when a person in France asks for help to go back to their country, the
//! check of the person's eligibility, the flat allowance it grants and the departure.
//!
//! One aggregate, [`ReturnAidFile`], a state machine ([`ReturnAidStatus`]):
//!
//! ```text
//! REQUESTED ─decide (eligible)→ ELIGIBLE ─book departure (date)→ DEPARTURE_BOOKED ─record departure (date)→ DEPARTED
//!     └─decide (ineligible, reasons)→ INELIGIBLE          └────────rebook───────────┘
//! REQUESTED, ELIGIBLE, DEPARTURE_BOOKED ─withdraw→ WITHDRAWN
//! ```
//!
//! - Eligibility is decided by a **pure function**, [`eligibility`], from the facts the agent records
//!   ([`Facts`]) and the rules of the catalogue in force that day ([`EligibilityRules`]): not a national of the
//!   EU, the EEA or Switzerland; at least the catalogue's minimum stay in France (six months in the research);
//!   in one of the covered situations (irregular stay, asylum rejected or withdrawn, removal order — OQTF); not
//!   in Mayotte, where the scheme does not apply; and never helped before ("only once"), a fact storage answers.
//!   Every failed criterion gives its own stable code ([`Ineligibility`]); an ineligible file keeps them all.
//! - The allowance is computed, once, at the eligible decision, from the dated rates of the catalogue
//!   ([`AllowanceRates`]) and the household; it is paid in one instalment at departure (DEPARTED records it).
//! - The minimum stay, the excluded nationalities and the amounts change by decree or by OFII's board: they are
//!   catalogue data with effective dates, never constants here.
//!
//! Uncertainties, written down rather than guessed in code: the research gives the 2015 amounts (650 € for
//! nationals of visa-required countries, 300 € for visa-exempt countries and Kosovo) and a 2022 range of
//! 300–1 850 € decreasing with the time since the removal order, with a ceiling raised to 3 500 € in 2025 ⚠. The
//! model keeps the simple, sourced part: an amount per adult and per child by country group; the decrease with
//! time since the OQTF, the 150 € supplement for a person with their own travel document and the reintegration
//! aid are not modelled.
//!
//! Who may do what is [`policy`].

pub mod commands;
pub mod policy;
mod repository;
#[cfg(test)]
mod tests;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::dossier::ActorRef;
use crate::person::PersonId;
use crate::territory::Territory;
use crate::{Actor, Error};

pub use crate::household::Household;
pub use repository::{ReturnAidCatalogue, ReturnAidChange, ReturnAidRepository};

/// The département where the return aid scheme does not apply (research §1.7: "not Mayotte").
const MAYOTTE: &str = "976";

/// A return-aid file's id (UUID v7: ordering by id is ordering by request).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReturnAidFileId(Uuid);

impl ReturnAidFileId {
    /// Wraps a UUID minted by the caller.
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The underlying UUID.
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

coded_enum!(
    /// Where a return-aid file stands.
    ReturnAidStatus {
        /// Opened by OFII; eligibility not decided yet.
        Requested => "REQUESTED",
        /// Eligible: the allowance is computed; the departure can be booked.
        Eligible => "ELIGIBLE",
        /// Not eligible, with the reasons. Final.
        Ineligible => "INELIGIBLE",
        /// A departure date is booked.
        DepartureBooked => "DEPARTURE_BOOKED",
        /// The person left; the allowance is paid. Final.
        Departed => "DEPARTED",
        /// The person gave up the aid. Final.
        Withdrawn => "WITHDRAWN",
    }
);

coded_enum!(
    /// The person's administrative situation, as the agent records it.
    Situation {
        /// Staying without a right to stay.
        IrregularStay => "IRREGULAR_STAY",
        /// The asylum claim was finally rejected.
        AsylumRejected => "ASYLUM_REJECTED",
        /// The asylum claim was withdrawn.
        AsylumWithdrawn => "ASYLUM_WITHDRAWN",
        /// Under a removal order (OQTF).
        RemovalOrder => "REMOVAL_ORDER",
        /// Staying lawfully (a residence permit, a pending claim): not covered by the scheme.
        LawfulStay => "LAWFUL_STAY",
    }
);

coded_enum!(
    /// Why a person is not eligible: one stable code per failed criterion.
    Ineligibility {
        /// A national of the EU, the EEA or Switzerland.
        EuropeanNational => "EUROPEAN_NATIONAL",
        /// Less than the catalogue's minimum stay in France.
        StayTooShort => "STAY_TOO_SHORT",
        /// Not in a covered situation (lawful stay).
        SituationNotCovered => "SITUATION_NOT_COVERED",
        /// The file is in Mayotte, where the scheme does not apply.
        Mayotte => "MAYOTTE",
        /// The person already received return aid: it is granted only once.
        AlreadyReceived => "ALREADY_RECEIVED",
    }
);

coded_enum!(
    /// The country groups the allowance distinguishes.
    CountryGroup {
        /// Nationals of countries whose nationals need a visa to enter France.
        VisaRequired => "VISA_REQUIRED",
        /// Nationals of visa-exempt countries (and Kosovo, by the 2015 reform).
        VisaExempt => "VISA_EXEMPT",
    }
);

coded_enum!(
    /// What a change records, as the timeline shows it.
    ReturnAidAction {
        /// OFII opened the file.
        Request => "REQUEST",
        /// OFII decided the eligibility.
        DecideEligibility => "DECIDE_ELIGIBILITY",
        /// OFII booked (or moved) the departure.
        BookDeparture => "BOOK_DEPARTURE",
        /// OFII recorded the departure, paying the allowance.
        RecordDeparture => "RECORD_DEPARTURE",
        /// The person gave up the aid.
        Withdraw => "WITHDRAW",
    }
);

/// The facts the agent records to decide the eligibility.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// The nationality, an ISO 3166-1 alpha-2 code ("DZ"), upper case.
    pub nationality: String,
    /// Whole months the person has been in France.
    pub months_in_france: u32,
    /// The administrative situation.
    pub situation: Situation,
    /// The country group of the nationality, for the allowance.
    pub country_group: CountryGroup,
    /// The household leaving together.
    pub household: Household,
}

impl Facts {
    /// Normalises the nationality (trimmed, upper case) and checks it is two letters.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] on `nationality`.
    pub fn new(
        nationality: &str,
        months_in_france: u32,
        situation: Situation,
        country_group: CountryGroup,
        household: Household,
    ) -> Result<Self, Error> {
        let nationality = nationality.trim().to_ascii_uppercase();
        if nationality.len() != 2 || !nationality.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(Error::invalid("nationality", "an ISO 3166-1 alpha-2 country code such as \"DZ\""));
        }
        Ok(Self { nationality, months_in_france, situation, country_group, household })
    }
}

/// The eligibility rules in force from a date: catalogue data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EligibilityRules {
    /// The first day they apply.
    pub effective_from: NaiveDate,
    /// The minimum stay in France, in whole months.
    pub min_months_in_france: u32,
    /// The nationalities excluded (EU, EEA, Switzerland), ISO alpha-2 codes.
    pub excluded_nationalities: Vec<String>,
}

/// The allowance's amounts for one country group, in force from a date: catalogue data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllowanceRates {
    /// The first day they apply.
    pub effective_from: NaiveDate,
    /// The country group.
    pub group: CountryGroup,
    /// Cents per adult.
    pub per_adult_cents: u32,
    /// Cents per child.
    pub per_child_cents: u32,
}

/// The version in force on `day` among dated versions: the latest one not after `day`.
pub fn in_force<T>(versions: &[T], day: NaiveDate, from: impl Fn(&T) -> NaiveDate) -> Option<&T> {
    versions.iter().filter(|v| from(v) <= day).max_by_key(|v| from(v))
}

/// Decides the eligibility from the facts, the rules in force, the file's territory and whether the person was
/// ever helped before (`already_received`, answered by storage). Pure. `Ok(())` when eligible, otherwise every
/// failed criterion, in the order of [`Ineligibility::ALL`].
///
/// # Errors
/// The failed criteria (never empty).
pub fn eligibility(
    facts: &Facts,
    rules: &EligibilityRules,
    territory: &Territory,
    already_received: bool,
) -> Result<(), Vec<Ineligibility>> {
    let mut failed = Vec::new();
    if rules.excluded_nationalities.iter().any(|n| n.eq_ignore_ascii_case(&facts.nationality)) {
        failed.push(Ineligibility::EuropeanNational);
    }
    if facts.months_in_france < rules.min_months_in_france {
        failed.push(Ineligibility::StayTooShort);
    }
    if facts.situation == Situation::LawfulStay {
        failed.push(Ineligibility::SituationNotCovered);
    }
    if territory.as_str() == MAYOTTE {
        failed.push(Ineligibility::Mayotte);
    }
    if already_received {
        failed.push(Ineligibility::AlreadyReceived);
    }
    if failed.is_empty() { Ok(()) } else { Err(failed) }
}

/// The allowance in cents for `household` of `group` on `day`, from the dated rates; `None` when the catalogue
/// has no rates in force for the group that day. Pure.
pub fn allowance_cents(
    rates: &[AllowanceRates],
    group: CountryGroup,
    household: Household,
    day: NaiveDate,
) -> Option<u64> {
    let group_rates: Vec<_> = rates.iter().copied().filter(|r| r.group == group).collect();
    let r = in_force(&group_rates, day, |r| r.effective_from)?;
    Some(
        u64::from(r.per_adult_cents) * u64::from(household.adults())
            + u64::from(r.per_child_cents) * u64::from(household.children()),
    )
}

/// The outcome of an eligibility decision, as the file records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Eligible, with the allowance computed that day, in cents.
    Eligible {
        /// The allowance granted, paid at departure.
        allowance_cents: u64,
    },
    /// Not eligible, with every failed criterion.
    Ineligible(Vec<Ineligibility>),
}

/// Decides eligibility and computes the allowance in one pure step, with the catalogue versions in force on
/// `day`.
///
/// # Errors
/// [`Error::Precondition`] when the catalogue has no rules or no rates in force on `day`.
pub fn decide(
    facts: &Facts,
    rules: &[EligibilityRules],
    rates: &[AllowanceRates],
    territory: &Territory,
    already_received: bool,
    day: NaiveDate,
) -> Result<Decision, Error> {
    let rules = in_force(rules, day, |r| r.effective_from)
        .ok_or_else(|| Error::Precondition { reason: "the catalogue has no return-aid rules in force".into() })?;
    match eligibility(facts, rules, territory, already_received) {
        Err(reasons) => Ok(Decision::Ineligible(reasons)),
        Ok(()) => allowance_cents(rates, facts.country_group, facts.household, day)
            .map(|allowance_cents| Decision::Eligible { allowance_cents })
            .ok_or_else(|| Error::Precondition {
                reason: format!("the catalogue has no return-aid rates for {}", facts.country_group.code()),
            }),
    }
}

/// A step of the state machine, with what it records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The eligibility decision, computed by [`decide`], with the facts it was decided on.
    DecideEligibility {
        /// The facts.
        facts: Facts,
        /// The outcome.
        decision: Decision,
    },
    /// Book (or move) the departure to a day not in the past.
    BookDeparture(NaiveDate),
    /// The person left on a day not in the future; the allowance is paid.
    RecordDeparture(NaiveDate),
    /// The person gives up the aid.
    Withdraw,
}

impl Step {
    /// The action the step records.
    pub const fn action(&self) -> ReturnAidAction {
        match self {
            Self::DecideEligibility { .. } => ReturnAidAction::DecideEligibility,
            Self::BookDeparture(_) => ReturnAidAction::BookDeparture,
            Self::RecordDeparture(_) => ReturnAidAction::RecordDeparture,
            Self::Withdraw => ReturnAidAction::Withdraw,
        }
    }
}

/// Whether `action` may follow `status` (the lifecycle, in one table).
pub const fn permits(status: ReturnAidStatus, action: ReturnAidAction) -> bool {
    use ReturnAidAction as A;
    use ReturnAidStatus as S;
    matches!(
        (status, action),
        (S::Requested, A::DecideEligibility)
            | (S::Eligible | S::DepartureBooked, A::BookDeparture)
            | (S::DepartureBooked, A::RecordDeparture)
            | (S::Requested | S::Eligible | S::DepartureBooked, A::Withdraw)
    )
}

/// One change of a file, for its timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnAidEvent {
    /// The file.
    pub file: ReturnAidFileId,
    /// The file's version right after the change (1 for the request).
    pub sequence: u32,
    /// What was recorded.
    pub action: ReturnAidAction,
    /// Who.
    pub actor: ActorRef,
    /// When.
    pub at: DateTime<Utc>,
}

/// The parts of a file as storage would keep them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnAidFileParts {
    /// Id.
    pub id: ReturnAidFileId,
    /// The applicant.
    pub person: PersonId,
    /// The OFII direction's département.
    pub territory: Territory,
    /// Version (1 at the request, one more per change).
    pub version: u32,
    /// Status.
    pub status: ReturnAidStatus,
    /// When the file was opened.
    pub requested_at: DateTime<Utc>,
    /// The facts of the eligibility decision, once decided.
    pub facts: Option<Facts>,
    /// The allowance granted, in cents, once eligible.
    pub allowance_cents: Option<u64>,
    /// Why the person is not eligible (empty unless INELIGIBLE).
    pub ineligibility: Vec<Ineligibility>,
    /// The booked departure day.
    pub departure_on: Option<NaiveDate>,
    /// The day the person left (the allowance paid).
    pub departed_on: Option<NaiveDate>,
}

/// A person's return-aid file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnAidFile(ReturnAidFileParts);

impl ReturnAidFile {
    /// OFII opens a file for `person` in its direction `territory`. Returns the file and its first event.
    ///
    /// # Errors
    /// [`Error::NotAllowed`] unless `actor` is an OFII agent of `territory`.
    pub fn request(
        id: ReturnAidFileId,
        person: PersonId,
        territory: Territory,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(Self, ReturnAidEvent), Error> {
        if !policy::may_manage(actor, &territory) {
            return Err(Error::NotAllowed { action: "open a return-aid file in", entity: "territory" });
        }
        let file = Self(ReturnAidFileParts {
            id,
            person,
            territory,
            version: 1,
            status: ReturnAidStatus::Requested,
            requested_at: now,
            facts: None,
            allowance_cents: None,
            ineligibility: Vec::new(),
            departure_on: None,
            departed_on: None,
        });
        let event = file.event(ReturnAidAction::Request, actor, now);
        Ok((file, event))
    }

    fn event(&self, action: ReturnAidAction, actor: &Actor, at: DateTime<Utc>) -> ReturnAidEvent {
        ReturnAidEvent { file: self.0.id, sequence: self.0.version, action, actor: ActorRef::of(actor), at }
    }

    /// Applies `step` by `actor` at `now`. On error the file is unchanged.
    ///
    /// # Errors
    /// [`Error::NotAllowed`] unless `actor` is an OFII agent of the direction; [`Error::Precondition`] when the
    /// step cannot follow the status; [`Error::InvalidInput`] for a departure booked in the past, recorded in
    /// the future or before the file was opened, or an ineligible decision without reasons.
    pub fn apply(&mut self, actor: &Actor, step: Step, now: DateTime<Utc>) -> Result<ReturnAidEvent, Error> {
        if !policy::may_manage(actor, &self.0.territory) {
            return Err(Error::NotAllowed { action: "change", entity: "return-aid file" });
        }
        let action = step.action();
        self.ensure_permits(action)?;
        let today = crate::clock::france_date(now);
        let mut next = self.0.clone();
        match step {
            Step::DecideEligibility { facts, decision } => {
                match decision {
                    Decision::Eligible { allowance_cents } => {
                        next.allowance_cents = Some(allowance_cents);
                        next.status = ReturnAidStatus::Eligible;
                    }
                    Decision::Ineligible(reasons) => {
                        if reasons.is_empty() {
                            return Err(Error::invalid("decision", "an ineligible decision names its reasons"));
                        }
                        next.ineligibility = reasons;
                        next.status = ReturnAidStatus::Ineligible;
                    }
                }
                next.facts = Some(facts);
            }
            Step::BookDeparture(on) => {
                if on < today {
                    return Err(Error::invalid("departureOn", "a departure today or later"));
                }
                next.departure_on = Some(on);
                next.status = ReturnAidStatus::DepartureBooked;
            }
            Step::RecordDeparture(on) => {
                if on > today || on < crate::clock::france_date(next.requested_at) {
                    return Err(Error::invalid("departedOn", "a day between the request and today"));
                }
                next.departed_on = Some(on);
                next.status = ReturnAidStatus::Departed;
            }
            Step::Withdraw => next.status = ReturnAidStatus::Withdrawn,
        }
        next.version += 1;
        self.0 = next;
        Ok(self.event(action, actor, now))
    }

    /// Whether `action` may follow the file's status.
    ///
    /// # Errors
    /// [`Error::Precondition`] when it may not, saying why.
    pub fn ensure_permits(&self, action: ReturnAidAction) -> Result<(), Error> {
        if permits(self.0.status, action) {
            Ok(())
        } else {
            Err(Error::Precondition {
                reason: format!("a {} return-aid file cannot take {}", self.0.status.code(), action.code()),
            })
        }
    }

    /// Rebuilds a stored file, checking that its parts agree with its status (what storage holds was written by
    /// [`ReturnAidFile::apply`]; a disagreement is corruption, not a state).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the part that disagrees.
    pub fn restore(parts: ReturnAidFileParts) -> Result<Self, Error> {
        use ReturnAidStatus as S;
        let decided = !matches!(parts.status, S::Requested | S::Withdrawn);
        if decided && parts.facts.is_none() {
            return Err(Error::invalid("facts", format!("a {} file has its facts", parts.status.code())));
        }
        let granted = matches!(parts.status, S::Eligible | S::DepartureBooked | S::Departed);
        if granted != parts.allowance_cents.is_some() && parts.status != S::Withdrawn {
            return Err(Error::invalid(
                "allowance",
                format!("a {} file and its allowance disagree", parts.status.code()),
            ));
        }
        if (parts.status == S::Ineligible) == parts.ineligibility.is_empty() {
            return Err(Error::invalid("ineligibility", "reasons exactly for an ineligible file"));
        }
        if matches!(parts.status, S::DepartureBooked | S::Departed) && parts.departure_on.is_none() {
            return Err(Error::invalid("departureOn", "a booked departure has its day"));
        }
        if (parts.status == S::Departed) != parts.departed_on.is_some() {
            return Err(Error::invalid("departedOn", "a departure day exactly for a departed file"));
        }
        if parts.version == 0 {
            return Err(Error::invalid("version", "at least 1"));
        }
        Ok(Self(parts))
    }

    /// Whether the file is still open (requested, eligible, departure booked): one open file per person.
    pub const fn is_open(&self) -> bool {
        matches!(
            self.0.status,
            ReturnAidStatus::Requested | ReturnAidStatus::Eligible | ReturnAidStatus::DepartureBooked
        )
    }

    /// Id.
    pub const fn id(&self) -> ReturnAidFileId {
        self.0.id
    }

    /// The applicant.
    pub const fn person(&self) -> PersonId {
        self.0.person
    }

    /// The OFII direction's département.
    pub const fn territory(&self) -> &Territory {
        &self.0.territory
    }

    /// Version.
    pub const fn version(&self) -> u32 {
        self.0.version
    }

    /// Status.
    pub const fn status(&self) -> ReturnAidStatus {
        self.0.status
    }

    /// When the file was opened.
    pub const fn requested_at(&self) -> DateTime<Utc> {
        self.0.requested_at
    }

    /// The facts of the eligibility decision.
    pub const fn facts(&self) -> Option<&Facts> {
        self.0.facts.as_ref()
    }

    /// The allowance granted, in cents.
    pub const fn allowance_cents(&self) -> Option<u64> {
        self.0.allowance_cents
    }

    /// Whether the allowance has been paid (at departure).
    pub const fn allowance_paid(&self) -> bool {
        self.0.departed_on.is_some()
    }

    /// Why the person is not eligible.
    pub fn ineligibility(&self) -> &[Ineligibility] {
        &self.0.ineligibility
    }

    /// The booked departure day.
    pub const fn departure_on(&self) -> Option<NaiveDate> {
        self.0.departure_on
    }

    /// The day the person left.
    pub const fn departed_on(&self) -> Option<NaiveDate> {
        self.0.departed_on
    }

    /// Whether this file counts as aid received, for the "only once" rule: the person was found eligible and did
    /// not withdraw before leaving (a booked departure counts, so two files cannot both be paid).
    pub const fn counts_as_received(&self) -> bool {
        matches!(
            self.0.status,
            ReturnAidStatus::Eligible | ReturnAidStatus::DepartureBooked | ReturnAidStatus::Departed
        )
    }
}
