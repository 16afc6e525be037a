//! Decisions: a grant, a motivated refusal, or the implicit refusal the silence of the administration amounts to.
//! A refusal states its legal basis and reasons and the routes of appeal with their deadlines (CRPA L.211-2,
//! L.411-2; CJA R.421-1) — a decision without them is not a decision HIPE records.

use chrono::{DateTime, Months, NaiveDate, Utc};

use super::{ActorRef, DossierId};
use crate::Error;

/// What was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecisionKind {
    /// The request is granted.
    Grant,
    /// The request is refused by an explicit, motivated decision.
    Refusal,
    /// The silence period passed: an implicit refusal (CRPA L.231-4; CESEDA R.432-1).
    ImplicitRefusal,
}

impl DecisionKind {
    /// Every kind.
    pub const ALL: [Self; 3] = [Self::Grant, Self::Refusal, Self::ImplicitRefusal];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Grant => "GRANT",
            Self::Refusal => "REFUSAL",
            Self::ImplicitRefusal => "IMPLICIT_REFUSAL",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A route of appeal against a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppealRoute {
    /// To the author of the decision (recours gracieux), within two months.
    Gracious,
    /// To the minister (recours hiérarchique), within two months.
    Hierarchical,
    /// To the administrative court (recours contentieux), within two months.
    AdministrativeCourt,
}

impl AppealRoute {
    /// Every route, in the order they are usually listed on a decision.
    pub const ALL: [Self; 3] = [Self::Gracious, Self::Hierarchical, Self::AdministrativeCourt];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Gracious => "GRACIOUS",
            Self::Hierarchical => "HIERARCHICAL",
            Self::AdministrativeCourt => "ADMINISTRATIVE_COURT",
        }
    }

    /// The months the route stays open from notification.
    pub const fn months(self) -> u32 {
        2
    }
}

/// A decision on a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The dossier.
    pub dossier: DossierId,
    /// What was decided.
    pub kind: DecisionKind,
    /// The legal basis (CESEDA articles).
    pub legal_basis: String,
    /// The reasons; for an implicit refusal, those communicated on request (empty until then).
    pub reasons: String,
    /// Who signed it (HIPE itself for an implicit refusal).
    pub signatory: ActorRef,
    /// When it was taken (or arose, for an implicit refusal).
    pub decided_at: DateTime<Utc>,
    /// The date from which appeal deadlines run.
    pub notified_on: NaiveDate,
}

impl Decision {
    /// The routes of appeal and the last day of each: none for a grant.
    pub fn appeal_routes(&self) -> Vec<(AppealRoute, NaiveDate)> {
        match self.kind {
            DecisionKind::Grant => Vec::new(),
            DecisionKind::Refusal | DecisionKind::ImplicitRefusal => AppealRoute::ALL
                .into_iter()
                .map(|route| {
                    (route, self.notified_on.checked_add_months(Months::new(route.months())).unwrap_or(NaiveDate::MAX))
                })
                .collect(),
        }
    }
}

/// What a signatory gives to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionInput {
    /// Grant or refusal (the implicit refusal is HIPE's, never an agent's).
    pub grant: bool,
    /// The legal basis; for a grant, the procedure's own when empty.
    pub legal_basis: String,
    /// The reasons (required for a refusal).
    pub reasons: String,
}

impl DecisionInput {
    /// Checks that a refusal is motivated.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a refusal without legal basis or reasons, or texts over 10,000 characters.
    pub fn check(self) -> Result<Self, Error> {
        if self.legal_basis.chars().count() > 500 {
            return Err(Error::invalid("legalBasis", "500 characters at most"));
        }
        if self.reasons.chars().count() > 10_000 {
            return Err(Error::invalid("reasons", "10,000 characters at most"));
        }
        if !self.grant && self.legal_basis.trim().is_empty() {
            return Err(Error::invalid("legalBasis", "a refusal states its legal basis"));
        }
        if !self.grant && self.reasons.trim().is_empty() {
            return Err(Error::invalid("reasons", "a refusal states its reasons"));
        }
        Ok(self)
    }
}
