//! Partner applications: client credentials at `POST /oauth/token` (RFC 6749 §4.4), the minimised
//! `verifyResidenceRight` question, disabling, the per-partner rate limit, and the journal of partners' reads.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hipe_api::auth::{Claims, Subject};
use hipe_api::demo::{AMINA, AMINA_CARD, OLEKSANDR_CARD, TENZIN_CERTIFICATE};
use hipe_api::settings::Settings;
use hipe_domain::AgentRole;
use hipe_domain::actor::Scope;
use hipe_domain::partner::ClientId;
use hipe_domain::person::PersonId;
use hipe_tests::{TestApp, TestPartner, error_code, on_both_databases};
use jsonwebtoken::{Algorithm, Header};
use sea_orm::ConnectionTrait as _;
use serde_json::{Value, json};

const VERIFY: &str = "query Check($n: String!, $b: PartialDate!) { verifyResidenceRight(documentNumber: $n, birthDate: $b) { valid kind validUntil workAllowed workLimitHoursPerYear } }";

async fn verify(app: &TestApp, token: &str, number: &str, birth: &str) -> Value {
    let (status, body) = app.graphql(VERIFY, json!({ "n": number, "b": birth }), Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body["data"]["verifyResidenceRight"].clone()
}

fn not_valid() -> Value {
    json!({ "valid": false, "kind": null, "validUntil": null, "workAllowed": false, "workLimitHoursPerYear": null })
}

fn auditor() -> Subject {
    Subject::Agent {
        id: "dpo-1".into(),
        role: AgentRole::Auditor,
        organisation: "DGEF — DPD".into(),
        territories: vec![],
    }
}

fn instructor() -> Subject {
    Subject::Agent {
        id: "agent-75".into(),
        role: AgentRole::PrefectureInstructor,
        organisation: "Préfecture de police de Paris".into(),
        territories: vec![hipe_domain::territory::Territory::parse("75").expect("territory")],
    }
}

/// A token request that breaks a rule: why, its form, its Basic credentials, the expected status and `error`.
type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Option<(&'a str, &'a str)>, u16, &'a str);

/// The claims of a JWT, unverified (the test only reads what the server put in).
fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url")).expect("JSON claims")
}

fn header_of(token: &str) -> Value {
    let header = token.split('.').next().expect("a JWT");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).expect("base64url")).expect("JSON header")
}

/// A key-encryption key for the tests that run outside demo mode (32 bytes, base64; protects nothing).
const TEST_KEK: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

on_both_databases! {
    async fn a_partner_authenticates_by_basic_or_in_the_body_and_gets_a_short_lived_scoped_token(app) {
        let partner = app.create_partner("Intérim Nord", &[Scope::PermitVerify]).await;

        let (status, headers, body) = app.token_request(&[("grant_type", "client_credentials")], Some((&partner.client_id, &partner.secret))).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(headers["cache-control"], "no-store");
        assert_eq!((&body["token_type"], &body["expires_in"], &body["scope"]), (&json!("Bearer"), &json!(300), &json!("permit:verify")));
        let token = body["access_token"].as_str().expect("token");
        let claims = claims_of(token);
        assert_eq!(claims["sub"], partner.client_id.as_str());
        assert_eq!(claims["client_id"], partner.client_id.as_str());
        assert_eq!(claims["scope"], "permit:verify");
        assert_eq!(claims["iss"], "hipe-test");
        assert_eq!(claims["exp"].as_i64().expect("exp") - claims["iat"].as_i64().expect("iat"), 300);
        assert_eq!(header_of(token)["typ"], "at+jwt");
        assert!(!token.contains(&partner.secret) && !body.to_string().contains(&partner.secret));

        let (status, headers, body) = app.token_request(&[
            ("grant_type", "client_credentials"),
            ("client_id", &partner.client_id),
            ("client_secret", &partner.secret),
            ("scope", "permit:verify"),
        ], None).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(headers["cache-control"], "no-store");
        let (_, me) = app.graphql("{ me { audience } }", json!({}), body["access_token"].as_str()).await;
        assert_eq!(me["data"]["me"], json!({ "audience": "PARTNER" }));
    }
}

on_both_databases! {
    async fn the_verification_answers_the_computed_right_and_nothing_else(app) {
        let partner = app.create_partner("Intérim Nord", &[Scope::PermitVerify]).await;
        let token = app.partner_token(&partner).await;

        let amina = verify(&app, &token, AMINA_CARD, "2003-04-17").await;
        assert_eq!(amina["valid"], true);
        assert_eq!(amina["kind"], "TEMPORARY_PERMIT");
        assert_eq!((&amina["workAllowed"], &amina["workLimitHoursPerYear"]), (&json!(true), &json!(964)));
        assert!(amina["validUntil"].as_str().is_some_and(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok()));

        // The number of an expired card, typed as people do: the extension certificate keeps the stay lawful.
        let oleksandr = verify(&app, &token, &OLEKSANDR_CARD.to_lowercase(), "1992-11").await;
        assert_eq!((&oleksandr["valid"], &oleksandr["kind"]), (&json!(true), &json!("EXTENSION_CERTIFICATE")));
        assert_eq!((&oleksandr["workAllowed"], &oleksandr["workLimitHoursPerYear"]), (&json!(true), &Value::Null));

        let tenzin = verify(&app, &token, TENZIN_CERTIFICATE, "1985").await;
        assert_eq!((&tenzin["valid"], &tenzin["kind"], &tenzin["workAllowed"]), (&json!(true), &json!("ASYLUM_SEEKER_CERTIFICATE"), &json!(false)));

        // A deposit certificate alone proves nothing; unknown numbers and wrong birth dates look exactly the same.
        assert_eq!(verify(&app, &token, "DEP6900000001", "1992-11").await, json!({ "valid": true, "kind": "EXTENSION_CERTIFICATE", "validUntil": oleksandr["validUntil"], "workAllowed": true, "workLimitHoursPerYear": null }), "the holder's right, not the deposit's");
        for (number, birth) in [("ZZ9999999999", "2003-04-17"), (AMINA_CARD, "2003-04-18"), (AMINA_CARD, "2003-04"), (TENZIN_CERTIFICATE, "1985-01-01")] {
            assert_eq!(verify(&app, &token, number, birth).await, not_valid(), "{number} {birth}");
        }
        let (_, malformed) = app.graphql(VERIFY, json!({ "n": "12", "b": "2003-04-17" }), Some(&token)).await;
        assert_eq!(error_code(&malformed), Some("BAD_USER_INPUT"));
    }
}

on_both_databases! {
    async fn a_partners_verification_is_journaled_as_a_read_the_person_and_auditors_see(app) {
        let partner = app.create_partner("Intérim Nord", &[Scope::PermitVerify]).await;
        let token = app.partner_token(&partner).await;
        verify(&app, &token, AMINA_CARD, "2003-04-18").await; // no match: nothing read, nothing journaled
        verify(&app, &token, AMINA_CARD, "2003-04-17").await;

        let amina = app.token(&Subject::Person(PersonId::from_uuid(AMINA)));
        let (_, mine) = app.graphql("{ me { person { id accesses { nodes { kind organisation role } } } } }", json!({}), Some(&amina)).await;
        assert_eq!(mine["data"]["me"]["person"]["accesses"]["nodes"], json!([{ "kind": "READ", "organisation": "Intérim Nord", "role": "partner" }]));
        let person_id = mine["data"]["me"]["person"]["id"].clone();

        let query = "query($f: JournalFilterInput) { accessJournal(filter: $f) { nodes { kind agentId role organisation subjectId operation } } }";
        let (_, journal) = app.graphql(query, json!({ "f": { "agentId": partner.client_id } }), Some(&app.token(&auditor()))).await;
        assert_eq!(journal["data"]["accessJournal"]["nodes"], json!([{
            "kind": "READ", "agentId": partner.client_id, "role": "partner", "organisation": "Intérim Nord",
            "subjectId": person_id, "operation": "Check",
        }]));
    }
}

on_both_databases! {
    async fn token_requests_that_break_the_rules_get_the_rfc_6749_errors(app) {
        let partner = app.create_partner("Intérim Nord", &[Scope::PermitVerify]).await;
        let grant = ("grant_type", "client_credentials");
        let id = partner.client_id.as_str();
        let cases: Vec<Case<'_>> = vec![
            ("wrong secret, Basic", vec![grant], Some((id, "hps_wrong")), 401, "invalid_client"),
            ("wrong secret, body", vec![grant, ("client_id", id), ("client_secret", "hps_wrong")], None, 400, "invalid_client"),
            ("unknown client", vec![grant], Some(("prt_nobody", &partner.secret)), 401, "invalid_client"),
            ("malformed client id", vec![grant], Some(("no body", &partner.secret)), 401, "invalid_client"),
            ("no credentials", vec![grant], None, 401, "invalid_client"),
            ("no secret", vec![grant, ("client_id", id)], None, 400, "invalid_client"),
            ("both methods", vec![grant, ("client_secret", &partner.secret)], Some((id, &partner.secret)), 400, "invalid_request"),
            ("no grant type", vec![("client_id", id), ("client_secret", &partner.secret)], None, 400, "invalid_request"),
            ("repeated parameter", vec![grant, grant], Some((id, &partner.secret)), 400, "invalid_request"),
            ("another grant", vec![("grant_type", "password")], Some((id, &partner.secret)), 400, "unsupported_grant_type"),
            ("unknown scope", vec![grant, ("scope", "dossier:read")], Some((id, &partner.secret)), 400, "invalid_scope"),
            ("one scope too many", vec![grant, ("scope", "permit:verify person:read")], Some((id, &partner.secret)), 400, "invalid_scope"),
        ];
        for (why, form, basic, status, error) in cases {
            let (got, headers, body) = app.token_request(&form, basic).await;
            assert_eq!((got, body["error"].as_str()), (status, Some(error)), "{why}: {body}");
            assert_eq!(headers["cache-control"], "no-store", "{why}");
            assert!(body.get("access_token").is_none(), "{why}");
            assert_eq!(headers.get("www-authenticate").and_then(|v| v.to_str().ok()), (status == 401).then_some("Basic realm=\"hipe\""), "{why}");
        }

        // Not a form.
        let response = app.client.post(format!("{}/oauth/token", app.address)).basic_auth(id, Some(&partner.secret))
            .json(&json!({ "grant_type": "client_credentials" })).send().await.expect("sent");
        assert_eq!(response.status().as_u16(), 400);
        assert_eq!(response.json::<Value>().await.expect("json")["error"], "invalid_request");

        // A client whose every stored scope was retired may not use the grant at all.
        let db = sea_orm::Database::connect(&app.database_url).await.expect("connects");
        db.execute_unprepared(&format!("UPDATE partner SET scopes = 'retired:scope' WHERE client_id = '{id}'")).await.expect("updated");
        let (status, _, body) = app.token_request(&[grant], Some((id, &partner.secret))).await;
        assert_eq!((status, body["error"].as_str()), (400, Some("unauthorized_client")), "{body}");
    }
}

on_both_databases! {
    async fn a_disabled_partner_gets_no_token_and_its_live_tokens_stop_working(app) {
        let partner = app.create_partner("Intérim Sud", &[Scope::PermitVerify]).await;
        let token = app.partner_token(&partner).await;
        assert_eq!(verify(&app, &token, AMINA_CARD, "2003-04-17").await["valid"], true);

        let disabled = hipe_api::partners::disable(&app.database.partners(), &partner.client_id, chrono::Utc::now()).await.expect("disabled");
        assert!(!disabled.is_active());
        assert!(hipe_api::partners::disable(&app.database.partners(), &partner.client_id, chrono::Utc::now()).await.is_err(), "once");

        let (status, _, body) = app.token_request(&[("grant_type", "client_credentials")], Some((&partner.client_id, &partner.secret))).await;
        assert_eq!((status, body["error"].as_str()), (401, Some("invalid_client")));
        // The harness caches partner statuses for 0 s: the live token fails at once.
        let (status, body) = app.graphql(VERIFY, json!({ "n": AMINA_CARD, "b": "2003-04-17" }), Some(&token)).await;
        assert_eq!((status, error_code(&body)), (401, Some("UNAUTHENTICATED")), "{body}");
    }
}

on_both_databases! {
    async fn partners_get_only_their_question_and_no_one_else_may_ask_it(app) {
        let partner = app.create_partner("Intérim Est", &[Scope::PermitVerify]).await;
        let token = app.partner_token(&partner).await;

        // A partner asking for a dossier or a person gets nothing: outside its view, they do not even exist.
        let (_, person) = app.graphql("{ me { person { id familyName } } }", json!({}), Some(&token)).await;
        assert_eq!(error_code(&person), Some("GRAPHQL_VALIDATION_FAILED"), "{person}");
        let amina = app.token(&Subject::Person(PersonId::from_uuid(AMINA)));
        let (_, dossiers) = app.graphql("{ me { person { dossiers { nodes { id } } } } }", json!({}), Some(&amina)).await;
        let dossier = dossiers["data"]["me"]["person"]["dossiers"]["nodes"][0]["id"].clone();
        for query in ["query($id: ID!) { dossier(id: $id) { status } }", "query($id: ID!) { node(id: $id) { id } }"] {
            let (_, body) = app.graphql(query, json!({ "id": dossier }), Some(&token)).await;
            assert_eq!(error_code(&body), Some("GRAPHQL_VALIDATION_FAILED"), "{query}: {body}");
        }
        let (_, journal) = app.graphql("{ accessJournal { nodes { kind } } }", json!({}), Some(&token)).await;
        assert_eq!(error_code(&journal), Some("GRAPHQL_VALIDATION_FAILED"));

        // Agents, persons and anonymous callers may not ask the partners' question: it is not in their views.
        for other in [Some(app.token(&instructor())), Some(app.token(&auditor())), Some(amina), None] {
            let (status, body) = app.graphql(VERIFY, json!({ "n": AMINA_CARD, "b": "2003-04-17" }), other.as_deref()).await;
            assert_eq!((status, error_code(&body)), (400, Some("GRAPHQL_VALIDATION_FAILED")), "{body}");
            assert!(body.get("data").is_none());
        }

        // A token of HIPE's own key for this client but without the scope stands for no one.
        let client = ClientId::parse(&partner.client_id).expect("id");
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = app.issuer.current_kid().map(str::to_owned);
        let unscoped = Claims::for_partner(&client, &[], "hipe-test", chrono::Utc::now().timestamp(), 300);
        let forged = app.issuer.sign(&header, &unscoped).expect("signed");
        let (status, body) = app.graphql(VERIFY, json!({ "n": AMINA_CARD, "b": "2003-04-17" }), Some(&forged)).await;
        assert_eq!((status, error_code(&body)), (401, Some("UNAUTHENTICATED")));
        // Nor does one naming a client that does not exist.
        let ghost = Claims::for_partner(&ClientId::parse("prt_ghost").expect("id"), &[Scope::PermitVerify], "hipe-test", chrono::Utc::now().timestamp(), 300);
        let (status, _) = app.graphql("{ me { audience } }", json!({}), Some(&app.issuer.sign(&header, &ghost).expect("signed"))).await;
        assert_eq!(status, 401);
    }
}

on_both_databases! {
    async fn a_partner_over_its_rate_limit_gets_429_with_retry_after(app, |s: &mut Settings| {
        s.partners.burst = 3;
        s.partners.rate_per_second = 0.5;
    }) {
        let busy = app.partner_token(&app.create_partner("Busy", &[Scope::PermitVerify]).await).await;
        let calm = app.partner_token(&app.create_partner("Calm", &[Scope::PermitVerify]).await).await;
        for _ in 0..3 {
            assert_eq!(verify(&app, &busy, AMINA_CARD, "2003-04-17").await["valid"], true);
        }
        let response = app.client.post(app.graphql_url()).bearer_auth(&busy)
            .json(&json!({ "query": VERIFY, "variables": { "n": AMINA_CARD, "b": "2003-04-17" } })).send().await.expect("sent");
        assert_eq!(response.status().as_u16(), 429);
        let retry_after: u64 = response.headers()["retry-after"].to_str().expect("ascii").parse().expect("seconds");
        assert!((1..=2).contains(&retry_after), "one token every 2 s: {retry_after}");
        let body: Value = response.json().await.expect("json");
        assert_eq!(error_code(&body), Some("RATE_LIMITED"));
        assert_eq!(body["errors"][0]["extensions"]["retryAfterSeconds"], json!(retry_after));
        assert!(body.get("data").is_none());

        // Buckets are per partner; persons and agents are not limited by it.
        assert_eq!(verify(&app, &calm, AMINA_CARD, "2003-04-17").await["valid"], true);
        let amina = app.token(&Subject::Person(PersonId::from_uuid(AMINA)));
        for _ in 0..5 {
            assert_eq!(app.graphql("{ me { audience } }", json!({}), Some(&amina)).await.0, 200);
        }
    }
}

on_both_databases! {
    async fn without_demo_mode_partner_tokens_work_and_development_tokens_do_not(app, |s: &mut Settings| {
        s.server.demo = false;
        // Outside demo mode HIPE opens its signing key only with a configured key-encryption key.
        s.auth.keys.key_encryption_key = Some(hipe_api::auth::KeyEncryptionKey::parse(TEST_KEK).expect("key"));
    }) {
        let partner = app.create_partner("Intérim Ouest", &[Scope::PermitVerify]).await;
        let token = app.partner_token(&partner).await;
        assert_eq!(verify(&app, &token, AMINA_CARD, "2003-04-17").await, not_valid(), "no demo data: nothing known");
        let (status, me) = app.graphql("{ me { audience } }", json!({}), Some(&token)).await;
        assert_eq!((status, &me["data"]["me"]["audience"]), (200, &json!("PARTNER")));

        let person = app.create_person("Diallo").await;
        let (status, body) = app.graphql("{ me { audience } }", json!({}), Some(&app.token(&Subject::Person(person)))).await;
        assert_eq!((status, error_code(&body)), (401, Some("UNAUTHENTICATED")), "development tokens are demo-only");
        let (status, _) = app.graphql("{ me { audience } }", json!({}), Some(&app.token(&auditor()))).await;
        assert_eq!(status, 401);
    }
}

on_both_databases! {
    async fn the_demo_partner_is_made_once_and_gets_a_new_secret_at_each_start(app) {
        let services = hipe_api::startup::services(&app.database);
        let (id, first) = hipe_api::demo::partner(&services).await.expect("demo partner").expect("active");
        let first = TestPartner { client_id: id.as_str().to_owned(), secret: first.expose().to_owned() };
        let token = app.partner_token(&first).await;
        assert_eq!(verify(&app, &token, OLEKSANDR_CARD, "1992-11").await["valid"], true);

        let (again, second) = hipe_api::demo::partner(&services).await.expect("demo partner").expect("active");
        assert_eq!(again, id, "made once");
        let (status, _, _) = app.token_request(&[("grant_type", "client_credentials")], Some((&first.client_id, &first.secret))).await;
        assert_eq!(status, 401, "the previous secret no longer works");
        app.partner_token(&TestPartner { client_id: first.client_id.clone(), secret: second.expose().to_owned() }).await;
        assert_eq!(hipe_domain::partner::PartnerRepository::list(&app.database.partners()).await.expect("list").len(), 1);
    }
}
