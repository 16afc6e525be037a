//! Partner client secrets: 256 bits from the operating system's randomness, shown once when the client is made,
//! stored only as an argon2id hash (default parameters: 19 MiB, 2 passes, 1 lane — OWASP's recommendation) with a
//! random salt. A presented secret is checked by argon2's own verification, which compares in constant time.
//!
//! Secrets live in [`secrecy::SecretString`]: no `Debug` or `Display` prints them, and their memory is zeroed
//! when dropped. Nothing here logs.

use argon2::password_hash::SaltString;
use argon2::{Argon2, PasswordHash, PasswordHasher as _, PasswordVerifier as _};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hipe_domain::partner::SecretHash;
use secrecy::{ExposeSecret as _, SecretString};

/// The prefix of every secret HIPE makes, so secret scanners (and people) recognise a leaked one.
pub const SECRET_PREFIX: &str = "hps_";

/// Why a secret could not be made or hashed.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// The operating system's random source failed.
    #[error("no randomness available: {0}")]
    Random(String),
    /// Hashing failed (it does not, with valid parameters; reported rather than unwrapped).
    #[error("hashing failed: {0}")]
    Hash(String),
}

/// A client secret, in clear — only while it is being shown once or checked.
pub struct ClientSecret(SecretString);

impl ClientSecret {
    /// A new secret: [`SECRET_PREFIX`] and 32 random bytes in base64url (43 characters), which need no escaping in
    /// a form body or HTTP Basic credentials.
    ///
    /// # Errors
    /// [`SecretError::Random`] when the random source fails.
    pub fn generate() -> Result<Self, SecretError> {
        let mut bytes = [0_u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| SecretError::Random(e.to_string()))?;
        Ok(Self(SecretString::from(format!("{SECRET_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes)))))
    }

    /// A secret as a client presented it.
    pub fn presented(text: String) -> Self {
        Self(SecretString::from(text))
    }

    /// The secret in clear, to show it the one time it is made.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// Its argon2id hash, with a fresh random salt.
    ///
    /// # Errors
    /// [`SecretError`] when randomness or hashing fails.
    pub fn hash(&self) -> Result<SecretHash, SecretError> {
        let mut salt = [0_u8; 16];
        getrandom::fill(&mut salt).map_err(|e| SecretError::Random(e.to_string()))?;
        let salt = SaltString::encode_b64(&salt).map_err(|e| SecretError::Hash(e.to_string()))?;
        let phc = Argon2::default()
            .hash_password(self.expose().as_bytes(), &salt)
            .map_err(|e| SecretError::Hash(e.to_string()))?
            .to_string();
        SecretHash::parse(&phc).map_err(|e| SecretError::Hash(e.to_string()))
    }

    /// Whether this secret is the one `hash` was made from. CPU- and memory-heavy by design (tens of
    /// milliseconds, 19 MiB): callers on an async runtime run it on a blocking thread, a bounded number at a time.
    pub fn matches(&self, hash: &SecretHash) -> bool {
        PasswordHash::new(hash.as_str())
            .is_ok_and(|parsed| Argon2::default().verify_password(self.expose().as_bytes(), &parsed).is_ok())
    }
}

impl std::fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientSecret(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::{ClientSecret, SECRET_PREFIX};

    #[test]
    fn a_secret_matches_its_own_hash_only() {
        let secret = ClientSecret::generate().expect("secret");
        assert!(secret.expose().starts_with(SECRET_PREFIX));
        assert_eq!(secret.expose().len(), SECRET_PREFIX.len() + 43);
        let hash = secret.hash().expect("hash");
        assert!(hash.as_str().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{}", hash.as_str());
        assert!(!hash.as_str().contains(secret.expose()));
        assert!(secret.matches(&hash));
        assert!(!ClientSecret::presented(format!("{}x", secret.expose())).matches(&hash));
        assert!(!ClientSecret::generate().expect("another").matches(&hash));
        assert_ne!(secret.hash().expect("hash").as_str(), hash.as_str(), "a fresh salt each time");
        assert_eq!(format!("{secret:?}"), "ClientSecret(…)");
    }
}
