//! HIPE's own token issuer: signs with HIPE's current signing key (see [`super::keyring`]), whose private half is
//! sealed at rest. It signs
//! - partner access tokens, at `POST /oauth/token` ([`DevIssuer::issue_partner`]) — in every mode;
//! - development tokens for any person or agent (`hipe token`, `hipe serve --demo`), which the server trusts only
//!   in demo mode (see [`super::DevTokens`]): they let a developer act as anyone, which is their purpose and why
//!   production never accepts them.

use chrono::Utc;
use hipe_persistence::SigningKeyStore;
use jsonwebtoken::{Algorithm, Header};

use hipe_domain::actor::Scope;
use hipe_domain::partner::ClientId;

use super::claims::{Claims, Subject};
use super::keyring::{self, KeyError, SigningKey};
use super::sealing::KeyEncryptionKey;

/// Longest life of a token HIPE signs (DESIGN: access tokens live at most 15 minutes).
pub const MAX_TTL_SECS: i64 = 15 * 60;

/// Why a key could not be loaded or a token signed.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    /// The signing key could not be made, read or opened.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// Signing failed.
    #[error("signing failed: {0}")]
    Sign(#[from] jsonwebtoken::errors::Error),
}

/// Signs development tokens with HIPE's current signing key.
pub struct DevIssuer {
    issuer: String,
    key: SigningKey,
}

impl DevIssuer {
    /// Opens the current signing key with `kek`, making and storing the first one if none can sign.
    ///
    /// # Errors
    /// [`IssueError::Key`] when storage or randomness fails, or `kek` does not open the stored key.
    pub async fn load_or_create(
        store: &SigningKeyStore,
        kek: &KeyEncryptionKey,
        issuer: &str,
    ) -> Result<Self, IssueError> {
        let key = keyring::signing_key_or_create(store, kek, Utc::now()).await?;
        Ok(Self { issuer: issuer.to_owned(), key })
    }

    /// The `iss` of the tokens this issuer signs.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The id of the key that signs new tokens.
    pub fn current_kid(&self) -> Option<&str> {
        Some(self.key.kid())
    }

    /// Signs a token for `subject`, valid `ttl_secs` (at most [`MAX_TTL_SECS`]).
    ///
    /// # Errors
    /// [`IssueError::Sign`] when signing fails.
    pub fn issue(&self, subject: &Subject, ttl_secs: i64) -> Result<String, IssueError> {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.key.kid().to_owned());
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
        Ok(jsonwebtoken::encode(header, claims, self.key.encoding_key())?)
    }
}
