//! Sealing HIPE's private keys at rest under a key-encryption key (KEK).
//!
//! The cipher is XChaCha20-Poly1305 (RustCrypto `chacha20poly1305`): authenticated, constant-time in software,
//! and with 192-bit nonces, so a fresh random nonce per key can never collide in practice. The associated data
//! binds each ciphertext to its key id and algorithm: a sealed key copied onto another row does not open.
//!
//! Stored format, version 1 (what `persistence` keeps in `private_key_nonce` and `private_key_ciphertext`, both
//! base64url without padding): `nonce` = 24 random bytes; `ciphertext` = XChaCha20-Poly1305(KEK, nonce,
//! plaintext = the 32-byte Ed25519 seed, aad = `"hipe-signing-key/v1\0" + kid + "\0" + algorithm`), tag appended.
//!
//! The KEK comes from `--key-encryption-key` / `HIPE_KEY_ENCRYPTION_KEY` (32 bytes, base64); it is held in a
//! [`secrecy::SecretBox`] (zeroed on drop, redacted from `Debug`) and never logged. Demo mode without one uses
//! [`KeyEncryptionKey::development`]: a fixed key derived from a public label, which protects nothing and says so.

use std::fmt;
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead as _, Payload};
use chacha20poly1305::{KeyInit as _, XChaCha20Poly1305, XNonce};
use hipe_persistence::SealedPrivateKey;
use secrecy::{ExposeSecret as _, SecretBox};
use sha2::{Digest as _, Sha256};
use zeroize::Zeroizing;

/// The public label the development KEK is derived from. Anyone can derive it: it is not a secret.
const DEVELOPMENT_LABEL: &[u8] = b"HIPE development key-encryption key. NOT A SECRET: demo mode only.";

/// Why a configured key-encryption key was refused. The value itself never appears in a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyEncryptionKeyError {
    /// Not base64.
    #[error("expected 32 bytes in standard base64 (generate one with `openssl rand -base64 32`); this is not base64")]
    NotBase64,
    /// Base64 of the wrong length.
    #[error(
        "expected 32 bytes in standard base64 (generate one with `openssl rand -base64 32`); this decodes to {0} bytes"
    )]
    WrongLength(usize),
}

/// Why a key could not be sealed or opened. Deliberately vague about the cause of an opening failure: a wrong KEK
/// and a tampered row look the same to an AEAD, and both mean the key must not be used.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// The operating system's random source failed.
    #[error("no randomness available for a nonce: {0}")]
    Random(String),
    /// Encryption failed (it cannot, for 32 bytes; kept typed rather than unwrapped).
    #[error("encrypting the private key failed")]
    Encrypt,
    /// The stored nonce or ciphertext is not what this format stores.
    #[error("sealed private key of {kid} is malformed")]
    Malformed {
        /// The key's id.
        kid: String,
    },
    /// Authentication failed: another key-encryption key sealed it, or the row was altered.
    #[error(
        "the key-encryption key does not open private key {kid}: it was sealed under another key-encryption key \
         (check HIPE_KEY_ENCRYPTION_KEY), or the stored row was altered"
    )]
    WrongKeyOrTampered {
        /// The key's id.
        kid: String,
    },
}

/// The key that seals HIPE's private keys at rest (32 bytes).
#[derive(Clone)]
pub struct KeyEncryptionKey {
    bytes: Arc<SecretBox<[u8; 32]>>,
    development: bool,
}

impl fmt::Debug for KeyEncryptionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.development { "KeyEncryptionKey(development)" } else { "KeyEncryptionKey([REDACTED])" })
    }
}

impl KeyEncryptionKey {
    /// Reads a key from its base64 text (standard alphabet, padding optional; surrounding whitespace ignored).
    ///
    /// # Errors
    /// [`KeyEncryptionKeyError`] when the text is not base64 of exactly 32 bytes.
    pub fn parse(text: &str) -> Result<Self, KeyEncryptionKeyError> {
        let text = text.trim();
        let decoded = Zeroizing::new(
            STANDARD
                .decode(text)
                .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(text))
                .map_err(|_| KeyEncryptionKeyError::NotBase64)?,
        );
        let length = decoded.len();
        let bytes = SecretBox::try_init_with(|| <[u8; 32]>::try_from(decoded.as_slice()))
            .map_err(|_| KeyEncryptionKeyError::WrongLength(length))?;
        Ok(Self { bytes: Arc::new(bytes), development: false })
    }

    /// The fixed development key: SHA-256 of a public label. Demo mode only; it protects nothing.
    pub fn development() -> Self {
        let bytes = SecretBox::init_with(|| <[u8; 32]>::from(Sha256::digest(DEVELOPMENT_LABEL)));
        Self { bytes: Arc::new(bytes), development: true }
    }

    /// Whether this is the public development key.
    pub const fn is_development(&self) -> bool {
        self.development
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&(*self.bytes.expose_secret()).into())
    }

    /// Encrypts `secret`, the private key `kid` used with `algorithm`, under a fresh random nonce.
    ///
    /// # Errors
    /// [`SealError::Random`] when no nonce can be drawn.
    pub fn seal(&self, kid: &str, algorithm: &str, secret: &[u8]) -> Result<SealedPrivateKey, SealError> {
        let mut nonce = [0_u8; 24];
        getrandom::fill(&mut nonce).map_err(|e| SealError::Random(e.to_string()))?;
        let aad = associated_data(kid, algorithm);
        let ciphertext = self
            .cipher()
            .encrypt(&XNonce::from(nonce), Payload { msg: secret, aad: &aad })
            .map_err(|_| SealError::Encrypt)?;
        Ok(SealedPrivateKey { nonce: URL_SAFE_NO_PAD.encode(nonce), ciphertext: URL_SAFE_NO_PAD.encode(ciphertext) })
    }

    /// Decrypts the sealed private key `kid` used with `algorithm`.
    ///
    /// # Errors
    /// [`SealError::Malformed`] for an unreadable row, [`SealError::WrongKeyOrTampered`] when authentication fails.
    pub fn open(&self, kid: &str, algorithm: &str, sealed: &SealedPrivateKey) -> Result<Zeroizing<Vec<u8>>, SealError> {
        let malformed = || SealError::Malformed { kid: kid.to_owned() };
        let nonce: [u8; 24] =
            URL_SAFE_NO_PAD.decode(&sealed.nonce).ok().and_then(|n| n.try_into().ok()).ok_or_else(malformed)?;
        let ciphertext = URL_SAFE_NO_PAD.decode(&sealed.ciphertext).map_err(|_| malformed())?;
        let aad = associated_data(kid, algorithm);
        self.cipher()
            .decrypt(&XNonce::from(nonce), Payload { msg: &ciphertext, aad: &aad })
            .map(Zeroizing::new)
            .map_err(|_| SealError::WrongKeyOrTampered { kid: kid.to_owned() })
    }
}

/// What a ciphertext is bound to: the format version, the key id and the algorithm.
fn associated_data(kid: &str, algorithm: &str) -> Vec<u8> {
    [b"hipe-signing-key/v1\0".as_slice(), kid.as_bytes(), b"\0", algorithm.as_bytes()].concat()
}

#[cfg(test)]
mod tests {
    use super::{KeyEncryptionKey, KeyEncryptionKeyError, SealError};

    const KEY: &str = "q83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k=";

    #[test]
    fn a_key_is_32_bytes_of_base64_and_its_value_never_shows() {
        let key = KeyEncryptionKey::parse(KEY).expect("valid");
        assert_eq!(format!("{key:?}"), "KeyEncryptionKey([REDACTED])");
        assert!(KeyEncryptionKey::parse(&format!("  {KEY}\n")).is_ok(), "whitespace around is ignored");
        assert_eq!(KeyEncryptionKey::parse("c2hvcnQ=").expect_err("short"), KeyEncryptionKeyError::WrongLength(5));
        let error = KeyEncryptionKey::parse("not base64!").expect_err("garbage");
        assert_eq!(error, KeyEncryptionKeyError::NotBase64);
        assert!(!error.to_string().contains("not base64!"), "the value is never echoed");
        assert_eq!(format!("{:?}", KeyEncryptionKey::development()), "KeyEncryptionKey(development)");
    }

    #[test]
    fn a_sealed_key_opens_only_with_its_kek_kid_and_algorithm() {
        let key = KeyEncryptionKey::parse(KEY).expect("valid");
        let secret = [7_u8; 32];
        let sealed = key.seal("k1", "EdDSA", &secret).expect("sealed");
        assert_eq!(key.open("k1", "EdDSA", &sealed).expect("opens").as_slice(), secret);
        assert_ne!(key.seal("k1", "EdDSA", &secret).expect("sealed").nonce, sealed.nonce, "a fresh nonce each time");
        for (kek, kid, algorithm) in [
            (KeyEncryptionKey::development(), "k1", "EdDSA"),
            (key.clone(), "k2", "EdDSA"),
            (key.clone(), "k1", "ES256"),
        ] {
            let error = kek.open(kid, algorithm, &sealed).expect_err("refused");
            assert!(matches!(error, SealError::WrongKeyOrTampered { .. }), "{error:?}");
        }
        let mut tampered = sealed;
        tampered.nonce = "short".into();
        assert!(matches!(key.open("k1", "EdDSA", &tampered), Err(SealError::Malformed { .. })));
    }
}
