//! Dossier events: the timeline. One per accepted transition, keyed by `(dossier, sequence)` where the
//! sequence is the dossier's version right after the event — so the timeline has no gap and no duplicate.

use chrono::{DateTime, Utc};

use super::{DossierAction, DossierId};
use crate::Actor;
use crate::person::PersonId;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DossierEventKind {
    /// The draft was opened.
    Started,
    /// The dossier was filed.
    Submitted,
    /// The person withdrew it.
    Withdrawn,
}

impl DossierEventKind {
    /// Every kind.
    pub const ALL: [Self; 3] = [Self::Started, Self::Submitted, Self::Withdrawn];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Started => "STARTED",
            Self::Submitted => "SUBMITTED",
            Self::Withdrawn => "WITHDRAWN",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

impl From<DossierAction> for DossierEventKind {
    fn from(action: DossierAction) -> Self {
        match action {
            DossierAction::Submit => Self::Submitted,
            DossierAction::Withdraw => Self::Withdrawn,
        }
    }
}

/// Who acted, as recorded in the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorRef {
    /// The person themself.
    Person,
    /// Someone acting for the person under a mandate (their account id is kept for audit).
    Mandatary {
        /// The mandatary's usager account.
        account: PersonId,
    },
    /// An agent: role and organisation are shown; the agent's own id is kept for audit.
    Agent {
        /// The agent's id at their identity provider.
        id: String,
        /// The role's code.
        role: String,
        /// The organisation.
        organisation: String,
    },
    /// A partner application (its client id and name).
    Partner {
        /// The OAuth client id.
        client_id: String,
        /// The partner's name.
        name: String,
    },
    /// HIPE itself (legal clocks).
    System,
}

impl ActorRef {
    /// The record of `actor`.
    pub fn of(actor: &Actor) -> Self {
        match actor {
            Actor::Person(_) => Self::Person,
            Actor::Mandatary(mandatary) => Self::Mandatary { account: mandatary.account },
            Actor::Agent(agent) => Self::Agent {
                id: agent.id.clone(),
                role: agent.role.code().to_owned(),
                organisation: agent.organisation.clone(),
            },
            Actor::Partner(partner) => {
                Self::Partner { client_id: partner.client_id.as_str().to_owned(), name: partner.name.clone() }
            }
            Actor::Anonymous => Self::System,
        }
    }
}

/// One entry of a dossier's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierEvent {
    /// The dossier.
    pub dossier: DossierId,
    /// The dossier's version right after this event (1 for the opening).
    pub sequence: u32,
    /// What happened.
    pub kind: DossierEventKind,
    /// Who did it.
    pub actor: ActorRef,
    /// When.
    pub at: DateTime<Utc>,
    /// Why, when a reason was given.
    pub reason: Option<String>,
}
