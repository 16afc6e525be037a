//! Persons: an agent finds a person by any spelling of their name, by birth date or foreigner number; every
//! person found is journaled; identity statements are recorded with their source; a person moves and their
//! previous address is closed. The operations are the front ends' own `.graphql` documents.

use base64::Engine as _;
use hipe_api::auth::Subject;
use hipe_domain::AgentRole;
use hipe_domain::person::{
    ForeignerNumber, Identity, Nationality, PartialDate, Person, PersonId, PersonRepository as _,
};
use hipe_tests::{TestApp, error_code, on_both_databases};
use serde_json::{Value, json};
use uuid::Uuid;

const FIND_PERSONS: &str = include_str!("../operations/ministry/FindPersons.graphql");
const RECORD_IDENTITY: &str = include_str!("../operations/ministry/RecordIdentity.graphql");
const MY_PROFILE: &str = include_str!("../operations/mobile/MyProfile.graphql");
const CHANGE_ADDRESS: &str = include_str!("../operations/mobile/ChangeAddress.graphql");

/// Records a person directly in storage (with the search keys of their current names).
async fn insert_person(app: &TestApp, family: &str, given: &[&str], birth: &str, number: Option<&str>) -> PersonId {
    let id = PersonId::from_uuid(Uuid::now_v7());
    let person = Person::new(
        id,
        Identity {
            family_name: family.to_owned(),
            given_names: given.iter().map(|&g| g.to_owned()).collect(),
            birth_date: PartialDate::parse(birth).expect("date"),
            nationalities: vec![Nationality::parse("UKR").expect("nationality")],
        },
        number.map(|n| ForeignerNumber::parse(n).expect("number")),
        chrono::Utc::now(),
    )
    .expect("valid person");
    app.database.persons().insert(&person).await.expect("stored");
    id
}

/// The global id the API gives a person.
fn global_id(person: PersonId) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("Person:{}", person.as_uuid()))
}

fn agent(role: AgentRole, organisation: &str) -> Subject {
    Subject::Agent {
        id: format!("agent-{}", Uuid::now_v7()),
        role,
        organisation: organisation.to_owned(),
        territories: vec![],
    }
}

fn desk() -> Subject {
    agent(AgentRole::PrefectureDesk, "Préfecture du Nord")
}

async fn find(app: &TestApp, token: &str, search: Value, first: Option<i32>, after: Option<&str>) -> Value {
    let variables = json!({ "search": search, "first": first, "after": after });
    let (status, body) = app.graphql(FIND_PERSONS, variables, Some(token)).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["persons"].clone()
}

fn family_names(found: &Value) -> Vec<String> {
    found["edges"]
        .as_array()
        .unwrap_or_else(|| panic!("edges: {found}"))
        .iter()
        .map(|edge| edge["node"]["familyName"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn record(app: &TestApp, token: &str, input: Value) -> Value {
    let (status, body) = app.graphql(RECORD_IDENTITY, json!({ "input": input }), Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body["data"]["recordIdentity"].clone()
}

async fn profile(app: &TestApp, token: &str) -> Value {
    let (status, body) = app.graphql(MY_PROFILE, json!({}), Some(token)).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["me"]["person"].clone()
}

async fn change_address(app: &TestApp, token: &str, input: Value) -> Value {
    let (status, body) = app.graphql(CHANGE_ADDRESS, json!({ "input": input }), Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body["data"]["changeAddress"].clone()
}

on_both_databases! {
    async fn an_agent_finds_a_person_recorded_in_cyrillic_by_any_latin_spelling(app) {
        let person = insert_person(&app, "Bondarenko", &["Test"], "1990-06", None).await;
        let desk = app.token(&desk());
        let recorded = record(&app, &desk, json!({
            "personId": global_id(person), "source": "PASSPORT", "familyName": "Bondarenko",
            "givenNames": ["Aleksandr"], "sex": "M", "birthDate": "1990-06-14", "nationalities": ["UKR"],
            "originalScript": { "script": "Cyrl", "familyName": "Бондаренко", "givenNames": ["Олександр"] },
            "transliterations": ["Oleksandr"], "documentNumber": "fp765432",
        })).await;
        assert_eq!(recorded["userErrors"], json!([]), "{recorded}");
        assert_eq!(recorded["identityRecord"]["documentNumber"], "FP765432");

        for name in ["oleksandr bondarenko", "Olexandr Бондаренко", "ALEKSANDR", "olek BOND", "Олександр"] {
            let found = find(&app, &desk, json!({ "name": name, "birthDate": "1990" }), None, None).await;
            assert_eq!(family_names(&found), ["Bondarenko"], "{name}: {found}");
            let records = &found["edges"][0]["node"]["identityRecords"];
            assert_eq!(records[0]["originalScript"]["givenNames"], json!(["Олександр"]), "{found}");
        }
        let nobody = find(&app, &desk, json!({ "name": "Bondarchuk" }), None, None).await;
        assert_eq!(nobody["totalCount"], 0, "{nobody}");

        // The demo's stateless asylum seeker, by the spellings of his asylum-desk declaration.
        let ofii = app.token(&agent(AgentRole::OfiiAgent, "OFII DT Paris"));
        let tenzin = find(&app, &ofii, json!({ "name": "tendzin dorjee" }), None, None).await;
        assert_eq!(family_names(&tenzin), ["Dorje"], "{tenzin}");
        let records = &tenzin["edges"][0]["node"]["identityRecords"];
        assert_eq!(records[0]["source"], "ASYLUM_DESK_DECLARATION", "{tenzin}");
    }
}

on_both_databases! {
    async fn accents_and_case_do_not_matter_in_a_search(app) {
        insert_person(&app, "Nguyễn", &["Thị", "Lan"], "1994-02-11", None).await;
        insert_person(&app, "NGUYEN", &["Van"], "1988", None).await;
        let desk = app.token(&desk());
        for name in ["nguyen", "Nguyễn", "NGUYÊN", "nguy"] {
            let found = find(&app, &desk, json!({ "name": name }), None, None).await;
            assert_eq!(found["totalCount"], 2, "{name}: {found}");
        }
        let found = find(&app, &desk, json!({ "name": "nguyen thi" }), None, None).await;
        assert_eq!(family_names(&found), ["Nguyễn"], "{found}");
    }
}

on_both_databases! {
    async fn a_birth_year_alone_or_a_foreigner_number_finds_the_person(app) {
        insert_person(&app, "Zabolotny", &["Ivan"], "1971-02-03", Some("7511112222")).await;
        insert_person(&app, "Zabolotny", &["Petro"], "1971", None).await;
        insert_person(&app, "Zabolotny", &["Mykola"], "1972-05-20", None).await;
        let desk = app.token(&desk());
        let given = |found: &Value| -> Vec<String> {
            let mut names: Vec<String> = found["edges"].as_array().expect("edges").iter()
                .map(|e| e["node"]["givenNames"][0].as_str().unwrap_or_default().to_owned()).collect();
            names.sort();
            names
        };
        let year = find(&app, &desk, json!({ "name": "zabolotny", "birthDate": "1971" }), None, None).await;
        assert_eq!(given(&year), ["Ivan", "Petro"]);
        let day = find(&app, &desk, json!({ "name": "zabolotny", "birthDate": "1971-02-03" }), None, None).await;
        assert_eq!(given(&day), ["Ivan", "Petro"], "a person born in 1971, day unknown, may be the one");
        let month = find(&app, &desk, json!({ "name": "zabolotny", "birthDate": "1972-05" }), None, None).await;
        assert_eq!(given(&month), ["Mykola"]);
        let number = find(&app, &desk, json!({ "foreignerNumber": "7511112222" }), None, None).await;
        assert_eq!(given(&number), ["Ivan"]);
        let unknown = find(&app, &desk, json!({ "foreignerNumber": "7599999999" }), None, None).await;
        assert_eq!(unknown["totalCount"], 0);
        let (_, empty) = app.graphql(FIND_PERSONS, json!({ "search": {} }), Some(&desk)).await;
        assert_eq!(error_code(&empty), Some("BAD_USER_INPUT"), "{empty}");
        let (_, short) = app.graphql(FIND_PERSONS, json!({ "search": { "name": "Z" } }), Some(&desk)).await;
        assert_eq!(error_code(&short), Some("BAD_USER_INPUT"), "{short}");
    }
}

on_both_databases! {
    async fn persons_and_partners_cannot_search_exactly_as_if_the_field_did_not_exist(app) {
        let person = app.token(&Subject::Person(insert_person(&app, "Sokolova", &["Anna"], "1990", None).await));
        let partner = app.create_partner("Intérim", &[hipe_domain::actor::Scope::PermitVerify]).await;
        let partner = app.partner_token(&partner).await;
        let auditor = app.token(&agent(AgentRole::Auditor, "DGEF — DPD"));
        let unknown = "query { personz(search: { name: \"sokolova\" }) { totalCount } }";
        for token in [&person, &partner, &auditor] {
            let (status, hidden) =
                app.graphql(FIND_PERSONS, json!({ "search": { "name": "sokolova" } }), Some(token)).await;
            let (missing_status, missing) = app.graphql(unknown, json!({}), Some(token)).await;
            assert_eq!((status, error_code(&hidden)), (missing_status, error_code(&missing)), "{hidden}");
            assert_eq!(error_code(&hidden), Some("GRAPHQL_VALIDATION_FAILED"));
            assert_eq!(hidden["errors"][0]["message"], "Unknown field \"persons\" on type \"Query\".", "{hidden}");
            assert!(!hidden.to_string().contains("Did you mean"), "{hidden}");
            assert!(hidden["data"].is_null(), "{hidden}");
        }
        // Nor may a person record an identity, nor an agent move a person.
        let (_, as_person) = app.graphql(RECORD_IDENTITY, json!({ "input": {} }), Some(&person)).await;
        assert_eq!(as_person["errors"][0]["message"], "Unknown field \"recordIdentity\" on type \"Mutation\".");
        let (_, as_agent) = app.graphql(CHANGE_ADDRESS, json!({ "input": {} }), Some(&app.token(&desk()))).await;
        assert_eq!(as_agent["errors"][0]["message"], "Unknown field \"changeAddress\" on type \"Mutation\".");
    }
}

on_both_databases! {
    async fn a_person_found_by_an_agent_sees_that_agents_organisation_in_their_accesses(app) {
        let me = insert_person(&app, "Hakobyan", &["Ani"], "1999-09", None).await;
        let mine = app.token(&Subject::Person(me));
        assert_eq!(profile(&app, &mine).await["accesses"]["nodes"], json!([]));
        let ofii = app.token(&agent(AgentRole::OfiiDoctor, "OFII DT Marseille"));
        let found = find(&app, &ofii, json!({ "name": "hakobian" }), None, None).await;
        assert_eq!(family_names(&found), ["Hakobyan"], "{found}");
        let accesses = profile(&app, &mine).await["accesses"]["nodes"].clone();
        assert_eq!(accesses.as_array().map(Vec::len), Some(1), "{accesses}");
        assert_eq!(accesses[0]["organisation"], "OFII DT Marseille");
        assert_eq!((accesses[0]["kind"].as_str(), accesses[0]["role"].as_str()), (Some("READ"), Some("ofii_doctor")));

        // Recording an identity is a journaled write.
        let desk = app.token(&desk());
        let recorded = record(&app, &desk, json!({
            "personId": global_id(me), "source": "DECLARATION", "familyName": "Hakobyan",
            "givenNames": ["Ani"], "birthDate": "1999-09", "nationalities": ["ARM"],
        })).await;
        assert_eq!(recorded["userErrors"], json!([]), "{recorded}");
        let accesses = profile(&app, &mine).await["accesses"]["nodes"].clone();
        assert_eq!(accesses[0]["kind"], "WRITE", "{accesses}");
        assert_eq!(accesses[0]["organisation"], "Préfecture du Nord", "{accesses}");
    }
}

on_both_databases! {
    async fn a_search_pages_by_two_with_a_cursor(app) {
        for given in ["Ada", "Bola", "Chike"] {
            insert_person(&app, "Okonkwo", &[given], "1980", None).await;
        }
        let desk = app.token(&desk());
        let first = find(&app, &desk, json!({ "name": "okonkwo" }), Some(2), None).await;
        assert_eq!(first["totalCount"], 3);
        assert_eq!(first["edges"].as_array().map(Vec::len), Some(2));
        assert_eq!(first["pageInfo"]["hasNextPage"], true);
        let cursor = first["pageInfo"]["endCursor"].as_str().expect("a cursor").to_owned();
        let second = find(&app, &desk, json!({ "name": "okonkwo" }), Some(2), Some(&cursor)).await;
        assert_eq!(second["edges"].as_array().map(Vec::len), Some(1));
        assert_eq!((second["pageInfo"]["hasNextPage"].as_bool(), second["pageInfo"]["hasPreviousPage"].as_bool()), (Some(false), Some(true)));
        let ids: std::collections::BTreeSet<&str> = first["edges"].as_array().expect("edges").iter()
            .chain(second["edges"].as_array().expect("edges"))
            .filter_map(|e| e["node"]["id"].as_str())
            .collect();
        assert_eq!(ids.len(), 3, "every person once");
        let lean = "query { persons(search: { name: \"okonkwo\" }, first: 101) { totalCount } }";
        let (_, too_many) = app.graphql(lean, json!({}), Some(&desk)).await;
        assert_eq!(error_code(&too_many), Some("BAD_USER_INPUT"), "{too_many}");
    }
}

fn address(line: &str, from: &str, key: Option<&str>) -> Value {
    json!({
        "kind": "OWN", "lines": [line], "postcode": "59000", "city": "Lille", "country": "FRA",
        "validFrom": from, "idempotencyKey": key,
    })
}

on_both_databases! {
    async fn a_new_address_closes_the_previous_one_and_a_retry_does_not_move_twice(app) {
        let me = app.token(&Subject::Person(insert_person(&app, "Mwangi", &["Grace"], "1996", None).await));
        let first = change_address(&app, &me, address("3 rue Nationale", "2025-01-10", None)).await;
        assert_eq!(first["userErrors"], json!([]), "{first}");
        let key = Uuid::now_v7().to_string();
        let moved = change_address(&app, &me, address("40 rue de Béthune", "2025-09-01", Some(&key))).await;
        assert_eq!(moved["address"]["current"], true, "{moved}");

        let addresses = profile(&app, &me).await["addresses"].clone();
        assert_eq!(addresses.as_array().map(Vec::len), Some(2), "{addresses}");
        assert_eq!(addresses[0]["lines"], json!(["40 rue de Béthune"]), "the current address first");
        assert_eq!((addresses[1]["validFrom"].as_str(), addresses[1]["validUntil"].as_str()), (Some("2025-01-10"), Some("2025-09-01")));
        assert_eq!(addresses[1]["current"], false);

        // The same request again (a lost answer, retried) gives the first answer and moves nobody.
        let retried = change_address(&app, &me, address("40 rue de Béthune", "2025-09-01", Some(&key))).await;
        assert_eq!(retried, moved);
        // The same key with another input is refused.
        let reused = change_address(&app, &me, address("1 place du Théâtre", "2025-10-01", Some(&key))).await;
        assert_eq!(reused["userErrors"][0]["code"], "INVALID", "{reused}");
        assert_eq!(reused["userErrors"][0]["field"], json!(["input", "idempotencyKey"]));
        assert_eq!(profile(&app, &me).await["addresses"], addresses, "nothing changed");
    }
}

on_both_databases! {
    async fn malformed_input_gives_a_user_error_and_changes_nothing(app) {
        let person = insert_person(&app, "Diallo", &["Mamadou"], "2001", None).await;
        let me = app.token(&Subject::Person(person));
        let bad_postcode = change_address(&app, &me, json!({ "kind": "OWN", "lines": ["1 rue X"], "postcode": "590", "city": "Lille", "country": "FRA" })).await;
        assert_eq!(bad_postcode["userErrors"][0]["field"], json!(["input", "postcode"]), "{bad_postcode}");
        assert_eq!(bad_postcode["address"], Value::Null);
        let bad_country = change_address(&app, &me, json!({ "kind": "OWN", "lines": ["1 rue X"], "postcode": "59000", "city": "Lille", "country": "France" })).await;
        assert_eq!(bad_country["userErrors"][0]["code"], "INVALID", "{bad_country}");
        assert_eq!(bad_country["userErrors"][0]["field"], json!(["input", "country"]));
        let hosted = change_address(&app, &me, json!({ "kind": "HOSTED", "lines": ["1 rue X"], "postcode": "59000", "city": "Lille", "country": "FRA" })).await;
        assert_eq!(hosted["userErrors"][0]["field"], json!(["input", "careOf"]), "{hosted}");

        let desk = app.token(&desk());
        let bad_nationality = record(&app, &desk, json!({
            "personId": global_id(person), "source": "DECLARATION", "familyName": "Diallo",
            "birthDate": "2001", "nationalities": ["Guinean"],
        })).await;
        assert_eq!(bad_nationality["userErrors"][0]["field"], json!(["input", "nationalities"]), "{bad_nationality}");
        let passport_without_number = record(&app, &desk, json!({
            "personId": global_id(person), "source": "PASSPORT", "familyName": "Diallo",
            "birthDate": "2001", "nationalities": ["GIN"],
        })).await;
        assert_eq!(passport_without_number["userErrors"][0]["field"], json!(["input", "documentNumber"]));
        assert_eq!(passport_without_number["identityRecord"], Value::Null);

        let unchanged = profile(&app, &me).await;
        assert_eq!((unchanged["addresses"].clone(), unchanged["identityRecords"].clone()), (json!([]), json!([])));
        assert_eq!(unchanged["accesses"]["nodes"], json!([]), "a refused write journals nothing");
        let unknown = record(&app, &desk, json!({
            "personId": global_id(PersonId::from_uuid(Uuid::now_v7())), "source": "DECLARATION",
            "familyName": "Nobody", "birthDate": "2001", "nationalities": ["GIN"],
        })).await;
        assert!(unknown.is_null(), "an unknown person is NOT_FOUND, not a user error");
        let lawyer = app.token(&Subject::Person(PersonId::from_uuid(Uuid::now_v7())));
        let valid = json!({ "kind": "OWN", "lines": ["1 rue X"], "postcode": "59000", "city": "Lille", "country": "FRA" });
        let (_, no_record) = app.graphql(CHANGE_ADDRESS, json!({ "input": valid }), Some(&lawyer)).await;
        assert_eq!(error_code(&no_record), Some("NOT_FOUND"), "an account without a person record has no address: {no_record}");
    }
}

on_both_databases! {
    async fn the_demo_persons_carry_their_sourced_identities_and_addresses(app) {
        let oleksandr = app.token(&Subject::Person(PersonId::from_uuid(hipe_api::demo::OLEKSANDR)));
        let profile_of_oleksandr = profile(&app, &oleksandr).await;
        assert_eq!(profile_of_oleksandr["preferredLanguage"], "uk");
        let records = &profile_of_oleksandr["identityRecords"];
        assert_eq!((records[0]["source"].as_str(), records[1]["source"].as_str()), (Some("PASSPORT"), Some("VISA")));
        assert_eq!(records[0]["originalScript"]["script"], "Cyrl");
        assert_eq!(records[0]["originalScript"]["givenNames"][0], "Олександр");
        assert_eq!(records[1]["givenNames"], json!(["Aleksandr"]));

        let tenzin = app.token(&Subject::Person(PersonId::from_uuid(hipe_api::demo::TENZIN)));
        let profile_of_tenzin = profile(&app, &tenzin).await;
        assert_eq!((profile_of_tenzin["email"].clone(), profile_of_tenzin["phone"].clone()), (Value::Null, Value::Null));
        let declaration = &profile_of_tenzin["identityRecords"][0];
        assert_eq!(declaration["source"], "ASYLUM_DESK_DECLARATION");
        assert_eq!((declaration["nationalities"].clone(), declaration["birthDate"].clone()), (json!(["STATELESS"]), json!("1985")));
        let domiciliation = &profile_of_tenzin["addresses"][0];
        assert_eq!((domiciliation["kind"].as_str(), domiciliation["current"].as_bool()), (Some("DOMICILIATION"), Some(true)));
        assert!(domiciliation["careOf"].as_str().is_some_and(|c| c.contains("SPADA")), "{domiciliation}");
    }
}

on_both_databases! {
    async fn a_person_sees_their_family_links_and_a_mandatary_not_the_principals_profile(app) {
        let parent = insert_person(&app, "Ahmadi", &["Zahra"], "1985", None).await;
        let child = insert_person(&app, "Ahmadi", &["Omid"], "2012", None).await;
        let link = hipe_domain::person::family::FamilyLink::new(
            parent, child, hipe_domain::person::family::FamilyRelation::Child,
            chrono::NaiveDate::from_ymd_opt(2012, 5, 1), chrono::Utc::now(),
        ).expect("valid");
        hipe_domain::person::PersonProfileRepository::add_family_link(&app.database.person_profiles(), &link)
            .await.expect("stored");
        let mine = profile(&app, &app.token(&Subject::Person(parent))).await;
        assert_eq!(mine["familyLinks"], json!([{ "relation": "CHILD", "relativeId": global_id(child), "since": "2012-05-01" }]));
        let theirs = profile(&app, &app.token(&Subject::Person(child))).await;
        assert_eq!(theirs["familyLinks"], json!([]), "the link is the parent's");

        // A mandatary reaches the principal's person record, but not their identity records or addresses.
        let grant = "mutation($m: ID!) { grantMandate(input: { mandataryId: $m, kind: FAMILY, scope: READ }) { userErrors { code } } }";
        let (_, granted) = app.graphql(grant, json!({ "m": global_id(child) }), Some(&app.token(&Subject::Person(parent)))).await;
        assert_eq!(granted["data"]["grantMandate"]["userErrors"], json!([]), "{granted}");
        let represented = "{ me { represented { familyName identityRecords { source } } } }";
        let (_, body) = app.graphql(represented, json!({}), Some(&app.token(&Subject::Person(child)))).await;
        assert_eq!(error_code(&body), Some("FORBIDDEN"), "{body}");
        assert_eq!(body["errors"][0]["path"], json!(["me", "represented", 0, "identityRecords"]), "{body}");
    }
}
