//! Message threads per dossier: the person (or their mandatary) and the services instructing the dossier write
//! to each other, in writing and with a date — what today goes through unanswered e-mail boxes and phone lines.
//!
//! - Who may read and post is who may view the dossier ([`crate::dossier::policy::can_view`]): the person, their
//!   mandataries (posting needs the `Act` scope), prefecture agents of the territory, and OFII agents on the
//!   dossiers they can view. Auditors, partners and strangers see no thread.
//! - An agent's message is shown by the agent's role and organisation, never by their name (the agent's id is
//!   kept for audit only): the person deals with a service, and agents are protected from harassment.
//! - Each message records when the *other side* read it ([`Side`]): applicant messages are read by the
//!   administration, administration messages by the applicant.

pub mod commands;
mod repository;

use chrono::{DateTime, Utc};
use uuid::Uuid;

pub use repository::MessageRepository;

use crate::dossier::{ActorRef, Dossier, DossierId, policy as dossier_policy};
use crate::person::PersonId;
use crate::{Actor, Error};

/// The longest message, in characters.
pub const MAX_BODY_CHARS: usize = 5000;

/// A message's id (UUID v7: ordering by id is ordering by time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessageId(Uuid);

impl MessageId {
    /// Wraps a UUID minted by the caller.
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The underlying UUID.
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

/// A message's text: 1 to [`MAX_BODY_CHARS`] characters, not only white space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageBody(String);

impl MessageBody {
    /// Parses a message's text (kept as written; only its length and emptiness are checked).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty text or one over [`MAX_BODY_CHARS`] characters.
    pub fn parse(text: &str) -> Result<Self, Error> {
        if text.trim().is_empty() || text.chars().count() > MAX_BODY_CHARS {
            return Err(Error::invalid("body", format!("between 1 and {MAX_BODY_CHARS} characters")));
        }
        Ok(Self(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The two sides of a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The person and their mandataries.
    Applicant,
    /// The services: prefecture and OFII agents.
    Administration,
}

impl Side {
    /// The side `actor` writes from, if any.
    pub const fn of(actor: &Actor) -> Option<Self> {
        match actor {
            Actor::Person(_) | Actor::Mandatary(_) => Some(Self::Applicant),
            Actor::Agent(_) => Some(Self::Administration),
            Actor::Anonymous | Actor::Partner(_) => None,
        }
    }

    /// The other side.
    #[must_use]
    pub const fn other(self) -> Self {
        match self {
            Self::Applicant => Self::Administration,
            Self::Administration => Self::Applicant,
        }
    }
}

/// Whether `actor` may read the thread of `dossier`.
pub fn can_read(actor: &Actor, dossier: &Dossier) -> bool {
    Side::of(actor).is_some() && dossier_policy::can_view(actor, dossier)
}

/// Whether `actor`, who may view a dossier, reads its thread: anyone on a side (auditors and partners see no
/// dossier in the first place). For the API, which checked the dossier's visibility already — with the caller's
/// mandates — and must not load them again for every dossier of a list.
pub const fn can_read_visible_thread(actor: &Actor) -> bool {
    Side::of(actor).is_some()
}

/// Whether `actor` may post on the thread of `dossier`: a reader, and a mandatary only with the `Act` scope.
pub fn may_post(actor: &Actor, dossier: &Dossier) -> bool {
    can_read(actor, dossier)
        && match actor {
            Actor::Mandatary(mandatary) => mandatary.scope.may_act(),
            Actor::Person(_) | Actor::Agent(_) | Actor::Anonymous | Actor::Partner(_) => true,
        }
}

/// The parts of a message as storage keeps them; [`Message::restore`] re-checks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageParts {
    /// Id.
    pub id: MessageId,
    /// The dossier's thread.
    pub dossier: DossierId,
    /// The dossier's person (whose data it is, for the journal).
    pub person: PersonId,
    /// Who wrote it.
    pub author: ActorRef,
    /// What.
    pub body: MessageBody,
    /// When it was sent.
    pub sent_at: DateTime<Utc>,
    /// When the other side read it.
    pub read_at: Option<DateTime<Utc>>,
}

/// A message of a dossier's thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message(MessageParts);

impl Message {
    /// Posts a message on `dossier`'s thread at `now`.
    ///
    /// # Errors
    /// [`Error::NotAllowed`] when the actor may not post on it.
    pub fn send(
        id: MessageId,
        dossier: &Dossier,
        body: MessageBody,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Self, Error> {
        if !may_post(actor, dossier) {
            return Err(Error::NotAllowed { action: "write on", entity: "dossier" });
        }
        Self::restore(MessageParts {
            id,
            dossier: dossier.id(),
            person: dossier.person(),
            author: ActorRef::of(actor),
            body,
            sent_at: now,
            read_at: None,
        })
    }

    /// Rehydrates a stored message.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when it was read before it was sent, or its author can be on no side.
    pub fn restore(parts: MessageParts) -> Result<Self, Error> {
        if parts.read_at.is_some_and(|read| read < parts.sent_at) {
            return Err(Error::invalid("readAt", "a message cannot be read before it is sent"));
        }
        if side_of_author(&parts.author).is_none() {
            return Err(Error::invalid("author", "only the applicant's side or the administration writes"));
        }
        Ok(Self(parts))
    }

    /// The id.
    pub const fn id(&self) -> MessageId {
        self.0.id
    }

    /// The dossier.
    pub const fn dossier(&self) -> DossierId {
        self.0.dossier
    }

    /// The dossier's person.
    pub const fn person(&self) -> PersonId {
        self.0.person
    }

    /// Who wrote it.
    pub const fn author(&self) -> &ActorRef {
        &self.0.author
    }

    /// The side it was written from.
    pub fn side(&self) -> Side {
        side_of_author(&self.0.author).unwrap_or(Side::Administration)
    }

    /// What.
    pub const fn body(&self) -> &MessageBody {
        &self.0.body
    }

    /// When it was sent.
    pub const fn sent_at(&self) -> DateTime<Utc> {
        self.0.sent_at
    }

    /// When the other side read it.
    pub const fn read_at(&self) -> Option<DateTime<Utc>> {
        self.0.read_at
    }
}

fn side_of_author(author: &ActorRef) -> Option<Side> {
    match author {
        ActorRef::Person | ActorRef::Mandatary { .. } => Some(Side::Applicant),
        ActorRef::Agent { .. } => Some(Side::Administration),
        ActorRef::System | ActorRef::Partner { .. } => None,
    }
}

#[cfg(test)]
mod tests;
