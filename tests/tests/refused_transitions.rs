//! Every transition refused for the wrong actor or an unmet precondition answers a `userError` with a stable
//! code — and changes nothing: same version, same timeline, same status. One scenario per refusal, on both
//! databases.

mod journey;

use hipe_domain::AgentRole;
use hipe_tests::{TestApp, error_code, on_both_databases, operation};
use journey::{
    Actors, EMPLOYEE_DOCUMENTS, accept_all, add_documents, advance, grant, lyon, read, start, submit, under_review,
};
use serde_json::{Value, json};

/// Runs the refused `field` mutation of `operation` with `input` by `token`; checks its code and that the dossier
/// `id` is exactly as `reader` saw it before.
async fn refused_and_unchanged(
    app: &TestApp,
    (operation, field): (&str, &str),
    input: Value,
    token: &str,
    expected_code: &str,
    (reader, id): (&str, &str),
) {
    let before = read(app, reader, id).await;
    let code = app.refused(operation, field, input, token).await;
    assert_eq!(code, expected_code);
    let after = read(app, reader, id).await;
    assert_eq!(after, before, "a refused {field} changed the dossier");
}

const SUBMIT: (&str, &str) = (operation!("mobile/SubmitDossier"), "submitDossier");
const REQUEST: (&str, &str) = (operation!("ministry/RequestDocuments"), "requestDocuments");
const ADVANCE: (&str, &str) = (operation!("ministry/AdvanceInstruction"), "advanceInstruction");
const DECIDE: (&str, &str) = (operation!("ministry/DecideDossier"), "decideDossier");
const PRODUCE: (&str, &str) = (operation!("ministry/RecordPermitProduction"), "recordPermitProduction");
const REVIEW: (&str, &str) = (operation!("ministry/ReviewDocument"), "reviewDocument");

fn request_input(id: &str, app: &TestApp) -> Value {
    json!({ "dossierId": id, "documentTypes": ["PASSPORT"], "reason": "Lisible, s'il vous plaît.",
        "dueOn": (app.today() + chrono::Duration::days(20)).to_string() })
}

on_both_databases! {
    async fn an_instructor_cannot_submit_the_persons_online_draft(app) {
        let actors = Actors::new(&app, "Aziz").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_STUDENT").await;
        refused_and_unchanged(&app, SUBMIT, json!({ "dossierId": id }), &actors.instructor, "NOT_ALLOWED", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    async fn documents_cannot_be_requested_on_a_draft(app) {
        let actors = Actors::new(&app, "Bakr").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_STUDENT").await;
        refused_and_unchanged(&app, REQUEST, request_input(&id, &app), &actors.instructor, "INVALID_TRANSITION", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    async fn a_desk_agent_cannot_request_documents(app) {
        let actors = Actors::new(&app, "Chen").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_STUDENT").await;
        submit(&app, &actors.person, &id).await;
        refused_and_unchanged(&app, REQUEST, request_input(&id, &app), &actors.desk, "NOT_ALLOWED", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    async fn a_request_for_documents_needs_a_due_date_after_today(app) {
        let actors = Actors::new(&app, "Dia").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_STUDENT").await;
        submit(&app, &actors.person, &id).await;
        let mut input = request_input(&id, &app);
        input["dueOn"] = json!(app.today().to_string());
        refused_and_unchanged(&app, REQUEST, input, &actors.instructor, "INVALID", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    async fn a_file_with_missing_documents_cannot_be_declared_complete(app) {
        let actors = Actors::new(&app, "Eze").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_EMPLOYEE").await;
        add_documents(&app, &actors.person, &id, &["PASSPORT"]).await;
        submit(&app, &actors.person, &id).await;
        let input = json!({ "dossierId": id, "step": "DECLARE_COMPLETE" });
        refused_and_unchanged(&app, ADVANCE, input, &actors.instructor, "PRECONDITION_FAILED", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    async fn a_file_waiting_for_documents_cannot_be_declared_complete(app) {
        let actors = Actors::new(&app, "Fofana").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_EMPLOYEE").await;
        add_documents(&app, &actors.person, &id, &EMPLOYEE_DOCUMENTS).await;
        submit(&app, &actors.person, &id).await;
        app.mutate(REQUEST.0, REQUEST.1, request_input(&id, &app), &actors.instructor).await;
        let input = json!({ "dossierId": id, "step": "DECLARE_COMPLETE" });
        refused_and_unchanged(&app, ADVANCE, input, &actors.instructor, "INVALID_TRANSITION", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    async fn an_instructor_cannot_sign_a_decision(app) {
        let actors = Actors::new(&app, "Gueye").await;
        let id = under_review(&app, &actors).await;
        let input = json!({ "dossierId": id, "outcome": "GRANT" });
        refused_and_unchanged(&app, DECIDE, input, &actors.instructor, "NOT_ALLOWED", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    async fn a_grant_needs_every_required_document_accepted(app) {
        let actors = Actors::new(&app, "Haidari").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_EMPLOYEE").await;
        add_documents(&app, &actors.person, &id, &EMPLOYEE_DOCUMENTS).await;
        submit(&app, &actors.person, &id).await;
        // Complete (every document present) but none reviewed yet.
        advance(&app, &actors.instructor, &id, "DECLARE_COMPLETE").await;
        advance(&app, &actors.instructor, &id, "START_REVIEW").await;
        let input = json!({ "dossierId": id, "outcome": "GRANT" });
        refused_and_unchanged(&app, DECIDE, input, &actors.signatory, "PRECONDITION_FAILED", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    async fn a_sick_foreigners_permit_is_not_granted_before_the_medical_opinion(app) {
        let actors = Actors::new(&app, "Ivanov").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_SICK_FOREIGNER").await;
        add_documents(&app, &actors.person, &id, &["PASSPORT", "BIRTH_CERTIFICATE", "PROOF_OF_ADDRESS", "PHOTO"]).await;
        submit(&app, &actors.person, &id).await;
        accept_all(&app, &actors.instructor, &id).await;
        advance(&app, &actors.instructor, &id, "DECLARE_COMPLETE").await;
        advance(&app, &actors.instructor, &id, "START_REVIEW").await;
        let input = json!({ "dossierId": id, "outcome": "GRANT" });
        refused_and_unchanged(&app, DECIDE, input.clone(), &actors.signatory, "PRECONDITION_FAILED", (&actors.instructor, &id)).await;
        // Asking for the opinion is not receiving it; the instructor cannot record its arrival either (OFII's
        // transmission does, see `medical.rs`, where the same grant then goes through).
        advance(&app, &actors.instructor, &id, "REQUEST_OPINION").await;
        let step = json!({ "dossierId": id, "step": "RECORD_OPINION_RECEIVED" });
        refused_and_unchanged(&app, ADVANCE, step, &actors.instructor, "NOT_ALLOWED", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    async fn a_refusal_states_its_legal_basis_and_reasons(app) {
        let actors = Actors::new(&app, "Jalloh").await;
        let id = under_review(&app, &actors).await;
        let input = json!({ "dossierId": id, "outcome": "REFUSE", "legalBasis": "CESEDA L.432-1" });
        refused_and_unchanged(&app, DECIDE, input, &actors.signatory, "INVALID", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    async fn a_card_is_not_handed_over_before_it_is_available(app) {
        let actors = Actors::new(&app, "Kamara").await;
        let id = under_review(&app, &actors).await;
        grant(&app, &actors.signatory, &id).await;
        let input = json!({ "dossierId": id, "stage": "DELIVERED" });
        refused_and_unchanged(&app, PRODUCE, input, &actors.desk, "INVALID_TRANSITION", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    async fn reasons_are_asked_only_after_an_implicit_refusal(app) {
        let actors = Actors::new(&app, "Lamine").await;
        let id = under_review(&app, &actors).await;
        let ask = (operation!("mobile/RequestReasons"), "requestReasons");
        refused_and_unchanged(&app, ask, json!({ "dossierId": id }), &actors.person, "INVALID_TRANSITION", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    async fn reasons_are_communicated_only_once_asked(app) {
        let actors = Actors::new(&app, "Mbeki").await;
        let id = under_review(&app, &actors).await;
        app.advance_days(130);
        assert_eq!(app.run_clocks().await.implicit_refusals, 1);
        let communicate = (operation!("ministry/CommunicateReasons"), "communicateReasons");
        let input = json!({ "dossierId": id, "reasons": "Motifs." });
        refused_and_unchanged(&app, communicate, input, &actors.instructor, "PRECONDITION_FAILED", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    async fn a_granted_dossier_can_no_longer_be_withdrawn(app) {
        let actors = Actors::new(&app, "Ndiaye").await;
        let id = under_review(&app, &actors).await;
        grant(&app, &actors.signatory, &id).await;
        let withdraw = (operation!("mobile/WithdrawDossier"), "withdrawDossier");
        refused_and_unchanged(&app, withdraw, json!({ "dossierId": id }), &actors.person, "INVALID_TRANSITION", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    async fn a_document_is_reviewed_once_and_a_rejection_says_why(app) {
        let actors = Actors::new(&app, "Osei").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_EMPLOYEE").await;
        add_documents(&app, &actors.person, &id, &["PASSPORT"]).await;
        submit(&app, &actors.person, &id).await;
        let document = read(&app, &actors.instructor, &id).await["documents"][0]["id"].clone();
        let reject = json!({ "dossierId": id, "documentId": document, "accepted": false });
        refused_and_unchanged(&app, REVIEW, reject, &actors.instructor, "INVALID", (&actors.instructor, &id)).await;
        app.mutate(REVIEW.0, REVIEW.1, json!({ "dossierId": id, "documentId": document, "accepted": true }), &actors.instructor).await;
        let again = json!({ "dossierId": id, "documentId": document, "accepted": false, "reason": "Finalement non." });
        refused_and_unchanged(&app, REVIEW, again, &actors.instructor, "PRECONDITION_FAILED", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    async fn a_withdrawn_dossier_cannot_be_amended(app) {
        let actors = Actors::new(&app, "Pereira").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_STUDENT").await;
        app.mutate(operation!("mobile/WithdrawDossier"), "withdrawDossier", json!({ "dossierId": id }), &actors.person).await;
        let amend = (operation!("mobile/AmendDossier"), "amendDossier");
        let input = json!({ "dossierId": id, "answers": [{ "field": "school", "value": "ENS" }] });
        refused_and_unchanged(&app, amend, input, &actors.person, "INVALID_TRANSITION", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    /// An agent of another territory cannot even tell the dossier exists: the same NOT_FOUND as a missing one,
    /// and nothing changes.
    async fn an_agent_of_another_territory_acts_on_nothing(app) {
        let actors = Actors::new(&app, "Quispe").await;
        let id = under_review(&app, &actors).await;
        let before = read(&app, &actors.instructor, &id).await;
        let stranger = app.token(&lyon(AgentRole::PrefectureSignatory));
        let (_, body) = app.graphql(DECIDE.0, json!({ "input": { "dossierId": id, "outcome": "GRANT" } }), Some(&stranger)).await;
        assert_eq!(error_code(&body), Some("NOT_FOUND"));
        let missing = hipe_tests::dossier_id_of(uuid::Uuid::now_v7());
        let (_, unknown) = app.graphql(DECIDE.0, json!({ "input": { "dossierId": missing, "outcome": "GRANT" } }), Some(&stranger)).await;
        assert_eq!(body["errors"][0]["message"], unknown["errors"][0]["message"]);
        assert_eq!(read(&app, &actors.instructor, &id).await, before);
    }
}

on_both_databases! {
    async fn a_desk_agent_does_not_instruct(app) {
        let actors = Actors::new(&app, "Rossi").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_EMPLOYEE").await;
        add_documents(&app, &actors.person, &id, &EMPLOYEE_DOCUMENTS).await;
        submit(&app, &actors.person, &id).await;
        accept_all(&app, &actors.instructor, &id).await;
        advance(&app, &actors.instructor, &id, "DECLARE_COMPLETE").await;
        let input = json!({ "dossierId": id, "step": "START_REVIEW" });
        refused_and_unchanged(&app, ADVANCE, input, &actors.desk, "NOT_ALLOWED", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    async fn an_opinion_is_asked_only_during_the_review(app) {
        let actors = Actors::new(&app, "Sato").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_EMPLOYEE").await;
        add_documents(&app, &actors.person, &id, &EMPLOYEE_DOCUMENTS).await;
        submit(&app, &actors.person, &id).await;
        let input = json!({ "dossierId": id, "step": "REQUEST_OPINION" });
        refused_and_unchanged(&app, ADVANCE, input, &actors.instructor, "INVALID_TRANSITION", (&actors.instructor, &id)).await;
        let input = json!({ "dossierId": id, "step": "RECORD_OPINION_RECEIVED" });
        refused_and_unchanged(&app, ADVANCE, input, &actors.instructor, "INVALID_TRANSITION", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    async fn no_document_is_added_to_a_decided_dossier(app) {
        let actors = Actors::new(&app, "Tanaka").await;
        let id = under_review(&app, &actors).await;
        grant(&app, &actors.signatory, &id).await;
        let add = (operation!("mobile/AddDocument"), "addDocument");
        refused_and_unchanged(&app, add, journey::document(&id, "PHOTO"), &actors.person, "INVALID_TRANSITION", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    async fn a_desk_agent_neither_assigns_nor_flags(app) {
        let actors = Actors::new(&app, "Umar").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_STUDENT").await;
        submit(&app, &actors.person, &id).await;
        let assign = (operation!("ministry/AssignDossier"), "assignDossier");
        refused_and_unchanged(&app, assign, json!({ "dossierId": id }), &actors.desk, "NOT_ALLOWED", (&actors.instructor, &id)).await;
        let flag = (operation!("ministry/FlagVulnerability"), "flagVulnerability");
        let input = json!({ "dossierId": id, "vulnerable": true });
        refused_and_unchanged(&app, flag, input, &actors.desk, "NOT_ALLOWED", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    async fn a_draft_is_nobodys_work_yet(app) {
        let actors = Actors::new(&app, "Vargas").await;
        let id = start(&app, &actors.person, "FIRST_PERMIT_STUDENT").await;
        let flag = (operation!("ministry/FlagVulnerability"), "flagVulnerability");
        let input = json!({ "dossierId": id, "vulnerable": true });
        refused_and_unchanged(&app, flag, input, &actors.instructor, "INVALID_TRANSITION", (&actors.instructor, &id)).await;
    }
}

on_both_databases! {
    async fn a_desk_agent_does_not_order_the_card(app) {
        let actors = Actors::new(&app, "Wang").await;
        let id = under_review(&app, &actors).await;
        grant(&app, &actors.signatory, &id).await;
        let input = json!({ "dossierId": id, "stage": "IN_PRODUCTION" });
        refused_and_unchanged(&app, PRODUCE, input, &actors.desk, "NOT_ALLOWED", (&actors.instructor, &id)).await;
    }
}
