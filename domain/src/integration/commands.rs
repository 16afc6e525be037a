//! The integration use cases: load through the ports, check the policy, run the state machine, save atomically
//! with the event and the journal entry of the write. The API calls these and nothing else to touch contracts
//! and certifications.

use chrono::NaiveDate;

use super::{
    Certification, CertificationKind, ContractStatus, IntegrationContract, IntegrationContractId, IntegrationEvent,
    IntegrationRepository, IntegrationRules, Step, policy,
};
use crate::dossier::DossierId;
use crate::dossier::commands::{Caller, Ports as DossierPorts, acting_for, find_visible};
use crate::pagination::{Page, PageRequest};
use crate::person::PersonId;
use crate::territory::Territory;
use crate::{Actor, Error, Result};

/// The ports the integration use cases need: the dossier's, plus contracts and certifications.
pub struct Ports<'a> {
    /// Dossiers, persons, mandates, time, identifiers.
    pub dossier: DossierPorts<'a>,
    /// Contracts and certifications.
    pub integration: &'a dyn IntegrationRepository,
}

/// What an OFII agent asks for when convoking.
#[derive(Debug, Clone)]
pub struct Convoke {
    /// The person.
    pub person: PersonId,
    /// The territorial direction's département.
    pub territory: Territory,
    /// The dossier (first permit) that brings the contract, if any.
    pub dossier: Option<DossierId>,
}

/// An OFII agent convokes a person, opening their contract.
///
/// # Errors
/// [`Error::Unauthenticated`]; [`Error::NotAllowed`] for anyone but an OFII agent of the territory;
/// [`Error::NotFound`] when the person or the dossier is missing (or the dossier not visible);
/// [`Error::InvalidInput`] when the dossier is not the person's; [`Error::Refused`] with
/// [`crate::Refusal::AlreadyUnderContract`]; [`Error::Storage`]. Nothing is written on error.
pub async fn convoke(ports: &Ports<'_>, caller: &Caller, request: Convoke) -> Result<IntegrationContract> {
    let actor = &caller.actor;
    if *actor == Actor::Anonymous {
        return Err(Error::Unauthenticated);
    }
    if !policy::may_convoke(actor, &request.territory) {
        return Err(Error::NotAllowed { action: "convoke for an integration contract in", entity: "territory" });
    }
    if ports.dossier.persons.find(request.person).await?.is_none() {
        return Err(Error::NotFound { entity: "person" });
    }
    if let Some(dossier) = request.dossier
        && find_visible(&ports.dossier, actor, dossier).await?.person() != request.person
    {
        return Err(Error::invalid("dossierId", "the dossier is not this person's"));
    }
    let now = ports.dossier.clock.now();
    let id = ports.dossier.ids.integration_contract();
    let (contract, event) =
        IntegrationContract::convoke(id, request.person, request.dossier, request.territory, actor, now)?;
    ports
        .integration
        .insert(&contract, &event, caller.write_entry(ports.dossier.ids, request.person, now).as_ref())
        .await?;
    Ok(contract)
}

/// The actor the policy sees when `actor` touches `person`'s integration: a person acting for a principal
/// becomes their mandatary (see [`acting_for`]).
///
/// # Errors
/// [`Error::Storage`] when the mandates cannot be loaded.
pub async fn acting(ports: &Ports<'_>, actor: &Actor, person: PersonId) -> Result<Actor> {
    acting_for(&ports.dossier, actor, person).await
}

/// Loads a contract the actor may see; an invisible one is reported exactly like a missing one.
///
/// # Errors
/// [`Error::Unauthenticated`]; [`Error::NotFound`]; [`Error::Storage`].
pub async fn find_visible_contract(
    ports: &Ports<'_>,
    actor: &Actor,
    id: IntegrationContractId,
) -> Result<IntegrationContract> {
    if *actor == Actor::Anonymous {
        return Err(Error::Unauthenticated);
    }
    let Some(contract) = ports.integration.find(id).await? else {
        return Err(Error::NotFound { entity: "integration contract" });
    };
    let acting = acting_for(&ports.dossier, actor, contract.person()).await?;
    if policy::can_view(&acting, &contract) {
        Ok(contract)
    } else {
        Err(Error::NotFound { entity: "integration contract" })
    }
}

/// An OFII agent records a step of a contract they saw at `expected_version`.
///
/// # Errors
/// As [`find_visible_contract`]; [`Error::StaleVersion`] when the contract changed since; the errors of
/// [`IntegrationContract::apply`]. Nothing is written on error.
pub async fn record(
    ports: &Ports<'_>,
    caller: &Caller,
    id: IntegrationContractId,
    expected_version: u32,
    step: Step,
) -> Result<(IntegrationContract, IntegrationEvent)> {
    let mut contract = find_visible_contract(ports, &caller.actor, id).await?;
    if contract.version() != expected_version {
        return Err(Error::StaleVersion {
            entity: "integration contract",
            expected: expected_version,
            actual: contract.version(),
        });
    }
    let now = ports.dossier.clock.now();
    let rules = IntegrationRules::in_force_on(&ports.integration.rules().await?, crate::clock::france_date(now))?;
    let event = contract.apply(&caller.actor, step, now, &rules)?;
    let journal = caller.write_entry(ports.dossier.ids, contract.person(), now);
    ports.integration.save(&contract, expected_version, &event, journal.as_ref()).await?;
    Ok((contract, event))
}

/// The directions whose queue `actor` works: an OFII agent's territories.
fn queue_territories(actor: &Actor) -> Result<&[Territory]> {
    match actor {
        Actor::Agent(agent) if agent.role == crate::AgentRole::OfiiAgent => Ok(&agent.territories),
        Actor::Anonymous => Err(Error::Unauthenticated),
        Actor::Agent(_) | Actor::Person(_) | Actor::Mandatary(_) | Actor::Partner(_) => {
            Err(Error::NotAllowed { action: "list", entity: "integration contract" })
        }
    }
}

/// A page of the contracts of the calling OFII agent's directions.
///
/// # Errors
/// [`Error::Unauthenticated`]; [`Error::NotAllowed`] for anyone but an OFII agent; [`Error::Storage`].
pub async fn queue(
    ports: &Ports<'_>,
    actor: &Actor,
    status: Option<ContractStatus>,
    page: &PageRequest<IntegrationContractId>,
) -> Result<Page<IntegrationContract>> {
    ports.integration.queue(queue_territories(actor)?, status, page).await
}

/// How many contracts [`queue`] lists in all.
///
/// # Errors
/// As [`queue`].
pub async fn count_queue(ports: &Ports<'_>, actor: &Actor, status: Option<ContractStatus>) -> Result<u64> {
    ports.integration.count_queue(queue_territories(actor)?, status).await
}

/// What an OFII agent records as a fact on the person.
#[derive(Debug, Clone)]
pub struct RecordCertification {
    /// The person.
    pub person: PersonId,
    /// The exam or the language test.
    pub kind: CertificationKind,
    /// The day of the exam or test.
    pub obtained_on: NaiveDate,
}

/// An OFII agent records a civic exam or a language certification.
///
/// # Errors
/// [`Error::Unauthenticated`]; [`Error::NotAllowed`]; [`Error::NotFound`] for an unknown person;
/// [`Error::InvalidInput`]; [`Error::Storage`].
pub async fn record_certification(
    ports: &Ports<'_>,
    caller: &Caller,
    request: RecordCertification,
) -> Result<Certification> {
    if caller.actor == Actor::Anonymous {
        return Err(Error::Unauthenticated);
    }
    let now = ports.dossier.clock.now();
    let id = ports.dossier.ids.certification();
    let rules = ports.integration.rules().await?;
    let certification =
        Certification::record(id, request.person, request.kind, request.obtained_on, &caller.actor, now, &rules)?;
    if ports.dossier.persons.find(request.person).await?.is_none() {
        return Err(Error::NotFound { entity: "person" });
    }
    let journal = caller.write_entry(ports.dossier.ids, request.person, now);
    ports.integration.record_certification(&certification, journal.as_ref()).await?;
    Ok(certification)
}
