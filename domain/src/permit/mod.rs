//! Residence documents — the permit and every provisional document a person holds — and the right to stay and to
//! work computed from them (DESIGN.md §3).
//!
//! Each [`ResidenceDocument`] carries its **explicit rights** (stay; work: none, full, or limited to so many hours a
//! year), so a provisional document says itself what it allows — the complaint "the récépissé does not say I may
//! work" (domain research §4 #7) cannot happen. The right on a given day is **computed, never stored**
//! ([`right::right_on`]): an expired card plus a valid extension certificate is lawful stay with the work right the
//! certificate carries; a deposit certificate alone never is (CESEDA R.431-15-1). Partners get only that computed
//! answer ([`verify`]). Statuses follow the document's life: produced, available for handover, valid (handed over
//! or made available, in force between its dates), then expired, withdrawn, declared lost or stolen, or replaced.
//!
//! Minimal on purpose: issuing documents from dossier decisions, automatic renewal of extension certificates and
//! the handover workflow come with the issues that need them; the kinds and statuses here are their vocabulary.

mod number;
mod repository;
pub mod right;
pub mod verify;

use chrono::{DateTime, Months, NaiveDate, Utc};
use uuid::Uuid;

pub use number::DocumentNumber;
pub use repository::ResidenceDocumentRepository;
pub use right::{StayRight, right_on};

use crate::Error;
use crate::person::PersonId;

/// A residence document's internal identifier (UUID v7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResidenceDocumentId(Uuid);

impl ResidenceDocumentId {
    /// Wraps a UUID minted by the caller.
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The underlying UUID.
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

/// What kind of document it is (domain research §2.4). Permits and provisional documents alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocumentKind {
    /// Long-stay visa equivalent to a residence permit, once validated (VLS-TS).
    VlsTs,
    /// Temporary residence card, one year at most (carte de séjour temporaire, CST).
    TemporaryPermit,
    /// Multi-year residence card, up to four years (carte de séjour pluriannuelle, CSP).
    MultiYearPermit,
    /// Resident card, ten years (carte de résident).
    ResidentCard,
    /// Residence certificate of the 1968 Franco-Algerian agreement.
    AlgerianResidenceCertificate,
    /// Deposit certificate, issued on every online filing (attestation de dépôt). Never proves lawful stay.
    DepositCertificate,
    /// Extension certificate while a complete, in-time request is instructed (attestation de prolongation
    /// d'instruction, API): at most three months, renewed until the decision.
    ExtensionCertificate,
    /// Certificate of a favourable decision pending the card's handover (attestation de décision favorable, ADF).
    FavourableDecisionCertificate,
    /// Receipt of a request filed on paper (récépissé).
    Receipt,
    /// Asylum seeker certificate (attestation de demande d'asile, ATDA).
    AsylumSeekerCertificate,
    /// Provisional residence authorisation (autorisation provisoire de séjour, APS).
    ProvisionalAuthorisation,
}

impl DocumentKind {
    /// Every kind.
    pub const ALL: [Self; 11] = [
        Self::VlsTs,
        Self::TemporaryPermit,
        Self::MultiYearPermit,
        Self::ResidentCard,
        Self::AlgerianResidenceCertificate,
        Self::DepositCertificate,
        Self::ExtensionCertificate,
        Self::FavourableDecisionCertificate,
        Self::Receipt,
        Self::AsylumSeekerCertificate,
        Self::ProvisionalAuthorisation,
    ];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::VlsTs => "VLS_TS",
            Self::TemporaryPermit => "TEMPORARY_PERMIT",
            Self::MultiYearPermit => "MULTI_YEAR_PERMIT",
            Self::ResidentCard => "RESIDENT_CARD",
            Self::AlgerianResidenceCertificate => "ALGERIAN_RESIDENCE_CERTIFICATE",
            Self::DepositCertificate => "DEPOSIT_CERTIFICATE",
            Self::ExtensionCertificate => "EXTENSION_CERTIFICATE",
            Self::FavourableDecisionCertificate => "FAVOURABLE_DECISION_CERTIFICATE",
            Self::Receipt => "RECEIPT",
            Self::AsylumSeekerCertificate => "ASYLUM_SEEKER_CERTIFICATE",
            Self::ProvisionalAuthorisation => "PROVISIONAL_AUTHORISATION",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The longest validity the law allows this kind, when it sets one: three months for an extension
    /// certificate (R.431-15-1).
    pub const fn max_validity(self) -> Option<Months> {
        match self {
            Self::ExtensionCertificate => Some(Months::new(3)),
            Self::VlsTs
            | Self::TemporaryPermit
            | Self::MultiYearPermit
            | Self::ResidentCard
            | Self::AlgerianResidenceCertificate
            | Self::DepositCertificate
            | Self::FavourableDecisionCertificate
            | Self::Receipt
            | Self::AsylumSeekerCertificate
            | Self::ProvisionalAuthorisation => None,
        }
    }

    /// Whether a document of this kind is renewed by a renewal request filed in its window (120 to 60 days before
    /// it ends): the permits, not the provisional documents.
    pub const fn is_renewable(self) -> bool {
        matches!(
            self,
            Self::TemporaryPermit | Self::MultiYearPermit | Self::ResidentCard | Self::AlgerianResidenceCertificate
        )
    }

    /// Whether a document of this kind may prove lawful stay at all: not a deposit certificate, which "does not
    /// prove the lawfulness of stay" (R.431-15-1).
    pub const fn may_prove_stay(self) -> bool {
        !matches!(self, Self::DepositCertificate)
    }
}

/// The motive (mention) of a document, as a catalogue code (`STUDENT`, `EMPLOYEE`, `PRIVATE_AND_FAMILY_LIFE`…):
/// data, not a closed enum, like procedure codes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Motive(String);

impl Motive {
    /// Parses a motive code: 3 to 64 characters among `A`–`Z`, `0`–`9` and `_`, starting with a letter.
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
            Err(Error::invalid("motive", "expected a code such as STUDENT or PRIVATE_AND_FAMILY_LIFE"))
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The work a document allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Work {
    /// No work (a visitor; an asylum seeker before any work authorisation).
    None,
    /// Any work.
    Full,
    /// Work limited to so many hours a year (students: 964 hours, 60 % of the legal working year).
    Limited {
        /// The yearly ceiling, at least 1.
        hours_per_year: u16,
    },
}

impl Work {
    /// Whether any work is allowed.
    pub const fn allowed(self) -> bool {
        !matches!(self, Self::None)
    }

    /// The yearly ceiling, when there is one.
    pub const fn hours_per_year(self) -> Option<u16> {
        match self {
            Self::Limited { hours_per_year } => Some(hours_per_year),
            Self::None | Self::Full => None,
        }
    }

    /// How much work it allows, to compare two documents: none < limited (by hours) < full.
    pub fn extent(self) -> u32 {
        match self {
            Self::None => 0,
            Self::Limited { hours_per_year } => u32::from(hours_per_year),
            Self::Full => u32::MAX,
        }
    }
}

/// What a document explicitly allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rights {
    /// Whether it proves lawful stay while valid.
    pub stay: bool,
    /// The work it allows.
    pub work: Work,
}

/// Where a document is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentStatus {
    /// Being manufactured.
    Produced,
    /// Ready for handover at the prefecture.
    Available,
    /// Handed over (or made available online, for provisional documents); in force between its dates.
    Valid,
    /// Recorded as past its validity.
    Expired,
    /// Withdrawn by a decision.
    Withdrawn,
    /// Declared lost or stolen.
    Lost,
    /// Replaced by a new document (renewal, duplicate, change of situation).
    Replaced,
}

impl DocumentStatus {
    /// Every status.
    pub const ALL: [Self; 7] =
        [Self::Produced, Self::Available, Self::Valid, Self::Expired, Self::Withdrawn, Self::Lost, Self::Replaced];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Produced => "PRODUCED",
            Self::Available => "AVAILABLE",
            Self::Valid => "VALID",
            Self::Expired => "EXPIRED",
            Self::Withdrawn => "WITHDRAWN",
            Self::Lost => "LOST",
            Self::Replaced => "REPLACED",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether whoever shows this document proves nothing with it, whatever its dates: it was withdrawn, declared
    /// lost or stolen, or replaced — it may be in the wrong hands.
    pub const fn is_void(self) -> bool {
        match self {
            Self::Withdrawn | Self::Lost | Self::Replaced => true,
            Self::Produced | Self::Available | Self::Valid | Self::Expired => false,
        }
    }
}

/// The parts of a residence document; [`ResidenceDocument::new`] checks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentParts {
    /// Id.
    pub id: ResidenceDocumentId,
    /// The number printed on it.
    pub number: DocumentNumber,
    /// Its holder.
    pub holder: PersonId,
    /// Its kind.
    pub kind: DocumentKind,
    /// Its motive, when it has one (a resident card has none).
    pub motive: Option<Motive>,
    /// First day of validity.
    pub valid_from: NaiveDate,
    /// Last day of validity (inclusive).
    pub valid_until: NaiveDate,
    /// What it allows.
    pub rights: Rights,
    /// Where it is in its life.
    pub status: DocumentStatus,
    /// When HIPE recorded it.
    pub created_at: DateTime<Utc>,
}

/// A document a person holds (or held).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidenceDocument(DocumentParts);

impl ResidenceDocument {
    /// Checks the invariants: a validity that ends after it starts and within the kind's legal maximum; work only
    /// with stay; a deposit certificate never proving stay; a limited work right of at least one hour a year.
    /// Stored documents are rehydrated through the same checks.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the part at fault.
    pub fn new(parts: DocumentParts) -> Result<Self, Error> {
        if parts.valid_until < parts.valid_from {
            return Err(Error::invalid("validUntil", "a document cannot end before it starts"));
        }
        if let Some(max) = parts.kind.max_validity()
            && parts.valid_from.checked_add_months(max).is_none_or(|limit| parts.valid_until > limit)
        {
            return Err(Error::invalid(
                "validUntil",
                format!("a {} is valid {} months at most", parts.kind.code(), max.as_u32()),
            ));
        }
        if parts.rights.stay && !parts.kind.may_prove_stay() {
            return Err(Error::invalid("rights", "a deposit certificate does not prove lawful stay (R.431-15-1)"));
        }
        if parts.rights.work.allowed() && !parts.rights.stay {
            return Err(Error::invalid("rights", "a document that does not prove stay cannot allow work"));
        }
        if parts.rights.work == (Work::Limited { hours_per_year: 0 }) {
            return Err(Error::invalid("rights", "a limited work right allows at least one hour a year"));
        }
        Ok(Self(parts))
    }

    /// Rehydrates a stored document (same checks as [`ResidenceDocument::new`]).
    ///
    /// # Errors
    /// As [`ResidenceDocument::new`].
    pub fn restore(parts: DocumentParts) -> Result<Self, Error> {
        Self::new(parts)
    }

    /// Id.
    pub const fn id(&self) -> ResidenceDocumentId {
        self.0.id
    }

    /// The number printed on it.
    pub const fn number(&self) -> &DocumentNumber {
        &self.0.number
    }

    /// Its holder.
    pub const fn holder(&self) -> PersonId {
        self.0.holder
    }

    /// Its kind.
    pub const fn kind(&self) -> DocumentKind {
        self.0.kind
    }

    /// Its motive.
    pub const fn motive(&self) -> Option<&Motive> {
        self.0.motive.as_ref()
    }

    /// First day of validity.
    pub const fn valid_from(&self) -> NaiveDate {
        self.0.valid_from
    }

    /// Last day of validity (inclusive).
    pub const fn valid_until(&self) -> NaiveDate {
        self.0.valid_until
    }

    /// What it allows.
    pub const fn rights(&self) -> Rights {
        self.0.rights
    }

    /// Where it is in its life.
    pub const fn status(&self) -> DocumentStatus {
        self.0.status
    }

    /// When HIPE recorded it.
    pub const fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// Whether it is in force on `day`: valid (handed over, not withdrawn, lost or replaced) and within its dates.
    pub fn is_in_force_on(&self, day: NaiveDate) -> bool {
        self.0.status == DocumentStatus::Valid && self.0.valid_from <= day && day <= self.0.valid_until
    }

    /// Whether it proves lawful stay on `day`.
    pub fn proves_stay_on(&self, day: NaiveDate) -> bool {
        self.0.rights.stay && self.is_in_force_on(day)
    }
}

#[cfg(test)]
pub(crate) mod tests;
