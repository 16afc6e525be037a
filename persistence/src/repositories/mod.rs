//! Repositories: the domain's ports implemented with sea-orm, one module per aggregate. Each converts rows to
//! domain types with `TryFrom` (a stored row that breaks an invariant is a storage fault, reported as such) and
//! keeps every write of an aggregate in one transaction.

mod actor_ref;
mod appointment;
mod asylum;
pub(crate) mod dossier;
mod family_reunification;
mod idempotency;
mod integration;
mod journal;
mod keyset;
mod mandate;
mod medical_opinion;
mod message;
pub(crate) mod notification;
mod partner;
mod payment;
pub(crate) mod person;
pub(crate) mod person_profile;
mod procedure;
pub(crate) mod residence_document;
mod return_aid;
mod signing_key;
mod versioned;

pub use appointment::SeaAppointmentRepository;
pub use asylum::SeaAsylumRepository;
pub use dossier::SeaDossierRepository;
pub use family_reunification::SeaFamilyReunificationRepository;
pub use idempotency::{IdempotencyStore, Reservation};
pub use integration::SeaIntegrationRepository;
pub use journal::SeaAccessJournal;
pub use mandate::SeaMandateRepository;
pub use medical_opinion::SeaMedicalOpinionRepository;
pub use message::SeaMessageRepository;
pub use notification::SeaNotificationRepository;
pub use partner::SeaPartnerRepository;
pub use payment::SeaPaymentRepository;
pub use person::SeaPersonRepository;
pub use person_profile::SeaPersonProfileRepository;
pub use procedure::SeaProcedureCatalogue;
pub use residence_document::SeaResidenceDocumentRepository;
pub use return_aid::SeaReturnAidRepository;
pub use signing_key::{SealedPrivateKey, SigningKeyRow, SigningKeyStore};

/// Converts a domain counter (versions, sequences) to its integer column.
fn to_column(value: u32) -> Result<i32, hipe_domain::Error> {
    i32::try_from(value).map_err(|_| hipe_domain::Error::invalid("version", "out of range"))
}

/// Converts an integer column back to a domain counter.
fn from_column(table: &'static str, value: i32) -> Result<u32, hipe_domain::Error> {
    u32::try_from(value).map_err(|_| crate::error::corrupt(table, format!("negative counter {value}")))
}

mod medical_case;
pub use medical_case::SeaMedicalCaseRepository;

mod medical_visit;
pub use medical_visit::SeaMedicalVisitRepository;
