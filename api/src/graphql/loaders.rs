//! DataLoaders: every relation resolver goes through one, so the number of SQL statements of a request depends
//! on the shape of the query, not on how many rows it returns. A fresh set is made per request: no cached row
//! ever crosses from one user to another.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_graphql::dataloader::{DataLoader, Loader};
use hipe_domain::appointment::{Appointment, AppointmentRepository, Slot, SlotId};
use hipe_domain::dossier::{DossierEvent, DossierId, DossierRepository};
use hipe_domain::medical::{MedicalOpinion, MedicalOpinionRepository};
use hipe_domain::message::{Message, MessageRepository};
use hipe_domain::payment::{Payment, PaymentRepository};
use hipe_domain::person::{Person, PersonId, PersonRepository};
use hipe_domain::procedure::{Procedure, ProcedureCatalogue, ProcedureKey};

use super::context::Services;

/// Loader errors must be `Clone`; the domain error is shared behind an `Arc`.
pub type LoadError = Arc<hipe_domain::Error>;

/// The batching window. Zero breaks batching (measured: throughput fell fourfold); a millisecond lets every
/// sibling resolver enqueue its key.
const BATCH_DELAY: Duration = Duration::from_millis(1);

/// Persons by id.
pub struct PersonLoader(Arc<dyn PersonRepository>);

impl Loader<PersonId> for PersonLoader {
    type Value = Person;
    type Error = LoadError;

    async fn load(&self, keys: &[PersonId]) -> Result<HashMap<PersonId, Person>, LoadError> {
        let persons = self.0.find_many(keys).await.map_err(Arc::new)?;
        Ok(persons.into_iter().map(|p| (p.id(), p)).collect())
    }
}

/// Catalogue versions by key.
pub struct ProcedureLoader(Arc<dyn ProcedureCatalogue>);

impl Loader<ProcedureKey> for ProcedureLoader {
    type Value = Procedure;
    type Error = LoadError;

    async fn load(&self, keys: &[ProcedureKey]) -> Result<HashMap<ProcedureKey, Procedure>, LoadError> {
        let procedures = self.0.find_many(keys).await.map_err(Arc::new)?;
        Ok(procedures.into_iter().map(|p| (p.key.clone(), p)).collect())
    }
}

/// Dossier timelines by dossier id.
pub struct TimelineLoader(Arc<dyn DossierRepository>);

impl Loader<DossierId> for TimelineLoader {
    type Value = Vec<DossierEvent>;
    type Error = LoadError;

    async fn load(&self, keys: &[DossierId]) -> Result<HashMap<DossierId, Vec<DossierEvent>>, LoadError> {
        let events = self.0.events_of(keys).await.map_err(Arc::new)?;
        let mut timelines: HashMap<DossierId, Vec<DossierEvent>> = keys.iter().map(|k| (*k, Vec::new())).collect();
        for event in events {
            timelines.entry(event.dossier).or_default().push(event);
        }
        Ok(timelines)
    }
}

/// The college's opinions by dossier id (a dossier without one is absent).
pub struct MedicalOpinionLoader(Arc<dyn MedicalOpinionRepository>);

impl Loader<DossierId> for MedicalOpinionLoader {
    type Value = MedicalOpinion;
    type Error = LoadError;

    async fn load(&self, keys: &[DossierId]) -> Result<HashMap<DossierId, MedicalOpinion>, LoadError> {
        let opinions = self.0.find_many(keys).await.map_err(Arc::new)?;
        Ok(opinions.into_iter().map(|o| (o.dossier(), o)).collect())
    }
}

/// Slots by id (an appointment's slot).
pub struct SlotLoader(Arc<dyn AppointmentRepository>);

impl Loader<SlotId> for SlotLoader {
    type Value = Slot;
    type Error = LoadError;

    async fn load(&self, keys: &[SlotId]) -> Result<HashMap<SlotId, Slot>, LoadError> {
        let slots = self.0.find_slots(keys).await.map_err(Arc::new)?;
        Ok(slots.into_iter().map(|s| (s.id(), s)).collect())
    }
}

/// The appointments of each dossier, by start.
pub struct DossierAppointmentsLoader(Arc<dyn AppointmentRepository>);

impl Loader<DossierId> for DossierAppointmentsLoader {
    type Value = Vec<Appointment>;
    type Error = LoadError;

    async fn load(&self, keys: &[DossierId]) -> Result<HashMap<DossierId, Vec<Appointment>>, LoadError> {
        let found = self.0.of_dossiers(keys).await.map_err(Arc::new)?;
        Ok(group(keys, found, Appointment::dossier))
    }
}

/// The tax-stamp payments of each dossier, oldest first.
pub struct PaymentsLoader(Arc<dyn PaymentRepository>);

impl Loader<DossierId> for PaymentsLoader {
    type Value = Vec<Payment>;
    type Error = LoadError;

    async fn load(&self, keys: &[DossierId]) -> Result<HashMap<DossierId, Vec<Payment>>, LoadError> {
        let found = self.0.of_dossiers(keys).await.map_err(Arc::new)?;
        Ok(group(keys, found, |p| Some(p.dossier())))
    }
}

/// The message thread of each dossier, oldest first.
pub struct MessagesLoader(Arc<dyn MessageRepository>);

impl Loader<DossierId> for MessagesLoader {
    type Value = Vec<Message>;
    type Error = LoadError;

    async fn load(&self, keys: &[DossierId]) -> Result<HashMap<DossierId, Vec<Message>>, LoadError> {
        let found = self.0.of_dossiers(keys).await.map_err(Arc::new)?;
        Ok(group(keys, found, |m| Some(m.dossier())))
    }
}

/// Groups `items` by dossier, in their order, with an empty list for every key that has none.
fn group<T>(
    keys: &[DossierId],
    items: Vec<T>,
    dossier: impl Fn(&T) -> Option<DossierId>,
) -> HashMap<DossierId, Vec<T>> {
    let mut grouped: HashMap<DossierId, Vec<T>> = keys.iter().map(|k| (*k, Vec::new())).collect();
    for item in items {
        if let Some(key) = dossier(&item) {
            grouped.entry(key).or_default().push(item);
        }
    }
    grouped
}

/// The loaders of one request.
pub struct Loaders {
    /// Persons.
    pub persons: DataLoader<PersonLoader>,
    /// Procedures.
    pub procedures: DataLoader<ProcedureLoader>,
    /// Timelines.
    pub timelines: DataLoader<TimelineLoader>,
    /// The college's opinions.
    pub medical_opinions: DataLoader<MedicalOpinionLoader>,
    /// Slots.
    pub slots: DataLoader<SlotLoader>,
    /// Appointments by dossier.
    pub dossier_appointments: DataLoader<DossierAppointmentsLoader>,
    /// Payments by dossier.
    pub payments: DataLoader<PaymentsLoader>,
    /// Messages by dossier.
    pub messages: DataLoader<MessagesLoader>,
}

impl Loaders {
    /// Fresh loaders over `services`.
    pub fn new(services: &Services) -> Self {
        Self {
            persons: DataLoader::new(PersonLoader(services.persons.clone()), tokio::spawn).delay(BATCH_DELAY),
            procedures: DataLoader::new(ProcedureLoader(services.catalogue.clone()), tokio::spawn).delay(BATCH_DELAY),
            timelines: DataLoader::new(TimelineLoader(services.dossiers.clone()), tokio::spawn).delay(BATCH_DELAY),
            medical_opinions: DataLoader::new(MedicalOpinionLoader(services.medical_opinions.clone()), tokio::spawn)
                .delay(BATCH_DELAY),
            slots: DataLoader::new(SlotLoader(services.appointments.clone()), tokio::spawn).delay(BATCH_DELAY),
            dossier_appointments: DataLoader::new(
                DossierAppointmentsLoader(services.appointments.clone()),
                tokio::spawn,
            )
            .delay(BATCH_DELAY),
            payments: DataLoader::new(PaymentsLoader(services.payments.clone()), tokio::spawn).delay(BATCH_DELAY),
            messages: DataLoader::new(MessagesLoader(services.messages.clone()), tokio::spawn).delay(BATCH_DELAY),
        }
    }
}

/// Converts a loader failure into a resolver error.
pub fn load_error(error: &LoadError) -> async_graphql::Error {
    let message = error.to_string();
    super::error::ApiError::Internal(message.into()).into()
}
