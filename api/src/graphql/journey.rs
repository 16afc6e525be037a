//! The residence journey around a dossier: its supporting documents and requests for documents, its decision,
//! its legal dates, the next step and the service in charge — and the mutations the person and the desk use
//! (fill and amend, add a document, ask the reasons of an implicit refusal). The instructors' side is in
//! [`super::instruction`].

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use hipe_domain::clock::france_date;
use hipe_domain::dossier::{
    AppealRoute as DomainAppealRoute, Decision, DecisionKind as DomainDecisionKind, DocumentFile, DocumentRequest,
    DocumentType, Dossier, DossierAction, DossierStatus, Review, SupportingDocument, commands,
};
use hipe_domain::permit::{ResidenceDocument, right_on};

use super::context::{Locale, request, services};
use super::dossier::{DossierNode, EventActor, expected, settle_with};
use super::error::{ApiError, UserError};
use super::id;
use super::loaders::{Loaders, load_error};
use super::scalars::{Date, DateTime};

/// Where a supporting document's review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum DocumentReview {
    /// Not reviewed yet.
    Pending,
    /// Accepted.
    Accepted,
    /// Rejected, with a reason.
    Rejected,
    /// Replaced by a newer document of the same type.
    Superseded,
}

/// A supporting document of a dossier (every version stays in the file).
pub struct SupportingDocumentNode(pub SupportingDocument);

#[Object(name = "SupportingDocument")]
impl SupportingDocumentNode {
    /// Global id.
    async fn id(&self) -> ID {
        id::document(self.0.id)
    }

    /// Its type code (`PASSPORT`).
    async fn document_type(&self) -> &str {
        self.0.document_type.as_str()
    }

    /// The file's name as uploaded.
    async fn file_name(&self) -> &str {
        &self.0.file.file_name
    }

    /// The file's media type.
    async fn media_type(&self) -> &str {
        &self.0.file.media_type
    }

    /// The file's size in bytes.
    async fn size_bytes(&self) -> i64 {
        i64::try_from(self.0.file.size_bytes).unwrap_or(i64::MAX)
    }

    /// The file's SHA-256, in hexadecimal.
    async fn sha256(&self) -> &str {
        &self.0.file.sha256
    }

    /// The document's own expiry, when it has one.
    async fn expires_on(&self) -> Option<Date> {
        self.0.expires_on.map(Date)
    }

    /// Whether it is a sworn translation.
    async fn translated(&self) -> bool {
        self.0.translated
    }

    /// Its review.
    async fn review(&self) -> DocumentReview {
        match self.0.review {
            Review::Pending => DocumentReview::Pending,
            Review::Accepted => DocumentReview::Accepted,
            Review::Rejected { .. } => DocumentReview::Rejected,
            Review::Superseded => DocumentReview::Superseded,
        }
    }

    /// Why it was rejected, in words the person can act on.
    async fn rejection_reason(&self) -> Option<&str> {
        match &self.0.review {
            Review::Rejected { reason } => Some(reason),
            Review::Pending | Review::Accepted | Review::Superseded => None,
        }
    }

    /// Who added it (an agent by role and organisation).
    async fn added_by(&self) -> EventActor {
        EventActor::of(&self.0.added_by)
    }

    /// When.
    async fn added_at(&self) -> DateTime {
        DateTime(self.0.added_at)
    }
}

/// A request for documents sent to the person.
pub struct DocumentRequestNode(pub DocumentRequest);

#[Object(name = "DocumentRequest")]
impl DocumentRequestNode {
    /// The document types asked for.
    async fn document_types(&self) -> Vec<&str> {
        self.0.types.iter().map(DocumentType::as_str).collect()
    }

    /// Why.
    async fn reason(&self) -> &str {
        &self.0.reason
    }

    /// The date by which they are due.
    async fn due_on(&self) -> Date {
        Date(self.0.due_on)
    }

    /// When it was sent.
    async fn requested_at(&self) -> DateTime {
        DateTime(self.0.requested_at)
    }

    /// When every document asked for arrived; null while open.
    async fn answered_at(&self) -> Option<DateTime> {
        self.0.answered_at.map(DateTime)
    }
}

/// What was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "DomainDecisionKind")]
pub enum DecisionKind {
    /// The request is granted.
    Grant,
    /// The request is refused by an explicit, motivated decision.
    Refusal,
    /// The silence period passed: an implicit refusal.
    ImplicitRefusal,
}

/// A route of appeal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[graphql(remote = "DomainAppealRoute")]
pub enum AppealRouteKind {
    /// To the author of the decision (recours gracieux).
    Gracious,
    /// To the minister (recours hiérarchique).
    Hierarchical,
    /// To the administrative court (recours contentieux).
    AdministrativeCourt,
}

/// A route of appeal and its deadline.
#[derive(Debug, Clone, SimpleObject)]
pub struct AppealRoute {
    /// The route.
    pub route: AppealRouteKind,
    /// The last day to use it.
    pub deadline: Date,
}

/// The decision on a dossier.
pub struct DecisionNode(pub Decision);

#[Object(name = "Decision")]
impl DecisionNode {
    /// What was decided.
    async fn kind(&self) -> DecisionKind {
        self.0.kind.into()
    }

    /// The legal basis.
    async fn legal_basis(&self) -> &str {
        &self.0.legal_basis
    }

    /// The reasons; for an implicit refusal, those communicated on request (empty until then).
    async fn reasons(&self) -> &str {
        &self.0.reasons
    }

    /// Who signed it: an agent's role and organisation, or HIPE itself for an implicit refusal.
    async fn signatory(&self) -> EventActor {
        EventActor::of(&self.0.signatory)
    }

    /// When it was taken.
    async fn decided_at(&self) -> DateTime {
        DateTime(self.0.decided_at)
    }

    /// The date appeal deadlines run from.
    async fn notified_on(&self) -> Date {
        Date(self.0.notified_on)
    }

    /// The routes of appeal and their deadlines (none for a grant).
    async fn appeal_routes(&self) -> Vec<AppealRoute> {
        self.0
            .appeal_routes()
            .into_iter()
            .map(|(route, deadline)| AppealRoute { route: route.into(), deadline: Date(deadline) })
            .collect()
    }
}

/// The legal dates of a dossier, each null until it applies.
#[derive(Debug, Clone, SimpleObject)]
pub struct LegalDates {
    /// The day the file was declared complete: the silence clock runs from it.
    pub complete_on: Option<Date>,
    /// The day an implicit refusal arises if no decision is taken.
    pub silence_on: Option<Date>,
    /// For a renewal: the last day of the document being renewed.
    pub renewed_until: Option<Date>,
    /// The last day covered by the extension certificates issued while the decision is awaited.
    pub extended_until: Option<Date>,
    /// The last day to communicate the reasons of an implicit refusal, once asked.
    pub reasons_due_on: Option<Date>,
}

/// What the person (or the service) is expected to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum NextStepCode {
    /// Fill in and submit the draft.
    SubmitDraft,
    /// Provide the documents requested.
    ProvideDocuments,
    /// The service checks that the file is complete.
    AwaitCompletenessCheck,
    /// The service instructs the file.
    AwaitDecision,
    /// An external opinion is awaited.
    AwaitOpinion,
    /// The card is being made.
    AwaitPermit,
    /// Collect the card at the prefecture.
    CollectPermit,
    /// Nothing more: the journey of this dossier ended.
    None,
    /// The request was implicitly refused: ask for the reasons, or appeal.
    AskReasonsOrAppeal,
    /// The request was refused: appeal if you wish.
    Appeal,
}

/// The next step of a dossier, with a label in the caller's language.
#[derive(Debug, Clone, SimpleObject)]
pub struct NextStep {
    /// Stable code.
    pub code: NextStepCode,
    /// In words.
    pub label: String,
    /// When it is due, if it has a date (documents requested: their due date).
    pub due_on: Option<Date>,
}

/// Who handles a dossier, named for the person.
#[derive(Debug, Clone, SimpleObject)]
pub struct ServiceInCharge {
    /// The authority.
    pub authority: super::procedure::Authority,
    /// The département.
    pub territory: String,
    /// The service's name, in the caller's language.
    pub name: String,
}

fn next_step(dossier: &Dossier, requests: &[DocumentRequest], locale: Locale) -> NextStep {
    use NextStepCode as C;
    let open_due = requests.iter().filter(|r| r.is_open()).map(|r| r.due_on).min();
    let code = match dossier.status() {
        DossierStatus::Draft => C::SubmitDraft,
        DossierStatus::Incomplete => C::ProvideDocuments,
        DossierStatus::Submitted => C::AwaitCompletenessCheck,
        DossierStatus::Complete | DossierStatus::UnderReview => C::AwaitDecision,
        DossierStatus::AwaitingOpinion => C::AwaitOpinion,
        DossierStatus::Granted | DossierStatus::PermitInProduction => C::AwaitPermit,
        DossierStatus::PermitAvailable => C::CollectPermit,
        DossierStatus::ImplicitlyRefused => C::AskReasonsOrAppeal,
        DossierStatus::Refused => C::Appeal,
        DossierStatus::PermitDelivered | DossierStatus::Withdrawn => C::None,
    };
    let (fr, en) = match code {
        C::SubmitDraft => ("Complétez et déposez votre demande", "Complete and submit your application"),
        C::ProvideDocuments => ("Envoyez les pièces demandées", "Send the documents requested"),
        C::AwaitCompletenessCheck => {
            ("Le service vérifie que le dossier est complet", "The service checks that the file is complete")
        }
        C::AwaitDecision => ("Le service instruit votre demande", "The service is examining your application"),
        C::AwaitOpinion => ("Un avis extérieur est attendu", "An external opinion is awaited"),
        C::AwaitPermit => ("Votre titre est en fabrication", "Your permit is being made"),
        C::CollectPermit => (
            "Votre titre est disponible : prenez rendez-vous pour le retirer",
            "Your permit is ready: book an appointment to collect it",
        ),
        C::None => ("Aucune démarche à faire", "Nothing to do"),
        C::AskReasonsOrAppeal => (
            "Demande implicitement rejetée : vous pouvez demander les motifs ou faire un recours",
            "Implicitly refused: you may ask for the reasons or appeal",
        ),
        C::Appeal => ("Demande refusée : vous pouvez faire un recours", "Refused: you may appeal"),
    };
    let label = match locale {
        Locale::Fr => fr,
        Locale::En => en,
    };
    NextStep {
        code,
        label: label.to_owned(),
        due_on: (code == C::ProvideDocuments).then_some(open_due).flatten().map(Date),
    }
}

/// The loaded documents of a dossier.
async fn documents_of(ctx: &Context<'_>, dossier: &Dossier) -> Result<Vec<SupportingDocument>> {
    let loaders = ctx.data_unchecked::<Loaders>();
    Ok(loaders.documents.load_one(dossier.id()).await.map_err(|e| load_error(&e))?.unwrap_or_default())
}

async fn requests_of(ctx: &Context<'_>, dossier: &Dossier) -> Result<Vec<DocumentRequest>> {
    let loaders = ctx.data_unchecked::<Loaders>();
    Ok(loaders.requests.load_one(dossier.id()).await.map_err(|e| load_error(&e))?.unwrap_or_default())
}

/// The resolvers the Dossier type delegates to.
pub mod fields {
    use super::super::context::Locale;
    use super::super::procedure::RequiredDocumentNode;
    use super::{
        Context, Date, DecisionNode, DocumentRequestNode, Dossier, LegalDates, Loaders, NextStep, Result,
        ServiceInCharge, SupportingDocumentNode, documents_of, load_error, next_step, request, requests_of,
    };

    /// Every supporting document, every version, oldest first.
    pub async fn documents(ctx: &Context<'_>, dossier: &Dossier) -> Result<Vec<SupportingDocumentNode>> {
        Ok(documents_of(ctx, dossier).await?.into_iter().map(SupportingDocumentNode).collect())
    }

    /// The requests for documents.
    pub async fn document_requests(ctx: &Context<'_>, dossier: &Dossier) -> Result<Vec<DocumentRequestNode>> {
        Ok(requests_of(ctx, dossier).await?.into_iter().map(DocumentRequestNode).collect())
    }

    /// The documents the procedure needs in the declared situations that the file lacks (or whose only copy was
    /// rejected).
    pub async fn missing_documents(ctx: &Context<'_>, dossier: &Dossier) -> Result<Vec<RequiredDocumentNode>> {
        let loaders = ctx.data_unchecked::<Loaders>();
        // Both at once: asked one after the other, the documents could be asked while the `documents` field's batch
        // is in flight (not yet cached) and cost a statement of their own, depending on which batch ends first.
        let (procedure, documents) = futures_util::future::join(
            loaders.procedures.load_one(dossier.procedure().clone()),
            documents_of(ctx, dossier),
        )
        .await;
        let Some(procedure) = procedure.map_err(|e| load_error(&e))? else { return Ok(Vec::new()) };
        let documents = documents?;
        let missing = hipe_domain::dossier::commands::missing_documents(&procedure, dossier.situations(), &documents);
        Ok(procedure
            .required_documents
            .iter()
            .filter(|r| missing.contains(&r.document_type) && r.needed_in(dossier.situations()))
            .cloned()
            .map(RequiredDocumentNode)
            .collect())
    }

    /// The decision, once taken.
    pub async fn decision(ctx: &Context<'_>, dossier: &Dossier) -> Result<Option<DecisionNode>> {
        let loaders = ctx.data_unchecked::<Loaders>();
        Ok(loaders.decisions.load_one(dossier.id()).await.map_err(|e| load_error(&e))?.map(DecisionNode))
    }

    /// The legal dates.
    pub fn legal_dates(dossier: &Dossier) -> LegalDates {
        LegalDates {
            complete_on: dossier.complete_on().map(Date),
            silence_on: dossier.silence_on().map(Date),
            renewed_until: dossier.renewed_until().map(Date),
            extended_until: dossier.extended_until().map(Date),
            reasons_due_on: dossier.reasons_due_on().map(Date),
        }
    }

    /// The next step.
    pub async fn next_step_of(ctx: &Context<'_>, dossier: &Dossier) -> Result<NextStep> {
        Ok(next_step(dossier, &requests_of(ctx, dossier).await?, request(ctx).locale))
    }

    /// The service in charge.
    pub fn service_in_charge(ctx: &Context<'_>, dossier: &Dossier) -> ServiceInCharge {
        use hipe_domain::procedure::Authority as A;
        let territory = dossier.territory().as_str().to_owned();
        let name = match (dossier.authority(), request(ctx).locale) {
            (A::Prefecture, Locale::Fr) => format!("Préfecture — service des étrangers ({territory})"),
            (A::Prefecture, Locale::En) => format!("Prefecture — foreigners' service ({territory})"),
            (A::Ofii, Locale::Fr) => format!("OFII — direction territoriale ({territory})"),
            (A::Ofii, Locale::En) => format!("OFII — territorial directorate ({territory})"),
            (A::WorkPermitPlatform, Locale::Fr) => format!("Plateforme main-d'œuvre étrangère ({territory})"),
            (A::WorkPermitPlatform, Locale::En) => format!("Work-permit platform ({territory})"),
        };
        ServiceInCharge { authority: dossier.authority().into(), territory, name }
    }
}

/// A person's right to stay and work today, computed from the documents they hold.
#[derive(Debug, Clone, SimpleObject)]
pub struct CurrentRights {
    /// Whether they stay lawfully today.
    pub stay: bool,
    /// Whether they may work today.
    pub work_allowed: bool,
    /// The yearly ceiling of hours, when there is one (students: 964).
    pub work_limit_hours_per_year: Option<i32>,
    /// The last day of the document that grounds the right.
    pub until: Option<Date>,
    /// That document's kind.
    pub grounded_on: Option<super::permit::ResidenceDocumentKind>,
}

/// A residence document the person holds (or held).
pub struct HeldDocumentNode(pub ResidenceDocument);

#[Object(name = "ResidenceDocument")]
impl HeldDocumentNode {
    /// The number printed on it.
    async fn number(&self) -> &str {
        self.0.number().as_str()
    }

    /// Its kind.
    async fn kind(&self) -> super::permit::ResidenceDocumentKind {
        self.0.kind().into()
    }

    /// Its motive.
    async fn motive(&self) -> Option<&str> {
        self.0.motive().map(hipe_domain::permit::Motive::as_str)
    }

    /// First day of validity.
    async fn valid_from(&self) -> Date {
        Date(self.0.valid_from())
    }

    /// Last day of validity.
    async fn valid_until(&self) -> Date {
        Date(self.0.valid_until())
    }

    /// Whether it proves lawful stay while valid.
    async fn stay_right(&self) -> bool {
        self.0.rights().stay
    }

    /// Whether it allows work.
    async fn work_allowed(&self) -> bool {
        self.0.rights().work.allowed()
    }

    /// The yearly ceiling of hours of work, when there is one.
    async fn work_limit_hours_per_year(&self) -> Option<i32> {
        self.0.rights().work.hours_per_year().map(i32::from)
    }

    /// Where it is in its life (`VALID`, `EXPIRED`…).
    async fn status(&self) -> &str {
        self.0.status().code()
    }

    /// For a permit: the renewal window (from 120 to 60 days before it ends).
    async fn renewal_window(&self) -> Option<RenewalWindow> {
        use hipe_domain::permit::DocumentKind as K;
        matches!(self.0.kind(), K::TemporaryPermit | K::MultiYearPermit | K::ResidentCard | K::VlsTs).then(|| {
            let (opens, closes) = hipe_domain::dossier::clocks::renewal_window(self.0.valid_until(), 120, 60);
            RenewalWindow { opens_on: Date(opens), closes_on: Date(closes) }
        })
    }
}

/// When to file a renewal.
#[derive(Debug, Clone, SimpleObject)]
pub struct RenewalWindow {
    /// The first day to file.
    pub opens_on: Date,
    /// The last day to file on time.
    pub closes_on: Date,
}

/// The person's residence documents and rights.
pub mod held {
    use super::{
        Context, CurrentRights, Date, HeldDocumentNode, Loaders, Result, france_date, load_error, right_on, services,
    };
    use hipe_domain::person::PersonId;

    async fn load(ctx: &Context<'_>, person: PersonId) -> Result<Vec<hipe_domain::permit::ResidenceDocument>> {
        let loaders = ctx.data_unchecked::<Loaders>();
        Ok(loaders.residence_documents.load_one(person).await.map_err(|e| load_error(&e))?.unwrap_or_default())
    }

    /// Every document, oldest first.
    pub async fn documents(ctx: &Context<'_>, person: PersonId) -> Result<Vec<HeldDocumentNode>> {
        Ok(load(ctx, person).await?.into_iter().map(HeldDocumentNode).collect())
    }

    /// The rights today.
    pub async fn rights(ctx: &Context<'_>, person: PersonId) -> Result<CurrentRights> {
        let today = france_date(services(ctx).clock.now());
        let right = right_on(&load(ctx, person).await?, today);
        Ok(CurrentRights {
            stay: right.is_some(),
            work_allowed: right.is_some_and(|r| r.work.allowed()),
            work_limit_hours_per_year: right.and_then(|r| r.work.hours_per_year()).map(i32::from),
            until: right.map(|r| Date(r.valid_until)),
            grounded_on: right.map(|r| r.kind.into()),
        })
    }
}

/// An answer of a dossier's form.
#[derive(Debug, InputObject)]
pub struct AnswerInput {
    /// The field (`camelCase`).
    pub field: String,
    /// Its value; empty removes the answer.
    pub value: String,
}

/// Input of `amendDossier`.
#[derive(Debug, InputObject)]
pub struct AmendDossierInput {
    /// The dossier.
    pub dossier_id: ID,
    /// The version you last saw; `CONFLICT` if the dossier changed since.
    pub expected_version: Option<i32>,
    /// The answers to set.
    #[graphql(default)]
    pub answers: Vec<AnswerInput>,
    /// The situations to declare (`HOSTED`, `MARRIED`, `STUDENT`…), replacing those declared before.
    pub situations: Option<Vec<String>>,
}

/// Input of `addDocument`.
#[derive(Debug, InputObject)]
pub struct AddDocumentInput {
    /// The dossier.
    pub dossier_id: ID,
    /// The version you last saw; `CONFLICT` if the dossier changed since.
    pub expected_version: Option<i32>,
    /// The document type (`PASSPORT`).
    pub document_type: String,
    /// The uploaded file's reference.
    pub file_reference: String,
    /// Its name.
    pub file_name: String,
    /// Its media type (`application/pdf`, `image/jpeg`, `image/png`).
    pub media_type: String,
    /// Its size in bytes (at most 10 MiB).
    pub size_bytes: i64,
    /// Its SHA-256 in lowercase hexadecimal.
    pub sha256: String,
    /// The document's own expiry, if any.
    pub expires_on: Option<Date>,
    /// Whether it is a sworn translation.
    #[graphql(default)]
    pub translated: bool,
}

/// Input of `requestReasons`.
#[derive(Debug, InputObject)]
pub struct RequestReasonsInput {
    /// The implicitly refused dossier.
    pub dossier_id: ID,
    /// The version you last saw.
    pub expected_version: Option<i32>,
}

/// Result of `addDocument`.
#[derive(SimpleObject)]
pub struct AddDocumentPayload {
    /// The dossier after the mutation; null when it was refused.
    pub dossier: Option<DossierNode>,
    /// The document added.
    pub document: Option<SupportingDocumentNode>,
    /// Why the mutation was refused, when it was.
    pub user_errors: Vec<UserError>,
}

super::dossier::dossier_payload!(AmendDossierPayload, "Result of `amendDossier`.");
super::dossier::dossier_payload!(RequestReasonsPayload, "Result of `requestReasons`.");

/// The person's and the desk's mutations on a dossier's content.
#[derive(Default)]
pub struct JourneyMutation;

#[Object]
impl JourneyMutation {
    /// Fills a draft's answers, or amends them after filing (the timeline keeps each previous value).
    #[graphql(visible = "super::audience::dossier_filers")]
    async fn amend_dossier(&self, ctx: &Context<'_>, input: AmendDossierInput) -> Result<AmendDossierPayload> {
        let id = id::dossier_id(&input.dossier_id)?;
        let expected = expected(input.expected_version)?;
        let answers = input.answers.into_iter().map(|a| (a.field, a.value)).collect();
        settle_with(
            commands::amend(&services(ctx).ports(), &request(ctx).caller(), id, expected, answers, input.situations)
                .await,
        )
    }

    /// Adds a supporting document, before or after filing. When it answers the last open request for documents,
    /// the file goes back to the instructor.
    #[graphql(visible = "super::audience::dossier_filers")]
    async fn add_document(&self, ctx: &Context<'_>, input: AddDocumentInput) -> Result<AddDocumentPayload> {
        let id = id::dossier_id(&input.dossier_id)?;
        let expected = expected(input.expected_version)?;
        let parsed = DocumentType::parse(&input.document_type).and_then(|document_type| {
            let size_bytes = u64::try_from(input.size_bytes)
                .map_err(|_| hipe_domain::Error::invalid("sizeBytes", "between 1 byte and 10 MiB"))?;
            Ok(commands::NewDocument {
                document_type,
                file: DocumentFile {
                    file_reference: input.file_reference,
                    file_name: input.file_name,
                    media_type: input.media_type,
                    size_bytes,
                    sha256: input.sha256,
                },
                expires_on: input.expires_on.map(|d| d.0),
                translated: input.translated,
            })
        });
        let outcome = match parsed {
            Ok(new) => commands::add_document(&services(ctx).ports(), &request(ctx).caller(), id, expected, new).await,
            Err(error) => Err(error),
        };
        match outcome {
            Ok((dossier, document_id)) => {
                let documents = services(ctx).dossiers.documents_of(&[dossier.id()]).await.map_err(ApiError::from)?;
                let document = documents.into_iter().find(|d| d.id == document_id).map(SupportingDocumentNode);
                Ok(AddDocumentPayload { dossier: Some(DossierNode(dossier)), document, user_errors: Vec::new() })
            }
            Err(error) => Ok(AddDocumentPayload {
                dossier: None,
                document: None,
                user_errors: vec![super::error::user_error(error)?],
            }),
        }
    }

    /// Asks for the reasons of an implicit refusal: the prefecture has one month to communicate them.
    #[graphql(visible = "super::audience::mobile")]
    async fn request_reasons(&self, ctx: &Context<'_>, input: RequestReasonsInput) -> Result<RequestReasonsPayload> {
        let id = id::dossier_id(&input.dossier_id)?;
        let expected = expected(input.expected_version)?;
        let ports = services(ctx).ports();
        settle_with(commands::step(&ports, &request(ctx).caller(), id, expected, DossierAction::RequestReasons).await)
    }
}
