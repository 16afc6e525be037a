//! The claims of HIPE's tokens, and how they map to an [`Actor`].

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
    /// The actor these claims describe.
    ///
    /// # Errors
    /// A description of what is missing or malformed.
    pub fn actor(&self) -> Result<Actor, String> {
        match &self.role {
            None => Uuid::parse_str(&self.sub)
                .map(|id| Actor::Person(PersonId::from_uuid(id)))
                .map_err(|_| "a person's subject must be a UUID".to_owned()),
            Some(code) => {
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
