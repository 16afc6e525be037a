//! Tax-stamp payments, through the operations the front ends use: a stamp pays once across every dossier, a
//! malformed number or amount is refused and writes nothing, and `feesPaidCents` sums the stamps against the
//! catalogue's `feesDueCents`.

use hipe_api::auth::Subject;
use hipe_domain::AgentRole;
use hipe_domain::territory::Territory;
use hipe_tests::{TestApp, error_code, on_both_databases};
use serde_json::{Value, json};

const RECORD: &str = include_str!("../operations/mobile/RecordTaxStamp.graphql");
const FOLLOW_UP: &str = include_str!("../operations/mobile/DossierFollowUp.graphql");
const DESK_RECORD: &str = include_str!("../operations/ministry/RecordTaxStamp.graphql");
const THREAD: &str = include_str!("../operations/ministry/DossierThread.graphql");

async fn person_with_dossier(app: &TestApp, name: &str) -> (String, String) {
    let token = app.token(&Subject::Person(app.create_person(name).await));
    let started = app.start_dossier(&token, "FIRST_PERMIT_STUDENT", "75", None).await;
    (token, started["dossier"]["id"].as_str().expect("started").to_owned())
}

async fn record(app: &TestApp, token: &str, dossier: &str, stamp: &str, cents: i64) -> Value {
    let variables = json!({ "dossierId": dossier, "stampNumber": stamp, "amountCents": cents });
    let (status, body) = app.graphql(RECORD, variables, Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn follow_up(app: &TestApp, token: &str, dossier: &str) -> Value {
    app.graphql(FOLLOW_UP, json!({ "id": dossier }), Some(token)).await.1["data"]["dossier"].clone()
}

on_both_databases! {
    async fn a_stamp_pays_once_across_every_dossier(app) {
        let (amina, hers) = person_with_dossier(&app, "Haddad").await;
        let (bilal, his) = person_with_dossier(&app, "Karim").await;
        let recorded = record(&app, &amina, &hers, "1234 5678 9012 3456", 5_000).await;
        let payment = &recorded["data"]["recordTaxStamp"];
        assert_eq!(payment["payment"]["stampNumber"], "1234567890123456", "{recorded}");
        assert_eq!(payment["payment"]["status"], "RECORDED");
        assert_eq!(payment["dossier"]["feesPaidCents"], 5_000);
        let due = follow_up(&app, &amina, &hers).await;
        assert_eq!(due["feesDueCents"], due["procedure"]["fees"]["totalCents"], "{due}");
        assert!(due["feesDueCents"].as_i64().expect("cents") > 5_000, "the student permit costs more: {due}");

        // The same stamp on another person's dossier, and again on the same one: refused.
        let reused = record(&app, &bilal, &his, "1234567890123456", 5_000).await;
        assert_eq!(reused["data"]["recordTaxStamp"]["userErrors"][0]["code"], "STAMP_ALREADY_USED", "{reused}");
        let again = record(&app, &amina, &hers, "1234567890123456", 5_000).await;
        assert_eq!(again["data"]["recordTaxStamp"]["userErrors"][0]["code"], "STAMP_ALREADY_USED", "{again}");
        assert_eq!(follow_up(&app, &bilal, &his).await["payments"], json!([]));
        assert_eq!(follow_up(&app, &amina, &hers).await["feesPaidCents"], 5_000);

        // A second, different stamp adds up.
        let second = record(&app, &amina, &hers, "6543210987654321", 2_500).await;
        assert_eq!(second["data"]["recordTaxStamp"]["dossier"]["feesPaidCents"], 7_500, "{second}");
    }
}

on_both_databases! {
    async fn a_malformed_stamp_number_or_amount_is_refused_and_nothing_is_written(app) {
        let (token, dossier) = person_with_dossier(&app, "Silva").await;
        for (stamp, cents, field) in [
            ("1234", 5_000, "stampNumber"),
            ("1234-5678-9012-3456", 5_000, "stampNumber"),
            ("0000000000000000", 5_000, "stampNumber"),
            ("1234567890123456", 0, "amountCents"),
            ("1234567890123456", -100, "amountCents"),
        ] {
            let refused = record(&app, &token, &dossier, stamp, cents).await;
            let errors = &refused["data"]["recordTaxStamp"]["userErrors"];
            assert_eq!(errors[0]["code"], "INVALID", "{stamp} {cents}: {refused}");
            assert_eq!(errors[0]["field"], json!(["input", field]));
        }
        let read = follow_up(&app, &token, &dossier).await;
        assert_eq!((read["payments"].clone(), read["feesPaidCents"].clone()), (json!([]), json!(0)), "{read}");
        // Nothing was reserved either: the number is still usable.
        let fine = record(&app, &token, &dossier, "1234567890123456", 5_000).await;
        assert_eq!(fine["data"]["recordTaxStamp"]["userErrors"], json!([]), "{fine}");
    }
}

on_both_databases! {
    async fn a_stranger_records_nothing_on_my_dossier_and_the_desk_records_for_me(app) {
        let (token, dossier) = person_with_dossier(&app, "Mendes").await;
        let (stranger, _) = person_with_dossier(&app, "Stranger").await;
        let refused = record(&app, &stranger, &dossier, "1111222233334444", 5_000).await;
        assert_eq!(error_code(&refused), Some("NOT_FOUND"), "{refused}");

        let desk = app.token(&Subject::Agent {
            id: "desk-75".into(),
            role: AgentRole::PrefectureDesk,
            organisation: "Préfecture de police".into(),
            territories: vec![Territory::parse("75").expect("territory")],
        });
        let variables = json!({ "dossierId": dossier, "stampNumber": "1111222233334444", "amountCents": 5_000 });
        let (_, by_desk) = app.graphql(DESK_RECORD, variables, Some(&desk)).await;
        let payment = &by_desk["data"]["recordTaxStamp"]["payment"];
        assert_eq!(payment["recordedBy"], json!({ "kind": "AGENT", "role": "prefecture_desk", "organisation": "Préfecture de police" }), "{by_desk}");
        let (_, seen) = app.graphql(THREAD, json!({ "id": dossier }), Some(&desk)).await;
        assert_eq!(seen["data"]["dossier"]["payments"][0]["stampNumber"], "1111222233334444", "{seen}");
        assert_eq!(follow_up(&app, &token, &dossier).await["feesPaidCents"], 5_000);
    }
}
