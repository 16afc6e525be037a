//! The agents' work queue: the dossiers of their territories, ordered by legal risk
//! ([`super::Dossier::attention_on`], then id), filtered by status, procedure and dates, keyset-paginated.

use chrono::{DateTime, NaiveDate, Utc};

use super::{DossierId, DossierStatus};
use crate::procedure::ProcedureCode;
use crate::territory::Territory;

/// What an agent filters the queue by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkQueueFilter {
    /// The territories to list (those of the agent, or a subset of them). Never empty when queried.
    pub territories: Vec<Territory>,
    /// The statuses to list; empty for every filed, undecided or not yet delivered dossier.
    pub statuses: Vec<DossierStatus>,
    /// Only this procedure.
    pub procedure: Option<ProcedureCode>,
    /// Only dossiers whose attention date is on or before this day.
    pub attention_before: Option<NaiveDate>,
    /// Only dossiers created at or after this instant.
    pub created_from: Option<DateTime<Utc>>,
    /// Only dossiers created before this instant.
    pub created_until: Option<DateTime<Utc>>,
    /// Only dossiers assigned to this agent.
    pub assigned_to: Option<String>,
}

impl WorkQueueFilter {
    /// The statuses the queue lists when none is asked for: filed and not finished.
    pub const DEFAULT_STATUSES: [DossierStatus; 9] = [
        DossierStatus::Submitted,
        DossierStatus::Incomplete,
        DossierStatus::Complete,
        DossierStatus::UnderReview,
        DossierStatus::AwaitingOpinion,
        DossierStatus::ImplicitlyRefused,
        DossierStatus::Granted,
        DossierStatus::PermitInProduction,
        DossierStatus::PermitAvailable,
    ];

    /// The statuses to list.
    pub fn statuses(&self) -> &[DossierStatus] {
        if self.statuses.is_empty() { &Self::DEFAULT_STATUSES } else { &self.statuses }
    }
}

/// A position in the queue: the attention date and the id of the last dossier seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct QueueCursor {
    /// Its attention date.
    pub attention_on: NaiveDate,
    /// Its id.
    pub id: DossierId,
}
