//! Demo data for `make run`: a few persons and dossiers, created once through the domain's own use cases (so
//! they carry real timelines), and the personas whose development tokens `hipe serve --demo` prints.

use chrono::{TimeZone as _, Utc};
use hipe_domain::actor::Agent;
use hipe_domain::dossier::commands::{self, StartDossier};
use hipe_domain::journal::RequestTrace;
use hipe_domain::person::{ForeignerNumber, Identity, Nationality, PartialDate, Person, PersonId};
use hipe_domain::procedure::ProcedureCode;
use hipe_domain::territory::Territory;
use hipe_domain::{Actor, AgentRole, Error};
use uuid::Uuid;

use crate::auth::Subject;
use crate::graphql::Services;

/// Amina Haddad: a student from Algeria, in Paris.
pub const AMINA: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001);
/// Oleksandr Kovalenko: a worker from Ukraine, in Lyon, renewing.
pub const OLEKSANDR: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0002);
/// Tenzin Dorje: stateless, partial birth date, no e-mail or phone, filed at the desk in Paris.
pub const TENZIN: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0003);

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

/// Seeds the demo data unless it is already there.
///
/// # Errors
/// When storage fails.
pub async fn seed(services: &Services) -> Result<(), Error> {
    if services.persons.find(PersonId::from_uuid(AMINA)).await?.is_some() {
        return Ok(());
    }
    let amina = person(AMINA, "Haddad", &["Amina"], "2003-04-17", "DZA", Some("7512345678"))?;
    let oleksandr = person(OLEKSANDR, "Kovalenko", &["Oleksandr", "Petrovych"], "1992-11", "UKR", Some("6923456789"))?;
    let tenzin = person(TENZIN, "Dorje", &["Tenzin"], "1985", "STATELESS", None)?;
    for p in [&amina, &oleksandr, &tenzin] {
        services.persons.insert(p).await?;
    }
    let ports = services.ports();
    let code = |c: &str| ProcedureCode::parse(c);

    let as_amina = Actor::Person(amina.id());
    let student = commands::start(
        &ports,
        &caller(&as_amina),
        StartDossier { person: amina.id(), procedure: code("FIRST_PERMIT_STUDENT")?, territory: territory("75") },
    )
    .await?;
    commands::submit(&ports, &caller(&as_amina), student.id(), None).await?;

    let as_oleksandr = Actor::Person(oleksandr.id());
    commands::start(
        &ports,
        &caller(&as_oleksandr),
        StartDossier { person: oleksandr.id(), procedure: code("PERMIT_RENEWAL")?, territory: territory("69") },
    )
    .await?;

    let desk =
        Actor::Agent(agent("agent-paris-desk", AgentRole::PrefectureDesk, "Préfecture de police de Paris", &["75"]));
    let asylum = commands::start(
        &ports,
        &caller(&desk),
        StartDossier { person: tenzin.id(), procedure: code("ASYLUM_REGISTRATION")?, territory: territory("75") },
    )
    .await?;
    commands::submit(&ports, &caller(&desk), asylum.id(), None).await?;
    tracing::info!(persons = 3, dossiers = 3, "demo data seeded");
    Ok(())
}
