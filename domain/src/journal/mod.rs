//! The access journal: every read or write of a person's data by an agent or a partner application is recorded —
//! who (role, or `partner`; organisation; agent id or client id), what (read or write, which operation), whose
//! data, under which request, when.
//!
//! Rows are only ever appended: the port has no update and no delete. A write's row commits in the same
//! transaction as the write (the repositories take the records along); reads are recorded once per request and
//! person, before the answer leaves the server — an answer whose reads cannot be journaled is not sent.
//! Auditors search the journal; a person sees which organisation and role accessed their file and when, never
//! the agent's identity.

mod repository;

use chrono::{DateTime, Utc};
use uuid::Uuid;

pub use repository::{AccessJournal, JournalFilter};

use crate::person::PersonId;
use crate::{Actor, AgentRole};

/// An entry's id (UUID v7: ordering by id is ordering by time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccessId(Uuid);

impl AccessId {
    /// Wraps a UUID minted by the caller.
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The underlying UUID.
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

/// Read or write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccessKind {
    /// The person's data was shown.
    Read,
    /// The person's data was changed.
    Write,
}

impl AccessKind {
    /// Both kinds.
    pub const ALL: [Self; 2] = [Self::Read, Self::Write];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Read => "READ",
            Self::Write => "WRITE",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// In which capacity someone accessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessorRole {
    /// An agent, in a role.
    Agent(AgentRole),
    /// A partner application.
    Partner,
}

impl AccessorRole {
    /// The stable code: the agent role's code, or `partner`.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Agent(role) => role.code(),
            Self::Partner => "partner",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        if code == "partner" { Some(Self::Partner) } else { AgentRole::parse(code).map(Self::Agent) }
    }
}

/// Who accessed, as journaled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accessor {
    /// The agent's id at their identity provider, or the partner's client id (auditors only).
    pub id: String,
    /// In which capacity.
    pub role: AccessorRole,
    /// The organisation (for a partner, its name).
    pub organisation: String,
}

impl Accessor {
    /// The accessor to journal for `actor` — agents and partners — or `None` when the law does not ask for it: the
    /// person reading their own file, and anonymous callers (who can read no personal data at all).
    pub fn of(actor: &Actor) -> Option<Self> {
        match actor {
            Actor::Agent(agent) => Some(Self {
                id: agent.id.clone(),
                role: AccessorRole::Agent(agent.role),
                organisation: agent.organisation.clone(),
            }),
            Actor::Partner(partner) => Some(Self {
                id: partner.client_id.as_str().to_owned(),
                role: AccessorRole::Partner,
                organisation: partner.name.clone(),
            }),
            // The person and their mandataries are not journaled: the journal is for agents and partners;
            // a mandatary's writes are in the dossier's timeline.
            Actor::Person(_) | Actor::Mandatary(_) | Actor::Anonymous => None,
        }
    }
}

/// What request an access belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestTrace {
    /// The GraphQL operation's name (or `anonymous`).
    pub operation: String,
    /// The request id, also in the technical logs.
    pub request_id: String,
}

/// One journal entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRecord {
    /// Id.
    pub id: AccessId,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub accessor: Accessor,
    /// Read or write.
    pub kind: AccessKind,
    /// Whose data.
    pub subject: PersonId,
    /// Which request.
    pub trace: RequestTrace,
}

impl AccessRecord {
    /// The entry to journal when `actor` accesses `subject`'s data, if the law asks for one.
    pub fn of(
        id: AccessId,
        actor: &Actor,
        kind: AccessKind,
        subject: PersonId,
        trace: &RequestTrace,
        at: DateTime<Utc>,
    ) -> Option<Self> {
        Accessor::of(actor).map(|accessor| Self { id, at, accessor, kind, subject, trace: trace.clone() })
    }
}

/// Whether `actor` may search the whole journal.
pub fn can_search(actor: &Actor) -> bool {
    matches!(actor, Actor::Agent(agent) if agent.role == AgentRole::Auditor)
}

/// Whether `actor` may see who accessed `person`'s file: the person themself.
pub fn can_see_accesses_of(actor: &Actor, person: PersonId) -> bool {
    actor.person() == Some(person)
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::{AccessKind, Accessor, can_search, can_see_accesses_of};
    use crate::actor::Agent;
    use crate::person::PersonId;
    use crate::{Actor, AgentRole};

    fn agent(role: AgentRole) -> Actor {
        Actor::Agent(Agent { id: "a".into(), role, organisation: "o".into(), territories: vec![] })
    }

    #[test]
    fn agents_are_journaled_and_a_person_reading_their_own_file_is_not() {
        assert!(Accessor::of(&agent(AgentRole::PrefectureInstructor)).is_some());
        assert!(Accessor::of(&Actor::Person(PersonId::from_uuid(Uuid::nil()))).is_none());
        assert!(Accessor::of(&Actor::Anonymous).is_none());
    }

    #[test]
    fn only_auditors_search_and_only_the_person_sees_their_accesses() {
        assert!(can_search(&agent(AgentRole::Auditor)));
        assert!(!can_search(&agent(AgentRole::PrefectureSignatory)));
        let me = PersonId::from_uuid(Uuid::from_u128(1));
        assert!(can_see_accesses_of(&Actor::Person(me), me));
        assert!(!can_see_accesses_of(&Actor::Person(PersonId::from_uuid(Uuid::from_u128(2))), me));
        assert!(!can_see_accesses_of(&agent(AgentRole::Auditor), me));
    }

    #[test]
    fn kinds_round_trip() {
        for kind in AccessKind::ALL {
            assert_eq!(AccessKind::parse(kind.code()), Some(kind));
        }
    }
}
