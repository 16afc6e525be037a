//! The dossier's states and the transition table (DESIGN.md §3):
//!
//! ```text
//! draft ─submit→ submitted ─request documents→ incomplete ─documents provided→ submitted
//!                          └─declare complete→ complete (starts the silence clock)
//! complete → under_review ⇄ awaiting_opinion
//! under_review → granted → permit_in_production → permit_available → permit_delivered
//! under_review → refused
//! complete / under_review / awaiting_opinion ─silence date passes→ implicitly_refused (stays open)
//! implicitly_refused → granted | refused (an explicit decision replaces the implicit one)
//! any open state ─the person→ withdrawn
//! ```

use std::fmt;

/// Where a dossier stands. Codes are stable: they are stored and exposed as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DossierStatus {
    /// Being prepared; nothing has been filed yet.
    Draft,
    /// Filed; awaiting the completeness check.
    Submitted,
    /// Documents were requested; waiting for the person to provide them.
    Incomplete,
    /// Declared complete: the silence clock runs from the complete date.
    Complete,
    /// Being instructed.
    UnderReview,
    /// Waiting for an external opinion (OFII's medical college, the mayor…).
    AwaitingOpinion,
    /// Granted; the permit is to be ordered.
    Granted,
    /// The card is being manufactured.
    PermitInProduction,
    /// The card is at the prefecture, ready for handover.
    PermitAvailable,
    /// The card was handed over. Terminal.
    PermitDelivered,
    /// Refused by an explicit, motivated decision. Terminal.
    Refused,
    /// The silence period passed without a decision: implicitly refused. The file stays open: the person may ask
    /// for the reasons, and an explicit decision may still replace the implicit one.
    ImplicitlyRefused,
    /// Withdrawn by the person. Terminal.
    Withdrawn,
}

/// What can happen to a dossier's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DossierAction {
    /// File the draft.
    Submit,
    /// An instructor asks for documents (with a due date).
    RequestDocuments,
    /// Every requested document arrived.
    ProvideDocuments,
    /// An instructor declares the file complete (the silence clock starts).
    DeclareComplete,
    /// An instructor starts instructing.
    StartReview,
    /// An instructor asks for an external opinion.
    RequestOpinion,
    /// The opinion arrived.
    ReceiveOpinion,
    /// A signatory grants the request.
    Grant,
    /// A signatory refuses the request.
    Refuse,
    /// The silence date passed (HIPE's clock).
    ImplicitlyRefuse,
    /// The card was ordered.
    OrderPermit,
    /// The card reached the prefecture.
    MakePermitAvailable,
    /// The card was handed over.
    DeliverPermit,
    /// The person withdraws the application.
    Withdraw,
    /// Fill the form of a draft, or amend it after filing (the status stays).
    Amend,
    /// Add a supporting document, before or after filing (the status stays).
    AddDocument,
    /// An instructor accepts or rejects a document (the status stays).
    ReviewDocument,
    /// Assign the dossier to an instructor (the status stays).
    Assign,
    /// Flag or clear a vulnerability (the status stays).
    FlagVulnerability,
    /// The person asks for the reasons of the implicit refusal (the status stays).
    RequestReasons,
    /// The prefecture communicates those reasons (the status stays).
    CommunicateReasons,
    /// HIPE issues an extension certificate while the decision is awaited (the status stays).
    IssueExtension,
}

impl DossierStatus {
    /// Every state.
    pub const ALL: [Self; 13] = [
        Self::Draft,
        Self::Submitted,
        Self::Incomplete,
        Self::Complete,
        Self::UnderReview,
        Self::AwaitingOpinion,
        Self::Granted,
        Self::PermitInProduction,
        Self::PermitAvailable,
        Self::PermitDelivered,
        Self::Refused,
        Self::ImplicitlyRefused,
        Self::Withdrawn,
    ];

    /// The transition table: the state `action` leads to from `self`, or `None` when the action is refused
    /// from this state. Exhaustive on the action; the states each action leaves from are listed in full.
    pub const fn after(self, action: DossierAction) -> Option<Self> {
        use DossierAction as A;
        match (action, self) {
            (A::Submit, Self::Draft) | (A::ProvideDocuments, Self::Incomplete) => Some(Self::Submitted),
            (A::RequestDocuments, Self::Submitted | Self::Incomplete) => Some(Self::Incomplete),
            (A::DeclareComplete, Self::Submitted) => Some(Self::Complete),
            (A::StartReview, Self::Complete) | (A::ReceiveOpinion, Self::AwaitingOpinion) => Some(Self::UnderReview),
            (A::RequestOpinion, Self::UnderReview) => Some(Self::AwaitingOpinion),
            (A::Grant, Self::UnderReview | Self::ImplicitlyRefused) => Some(Self::Granted),
            (A::Refuse, Self::UnderReview | Self::ImplicitlyRefused) => Some(Self::Refused),
            (A::ImplicitlyRefuse, Self::Complete | Self::UnderReview | Self::AwaitingOpinion) => {
                Some(Self::ImplicitlyRefused)
            }
            (A::OrderPermit, Self::Granted) => Some(Self::PermitInProduction),
            (A::MakePermitAvailable, Self::PermitInProduction) => Some(Self::PermitAvailable),
            (A::DeliverPermit, Self::PermitAvailable) => Some(Self::PermitDelivered),
            (A::Withdraw, s) if s.is_open() => Some(Self::Withdrawn),
            (A::Amend | A::AddDocument, s) if s.is_open() => Some(s),
            (A::ReviewDocument, s) if s.is_open() && s.is_filed() => Some(s),
            (A::Assign | A::FlagVulnerability, s) if s.is_filed() && !s.is_final() => Some(s),
            (A::RequestReasons | A::CommunicateReasons, Self::ImplicitlyRefused) => Some(Self::ImplicitlyRefused),
            (A::IssueExtension, s) if s.awaits_decision() => Some(s),
            _ => None,
        }
    }

    /// Whether the application is still pending: no decision yet, or only the implicit one. The person may
    /// withdraw, amend and add documents; a filed open dossier is counted in the work queue.
    pub const fn is_open(self) -> bool {
        match self {
            Self::Draft
            | Self::Submitted
            | Self::Incomplete
            | Self::Complete
            | Self::UnderReview
            | Self::AwaitingOpinion
            | Self::ImplicitlyRefused => true,
            Self::Granted
            | Self::PermitInProduction
            | Self::PermitAvailable
            | Self::PermitDelivered
            | Self::Refused
            | Self::Withdrawn => false,
        }
    }

    /// Whether it was filed (any state but draft).
    pub const fn is_filed(self) -> bool {
        !matches!(self, Self::Draft)
    }

    /// Whether nothing more can happen to it: delivered, refused or withdrawn.
    pub const fn is_final(self) -> bool {
        matches!(self, Self::PermitDelivered | Self::Refused | Self::Withdrawn)
    }

    /// Whether the file was declared complete and no decision was taken: the silence clock runs, and a renewal
    /// filed in time keeps its holder's rights through extension certificates.
    pub const fn awaits_decision(self) -> bool {
        matches!(self, Self::Complete | Self::UnderReview | Self::AwaitingOpinion)
    }

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Draft => "DRAFT",
            Self::Submitted => "SUBMITTED",
            Self::Incomplete => "INCOMPLETE",
            Self::Complete => "COMPLETE",
            Self::UnderReview => "UNDER_REVIEW",
            Self::AwaitingOpinion => "AWAITING_OPINION",
            Self::Granted => "GRANTED",
            Self::PermitInProduction => "PERMIT_IN_PRODUCTION",
            Self::PermitAvailable => "PERMIT_AVAILABLE",
            Self::PermitDelivered => "PERMIT_DELIVERED",
            Self::Refused => "REFUSED",
            Self::ImplicitlyRefused => "IMPLICITLY_REFUSED",
            Self::Withdrawn => "WITHDRAWN",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

impl fmt::Display for DossierStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Draft => "a draft",
            Self::Submitted => "submitted",
            Self::Incomplete => "incomplete",
            Self::Complete => "complete",
            Self::UnderReview => "under review",
            Self::AwaitingOpinion => "awaiting an opinion",
            Self::Granted => "granted",
            Self::PermitInProduction => "in production",
            Self::PermitAvailable => "available for handover",
            Self::PermitDelivered => "delivered",
            Self::Refused => "refused",
            Self::ImplicitlyRefused => "implicitly refused",
            Self::Withdrawn => "withdrawn",
        })
    }
}

impl DossierAction {
    /// Every action.
    pub const ALL: [Self; 22] = [
        Self::Submit,
        Self::RequestDocuments,
        Self::ProvideDocuments,
        Self::DeclareComplete,
        Self::StartReview,
        Self::RequestOpinion,
        Self::ReceiveOpinion,
        Self::Grant,
        Self::Refuse,
        Self::ImplicitlyRefuse,
        Self::OrderPermit,
        Self::MakePermitAvailable,
        Self::DeliverPermit,
        Self::Withdraw,
        Self::Amend,
        Self::AddDocument,
        Self::ReviewDocument,
        Self::Assign,
        Self::FlagVulnerability,
        Self::RequestReasons,
        Self::CommunicateReasons,
        Self::IssueExtension,
    ];

    /// The verb, for messages ("may not {verb} this dossier").
    pub const fn verb(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::RequestDocuments => "request documents for",
            Self::ProvideDocuments => "provide the documents of",
            Self::DeclareComplete => "declare complete",
            Self::StartReview => "start reviewing",
            Self::RequestOpinion => "request an opinion on",
            Self::ReceiveOpinion => "record the opinion on",
            Self::Grant => "grant",
            Self::Refuse => "refuse",
            Self::ImplicitlyRefuse => "implicitly refuse",
            Self::OrderPermit => "order the permit of",
            Self::MakePermitAvailable => "make available the permit of",
            Self::DeliverPermit => "deliver the permit of",
            Self::Withdraw => "withdraw",
            Self::Amend => "amend",
            Self::AddDocument => "add a document to",
            Self::ReviewDocument => "review a document of",
            Self::Assign => "assign",
            Self::FlagVulnerability => "flag the vulnerability of",
            Self::RequestReasons => "ask the reasons of",
            Self::CommunicateReasons => "communicate the reasons of",
            Self::IssueExtension => "issue an extension certificate for",
        }
    }
}

impl fmt::Display for DossierAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.verb())
    }
}
