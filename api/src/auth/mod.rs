//! Authentication: a bearer JWT becomes an [`Actor`]; no token is [`Actor::Anonymous`].
//!
//! Verification is strict by construction (DESIGN.md §5): asymmetric keys only, each key bound to its one
//! algorithm and selected by *our* code — never from `jku`, `x5u`, `jwk` or `x5c` headers, whose mere presence
//! refuses the token, as do critical extensions. The token's `iss`, read from the unverified payload, only
//! *selects* the issuer; then the `kid` selects one of that issuer's keys, and everything is verified: the
//! signature with that key and its algorithm, `iss`, the issuer's own `aud`, and `exp`, `nbf`, `sub` (all
//! required; 60 s of leeway on times). Which actors a token may describe depends on its issuer (see [`claims`]).
//! Every refusal answers the same `UNAUTHENTICATED` with no detail; the reason goes to the logs.
//!
//! Issuers: the identity providers of the issuers file ([`issuers`]), and HIPE's own keys ([`keyring`]). What
//! HIPE's keys are trusted for depends on the kind of token ([`claims`]):
//! - **partner tokens** (from `POST /oauth/token`) always — then only while the client is active
//!   ([`partners::PartnerDirectory`]), and for the scopes it still holds;
//! - **person and agent tokens** signed by the same keys are development tokens ([`DevTokens`]): trusted only in
//!   demo mode, since whoever runs `hipe token` can sign one for anyone.
//!
//! HIPE's keys HIPE's keys can change while the server runs (`hipe keys rotate` on another machine), so they are
//! re-read from the database when an unknown `kid` shows up (at most once a second after the first time) and when
//! the copy in memory is older than a minute; a key past its end of trust is refused even before that.

mod claims;
mod dev_issuer;
pub mod issuers;
pub mod keyring;
pub mod partners;
pub mod sealing;
pub mod secret;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use hipe_domain::Actor;
use hipe_domain::partner::policy;
use hipe_persistence::SigningKeyStore;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use tokio::sync::{Mutex, RwLock};

pub use claims::{ActorKinds, Bearer, Claims, Subject};
pub use dev_issuer::{DevIssuer, IssueError, MAX_TTL_SECS};
pub use issuers::{IssuerKind, IssuersFileError, TrustedIssuer};
pub use keyring::KeyError;
pub use partners::PartnerDirectory;
pub use sealing::{KeyEncryptionKey, KeyEncryptionKeyError};
pub use secret::{ClientSecret, SecretError};

use claims::ActorClaims;

/// The longest lifetime of a development token, in seconds.
pub const fn dev_issuer_max_ttl() -> i64 {
    MAX_TTL_SECS
}

/// The audience (`aud`) every token HIPE signs carries.
pub const API_AUDIENCE: &str = "hipe-api";

/// Leeway for `exp` and `nbf`, in seconds.
const LEEWAY_SECS: u64 = 60;

/// HIPE's keys in memory are re-read after this long.
const HIPE_KEYS_MAX_AGE: Duration = Duration::from_secs(60);

/// After an unknown `kid` made HIPE's keys be re-read, the next such re-read waits at least this long.
const HIPE_KEYS_MISS_INTERVAL: Duration = Duration::from_secs(1);

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
    /// The payload has no readable `iss`.
    #[error("token payload has no readable issuer")]
    MalformedPayload,
    /// The `iss` is no issuer HIPE trusts (the value is not logged: anyone can write anything there).
    #[error("unknown issuer")]
    UnknownIssuer,
    /// No `kid` where one is needed, or one the issuer does not have.
    #[error("unknown or missing key id")]
    UnknownKey,
    /// The key exists but belongs to another algorithm.
    #[error("algorithm {0:?} does not match the key")]
    WrongAlgorithm(Algorithm),
    /// Signature, time or claim checks failed.
    #[error("token rejected: {0}")]
    Rejected(#[source] jsonwebtoken::errors::Error),
    /// The claims do not describe an actor this issuer may describe.
    #[error("token claims do not describe an actor: {0}")]
    BadClaims(String),
    /// The partner client is disabled or unknown.
    #[error("the partner client is not active")]
    PartnerInactive,
    /// The partner's status could not be read.
    #[error("the partner status could not be read")]
    Storage(#[source] hipe_domain::Error),
}

/// Whether person and agent tokens signed by HIPE's own keys — development tokens — are trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevTokens {
    /// Demo mode: anyone may act as anyone, which is the point of a demo.
    Trusted,
    /// Everywhere else.
    Refused,
}

/// A verification key and the one algorithm it may be used with.
pub(crate) struct VerificationKey {
    /// Its id; `None` only for the single key of an issuer that names none (it then matches any `kid`).
    pub(crate) kid: Option<String>,
    pub(crate) algorithm: Algorithm,
    pub(crate) key: DecodingKey,
}

/// HIPE's own public keys, read from the database and refreshed as described in the module docs.
struct HipeKeys {
    store: SigningKeyStore,
    cache: RwLock<HipeKeyCache>,
    /// Serialises re-reads; holds when the last re-read caused by an unknown `kid` happened.
    refresh: Mutex<Option<Instant>>,
}

struct HipeKeyCache {
    keys: Vec<keyring::PublicKey>,
    loaded_at: Instant,
}

impl HipeKeys {
    async fn load(store: SigningKeyStore) -> Result<Self, KeyError> {
        let keys = keyring::trusted_public_keys(&store, Utc::now()).await?;
        Ok(Self {
            store,
            cache: RwLock::new(HipeKeyCache { keys, loaded_at: Instant::now() }),
            refresh: Mutex::new(None),
        })
    }

    /// Re-reads the keys unless another task did since `seen`; a failure keeps the previous copy.
    async fn reload(&self, seen: Instant, miss: bool) {
        let mut last_miss = self.refresh.lock().await;
        if self.cache.read().await.loaded_at > seen {
            return;
        }
        if miss {
            if last_miss.is_some_and(|at| at.elapsed() < HIPE_KEYS_MISS_INTERVAL) {
                return;
            }
            *last_miss = Some(Instant::now());
        }
        match keyring::trusted_public_keys(&self.store, Utc::now()).await {
            Ok(keys) => *self.cache.write().await = HipeKeyCache { keys, loaded_at: Instant::now() },
            Err(error) => {
                tracing::warn!(error = %error, "re-reading HIPE's public keys failed; keeping the previous ones");
            }
        }
    }

    /// The key `kid`, if HIPE has it and it is still trusted at `now`.
    async fn find(&self, kid: &str, now: DateTime<Utc>) -> Option<VerificationKey> {
        let lookup = |cache: &HipeKeyCache| cache.keys.iter().find(|key| key.kid() == kid).cloned();
        let (found, loaded_at) = {
            let cache = self.cache.read().await;
            (lookup(&cache), cache.loaded_at)
        };
        let found = if found.is_some() && loaded_at.elapsed() < HIPE_KEYS_MAX_AGE {
            found
        } else {
            self.reload(loaded_at, found.is_none()).await;
            lookup(&*self.cache.read().await)
        };
        found.filter(|key| key.is_trusted_at(now)).map(|key| VerificationKey {
            kid: Some(key.kid().to_owned()),
            algorithm: Algorithm::EdDSA,
            key: key.decoding_key(),
        })
    }
}

enum Keys {
    /// Keys fixed at start (an identity provider of the issuers file).
    Fixed(Vec<VerificationKey>),
    /// HIPE's own keys, which rotate.
    Hipe(HipeKeys),
}

struct Issuer {
    audience: String,
    kinds: ActorKinds,
    keys: Keys,
}

/// Verifies bearer tokens against the issuers and keys HIPE trusts.
pub struct Authenticator {
    issuers: HashMap<String, Issuer>,
    partners: PartnerDirectory,
}

impl Authenticator {
    /// Trusts the identity providers of the issuers file (none: every token is refused until HIPE's keys are
    /// added); partner tokens are checked against `partners`.
    pub fn trusting(issuers: Vec<TrustedIssuer>, partners: PartnerDirectory) -> Self {
        let issuers = issuers
            .into_iter()
            .map(|issuer| {
                let (iss, audience, kinds) =
                    (issuer.issuer().to_owned(), issuer.audience().to_owned(), issuer.actor_kinds());
                (iss, Issuer { audience, kinds, keys: Keys::Fixed(issuer.into_keys()) })
            })
            .collect();
        Self { issuers, partners }
    }

    /// Also trusts HIPE's own keys, for tokens whose `iss` is `issuer`: partner tokens always, development
    /// person and agent tokens as `dev_tokens` says.
    ///
    /// # Errors
    /// [`KeyError`] when the keys cannot be read.
    pub async fn and_hipe_keys(
        mut self,
        issuer: &str,
        store: SigningKeyStore,
        dev_tokens: DevTokens,
    ) -> Result<Self, KeyError> {
        let keys = Keys::Hipe(HipeKeys::load(store).await?);
        let kinds = match dev_tokens {
            DevTokens::Trusted => ActorKinds::Everyone,
            DevTokens::Refused => ActorKinds::Partners,
        };
        self.issuers.insert(issuer.to_owned(), Issuer { audience: API_AUDIENCE.to_owned(), kinds, keys });
        Ok(self)
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
        let iss = unverified_issuer(token)?;
        let issuer = self.issuers.get(&iss).ok_or(AuthError::UnknownIssuer)?;
        let now = Utc::now();
        let hipe_key;
        let trusted = match (&issuer.keys, header.kid.as_deref()) {
            (Keys::Fixed(keys), kid) => keys
                .iter()
                .find(|key| match (&key.kid, kid) {
                    (None, _) => true,
                    (Some(expected), Some(kid)) => expected == kid,
                    (Some(_), None) => false,
                })
                .ok_or(AuthError::UnknownKey)?,
            (Keys::Hipe(keys), Some(kid)) => {
                hipe_key = keys.find(kid, now).await.ok_or(AuthError::UnknownKey)?;
                &hipe_key
            }
            (Keys::Hipe(_), None) => return Err(AuthError::UnknownKey),
        };
        if header.alg != trusted.algorithm {
            return Err(AuthError::WrongAlgorithm(header.alg));
        }
        let mut validation = Validation::new(trusted.algorithm);
        validation.leeway = LEEWAY_SECS;
        validation.validate_nbf = true;
        validation.set_issuer(&[&iss]);
        validation.set_audience(&[&issuer.audience]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        let data =
            jsonwebtoken::decode::<ActorClaims>(token, &trusted.key, &validation).map_err(AuthError::Rejected)?;
        match data.claims.bearer(issuer.kinds).map_err(AuthError::BadClaims)? {
            Bearer::Actor(actor) => Ok(actor),
            Bearer::Partner { client_id, scopes } => {
                let client = self.partners.find(&client_id).await.map_err(AuthError::Storage)?;
                client.and_then(|client| policy::actor(&client, &scopes)).ok_or(AuthError::PartnerInactive)
            }
        }
    }
}

/// The `iss` of a token's payload, unverified: it only selects which issuer's keys and rules verify the token.
fn unverified_issuer(token: &str) -> Result<String, AuthError> {
    #[derive(serde::Deserialize)]
    struct Payload {
        iss: String,
    }
    let payload = token.split('.').nth(1).ok_or(AuthError::MalformedPayload)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload).map_err(|_| AuthError::MalformedPayload)?;
    serde_json::from_slice::<Payload>(&bytes).map(|p| p.iss).map_err(|_| AuthError::MalformedPayload)
}
