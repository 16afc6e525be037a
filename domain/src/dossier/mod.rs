//! The dossier: one application by a person for one procedure. A person may have several at once.
//!
//! The lifecycle is a state machine ([`DossierStatus::after`] is its whole transition table) and every
//! accepted transition yields exactly one [`DossierEvent`] — with its actor, time and reason — that storage
//! commits together with the new state. A refused transition is a typed [`crate::Error`] and changes nothing.
//! Who may trigger what is [`policy`]; the use cases that tie ports, policy and state machine are [`commands`].

pub mod commands;
mod event;
pub mod policy;
mod reference;
mod repository;
mod status;

use chrono::{DateTime, Utc};
use uuid::Uuid;

pub use event::{ActorRef, DossierEvent, DossierEventKind};
pub use reference::DossierReference;
pub use repository::DossierRepository;
pub use status::{DossierAction, DossierStatus};

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

    /// Submits the dossier (`draft → submitted`).
    ///
    /// # Errors
    /// [`Error::NotAllowed`] when the actor may not submit it; [`Error::InvalidTransition`] from any state but
    /// draft. Either way the dossier is unchanged.
    pub fn submit(&mut self, actor: &Actor, now: DateTime<Utc>) -> Result<DossierEvent, Error> {
        self.transition(actor, DossierAction::Submit, now, None)
    }

    /// Withdraws the dossier (`any open state → withdrawn`); only the person may.
    ///
    /// # Errors
    /// As [`Dossier::submit`].
    pub fn withdraw(
        &mut self,
        actor: &Actor,
        now: DateTime<Utc>,
        reason: Option<String>,
    ) -> Result<DossierEvent, Error> {
        self.transition(actor, DossierAction::Withdraw, now, reason)
    }

    fn transition(
        &mut self,
        actor: &Actor,
        action: DossierAction,
        now: DateTime<Utc>,
        reason: Option<String>,
    ) -> Result<DossierEvent, Error> {
        if !policy::may(actor, action, self) {
            return Err(Error::NotAllowed { action: action.verb(), entity: "dossier" });
        }
        let to = self.0.status.after(action).ok_or(Error::InvalidTransition { from: self.0.status, action })?;
        let at = now.max(self.0.updated_at);
        self.0.status = to;
        self.0.version += 1;
        self.0.updated_at = at;
        Ok(DossierEvent {
            dossier: self.0.id,
            sequence: self.0.version,
            kind: DossierEventKind::from(action),
            actor: ActorRef::of(actor),
            at,
            reason,
        })
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
        });
        let event = DossierEvent {
            dossier: dossier.id(),
            sequence: 1,
            kind: DossierEventKind::Started,
            actor: ActorRef::of(actor),
            at: now,
            reason: None,
        };
        Ok((dossier, event))
    }
}

#[cfg(test)]
pub(crate) mod tests;
