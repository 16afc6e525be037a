//! Authentication: a bearer JWT becomes an [`Actor`]; no token is [`Actor::Anonymous`].
//!
//! Verification is strict by construction (DESIGN.md §5): asymmetric keys only, each key bound to its one
//! algorithm and selected by *our* code from the `kid` header — never from `jku`, `x5u` or `jwk` headers, whose
//! mere presence refuses the token; `exp`, `nbf`, `iss`, `aud` and `sub` are required and checked with 60 s of
//! leeway. Every refusal answers the same `UNAUTHENTICATED` with no detail; the reason goes to the logs.
//!
//! What HIPE's own key is trusted for depends on the kind of token ([`claims`]), and the distinction is explicit
//! in [`Authenticator::authenticate`]:
//! - **partner tokens** (from `POST /oauth/token`) always — then only while the client is active
//!   ([`partners::PartnerDirectory`]), and for the scopes it still holds;
//! - **person and agent tokens** signed by the same key are development tokens ([`DevTokens`]): trusted only in
//!   demo mode, since whoever runs `hipe token` can sign one for anyone. Production persons and agents will come
//!   with their own identity providers.

mod claims;
mod dev_issuer;
pub mod partners;
pub mod secret;

use std::collections::HashMap;

use hipe_domain::Actor;
use hipe_domain::partner::policy;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};

pub use claims::{Bearer, Claims, Subject};
pub use dev_issuer::{DevIssuer, IssueError, MAX_TTL_SECS};
pub use partners::PartnerDirectory;
pub use secret::{ClientSecret, SecretError};

/// The longest lifetime of a development token, in seconds.
pub const fn dev_issuer_max_ttl() -> i64 {
    MAX_TTL_SECS
}

/// The audience (`aud`) every token for HIPE's API must carry.
pub const API_AUDIENCE: &str = "hipe-api";

/// Leeway for `exp` and `nbf`, in seconds.
const LEEWAY_SECS: u64 = 60;

/// Why a bearer token was refused (logged, never shown).
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// The `Authorization` header is not `Bearer <token>`.
    #[error("authorization header is not a bearer token")]
    NotBearer,
    /// The token's header cannot be read.
    #[error("malformed token header: {0}")]
    MalformedHeader(#[source] jsonwebtoken::errors::Error),
    /// The header names a key location (`jku`, `x5u`, `jwk`, `x5c`) or critical extensions.
    #[error("token header carries a key location or critical extensions")]
    ForbiddenHeader,
    /// No `kid`, or one we do not know.
    #[error("unknown or missing key id")]
    UnknownKey,
    /// The key exists but belongs to another algorithm.
    #[error("algorithm {0:?} does not match the key")]
    WrongAlgorithm(Algorithm),
    /// Signature, time or claim checks failed.
    #[error("token rejected: {0}")]
    Rejected(#[source] jsonwebtoken::errors::Error),
    /// The claims do not describe a known kind of actor.
    #[error("token claims do not describe an actor: {0}")]
    BadClaims(String),
    /// A person's or agent's token signed by HIPE's own key, outside demo mode.
    #[error("development tokens for persons and agents are trusted only in demo mode")]
    DevTokenRefused,
    /// A partner token whose client is unknown, disabled, or holds none of the token's scopes any more.
    #[error("the partner client is not active")]
    PartnerInactive,
    /// The partner's status could not be read: not the caller's fault, and not an answer about the token.
    #[error("the partner status could not be read")]
    Storage(#[source] hipe_domain::Error),
}

/// Whether person and agent tokens signed by HIPE's own key — development tokens — are trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevTokens {
    /// Demo mode: anyone may act as anyone, which is the point of a demo.
    Trusted,
    /// Everywhere else.
    Refused,
}

/// A verification key and the one algorithm it may be used with.
struct TrustedKey {
    key: DecodingKey,
    algorithm: Algorithm,
}

/// Verifies bearer tokens against HIPE's own keys.
pub struct Authenticator {
    keys: HashMap<String, TrustedKey>,
    issuer: String,
    dev_tokens: DevTokens,
    partners: PartnerDirectory,
}

impl Authenticator {
    /// Trusts the public keys of HIPE's own issuer: for partner tokens always, for person and agent tokens as
    /// `dev_tokens` says. `partners` answers whether a partner client is still active.
    pub fn new(issuer: &DevIssuer, dev_tokens: DevTokens, partners: PartnerDirectory) -> Self {
        let keys = issuer
            .verification_keys()
            .into_iter()
            .map(|(kid, key)| (kid, TrustedKey { key, algorithm: Algorithm::EdDSA }))
            .collect();
        Self { keys, issuer: issuer.issuer().to_owned(), dev_tokens, partners }
    }

    /// Turns an optional `Authorization` header value into an actor.
    ///
    /// # Errors
    /// An [`AuthError`] for any token that is not perfectly valid.
    pub async fn authenticate(&self, authorization: Option<&str>) -> Result<Actor, AuthError> {
        let Some(value) = authorization else {
            return Ok(Actor::Anonymous);
        };
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(AuthError::NotBearer)?;
        let header = jsonwebtoken::decode_header(token).map_err(AuthError::MalformedHeader)?;
        if header.jku.is_some()
            || header.jwk.is_some()
            || header.x5u.is_some()
            || header.x5c.is_some()
            || header.crit.is_some()
        {
            return Err(AuthError::ForbiddenHeader);
        }
        let trusted = header.kid.as_deref().and_then(|kid| self.keys.get(kid)).ok_or(AuthError::UnknownKey)?;
        if header.alg != trusted.algorithm {
            return Err(AuthError::WrongAlgorithm(header.alg));
        }
        let mut validation = Validation::new(trusted.algorithm);
        validation.leeway = LEEWAY_SECS;
        validation.validate_nbf = true;
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[API_AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        let data = jsonwebtoken::decode::<Claims>(token, &trusted.key, &validation).map_err(AuthError::Rejected)?;
        match data.claims.bearer().map_err(AuthError::BadClaims)? {
            Bearer::Partner { client_id, scopes } => {
                let client = self.partners.find(&client_id).await.map_err(AuthError::Storage)?;
                client.and_then(|client| policy::actor(&client, &scopes)).ok_or(AuthError::PartnerInactive)
            }
            Bearer::Actor(actor) => match self.dev_tokens {
                DevTokens::Trusted => Ok(actor),
                DevTokens::Refused => Err(AuthError::DevTokenRefused),
            },
        }
    }
}
