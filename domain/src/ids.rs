//! Fresh identifiers come from outside the domain (like time): the API draws them from the operating system's
//! randomness; tests may draw them deterministically.

use crate::appointment::{AppointmentId, SlotId};
use crate::dossier::{DocumentId, DocumentRequestId, DossierId, DossierReference};
use crate::integration::{CertificationId, IntegrationContractId};
use crate::journal::AccessId;
use crate::mandate::MandateId;
use crate::message::MessageId;
use crate::notification::NotificationId;
use crate::payment::PaymentId;
use crate::permit::{DocumentNumber, ResidenceDocumentId};

/// A source of new identifiers.
pub trait IdSource: Send + Sync {
    /// A new dossier id (UUID v7) and a new reference for a dossier created in `year`.
    fn dossier(&self, year: i32) -> (DossierId, DossierReference);

    /// A new journal entry id (UUID v7).
    fn access(&self) -> AccessId;

    /// A new mandate id (UUID v7).
    fn mandate(&self) -> MandateId;

    /// A new supporting document id (UUID v7).
    fn document(&self) -> DocumentId;

    /// A new request for documents id (UUID v7).
    fn document_request(&self) -> DocumentRequestId;

    /// A new notification id (UUID v7).
    fn notification(&self) -> NotificationId;

    /// A new residence document id (UUID v7) and the number printed on it.
    fn residence_document(&self) -> (ResidenceDocumentId, DocumentNumber);
    /// A new appointment slot id (UUID v7).
    fn slot(&self) -> SlotId;

    /// A new appointment id (UUID v7).
    fn appointment(&self) -> AppointmentId;

    /// A new payment id (UUID v7).
    fn payment(&self) -> PaymentId;

    /// A new message id (UUID v7).
    fn message(&self) -> MessageId;

    /// A new integration contract id (UUID v7).
    fn integration_contract(&self) -> IntegrationContractId;

    /// A new certification id (UUID v7).
    fn certification(&self) -> CertificationId;

    /// A new medical case id (UUID v7).
    fn medical_case(&self) -> crate::medical::MedicalCaseId;
    /// A new asylum file id (UUID v7).
    fn asylum_file(&self) -> crate::asylum::AsylumFileId;

    /// A new medical visit id (UUID v7).
    fn medical_visit(&self) -> crate::medical::MedicalVisitId;

    /// A new return-aid file id (UUID v7).
    fn return_aid_file(&self) -> crate::return_aid::ReturnAidFileId;
}
