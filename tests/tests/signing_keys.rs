//! HIPE's own signing keys: sealed at rest, rotated by `hipe keys rotate` (the same library function), published at
//! `/.well-known/jwks.json`, and trusted after a rotation exactly as long as the tokens they signed may live.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead as _, Payload};
use chacha20poly1305::{KeyInit as _, XChaCha20Poly1305, XNonce};
use chrono::{Duration, Utc};
use hipe_api::auth::{Authenticator, DevIssuer, KeyEncryptionKey, Subject, keyring};
use hipe_domain::person::PersonId;
use hipe_tests::{TestApp, TestDatabase, TestOptions, on_both_databases};
use sea_orm::{ConnectionTrait as _, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

/// A key-encryption key the tests know, so they can open the stored key themselves.
const KEK: &str = "q83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k=";

async fn audience(app: &TestApp, token: &str) -> Value {
    app.graphql("{ me { audience } }", json!({}), Some(token)).await.1["data"]["me"]["audience"].clone()
}

async fn jwks(app: &TestApp) -> (reqwest::header::HeaderMap, Value) {
    let response = app.client.get(format!("{}/.well-known/jwks.json", app.address)).send().await.expect("sent");
    assert_eq!(response.status().as_u16(), 200);
    let headers = response.headers().clone();
    (headers, response.json().await.expect("json"))
}

fn kids(set: &Value) -> Vec<String> {
    set["keys"].as_array().expect("keys").iter().map(|key| key["kid"].as_str().expect("kid").to_owned()).collect()
}

on_both_databases! {
    async fn the_jwks_lists_hipe_public_keys_for_five_minutes_of_caching(app) {
        let (headers, set) = jwks(&app).await;
        assert_eq!(headers["cache-control"], "max-age=300");
        assert!(headers["content-type"].to_str().expect("ascii").starts_with("application/json"));
        let kid = app.issuer.current_kid().expect("kid");
        assert_eq!(set["keys"].as_array().expect("keys").len(), 1, "{set}");
        let key = &set["keys"][0];
        assert_eq!(
            key.as_object().expect("object").keys().map(String::as_str).collect::<Vec<_>>(),
            ["alg", "crv", "kid", "kty", "use", "x"],
            "public members only"
        );
        assert_eq!((&key["kty"], &key["crv"], &key["alg"], &key["use"], &key["kid"]), (&json!("OKP"), &json!("Ed25519"), &json!("EdDSA"), &json!("sig"), &json!(kid)));

        // A verifier holding only the JWKS accepts HIPE's tokens.
        let jwk: jsonwebtoken::jwk::Jwk = serde_json::from_value(key.clone()).expect("a JWK");
        let token = app.token(&Subject::Person(PersonId::from_uuid(Uuid::now_v7())));
        let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
        validation.set_audience(&["hipe-api"]);
        let key = jsonwebtoken::DecodingKey::from_jwk(&jwk).expect("decoding key");
        jsonwebtoken::decode::<Value>(&token, &key, &validation).expect("verifies with the published key");
    }
}

on_both_databases! {
    async fn after_a_rotation_old_tokens_still_verify_and_new_tokens_use_the_new_kid(app) {
        let person = app.create_person("Rotated").await;
        let old_kid = app.issuer.current_kid().expect("kid").to_owned();
        let old_token = app.token(&Subject::Person(person));

        let store = app.database.signing_keys();
        let rotation = keyring::rotate(&store, &app.key_encryption_key, Utc::now()).await.expect("rotated");
        assert_ne!(rotation.kid, old_kid);
        assert_eq!(rotation.predecessors_trusted_until, rotation.created_at + Duration::minutes(15));

        let issuer = DevIssuer::load_or_create(&store, &app.key_encryption_key, "hipe-test").await.expect("issuer");
        assert_eq!(issuer.current_kid(), Some(rotation.kid.as_str()), "the new key signs");
        let new_token = issuer.issue(&Subject::Person(person), 600).expect("token");
        let header = jsonwebtoken::decode_header(&new_token).expect("header");
        assert_eq!(header.kid.as_deref(), Some(rotation.kid.as_str()));

        // The running server picks the new key up, and keeps trusting the old one.
        assert_eq!(audience(&app, &new_token).await, "MOBILE", "a token of the new key");
        assert_eq!(audience(&app, &old_token).await, "MOBILE", "a token of the replaced key, within its grace");
        let (_, set) = jwks(&app).await;
        assert_eq!(kids(&set), [rotation.kid.clone(), old_kid], "newest first, both trusted");

        // The replaced key lost its private half: it will never sign again.
        let rows = store.all().await.expect("rows");
        assert!(rows[0].sealed_private_key.is_some() && rows[1].sealed_private_key.is_none(), "{rows:?}");
        assert_eq!(rows[1].not_after, Some(rotation.predecessors_trusted_until));
    }
}

on_both_databases! {
    async fn a_replaced_key_is_no_longer_trusted_once_its_tokens_have_expired(app) {
        let person = app.create_person("Expired").await;
        let old_kid = app.issuer.current_kid().expect("kid").to_owned();
        let old_token = app.token(&Subject::Person(person));

        // A rotation sixteen minutes ago: the replaced key's 15 minutes of grace are over.
        let store = app.database.signing_keys();
        let rotation = keyring::rotate(&store, &app.key_encryption_key, Utc::now() - Duration::minutes(16))
            .await
            .expect("rotated");
        let issuer = DevIssuer::load_or_create(&store, &app.key_encryption_key, "hipe-test").await.expect("issuer");
        let new_token = issuer.issue(&Subject::Person(person), 600).expect("token");

        assert_eq!(audience(&app, &new_token).await, "MOBILE");
        let (status, body) = app.graphql("{ me { audience } }", json!({}), Some(&old_token)).await;
        assert_eq!((status, body["errors"][0]["extensions"]["code"].as_str()), (401, Some("UNAUTHENTICATED")), "{body}");
        let (_, set) = jwks(&app).await;
        assert_eq!(kids(&set), std::slice::from_ref(&rotation.kid), "the expired key is no longer published");
        assert!(!kids(&set).contains(&old_kid));

        // The next rotation deletes it.
        let next = keyring::rotate(&store, &app.key_encryption_key, Utc::now()).await.expect("rotated");
        let stored: Vec<String> = store.all().await.expect("rows").into_iter().map(|row| row.kid).collect();
        assert_eq!(stored, [next.kid, rotation.kid]);
    }
}

on_both_databases! {
    async fn the_private_key_is_stored_sealed_never_in_clear(
        app with TestOptions::with_key_encryption_key(KeyEncryptionKey::parse(KEK).expect("key"))
    ) {
        let connection = sea_orm::Database::connect(&app.database_url).await.expect("raw connection");
        let backend = connection.get_database_backend();
        let rows = connection
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT kid, algorithm, public_key, private_key_nonce, private_key_ciphertext FROM signing_key",
            ))
            .await
            .expect("raw rows");
        assert_eq!(rows.len(), 1);
        let column = |name: &str| rows[0].try_get::<Option<String>>("", name).expect(name).unwrap_or_default();
        let (kid, public_key, nonce, ciphertext) =
            (column("kid"), column("public_key"), column("private_key_nonce"), column("private_key_ciphertext"));

        // Open it independently, as the documented format says: XChaCha20-Poly1305 under the configured key, bound
        // to the key id and algorithm.
        let kek: [u8; 32] = STANDARD.decode(KEK).expect("b64").try_into().expect("32 bytes");
        let nonce: [u8; 24] = URL_SAFE_NO_PAD.decode(&nonce).expect("b64").try_into().expect("24 bytes");
        let aad = [b"hipe-signing-key/v1\0".as_slice(), kid.as_bytes(), b"\0EdDSA"].concat();
        let sealed = URL_SAFE_NO_PAD.decode(&ciphertext).expect("b64");
        let seed: [u8; 32] = XChaCha20Poly1305::new(&kek.into())
            .decrypt(&XNonce::from(nonce), Payload { msg: &sealed, aad: &aad })
            .expect("opens with the configured key")
            .try_into()
            .expect("a 32-byte seed");
        let public = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key().to_bytes();
        assert_eq!(URL_SAFE_NO_PAD.encode(public), public_key, "the sealed seed is the key's private half");

        // The clear seed appears in no column, in no usual encoding; the old clear column is gone.
        let encodings = [URL_SAFE_NO_PAD.encode(seed), STANDARD.encode(seed), hex(&seed)];
        for value in [&kid, &column("algorithm"), &public_key, &column("private_key_nonce"), &ciphertext] {
            for encoded in &encodings {
                assert!(!value.contains(encoded.as_str()), "a column holds the clear seed");
            }
        }
        let old_column = connection
            .query_all_raw(Statement::from_string(backend, "SELECT private_key FROM signing_key"))
            .await;
        assert!(old_column.is_err(), "the clear-text column no longer exists");

        // The development key does not open it.
        let development = KeyEncryptionKey::development();
        let store = app.database.signing_keys();
        assert!(keyring::signing_key(&store, &development).await.is_err());
        assert!(keyring::signing_key(&store, &app.key_encryption_key).await.expect("opens").is_some());
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut text, b| {
        use std::fmt::Write as _;
        let _ = write!(text, "{b:02x}");
        text
    })
}

hipe_tests::on_both_engines!(a_clear_text_key_of_an_older_release_is_migrated_forward, |engine| async move {
    let db = TestDatabase::create(engine).await;
    let database = hipe_persistence::connect(&db.url, 2).await.expect("connects");
    database.migrate_steps(2).await.expect("the schema of the previous release");

    // A development key as the previous release stored it: the seed in clear.
    let seed = [42_u8; 32];
    let signing = ed25519_dalek::SigningKey::from_bytes(&seed);
    let public = URL_SAFE_NO_PAD.encode(signing.verifying_key().to_bytes());
    let connection = sea_orm::Database::connect(&db.url).await.expect("raw connection");
    let backend = connection.get_database_backend();
    connection
        .execute_raw(Statement::from_sql_and_values(
            backend,
            match backend {
                sea_orm::DbBackend::Postgres => {
                    "INSERT INTO signing_key (kid, algorithm, public_key, private_key, created_at) \
                     VALUES ($1, 'EdDSA', $2, $3, $4)"
                }
                _ => {
                    "INSERT INTO signing_key (kid, algorithm, public_key, private_key, created_at) \
                     VALUES (?, 'EdDSA', ?, ?, ?)"
                }
            },
            [
                "dev-old".into(),
                public.clone().into(),
                URL_SAFE_NO_PAD.encode(seed).into(),
                (Utc::now() - Duration::minutes(5)).into(),
            ],
        ))
        .await
        .expect("old row");
    // A token it signed before the upgrade.
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
    header.kid = Some("dev-old".to_owned());
    let der = [
        [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20].as_slice(),
        &seed,
    ]
    .concat();
    let person = PersonId::from_uuid(Uuid::now_v7());
    let claims =
        hipe_api::auth::Claims::for_subject(&Subject::Person(person), "hipe-test", Utc::now().timestamp(), 600);
    let old_token =
        jsonwebtoken::encode(&header, &claims, &jsonwebtoken::EncodingKey::from_ed_der(&der)).expect("signed");

    database.migrate().await.expect("upgraded");
    let store = database.signing_keys();
    let rows = store.all().await.expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].kid.as_str(), rows[0].public_key.as_str()), ("dev-old", public.as_str()));
    assert!(rows[0].sealed_private_key.is_none() && rows[0].not_after.is_none(), "verify-only, not yet replaced");

    // The first start makes a sealed successor; the old key verifies its tokens through the grace period.
    let kek = KeyEncryptionKey::parse(KEK).expect("key");
    let issuer = DevIssuer::load_or_create(&store, &kek, "hipe-test").await.expect("issuer");
    assert_ne!(issuer.current_kid(), Some("dev-old"));
    let rows = store.all().await.expect("rows");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].not_after, Some(rows[0].created_at + Duration::minutes(15)));
    let partners =
        hipe_api::auth::PartnerDirectory::new(std::sync::Arc::new(database.partners()), std::time::Duration::ZERO);
    let authenticator = Authenticator::trusting(Vec::new(), partners)
        .and_hipe_keys("hipe-test", store.clone(), hipe_api::auth::DevTokens::Trusted)
        .await
        .expect("keys");
    let bearer = format!("Bearer {old_token}");
    assert_eq!(
        authenticator.authenticate(Some(&bearer)).await.expect("still trusted"),
        hipe_domain::Actor::Person(person)
    );
    let fresh = format!("Bearer {}", issuer.issue(&Subject::Person(person), 60).expect("token"));
    assert!(authenticator.authenticate(Some(&fresh)).await.is_ok());
    assert!(keyring::trusted_public_keys(&store, Utc::now() + Duration::minutes(16)).await.expect("keys").len() == 1);
});
