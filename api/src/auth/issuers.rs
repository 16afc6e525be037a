//! Configured trusted issuers: the identity providers whose tokens HIPE accepts, read once at start from the
//! issuers file (`--issuers-file`, `HIPE_ISSUERS_FILE`). A file that is not perfectly clear stops the start with a
//! message naming the file, the issuer, the key, and what is expected — a half-understood trust configuration is
//! worse than none.
//!
//! ```toml
//! [[issuers]]
//! name = "usagers"                           # a label for logs and messages
//! issuer = "https://idp.usagers.example"     # the tokens' `iss`
//! audience = "hipe-api"                      # the `aud` they must carry
//! kind = "usager"                            # `usager`: sub = person UUID; `agents`: role, org, territories
//! jwks_file = "usagers.jwks.json"            # either a JWK set...
//!
//! [[issuers]]
//! name = "agents"
//! issuer = "https://idp.agents.example"
//! audience = "hipe-api"
//! kind = "agents"
//! [[issuers.keys]]                           # ...or PEM public keys, each with its one algorithm
//! kid = "agents-2026"
//! algorithm = "ES256"
//! pem_file = "agents-2026.pem"
//! ```
//!
//! Rules: unknown fields are refused; relative paths are relative to the issuers file; algorithms are EdDSA
//! (Ed25519), ES256 (P-256) or RS256 (RSA of at least 2048 bits) and nothing else; each key is bound to exactly
//! one algorithm, checked against the key itself (a JWK without `alg` is accepted only when its type determines
//! it: OKP/Ed25519 → EdDSA, EC/P-256 → ES256; RSA keys need `"alg": "RS256"`); `kid` is required when an issuer
//! has several keys; names, `issuer` values and key ids are unique; no issuer may claim HIPE's own `iss`. Key files
//! hold public keys only: a private key, a symmetric key or a certificate is refused.
//!
//! The PEM and JWK parsing is RustCrypto's (`p256`, `rsa`, `ed25519-dalek`, `pem-rfc7468`), the crates
//! `jsonwebtoken` verifies with: each parser accepts only its own key type, so a key that does not fit its
//! algorithm is caught here, at start, rather than at the first token.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::VerificationKey;
use super::claims::ActorKinds;

/// Smallest RSA modulus accepted, in bits.
const MIN_RSA_BITS: usize = 2048;

/// What an issuer's tokens describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IssuerKind {
    /// The usager identity provider: `sub` is the person's UUID.
    Usager,
    /// The agents' identity provider: `role`, `org` and `territories` describe an agent.
    Agents,
}

impl IssuerKind {
    const fn actor_kinds(self) -> ActorKinds {
        match self {
            Self::Usager => ActorKinds::Persons,
            Self::Agents => ActorKinds::Agents,
        }
    }
}

/// The issuers file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IssuersFile {
    #[serde(default)]
    issuers: Vec<IssuerEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IssuerEntry {
    name: String,
    issuer: String,
    audience: String,
    kind: IssuerKind,
    jwks_file: Option<PathBuf>,
    keys: Option<Vec<KeyEntry>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyEntry {
    kid: Option<String>,
    algorithm: String,
    pem_file: PathBuf,
}

/// An identity provider HIPE trusts, loaded and checked.
pub struct TrustedIssuer {
    name: String,
    issuer: String,
    audience: String,
    kind: IssuerKind,
    keys: Vec<VerificationKey>,
}

impl fmt::Debug for TrustedIssuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TrustedIssuer")
            .field("name", &self.name)
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("kind", &self.kind)
            .field("kids", &self.kids())
            .finish_non_exhaustive()
    }
}

impl TrustedIssuer {
    /// Its label.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its `iss`.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The `aud` its tokens must carry.
    pub fn audience(&self) -> &str {
        &self.audience
    }

    /// What its tokens describe.
    pub const fn kind(&self) -> IssuerKind {
        self.kind
    }

    /// Its keys' ids and algorithms (`None`: the single key of an issuer that names none).
    pub fn kids(&self) -> Vec<(Option<&str>, Algorithm)> {
        self.keys.iter().map(|key| (key.kid.as_deref(), key.algorithm)).collect()
    }

    pub(crate) const fn actor_kinds(&self) -> ActorKinds {
        self.kind.actor_kinds()
    }

    pub(crate) fn into_keys(self) -> Vec<VerificationKey> {
        self.keys
    }
}

/// Why the issuers file was refused: where, and what is expected.
#[derive(Debug, thiserror::Error)]
#[error("issuers file {}{}: {problem}", .file.display(), Location(.issuer.as_deref(), .key.as_deref()))]
pub struct IssuersFileError {
    /// The issuers file.
    pub file: PathBuf,
    /// The issuer's name (or its position when it has none).
    pub issuer: Option<String>,
    /// The key's id (or its position when it has none).
    pub key: Option<String>,
    /// What is wrong, and what is expected instead.
    pub problem: Box<IssuerProblem>,
}

/// `, issuer "x", key "y"` — the part of a message that says where.
struct Location<'a>(Option<&'a str>, Option<&'a str>);

impl fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(issuer) = self.0 {
            write!(f, ", issuer {issuer}")?;
        }
        if let Some(key) = self.1 {
            write!(f, ", key {key}")?;
        }
        Ok(())
    }
}

/// What is wrong in the issuers file, each with what is expected.
#[derive(Debug, thiserror::Error)]
pub enum IssuerProblem {
    /// The file cannot be read.
    #[error("cannot be read ({0}); expected a readable TOML file")]
    Read(std::io::Error),
    /// Not TOML of the expected shape.
    #[error(
        "is not a valid issuers file; expected [[issuers]] tables with name, issuer, audience, kind (usager or \
         agents) and jwks_file or [[issuers.keys]] (kid, algorithm, pem_file):\n{0}"
    )]
    Syntax(String),
    /// No issuer at all.
    #[error("declares no issuer; expected at least one [[issuers]] table")]
    NoIssuers,
    /// A required text is empty.
    #[error("`{0}` is empty; expected a non-empty value")]
    Empty(&'static str),
    /// Two issuers share a name.
    #[error("the name is used by another issuer; expected unique names")]
    DuplicateName,
    /// Two issuers share an `iss`.
    #[error("`issuer` {0:?} is declared by another issuer too; expected one entry per identity provider")]
    DuplicateIssuer(String),
    /// The `iss` is HIPE's own.
    #[error("`issuer` {0:?} is HIPE's own token issuer (HIPE_TOKEN_ISSUER); expected another identity provider's iss")]
    ReservedIssuer(String),
    /// No keys.
    #[error("has no keys; expected `jwks_file` or at least one [[issuers.keys]] table")]
    NoKeys,
    /// Both key sources.
    #[error("has both `jwks_file` and [[issuers.keys]]; expected one of them")]
    BothKeySources,
    /// Several keys, one without a `kid`.
    #[error("has several keys but this one has no `kid`; expected a kid on every key of an issuer with several keys")]
    KidRequired,
    /// A `kid` used twice.
    #[error("the kid is used twice in this issuer; expected unique key ids")]
    DuplicateKid,
    /// An algorithm HIPE does not accept.
    #[error("algorithm {0:?} is not allowed; expected EdDSA, ES256 or RS256 (asymmetric signatures only)")]
    AlgorithmNotAllowed(String),
    /// A key file cannot be read.
    #[error("cannot read {}: {source}; expected a readable key file", .path.display())]
    KeyFile {
        /// The key file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A PEM file that is not one public key.
    #[error(
        "{} is not a PEM public key ({detail}); expected one -----BEGIN PUBLIC KEY----- block{}",
        .path.display(),
        if *.rsa { " (or BEGIN RSA PUBLIC KEY)" } else { "" }
    )]
    NotPublicKeyPem {
        /// The key file.
        path: PathBuf,
        /// What was found.
        detail: String,
        /// Whether PKCS#1 RSA is accepted too.
        rsa: bool,
    },
    /// Private key material where a public key is expected.
    #[error(
        "{what} holds a private or secret key; expected the identity provider's public key only (HIPE never needs \
         its private key)"
    )]
    PrivateKey {
        /// The file or key.
        what: String,
    },
    /// The key does not fit its algorithm.
    #[error("the key does not fit {algorithm}; expected {expected}")]
    KeyMismatch {
        /// The algorithm named.
        algorithm: &'static str,
        /// The key it needs.
        expected: &'static str,
    },
    /// An RSA key too small.
    #[error("the RSA key has {0} bits; expected at least 2048")]
    RsaTooSmall(usize),
    /// The JWKS file is not a JWK set.
    #[error("{} is not a JWK set ({detail}); expected a JSON object {{\"keys\": [...]}}", .path.display())]
    NotJwks {
        /// The JWKS file.
        path: PathBuf,
        /// The parser's words.
        detail: String,
    },
    /// An RSA JWK without `alg`.
    #[error("an RSA key needs \"alg\"; expected \"alg\": \"RS256\" (an RSA key could serve several algorithms)")]
    AlgRequired,
    /// A JWK of a type HIPE does not accept.
    #[error("key type {0} is not accepted; expected OKP with crv Ed25519, EC with crv P-256, or RSA")]
    UnsupportedKeyType(String),
    /// A JWK not meant for signatures.
    #[error("the key is not for verifying signatures ({0}); expected \"use\": \"sig\" or \"key_ops\" with \"verify\"")]
    NotForSignatures(String),
    /// A JWK member that is missing or not base64url.
    #[error("`{0}` is missing or not base64url; expected the key's public parameters")]
    BadParameter(&'static str),
}

/// Reads and checks the issuers file at `path`. `hipe_issuer` is HIPE's own `iss`, which no entry may claim.
///
/// # Errors
/// [`IssuersFileError`], naming the file, the issuer, the key, and what is expected.
pub fn load(path: &Path, hipe_issuer: &str) -> Result<Vec<TrustedIssuer>, IssuersFileError> {
    let text = std::fs::read_to_string(path).map_err(|e| IssuersFileError {
        file: path.to_owned(),
        issuer: None,
        key: None,
        problem: Box::new(IssuerProblem::Read(e)),
    })?;
    let base = path.parent().unwrap_or_else(|| Path::new("."));
    parse(&text, base, hipe_issuer).map_err(|mut error| {
        path.clone_into(&mut error.file);
        error
    })
}

/// Checks issuers-file `text`, reading key files relative to `base`. The error's `file` is left empty for
/// [`load`] to fill.
fn parse(text: &str, base: &Path, hipe_issuer: &str) -> Result<Vec<TrustedIssuer>, IssuersFileError> {
    let file: IssuersFile = toml::from_str(text).map_err(|e| IssuersFileError {
        file: PathBuf::new(),
        issuer: None,
        key: None,
        problem: Box::new(IssuerProblem::Syntax(e.to_string().trim_end().to_owned())),
    })?;
    if file.issuers.is_empty() {
        return Err(IssuersFileError {
            file: PathBuf::new(),
            issuer: None,
            key: None,
            problem: Box::new(IssuerProblem::NoIssuers),
        });
    }
    let mut names = HashSet::new();
    let mut iss_values = HashSet::new();
    let mut trusted = Vec::with_capacity(file.issuers.len());
    for (index, entry) in file.issuers.into_iter().enumerate() {
        let label = if entry.name.trim().is_empty() { format!("#{}", index + 1) } else { format!("{:?}", entry.name) };
        let fail = |key: Option<String>, problem| IssuersFileError {
            file: PathBuf::new(),
            issuer: Some(label.clone()),
            key,
            problem: Box::new(problem),
        };
        for (field, value) in [("name", &entry.name), ("issuer", &entry.issuer), ("audience", &entry.audience)] {
            if value.trim().is_empty() {
                return Err(fail(None, IssuerProblem::Empty(field)));
            }
        }
        if !names.insert(entry.name.clone()) {
            return Err(fail(None, IssuerProblem::DuplicateName));
        }
        if entry.issuer == hipe_issuer {
            return Err(fail(None, IssuerProblem::ReservedIssuer(entry.issuer)));
        }
        if !iss_values.insert(entry.issuer.clone()) {
            return Err(fail(None, IssuerProblem::DuplicateIssuer(entry.issuer)));
        }
        let keys = match (&entry.jwks_file, &entry.keys) {
            (Some(_), Some(_)) => return Err(fail(None, IssuerProblem::BothKeySources)),
            (None, None) => return Err(fail(None, IssuerProblem::NoKeys)),
            (None, Some(keys)) if keys.is_empty() => return Err(fail(None, IssuerProblem::NoKeys)),
            (Some(jwks), None) => load_jwks(&base.join(jwks)),
            (None, Some(keys)) => keys.iter().enumerate().map(|(i, key)| load_pem_key(base, i, key)).collect(),
        }
        .map_err(|(key, problem)| fail(key, problem))?;
        if keys.is_empty() {
            return Err(fail(None, IssuerProblem::NoKeys));
        }
        let mut kids = HashSet::new();
        for (position, key) in keys.iter().enumerate() {
            match &key.kid {
                None if keys.len() > 1 => {
                    return Err(fail(Some(format!("#{}", position + 1)), IssuerProblem::KidRequired));
                }
                Some(kid) if !kids.insert(kid.as_str()) => {
                    return Err(fail(Some(format!("{kid:?}")), IssuerProblem::DuplicateKid));
                }
                _ => {}
            }
        }
        trusted.push(TrustedIssuer {
            name: entry.name,
            issuer: entry.issuer,
            audience: entry.audience,
            kind: entry.kind,
            keys,
        });
    }
    Ok(trusted)
}

/// A failure while loading one key: the key's label (kid or position) and the problem.
type KeyFailure = (Option<String>, IssuerProblem);

fn key_label(kid: Option<&str>, position: usize) -> String {
    kid.map_or_else(|| format!("#{}", position + 1), |kid| format!("{kid:?}"))
}

/// The algorithms HIPE accepts, by their JOSE names.
fn allowed_algorithm(name: &str) -> Result<Algorithm, IssuerProblem> {
    match name {
        "EdDSA" => Ok(Algorithm::EdDSA),
        "ES256" => Ok(Algorithm::ES256),
        "RS256" => Ok(Algorithm::RS256),
        other => Err(IssuerProblem::AlgorithmNotAllowed(other.to_owned())),
    }
}

fn load_pem_key(base: &Path, position: usize, entry: &KeyEntry) -> Result<VerificationKey, KeyFailure> {
    let label = || Some(key_label(entry.kid.as_deref(), position));
    if entry.kid.as_deref().is_some_and(|kid| kid.trim().is_empty()) {
        return Err((label(), IssuerProblem::Empty("kid")));
    }
    let algorithm = allowed_algorithm(&entry.algorithm).map_err(|problem| (label(), problem))?;
    let path = base.join(&entry.pem_file);
    let bytes =
        std::fs::read(&path).map_err(|source| (label(), IssuerProblem::KeyFile { path: path.clone(), source }))?;
    let key = decode_pem(&path, &bytes, algorithm).map_err(|problem| (label(), problem))?;
    Ok(VerificationKey { kid: entry.kid.clone(), algorithm, key })
}

/// A PEM public key for `algorithm`: `SubjectPublicKeyInfo` for all three, PKCS#1 for RSA too.
fn decode_pem(path: &Path, bytes: &[u8], algorithm: Algorithm) -> Result<DecodingKey, IssuerProblem> {
    let rsa = algorithm == Algorithm::RS256;
    let not_pem = |detail: String| IssuerProblem::NotPublicKeyPem { path: path.to_owned(), detail, rsa };
    let (label, der) = pem_rfc7468::decode_vec(bytes).map_err(|e| not_pem(e.to_string()))?;
    match label {
        "PUBLIC KEY" => decode_spki(&der, algorithm),
        "RSA PUBLIC KEY" if rsa => {
            let key = <rsa::PublicKey as rsa::pkcs1::DecodeRsaPublicKey>::from_pkcs1_der(&der)
                .map_err(|_| mismatch(algorithm))?;
            rsa_decoding_key(&key)
        }
        label if label.contains("PRIVATE KEY") => Err(IssuerProblem::PrivateKey { what: path.display().to_string() }),
        "CERTIFICATE" => Err(not_pem("a certificate; extract its key with `openssl x509 -pubkey -noout`".to_owned())),
        other => Err(not_pem(format!("a {other} block"))),
    }
}

fn mismatch(algorithm: Algorithm) -> IssuerProblem {
    let (algorithm, expected) = match algorithm {
        Algorithm::ES256 => ("ES256", "a P-256 (prime256v1) public key"),
        Algorithm::RS256 => ("RS256", "an RSA public key of at least 2048 bits"),
        _ => ("EdDSA", "an Ed25519 public key"),
    };
    IssuerProblem::KeyMismatch { algorithm, expected }
}

/// A `SubjectPublicKeyInfo` DER key, parsed by the one parser of `algorithm`'s key type.
fn decode_spki(der: &[u8], algorithm: Algorithm) -> Result<DecodingKey, IssuerProblem> {
    match algorithm {
        Algorithm::ES256 => {
            let key = <p256::PublicKey as p256::pkcs8::DecodePublicKey>::from_public_key_der(der)
                .map_err(|_| mismatch(algorithm))?;
            Ok(DecodingKey::from_ec_der(&key.to_sec1_bytes()))
        }
        Algorithm::RS256 => {
            let key = <rsa::PublicKey as rsa::pkcs8::DecodePublicKey>::from_public_key_der(der)
                .map_err(|_| mismatch(algorithm))?;
            rsa_decoding_key(&key)
        }
        _ => {
            let key = <ed25519_dalek::VerifyingKey as ed25519_dalek::pkcs8::DecodePublicKey>::from_public_key_der(der)
                .map_err(|_| mismatch(algorithm))?;
            ed25519_decoding_key(&key)
        }
    }
}

fn rsa_decoding_key(key: &rsa::PublicKey) -> Result<DecodingKey, IssuerProblem> {
    use rsa::traits::PublicKeyParts as _;
    let n = key.n_bytes();
    let bits = n.first().map_or(0, |&top| (n.len() - 1) * 8 + (8 - top.leading_zeros() as usize));
    if bits < MIN_RSA_BITS {
        return Err(IssuerProblem::RsaTooSmall(bits));
    }
    Ok(DecodingKey::from_rsa_raw_components(&n, &key.e_bytes()))
}

fn ed25519_decoding_key(key: &ed25519_dalek::VerifyingKey) -> Result<DecodingKey, IssuerProblem> {
    if key.is_weak() {
        return Err(mismatch(Algorithm::EdDSA));
    }
    Ok(DecodingKey::from_ed_der(key.as_bytes()))
}

/// JWK members that carry private or secret key material (RFC 7518 §6).
const PRIVATE_MEMBERS: &[&str] = &["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

fn load_jwks(path: &Path) -> Result<Vec<VerificationKey>, KeyFailure> {
    let not_jwks = |detail: String| (None, IssuerProblem::NotJwks { path: path.to_owned(), detail });
    let text = std::fs::read_to_string(path)
        .map_err(|source| (None, IssuerProblem::KeyFile { path: path.to_owned(), source }))?;
    let set: Value = serde_json::from_str(&text).map_err(|e| not_jwks(e.to_string()))?;
    let keys = set.get("keys").and_then(Value::as_array).ok_or_else(|| not_jwks("no \"keys\" array".to_owned()))?;
    keys.iter()
        .enumerate()
        .map(|(position, jwk)| {
            let jwk = jwk.as_object().ok_or_else(|| not_jwks(format!("key #{} is not an object", position + 1)))?;
            let kid = member(jwk, "kid").map(str::to_owned);
            load_jwk(jwk, kid.clone(), path).map_err(|problem| (Some(key_label(kid.as_deref(), position)), problem))
        })
        .collect()
}

fn member<'a>(jwk: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    jwk.get(name).and_then(Value::as_str)
}

fn component(jwk: &Map<String, Value>, name: &'static str) -> Result<Vec<u8>, IssuerProblem> {
    member(jwk, name)
        .and_then(|text| URL_SAFE_NO_PAD.decode(text).ok())
        .filter(|bytes| !bytes.is_empty())
        .ok_or(IssuerProblem::BadParameter(name))
}

fn load_jwk(jwk: &Map<String, Value>, kid: Option<String>, path: &Path) -> Result<VerificationKey, IssuerProblem> {
    if PRIVATE_MEMBERS.iter().any(|name| jwk.contains_key(*name)) {
        return Err(IssuerProblem::PrivateKey { what: format!("this key of {}", path.display()) });
    }
    if kid.as_deref().is_some_and(|kid| kid.trim().is_empty()) {
        return Err(IssuerProblem::Empty("kid"));
    }
    if let Some(usage) = jwk.get("use").filter(|usage| usage.as_str() != Some("sig")) {
        return Err(IssuerProblem::NotForSignatures(format!("\"use\": {usage}")));
    }
    if let Some(operations) = jwk.get("key_ops") {
        let verifies = operations.as_array().is_some_and(|ops| ops.iter().any(|op| op.as_str() == Some("verify")));
        if !verifies {
            return Err(IssuerProblem::NotForSignatures(format!("\"key_ops\": {operations}")));
        }
    }
    let declared = match jwk.get("alg") {
        None => None,
        Some(Value::String(alg)) => Some(allowed_algorithm(alg)?),
        Some(other) => return Err(IssuerProblem::AlgorithmNotAllowed(other.to_string())),
    };
    let key_type = (member(jwk, "kty").unwrap_or("(none)"), member(jwk, "crv"));
    let (algorithm, key) = match key_type {
        ("OKP", Some("Ed25519")) => {
            let x: [u8; 32] = component(jwk, "x")?.try_into().map_err(|_| IssuerProblem::BadParameter("x"))?;
            let key = ed25519_dalek::VerifyingKey::from_bytes(&x).map_err(|_| mismatch(Algorithm::EdDSA))?;
            (Algorithm::EdDSA, ed25519_decoding_key(&key)?)
        }
        ("EC", Some("P-256")) => {
            let (x, y) = (component(jwk, "x")?, component(jwk, "y")?);
            if x.len() != 32 || y.len() != 32 {
                return Err(mismatch(Algorithm::ES256));
            }
            let point = [&[0x04][..], &x, &y].concat();
            let key = p256::PublicKey::from_sec1_bytes(&point).map_err(|_| mismatch(Algorithm::ES256))?;
            (Algorithm::ES256, DecodingKey::from_ec_der(&key.to_sec1_bytes()))
        }
        ("RSA", _) => {
            if declared.is_none() {
                return Err(IssuerProblem::AlgRequired);
            }
            let (n, e) = (component(jwk, "n")?, component(jwk, "e")?);
            let key = rsa::PublicKey::new(
                rsa::BoxedUint::from_be_slice_vartime(&n),
                rsa::BoxedUint::from_be_slice_vartime(&e),
            )
            .map_err(|_| mismatch(Algorithm::RS256))?;
            (Algorithm::RS256, rsa_decoding_key(&key)?)
        }
        ("oct", _) => return Err(IssuerProblem::PrivateKey { what: format!("this key of {}", path.display()) }),
        (kty, crv) => {
            return Err(IssuerProblem::UnsupportedKeyType(match crv {
                Some(crv) => format!("{kty}/{crv}"),
                None => kty.to_owned(),
            }));
        }
    };
    if let Some(declared) = declared
        && declared != algorithm
    {
        return Err(mismatch(declared));
    }
    Ok(VerificationKey { kid, algorithm, key })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use jsonwebtoken::Algorithm;

    use super::{IssuerKind, IssuerProblem, IssuersFileError, TrustedIssuer, load};

    /// Public keys only (an identity provider publishes them): P-256, RSA 2048 (SPKI and PKCS#1), Ed25519.
    const ES256_PEM: &str = "-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEcUlLN75Pltsa/Cnn/aprlGfTHcVJ
4yHI2qb1MYWyz5XVFv9udKZC26B5M1XNmOsJZWR8jTr1nKh2V0XBH8Xa5w==
-----END PUBLIC KEY-----
";
    const RS256_PEM: &str = "-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwPkOwMJqaKdTbreExMkt
9y7GbcTmdC+Wnxuok4kuSFxsFuFgYDPn6nmpnZ7pLc/wgK1pJP4yUGkILgmSBt79
8d5osKvUZU6TD0OhRLFOrJyx+elV9GWsZ78I7JJglO2vslFaIcssiDdMIkLi0je6
MoqFUy4+8DjXBiSoZobWwzYzu5YC3YMwsJ5ZSS+YkYT8TfAVJpSo58WKC3NHjiZn
O3zbknpNqjq6AQD1Klb8ZOHpCKNFwxjofm5b1+zVvLo2DoiaRNAn9JAqc3TnmcEl
t3nA9S+GG3zH77GwBVJfoEkIYu28fiPC/wZt+NtM8QUCcdc+Y2mkUFsKIHU61Tbb
AQIDAQAB
-----END PUBLIC KEY-----
";
    const RS256_PKCS1_PEM: &str = "-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEAwPkOwMJqaKdTbreExMkt9y7GbcTmdC+Wnxuok4kuSFxsFuFgYDPn
6nmpnZ7pLc/wgK1pJP4yUGkILgmSBt798d5osKvUZU6TD0OhRLFOrJyx+elV9GWs
Z78I7JJglO2vslFaIcssiDdMIkLi0je6MoqFUy4+8DjXBiSoZobWwzYzu5YC3YMw
sJ5ZSS+YkYT8TfAVJpSo58WKC3NHjiZnO3zbknpNqjq6AQD1Klb8ZOHpCKNFwxjo
fm5b1+zVvLo2DoiaRNAn9JAqc3TnmcElt3nA9S+GG3zH77GwBVJfoEkIYu28fiPC
/wZt+NtM8QUCcdc+Y2mkUFsKIHU61TbbAQIDAQAB
-----END RSA PUBLIC KEY-----
";
    const ED25519_PEM: &str = "-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAvXyP9C3StCh4+9WNS8XoBzM1+DnL+BCrnKMAIGdB5eQ=
-----END PUBLIC KEY-----
";
    /// A private key's PEM armour: what an operator might paste by mistake. The body is not a real key.
    const PRIVATE_PEM: &str = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END PRIVATE KEY-----\n";
    const EC_X: &str = "3DAsI46gFtWTk1o7OnieccqFPX0heUHAUZTfzeTf-u4";
    const EC_Y: &str = "CquHgasIVxz00QCsF6CnuPqJoCpGYidew9fay0Od0v8";
    const OKP_X: &str = "vXyP9C3StCh4-9WNS8XoBzM1-DnL-BCrnKMAIGdB5eQ";

    /// An issuers file in a directory of its own, with the key files it names.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(issuers: &str, files: &[(&str, &str)]) -> Self {
            let dir = std::env::temp_dir().join(format!("hipe-issuers-{}", uuid::Uuid::now_v7().simple()));
            std::fs::create_dir_all(&dir).expect("scratch dir");
            std::fs::write(dir.join("issuers.toml"), issuers).expect("issuers file");
            for (name, content) in files {
                std::fs::write(dir.join(name), content).expect("key file");
            }
            Self(dir)
        }

        fn load(&self) -> Result<Vec<TrustedIssuer>, IssuersFileError> {
            load(&self.0.join("issuers.toml"), "hipe-dev")
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn issuer(name: &str, iss: &str, keys: &str) -> String {
        format!(
            "[[issuers]]\nname = \"{name}\"\nissuer = \"{iss}\"\naudience = \"hipe-api\"\nkind = \"agents\"\n{keys}\n"
        )
    }

    fn pem_key(kid: &str, algorithm: &str, file: &str) -> String {
        format!("[[issuers.keys]]\nkid = \"{kid}\"\nalgorithm = \"{algorithm}\"\npem_file = \"{file}\"\n")
    }

    fn jwks(keys: &[&str]) -> String {
        format!("{{\"keys\": [{}]}}", keys.join(","))
    }

    /// Loads a file that must be refused; returns the problem and the whole message.
    fn refused(issuers: &str, files: &[(&str, &str)]) -> (IssuerProblem, String) {
        let scratch = Scratch::new(issuers, files);
        let error = scratch.load().expect_err("refused");
        let message = error.to_string();
        assert!(message.starts_with("issuers file "), "{message}");
        assert!(message.contains(&scratch.0.join("issuers.toml").display().to_string()), "names the file: {message}");
        (*error.problem, message)
    }

    #[test]
    fn a_good_file_loads_pem_keys_and_jwks_relative_to_itself() {
        let ec = format!(r#"{{"kty":"EC","crv":"P-256","x":"{EC_X}","y":"{EC_Y}","kid":"ec"}}"#);
        let okp = format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{OKP_X}","kid":"ed","use":"sig"}}"#);
        let text = [
            issuer(
                "a",
                "https://a.test",
                &[pem_key("a1", "ES256", "a1.pem"), pem_key("a2", "RS256", "a2.pem")].concat(),
            ),
            issuer("b", "https://b.test", "jwks_file = \"b.json\""),
            "[[issuers]]\nname = \"c\"\nissuer = \"https://c.test\"\naudience = \"m\"\nkind = \"usager\"\n\
             [[issuers.keys]]\nalgorithm = \"EdDSA\"\npem_file = \"c.pem\"\n"
                .to_owned(),
            issuer("d", "https://d.test", &pem_key("d1", "RS256", "d1.pem")),
        ]
        .concat();
        let scratch = Scratch::new(
            &text,
            &[
                ("a1.pem", ES256_PEM),
                ("a2.pem", RS256_PEM),
                ("b.json", &jwks(&[&ec, &okp])),
                ("c.pem", ED25519_PEM),
                ("d1.pem", RS256_PKCS1_PEM),
            ],
        );
        let issuers = scratch.load().expect("loads");
        let summary: Vec<_> = issuers.iter().map(|i| (i.name(), i.issuer(), i.kind(), i.kids())).collect();
        assert_eq!(
            summary,
            [
                (
                    "a",
                    "https://a.test",
                    IssuerKind::Agents,
                    vec![(Some("a1"), Algorithm::ES256), (Some("a2"), Algorithm::RS256)]
                ),
                (
                    "b",
                    "https://b.test",
                    IssuerKind::Agents,
                    vec![(Some("ec"), Algorithm::ES256), (Some("ed"), Algorithm::EdDSA)]
                ),
                ("c", "https://c.test", IssuerKind::Usager, vec![(None, Algorithm::EdDSA)]),
                ("d", "https://d.test", IssuerKind::Agents, vec![(Some("d1"), Algorithm::RS256)]),
            ]
        );
        assert_eq!(issuers[2].audience(), "m");
    }

    #[test]
    fn algorithms_other_than_eddsa_es256_and_rs256_are_refused_naming_issuer_and_key() {
        for algorithm in ["HS256", "none", "ES384", "PS256", "RS512"] {
            let (problem, message) = refused(
                &issuer("agents", "https://a.test", &pem_key("k1", algorithm, "k.pem")),
                &[("k.pem", ES256_PEM)],
            );
            assert!(matches!(problem, IssuerProblem::AlgorithmNotAllowed(_)), "{message}");
            assert!(message.contains("issuer \"agents\", key \"k1\""), "{message}");
            assert!(message.contains("expected EdDSA, ES256 or RS256"), "{message}");
        }
        let hs = r#"{"kty":"RSA","kid":"k","alg":"HS256","n":"AQAB","e":"AQAB"}"#;
        let (problem, _) =
            refused(&issuer("b", "https://b.test", "jwks_file = \"k.json\""), &[("k.json", &jwks(&[hs]))]);
        assert!(matches!(problem, IssuerProblem::AlgorithmNotAllowed(alg) if alg == "HS256"));
    }

    #[test]
    fn a_key_that_does_not_fit_its_algorithm_is_refused() {
        for (algorithm, file) in
            [("ES256", ED25519_PEM), ("EdDSA", ES256_PEM), ("RS256", ES256_PEM), ("ES256", RS256_PEM)]
        {
            let (problem, message) =
                refused(&issuer("a", "https://a.test", &pem_key("k", algorithm, "k.pem")), &[("k.pem", file)]);
            assert!(matches!(problem, IssuerProblem::KeyMismatch { .. }), "{algorithm}: {message}");
        }
        // PKCS#1 is an RSA format only.
        let (problem, _) =
            refused(&issuer("a", "https://a.test", &pem_key("k", "ES256", "k.pem")), &[("k.pem", RS256_PKCS1_PEM)]);
        assert!(matches!(problem, IssuerProblem::NotPublicKeyPem { .. }));
        // A JWK whose `alg` contradicts its type.
        let okp = format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{OKP_X}","alg":"ES256"}}"#);
        let (problem, message) =
            refused(&issuer("b", "https://b.test", "jwks_file = \"k.json\""), &[("k.json", &jwks(&[&okp]))]);
        assert!(matches!(problem, IssuerProblem::KeyMismatch { algorithm: "ES256", .. }), "{message}");
    }

    #[test]
    fn a_jwk_without_alg_is_refused_unless_its_type_determines_it() {
        let rsa = r#"{"kty":"RSA","kid":"r","n":"wPkOwMJq","e":"AQAB"}"#;
        let (problem, message) =
            refused(&issuer("b", "https://b.test", "jwks_file = \"k.json\""), &[("k.json", &jwks(&[rsa]))]);
        assert!(matches!(problem, IssuerProblem::AlgRequired), "{message}");
        assert!(message.contains("key \"r\"") && message.contains("\"alg\": \"RS256\""), "{message}");
        for (kty, why) in [
            (r#"{"kty":"EC","crv":"P-384","x":"AA","y":"AA"}"#, "EC/P-384"),
            (r#"{"kty":"OKP","crv":"X25519","x":"AA"}"#, "OKP/X25519"),
            (r#"{"x":"AA"}"#, "(none)"),
        ] {
            let (problem, message) =
                refused(&issuer("b", "https://b.test", "jwks_file = \"k.json\""), &[("k.json", &jwks(&[kty]))]);
            assert!(matches!(&problem, IssuerProblem::UnsupportedKeyType(t) if t == why), "{message}");
        }
    }

    #[test]
    fn private_or_secret_key_material_is_refused() {
        let (problem, _) =
            refused(&issuer("a", "https://a.test", &pem_key("k", "EdDSA", "k.pem")), &[("k.pem", PRIVATE_PEM)]);
        assert!(matches!(problem, IssuerProblem::PrivateKey { .. }));
        let with_d = format!(r#"{{"kty":"EC","crv":"P-256","x":"{EC_X}","y":"{EC_Y}","d":"AA"}}"#);
        let oct = r#"{"kty":"oct","k":"c2VjcmV0"}"#;
        for jwk in [with_d.as_str(), oct] {
            let (problem, message) =
                refused(&issuer("b", "https://b.test", "jwks_file = \"k.json\""), &[("k.json", &jwks(&[jwk]))]);
            assert!(matches!(problem, IssuerProblem::PrivateKey { .. }), "{message}");
            assert!(message.contains("key #1"), "{message}");
        }
    }

    #[test]
    fn small_rsa_keys_and_keys_not_for_signatures_are_refused() {
        let n = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, [0xc1_u8; 128]);
        let small = format!(r#"{{"kty":"RSA","alg":"RS256","n":"{n}","e":"AQAB"}}"#);
        let (problem, _) =
            refused(&issuer("b", "https://b.test", "jwks_file = \"k.json\""), &[("k.json", &jwks(&[&small]))]);
        assert!(matches!(problem, IssuerProblem::RsaTooSmall(1024)), "{problem:?}");
        let encryption = format!(r#"{{"kty":"EC","crv":"P-256","x":"{EC_X}","y":"{EC_Y}","use":"enc"}}"#);
        let (problem, _) =
            refused(&issuer("b", "https://b.test", "jwks_file = \"k.json\""), &[("k.json", &jwks(&[&encryption]))]);
        assert!(matches!(problem, IssuerProblem::NotForSignatures(_)));
    }

    #[test]
    fn several_keys_need_distinct_kids() {
        let keys = format!(
            "{}[[issuers.keys]]\nalgorithm = \"ES256\"\npem_file = \"k.pem\"\n",
            pem_key("k1", "ES256", "k.pem")
        );
        let (problem, message) = refused(&issuer("a", "https://a.test", &keys), &[("k.pem", ES256_PEM)]);
        assert!(matches!(problem, IssuerProblem::KidRequired), "{message}");
        assert!(message.contains("key #2"), "{message}");
        let twice = [pem_key("k1", "ES256", "k.pem"), pem_key("k1", "ES256", "k.pem")].concat();
        let (problem, _) = refused(&issuer("a", "https://a.test", &twice), &[("k.pem", ES256_PEM)]);
        assert!(matches!(problem, IssuerProblem::DuplicateKid));
    }

    #[test]
    fn issuers_need_keys_from_exactly_one_source() {
        let (problem, _) = refused(&issuer("a", "https://a.test", ""), &[]);
        assert!(matches!(problem, IssuerProblem::NoKeys));
        let both = format!("jwks_file = \"k.json\"\n{}", pem_key("k", "ES256", "k.pem"));
        let (problem, _) = refused(&issuer("a", "https://a.test", &both), &[("k.pem", ES256_PEM)]);
        assert!(matches!(problem, IssuerProblem::BothKeySources));
        let (problem, _) =
            refused(&issuer("a", "https://a.test", "jwks_file = \"k.json\""), &[("k.json", "{\"keys\": []}")]);
        assert!(matches!(problem, IssuerProblem::NoKeys));
        let (problem, message) = refused(&issuer("a", "https://a.test", &pem_key("k", "ES256", "missing.pem")), &[]);
        assert!(matches!(problem, IssuerProblem::KeyFile { .. }), "{message}");
        assert!(message.contains("missing.pem"), "{message}");
        let (problem, _) = refused(&issuer("a", "https://a.test", "jwks_file = \"k.json\""), &[("k.json", "[1, 2]")]);
        assert!(matches!(problem, IssuerProblem::NotJwks { .. }));
    }

    #[test]
    fn names_and_issuers_are_unique_and_hipes_own_issuer_is_reserved() {
        let key = pem_key("k", "ES256", "k.pem");
        let files = [("k.pem", ES256_PEM)];
        let (problem, _) =
            refused(&[issuer("a", "https://a.test", &key), issuer("a", "https://b.test", &key)].concat(), &files);
        assert!(matches!(problem, IssuerProblem::DuplicateName));
        let (problem, _) =
            refused(&[issuer("a", "https://a.test", &key), issuer("b", "https://a.test", &key)].concat(), &files);
        assert!(matches!(problem, IssuerProblem::DuplicateIssuer(_)));
        let (problem, _) = refused(&issuer("a", "hipe-dev", &key), &files);
        assert!(matches!(problem, IssuerProblem::ReservedIssuer(_)));
        let (problem, message) = refused(&issuer("a", " ", &key), &files);
        assert!(matches!(problem, IssuerProblem::Empty("issuer")), "{message}");
    }

    #[test]
    fn a_file_of_the_wrong_shape_says_what_is_expected() {
        let (problem, message) = refused("", &[]);
        assert!(matches!(problem, IssuerProblem::NoIssuers), "{message}");
        for (text, hint) in [
            ("[[issuers]]\nname = \"a\"\n", "missing field"),
            (&*issuer("a", "https://a.test", "jwks_file = \"k.json\"\ncolour = \"blue\""), "unknown field"),
            (&*issuer("a", "https://a.test", "jwks_file = \"k.json\"").replace("agents", "agent"), "usager"),
            ("[[issuers]\n", "TOML parse error"),
        ] {
            let (problem, message) = refused(text, &[]);
            assert!(matches!(problem, IssuerProblem::Syntax(_)), "{message}");
            assert!(message.contains(hint), "{hint}: {message}");
            assert!(message.contains("expected [[issuers]] tables"), "{message}");
        }
        let error = load(std::path::Path::new("/nonexistent/issuers.toml"), "hipe-dev").expect_err("missing");
        assert!(matches!(*error.problem, IssuerProblem::Read(_)));
        assert!(error.to_string().starts_with("issuers file /nonexistent/issuers.toml: cannot be read"), "{error}");
    }
}
