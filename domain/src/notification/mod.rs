//! Notifications to the person: an i18n key and its parameters, never a rendered sentence, so that every front
//! end words them in the person's language. Written in the same transaction as the event they announce, so a
//! person is never told of something that did not happen, nor left untold of something that did.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::Result;
use crate::dossier::{DossierEvent, DossierEventKind, DossierId};
use crate::pagination::{Page, PageRequest};
use crate::person::PersonId;

/// A notification's id (UUID v7: ordering by id is ordering by creation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NotificationId(Uuid);

impl NotificationId {
    /// Wraps a UUID minted by the caller.
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The underlying UUID.
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

/// Something the person is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Id.
    pub id: NotificationId,
    /// Who is told.
    pub person: PersonId,
    /// The dossier it is about, when it is about one.
    pub dossier: Option<DossierId>,
    /// The i18n key (`dossier.submitted`).
    pub key: String,
    /// The parameters of the message, by name.
    pub params: Vec<(String, String)>,
    /// When.
    pub created_at: DateTime<Utc>,
    /// When the person read it.
    pub read_at: Option<DateTime<Utc>>,
}

impl Notification {
    /// A new, unread notification of `person` about no dossier in particular (an asylum certificate, a return-aid
    /// decision): the i18n `key` and its parameters by name.
    pub fn about_person(
        id: NotificationId,
        person: PersonId,
        key: &str,
        params: Vec<(&str, String)>,
        at: DateTime<Utc>,
    ) -> Self {
        Self {
            id,
            person,
            dossier: None,
            key: key.to_owned(),
            params: params.into_iter().map(|(name, value)| (name.to_owned(), value)).collect(),
            created_at: at,
            read_at: None,
        }
    }
}

/// The i18n key announcing `event` to the person, for the events they must hear of.
pub const fn key_for(kind: DossierEventKind) -> Option<&'static str> {
    use DossierEventKind as K;
    match kind {
        K::DepositCertificateIssued => Some("dossier.depositCertificateIssued"),
        K::DocumentsRequested => Some("dossier.documentsRequested"),
        K::DocumentReviewed => Some("dossier.documentReviewed"),
        K::DeclaredComplete => Some("dossier.declaredComplete"),
        K::Granted => Some("dossier.granted"),
        K::Refused => Some("dossier.refused"),
        K::ImplicitlyRefused => Some("dossier.implicitlyRefused"),
        K::ExtensionCertificateIssued => Some("dossier.extensionCertificateIssued"),
        K::ReasonsCommunicated => Some("dossier.reasonsCommunicated"),
        K::PermitAvailable => Some("dossier.permitAvailable"),
        K::Started
        | K::Filled
        | K::Submitted
        | K::Amended
        | K::DocumentAdded
        | K::DocumentsProvided
        | K::ReviewStarted
        | K::OpinionRequested
        | K::OpinionReceived
        | K::Assigned
        | K::PriorityFlagged
        | K::ReasonsRequested
        | K::PermitOrdered
        | K::PermitDelivered
        | K::Withdrawn => None,
    }
}

/// The notification announcing `event` to `person`, if it is one they must hear of; its parameters are the
/// dossier's reference and the event's details.
pub fn for_event(id: NotificationId, person: PersonId, reference: &str, event: &DossierEvent) -> Option<Notification> {
    let key = key_for(event.kind)?;
    let mut params = vec![("reference".to_owned(), reference.to_owned())];
    params.extend(event.details.iter().filter(|(name, _)| name != "legalBasis").cloned());
    Some(Notification {
        id,
        person,
        dossier: Some(event.dossier),
        key: key.to_owned(),
        params,
        created_at: event.at,
        read_at: None,
    })
}

/// The notification telling the holder of `document` that its renewal window is open, from `opens_on` to
/// `closes_on` (the last day to file on time; filing later loses the extension certificates' cover).
pub fn renewal_window_opened(
    id: NotificationId,
    document: &crate::permit::ResidenceDocument,
    opens_on: chrono::NaiveDate,
    closes_on: chrono::NaiveDate,
    at: DateTime<Utc>,
) -> Notification {
    Notification {
        id,
        person: document.holder(),
        dossier: None,
        key: "permit.renewalWindowOpened".to_owned(),
        params: vec![
            ("number".to_owned(), document.number().as_str().to_owned()),
            ("validUntil".to_owned(), document.valid_until().to_string()),
            ("opensOn".to_owned(), opens_on.to_string()),
            ("closesOn".to_owned(), closes_on.to_string()),
        ],
        created_at: at,
        read_at: None,
    }
}

/// Stores and lists notifications (they are written with the dossier changes that cause them).
#[async_trait]
pub trait NotificationRepository: Send + Sync {
    /// A page of a person's notifications, newest first.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn list_for_person(
        &self,
        person: PersonId,
        unread_only: bool,
        page: &PageRequest<NotificationId>,
    ) -> Result<Page<Notification>>;

    /// Marks the person's notifications read up to and including `up_to`; returns how many changed.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn mark_read(&self, person: PersonId, up_to: NotificationId, at: DateTime<Utc>) -> Result<u64>;
}
