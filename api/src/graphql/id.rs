//! Opaque global ids (Relay): base64url of `Kind:key`. Clients must treat them as opaque; we keep the kind
//! inside so `node(id:)` can dispatch and a dossier id passed where a person id is expected is refused.

use async_graphql::ID;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hipe_domain::appointment::{AppointmentId, SlotId};
use hipe_domain::dossier::DossierId;
use hipe_domain::integration::{CertificationId, IntegrationContractId};
use hipe_domain::mandate::MandateId;
use hipe_domain::message::MessageId;
use hipe_domain::payment::PaymentId;
use hipe_domain::person::PersonId;
use hipe_domain::procedure::{ProcedureCode, ProcedureKey};
use uuid::Uuid;

use super::error::ApiError;

/// The kinds of node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A person.
    Person,
    /// A dossier.
    Dossier,
    /// A catalogue procedure version.
    Procedure,
}

impl Kind {
    const fn prefix(self) -> &'static str {
        match self {
            Self::Person => "Person",
            Self::Dossier => "Dossier",
            Self::Procedure => "Procedure",
        }
    }
}

/// A decoded global id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeRef {
    /// A person.
    Person(PersonId),
    /// A dossier.
    Dossier(DossierId),
    /// A procedure version.
    Procedure(ProcedureKey),
}

fn encode(kind: Kind, key: &str) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{}:{key}", kind.prefix())))
}

/// The global id of a person.
pub fn person(id: PersonId) -> ID {
    encode(Kind::Person, &id.as_uuid().to_string())
}

/// The global id of a dossier.
pub fn dossier(id: DossierId) -> ID {
    encode(Kind::Dossier, &id.as_uuid().to_string())
}

/// The global id of a procedure version.
pub fn procedure(key: &ProcedureKey) -> ID {
    encode(Kind::Procedure, &format!("{}:{}", key.code, key.version))
}

/// The global id of a mandate (not a `Node`: `node(id:)` does not resolve it).
pub fn mandate(id: MandateId) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("Mandate:{}", id.as_uuid())))
}

/// Decodes an id that must be a mandate's.
///
/// # Errors
/// `BAD_USER_INPUT` for any other id.
pub fn mandate_id(id: &ID) -> Result<MandateId, ApiError> {
    let bytes = URL_SAFE_NO_PAD.decode(id.as_str()).map_err(|_| malformed())?;
    let text = String::from_utf8(bytes).map_err(|_| malformed())?;
    match text.split_once(':') {
        Some(("Mandate", key)) => Uuid::parse_str(key).map(MandateId::from_uuid).map_err(|_| malformed()),
        _ => Err(ApiError::bad_input("expected the id of a mandate")),
    }
}

/// The global id of an object that is not a `Node` (`node(id:)` does not resolve it): `Kind:uuid`.
fn typed(kind: &str, id: Uuid) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{kind}:{id}")))
}

/// Decodes an id [`typed`] made for `kind`.
fn typed_id(kind: &str, id: &ID, what: &'static str) -> Result<Uuid, ApiError> {
    let bytes = URL_SAFE_NO_PAD.decode(id.as_str()).map_err(|_| malformed())?;
    let text = String::from_utf8(bytes).map_err(|_| malformed())?;
    match text.split_once(':') {
        Some((prefix, key)) if prefix == kind => Uuid::parse_str(key).map_err(|_| malformed()),
        _ => Err(ApiError::bad_input(format!("expected the id of {what}"))),
    }
}

/// The global id of a supporting document (read through its dossier).
pub fn document(id: hipe_domain::dossier::DocumentId) -> ID {
    typed("SupportingDocument", id.as_uuid())
}

/// Decodes an id that must be a supporting document's.
///
/// # Errors
/// `BAD_USER_INPUT` for any other id.
pub fn document_id(id: &ID) -> Result<hipe_domain::dossier::DocumentId, ApiError> {
    typed_id("SupportingDocument", id, "a supporting document").map(hipe_domain::dossier::DocumentId::from_uuid)
}

/// The global id of a notification.
pub fn notification(id: hipe_domain::notification::NotificationId) -> ID {
    typed("Notification", id.as_uuid())
}

/// Decodes an id that must be a notification's.
///
/// # Errors
/// `BAD_USER_INPUT` for any other id.
pub fn notification_id(id: &ID) -> Result<hipe_domain::notification::NotificationId, ApiError> {
    typed_id("Notification", id, "a notification").map(hipe_domain::notification::NotificationId::from_uuid)
}

/// The global id of an appointment slot.
pub fn slot(id: SlotId) -> ID {
    typed("Slot", id.as_uuid())
}

/// Decodes an id that must be a slot's.
///
/// # Errors
/// `BAD_USER_INPUT` for any other id.
pub fn slot_id(id: &ID) -> Result<SlotId, ApiError> {
    typed_id("Slot", id, "a slot").map(SlotId::from_uuid)
}

/// The global id of an integration contract.
pub fn integration_contract(id: IntegrationContractId) -> ID {
    typed("IntegrationContract", id.as_uuid())
}

/// Decodes an id that must be an integration contract's.
///
/// # Errors
/// `BAD_USER_INPUT` for a malformed id or another type's.
pub fn integration_contract_id(id: &ID) -> Result<IntegrationContractId, ApiError> {
    typed_id("IntegrationContract", id, "an integration contract").map(IntegrationContractId::from_uuid)
}

/// The global id of a certification.
pub fn certification(id: CertificationId) -> ID {
    typed("Certification", id.as_uuid())
}

/// The global id of an appointment.
pub fn appointment(id: AppointmentId) -> ID {
    typed("Appointment", id.as_uuid())
}

/// Decodes an id that must be an appointment's.
///
/// # Errors
/// `BAD_USER_INPUT` for any other id.
pub fn appointment_id(id: &ID) -> Result<AppointmentId, ApiError> {
    typed_id("Appointment", id, "an appointment").map(AppointmentId::from_uuid)
}

/// The global id of a payment.
pub fn payment(id: PaymentId) -> ID {
    typed("Payment", id.as_uuid())
}

/// The global id of a message.
pub fn message(id: MessageId) -> ID {
    typed("Message", id.as_uuid())
}

fn malformed() -> ApiError {
    ApiError::bad_input("malformed id: use an id returned by this API")
}

/// Decodes any global id.
///
/// # Errors
/// `BAD_USER_INPUT` when the text is not an id this API issued.
pub fn decode(id: &ID) -> Result<NodeRef, ApiError> {
    let bytes = URL_SAFE_NO_PAD.decode(id.as_str()).map_err(|_| malformed())?;
    let text = String::from_utf8(bytes).map_err(|_| malformed())?;
    let (kind, key) = text.split_once(':').ok_or_else(malformed)?;
    let uuid = || Uuid::parse_str(key).map_err(|_| malformed());
    match kind {
        "Person" => Ok(NodeRef::Person(PersonId::from_uuid(uuid()?))),
        "Dossier" => Ok(NodeRef::Dossier(DossierId::from_uuid(uuid()?))),
        "Procedure" => {
            let (code, version) = key.rsplit_once(':').ok_or_else(malformed)?;
            Ok(NodeRef::Procedure(ProcedureKey {
                code: ProcedureCode::parse(code).map_err(|_| malformed())?,
                version: version.parse().map_err(|_| malformed())?,
            }))
        }
        _ => Err(malformed()),
    }
}

/// Decodes an id that must be a dossier's.
///
/// # Errors
/// `BAD_USER_INPUT` for any other id.
pub fn dossier_id(id: &ID) -> Result<DossierId, ApiError> {
    match decode(id)? {
        NodeRef::Dossier(id) => Ok(id),
        NodeRef::Person(_) | NodeRef::Procedure(_) => Err(ApiError::bad_input("expected the id of a dossier")),
    }
}

/// Decodes an id that must be a person's.
///
/// # Errors
/// `BAD_USER_INPUT` for any other id.
pub fn person_id(id: &ID) -> Result<PersonId, ApiError> {
    match decode(id)? {
        NodeRef::Person(id) => Ok(id),
        NodeRef::Dossier(_) | NodeRef::Procedure(_) => Err(ApiError::bad_input("expected the id of a person")),
    }
}

/// An opaque cursor over a list ordered by a UUID key.
pub fn cursor(key: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(format!("cursor:{key}"))
}

/// Decodes a cursor.
///
/// # Errors
/// `BAD_USER_INPUT` when it is not a cursor this API issued.
pub fn decode_cursor(text: &str) -> Result<Uuid, ApiError> {
    let invalid = || ApiError::bad_input("malformed cursor: use a cursor returned by this API");
    let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    text.strip_prefix("cursor:").and_then(|key| Uuid::parse_str(key).ok()).ok_or_else(invalid)
}

/// The global id of a medical case (not a `Node`: `node(id:)` answers for it as for any id that names none).
pub fn medical_case(id: hipe_domain::medical::MedicalCaseId) -> ID {
    typed("MedicalCase", id.as_uuid())
}

/// Decodes an id that must be a medical case's.
///
/// # Errors
/// `BAD_USER_INPUT` for a malformed id or another type's.
pub fn medical_case_id(id: &ID) -> Result<hipe_domain::medical::MedicalCaseId, ApiError> {
    typed_id("MedicalCase", id, "a medical case").map(hipe_domain::medical::MedicalCaseId::from_uuid)
}

/// The global id of an asylum file.
pub fn asylum_file(id: hipe_domain::asylum::AsylumFileId) -> ID {
    typed("AsylumFile", id.as_uuid())
}

/// Decodes an id that must be an asylum file's.
///
/// # Errors
/// `BAD_USER_INPUT` for a malformed id or another type's.
pub fn asylum_file_id(id: &ID) -> Result<hipe_domain::asylum::AsylumFileId, ApiError> {
    typed_id("AsylumFile", id, "an asylum file").map(hipe_domain::asylum::AsylumFileId::from_uuid)
}

/// The global id of a medical visit (not a `Node`: it is read through its person only).
pub fn medical_visit(id: hipe_domain::medical::MedicalVisitId) -> ID {
    typed("MedicalVisit", id.as_uuid())
}

/// Decodes an id that must be a medical visit's.
///
/// # Errors
/// [`ApiError::BadUserInput`] when it is not one.
pub fn medical_visit_id(id: &ID) -> Result<hipe_domain::medical::MedicalVisitId, ApiError> {
    typed_id("MedicalVisit", id, "a medical visit").map(hipe_domain::medical::MedicalVisitId::from_uuid)
}

/// The global id of a return-aid file.
pub fn return_aid_file(id: hipe_domain::return_aid::ReturnAidFileId) -> ID {
    typed("ReturnAidFile", id.as_uuid())
}

/// Decodes an id that must be a return-aid file's.
///
/// # Errors
/// [`ApiError::BadUserInput`] when it is not one.
pub fn return_aid_file_id(id: &ID) -> Result<hipe_domain::return_aid::ReturnAidFileId, ApiError> {
    typed_id("ReturnAidFile", id, "a return-aid file").map(hipe_domain::return_aid::ReturnAidFileId::from_uuid)
}

#[cfg(test)]
mod tests {
    use async_graphql::ID;
    use hipe_domain::dossier::DossierId;
    use uuid::Uuid;

    use super::{NodeRef, decode, decode_cursor, dossier, dossier_id, person_id};

    #[test]
    fn ids_round_trip_and_keep_their_kind() {
        let id = DossierId::from_uuid(Uuid::now_v7());
        assert_eq!(decode(&dossier(id)).expect("decodes"), NodeRef::Dossier(id));
        assert_eq!(dossier_id(&dossier(id)).expect("a dossier id"), id);
        assert!(person_id(&dossier(id)).is_err());
    }

    #[test]
    fn foreign_text_is_refused() {
        for bad in ["", "abc", "RG9zc2llcjp4", "UGV0OjE", "%%%"] {
            assert!(decode(&ID(bad.to_owned())).is_err(), "{bad}");
        }
        assert!(decode_cursor("nope").is_err());
    }
}
