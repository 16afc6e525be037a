//! DataLoaders: every relation resolver goes through one, so the number of SQL statements of a request depends
//! on the shape of the query, not on how many rows it returns. A fresh set is made per request: no cached row
//! ever crosses from one user to another.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use futures_util::future::BoxFuture;
use futures_util::stream::{FuturesUnordered, StreamExt as _};

use async_graphql::dataloader::{DataLoader, Loader};
use hipe_domain::dossier::{Decision, DocumentRequest, DossierEvent, DossierId, DossierRepository, SupportingDocument};
use hipe_domain::medical::{MedicalOpinion, MedicalOpinionRepository};
use hipe_domain::permit::{ResidenceDocument, ResidenceDocumentRepository};
use hipe_domain::person::address::Address;
use hipe_domain::person::family::FamilyLink;
use hipe_domain::person::identity_record::IdentityRecord;
use hipe_domain::person::{Person, PersonId, PersonProfileRepository, PersonRepository};
use hipe_domain::procedure::{Procedure, ProcedureCatalogue, ProcedureKey};

use super::context::Services;

/// Loader errors must be `Clone`; the domain error is shared behind an `Arc`.
pub type LoadError = Arc<hipe_domain::Error>;

/// The batching window of loaders whose batches run on their own tokio task ([`Loaders::new`]). Zero breaks batching
/// there (measured: throughput fell fourfold): the batch may start on another worker before the siblings enqueue
/// their keys. A millisecond is not a guarantee either — a page of 100 whose resolvers take longer to poll than
/// that is split into several batches — which is why requests use [`Loaders::driven`].
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

/// Groups `items` by `key`, with an empty group for every asked key that has none.
fn group<K: std::hash::Hash + Eq + Copy, T>(keys: &[K], items: Vec<T>, key: impl Fn(&T) -> K) -> HashMap<K, Vec<T>> {
    let mut groups: HashMap<K, Vec<T>> = keys.iter().map(|k| (*k, Vec::new())).collect();
    for item in items {
        groups.entry(key(&item)).or_default().push(item);
    }
    groups
}

/// Supporting documents by dossier id, every version, oldest first.
pub struct DocumentLoader(Arc<dyn DossierRepository>);

impl Loader<DossierId> for DocumentLoader {
    type Value = Vec<SupportingDocument>;
    type Error = LoadError;

    async fn load(&self, keys: &[DossierId]) -> Result<HashMap<DossierId, Vec<SupportingDocument>>, LoadError> {
        Ok(group(keys, self.0.documents_of(keys).await.map_err(Arc::new)?, |d| d.dossier))
    }
}

/// Requests for documents by dossier id, oldest first.
pub struct RequestLoader(Arc<dyn DossierRepository>);

impl Loader<DossierId> for RequestLoader {
    type Value = Vec<DocumentRequest>;
    type Error = LoadError;

    async fn load(&self, keys: &[DossierId]) -> Result<HashMap<DossierId, Vec<DocumentRequest>>, LoadError> {
        Ok(group(keys, self.0.requests_of(keys).await.map_err(Arc::new)?, |r| r.dossier))
    }
}

/// Decisions by dossier id (a dossier without one is absent).
pub struct DecisionLoader(Arc<dyn DossierRepository>);

impl Loader<DossierId> for DecisionLoader {
    type Value = Decision;
    type Error = LoadError;

    async fn load(&self, keys: &[DossierId]) -> Result<HashMap<DossierId, Decision>, LoadError> {
        let decisions = self.0.decisions_of(keys).await.map_err(Arc::new)?;
        Ok(decisions.into_iter().map(|d| (d.dossier, d)).collect())
    }
}

/// Residence documents by holder, oldest first.
pub struct ResidenceDocumentLoader(Arc<dyn ResidenceDocumentRepository>);

impl Loader<PersonId> for ResidenceDocumentLoader {
    type Value = Vec<ResidenceDocument>;
    type Error = LoadError;

    async fn load(&self, keys: &[PersonId]) -> Result<HashMap<PersonId, Vec<ResidenceDocument>>, LoadError> {
        Ok(group(keys, self.0.list_for_persons(keys).await.map_err(Arc::new)?, ResidenceDocument::holder))
    }
}

/// Persons' identity records, oldest first, by person id.
pub struct IdentityRecordLoader(Arc<dyn PersonProfileRepository>);

impl Loader<PersonId> for IdentityRecordLoader {
    type Value = Vec<IdentityRecord>;
    type Error = LoadError;

    async fn load(&self, keys: &[PersonId]) -> Result<HashMap<PersonId, Vec<IdentityRecord>>, LoadError> {
        let records = self.0.identity_records_of(keys).await.map_err(Arc::new)?;
        Ok(group(keys, records, IdentityRecord::person))
    }
}

/// Persons' address histories, by person id.
pub struct AddressLoader(Arc<dyn PersonProfileRepository>);

impl Loader<PersonId> for AddressLoader {
    type Value = Vec<Address>;
    type Error = LoadError;

    async fn load(&self, keys: &[PersonId]) -> Result<HashMap<PersonId, Vec<Address>>, LoadError> {
        let addresses = self.0.addresses_of(keys).await.map_err(Arc::new)?;
        Ok(group(keys, addresses, Address::person))
    }
}

/// Persons' family links, by person id.
pub struct FamilyLinkLoader(Arc<dyn PersonProfileRepository>);

impl Loader<PersonId> for FamilyLinkLoader {
    type Value = Vec<FamilyLink>;
    type Error = LoadError;

    async fn load(&self, keys: &[PersonId]) -> Result<HashMap<PersonId, Vec<FamilyLink>>, LoadError> {
        let links = self.0.family_links_of(keys).await.map_err(Arc::new)?;
        Ok(group(keys, links, FamilyLink::person))
    }
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
    /// Supporting documents.
    pub documents: DataLoader<DocumentLoader>,
    /// Requests for documents.
    pub requests: DataLoader<RequestLoader>,
    /// Decisions.
    pub decisions: DataLoader<DecisionLoader>,
    /// Residence documents.
    pub residence_documents: DataLoader<ResidenceDocumentLoader>,
    /// Persons' identity records.
    pub identity_records: DataLoader<IdentityRecordLoader>,
    /// Persons' address histories.
    pub addresses: DataLoader<AddressLoader>,
    /// Persons' family links.
    pub family_links: DataLoader<FamilyLinkLoader>,
}

impl Loaders {
    /// Fresh loaders over `services` whose batches run on the request's own task, driven by the returned
    /// [`LoadDriver`] around the execution (`driver.drive(schema.execute(request))`).
    ///
    /// Why: a batch then starts only once the executor has polled every sibling resolver of the current level and
    /// they all wait — so every key of a level is in one batch, whatever the machine's speed or load, and a page
    /// of 100 costs the statements of a page of 10 (the statement-count tests assert it). No timer is needed: the
    /// batch starts at once, which also removes the batching window's latency at each level.
    pub fn driven(services: &Services) -> (Self, LoadDriver) {
        let driver = LoadDriver::default();
        let spawner = || {
            let queue = driver.queue.clone();
            move |task: BoxFuture<'static, ()>| {
                queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(task);
            }
        };
        let loaders = Self {
            persons: DataLoader::new(PersonLoader(services.persons.clone()), spawner()).delay(Duration::ZERO),
            procedures: DataLoader::new(ProcedureLoader(services.catalogue.clone()), spawner()).delay(Duration::ZERO),
            timelines: DataLoader::new(TimelineLoader(services.dossiers.clone()), spawner()).delay(Duration::ZERO),
            medical_opinions: DataLoader::new(MedicalOpinionLoader(services.medical_opinions.clone()), spawner())
                .delay(Duration::ZERO),
            documents: DataLoader::new(DocumentLoader(services.dossiers.clone()), spawner()).delay(Duration::ZERO),
            requests: DataLoader::new(RequestLoader(services.dossiers.clone()), spawner()).delay(Duration::ZERO),
            decisions: DataLoader::new(DecisionLoader(services.dossiers.clone()), spawner()).delay(Duration::ZERO),
            residence_documents: DataLoader::new(ResidenceDocumentLoader(services.documents.clone()), spawner())
                .delay(Duration::ZERO),
            identity_records: DataLoader::new(IdentityRecordLoader(services.profiles.clone()), spawner())
                .delay(Duration::ZERO),
            addresses: DataLoader::new(AddressLoader(services.profiles.clone()), spawner()).delay(Duration::ZERO),
            family_links: DataLoader::new(FamilyLinkLoader(services.profiles.clone()), spawner()).delay(Duration::ZERO),
        };
        (loaders, driver)
    }

    /// Fresh loaders over `services`, batching on tokio tasks of their own within [`BATCH_DELAY`] (for executions
    /// not wrapped by a [`LoadDriver`]).
    pub fn new(services: &Services) -> Self {
        Self {
            persons: DataLoader::new(PersonLoader(services.persons.clone()), tokio::spawn).delay(BATCH_DELAY),
            procedures: DataLoader::new(ProcedureLoader(services.catalogue.clone()), tokio::spawn).delay(BATCH_DELAY),
            timelines: DataLoader::new(TimelineLoader(services.dossiers.clone()), tokio::spawn).delay(BATCH_DELAY),
            medical_opinions: DataLoader::new(MedicalOpinionLoader(services.medical_opinions.clone()), tokio::spawn)
                .delay(BATCH_DELAY),
            documents: DataLoader::new(DocumentLoader(services.dossiers.clone()), tokio::spawn).delay(BATCH_DELAY),
            requests: DataLoader::new(RequestLoader(services.dossiers.clone()), tokio::spawn).delay(BATCH_DELAY),
            decisions: DataLoader::new(DecisionLoader(services.dossiers.clone()), tokio::spawn).delay(BATCH_DELAY),
            residence_documents: DataLoader::new(ResidenceDocumentLoader(services.documents.clone()), tokio::spawn)
                .delay(BATCH_DELAY),
            identity_records: DataLoader::new(IdentityRecordLoader(services.profiles.clone()), tokio::spawn)
                .delay(BATCH_DELAY),
            addresses: DataLoader::new(AddressLoader(services.profiles.clone()), tokio::spawn).delay(BATCH_DELAY),
            family_links: DataLoader::new(FamilyLinkLoader(services.profiles.clone()), tokio::spawn).delay(BATCH_DELAY),
        }
    }
}

/// Runs the batches of [`Loaders::driven`] on the task that executes the request, after the executor's turn.
#[derive(Default)]
pub struct LoadDriver {
    queue: Arc<std::sync::Mutex<Vec<BoxFuture<'static, ()>>>>,
}

impl LoadDriver {
    /// Polls `execution` and the loaders' batches on the current task until `execution` completes.
    pub async fn drive<F: Future>(self, execution: F) -> F::Output {
        Driven { execution: Box::pin(execution), queue: self.queue, batches: FuturesUnordered::new() }.await
    }
}

struct Driven<F: Future> {
    execution: Pin<Box<F>>,
    queue: Arc<std::sync::Mutex<Vec<BoxFuture<'static, ()>>>>,
    batches: FuturesUnordered<BoxFuture<'static, ()>>,
}

impl<F: Future> Future for Driven<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        loop {
            // The executor first: every resolver that can run, runs, and enqueues its keys.
            let turn = Arc::new(TurnWaker { woken: AtomicBool::new(false), task: cx.waker().clone() });
            let waker = Waker::from(turn.clone());
            if let Poll::Ready(output) = self.execution.as_mut().poll(&mut Context::from_waker(&waker)) {
                return Poll::Ready(output);
            }
            // An executor that woke itself (a cooperative yield amid a long list) still has resolvers to run, which
            // may enqueue more keys: the batches wait for its next turn.
            if turn.woken.load(Ordering::Acquire) {
                return Poll::Pending;
            }
            let started: Vec<_> =
                std::mem::take(&mut *self.queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
            self.batches.extend(started);
            // Then the batches; one that finished has woken resolvers: give the executor another turn.
            let mut finished = false;
            while let Poll::Ready(Some(())) = self.batches.poll_next_unpin(cx) {
                finished = true;
            }
            if !finished {
                return Poll::Pending;
            }
        }
    }
}

/// The waker the executor gets for one turn: it tells whether the executor woke itself during the turn.
struct TurnWaker {
    woken: AtomicBool,
    task: Waker,
}

impl Wake for TurnWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.task.wake_by_ref();
    }
}

/// Converts a loader failure into a resolver error.
pub fn load_error(error: &LoadError) -> async_graphql::Error {
    let message = error.to_string();
    super::error::ApiError::Internal(message.into()).into()
}
