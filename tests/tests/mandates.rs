//! Mandates: a principal lets a lawyer, an association, a guardian or a relative see — or act on — their
//! dossiers; revocation and expiry close the door again, and nobody but the principal grants or revokes.

use hipe_api::auth::Subject;
use hipe_domain::person::PersonId;
use hipe_tests::{TestApp, error_code, on_both_databases};
use serde_json::{Value, json};

const GRANT: &str = "mutation($m: ID!, $scope: MandateScope!, $until: DateTime) {
  grantMandate(input: { mandataryId: $m, kind: LAWYER, scope: $scope, validUntil: $until }) {
    mandate { id scope active } userErrors { code field }
  }
}";
const REVOKE: &str = "mutation($id: ID!) {
  revokeMandate(input: { mandateId: $id }) { mandate { revokedAt active } userErrors { code } }
}";
const READ: &str = "query($id: ID!) { dossier(id: $id) { status channel events { kind actor { kind } } } }";
const NODE: &str = "query($id: ID!) { node(id: $id) { id } }";
const SUBMIT: &str =
    "mutation($id: ID!) { submitDossier(input: { dossierId: $id }) { dossier { status } userErrors { code } } }";

async fn account_id(app: &TestApp, token: &str) -> String {
    let (_, body) = app.graphql("{ me { accountId } }", json!({}), Some(token)).await;
    body["data"]["me"]["accountId"].as_str().expect("an account id").to_owned()
}

async fn grant(app: &TestApp, principal: &str, mandatary: &str, scope: &str, until: Option<&str>) -> Value {
    let variables = json!({ "m": mandatary, "scope": scope, "until": until });
    let (status, body) = app.graphql(GRANT, variables, Some(principal)).await;
    assert_eq!(status, 200, "{body}");
    body["data"]["grantMandate"].clone()
}

async fn read(app: &TestApp, token: &str, id: &str) -> Value {
    app.graphql(READ, json!({ "id": id }), Some(token)).await.1
}

on_both_databases! {
    async fn a_read_mandatary_sees_the_dossier_but_cannot_submit_and_loses_it_on_revocation(app) {
        let principal = app.token(&Subject::Person(app.create_person("Diallo").await));
        let lawyer = app.token(&Subject::Person(PersonId::from_uuid(uuid::Uuid::now_v7())));
        let stranger = app.token(&Subject::Person(app.create_person("Stranger").await));
        let dossier = app.start_dossier(&principal, "PERMIT_RENEWAL", "75", None).await["dossier"]["id"]
            .as_str().expect("started").to_owned();

        let lawyer_id = account_id(&app, &lawyer).await;
        let granted = grant(&app, &principal, &lawyer_id, "READ", None).await;
        assert_eq!(granted["mandate"]["active"], true, "{granted}");
        let mandate = granted["mandate"]["id"].as_str().expect("a mandate id").to_owned();

        assert_eq!(read(&app, &lawyer, &dossier).await["data"]["dossier"]["status"], "DRAFT");
        let (_, node) = app.graphql(NODE, json!({ "id": dossier }), Some(&lawyer)).await;
        assert_eq!(node["data"]["node"]["id"], dossier.as_str(), "{node}");
        let (_, represented) = app
            .graphql("{ me { represented { dossiers { nodes { id } } } } }", json!({}), Some(&lawyer))
            .await;
        assert_eq!(represented["data"]["me"]["represented"][0]["dossiers"]["nodes"][0]["id"], dossier.as_str(), "{represented}");
        let (_, submitted) = app.graphql(SUBMIT, json!({ "id": dossier }), Some(&lawyer)).await;
        assert_eq!(submitted["data"]["submitDossier"]["userErrors"][0]["code"], "NOT_ALLOWED", "{submitted}");

        // A stranger sees nothing, and neither the stranger nor the mandatary may revoke.
        assert_eq!(error_code(&read(&app, &stranger, &dossier).await), Some("NOT_FOUND"));
        let (_, by_stranger) = app.graphql(REVOKE, json!({ "id": mandate }), Some(&stranger)).await;
        assert_eq!(error_code(&by_stranger), Some("NOT_FOUND"), "{by_stranger}");
        let (_, by_lawyer) = app.graphql(REVOKE, json!({ "id": mandate }), Some(&lawyer)).await;
        assert_eq!(by_lawyer["data"]["revokeMandate"]["userErrors"][0]["code"], "NOT_ALLOWED", "{by_lawyer}");

        let (_, revoked) = app.graphql(REVOKE, json!({ "id": mandate }), Some(&principal)).await;
        assert_eq!(revoked["data"]["revokeMandate"]["mandate"]["active"], false, "{revoked}");
        assert_eq!(error_code(&read(&app, &lawyer, &dossier).await), Some("NOT_FOUND"));
    }
}

on_both_databases! {
    async fn an_acting_mandatary_starts_and_submits_on_the_mandatary_channel(app) {
        let person = app.create_person("Mensah").await;
        let principal = app.token(&Subject::Person(person));
        let association = app.token(&Subject::Person(PersonId::from_uuid(uuid::Uuid::now_v7())));
        let association_id = account_id(&app, &association).await;
        let granted = grant(&app, &principal, &association_id, "ACT", None).await;
        assert_eq!(granted["userErrors"], json!([]), "{granted}");

        let person_id = {
            use base64::Engine as _;
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("Person:{}", person.as_uuid()))
        };
        let started = app.start_dossier(&association, "PERMIT_RENEWAL", "75", Some(&person_id)).await;
        assert_eq!(started["dossier"]["channel"], "MANDATARY", "{started}");
        let dossier = started["dossier"]["id"].as_str().expect("started").to_owned();
        let (_, submitted) = app.graphql(SUBMIT, json!({ "id": dossier }), Some(&association)).await;
        assert_eq!(submitted["data"]["submitDossier"]["dossier"]["status"], "SUBMITTED", "{submitted}");
        let seen = read(&app, &principal, &dossier).await;
        assert_eq!(seen["data"]["dossier"]["events"][1]["actor"]["kind"], "MANDATARY", "{seen}");
    }
}

on_both_databases! {
    async fn an_expired_mandate_opens_nothing_and_only_a_person_grants(app) {
        let principal = app.token(&Subject::Person(app.create_person("Traoré").await));
        let relative = app.token(&Subject::Person(PersonId::from_uuid(uuid::Uuid::now_v7())));
        let dossier = app.start_dossier(&principal, "PERMIT_RENEWAL", "75", None).await["dossier"]["id"]
            .as_str().expect("started").to_owned();
        let relative_id = account_id(&app, &relative).await;
        let past = grant(&app, &principal, &relative_id, "READ", Some("2020-01-01T00:00:00Z")).await;
        assert_eq!(past["userErrors"][0]["code"], "INVALID", "{past}");
        assert_eq!(error_code(&read(&app, &relative, &dossier).await), Some("NOT_FOUND"));
        let own = grant(&app, &principal, &account_id(&app, &principal).await, "READ", None).await;
        assert_eq!(own["userErrors"][0]["code"], "INVALID", "{own}");

        // Valid for two seconds: the dossier is open to the relative, then closed again.
        let until = (chrono::Utc::now() + chrono::Duration::seconds(2)).to_rfc3339();
        let short = grant(&app, &principal, &relative_id, "READ", Some(&until)).await;
        assert_eq!(short["userErrors"], json!([]), "{short}");
        assert_eq!(read(&app, &relative, &dossier).await["data"]["dossier"]["status"], "DRAFT");
        tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
        assert_eq!(error_code(&read(&app, &relative, &dossier).await), Some("NOT_FOUND"));
    }
}
