//! The claims of tokens, and what they say about the bearer.
//!
//! Which bearers a token may describe depends on its issuer, never on the token alone ([`ActorKinds`]):
//!
//! | kind    | distinguishing claims                        | `sub`              | issuers                                       |
//! |---------|----------------------------------------------|--------------------|-----------------------------------------------|
//! | partner | `client_id` and `scope` (RFC 9068 §2.2)       | the client id      | HIPE's own (`POST /oauth/token`), always      |
//! | agent   | `role`, `org`, `territories`                 | the agent's id     | an agents provider; HIPE's own in demo mode   |
//! | person  | none of the above                            | the person's UUID  | a usager provider; HIPE's own in demo mode    |
//!
//! A usager provider's tokens are persons even with a `role` claim; an agents provider's must carry a role. A
//! token mixing partner and agent claims describes no one and is refused.

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

/// Which bearers an issuer's tokens may describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKinds {
    /// A usager identity provider: persons only.
    Persons,
    /// An agents identity provider: agents only.
    Agents,
    /// HIPE's own keys outside demo mode: partner tokens only.
    Partners,
    /// HIPE's own keys in demo mode: development persons and agents, and partners.
    Everyone,
}

/// What verification reads from any trusted token, once its signature and registered claims have been checked.
/// Lenient on purpose: identity providers do not send HIPE's `iat` or partner claims.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ActorClaims {
    sub: String,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    org: Option<String>,
    #[serde(default)]
    territories: Option<Vec<String>>,
    #[serde(default)]
    client_id: Option<String>,
    #[serde(default)]
    scope: Option<String>,
}

impl ActorClaims {
    /// The bearer these claims describe, if the issuer may describe that kind of bearer.
    ///
    /// # Errors
    /// A description of what is missing, malformed or not this issuer's to say.
    pub(crate) fn bearer(&self, kinds: ActorKinds) -> Result<Bearer, String> {
        if let Some(client_id) = &self.client_id {
            if !matches!(kinds, ActorKinds::Partners | ActorKinds::Everyone) {
                return Err("this issuer does not issue partner tokens".to_owned());
            }
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
        self.actor(kinds).map(Bearer::Actor)
    }

    fn actor(&self, kinds: ActorKinds) -> Result<Actor, String> {
        match (kinds, &self.role) {
            (ActorKinds::Partners, _) => {
                Err("development tokens for persons and agents are trusted only in demo mode".to_owned())
            }
            (ActorKinds::Persons, _) | (ActorKinds::Everyone, None) => Uuid::parse_str(&self.sub)
                .map(|id| Actor::Person(PersonId::from_uuid(id)))
                .map_err(|_| "a person's subject must be a UUID".to_owned()),
            (ActorKinds::Agents, None) => Err("an agent token needs a role".to_owned()),
            (ActorKinds::Agents | ActorKinds::Everyone, Some(code)) => {
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
    use hipe_domain::actor::Scope;
    use hipe_domain::partner::ClientId;
    use hipe_domain::person::PersonId;
    use uuid::Uuid;

    use super::{ActorClaims, ActorKinds, Bearer, Claims, Subject};

    fn read(claims: &Claims) -> ActorClaims {
        serde_json::from_value(serde_json::to_value(claims).expect("json")).expect("claims")
    }

    fn claims(sub: &str, role: Option<&str>) -> ActorClaims {
        ActorClaims {
            sub: sub.to_owned(),
            role: role.map(str::to_owned),
            org: Some("Préfecture du Rhône".to_owned()),
            territories: Some(vec!["69".to_owned()]),
            client_id: None,
            scope: None,
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
    fn hipe_tokens_are_agents_with_a_role_and_persons_without_in_demo_only() {
        assert!(matches!(claims(PERSON, None).actor(ActorKinds::Everyone), Ok(Actor::Person(_))));
        assert!(matches!(claims("agent-7", Some("auditor")).actor(ActorKinds::Everyone), Ok(Actor::Agent(_))));
        assert!(claims(PERSON, None).actor(ActorKinds::Partners).is_err());
    }

    #[test]
    fn partner_claims_describe_a_partner_and_nothing_else() {
        let client = ClientId::parse("prt_employer").expect("id");
        let claims = Claims::for_partner(&client, &[Scope::PermitVerify], "hipe", 1_000, 300);
        assert_eq!(claims.exp, 1_300);
        let partner = Bearer::Partner { client_id: client.clone(), scopes: vec![Scope::PermitVerify] };
        assert_eq!(read(&claims).bearer(ActorKinds::Partners), Ok(partner));
        assert!(read(&claims).bearer(ActorKinds::Persons).is_err(), "identity providers issue no partner tokens");
        let agent_too = Claims { role: Some("auditor".into()), org: Some("x".into()), ..claims.clone() };
        assert!(read(&agent_too).bearer(ActorKinds::Everyone).is_err());
        let other_subject = Claims { sub: "prt_other".into(), ..claims.clone() };
        assert!(read(&other_subject).bearer(ActorKinds::Everyone).is_err());
        let no_scope = Claims { scope: None, ..claims };
        assert!(read(&no_scope).bearer(ActorKinds::Everyone).is_err());
        let person = Claims::for_subject(&Subject::Person(PersonId::from_uuid(Uuid::nil())), "hipe", 0, 60);
        assert!(matches!(read(&person).bearer(ActorKinds::Everyone), Ok(Bearer::Actor(_))));
        let scoped_person = Claims { scope: Some("permit:verify".into()), ..person };
        assert!(read(&scoped_person).bearer(ActorKinds::Everyone).is_err(), "a scope makes no person a partner");
    }
}
