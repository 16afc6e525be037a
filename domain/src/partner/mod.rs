//! Partner clients: the applications (an employer's service, a benefits agency, a legacy system) that call HIPE
//! with OAuth 2 client credentials (DESIGN.md §1, audience `partner`).
//!
//! This module owns the client as HIPE registers it — its id, name, granted [`Scope`]s, the hash of its secret,
//! when it was created and disabled — the [`policy`] that decides which scopes a token request gets and what a
//! partner token stands for now, and the [`PartnerRepository`] port. It never sees a secret in clear: hashing and
//! verification (argon2id) belong to the API, which hands the domain an opaque [`SecretHash`]. Disabling is
//! one-way: a disabled client is kept (the access journal names it) and never enabled again; make a new one.

pub mod policy;
mod repository;

use std::fmt;

use chrono::{DateTime, Utc};

pub use policy::GrantError;
pub use repository::PartnerRepository;

use crate::Error;
use crate::actor::Scope;

/// Crockford's base-32 alphabet in lower case (no i, l, o, u: read aloud without confusion).
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// Longest partner name.
const MAX_NAME_CHARS: usize = 200;

/// A partner's OAuth client id: 3 to 64 characters among ASCII letters, digits, `-`, `_` and `.` — characters
/// that need no escaping in a form body nor in HTTP Basic credentials (RFC 6749 §2.3.1). Not a secret.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClientId(String);

impl ClientId {
    /// Parses a client id.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for any other text.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let well_formed = (3..=64).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if well_formed {
            Ok(Self(text.to_owned()))
        } else {
            Err(Error::invalid("clientId", "expected 3 to 64 letters, digits, '-', '_' or '.'"))
        }
    }

    /// A new client id, `prt_` and 80 random bits (supplied by the caller) in lower-case Crockford base 32.
    pub fn generate(random: [u8; 10]) -> Self {
        let bits = random.iter().fold(0_u128, |acc, &b| (acc << 8) | u128::from(b));
        let mut text = String::from("prt_");
        for i in (0..16).rev() {
            let index = usize::try_from((bits >> (5 * i)) & 0x1F).unwrap_or_default();
            text.push(char::from(ALPHABET[index]));
        }
        Self(text)
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The hash of a client secret, as a PHC string (`$argon2id$v=19$…`). Opaque to the domain: the API makes and
/// checks it. Its `Debug` does not print it (a hash of a high-entropy secret is not secret, but logs have no use
/// for it).
#[derive(Clone, PartialEq, Eq)]
pub struct SecretHash(String);

impl SecretHash {
    /// Wraps a PHC string.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] unless the text looks like a PHC string (`$` then an algorithm id), at most 512
    /// characters.
    pub fn parse(phc: &str) -> Result<Self, Error> {
        let well_formed = phc.len() <= 512
            && phc.strip_prefix('$').is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphanumeric()));
        if well_formed {
            Ok(Self(phc.to_owned()))
        } else {
            Err(Error::invalid("secretHash", "expected a PHC string such as $argon2id$v=19$…"))
        }
    }

    /// The PHC string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretHash(…)")
    }
}

/// The parts of a client as storage keeps them; [`PartnerClient::restore`] re-checks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerParts {
    /// Client id.
    pub client_id: ClientId,
    /// The partner's name (its organisation), shown to the persons whose files it reads.
    pub name: String,
    /// Granted scopes. Storage drops codes this version does not know, so the list may be empty.
    pub scopes: Vec<Scope>,
    /// Hash of the secret.
    pub secret_hash: SecretHash,
    /// When the client was registered.
    pub created_at: DateTime<Utc>,
    /// When it was disabled, if it was.
    pub disabled_at: Option<DateTime<Utc>>,
}

/// A registered partner client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerClient(PartnerParts);

impl PartnerClient {
    /// Registers a client.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the name is blank or too long, or no scope is granted.
    pub fn new(
        client_id: ClientId,
        name: &str,
        scopes: &[Scope],
        secret_hash: SecretHash,
        created_at: DateTime<Utc>,
    ) -> Result<Self, Error> {
        if scopes.is_empty() {
            return Err(Error::invalid("scopes", "grant at least one scope"));
        }
        Self::restore(PartnerParts {
            client_id,
            name: name.trim().to_owned(),
            scopes: scopes.to_vec(),
            secret_hash,
            created_at,
            disabled_at: None,
        })
    }

    /// Rehydrates a stored client.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the name is blank or too long, or it was disabled before it was created.
    pub fn restore(mut parts: PartnerParts) -> Result<Self, Error> {
        if parts.name.trim().is_empty() || parts.name.chars().count() > MAX_NAME_CHARS {
            return Err(Error::invalid("name", format!("must be 1 to {MAX_NAME_CHARS} characters, not blank")));
        }
        if parts.disabled_at.is_some_and(|at| at < parts.created_at) {
            return Err(Error::invalid("disabledAt", "a client cannot be disabled before it was created"));
        }
        parts.scopes.sort_unstable();
        parts.scopes.dedup();
        Ok(Self(parts))
    }

    /// The client id.
    pub const fn client_id(&self) -> &ClientId {
        &self.0.client_id
    }

    /// The partner's name.
    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// Granted scopes, sorted, without duplicates.
    pub fn scopes(&self) -> &[Scope] {
        &self.0.scopes
    }

    /// Hash of the secret.
    pub const fn secret_hash(&self) -> &SecretHash {
        &self.0.secret_hash
    }

    /// When it was registered.
    pub const fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// When it was disabled, if it was.
    pub const fn disabled_at(&self) -> Option<DateTime<Utc>> {
        self.0.disabled_at
    }

    /// Whether the client may still obtain and use tokens.
    pub const fn is_active(&self) -> bool {
        self.0.disabled_at.is_none()
    }

    /// Disables the client: no new token from now on, and its live tokens stop working (see the API's partner
    /// status check for how soon).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when it is already disabled (nothing changes).
    pub fn disable(&mut self, now: DateTime<Utc>) -> Result<(), Error> {
        if self.0.disabled_at.is_some() {
            return Err(Error::invalid("clientId", "this partner client is already disabled"));
        }
        self.0.disabled_at = Some(now.max(self.0.created_at));
        Ok(())
    }

    /// Replaces the secret (its hash); the previous secret stops working at once.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the client is disabled.
    pub fn replace_secret(&mut self, secret_hash: SecretHash) -> Result<(), Error> {
        if self.0.disabled_at.is_some() {
            return Err(Error::invalid("clientId", "a disabled partner client gets no new secret"));
        }
        self.0.secret_hash = secret_hash;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone as _, Utc};
    use proptest::prelude::*;

    use super::{ClientId, PartnerClient, SecretHash};
    use crate::actor::Scope;

    fn hash() -> SecretHash {
        SecretHash::parse("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA").expect("phc")
    }

    #[test]
    fn client_ids_are_url_safe_and_bounded() {
        assert!(ClientId::parse("prt_0123456789abcdef").is_ok());
        assert!(ClientId::parse("employer.example-1").is_ok());
        for bad in ["", "ab", "with space", "a:b", "é-client", &"x".repeat(65)] {
            assert!(ClientId::parse(bad).is_err(), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn every_generated_client_id_parses_and_differs_with_its_randomness(a: [u8; 10], b: [u8; 10]) {
            let id = ClientId::generate(a);
            prop_assert_eq!(ClientId::parse(id.as_str()).expect("parses"), id.clone());
            prop_assert_eq!(id.as_str().len(), 20);
            prop_assert_eq!(a == b, id == ClientId::generate(b));
        }
    }

    #[test]
    fn a_client_needs_a_name_and_a_scope() {
        let now = Utc::now();
        let id = ClientId::parse("prt_test").expect("id");
        assert!(PartnerClient::new(id.clone(), "Employer", &[Scope::PermitVerify], hash(), now).is_ok());
        assert!(PartnerClient::new(id.clone(), "  ", &[Scope::PermitVerify], hash(), now).is_err());
        assert!(PartnerClient::new(id, "Employer", &[], hash(), now).is_err());
        assert!(SecretHash::parse("plain-secret").is_err());
        assert_eq!(format!("{:?}", hash()), "SecretHash(…)");
    }

    #[test]
    fn disabling_is_one_way_and_ends_secret_changes() {
        let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().expect("instant");
        let id = ClientId::parse("prt_test").expect("id");
        let mut client = PartnerClient::new(id, "Employer", &[Scope::PermitVerify], hash(), t0).expect("valid");
        assert!(client.is_active());
        client.disable(t0 + Duration::hours(1)).expect("disabled");
        assert!(!client.is_active());
        assert_eq!(client.disabled_at(), Some(t0 + Duration::hours(1)));
        assert!(client.disable(t0 + Duration::hours(2)).is_err(), "already disabled");
        assert!(client.replace_secret(hash()).is_err());
    }
}
