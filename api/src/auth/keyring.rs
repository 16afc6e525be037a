//! HIPE's own token-signing keys: made, sealed, rotated and published here.
//!
//! One key signs: the newest that still has its private part. When `hipe keys rotate` adds a successor, the keys
//! it replaces only verify, until the tokens they signed have expired: a predecessor stays trusted until its
//! successor's creation plus [`ROTATION_GRACE`] (the longest life of a token HIPE signs), after which it is no
//! longer trusted, and it is deleted at the next rotation. A predecessor's sealed private part is erased at
//! rotation: it will never sign again, so it need not exist.
//!
//! Private keys exist in clear only in memory; at rest they are sealed by [`KeyEncryptionKey`] (see
//! [`super::sealing`]). Public keys need no key-encryption key: verifying and publishing the JWKS never open a
//! private key.
//!
//! Every function takes `now` from its caller: the CLI passes the system clock, tests any instant they need.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, SubsecRound as _, Utc};
use hipe_persistence::{SigningKeyRow, SigningKeyStore};
use jsonwebtoken::{DecodingKey, EncodingKey};
use serde::Serialize;
use zeroize::Zeroizing;

use super::MAX_TTL_SECS;
use super::sealing::{KeyEncryptionKey, SealError};

/// The one algorithm of HIPE's own keys.
pub const ALGORITHM: &str = "EdDSA";

/// How long a replaced key keeps verifying after its successor was made: the longest life of a token HIPE signs.
pub const ROTATION_GRACE: Duration = Duration::seconds(MAX_TTL_SECS);

/// The fixed DER prefix of a PKCS#8 Ed25519 private key (RFC 8410): the 32-byte seed follows it.
const PKCS8_ED25519_PREFIX: [u8; 16] =
    [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

/// Why HIPE's keys could not be made, read or opened.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// Storage failed.
    #[error("signing-key storage failed: {0}")]
    Storage(#[from] hipe_domain::Error),
    /// The operating system's random source failed.
    #[error("no randomness available: {0}")]
    Random(String),
    /// Sealing or opening a private key failed.
    #[error(transparent)]
    Seal(#[from] SealError),
    /// A stored key is unreadable, of another algorithm, or its halves do not match.
    #[error("stored signing key {kid} is unreadable")]
    CorruptKey {
        /// The key's id.
        kid: String,
    },
}

/// A key HIPE signs with, opened (its private half lives only in memory, zeroed on drop).
pub struct SigningKey {
    kid: String,
    encoding: EncodingKey,
}

impl SigningKey {
    /// Its key id (the `kid` header of the tokens it signs).
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The key in the form `jsonwebtoken` signs with.
    pub(crate) const fn encoding_key(&self) -> &EncodingKey {
        &self.encoding
    }
}

/// A public key of HIPE's, and until when it is trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    kid: String,
    public: [u8; 32],
    not_after: Option<DateTime<Utc>>,
}

/// One entry of HIPE's JWKS (RFC 7517, RFC 8037): an Ed25519 verification key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Jwk {
    /// Key type: `OKP`.
    pub kty: &'static str,
    /// Curve: `Ed25519`.
    pub crv: &'static str,
    /// The public key, base64url.
    pub x: String,
    /// Key id.
    pub kid: String,
    /// Algorithm: `EdDSA`.
    pub alg: &'static str,
    /// Use: `sig`.
    #[serde(rename = "use")]
    pub use_: &'static str,
}

/// A JWK set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Jwks {
    /// The keys.
    pub keys: Vec<Jwk>,
}

impl PublicKey {
    /// Its key id.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// When it stops being trusted (`None`: it has no successor yet).
    pub const fn not_after(&self) -> Option<DateTime<Utc>> {
        self.not_after
    }

    /// Whether it is trusted at `now`.
    pub fn is_trusted_at(&self, now: DateTime<Utc>) -> bool {
        self.not_after.is_none_or(|end| now < end)
    }

    /// The key in the form `jsonwebtoken` verifies with.
    pub fn decoding_key(&self) -> DecodingKey {
        DecodingKey::from_ed_der(&self.public)
    }

    /// Its JWK.
    pub fn to_jwk(&self) -> Jwk {
        Jwk {
            kty: "OKP",
            crv: "Ed25519",
            x: URL_SAFE_NO_PAD.encode(self.public),
            kid: self.kid.clone(),
            alg: ALGORITHM,
            use_: "sig",
        }
    }

    fn from_row(row: &SigningKeyRow) -> Result<Self, KeyError> {
        let corrupt = || KeyError::CorruptKey { kid: row.kid.clone() };
        if row.algorithm != ALGORITHM {
            return Err(corrupt());
        }
        let public: [u8; 32] =
            URL_SAFE_NO_PAD.decode(&row.public_key).ok().and_then(|p| p.try_into().ok()).ok_or_else(corrupt)?;
        ed25519_dalek::VerifyingKey::from_bytes(&public).map_err(|_| corrupt())?;
        Ok(Self { kid: row.kid.clone(), public, not_after: row.not_after })
    }
}

/// What a rotation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    /// The new signing key's id.
    pub kid: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// Until when the keys it replaces keep verifying.
    pub predecessors_trusted_until: DateTime<Utc>,
}

/// Makes a new key, seals its private half under `kek`, and makes it the signing key; the previous keys keep
/// verifying until `now` + [`ROTATION_GRACE`]. What `hipe keys rotate` runs.
///
/// # Errors
/// [`KeyError`] when randomness, sealing or storage fails; nothing is stored then.
pub async fn rotate(store: &SigningKeyStore, kek: &KeyEncryptionKey, now: DateTime<Utc>) -> Result<Rotation, KeyError> {
    // Both databases keep microseconds: what this returns is then exactly what is stored.
    let now = now.trunc_subsecs(6);
    let mut seed = Zeroizing::new([0_u8; 32]);
    getrandom::fill(seed.as_mut_slice()).map_err(|e| KeyError::Random(e.to_string()))?;
    let public = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key().to_bytes();
    let mut kid_bytes = [0_u8; 6];
    getrandom::fill(&mut kid_bytes).map_err(|e| KeyError::Random(e.to_string()))?;
    let kid = format!("hipe-{}-{}", now.format("%Y%m%d"), URL_SAFE_NO_PAD.encode(kid_bytes));
    let row = SigningKeyRow {
        kid: kid.clone(),
        algorithm: ALGORITHM.to_owned(),
        public_key: URL_SAFE_NO_PAD.encode(public),
        sealed_private_key: Some(kek.seal(&kid, ALGORITHM, seed.as_slice())?),
        created_at: now,
        not_after: None,
    };
    let predecessors_trusted_until = now + ROTATION_GRACE;
    store.rotate(&row, predecessors_trusted_until).await?;
    Ok(Rotation { kid, created_at: now, predecessors_trusted_until })
}

/// Opens the current signing key, if there is one.
///
/// # Errors
/// [`KeyError::Seal`] when `kek` does not open it (another key-encryption key sealed it), [`KeyError::CorruptKey`]
/// when it is unreadable or its halves do not match, [`KeyError::Storage`] when storage fails.
pub async fn signing_key(store: &SigningKeyStore, kek: &KeyEncryptionKey) -> Result<Option<SigningKey>, KeyError> {
    let Some(row) = store.signing().await? else {
        return Ok(None);
    };
    let public = PublicKey::from_row(&row)?;
    let corrupt = || KeyError::CorruptKey { kid: row.kid.clone() };
    let sealed = row.sealed_private_key.as_ref().ok_or_else(corrupt)?;
    let opened = kek.open(&row.kid, &row.algorithm, sealed)?;
    let seed = Zeroizing::new(<[u8; 32]>::try_from(opened.as_slice()).map_err(|_| corrupt())?);
    if ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key().to_bytes() != public.public {
        return Err(corrupt());
    }
    let mut der = Zeroizing::new(Vec::with_capacity(48));
    der.extend_from_slice(&PKCS8_ED25519_PREFIX);
    der.extend_from_slice(seed.as_slice());
    Ok(Some(SigningKey { kid: row.kid, encoding: EncodingKey::from_ed_der(&der) }))
}

/// Opens the current signing key, making the first one (a rotation) when none can sign — on a new database, or
/// after migration `m0003` left only verify-only keys.
///
/// # Errors
/// As [`signing_key`] and [`rotate`].
pub async fn signing_key_or_create(
    store: &SigningKeyStore,
    kek: &KeyEncryptionKey,
    now: DateTime<Utc>,
) -> Result<SigningKey, KeyError> {
    if let Some(key) = signing_key(store, kek).await? {
        return Ok(key);
    }
    let rotation = rotate(store, kek, now).await?;
    signing_key(store, kek).await?.ok_or(KeyError::CorruptKey { kid: rotation.kid })
}

/// HIPE's public keys still trusted at `now`, newest first.
///
/// # Errors
/// [`KeyError::Storage`] when storage fails, [`KeyError::CorruptKey`] for an unreadable row.
pub async fn trusted_public_keys(store: &SigningKeyStore, now: DateTime<Utc>) -> Result<Vec<PublicKey>, KeyError> {
    store.trusted_at(now).await?.iter().map(PublicKey::from_row).collect()
}

/// The JWK set of `keys`.
pub fn jwks(keys: &[PublicKey]) -> Jwks {
    Jwks { keys: keys.iter().map(PublicKey::to_jwk).collect() }
}
