//! The dossier use cases: load through the ports, check the policy, run the state machine, save atomically
//! with the journal entry of the write. The API calls these and nothing else to change a dossier.
//!
//! Mandates: when a person touches someone else's dossier, the use cases load the mandates that person holds
//! (through [`MandateRepository`]) and check the policy as [`Actor::Mandatary`] if one is active — so the
//! policy stays a pure function of the actor and the dossier, and a person with no mandate is refused exactly
//! as before.

use chrono::Datelike as _;

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    ActorRef, Decision, DecisionInput, DecisionKind, DocumentFile, DocumentId, DocumentRequest, DocumentType, Dossier,
    DossierAction, DossierChange, DossierEvent, DossierEventKind, DossierId, DossierRepository, NewDossier,
    QueueCursor, Review, SupportingDocument, WorkQueueFilter, clocks, policy,
};
use crate::clock::france_date;
use crate::ids::IdSource;
use crate::journal::{AccessKind, AccessRecord, RequestTrace};
use crate::mandate::MandateRepository;
use crate::pagination::{Page, PageRequest};
use crate::permit::{
    DocumentKind, DocumentParts, DocumentStatus, ResidenceDocument, ResidenceDocumentRepository, Rights, Work,
};
use crate::person::{PersonId, PersonRepository};
use crate::procedure::Procedure;
use crate::procedure::{OpinionKind, ProcedureCatalogue, ProcedureCode};
use crate::territory::Territory;
use crate::{Actor, Clock, Error, Result};

/// The ports the dossier use cases need.
pub struct Ports<'a> {
    /// Dossiers.
    pub dossiers: &'a dyn DossierRepository,
    /// Persons.
    pub persons: &'a dyn PersonRepository,
    /// The catalogue.
    pub catalogue: &'a dyn ProcedureCatalogue,
    /// Mandates (who may act for whom).
    pub mandates: &'a dyn MandateRepository,
    /// Residence documents (what a renewal renews; the certificates and permits issued).
    pub residence_documents: &'a dyn ResidenceDocumentRepository,
    /// Time.
    pub clock: &'a dyn Clock,
    /// New identifiers.
    pub ids: &'a dyn IdSource,
}

/// Who asks, and under which request — what a write's journal entry records.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Who.
    pub actor: Actor,
    /// Which request.
    pub trace: RequestTrace,
}

impl Caller {
    /// The journal entry of a write by this caller on `subject`'s data, at `at` (none for the actors the journal
    /// does not record). Every use case that writes a person's data commits it with the write.
    pub fn write_entry(
        &self,
        ids: &dyn IdSource,
        subject: PersonId,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Option<AccessRecord> {
        AccessRecord::of(ids.access(), &self.actor, AccessKind::Write, subject, &self.trace, at)
    }
}

/// The actor to check against `subject`'s data: a person acting on someone else's data is seen as their
/// mandatary when they hold an active mandate of `subject` (loaded only then); anyone else is unchanged.
///
/// # Errors
/// [`Error::Storage`] when the mandates cannot be loaded.
pub async fn acting_for(ports: &Ports<'_>, actor: &Actor, subject: PersonId) -> Result<Actor> {
    match actor {
        Actor::Person(me) if *me != subject => {
            let now = ports.clock.now();
            let held = ports.mandates.active_held_by(*me, now).await?;
            Ok(actor.acting_for(&held, subject, now))
        }
        Actor::Person(_) | Actor::Mandatary(_) | Actor::Anonymous | Actor::Agent(_) | Actor::Partner(_) => {
            Ok(actor.clone())
        }
    }
}

/// What a caller asks for when opening a dossier.
#[derive(Debug, Clone)]
pub struct StartDossier {
    /// The applicant.
    pub person: PersonId,
    /// The procedure, in the version in force today.
    pub procedure: ProcedureCode,
    /// The département in charge.
    pub territory: Territory,
    /// Whether the person is vulnerable (an agent filing at the desk may say so from the start).
    pub vulnerable: bool,
}

/// Opens a draft; draws another reference if one collides.
///
/// # Errors
/// [`Error::Unauthenticated`] for an anonymous actor; [`Error::NotFound`] when the person is not visible to the
/// actor or the procedure is not in force today; [`Error::NotAllowed`] when the actor may not file for them.
pub async fn start(ports: &Ports<'_>, caller: &Caller, request: StartDossier) -> Result<Dossier> {
    let actor = &caller.actor;
    if *actor == Actor::Anonymous {
        return Err(Error::Unauthenticated);
    }
    let now = ports.clock.now();
    // A person names themself or a principal they hold a mandate of; an agent names someone they can serve at
    // the desk.
    let acting = acting_for(ports, actor, request.person).await?;
    let actor = &acting;
    if policy::channel_for_start(actor, request.person, &request.territory).is_none() {
        return Err(match actor {
            Actor::Person(_) => Error::NotFound { entity: "person" },
            Actor::Agent(_) | Actor::Partner(_) | Actor::Anonymous | Actor::Mandatary(_) => {
                Error::NotAllowed { action: "start a dossier for", entity: "person" }
            }
        });
    }
    if ports.persons.find(request.person).await?.is_none() {
        return Err(Error::NotFound { entity: "person" });
    }
    let procedure = ports
        .catalogue
        .find_in_force(&request.procedure, now.date_naive())
        .await?
        .ok_or(Error::NotFound { entity: "procedure" })?;
    let journal = AccessRecord::of(ports.ids.access(), actor, AccessKind::Write, request.person, &caller.trace, now);
    let mut attempts = 0;
    loop {
        let (id, reference) = ports.ids.dossier(now.year());
        let new = NewDossier {
            id,
            reference,
            person: request.person,
            procedure: procedure.key.clone(),
            authority: procedure.authority,
            medical_opinion_needed: procedure.needs(OpinionKind::MedicalCollege),
            territory: request.territory.clone(),
            vulnerable: request.vulnerable && matches!(actor, Actor::Agent(_)),
        };
        let (dossier, event) = Dossier::start(new, actor, now)?;
        match ports.dossiers.insert(&dossier, &event, journal.as_ref()).await {
            Err(Error::Duplicate { .. }) if attempts < 3 => attempts += 1,
            Err(error) => return Err(error),
            Ok(()) => return Ok(dossier),
        }
    }
}

/// Loads a dossier the actor may see; an invisible dossier is reported exactly like a missing one.
///
/// # Errors
/// [`Error::Unauthenticated`] for an anonymous actor; [`Error::NotFound`] when missing or not visible.
pub async fn find_visible(ports: &Ports<'_>, actor: &Actor, id: DossierId) -> Result<Dossier> {
    find_visible_as(ports, actor, id).await.map(|(dossier, _)| dossier)
}

/// As [`find_visible`], with the actor the policy saw (the caller, or the caller as a mandatary).
async fn find_visible_as(ports: &Ports<'_>, actor: &Actor, id: DossierId) -> Result<(Dossier, Actor)> {
    if *actor == Actor::Anonymous {
        return Err(Error::Unauthenticated);
    }
    let Some(dossier) = ports.dossiers.find(id).await? else {
        return Err(Error::NotFound { entity: "dossier" });
    };
    let acting = acting_for(ports, actor, dossier.person()).await?;
    if policy::can_view(&acting, &dossier) { Ok((dossier, acting)) } else { Err(Error::NotFound { entity: "dossier" }) }
}

/// A page of a person's dossiers, if the actor may list them (the person themself, or someone holding an
/// active mandate of theirs).
///
/// # Errors
/// [`Error::NotAllowed`] when the actor may not list the person's dossiers.
pub async fn list_for_person(
    ports: &Ports<'_>,
    actor: &Actor,
    person: PersonId,
    page: &PageRequest<DossierId>,
) -> Result<Page<Dossier>> {
    if actor.person() != Some(person) && !matches!(acting_for(ports, actor, person).await?, Actor::Mandatary(_)) {
        return Err(Error::NotAllowed { action: "list the dossiers of", entity: "person" });
    }
    ports.dossiers.list_for_person(person, page).await
}

/// A command in progress: the dossier and what hangs on it, loaded once, and the change it accumulates.
struct Session<'p> {
    /// The dossier, as it moves.
    pub dossier: Dossier,
    /// The actor the policy sees (the caller, or the caller as a mandatary).
    pub actor: Actor,
    /// Now.
    pub now: DateTime<Utc>,
    /// The catalogue version the dossier was filed under.
    pub procedure: Procedure,
    /// Its supporting documents, every version.
    pub documents: Vec<SupportingDocument>,
    /// Its requests for documents.
    pub requests: Vec<DocumentRequest>,
    /// Its decision, when one was taken.
    pub decision: Option<Decision>,
    /// What the command changes.
    pub change: DossierChange,
    ids: &'p dyn IdSource,
}

impl Session<'_> {
    fn event(&mut self, event: DossierEvent) {
        self.change.events.push(event);
    }

    /// Today in France.
    pub fn today(&self) -> NaiveDate {
        france_date(self.now)
    }

    /// The document types the procedure needs in the declared situations that no document still counting covers.
    pub fn missing_documents(&self) -> Vec<DocumentType> {
        missing_documents(&self.procedure, self.dossier.situations(), &self.documents)
    }

    /// Issues a residence document to the applicant and records it in the change.
    fn issue(
        &mut self,
        kind: DocumentKind,
        motive: Option<crate::permit::Motive>,
        from: NaiveDate,
        until: NaiveDate,
        rights: Rights,
    ) -> Result<ResidenceDocument> {
        let (id, number) = self.ids.residence_document();
        let document = ResidenceDocument::new(DocumentParts {
            id,
            number,
            holder: self.dossier.person(),
            kind,
            motive,
            valid_from: from,
            valid_until: until,
            rights,
            status: DocumentStatus::Valid,
            created_at: self.now,
        })?;
        self.change.residence_documents.push(document.clone());
        Ok(document)
    }
}

/// The document types `procedure` needs in `situations` that none of `documents` still counting covers.
pub fn missing_documents(
    procedure: &Procedure,
    situations: &[String],
    documents: &[SupportingDocument],
) -> Vec<DocumentType> {
    procedure
        .documents_for(situations)
        .filter(|required| !documents.iter().any(|d| d.document_type == required.document_type && d.counts()))
        .map(|required| required.document_type.clone())
        .collect()
}

/// The document types `procedure` needs in `situations` that no accepted document covers.
pub fn not_accepted_documents(
    procedure: &Procedure,
    situations: &[String],
    documents: &[SupportingDocument],
) -> Vec<DocumentType> {
    procedure
        .documents_for(situations)
        .filter(|required| {
            !documents.iter().any(|d| d.document_type == required.document_type && d.review == Review::Accepted)
        })
        .map(|required| required.document_type.clone())
        .collect()
}

/// Loads the dossier and what hangs on it, runs `apply` on it, and saves what changed with the journal entry of
/// the write — or nothing, when `apply` refuses.
async fn run<'p>(
    ports: &Ports<'p>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
    apply: impl FnOnce(&mut Session<'p>) -> Result<()>,
) -> Result<Dossier> {
    let (dossier, acting) = find_visible_as(ports, &caller.actor, id).await?;
    let previous = dossier.version();
    if let Some(expected) = expected_version
        && expected != previous
    {
        return Err(Error::StaleVersion { entity: "dossier", expected, actual: previous });
    }
    let mut session = load(ports, dossier, acting).await?;
    apply(&mut session)?;
    let journal = caller.write_entry(ports.ids, session.dossier.person(), session.now);
    save(ports, session, previous, journal.as_ref()).await
}

async fn load<'p>(ports: &Ports<'p>, dossier: Dossier, actor: Actor) -> Result<Session<'p>> {
    let ids = [dossier.id()];
    let procedure = ports
        .catalogue
        .find_many(std::slice::from_ref(dossier.procedure()))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Error::Storage("a dossier's catalogue version is missing".into()))?;
    Ok(Session {
        now: ports.clock.now(),
        procedure,
        documents: ports.dossiers.documents_of(&ids).await?,
        requests: ports.dossiers.requests_of(&ids).await?,
        decision: ports.dossiers.decisions_of(&ids).await?.into_iter().next(),
        dossier,
        actor,
        change: DossierChange::default(),
        ids: ports.ids,
    })
}

async fn save(
    ports: &Ports<'_>,
    mut session: Session<'_>,
    previous: u32,
    journal: Option<&AccessRecord>,
) -> Result<Dossier> {
    let person = session.dossier.person();
    let reference = session.dossier.reference().as_str().to_owned();
    let notifications: Vec<_> = session
        .change
        .events
        .iter()
        .filter_map(|event| crate::notification::for_event(ports.ids.notification(), person, &reference, event))
        .collect();
    session.change.notifications.extend(notifications);
    ports.dossiers.save(&session.dossier, previous, &session.change, journal).await?;
    Ok(session.dossier)
}

/// Runs a command that changes the dossier alone and records its one event.
async fn one_event(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
    apply: impl FnOnce(&mut Dossier, &Actor, DateTime<Utc>) -> Result<DossierEvent>,
) -> Result<Dossier> {
    run(ports, caller, id, expected_version, |s| {
        let event = apply(&mut s.dossier, &s.actor, s.now)?;
        s.event(event);
        Ok(())
    })
    .await
}

/// Files a draft, and issues its deposit certificate. For a renewal, the document renewed is the one that
/// grounds the person's right to stay today (or the last that did): its end decides whether the filing is in time.
///
/// # Errors
/// As [`find_visible`]; [`Error::StaleVersion`] when `expected_version` is not the current one;
/// [`Error::NotAllowed`] or [`Error::InvalidTransition`] from the state machine. Nothing is written on error.
pub async fn submit(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
) -> Result<Dossier> {
    let visible = find_visible(ports, &caller.actor, id).await?;
    let held = ports.residence_documents.list_for_person(visible.person()).await?;
    run(ports, caller, id, expected_version, |s| {
        let renewed_until = s.procedure.renews_a_document().then(|| renewed_document_end(&held, s.today())).flatten();
        let event = s.dossier.submit(&s.actor, s.now, renewed_until)?;
        s.event(event);
        let today = s.today();
        // A receipt, not a right: R.431-15-1 says the deposit certificate does not prove lawful stay.
        let until = clocks::add_months(today, 4);
        let none = Rights { stay: false, work: Work::None };
        let certificate = s.issue(DocumentKind::DepositCertificate, None, today, until, none)?;
        let event = s.dossier.record_certificate(
            DossierEventKind::DepositCertificateIssued,
            s.now,
            certificate.number().as_str(),
            today,
            until,
        );
        s.event(event);
        Ok(())
    })
    .await
}

/// The last day of the permit-like document a renewal renews: among the person's documents that prove stay (not
/// provisional ones), the one ending last that is in force today or ended most recently.
fn renewed_document_end(held: &[ResidenceDocument], today: NaiveDate) -> Option<NaiveDate> {
    held.iter()
        .filter(|d| d.rights().stay && !d.status().is_void() && d.valid_from() <= today)
        .filter(|d| {
            matches!(
                d.kind(),
                DocumentKind::VlsTs
                    | DocumentKind::TemporaryPermit
                    | DocumentKind::MultiYearPermit
                    | DocumentKind::ResidentCard
                    | DocumentKind::AlgerianResidenceCertificate
            )
        })
        .map(ResidenceDocument::valid_until)
        .max()
}

/// Withdraws an open dossier at the person's request.
///
/// # Errors
/// As [`submit`].
pub async fn withdraw(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
    reason: Option<String>,
) -> Result<Dossier> {
    one_event(ports, caller, id, expected_version, |dossier, actor, now| dossier.withdraw(actor, now, reason)).await
}

/// Fills a draft's form or amends it after filing.
///
/// # Errors
/// As [`submit`]; [`Error::InvalidInput`] for malformed answers.
pub async fn amend(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
    answers: Vec<(String, String)>,
    situations: Option<Vec<String>>,
) -> Result<Dossier> {
    one_event(ports, caller, id, expected_version, |dossier, actor, now| dossier.amend(actor, now, answers, situations))
        .await
}

/// A supporting document to add.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// Its type.
    pub document_type: DocumentType,
    /// The uploaded file.
    pub file: DocumentFile,
    /// The document's own expiry, when it has one.
    pub expires_on: Option<NaiveDate>,
    /// Whether it is a sworn translation.
    pub translated: bool,
}

/// Adds a supporting document, before or after filing; a document of the same type still counting is superseded.
/// When it answers the last open request for documents, the file goes back to the instructor
/// (`incomplete → submitted`) in the same write.
///
/// # Errors
/// As [`submit`]; [`Error::InvalidInput`] for bad file metadata.
pub async fn add_document(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
    new: NewDocument,
) -> Result<(Dossier, DocumentId)> {
    let document_id = ports.ids.document();
    let dossier = run(ports, caller, id, expected_version, |s| {
        let event = s.dossier.add_document(&s.actor, s.now, &new.document_type)?;
        s.event(event);
        let file = new.file.check()?;
        for previous in &mut s.documents {
            if previous.document_type == new.document_type && previous.review == Review::Pending {
                previous.review = Review::Superseded;
                s.change.documents.push(previous.clone());
            }
        }
        let document = SupportingDocument {
            id: document_id,
            dossier: s.dossier.id(),
            document_type: new.document_type,
            file,
            expires_on: new.expires_on,
            translated: new.translated,
            review: Review::Pending,
            added_by: ActorRef::of(&s.actor),
            added_at: s.now,
        };
        s.documents.push(document.clone());
        s.change.documents.push(document);
        let mut answered = Vec::new();
        for request in s.requests.iter_mut().filter(|r| r.is_open()) {
            if request.is_answered_by(&s.documents) {
                request.answered_at = Some(s.now);
                answered.push(request.clone());
            }
        }
        let all_answered = s.requests.iter().all(|r| !r.is_open());
        s.change.requests.extend(answered);
        if all_answered && s.dossier.status() == super::DossierStatus::Incomplete {
            let event = s.dossier.provide_documents(&s.actor, s.now)?;
            s.event(event);
        }
        Ok(())
    })
    .await?;
    Ok((dossier, document_id))
}

/// An instructor accepts or rejects a pending document (a rejection says why).
///
/// # Errors
/// As [`submit`]; [`Error::NotFound`] for a document not of this dossier; [`Error::Precondition`] when it is not
/// pending; [`Error::InvalidInput`] for a rejection without reason.
pub async fn review_document(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
    document: DocumentId,
    accepted: bool,
    reason: Option<String>,
) -> Result<Dossier> {
    run(ports, caller, id, expected_version, |s| {
        let reason = reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
        let target = s.documents.iter().position(|d| d.id == document).ok_or(Error::NotFound { entity: "document" })?;
        let document_type = s.documents[target].document_type.clone();
        let event = s.dossier.review_document(&s.actor, s.now, &document_type, accepted, reason.clone())?;
        if s.documents[target].review != Review::Pending {
            return Err(Error::Precondition { reason: "only a pending document can be reviewed".to_owned() });
        }
        s.documents[target].review = if accepted {
            Review::Accepted
        } else {
            Review::Rejected {
                reason: reason.ok_or_else(|| Error::invalid("reason", "say why the document is rejected"))?,
            }
        };
        s.change.documents.push(s.documents[target].clone());
        s.event(event);
        Ok(())
    })
    .await
}

/// An instructor asks for documents, by a due date.
///
/// # Errors
/// As [`submit`]; [`Error::InvalidInput`] without types or reason, or with a due date not after today.
pub async fn request_documents(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
    types: Vec<DocumentType>,
    due_on: NaiveDate,
    reason: String,
) -> Result<Dossier> {
    let request_id = ports.ids.document_request();
    run(ports, caller, id, expected_version, |s| {
        let event = s.dossier.request_documents(&s.actor, s.now, &types, due_on, &reason)?;
        s.change.requests.push(DocumentRequest {
            id: request_id,
            dossier: s.dossier.id(),
            types,
            reason: reason.trim().to_owned(),
            due_on,
            requested_at: s.now,
            answered_at: None,
        });
        s.event(event);
        Ok(())
    })
    .await
}

/// An instructor declares the file complete: every document the procedure needs is there, none is rejected, no
/// request is open. The silence clock starts.
///
/// # Errors
/// As [`submit`]; [`Error::Precondition`] when documents are missing.
pub async fn declare_complete(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
) -> Result<Dossier> {
    run(ports, caller, id, expected_version, |s| {
        let missing = s.missing_documents();
        let silence = s.procedure.silence_months;
        let event = s.dossier.declare_complete(&s.actor, s.now, silence, &missing)?;
        s.event(event);
        Ok(())
    })
    .await
}

/// The instruction steps without more input: start the review, ask for the opinion, record that it arrived, and
/// move the granted card along.
///
/// # Errors
/// As [`submit`].
pub async fn step(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
    action: DossierAction,
) -> Result<Dossier> {
    run(ports, caller, id, expected_version, |s| {
        let event = match action {
            DossierAction::StartReview => s.dossier.start_review(&s.actor, s.now)?,
            DossierAction::RequestOpinion => s.dossier.request_opinion(&s.actor, s.now, None)?,
            // The medical college's opinion arrives with OFII's transmission of it (`medical::commands::step`),
            // which moves the dossier in the same transaction; there is no other way to record it.
            DossierAction::ReceiveOpinion if s.dossier.needs_medical_opinion() => {
                return Err(Error::NotAllowed { action: action.verb(), entity: "dossier" });
            }
            DossierAction::ReceiveOpinion => s.dossier.receive_opinion(&s.actor, s.now)?,
            DossierAction::OrderPermit | DossierAction::MakePermitAvailable => {
                s.dossier.advance_permit(&s.actor, s.now, action)?
            }
            DossierAction::DeliverPermit => {
                let event = s.dossier.advance_permit(&s.actor, s.now, action)?;
                deliver_permit(s)?;
                event
            }
            DossierAction::RequestReasons => s.dossier.request_reasons(&s.actor, s.now)?,
            other => return Err(Error::InvalidTransition { from: s.dossier.status(), action: other }),
        };
        s.event(event);
        Ok(())
    })
    .await
}

/// Issues the permit the procedure produces, in force from today, when the card is handed over.
fn deliver_permit(s: &mut Session<'_>) -> Result<()> {
    let Some(produces) = s.procedure.produces.clone() else {
        return Err(Error::Precondition { reason: "this procedure produces no residence document".to_owned() });
    };
    let today = s.today();
    let until = clocks::sub_days(clocks::add_months(today, u32::from(produces.months)), 1);
    let motive = produces.motive.as_deref().map(crate::permit::Motive::parse).transpose()?;
    s.issue(produces.kind, motive, today, until, Rights { stay: true, work: produces.work })?;
    Ok(())
}

/// Assigns a dossier to an instructor (or unassigns it).
///
/// # Errors
/// As [`submit`].
pub async fn assign(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
    to: Option<String>,
) -> Result<Dossier> {
    one_event(ports, caller, id, expected_version, |dossier, actor, now| dossier.assign(actor, now, to)).await
}

/// Flags or clears a vulnerability.
///
/// # Errors
/// As [`submit`].
pub async fn flag_vulnerability(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
    vulnerable: bool,
    reason: Option<String>,
) -> Result<Dossier> {
    one_event(ports, caller, id, expected_version, |dossier, actor, now| {
        dossier.flag_vulnerability(actor, now, vulnerable, reason)
    })
    .await
}

/// A signatory decides: a grant (every required document accepted, the opinion received) or a motivated refusal.
///
/// # Errors
/// As [`submit`]; [`Error::Precondition`] for a grant whose preconditions do not hold; [`Error::InvalidInput`]
/// for a refusal without legal basis or reasons.
pub async fn decide(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
    input: DecisionInput,
) -> Result<Dossier> {
    run(ports, caller, id, expected_version, |s| {
        let input = input.check()?;
        let event = if input.grant {
            let not_accepted = not_accepted_documents(&s.procedure, s.dossier.situations(), &s.documents);
            s.dossier.grant(&s.actor, s.now, &not_accepted)?
        } else {
            s.dossier.refuse(&s.actor, s.now, input.legal_basis.trim())?
        };
        let legal_basis = if input.legal_basis.trim().is_empty() {
            s.procedure.legal_basis.clone()
        } else {
            input.legal_basis.trim().to_owned()
        };
        s.change.decision = Some(Decision {
            dossier: s.dossier.id(),
            kind: if input.grant { DecisionKind::Grant } else { DecisionKind::Refusal },
            legal_basis,
            reasons: input.reasons.trim().to_owned(),
            signatory: ActorRef::of(&s.actor),
            decided_at: s.now,
            notified_on: s.today(),
        });
        s.event(event);
        Ok(())
    })
    .await
}

/// The prefecture communicates the reasons of an implicit refusal the person asked about.
///
/// # Errors
/// As [`submit`]; [`Error::InvalidInput`] without reasons; [`Error::Precondition`] when nobody asked.
pub async fn communicate_reasons(
    ports: &Ports<'_>,
    caller: &Caller,
    id: DossierId,
    expected_version: Option<u32>,
    reasons: String,
) -> Result<Dossier> {
    run(ports, caller, id, expected_version, |s| {
        let reasons = reasons.trim().to_owned();
        if reasons.is_empty() || reasons.chars().count() > 10_000 {
            return Err(Error::invalid("reasons", "the reasons, in 1 to 10,000 characters"));
        }
        let event = s.dossier.communicate_reasons(&s.actor, s.now)?;
        let mut decision =
            s.decision.clone().ok_or_else(|| Error::Storage("an implicit refusal without its decision".into()))?;
        decision.reasons = reasons;
        s.change.decision = Some(decision);
        s.event(event);
        Ok(())
    })
    .await
}

/// A page of the work queue of an agent: the dossiers of their territories (within `filter.territories` when
/// given) that they may see, by legal risk.
///
/// # Errors
/// [`Error::Unauthenticated`] for an anonymous actor; [`Error::NotAllowed`] for anyone but a prefecture or OFII
/// agent.
pub async fn work_queue(
    ports: &Ports<'_>,
    actor: &Actor,
    mut filter: WorkQueueFilter,
    page: &PageRequest<QueueCursor>,
) -> Result<Page<Dossier>> {
    let agent = match actor {
        Actor::Anonymous => return Err(Error::Unauthenticated),
        Actor::Agent(agent) if matches!(agent.role.audience(), crate::Audience::Ministry | crate::Audience::Ofii) => {
            agent
        }
        Actor::Agent(_) | Actor::Person(_) | Actor::Mandatary(_) | Actor::Partner(_) => {
            return Err(Error::NotAllowed { action: "read the work queue of", entity: "territory" });
        }
    };
    filter.territories = if filter.territories.is_empty() {
        agent.territories.clone()
    } else {
        filter.territories.into_iter().filter(|t| agent.covers(t)).collect()
    };
    if filter.territories.is_empty() {
        return Ok(Page { items: Vec::new(), has_next: false, has_previous: false });
    }
    let mut found = ports.dossiers.work_queue(&filter, page).await?;
    // The queue's SQL selects by territory; the policy has the last word (OFII sees only its own dossiers).
    found.items.retain(|dossier| policy::can_view(actor, dossier));
    Ok(found)
}

/// What one run of the legal clocks did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClockReport {
    /// Implicit refusals recorded.
    pub implicit_refusals: u32,
    /// Extension certificates issued or renewed.
    pub extensions: u32,
    /// Dossiers that changed concurrently and will be looked at again at the next run.
    pub retried: u32,
    /// Holders told that their card's renewal window opened.
    pub renewal_windows: u32,
}

/// Runs the legal clocks on every dossier due today: records implicit refusals whose silence date has come and
/// issues the extension certificates due, as HIPE itself (the events' actor is the system), and tells the holders
/// of cards whose renewal window opened (120 days before the end; once per card). A dossier an agent changed
/// meanwhile is left for the next run.
///
/// # Errors
/// [`Error::Storage`] when storage fails.
pub async fn run_clocks(ports: &Ports<'_>) -> Result<ClockReport> {
    let mut report = ClockReport::default();
    let today = france_date(ports.clock.now());
    report.renewal_windows = announce_renewal_windows(ports, today).await?;
    for id in ports.dossiers.clocks_due(today, 1_000).await? {
        let Some(dossier) = ports.dossiers.find(id).await? else { continue };
        let previous = dossier.version();
        let held = ports.residence_documents.list_for_person(dossier.person()).await?;
        let mut session = load(ports, dossier, Actor::Anonymous).await?;
        let today = session.today();
        if let Some((from, until)) = session.dossier.extension_due(today) {
            // The certificate carries the rights of the document being renewed.
            let renewed = held
                .iter()
                .filter(|d| d.rights().stay && Some(d.valid_until()) == session.dossier.renewed_until())
                .max_by_key(|d| d.rights().work.extent());
            let rights = renewed.map_or(Rights { stay: true, work: Work::None }, ResidenceDocument::rights);
            let motive = renewed.and_then(|d| d.motive().cloned());
            let certificate = session.issue(DocumentKind::ExtensionCertificate, motive, from, until, rights)?;
            let event = session.dossier.extend(session.now, certificate.number().as_str(), from, until)?;
            session.event(event);
            report.extensions += 1;
        }
        if session.dossier.silence_on().is_some_and(|silence| silence <= today) {
            let event = session.dossier.implicitly_refuse(session.now)?;
            session.change.decision = Some(Decision {
                dossier: session.dossier.id(),
                kind: DecisionKind::ImplicitRefusal,
                legal_basis: "CRPA L.231-4; CESEDA R.432-1".to_owned(),
                reasons: String::new(),
                signatory: ActorRef::System,
                decided_at: session.now,
                notified_on: today,
            });
            session.event(event);
            report.implicit_refusals += 1;
        }
        if session.change.events.is_empty() {
            continue;
        }
        match save(ports, session, previous, None).await {
            Ok(_) => {}
            Err(Error::StaleVersion { .. }) => report.retried += 1,
            Err(error) => return Err(error),
        }
    }
    Ok(report)
}

/// The renewal window of a card: from 120 to 60 days before it ends (R.431-5 CESEDA), as the renewal procedures'
/// filing window says.
const RENEWAL_OPENS_DAYS: u16 = 120;
/// See [`RENEWAL_OPENS_DAYS`].
const RENEWAL_CLOSES_DAYS: u16 = 60;

/// Tells the holders of the cards whose renewal window is open today and who were not told yet.
async fn announce_renewal_windows(ports: &Ports<'_>, today: NaiveDate) -> Result<u32> {
    let now = ports.clock.now();
    let ending_from = clocks::add_days(today, u64::from(RENEWAL_CLOSES_DAYS));
    let ending_until = clocks::add_days(today, u64::from(RENEWAL_OPENS_DAYS));
    let due = ports.residence_documents.renewal_windows_to_announce(ending_from, ending_until, 1_000).await?;
    let announced: Vec<_> = due
        .iter()
        .map(|document| {
            let (opens, closes) =
                clocks::renewal_window(document.valid_until(), RENEWAL_OPENS_DAYS, RENEWAL_CLOSES_DAYS);
            let notification =
                crate::notification::renewal_window_opened(ports.ids.notification(), document, opens, closes, now);
            (document.id(), notification)
        })
        .collect();
    ports.residence_documents.announce_renewal_windows(&announced, now).await?;
    Ok(u32::try_from(announced.len()).unwrap_or(u32::MAX))
}
