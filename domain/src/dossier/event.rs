//! Dossier events: the timeline. One per accepted transition, keyed by `(dossier, sequence)` where the
//! sequence is the dossier's version right after the event — so the timeline has no gap and no duplicate.

use chrono::{DateTime, Utc};

use super::{DossierAction, DossierId};
use crate::Actor;
use crate::person::PersonId;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DossierEventKind {
    /// The draft was opened.
    Started,
    /// The draft's answers were filled in.
    Filled,
    /// The dossier was filed.
    Submitted,
    /// A deposit certificate was issued (on every submission).
    DepositCertificateIssued,
    /// The person amended their answers after filing (previous values in the details).
    Amended,
    /// A supporting document was added.
    DocumentAdded,
    /// An instructor accepted or rejected a document.
    DocumentReviewed,
    /// An instructor requested documents, with a due date.
    DocumentsRequested,
    /// Every requested document arrived.
    DocumentsProvided,
    /// The file was declared complete: the silence clock starts.
    DeclaredComplete,
    /// Instruction started.
    ReviewStarted,
    /// An external opinion was requested.
    OpinionRequested,
    /// The external opinion arrived.
    OpinionReceived,
    /// The dossier was assigned to an instructor.
    Assigned,
    /// A vulnerability was flagged or cleared.
    PriorityFlagged,
    /// The request was granted.
    Granted,
    /// The request was refused by a motivated decision.
    Refused,
    /// The silence date passed without a decision: implicit refusal.
    ImplicitlyRefused,
    /// An extension certificate was issued, or renewed, while the decision is awaited.
    ExtensionCertificateIssued,
    /// The person asked for the reasons of the implicit refusal (one month to answer).
    ReasonsRequested,
    /// The reasons of the implicit refusal were communicated.
    ReasonsCommunicated,
    /// The card was ordered.
    PermitOrdered,
    /// The card is ready for handover.
    PermitAvailable,
    /// The card was handed over.
    PermitDelivered,
    /// The person withdrew it.
    Withdrawn,
}

impl DossierEventKind {
    /// Every kind.
    pub const ALL: [Self; 25] = [
        Self::Started,
        Self::Filled,
        Self::Submitted,
        Self::DepositCertificateIssued,
        Self::Amended,
        Self::DocumentAdded,
        Self::DocumentReviewed,
        Self::DocumentsRequested,
        Self::DocumentsProvided,
        Self::DeclaredComplete,
        Self::ReviewStarted,
        Self::OpinionRequested,
        Self::OpinionReceived,
        Self::Assigned,
        Self::PriorityFlagged,
        Self::Granted,
        Self::Refused,
        Self::ImplicitlyRefused,
        Self::ExtensionCertificateIssued,
        Self::ReasonsRequested,
        Self::ReasonsCommunicated,
        Self::PermitOrdered,
        Self::PermitAvailable,
        Self::PermitDelivered,
        Self::Withdrawn,
    ];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Started => "STARTED",
            Self::Filled => "FILLED",
            Self::Submitted => "SUBMITTED",
            Self::DepositCertificateIssued => "DEPOSIT_CERTIFICATE_ISSUED",
            Self::Amended => "AMENDED",
            Self::DocumentAdded => "DOCUMENT_ADDED",
            Self::DocumentReviewed => "DOCUMENT_REVIEWED",
            Self::DocumentsRequested => "DOCUMENTS_REQUESTED",
            Self::DocumentsProvided => "DOCUMENTS_PROVIDED",
            Self::DeclaredComplete => "DECLARED_COMPLETE",
            Self::ReviewStarted => "REVIEW_STARTED",
            Self::OpinionRequested => "OPINION_REQUESTED",
            Self::OpinionReceived => "OPINION_RECEIVED",
            Self::Assigned => "ASSIGNED",
            Self::PriorityFlagged => "PRIORITY_FLAGGED",
            Self::Granted => "GRANTED",
            Self::Refused => "REFUSED",
            Self::ImplicitlyRefused => "IMPLICITLY_REFUSED",
            Self::ExtensionCertificateIssued => "EXTENSION_CERTIFICATE_ISSUED",
            Self::ReasonsRequested => "REASONS_REQUESTED",
            Self::ReasonsCommunicated => "REASONS_COMMUNICATED",
            Self::PermitOrdered => "PERMIT_ORDERED",
            Self::PermitAvailable => "PERMIT_AVAILABLE",
            Self::PermitDelivered => "PERMIT_DELIVERED",
            Self::Withdrawn => "WITHDRAWN",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

impl From<DossierAction> for DossierEventKind {
    fn from(action: DossierAction) -> Self {
        match action {
            DossierAction::Submit => Self::Submitted,
            DossierAction::RequestDocuments => Self::DocumentsRequested,
            DossierAction::ProvideDocuments => Self::DocumentsProvided,
            DossierAction::DeclareComplete => Self::DeclaredComplete,
            DossierAction::StartReview => Self::ReviewStarted,
            DossierAction::RequestOpinion => Self::OpinionRequested,
            DossierAction::ReceiveOpinion => Self::OpinionReceived,
            DossierAction::Grant => Self::Granted,
            DossierAction::Refuse => Self::Refused,
            DossierAction::ImplicitlyRefuse => Self::ImplicitlyRefused,
            DossierAction::OrderPermit => Self::PermitOrdered,
            DossierAction::MakePermitAvailable => Self::PermitAvailable,
            DossierAction::DeliverPermit => Self::PermitDelivered,
            DossierAction::Withdraw => Self::Withdrawn,
            DossierAction::Amend => Self::Amended,
            DossierAction::AddDocument => Self::DocumentAdded,
            DossierAction::ReviewDocument => Self::DocumentReviewed,
            DossierAction::Assign => Self::Assigned,
            DossierAction::FlagVulnerability => Self::PriorityFlagged,
            DossierAction::RequestReasons => Self::ReasonsRequested,
            DossierAction::CommunicateReasons => Self::ReasonsCommunicated,
            DossierAction::IssueExtension => Self::ExtensionCertificateIssued,
        }
    }
}

/// Who acted, as recorded in the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorRef {
    /// The person themself.
    Person,
    /// Someone acting for the person under a mandate (their account id is kept for audit).
    Mandatary {
        /// The mandatary's usager account.
        account: PersonId,
    },
    /// An agent: role and organisation are shown; the agent's own id is kept for audit.
    Agent {
        /// The agent's id at their identity provider.
        id: String,
        /// The role's code.
        role: String,
        /// The organisation.
        organisation: String,
    },
    /// A partner application (its client id and name).
    Partner {
        /// The OAuth client id.
        client_id: String,
        /// The partner's name.
        name: String,
    },
    /// HIPE itself (legal clocks).
    System,
}

impl ActorRef {
    /// The record of `actor`.
    pub fn of(actor: &Actor) -> Self {
        match actor {
            Actor::Person(_) => Self::Person,
            Actor::Mandatary(mandatary) => Self::Mandatary { account: mandatary.account },
            Actor::Agent(agent) => Self::Agent {
                id: agent.id.clone(),
                role: agent.role.code().to_owned(),
                organisation: agent.organisation.clone(),
            },
            Actor::Partner(partner) => {
                Self::Partner { client_id: partner.client_id.as_str().to_owned(), name: partner.name.clone() }
            }
            Actor::Anonymous => Self::System,
        }
    }
}

/// One entry of a dossier's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierEvent {
    /// The dossier.
    pub dossier: DossierId,
    /// The dossier's version right after this event (1 for the opening).
    pub sequence: u32,
    /// What happened.
    pub kind: DossierEventKind,
    /// Who did it.
    pub actor: ActorRef,
    /// When.
    pub at: DateTime<Utc>,
    /// Why, when a reason was given.
    pub reason: Option<String>,
    /// What changed, as `(name, value)` pairs shown in the timeline (the document types requested and the due
    /// date, an amended answer's previous value…). Never medical content.
    pub details: Vec<(String, String)>,
}
