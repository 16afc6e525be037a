//! The claims of HIPE's tokens, and how the claims of any trusted token map to an [`Actor`].
//!
//! Which actors a token may describe depends on its issuer, never on the token alone: a usager identity provider's
//! tokens are persons (`sub` = the person's UUID; a `role` claim is ignored), an agents identity provider's are
//! agents (`role`, `org`, `territories` required), and HIPE's own development tokens are either (an agent's
//! with a `role`, a person's without).

use hipe_domain::actor::Agent;
use hipe_domain::person::PersonId;
use hipe_domain::territory::Territory;
use hipe_domain::{Actor, AgentRole};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The registered claims plus HIPE's actor claims. A token with a `role` is an agent's (`sub` = agent id);
/// without, it is a person's (`sub` = the person's UUID).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// Subject: the person's id, or the agent's id.
    pub sub: String,
    /// Expiry (seconds since the epoch).
    pub exp: i64,
    /// Not before.
    pub nbf: i64,
    /// Issued at.
    pub iat: i64,
    /// Agent role code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Agent organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// Agent territories (département codes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub territories: Option<Vec<String>>,
}

/// Who a development token is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A person (mobile audience).
    Person(PersonId),
    /// An agent.
    Agent {
        /// Agent id.
        id: String,
        /// Role.
        role: AgentRole,
        /// Organisation.
        organisation: String,
        /// Territories.
        territories: Vec<Territory>,
    },
}

impl Claims {
    /// Claims for `subject`.
    pub fn for_subject(subject: &Subject, issuer: &str, now: i64, ttl_secs: i64) -> Self {
        let base = Self {
            iss: issuer.to_owned(),
            aud: super::API_AUDIENCE.to_owned(),
            sub: String::new(),
            exp: now + ttl_secs,
            nbf: now,
            iat: now,
            role: None,
            org: None,
            territories: None,
        };
        match subject {
            Subject::Person(id) => Self { sub: id.as_uuid().to_string(), ..base },
            Subject::Agent { id, role, organisation, territories } => Self {
                sub: id.clone(),
                role: Some(role.code().to_owned()),
                org: Some(organisation.clone()),
                territories: Some(territories.iter().map(|t| t.as_str().to_owned()).collect()),
                ..base
            },
        }
    }
}

/// Which actors an issuer's tokens may describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKinds {
    /// Persons only (a usager identity provider).
    Persons,
    /// Agents only (an agents identity provider).
    Agents,
    /// HIPE's own tokens: an agent's when they carry a `role`, a person's otherwise.
    PersonsAndAgents,
}

/// The claims the verifier reads to build an actor, once `jsonwebtoken` has checked the signature and the
/// registered claims. Other claims are ignored; a duplicated claim fails deserialisation, so the token is refused.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ActorClaims {
    sub: String,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    org: Option<String>,
    #[serde(default)]
    territories: Option<Vec<String>>,
}

impl ActorClaims {
    /// The actor these claims describe, for an issuer whose tokens may describe `kinds`.
    ///
    /// # Errors
    /// A description of what is missing or malformed.
    pub(crate) fn actor(&self, kinds: ActorKinds) -> Result<Actor, String> {
        match (kinds, &self.role) {
            (ActorKinds::Persons, _) | (ActorKinds::PersonsAndAgents, None) => Uuid::parse_str(&self.sub)
                .map(|id| Actor::Person(PersonId::from_uuid(id)))
                .map_err(|_| "a person's subject must be a UUID".to_owned()),
            (ActorKinds::Agents, None) => Err("an agent token needs a role".to_owned()),
            (ActorKinds::Agents | ActorKinds::PersonsAndAgents, Some(code)) => {
                let role = AgentRole::parse(code).ok_or_else(|| format!("unknown role {code:?}"))?;
                let organisation =
                    self.org.clone().filter(|o| !o.is_empty()).ok_or("an agent needs an organisation")?;
                let territories = self
                    .territories
                    .iter()
                    .flatten()
                    .map(|t| Territory::parse(t).map_err(|e| e.to_string()))
                    .collect::<Result<Vec<_>, _>>()?;
                if self.sub.is_empty() {
                    return Err("an agent needs a subject".to_owned());
                }
                Ok(Actor::Agent(Agent { id: self.sub.clone(), role, organisation, territories }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use hipe_domain::Actor;

    use super::{ActorClaims, ActorKinds};

    fn claims(sub: &str, role: Option<&str>) -> ActorClaims {
        ActorClaims {
            sub: sub.to_owned(),
            role: role.map(str::to_owned),
            org: Some("Préfecture du Rhône".to_owned()),
            territories: Some(vec!["69".to_owned()]),
        }
    }

    const PERSON: &str = "01900000-0000-7000-8000-000000000001";

    #[test]
    fn a_usager_provider_makes_persons_only_even_with_a_role_claim() {
        for role in [None, Some("prefecture_signatory")] {
            assert!(matches!(claims(PERSON, role).actor(ActorKinds::Persons), Ok(Actor::Person(_))));
        }
        assert!(claims("agent-7", None).actor(ActorKinds::Persons).is_err());
    }

    #[test]
    fn an_agents_provider_makes_agents_only() {
        assert!(matches!(
            claims("agent-7", Some("prefecture_instructor")).actor(ActorKinds::Agents),
            Ok(Actor::Agent(_))
        ));
        let error = claims(PERSON, None).actor(ActorKinds::Agents).expect_err("no role, no person either");
        assert!(error.contains("role"), "{error}");
    }

    #[test]
    fn hipe_tokens_are_agents_with_a_role_and_persons_without() {
        assert!(matches!(claims(PERSON, None).actor(ActorKinds::PersonsAndAgents), Ok(Actor::Person(_))));
        assert!(matches!(claims("agent-7", Some("auditor")).actor(ActorKinds::PersonsAndAgents), Ok(Actor::Agent(_))));
    }
}
