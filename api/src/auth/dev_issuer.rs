//! HIPE's own token issuer: an Ed25519 key generated on first use and kept in the database. It signs
//! - partner access tokens, at `POST /oauth/token` ([`DevIssuer::issue_partner`]) — in every mode;
//! - development tokens for any person or agent (`hipe token`, `hipe serve --demo`), which the server trusts only
//!   in demo mode (see [`super::DevTokens`]): they let a developer act as anyone, which is their purpose and why
//!   production never accepts them.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use hipe_persistence::{SigningKeyRow, SigningKeyStore};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header};

use hipe_domain::actor::Scope;
use hipe_domain::partner::ClientId;

use super::claims::{Claims, Subject};

/// Longest life of a token HIPE signs (DESIGN: access tokens live at most 15 minutes).
pub const MAX_TTL_SECS: i64 = 15 * 60;

/// The fixed DER prefix of a PKCS#8 Ed25519 private key (RFC 8410): the 32-byte seed follows it.
const PKCS8_ED25519_PREFIX: [u8; 16] =
    [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

/// Why a key could not be loaded or a token signed.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    /// Storage failed.
    #[error("signing-key storage failed: {0}")]
    Storage(#[from] hipe_domain::Error),
    /// The operating system's random source failed.
    #[error("no randomness available: {0}")]
    Random(String),
    /// A stored key is unreadable.
    #[error("stored signing key {kid} is unreadable")]
    CorruptKey {
        /// The key's id.
        kid: String,
    },
    /// Signing failed.
    #[error("signing failed: {0}")]
    Sign(#[from] jsonwebtoken::errors::Error),
}

struct Key {
    kid: String,
    seed: [u8; 32],
    public: [u8; 32],
}

/// Signs development tokens; holds every stored key (the newest signs, all verify).
pub struct DevIssuer {
    issuer: String,
    keys: Vec<Key>,
}

impl DevIssuer {
    /// Loads the stored keys, generating and storing the first one if there is none.
    ///
    /// # Errors
    /// [`IssueError`] when storage or randomness fails, or a stored key is unreadable.
    pub async fn load_or_create(store: &SigningKeyStore, issuer: &str) -> Result<Self, IssueError> {
        let mut rows = store.all().await?;
        if rows.is_empty() {
            let mut seed = [0_u8; 32];
            getrandom::fill(&mut seed).map_err(|e| IssueError::Random(e.to_string()))?;
            let public = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key().to_bytes();
            let mut kid_bytes = [0_u8; 9];
            getrandom::fill(&mut kid_bytes).map_err(|e| IssueError::Random(e.to_string()))?;
            let row = SigningKeyRow {
                kid: format!("dev-{}", URL_SAFE_NO_PAD.encode(kid_bytes)),
                algorithm: "EdDSA".to_owned(),
                public_key: URL_SAFE_NO_PAD.encode(public),
                private_key: URL_SAFE_NO_PAD.encode(seed),
                created_at: Utc::now(),
            };
            store.add(&row).await?;
            rows = store.all().await?;
        }
        let keys = rows
            .into_iter()
            .map(|row| {
                let decode = |text: &str| -> Option<[u8; 32]> { URL_SAFE_NO_PAD.decode(text).ok()?.try_into().ok() };
                match (row.algorithm.as_str(), decode(&row.private_key), decode(&row.public_key)) {
                    ("EdDSA", Some(seed), Some(public)) => Ok(Key { kid: row.kid, seed, public }),
                    _ => Err(IssueError::CorruptKey { kid: row.kid }),
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { issuer: issuer.to_owned(), keys })
    }

    /// The `iss` of the tokens this issuer signs.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Every key id with its verification key.
    pub fn verification_keys(&self) -> Vec<(String, DecodingKey)> {
        self.keys.iter().map(|key| (key.kid.clone(), DecodingKey::from_ed_der(&key.public))).collect()
    }

    /// The id of the key that signs new tokens.
    pub fn current_kid(&self) -> Option<&str> {
        self.keys.first().map(|key| key.kid.as_str())
    }

    /// Signs a token for `subject`, valid `ttl_secs` (at most [`MAX_TTL_SECS`]).
    ///
    /// # Errors
    /// [`IssueError::Sign`] when signing fails.
    pub fn issue(&self, subject: &Subject, ttl_secs: i64) -> Result<String, IssueError> {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = self.current_kid().map(str::to_owned);
        let claims =
            Claims::for_subject(subject, &self.issuer, Utc::now().timestamp(), ttl_secs.clamp(1, MAX_TTL_SECS));
        self.sign(&header, &claims)
    }

    /// Signs a partner access token for `client_id` with `scopes`, valid `ttl_secs` (at most [`MAX_TTL_SECS`]),
    /// typed `at+jwt` (RFC 9068).
    ///
    /// # Errors
    /// [`IssueError::Sign`] when signing fails.
    pub fn issue_partner(&self, client_id: &ClientId, scopes: &[Scope], ttl_secs: i64) -> Result<String, IssueError> {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = self.current_kid().map(str::to_owned);
        header.typ = Some("at+jwt".to_owned());
        let claims = Claims::for_partner(
            client_id,
            scopes,
            &self.issuer,
            Utc::now().timestamp(),
            ttl_secs.clamp(1, MAX_TTL_SECS),
        );
        self.sign(&header, &claims)
    }

    /// Signs arbitrary claims under an arbitrary header with the current key — for tests that forge the tokens an
    /// attacker would send.
    ///
    /// # Errors
    /// [`IssueError::Sign`] when signing fails.
    pub fn sign<C: serde::Serialize>(&self, header: &Header, claims: &C) -> Result<String, IssueError> {
        let key = self.keys.first().ok_or_else(|| IssueError::CorruptKey { kid: "(none)".to_owned() })?;
        let mut der = Vec::with_capacity(48);
        der.extend_from_slice(&PKCS8_ED25519_PREFIX);
        der.extend_from_slice(&key.seed);
        Ok(jsonwebtoken::encode(header, claims, &EncodingKey::from_ed_der(&der))?)
    }
}
