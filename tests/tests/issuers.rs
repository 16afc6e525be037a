//! Configured identity providers: a token of a trusted issuer, signed with one of *its* keys under that key's one
//! algorithm, for *its* audience, describing the kind of actor it may describe, becomes the actor; anything else
//! is the same `UNAUTHENTICATED` as every other refusal.
//!
//! The server trusts `tests/fixtures/issuers/issuers.toml`: a usager provider with an ES256 key in a PEM file, and
//! an agents provider with a JWK set holding an RS256 key and an EC P-256 key without `alg`. The tokens are signed
//! with the matching test-only private keys, made by OpenSSL (see `tests/fixtures/issuers/README.md`).

use hipe_tests::{TestApp, TestOptions, error_code, fixture, on_both_databases};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

const USAGERS: &str = "https://usagers.idp.test";
const AGENTS: &str = "https://agents.idp.test";

/// The DER inside a test-only PEM private key.
fn private_der(name: &str) -> Vec<u8> {
    let pem = std::fs::read(fixture(&format!("issuers/{name}"))).expect("fixture key");
    pem_rfc7468::decode_vec(&pem).expect("PEM").1
}

/// The usager provider's ES256 key (PKCS#8).
fn usagers_es256() -> EncodingKey {
    EncodingKey::from_ec_der(&private_der("usagers-es256.key.pem"))
}

/// The agents provider's RS256 key (PKCS#1).
fn agents_rs256() -> EncodingKey {
    EncodingKey::from_rsa_der(&private_der("agents-rs256.key.pem"))
}

/// The agents provider's ES256 key (PKCS#8), published without `alg`.
fn agents_es256() -> EncodingKey {
    EncodingKey::from_ec_der(&private_der("agents-es256.key.pem"))
}

fn header(algorithm: Algorithm, kid: &str) -> Header {
    let mut header = Header::new(algorithm);
    header.kid = Some(kid.to_owned());
    header
}

fn sign(algorithm: Algorithm, kid: &str, claims: &Value, key: &EncodingKey) -> String {
    jsonwebtoken::encode(&header(algorithm, kid), claims, key).expect("signed")
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A usager provider's token for `person` (the audience as an array, as many providers write it).
fn usager_claims(person: &str) -> Value {
    json!({ "iss": USAGERS, "aud": ["hipe-api"], "sub": person, "exp": now() + 300, "nbf": now() - 5, "iat": now() })
}

/// An agents provider's token for a prefecture instructor of the Rhône.
fn agent_claims() -> Value {
    json!({
        "iss": AGENTS, "aud": "hipe-ministry", "sub": "agent-69-001", "exp": now() + 300, "nbf": now() - 5,
        "iat": now(), "role": "prefecture_instructor", "org": "Préfecture du Rhône", "territories": ["69"]
    })
}

fn with(mut claims: Value, field: &str, value: Value) -> Value {
    claims[field] = value;
    claims
}

const ME: &str = "{ me { audience } }";

/// The viewer as its audience's view shows it: a person's record for the mobile audience, the agent's profile for
/// the others (each view has only its own half of `Viewer`).
async fn me(app: &TestApp, token: &str) -> Value {
    let (status, body) = app.graphql(ME, json!({}), Some(token)).await;
    assert_eq!(status, 200, "{body}");
    let detail = if body["data"]["me"]["audience"] == "MOBILE" {
        "{ me { audience person { familyName } } }"
    } else {
        "{ me { audience agent { role organisation territories } } }"
    };
    let (status, body) = app.graphql(detail, json!({}), Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body["data"]["me"].clone()
}

async fn assert_refused(app: &TestApp, token: &str, why: &str) {
    let (status, body) = app.graphql(ME, json!({}), Some(token)).await;
    assert_eq!(status, 401, "{why}: {body}");
    assert_eq!(error_code(&body), Some("UNAUTHENTICATED"), "{why}");
    assert_eq!(body["errors"][0]["message"], "invalid or expired token", "{why}: the same words for every refusal");
}

on_both_databases! {
    async fn a_usager_token_signed_with_the_providers_es256_pem_key_becomes_the_person(
        app with TestOptions::with_fixture_issuers()
    ) {
        let person = app.create_person("Diallo").await;
        let claims = usager_claims(&person.as_uuid().to_string());
        let token = sign(Algorithm::ES256, "usagers-es256", &claims, &usagers_es256());
        let viewer = me(&app, &token).await;
        assert_eq!(viewer["audience"], "MOBILE");
        assert_eq!(viewer["person"]["familyName"], "Diallo");

        // A role claim in a usager provider's token is no way to become an agent.
        let claims = with(claims, "role", json!("prefecture_signatory"));
        let token = sign(Algorithm::ES256, "usagers-es256", &claims, &usagers_es256());
        assert_eq!(me(&app, &token).await["audience"], "MOBILE");
    }
}

on_both_databases! {
    async fn an_agent_token_signed_with_a_key_of_the_providers_jwks_becomes_the_agent(
        app with TestOptions::with_fixture_issuers()
    ) {
        let token = sign(Algorithm::RS256, "agents-rs256", &agent_claims(), &agents_rs256());
        let viewer = me(&app, &token).await;
        assert_eq!(viewer["audience"], "MINISTRY");
        assert_eq!(viewer["agent"], json!({
            "role": "prefecture_instructor", "organisation": "Préfecture du Rhône", "territories": ["69"]
        }));

        // The JWK without `alg` is an EC P-256 key: ES256, and only ES256.
        let token = sign(Algorithm::ES256, "agents-es256", &agent_claims(), &agents_es256());
        assert_eq!(me(&app, &token).await["audience"], "MINISTRY");
    }
}

on_both_databases! {
    async fn a_token_of_one_issuer_signed_with_another_issuers_key_is_refused(
        app with TestOptions::with_fixture_issuers()
    ) {
        let person = app.create_person("Target").await;
        let usager = usager_claims(&person.as_uuid().to_string());

        // The usager provider's iss, the agents provider's key under its own kid: not one of this issuer's keys.
        assert_refused(&app, &sign(Algorithm::RS256, "agents-rs256", &usager, &agents_rs256()), "B's kid under A").await;
        // The usager provider's kid, signed by the agents provider's EC key: the signature fails.
        assert_refused(&app, &sign(Algorithm::ES256, "usagers-es256", &usager, &agents_es256()), "B's key, A's kid").await;
        // The agents provider's iss, the usager provider's key.
        let agent = agent_claims();
        assert_refused(&app, &sign(Algorithm::ES256, "usagers-es256", &agent, &usagers_es256()), "A's key under B").await;
        // HIPE's own development key cannot speak for a provider, nor a provider's key for HIPE.
        let kid = app.issuer.current_kid().expect("kid").to_owned();
        assert_refused(&app, &app.issuer.sign(&header(Algorithm::EdDSA, &kid), &usager).expect("signed"), "HIPE's key as A").await;
        let as_hipe = with(usager.clone(), "iss", json!("hipe-test"));
        assert_refused(&app, &sign(Algorithm::ES256, "usagers-es256", &as_hipe, &usagers_es256()), "A's key as HIPE").await;
        // An issuer nobody configured.
        let stranger = with(usager, "iss", json!("https://stranger.idp.test"));
        assert_refused(&app, &sign(Algorithm::ES256, "usagers-es256", &stranger, &usagers_es256()), "unknown iss").await;
    }
}

on_both_databases! {
    async fn a_key_used_with_another_algorithm_is_refused(app with TestOptions::with_fixture_issuers()) {
        let agent = agent_claims();
        // The RS256 key, with the other algorithms the same RSA key could produce.
        for algorithm in [Algorithm::RS512, Algorithm::PS256] {
            assert_refused(&app, &sign(algorithm, "agents-rs256", &agent, &agents_rs256()), &format!("{algorithm:?}")).await;
        }
        // HMAC keyed with the public key file: the classic algorithm confusion.
        let public_pem = std::fs::read(fixture("issuers/usagers-es256.pem")).expect("public key");
        let person = app.create_person("Confused").await;
        let usager = usager_claims(&person.as_uuid().to_string());
        let hmac = EncodingKey::from_secret(&public_pem).expect("hmac key");
        assert_refused(&app, &sign(Algorithm::HS256, "usagers-es256", &usager, &hmac), "HS256 with the public key").await;
        // A valid ES256 token relabelled ES384: the key is bound to ES256.
        let valid = sign(Algorithm::ES256, "usagers-es256", &usager, &usagers_es256());
        let rest = valid.split_once('.').expect("token").1;
        let head = base64_url(&json!({ "alg": "ES384", "typ": "JWT", "kid": "usagers-es256" }).to_string());
        assert_refused(&app, &format!("{head}.{rest}"), "ES384 header on the ES256 key").await;
        // alg: none, with the provider's kid.
        let none = base64_url(&json!({ "alg": "none", "typ": "JWT", "kid": "usagers-es256" }).to_string());
        assert_refused(&app, &format!("{none}.{rest}"), "alg none").await;
        assert_eq!(me(&app, &valid).await["audience"], "MOBILE", "the genuine token still passes");
    }
}

on_both_databases! {
    async fn each_issuer_is_held_to_its_own_audience_times_and_kind_of_actor(
        app with TestOptions::with_fixture_issuers()
    ) {
        let person = app.create_person("Strict").await;
        let usager = usager_claims(&person.as_uuid().to_string());
        let es = |claims: &Value| sign(Algorithm::ES256, "usagers-es256", claims, &usagers_es256());
        let rs = |claims: &Value| sign(Algorithm::RS256, "agents-rs256", claims, &agents_rs256());
        let cases = [
            (es(&with(usager.clone(), "aud", json!("hipe-ministry"))), "the agents provider's audience on a usager token"),
            (rs(&with(agent_claims(), "aud", json!("hipe-api"))), "the usagers' audience on an agent token"),
            (es(&with(usager.clone(), "exp", json!(now() - 120))), "expired"),
            (es(&with(usager.clone(), "nbf", json!(now() + 600))), "not yet valid"),
            (es(&with(usager.clone(), "sub", json!("not-a-uuid"))), "a usager subject that is no UUID"),
            (rs(&with(agent_claims(), "role", Value::Null)), "an agents provider's token without a role is no person"),
            (rs(&with(agent_claims(), "role", json!("superuser"))), "an unknown role"),
        ];
        for (token, why) in cases {
            assert_refused(&app, &token, why).await;
        }
        let mut no_nbf = usager;
        no_nbf.as_object_mut().expect("object").remove("nbf");
        assert_refused(&app, &es(&no_nbf), "nbf is required").await;
    }
}

fn base64_url(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}

/// The refusals above all look the same from outside, on purpose; here each one is checked for its own reason, so
/// that none of them passes by accident (a token refused for a typo in the test would prove nothing).
#[tokio::test]
async fn each_forgery_is_refused_for_its_own_reason() {
    use hipe_api::auth::{AuthError, Authenticator, issuers};
    use jsonwebtoken::errors::ErrorKind;
    type Reason = fn(&AuthError) -> bool;

    let trusted = issuers::load(&fixture("issuers/issuers.toml"), "hipe-test").expect("the fixture loads");
    // No partner token here: the partner directory only needs to exist.
    let storage = hipe_persistence::connect("sqlite::memory:", 1).await.expect("memory database");
    storage.migrate().await.expect("migrated");
    let partners =
        hipe_api::auth::PartnerDirectory::new(std::sync::Arc::new(storage.partners()), std::time::Duration::ZERO);
    let authenticator = Authenticator::trusting(trusted, partners);
    let check = async |token: String| authenticator.authenticate(Some(&format!("Bearer {token}"))).await;
    let person = uuid::Uuid::now_v7().to_string();
    let usager = usager_claims(&person);

    let genuine = check(sign(Algorithm::ES256, "usagers-es256", &usager, &usagers_es256())).await;
    assert!(matches!(genuine, Ok(hipe_domain::Actor::Person(_))), "{genuine:?}");
    let cases: Vec<(String, Reason, &str)> = vec![
        (
            sign(Algorithm::RS256, "agents-rs256", &usager, &agents_rs256()),
            |e| matches!(e, AuthError::UnknownKey),
            "B's kid under A",
        ),
        (
            sign(Algorithm::ES256, "usagers-es256", &usager, &agents_es256()),
            |e| matches!(e, AuthError::Rejected(e) if *e.kind() == ErrorKind::InvalidSignature),
            "B's key under A's kid",
        ),
        (
            sign(Algorithm::PS256, "agents-rs256", &agent_claims(), &agents_rs256()),
            |e| matches!(e, AuthError::WrongAlgorithm(Algorithm::PS256)),
            "PS256 on the RS256 key",
        ),
        (
            sign(
                Algorithm::ES256,
                "usagers-es256",
                &with(usager.clone(), "iss", json!("https://stranger.idp.test")),
                &usagers_es256(),
            ),
            |e| matches!(e, AuthError::UnknownIssuer),
            "unknown issuer",
        ),
        (
            sign(
                Algorithm::ES256,
                "usagers-es256",
                &with(usager.clone(), "aud", json!("hipe-ministry")),
                &usagers_es256(),
            ),
            |e| matches!(e, AuthError::Rejected(e) if *e.kind() == ErrorKind::InvalidAudience),
            "another issuer's audience",
        ),
        (
            sign(Algorithm::RS256, "agents-rs256", &with(agent_claims(), "role", Value::Null), &agents_rs256()),
            |e| matches!(e, AuthError::BadClaims(_)),
            "an agent token without a role",
        ),
        (
            sign(Algorithm::ES256, "usagers-es256", &with(usager, "iss", json!(["a", "b"])), &usagers_es256()),
            |e| matches!(e, AuthError::MalformedPayload),
            "iss not a string",
        ),
    ];
    for (token, expected, why) in cases {
        let error = check(token).await.expect_err(why);
        assert!(expected(&error), "{why}: refused, but for {error:?}");
    }
}
