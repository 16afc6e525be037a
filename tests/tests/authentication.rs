//! Bearer tokens: only a perfectly valid token of a trusted key becomes an actor; every forgery answers the same
//! `UNAUTHENTICATED` with nothing that helps an attacker. Forged tokens are built with `jsonwebtoken`, the
//! standard JOSE library of the Rust ecosystem.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hipe_api::auth::{API_AUDIENCE, Claims, DevIssuer, Subject};
use hipe_domain::person::PersonId;
use hipe_tests::{TestApp, error_code, on_both_databases};
use jsonwebtoken::{Algorithm, EncodingKey, Header};

use serde_json::{Value, json};

fn claims(_app: &TestApp, person: PersonId) -> Claims {
    Claims::for_subject(&Subject::Person(person), "hipe-test", chrono::Utc::now().timestamp(), 600)
}

fn header(app: &TestApp) -> Header {
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = app.issuer.current_kid().map(str::to_owned);
    header
}

async fn assert_refused(app: &TestApp, token: &str, why: &str) {
    let response = app
        .client
        .post(app.graphql_url())
        .bearer_auth(token)
        .json(&json!({ "query": "{ me { audience } }" }))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status().as_u16(), 401, "{why}");
    assert!(response.headers().get("www-authenticate").is_some(), "{why}");
    let body: Value = response.json().await.expect("json");
    assert_eq!(error_code(&body), Some("UNAUTHENTICATED"), "{why}");
    assert_eq!(body["errors"][0]["message"], "invalid or expired token", "{why}: the same words for every refusal");
    assert!(body.get("data").is_none(), "{why}");
}

async fn me(app: &TestApp, token: &str) -> Value {
    app.graphql("{ me { audience } }", json!({}), Some(token)).await.1
}

on_both_databases! {
    async fn a_valid_token_becomes_the_actor(app) {
        let person = app.create_person("Valid").await;
        let token = app.issuer.sign(&header(&app), &claims(&app, person)).expect("signed");
        assert_eq!(me(&app, &token).await["data"]["me"]["audience"], "MOBILE");
    }
}

on_both_databases! {
    async fn expired_and_not_yet_valid_tokens_are_refused(app) {
        let person = app.create_person("Late").await;
        let expired = Claims { exp: chrono::Utc::now().timestamp() - 120, ..claims(&app, person) };
        assert_refused(&app, &app.issuer.sign(&header(&app), &expired).expect("signed"), "expired beyond the leeway").await;
        let early = Claims { nbf: chrono::Utc::now().timestamp() + 600, ..claims(&app, person) };
        assert_refused(&app, &app.issuer.sign(&header(&app), &early).expect("signed"), "not yet valid").await;
        let within_leeway = Claims { exp: chrono::Utc::now().timestamp() - 10, ..claims(&app, person) };
        let token = app.issuer.sign(&header(&app), &within_leeway).expect("signed");
        assert_eq!(me(&app, &token).await["data"]["me"]["audience"], "MOBILE", "60 s of leeway");
    }
}

on_both_databases! {
    async fn wrong_issuer_audience_or_subject_is_refused(app) {
        let person = app.create_person("Elsewhere").await;
        let cases = [
            (Claims { iss: "someone-else".into(), ..claims(&app, person) }, "another issuer"),
            (Claims { aud: "another-api".into(), ..claims(&app, person) }, "another audience"),
            (Claims { sub: "not-a-uuid".into(), ..claims(&app, person) }, "a person subject that is no UUID"),
            (Claims { role: Some("superuser".into()), org: Some("x".into()), ..claims(&app, person) }, "an unknown role"),
        ];
        for (forged, why) in cases {
            assert_refused(&app, &app.issuer.sign(&header(&app), &forged).expect("signed"), why).await;
        }
        assert_eq!(claims(&app, person).aud, API_AUDIENCE);
    }
}

on_both_databases! {
    async fn a_correctly_signed_token_without_exp_is_refused(app) {
        let person = app.create_person("Forever").await;
        let mut payload = serde_json::to_value(claims(&app, person)).expect("json");
        payload.as_object_mut().expect("object").remove("exp");
        let token = app.issuer.sign(&header(&app), &payload).expect("signed by the trusted key");
        assert_refused(&app, &token, "no exp").await;
    }
}

on_both_databases! {
    async fn forged_headers_and_algorithms_are_refused(app) {
        let person = app.create_person("Target").await;
        let good = claims(&app, person);
        let valid = app.issuer.sign(&header(&app), &good).expect("signed");
        let (head, payload) = {
            let mut parts = valid.split('.');
            (parts.next().expect("header").to_owned(), parts.next().expect("payload").to_owned())
        };

        // alg: none, with no signature.
        let none = URL_SAFE_NO_PAD.encode(json!({ "alg": "none", "typ": "JWT", "kid": app.issuer.current_kid() }).to_string());
        assert_refused(&app, &format!("{none}.{payload}."), "alg none").await;

        // HMAC with the public key as the secret: the classic algorithm-confusion attack.
        let mut hs = Header::new(Algorithm::HS256);
        hs.kid = app.issuer.current_kid().map(str::to_owned);
        let hmac = jsonwebtoken::encode(&hs, &good, &EncodingKey::from_secret(b"hipe").expect("key")).expect("signed");
        assert_refused(&app, &hmac, "HS256").await;

        // A key location in the header, even on an otherwise valid token.
        for field in ["jku", "x5u"] {
            let mut forged = header(&app);
            match field {
                "jku" => forged.jku = Some("https://attacker.example/jwks.json".into()),
                _ => forged.x5u = Some("https://attacker.example/cert.pem".into()),
            }
            assert_refused(&app, &app.issuer.sign(&forged, &good).expect("signed"), field).await;
        }

        // Unknown kid, missing kid.
        let mut unknown = header(&app);
        unknown.kid = Some("no-such-key".into());
        assert_refused(&app, &app.issuer.sign(&unknown, &good).expect("signed"), "unknown kid").await;
        let mut missing = header(&app);
        missing.kid = None;
        assert_refused(&app, &app.issuer.sign(&missing, &good).expect("signed"), "missing kid").await;

        // A tampered payload: someone else's subject under the original signature.
        let other = app.create_person("Victim").await;
        let mut tampered: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&payload).expect("b64")).expect("json");
        tampered["sub"] = json!(other.as_uuid().to_string());
        let signature = valid.rsplit('.').next().expect("signature");
        let tampered = format!("{head}.{}.{signature}", URL_SAFE_NO_PAD.encode(tampered.to_string()));
        assert_refused(&app, &tampered, "tampered payload").await;

        // A token signed by another key that claims our kid.
        let elsewhere = hipe_persistence::connect("sqlite::memory:", 1).await.expect("memory db");
        elsewhere.migrate().await.expect("migrated");
        let stranger = DevIssuer::load_or_create(&elsewhere.signing_keys(), &app.key_encryption_key, "hipe-test")
            .await
            .expect("issuer");
        assert_refused(&app, &stranger.sign(&header(&app), &good).expect("signed"), "another key under our kid").await;

        // Not a bearer token at all.
        let response = app.client.post(app.graphql_url()).header("authorization", "Basic dXNlcjpwYXNz")
            .json(&json!({ "query": "{ __typename }" })).send().await.expect("sent");
        assert_eq!(response.status().as_u16(), 401);
        assert_refused(&app, "not.a.jwt", "garbage").await;
    }
}
