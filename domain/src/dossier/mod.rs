//! The dossier: one application by a person for one procedure. A person may have several at once.
//!
//! The lifecycle is a state machine ([`DossierStatus::after`] is its whole transition table) and every
//! accepted transition yields exactly one [`DossierEvent`] — with its actor, time and reason — that storage
//! commits together with the new state. A refused transition is a typed [`crate::Error`] and changes nothing.
//! Who may trigger what is [`policy`]; the use cases that tie ports, policy and state machine are [`commands`].

pub mod clocks;
pub mod commands;
mod decision;
mod document;
mod event;
mod lifecycle;
pub mod policy;
mod reference;
mod repository;
mod status;
mod work_queue;

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

pub use decision::{AppealRoute, Decision, DecisionInput, DecisionKind};
pub use document::{
    DocumentFile, DocumentId, DocumentRequest, DocumentRequestId, DocumentType, MAX_DOCUMENT_BYTES, MEDIA_TYPES,
    Review, SupportingDocument,
};
pub use event::{ActorRef, DossierEvent, DossierEventKind};
pub use reference::DossierReference;
pub use repository::{DossierChange, DossierRepository};
pub use status::{DossierAction, DossierStatus};
pub use work_queue::{QueueCursor, WorkQueueFilter};

use crate::person::PersonId;
use crate::procedure::{Authority, ProcedureKey};
use crate::territory::Territory;
use crate::{Actor, Error};

/// A dossier's internal identifier (UUID v7: ordering by id is ordering by creation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DossierId(Uuid);

impl DossierId {
    /// Wraps a UUID minted by the caller.
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The underlying UUID.
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

/// How the dossier reached the administration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// Filed online by the person.
    Online,
    /// Filed at a prefecture desk by an agent on the person's behalf — the substitute channel the Conseil
    /// d'État requires when the online service cannot be used. Same state machine as online.
    Desk,
    /// Filed online by a mandatary (lawyer, association, guardian, relative) acting for the person under a
    /// mandate with the `Act` scope. Same state machine as online.
    Mandatary,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Self; 3] = [Self::Online, Self::Desk, Self::Mandatary];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Online => "ONLINE",
            Self::Desk => "DESK",
            Self::Mandatary => "MANDATARY",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// The parts of a dossier as storage keeps them; [`Dossier::restore`] re-checks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierParts {
    /// Id.
    pub id: DossierId,
    /// Human-readable reference.
    pub reference: DossierReference,
    /// The applicant.
    pub person: PersonId,
    /// The catalogue version filed under.
    pub procedure: ProcedureKey,
    /// Who instructs it, as that catalogue version says.
    pub authority: Authority,
    /// Whether that catalogue version needs the opinion of OFII's medical college (carried, like the authority,
    /// so that OFII's doctors and agents see these dossiers without a join at every read).
    pub medical_opinion_needed: bool,
    /// How it was filed.
    pub channel: Channel,
    /// The département in charge.
    pub territory: Territory,
    /// Where it stands.
    pub status: DossierStatus,
    /// Optimistic-concurrency version: 1 at creation, +1 per event.
    pub version: u32,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Time of the last event.
    pub updated_at: DateTime<Utc>,
    /// The situations the person declared (`HOSTED`, `MARRIED`…): they select the documents needed.
    pub situations: Vec<String>,
    /// The answers of the form, by field name (sorted, unique).
    pub answers: Vec<(String, String)>,
    /// When it was first filed.
    pub filed_at: Option<DateTime<Utc>>,
    /// The day it was declared complete: the silence clock runs from it.
    pub complete_on: Option<NaiveDate>,
    /// The silence date, from the complete date and the catalogue version's rule.
    pub silence_on: Option<NaiveDate>,
    /// For a renewal: the last day of the document being renewed, as it stood at filing.
    pub renewed_until: Option<NaiveDate>,
    /// The last day covered by the extension certificates issued so far.
    pub extended_until: Option<NaiveDate>,
    /// Whether the external opinion the procedure needs was received.
    pub opinion_received: bool,
    /// When the person asked for the reasons of an implicit refusal: the last day to answer.
    pub reasons_due_on: Option<NaiveDate>,
    /// When the reasons were communicated.
    pub reasons_communicated_at: Option<DateTime<Utc>>,
    /// Whether the person was flagged vulnerable (minor, protected adult, health, no digital access…).
    pub vulnerable: bool,
    /// The instructor it is assigned to (their id at the agents' identity provider).
    pub assigned_to: Option<String>,
}

/// An application, with its current state. Mutated only through its transitions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dossier(DossierParts);

impl Dossier {
    /// Rehydrates a stored dossier.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the stored parts break an invariant (version 0, update before creation).
    pub fn restore(parts: DossierParts) -> Result<Self, Error> {
        if parts.version == 0 {
            return Err(Error::invalid("version", "a stored dossier has version 1 or more"));
        }
        if parts.updated_at < parts.created_at {
            return Err(Error::invalid("updatedAt", "a dossier cannot change before it was created"));
        }
        Ok(Self(parts))
    }

    /// The id.
    pub const fn id(&self) -> DossierId {
        self.0.id
    }

    /// The reference shown to people.
    pub const fn reference(&self) -> &DossierReference {
        &self.0.reference
    }

    /// The applicant.
    pub const fn person(&self) -> PersonId {
        self.0.person
    }

    /// The catalogue version filed under.
    pub const fn procedure(&self) -> &ProcedureKey {
        &self.0.procedure
    }

    /// Who instructs it.
    pub const fn authority(&self) -> Authority {
        self.0.authority
    }

    /// Whether the decision needs the opinion of OFII's medical college (sick foreigner).
    pub const fn needs_medical_opinion(&self) -> bool {
        self.0.medical_opinion_needed
    }

    /// How it was filed.
    pub const fn channel(&self) -> Channel {
        self.0.channel
    }

    /// The département in charge.
    pub const fn territory(&self) -> &Territory {
        &self.0.territory
    }

    /// The current state.
    pub const fn status(&self) -> DossierStatus {
        self.0.status
    }

    /// The optimistic-concurrency version.
    pub const fn version(&self) -> u32 {
        self.0.version
    }

    /// Creation time.
    pub const fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// Time of the last event.
    pub const fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    /// The situations the person declared.
    pub fn situations(&self) -> &[String] {
        &self.0.situations
    }

    /// The form's answers, sorted by field.
    pub fn answers(&self) -> &[(String, String)] {
        &self.0.answers
    }

    /// When it was first filed.
    pub const fn filed_at(&self) -> Option<DateTime<Utc>> {
        self.0.filed_at
    }

    /// The complete date.
    pub const fn complete_on(&self) -> Option<NaiveDate> {
        self.0.complete_on
    }

    /// The silence date (set once the file is complete).
    pub const fn silence_on(&self) -> Option<NaiveDate> {
        self.0.silence_on
    }

    /// For a renewal: the last day of the document being renewed.
    pub const fn renewed_until(&self) -> Option<NaiveDate> {
        self.0.renewed_until
    }

    /// The last day covered by extension certificates so far.
    pub const fn extended_until(&self) -> Option<NaiveDate> {
        self.0.extended_until
    }

    /// Whether the external opinion was received.
    pub const fn opinion_received(&self) -> bool {
        self.0.opinion_received
    }

    /// The last day to communicate the reasons of an implicit refusal, once asked.
    pub const fn reasons_due_on(&self) -> Option<NaiveDate> {
        self.0.reasons_due_on
    }

    /// When the reasons were communicated.
    pub const fn reasons_communicated_at(&self) -> Option<DateTime<Utc>> {
        self.0.reasons_communicated_at
    }

    /// Whether the person was flagged vulnerable.
    pub const fn vulnerable(&self) -> bool {
        self.0.vulnerable
    }

    /// The instructor it is assigned to.
    pub fn assigned_to(&self) -> Option<&str> {
        self.0.assigned_to.as_deref()
    }

    /// The last day the holder of the renewed document is covered: by that document or by the extension
    /// certificates issued since.
    pub fn covered_until(&self) -> Option<NaiveDate> {
        match (self.0.renewed_until, self.0.extended_until) {
            (Some(renewed), Some(extended)) => Some(renewed.max(extended)),
            (renewed, extended) => renewed.or(extended),
        }
    }

    /// Whether this is a renewal filed in time (before the renewed document expired), so that extension
    /// certificates keep its holder's rights while the complete file awaits decision.
    pub fn renewal_filed_in_time(&self) -> bool {
        match (self.0.renewed_until, self.0.filed_at) {
            (Some(until), Some(filed)) => crate::clock::france_date(filed) <= until,
            _ => false,
        }
    }

    /// The first day HIPE's clock job must look at this dossier again (the silence date, the next extension
    /// certificate), or `None` when no clock runs.
    pub fn next_clock_on(&self) -> Option<NaiveDate> {
        if !self.0.status.awaits_decision() {
            return None;
        }
        let extension =
            self.renewal_filed_in_time().then(|| self.covered_until().map(clocks::extension_issue_on)).flatten();
        [self.0.silence_on, extension].into_iter().flatten().min()
    }

    /// The date that orders the work queue by legal risk: the nearest legal deadline (the silence date, the end
    /// of the person's current cover, the answer to a request for reasons), a nominal instruction target for a
    /// filed dossier without one, brought forward for a vulnerable person. `NaiveDate::MAX` for a draft or a
    /// closed dossier.
    pub fn attention_on(&self) -> NaiveDate {
        let Some(filed) = self.0.filed_at else { return NaiveDate::MAX };
        if matches!(self.0.status, DossierStatus::PermitDelivered | DossierStatus::Refused | DossierStatus::Withdrawn) {
            return NaiveDate::MAX;
        }
        let waiting = self.0.status.is_open();
        let reasons = self.0.reasons_communicated_at.is_none().then_some(self.0.reasons_due_on).flatten();
        let deadlines = [
            self.0.status.awaits_decision().then_some(self.0.silence_on).flatten(),
            waiting.then(|| self.covered_until()).flatten(),
            reasons,
        ];
        let nearest = deadlines
            .into_iter()
            .flatten()
            .min()
            .unwrap_or_else(|| clocks::add_days(crate::clock::france_date(filed), clocks::INSTRUCTION_TARGET_DAYS));
        if self.0.vulnerable { clocks::sub_days(nearest, clocks::VULNERABILITY_ADVANCE_DAYS) } else { nearest }
    }
}

/// What a new dossier is made of; ids are minted by the caller (randomness comes from outside).
#[derive(Debug, Clone)]
pub struct NewDossier {
    /// A fresh UUID v7.
    pub id: DossierId,
    /// A fresh reference.
    pub reference: DossierReference,
    /// The applicant.
    pub person: PersonId,
    /// The catalogue version in force today.
    pub procedure: ProcedureKey,
    /// Who instructs it, from that version.
    pub authority: Authority,
    /// Whether that version needs the opinion of OFII's medical college.
    pub medical_opinion_needed: bool,
    /// The département in charge.
    pub territory: Territory,
    /// Whether the person is flagged vulnerable from the start (an agent filing at the desk may say so).
    pub vulnerable: bool,
}

impl Dossier {
    /// Opens a draft for `new.person`. The channel follows from the actor: online for the person themself,
    /// desk for a prefecture agent of the territory filing on their behalf, mandatary for someone acting under a
    /// mandate with the `Act` scope.
    ///
    /// # Errors
    /// [`Error::NotAllowed`] when the actor may not open a dossier for this person in this territory.
    pub fn start(new: NewDossier, actor: &Actor, now: DateTime<Utc>) -> Result<(Self, DossierEvent), Error> {
        let channel = policy::channel_for_start(actor, new.person, &new.territory)
            .ok_or(Error::NotAllowed { action: "start a dossier for", entity: "person" })?;
        let dossier = Self(DossierParts {
            id: new.id,
            reference: new.reference,
            person: new.person,
            procedure: new.procedure,
            authority: new.authority,
            medical_opinion_needed: new.medical_opinion_needed,
            channel,
            territory: new.territory,
            status: DossierStatus::Draft,
            version: 1,
            created_at: now,
            updated_at: now,
            situations: Vec::new(),
            answers: Vec::new(),
            filed_at: None,
            complete_on: None,
            silence_on: None,
            renewed_until: None,
            extended_until: None,
            opinion_received: false,
            reasons_due_on: None,
            reasons_communicated_at: None,
            vulnerable: new.vulnerable,
            assigned_to: None,
        });
        let event = DossierEvent {
            dossier: dossier.id(),
            sequence: 1,
            kind: DossierEventKind::Started,
            actor: ActorRef::of(actor),
            at: now,
            reason: None,
            details: Vec::new(),
        };
        Ok((dossier, event))
    }
}

#[cfg(test)]
pub(crate) mod tests;
