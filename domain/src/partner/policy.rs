//! What a partner client gets, and what a partner token stands for — the one place to read it.
//!
//! | situation                                              | token request                  | live token        |
//! |--------------------------------------------------------|--------------------------------|-------------------|
//! | active, no `scope` asked                               | every granted scope            | the actor         |
//! | active, `scope` a subset of the granted scopes          | exactly those                  | the actor         |
//! | active, a scope asked that is unknown or not granted   | refused ([`GrantError`])       | —                 |
//! | active, but none of its stored scopes is known any more | refused                        | no actor          |
//! | disabled                                               | refused                        | no actor          |
//!
//! A live token carries the scopes granted when it was issued; it stands for the intersection of those with the
//! scopes the client holds *now*, so narrowing a client's grant takes effect as fast as disabling it.

use super::PartnerClient;
use crate::Actor;
use crate::actor::{Partner, Scope};

/// Why a token request is refused, after the client authenticated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GrantError {
    /// The client is disabled.
    #[error("the partner client is disabled")]
    Disabled,
    /// A requested scope does not exist.
    #[error("unknown scope {0:?}")]
    UnknownScope(String),
    /// A requested scope exists but is not granted to this client.
    #[error("scope {scope} is not granted to this client", scope = .0.code())]
    NotGranted(Scope),
    /// The client holds no scope this version of HIPE knows (its scopes were retired).
    #[error("the client holds no usable scope")]
    NothingGrantable,
}

/// The scopes a token request gets: all granted scopes when `requested` is absent or blank, else the requested
/// ones (space-separated, RFC 6749 §3.3), each of which must be granted.
///
/// # Errors
/// A [`GrantError`] saying why nothing is issued.
pub fn grant(client: &PartnerClient, requested: Option<&str>) -> Result<Vec<Scope>, GrantError> {
    if !client.is_active() {
        return Err(GrantError::Disabled);
    }
    if client.scopes().is_empty() {
        return Err(GrantError::NothingGrantable);
    }
    let Some(requested) = requested.filter(|r| !r.trim().is_empty()) else {
        return Ok(client.scopes().to_vec());
    };
    let mut scopes = Vec::new();
    for code in requested.split_ascii_whitespace() {
        let scope = Scope::parse(code).ok_or_else(|| GrantError::UnknownScope(code.to_owned()))?;
        if !client.scopes().contains(&scope) {
            return Err(GrantError::NotGranted(scope));
        }
        scopes.push(scope);
    }
    scopes.sort_unstable();
    scopes.dedup();
    Ok(scopes)
}

/// The actor a live token of `client`, issued with `token_scopes`, stands for now — `None` once the client is
/// disabled or holds none of those scopes any more.
pub fn actor(client: &PartnerClient, token_scopes: &[Scope]) -> Option<Actor> {
    if !client.is_active() {
        return None;
    }
    let scopes: Vec<Scope> = token_scopes.iter().copied().filter(|s| client.scopes().contains(s)).collect();
    (!scopes.is_empty()).then(|| {
        Actor::Partner(Partner { client_id: client.client_id().clone(), name: client.name().to_owned(), scopes })
    })
}

/// Space-separated scope codes, as OAuth writes them (`scope` response field and token claim).
pub fn scope_string(scopes: &[Scope]) -> String {
    scopes.iter().map(|s| s.code()).collect::<Vec<_>>().join(" ")
}

/// Parses a token's `scope` claim; a code this version does not know is dropped (a newer replica may have issued
/// it during a rolling deployment).
pub fn parse_scope_string(text: &str) -> Vec<Scope> {
    let mut scopes: Vec<Scope> = text.split_ascii_whitespace().filter_map(Scope::parse).collect();
    scopes.sort_unstable();
    scopes.dedup();
    scopes
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::{GrantError, actor, grant, parse_scope_string, scope_string};
    use crate::Actor;
    use crate::actor::Scope;
    use crate::partner::{ClientId, PartnerClient, PartnerParts, SecretHash};

    fn client(scopes: &[Scope]) -> PartnerClient {
        PartnerClient::restore(PartnerParts {
            client_id: ClientId::parse("prt_test").expect("id"),
            name: "Employer".into(),
            scopes: scopes.to_vec(),
            secret_hash: SecretHash::parse("$argon2id$x").expect("phc"),
            created_at: Utc::now(),
            disabled_at: None,
        })
        .expect("valid")
    }

    #[test]
    fn no_scope_asked_means_every_granted_scope() {
        let c = client(&[Scope::PermitVerify]);
        assert_eq!(grant(&c, None), Ok(vec![Scope::PermitVerify]));
        assert_eq!(grant(&c, Some("  ")), Ok(vec![Scope::PermitVerify]));
        assert_eq!(grant(&c, Some("permit:verify permit:verify")), Ok(vec![Scope::PermitVerify]));
    }

    #[test]
    fn unknown_ungranted_or_retired_scopes_are_refused() {
        assert_eq!(
            grant(&client(&[Scope::PermitVerify]), Some("dossier:read")),
            Err(GrantError::UnknownScope("dossier:read".into()))
        );
        assert_eq!(grant(&client(&[]), None), Err(GrantError::NothingGrantable));
        assert_eq!(grant(&client(&[]), Some("permit:verify")), Err(GrantError::NothingGrantable));
        assert!(grant(&client(&[Scope::PermitVerify]), Some("PERMIT:VERIFY")).is_err(), "case-sensitive");
    }

    #[test]
    fn a_disabled_client_gets_nothing_and_its_tokens_stand_for_no_one() {
        let mut c = client(&[Scope::PermitVerify]);
        assert!(matches!(actor(&c, &[Scope::PermitVerify]), Some(Actor::Partner(p)) if p.has(Scope::PermitVerify)));
        assert_eq!(actor(&c, &[]), None, "a token with no scope left stands for no one");
        c.disable(Utc::now()).expect("disabled");
        assert_eq!(grant(&c, None), Err(GrantError::Disabled));
        assert_eq!(actor(&c, &[Scope::PermitVerify]), None);
    }

    #[test]
    fn scope_strings_round_trip_and_drop_unknown_codes() {
        assert_eq!(scope_string(&[Scope::PermitVerify]), "permit:verify");
        assert_eq!(parse_scope_string("permit:verify retired:scope"), vec![Scope::PermitVerify]);
        assert_eq!(parse_scope_string(""), Vec::<Scope>::new());
    }
}
