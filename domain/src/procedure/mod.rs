//! The procedure catalogue: what a person may apply for, under which law, handled by whom, at what cost.
//!
//! Rules are **data**, versioned with effective dates, never code paths: fees changed on 2 February 2026 and
//! will change again. A dossier records the catalogue version it was filed under, so a later change never
//! rewrites the rules of a dossier already filed. The rows are seeded by migrations in `hipe-persistence`.

mod repository;

use std::fmt;

use chrono::NaiveDate;

pub use repository::ProcedureCatalogue;

use crate::Error;
use crate::dossier::DocumentType;
use crate::permit::{DocumentKind, Work};

/// The stable code of a procedure (`FIRST_PERMIT_STUDENT`). Codes are data, not a closed enum: adding a
/// procedure to the catalogue does not change the API's schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProcedureCode(String);

impl ProcedureCode {
    /// Parses a code: 3 to 64 characters among `A`–`Z`, `0`–`9` and `_`, starting with a letter.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for any other text.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let well_formed = (3..=64).contains(&text.len())
            && text.starts_with(|c: char| c.is_ascii_uppercase())
            && text.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
        if well_formed {
            Ok(Self(text.to_owned()))
        } else {
            Err(Error::invalid("procedureCode", "expected a catalogue code such as FIRST_PERMIT_STUDENT"))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProcedureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The key of one version of a procedure.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProcedureKey {
    /// The procedure.
    pub code: ProcedureCode,
    /// Its catalogue version (1, 2, …).
    pub version: u32,
}

/// Who instructs a procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Authority {
    /// A prefecture (services des étrangers).
    Prefecture,
    /// The French Office for Immigration and Integration.
    Ofii,
    /// An interregional work-permit platform.
    WorkPermitPlatform,
}

impl Authority {
    /// Every authority.
    pub const ALL: [Self; 3] = [Self::Prefecture, Self::Ofii, Self::WorkPermitPlatform];

    /// The stable code stored and exposed.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Prefecture => "PREFECTURE",
            Self::Ofii => "OFII",
            Self::WorkPermitPlatform => "WORK_PERMIT_PLATFORM",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// An external opinion a procedure needs before the decision (DESIGN.md §3). Stored as catalogue data, so that a
/// procedure gains or loses an opinion by a new catalogue version, not by code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpinionKind {
    /// The opinion of OFII's college of doctors (sick foreigner, CESEDA L.425-9 and R.425-11).
    MedicalCollege,
}

impl OpinionKind {
    /// Every kind of opinion the catalogue knows.
    pub const ALL: [Self; 1] = [Self::MedicalCollege];

    /// The stable code stored and exposed.
    pub const fn code(self) -> &'static str {
        match self {
            Self::MedicalCollege => "OFII_MEDICAL_COLLEGE",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// A label in the two languages of the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// French (the default).
    pub fr: String,
    /// English.
    pub en: String,
}

/// What filing costs, in euro cents, under this version of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fees {
    /// The tax (taxe sur les titres de séjour, CESEDA L.436-1 and following).
    pub tax_cents: u32,
    /// The stamp duty (droit de timbre, L.436-7; naturalisation: CGI art. 958).
    pub stamp_cents: u32,
}

impl Fees {
    /// The total due.
    pub const fn total_cents(&self) -> u32 {
        self.tax_cents + self.stamp_cents
    }
}

/// When a request may be filed (R.431-4 and R.431-5 CESEDA; the VLS-TS validation within three months of entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilingWindow {
    /// A renewal: from `opens_days` to `closes_days` before the current document expires (120 and 60 days).
    BeforeExpiry {
        /// Days before expiry the window opens.
        opens_days: u16,
        /// Days before expiry the window closes (filing later is still possible, but late).
        closes_days: u16,
    },
    /// Within so many days of entry to France (the VLS-TS: 90 days).
    AfterEntry {
        /// Days after entry.
        days: u16,
    },
}

impl FilingWindow {
    /// The stable code of the rule.
    pub const fn code(self) -> &'static str {
        match self {
            Self::BeforeExpiry { .. } => "BEFORE_EXPIRY",
            Self::AfterEntry { .. } => "AFTER_ENTRY",
        }
    }

    /// Whether the procedure renews a document the person holds, whose rights extension certificates keep while a
    /// complete, in-time file awaits decision.
    pub const fn renews_a_document(self) -> bool {
        matches!(self, Self::BeforeExpiry { .. })
    }
}

/// A document the procedure needs, in a situation or always.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequiredDocument {
    /// Its type.
    pub document_type: DocumentType,
    /// What it is, in words.
    pub label: Label,
    /// The situation it is needed in (`HOSTED`, `MARRIED`, `MINOR_CHILDREN`…), or `None` when always needed.
    pub situation: Option<String>,
    /// How recent it must be, in months, when that matters (a proof of address: 3).
    pub max_age_months: Option<u8>,
    /// Whether a document in a foreign language needs a sworn translation.
    pub translation_required: bool,
}

impl RequiredDocument {
    /// Whether it is needed in `situations` (those the person declares).
    pub fn needed_in(&self, situations: &[String]) -> bool {
        self.situation.as_ref().is_none_or(|s| situations.contains(s))
    }
}

/// The residence document a grant produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Produces {
    /// Its kind.
    pub kind: DocumentKind,
    /// Its motive, when it has one.
    pub motive: Option<String>,
    /// Its validity in months.
    pub months: u8,
    /// The work it allows.
    pub work: Work,
}

/// One version of a procedure of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Procedure {
    /// Code and version.
    pub key: ProcedureKey,
    /// First day this version applies.
    pub effective_from: NaiveDate,
    /// First day it no longer applies (exclusive), when superseded.
    pub effective_until: Option<NaiveDate>,
    /// Human name.
    pub label: Label,
    /// The legal basis (CESEDA articles, bilateral agreements).
    pub legal_basis: String,
    /// Who instructs it.
    pub authority: Authority,
    /// Months of silence after which the request is implicitly rejected, when the rule applies.
    pub silence_months: Option<u8>,
    /// What filing costs.
    pub fees: Fees,
    /// The external opinions needed before the decision.
    pub opinions_needed: Vec<OpinionKind>,
    /// When it may be filed, when the law says.
    pub filing_window: Option<FilingWindow>,
    /// The documents it needs.
    pub required_documents: Vec<RequiredDocument>,
    /// The residence document a grant produces, if any.
    pub produces: Option<Produces>,
}

impl Procedure {
    /// Whether this version needs an opinion of `kind`.
    pub fn needs(&self, kind: OpinionKind) -> bool {
        self.opinions_needed.contains(&kind)
    }

    /// The documents needed in `situations`.
    pub fn documents_for<'a>(&'a self, situations: &'a [String]) -> impl Iterator<Item = &'a RequiredDocument> + 'a {
        self.required_documents.iter().filter(move |d| d.needed_in(situations))
    }

    /// Whether it renews a document the person holds (its filing window runs before that document's expiry).
    pub fn renews_a_document(&self) -> bool {
        self.filing_window.is_some_and(FilingWindow::renews_a_document)
    }
}

#[cfg(test)]
mod tests {
    use super::{Authority, Fees, OpinionKind, ProcedureCode};

    #[test]
    fn opinion_codes_round_trip() {
        for kind in OpinionKind::ALL {
            assert_eq!(OpinionKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(OpinionKind::parse("MAYOR_OF_MARS"), None);
    }

    #[test]
    fn codes_are_upper_snake_case() {
        assert!(ProcedureCode::parse("FIRST_PERMIT_STUDENT").is_ok());
        for bad in ["first_permit", "1ST", "AB", "A-B", "ÉTUDIANT", ""] {
            assert!(ProcedureCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn fees_add_up() {
        assert_eq!(Fees { tax_cents: 10_000, stamp_cents: 5_000 }.total_cents(), 15_000);
    }

    #[test]
    fn authority_codes_round_trip() {
        for authority in Authority::ALL {
            assert_eq!(Authority::parse(authority.code()), Some(authority));
        }
    }
}
