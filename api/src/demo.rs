//! Demo data for `make run`: a few persons and dossiers, created once through the domain's own use cases (so
//! they carry real timelines), their residence documents (dated from the day they are seeded, so the demo stays
//! current for months), appointment slots in Paris and Lyon for the next two weeks, the personas whose development tokens `hipe serve --demo` prints, and a demo partner.

use chrono::{Datelike as _, Duration, NaiveDate, TimeZone as _, Utc, Weekday};
use hipe_domain::actor::{Agent, Scope};
use hipe_domain::appointment::{self, SlotKind, SlotSpec};
use hipe_domain::clock::france_date;
use hipe_domain::dossier::commands::{self, StartDossier};
use hipe_domain::journal::RequestTrace;
use hipe_domain::pagination::PageRequest;
use hipe_domain::partner::ClientId;
use hipe_domain::permit::{
    DocumentKind, DocumentNumber, DocumentParts, DocumentStatus, Motive, ResidenceDocument, ResidenceDocumentId,
    Rights, Work,
};
use hipe_domain::person::address::{self, AddressId, AddressKind, NewAddress};
use hipe_domain::person::contact::{Email, Language, Phone};
use hipe_domain::person::identity_record::{
    IdentityRecord, IdentityRecordId, IdentitySource, IdentityStatement, OriginalScriptName, Sex,
};
use hipe_domain::person::{
    Contact, CountryCode, ForeignerNumber, Identity, Nationality, PartialDate, Person, PersonId,
};
use hipe_domain::procedure::ProcedureCode;
use hipe_domain::territory::Territory;
use hipe_domain::{Actor, AgentRole, Error};
use uuid::Uuid;

use crate::auth::{ClientSecret, Subject};
use crate::graphql::Services;

/// Amina Haddad: a student from Algeria, in Paris.
pub const AMINA: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001);
/// Oleksandr Kovalenko: a worker from Ukraine, in Lyon, renewing.
pub const OLEKSANDR: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0002);
/// Tenzin Dorje: stateless, partial birth date, no e-mail or phone, filed at the desk in Paris.
pub const TENZIN: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0003);

/// Amina's student card (temporary permit, 964 hours of work a year); she was born on 2003-04-17.
pub const AMINA_CARD: &str = "CST7512345678";
/// Oleksandr's expired multi-year card; an extension certificate keeps his stay lawful (born 1992-11).
pub const OLEKSANDR_CARD: &str = "CSP6923456789";
/// Tenzin's asylum seeker certificate: lawful stay, no work (born 1985).
pub const TENZIN_CERTIFICATE: &str = "ATDA7500000001";

/// The demo partner: a temping agency checking its workers' right to work.
pub const DEMO_PARTNER: &str = "prt_demo_employer";

fn person(
    id: Uuid,
    family: &str,
    given: &[&str],
    birth: &str,
    nationality: &str,
    number: Option<&str>,
) -> Result<Person, Error> {
    Person::new(
        PersonId::from_uuid(id),
        Identity {
            family_name: family.to_owned(),
            given_names: given.iter().map(|&g| g.to_owned()).collect(),
            birth_date: PartialDate::parse(birth)?,
            nationalities: vec![Nationality::parse(nationality)?],
        },
        number.map(ForeignerNumber::parse).transpose()?,
        Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).single().unwrap_or_else(Utc::now),
    )
}

fn territory(code: &str) -> Territory {
    Territory::parse(code).unwrap_or_else(|_| unreachable!("demo territories are valid"))
}

fn agent(id: &str, role: AgentRole, organisation: &str, territories: &[&str]) -> Agent {
    Agent {
        id: id.to_owned(),
        role,
        organisation: organisation.to_owned(),
        territories: territories.iter().map(|t| territory(t)).collect(),
    }
}

/// The demo personas, with a label for printing.
pub fn personas() -> Vec<(&'static str, Subject)> {
    let subject =
        |a: Agent| Subject::Agent { id: a.id, role: a.role, organisation: a.organisation, territories: a.territories };
    vec![
        ("mobile — Amina Haddad (student, Paris)", Subject::Person(PersonId::from_uuid(AMINA))),
        ("mobile — Oleksandr Kovalenko (renewal, Lyon)", Subject::Person(PersonId::from_uuid(OLEKSANDR))),
        (
            "ministry — instructor, Préfecture de police (75)",
            subject(agent("agent-paris-1", AgentRole::PrefectureInstructor, "Préfecture de police de Paris", &["75"])),
        ),
        (
            "ministry — desk agent, Préfecture de police (75)",
            subject(agent("agent-paris-desk", AgentRole::PrefectureDesk, "Préfecture de police de Paris", &["75"])),
        ),
        (
            "ministry — instructor, Préfecture du Rhône (69)",
            subject(agent("agent-lyon-1", AgentRole::PrefectureInstructor, "Préfecture du Rhône", &["69"])),
        ),
        ("ofii — agent, DT Paris", subject(agent("ofii-paris-1", AgentRole::OfiiAgent, "OFII DT Paris", &["75"]))),
        ("auditor — DPO", subject(agent("dpo-1", AgentRole::Auditor, "DGEF — DPD", &[]))),
    ]
}

fn caller(actor: &Actor) -> commands::Caller {
    commands::Caller {
        actor: actor.clone(),
        trace: RequestTrace { operation: "demo seed".to_owned(), request_id: "demo-seed".to_owned() },
    }
}

/// Seeds the demo data unless it is already there (persons and dossiers, then documents, each once).
///
/// # Errors
/// When storage fails.
pub async fn seed(services: &Services) -> Result<(), Error> {
    if services.persons.find(PersonId::from_uuid(AMINA)).await?.is_none() {
        seed_persons(services).await?;
    }
    if services.documents.find_by_number(&DocumentNumber::parse(AMINA_CARD)?).await?.is_none() {
        seed_documents(services).await?;
    }
    if services.profiles.identity_records_of(&[PersonId::from_uuid(OLEKSANDR)]).await?.is_empty() {
        seed_profiles(services).await?;
    }
    seed_slots(services).await
}

/// Opens appointment slots for the next two weeks in Paris and Lyon when none is free any more (so a demo
/// database seeded long ago gets new ones): desk filing and biometrics at each prefecture, OFII's reception in
/// Paris. Weekdays, 09:00 to 11:00 Paris time in half-hour slots of two places.
async fn seed_slots(services: &Services) -> Result<(), Error> {
    let ports = services.appointment_ports();
    let now = services.clock.now();
    let first = PageRequest::relay(Some(1), None, None, None)?;
    let free = appointment::commands::free_slots(
        &ports,
        &Actor::Person(PersonId::from_uuid(AMINA)),
        &territory("75"),
        SlotKind::Biometrics,
        None,
        &first,
    )
    .await?;
    if !free.items.is_empty() {
        return Ok(());
    }
    let sites = [
        (
            agent("agent-paris-desk", AgentRole::PrefectureDesk, "Préfecture de police de Paris", &["75"]),
            "75",
            "Préfecture de police — Cité, 1 rue de Lutèce",
            [SlotKind::DeskFiling, SlotKind::Biometrics],
        ),
        (
            agent("agent-lyon-1", AgentRole::PrefectureInstructor, "Préfecture du Rhône", &["69"]),
            "69",
            "Préfecture du Rhône — 18 rue de Bonnel",
            [SlotKind::DeskFiling, SlotKind::Biometrics],
        ),
        (
            agent("ofii-paris-1", AgentRole::OfiiAgent, "OFII DT Paris", &["75"]),
            "75",
            "OFII Paris — 48 rue de la Roquette",
            [SlotKind::OfiiReception, SlotKind::OfiiReception],
        ),
    ];
    let today = france_date(now);
    let mut opened = 0;
    for (desk, code, site, kinds) in sites {
        let mut specs = Vec::new();
        for kind in kinds.into_iter().collect::<std::collections::BTreeSet<_>>() {
            for day in (1..=14).map(|d| today + Duration::days(d)) {
                if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                    continue;
                }
                for half_hour in 0..4 {
                    // 08:00 UTC is 09:00 in Paris in winter (10:00 in summer: close enough for a demo).
                    let start = day.and_hms_opt(8, 0, 0).map(|t| t.and_utc() + Duration::minutes(30 * half_hour));
                    let Some(starts_at) = start else { continue };
                    specs.push(SlotSpec {
                        territory: territory(code),
                        site: site.to_owned(),
                        kind,
                        starts_at,
                        ends_at: starts_at + Duration::minutes(30),
                        capacity: 2,
                    });
                }
            }
        }
        opened += specs.len();
        appointment::commands::open_slots(&ports, &caller(&Actor::Agent(desk)), specs).await?;
    }
    tracing::info!(slots = opened, "demo appointment slots opened");
    Ok(())
}

async fn seed_persons(services: &Services) -> Result<(), Error> {
    let amina = person(AMINA, "Haddad", &["Amina"], "2003-04-17", "DZA", Some("7512345678"))?;
    let oleksandr = person(OLEKSANDR, "Kovalenko", &["Oleksandr", "Petrovych"], "1992-11", "UKR", Some("6923456789"))?;
    let tenzin = person(TENZIN, "Dorje", &["Tenzin"], "1985", "STATELESS", None)?;
    // Contact details are optional: Tenzin, filed at the desk, has neither e-mail nor phone.
    let language = |code| Language::parse(code).map(|l| Contact { preferred_language: Some(l), ..Contact::default() });
    let amina =
        amina.with_contact(Contact { email: Some(Email::parse("amina.haddad@example.org")?), ..language("fr")? });
    let oleksandr = oleksandr.with_contact(Contact { phone: Some(Phone::parse("+33612345678")?), ..language("uk")? });
    let tenzin = tenzin.with_contact(language("bo")?);
    for p in [&amina, &oleksandr, &tenzin] {
        services.persons.insert(p).await?;
    }
    let ports = services.ports();
    let code = |c: &str| ProcedureCode::parse(c);

    let as_amina = Actor::Person(amina.id());
    let student = commands::start(
        &ports,
        &caller(&as_amina),
        StartDossier {
            person: amina.id(),
            procedure: code("FIRST_PERMIT_STUDENT")?,
            territory: territory("75"),
            vulnerable: false,
        },
    )
    .await?;
    commands::submit(&ports, &caller(&as_amina), student.id(), None).await?;

    let as_oleksandr = Actor::Person(oleksandr.id());
    commands::start(
        &ports,
        &caller(&as_oleksandr),
        StartDossier {
            person: oleksandr.id(),
            procedure: code("PERMIT_RENEWAL")?,
            territory: territory("69"),
            vulnerable: false,
        },
    )
    .await?;

    let desk =
        Actor::Agent(agent("agent-paris-desk", AgentRole::PrefectureDesk, "Préfecture de police de Paris", &["75"]));
    let asylum = commands::start(
        &ports,
        &caller(&desk),
        StartDossier {
            person: tenzin.id(),
            procedure: code("ASYLUM_REGISTRATION")?,
            territory: territory("75"),
            vulnerable: false,
        },
    )
    .await?;
    commands::submit(&ports, &caller(&desk), asylum.id(), None).await?;
    tracing::info!(persons = 3, dossiers = 3, "demo data seeded");
    Ok(())
}

struct DemoDocument<'a> {
    number: &'a str,
    holder: Uuid,
    kind: DocumentKind,
    motive: Option<&'a str>,
    from: NaiveDate,
    until: NaiveDate,
    rights: Rights,
    status: DocumentStatus,
}

/// The demo persons' documents, dated around the day they are seeded.
async fn seed_documents(services: &Services) -> Result<(), Error> {
    let now = services.clock.now();
    let today = france_date(now);
    let days = Duration::days;
    let stay = |work| Rights { stay: true, work };
    let documents = [
        DemoDocument {
            number: AMINA_CARD,
            holder: AMINA,
            kind: DocumentKind::TemporaryPermit,
            motive: Some("STUDENT"),
            from: today - days(120),
            until: today + days(245),
            rights: stay(Work::Limited { hours_per_year: 964 }),
            status: DocumentStatus::Valid,
        },
        DemoDocument {
            number: OLEKSANDR_CARD,
            holder: OLEKSANDR,
            kind: DocumentKind::MultiYearPermit,
            motive: Some("EMPLOYEE"),
            from: today - days(4 * 365 - 20),
            until: today - days(20),
            rights: stay(Work::Full),
            status: DocumentStatus::Expired,
        },
        DemoDocument {
            number: "DEP6900000001",
            holder: OLEKSANDR,
            kind: DocumentKind::DepositCertificate,
            motive: Some("EMPLOYEE"),
            from: today - days(100),
            until: today + days(265),
            rights: Rights { stay: false, work: Work::None },
            status: DocumentStatus::Valid,
        },
        DemoDocument {
            number: "API6900000001",
            holder: OLEKSANDR,
            kind: DocumentKind::ExtensionCertificate,
            motive: Some("EMPLOYEE"),
            from: today - days(20),
            until: today + days(69),
            rights: stay(Work::Full),
            status: DocumentStatus::Valid,
        },
        DemoDocument {
            number: TENZIN_CERTIFICATE,
            holder: TENZIN,
            kind: DocumentKind::AsylumSeekerCertificate,
            motive: Some("ASYLUM"),
            from: today - days(30),
            until: today + days(270),
            rights: stay(Work::None),
            status: DocumentStatus::Valid,
        },
    ];
    for demo in documents {
        let document = ResidenceDocument::new(DocumentParts {
            id: ResidenceDocumentId::from_uuid(Uuid::now_v7()),
            number: DocumentNumber::parse(demo.number)?,
            holder: PersonId::from_uuid(demo.holder),
            kind: demo.kind,
            motive: demo.motive.map(Motive::parse).transpose()?,
            valid_from: demo.from,
            valid_until: demo.until,
            rights: demo.rights,
            status: demo.status,
            created_at: now,
        })?;
        services.documents.insert(&document).await?;
    }
    tracing::info!(documents = 5, "demo residence documents seeded");
    Ok(())
}

fn demo_statement(family: &str, given: &[&str], birth: &str, nationality: &str) -> Result<IdentityStatement, Error> {
    Ok(IdentityStatement {
        family_name: family.to_owned(),
        birth_name: None,
        given_names: given.iter().map(|&g| g.to_owned()).collect(),
        original_script: None,
        transliterations: Vec::new(),
        sex: Sex::Unknown,
        birth_date: PartialDate::parse(birth)?,
        birth_place: None,
        birth_country: None,
        nationalities: vec![Nationality::parse(nationality)?],
        document_number: None,
    })
}

/// The demo persons' sourced identities and addresses: Oleksandr's Ukrainian passport (Cyrillic names and their
/// spellings) and visa; Tenzin's declaration at the asylum desk (stateless, birth year only) and his
/// domiciliation at a SPADA; Amina's passport and her own address.
async fn seed_profiles(services: &Services) -> Result<(), Error> {
    let now = services.clock.now();
    let record = |person: Uuid, source, statement| {
        IdentityRecord::new(
            IdentityRecordId::from_uuid(Uuid::now_v7()),
            PersonId::from_uuid(person),
            source,
            statement,
            now,
        )
    };
    let oleksandr = IdentityStatement {
        original_script: Some(OriginalScriptName {
            script: Some("Cyrl".to_owned()),
            family_name: Some("Коваленко".to_owned()),
            given_names: vec!["Олександр".to_owned(), "Петрович".to_owned()],
        }),
        transliterations: vec!["Aleksandr".to_owned(), "Olexandr".to_owned()],
        sex: Sex::Male,
        birth_date: PartialDate::parse("1992-11-03")?,
        birth_place: Some("Kharkiv".to_owned()),
        birth_country: Some(CountryCode::parse("birthCountry", "UKR")?),
        document_number: Some("FP123456".to_owned()),
        ..demo_statement("Kovalenko", &["Oleksandr", "Petrovych"], "1992-11", "UKR")?
    };
    let visa = IdentityStatement {
        given_names: vec!["Aleksandr".to_owned()],
        document_number: Some("FRA0012345".to_owned()),
        ..oleksandr.clone()
    };
    let tenzin = IdentityStatement {
        original_script: Some(OriginalScriptName {
            script: Some("Tibt".to_owned()),
            family_name: None,
            given_names: vec!["བསྟན་འཛིན་".to_owned(), "རྡོ་རྗེ་".to_owned()],
        }),
        transliterations: vec!["Tendzin".to_owned(), "Dorjee".to_owned()],
        sex: Sex::Male,
        ..demo_statement("Dorje", &["Tenzin"], "1985", "STATELESS")?
    };
    let amina = IdentityStatement {
        sex: Sex::Female,
        birth_place: Some("Oran".to_owned()),
        birth_country: Some(CountryCode::parse("birthCountry", "DZA")?),
        document_number: Some("198765432".to_owned()),
        ..demo_statement("Haddad", &["Amina"], "2003-04-17", "DZA")?
    };
    for record in [
        record(OLEKSANDR, IdentitySource::Passport, oleksandr)?,
        record(OLEKSANDR, IdentitySource::Visa, visa)?,
        record(TENZIN, IdentitySource::AsylumDeskDeclaration, tenzin)?,
        record(AMINA, IdentitySource::Passport, amina)?,
    ] {
        services.profiles.record_identity(&record, None).await?;
    }
    let today = france_date(now);
    let france = || CountryCode::parse("country", "FRA");
    let addresses = [
        (
            TENZIN,
            AddressKind::Domiciliation,
            Some("SPADA Paris — France terre d'asile"),
            "4 rue Doudeauville",
            "75018",
            "Paris",
        ),
        (AMINA, AddressKind::Own, None, "18 rue des Écoles", "75005", "Paris"),
        (OLEKSANDR, AddressKind::Hosted, Some("M. et Mme Martin"), "7 quai Saint-Vincent", "69001", "Lyon"),
    ];
    for (person, kind, care_of, line, postcode, city) in addresses {
        let new = NewAddress {
            kind,
            care_of: care_of.map(str::to_owned),
            lines: vec![line.to_owned()],
            postcode: Some(postcode.to_owned()),
            city: city.to_owned(),
            country: france()?,
            valid_from: Some(today - Duration::days(60)),
        };
        let id = AddressId::from_uuid(Uuid::now_v7());
        let change = address::change(id, PersonId::from_uuid(person), None, new, today, now)?;
        services.profiles.change_address(&change, None).await?;
    }
    tracing::info!(identity_records = 4, addresses = 3, "demo person profiles seeded");
    Ok(())
}

/// Makes the demo partner (once, with the `permit:verify` scope) and gives it a fresh secret, returned to be
/// printed: each `hipe serve --demo` start replaces the previous demo secret, so no secret is ever kept in clear or
/// reused. `None` when someone disabled the demo partner.
///
/// # Errors
/// When storage or randomness fails.
pub async fn partner(services: &Services) -> anyhow::Result<Option<(ClientId, ClientSecret)>> {
    let id = ClientId::parse(DEMO_PARTNER)?;
    let now = services.clock.now();
    let partners = services.partners.as_ref();
    match partners.find(&id).await? {
        None => {
            let name = "Intérim Services (demo employer)";
            let (client, secret) =
                crate::partners::create_with_id(partners, id, name, &[Scope::PermitVerify], now).await?;
            Ok(Some((client.client_id().clone(), secret)))
        }
        Some(client) if !client.is_active() => Ok(None),
        Some(mut client) => {
            let secret = crate::partners::replace_secret(partners, &mut client).await?;
            Ok(Some((id, secret)))
        }
    }
}
