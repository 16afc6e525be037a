//! The claims of HIPE's tokens, and what they say about the bearer.
//!
//! Three kinds of token, told apart by their claims:
//!
//! | kind    | distinguishing claims                        | `sub`              | issued by                          |
//! |---------|----------------------------------------------|--------------------|------------------------------------|
//! | partner | `client_id` and `scope` (RFC 9068 §2.2)       | the client id      | `POST /oauth/token`, always        |
//! | agent   | `role`, `org`, `territories`                 | the agent's id     | the development issuer (demo only) |
//! | person  | none of the above                            | the person's UUID  | the development issuer (demo only) |
//!
//! A token mixing partner and agent claims describes no one and is refused.

use hipe_domain::actor::{Agent, Scope};
use hipe_domain::partner::{ClientId, policy};
use hipe_domain::person::PersonId;
use hipe_domain::territory::Territory;
use hipe_domain::{Actor, AgentRole};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The registered claims plus HIPE's actor claims.
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
    /// Partner tokens: the OAuth client id (equal to `sub`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Partner tokens: the granted scopes, space-separated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Partner tokens: a unique token id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
}

/// Who a verified token's claims describe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bearer {
    /// A person or an agent: development tokens, trusted only in demo mode.
    Actor(Actor),
    /// A partner client, whose current status decides what the token stands for.
    Partner {
        /// The client.
        client_id: ClientId,
        /// The scopes the token was issued with (codes this version does not know are dropped).
        scopes: Vec<Scope>,
    },
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
    /// Who these claims describe.
    ///
    /// # Errors
    /// A description of what is missing, malformed or contradictory.
    pub fn bearer(&self) -> Result<Bearer, String> {
        if let Some(client_id) = &self.client_id {
            if self.role.is_some() || self.org.is_some() || self.territories.is_some() {
                return Err("a token cannot be both a partner's and an agent's".to_owned());
            }
            if *client_id != self.sub {
                return Err("a partner token's subject must be its client id".to_owned());
            }
            let client_id = ClientId::parse(client_id).map_err(|e| e.to_string())?;
            let scope = self.scope.as_deref().ok_or("a partner token needs a scope claim")?;
            return Ok(Bearer::Partner { client_id, scopes: policy::parse_scope_string(scope) });
        }
        if self.scope.is_some() {
            return Err("only partner tokens carry a scope".to_owned());
        }
        self.actor().map(Bearer::Actor)
    }

    /// The person or agent these claims describe.
    fn actor(&self) -> Result<Actor, String> {
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
            client_id: None,
            scope: None,
            jti: None,
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

    /// Claims of a partner access token (RFC 9068): `sub` and `client_id` the client, `scope` the granted scopes,
    /// `jti` a fresh UUID.
    pub fn for_partner(client_id: &ClientId, scopes: &[Scope], issuer: &str, now: i64, ttl_secs: i64) -> Self {
        Self {
            iss: issuer.to_owned(),
            aud: super::API_AUDIENCE.to_owned(),
            sub: client_id.as_str().to_owned(),
            exp: now + ttl_secs,
            nbf: now,
            iat: now,
            role: None,
            org: None,
            territories: None,
            client_id: Some(client_id.as_str().to_owned()),
            scope: Some(policy::scope_string(scopes)),
            jti: Some(Uuid::now_v7().to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use hipe_domain::actor::Scope;
    use hipe_domain::partner::ClientId;
    use hipe_domain::person::PersonId;
    use uuid::Uuid;

    use super::{Bearer, Claims, Subject};

    #[test]
    fn partner_claims_describe_a_partner_and_nothing_else() {
        let client = ClientId::parse("prt_employer").expect("id");
        let claims = Claims::for_partner(&client, &[Scope::PermitVerify], "hipe", 1_000, 300);
        assert_eq!(claims.exp, 1_300);
        assert_eq!(
            claims.bearer(),
            Ok(Bearer::Partner { client_id: client.clone(), scopes: vec![Scope::PermitVerify] })
        );
        let agent_too = Claims { role: Some("auditor".into()), org: Some("x".into()), ..claims.clone() };
        assert!(agent_too.bearer().is_err());
        let other_subject = Claims { sub: "prt_other".into(), ..claims.clone() };
        assert!(other_subject.bearer().is_err());
        let no_scope = Claims { scope: None, ..claims };
        assert!(no_scope.bearer().is_err());
        let person = Claims::for_subject(&Subject::Person(PersonId::from_uuid(Uuid::nil())), "hipe", 0, 60);
        assert!(matches!(person.bearer(), Ok(Bearer::Actor(_))));
        let scoped_person = Claims { scope: Some("permit:verify".into()), ..person };
        assert!(scoped_person.bearer().is_err(), "a scope makes no person a partner");
    }
}
