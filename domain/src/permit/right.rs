//! The right to stay and to work on a day, computed from the documents a person holds — never stored.
//!
//! A document proves lawful stay on a day when it carries the stay right, is valid (handed over or made available;
//! not withdrawn, lost or replaced) and the day lies within its dates. The person stays lawfully when at least one
//! document proves it; the work allowed is the most generous among those documents (full beats a yearly ceiling,
//! a higher ceiling beats a lower one). So an expired card plus a valid extension certificate is lawful stay, with
//! the work right the certificate carries; a deposit certificate, which never carries the stay right, adds nothing.

use chrono::NaiveDate;

use super::{DocumentKind, ResidenceDocument, ResidenceDocumentId, Work};

/// A lawful stay on a given day, and the document that grounds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StayRight {
    /// The grounding document: the most generous in force that day (most work, then the latest end, then the
    /// highest id, so the answer does not depend on the order documents are listed in).
    pub document: ResidenceDocumentId,
    /// Its kind.
    pub kind: DocumentKind,
    /// Its last day of validity.
    pub valid_until: NaiveDate,
    /// The work allowed that day.
    pub work: Work,
}

/// The right to stay on `day`, or `None` when no document held proves it.
pub fn right_on(documents: &[ResidenceDocument], day: NaiveDate) -> Option<StayRight> {
    documents
        .iter()
        .filter(|document| document.proves_stay_on(day))
        .max_by_key(|document| (document.rights().work.extent(), document.valid_until(), document.id()))
        .map(|document| StayRight {
            document: document.id(),
            kind: document.kind(),
            valid_until: document.valid_until(),
            work: document.rights().work,
        })
}
