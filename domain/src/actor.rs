//! Who is asking. The API turns a verified bearer token into an [`Actor`]; the domain's policies decide what
//! that actor may see and do. The domain never sees a token.

use std::fmt;

use chrono::{DateTime, Utc};

use crate::mandate::{self, Mandatary, Mandate};
use crate::partner::ClientId;
use crate::person::PersonId;
use crate::territory::Territory;

/// The caller of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// No token: only public data (the procedure catalogue).
    Anonymous,
    /// The foreigner themself (usager identity provider, `sub` = the person).
    Person(PersonId),
    /// An agent of the ministry or of OFII.
    Agent(Agent),
    /// A partner application (an employer's service, a benefits agency), through client credentials.
    Partner(Partner),
    /// A person acting for a principal under an active mandate. Never read from a token: the use cases derive
    /// it from an [`Actor::Person`] and their active mandates when the subject is someone else
    /// ([`Actor::acting_for`]).
    Mandatary(Mandatary),
}

/// A partner application, as HIPE's own token endpoint describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    /// The OAuth client id.
    pub client_id: ClientId,
    /// The partner's name (its organisation).
    pub name: String,
    /// What it may ask — and nothing else.
    pub scopes: Vec<Scope>,
}

impl Partner {
    /// Whether the partner holds `scope`.
    pub fn has(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope)
    }
}

/// What a partner may be granted. Each scope names one minimised question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// "Is this residence document valid, and does it allow work?" — and nothing else about the person.
    PermitVerify,
}

impl Scope {
    /// Every scope.
    pub const ALL: [Self; 1] = [Self::PermitVerify];

    /// The OAuth scope string.
    pub const fn code(self) -> &'static str {
        match self {
            Self::PermitVerify => "permit:verify",
        }
    }

    /// Parses an OAuth scope string.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// An authenticated agent, as asserted by the agents' identity provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    /// The agent's identifier at their identity provider (never shown to the persons whose files they read).
    pub id: String,
    /// What the agent does.
    pub role: AgentRole,
    /// The organisation the agent works for (a prefecture, an OFII direction…).
    pub organisation: String,
    /// The départements the agent works on. An agent with no territory sees no dossier.
    pub territories: Vec<Territory>,
}

impl Agent {
    /// Whether the agent's territories include `territory`.
    pub fn covers(&self, territory: &Territory) -> bool {
        self.territories.contains(territory)
    }
}

/// The roles agents hold; each belongs to exactly one [`Audience`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgentRole {
    /// Prefecture reception desk: files on a person's behalf (the substitute channel).
    PrefectureDesk,
    /// Prefecture instructor: checks and instructs dossiers.
    PrefectureInstructor,
    /// Prefecture agent allowed to sign decisions.
    PrefectureSignatory,
    /// OFII agent of a territorial direction.
    OfiiAgent,
    /// OFII doctor (the only role that may read medical content).
    OfiiDoctor,
    /// Data-protection and inspection staff: read the access journal.
    Auditor,
}

impl AgentRole {
    /// Every role, for tables and tests.
    pub const ALL: [Self; 6] = [
        Self::PrefectureDesk,
        Self::PrefectureInstructor,
        Self::PrefectureSignatory,
        Self::OfiiAgent,
        Self::OfiiDoctor,
        Self::Auditor,
    ];

    /// The stable code of the role (tokens carry it in the `role` claim).
    pub const fn code(self) -> &'static str {
        match self {
            Self::PrefectureDesk => "prefecture_desk",
            Self::PrefectureInstructor => "prefecture_instructor",
            Self::PrefectureSignatory => "prefecture_signatory",
            Self::OfiiAgent => "ofii_agent",
            Self::OfiiDoctor => "ofii_doctor",
            Self::Auditor => "auditor",
        }
    }

    /// Parses a role code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.code() == code)
    }

    /// The front end this role works in.
    pub const fn audience(self) -> Audience {
        match self {
            Self::PrefectureDesk | Self::PrefectureInstructor | Self::PrefectureSignatory => Audience::Ministry,
            Self::OfiiAgent | Self::OfiiDoctor => Audience::Ofii,
            Self::Auditor => Audience::Auditor,
        }
    }

    /// Whether the role belongs to a prefecture.
    pub const fn is_prefecture(self) -> bool {
        matches!(self.audience(), Audience::Ministry)
    }
}

impl fmt::Display for AgentRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The front ends (and their views of the schema) of DESIGN.md §1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    /// Not authenticated.
    Public,
    /// The foreigner's mobile app.
    Mobile,
    /// The prefectures' back office.
    Ministry,
    /// OFII's back office.
    Ofii,
    /// Data-protection and inspection staff.
    Auditor,
    /// Partner applications.
    Partner,
}

impl Actor {
    /// The audience this actor belongs to.
    pub const fn audience(&self) -> Audience {
        match self {
            Self::Anonymous => Audience::Public,
            Self::Person(_) | Self::Mandatary(_) => Audience::Mobile,
            Self::Agent(agent) => agent.role.audience(),
            Self::Partner(_) => Audience::Partner,
        }
    }

    /// The person behind the actor, when the actor is a person.
    pub const fn person(&self) -> Option<PersonId> {
        match self {
            Self::Person(id) => Some(*id),
            Self::Anonymous | Self::Agent(_) | Self::Partner(_) | Self::Mandatary(_) => None,
        }
    }

    /// The usager account behind the actor: the person themself, or the mandatary's own account.
    pub const fn account(&self) -> Option<PersonId> {
        match self {
            Self::Person(id) => Some(*id),
            Self::Mandatary(mandatary) => Some(mandatary.account),
            Self::Anonymous | Self::Agent(_) | Self::Partner(_) => None,
        }
    }

    /// The actor to check when this actor touches `subject`'s data: a person acting on someone else's data
    /// becomes that person's [`Actor::Mandatary`] if `mandates` hold an active mandate for them at `at`;
    /// anyone else is unchanged (and the policies then decide as before).
    #[must_use]
    pub fn acting_for(&self, mandates: &[Mandate], subject: PersonId, at: DateTime<Utc>) -> Self {
        match self {
            Self::Person(me) if *me != subject => {
                mandate::acting_for(mandates, *me, subject, at).map_or_else(|| self.clone(), Self::Mandatary)
            }
            Self::Person(_) | Self::Mandatary(_) | Self::Anonymous | Self::Agent(_) | Self::Partner(_) => self.clone(),
        }
    }

    /// The agent behind the actor, when the actor is an agent.
    pub const fn agent(&self) -> Option<&Agent> {
        match self {
            Self::Agent(agent) => Some(agent),
            Self::Anonymous | Self::Person(_) | Self::Partner(_) | Self::Mandatary(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{AgentRole, Audience};

    #[test]
    fn role_codes_round_trip_and_are_unique() {
        for role in AgentRole::ALL {
            assert_eq!(AgentRole::parse(role.code()), Some(role));
        }
        assert_eq!(AgentRole::parse("admin"), None);
    }

    #[test]
    fn prefecture_roles_belong_to_the_ministry_audience() {
        assert_eq!(AgentRole::PrefectureSignatory.audience(), Audience::Ministry);
        assert_eq!(AgentRole::OfiiDoctor.audience(), Audience::Ofii);
        assert!(!AgentRole::OfiiAgent.is_prefecture());
    }
}
