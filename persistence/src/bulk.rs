//! Bulk loading: many domain values at once, for `hipe seed --scale N` and the benchmark's data sets.
//!
//! A [`Batch`] holds rows for several tables; [`BulkLoader::load`] writes it in one transaction, table after table
//! in foreign-key order, as multi-row `INSERT`s of up to [`MAX_ROWS_PER_STATEMENT`] rows. Each row goes through the
//! same conversion the repositories use (`dossier_row`, `event_row`…), so a bulk-loaded dossier is stored exactly as
//! one saved by [`crate::SeaDossierRepository`] — `attention_on` and `next_clock_on` included, computed by the
//! domain.
//!
//! Why multi-row `INSERT` rather than PostgreSQL's `COPY`: it runs unchanged on SQLite, goes through sea-orm's
//! portable statements, and loads about a million dossiers (with their timelines and documents) in minutes,
//! which is what the benchmark needs. A statement stays under SQLite's 32,766 bound parameters and PostgreSQL's
//! 65,535 whatever the table's width (see [`rows_per_statement`]).
//!
//! Adding a table: a field in [`Batch`], its row conversion, and one `insert_chunked` call in [`BulkLoader::load`]
//! (after the tables it references).

use hipe_domain::Result;
use hipe_domain::dossier::{Decision, DocumentRequest, Dossier, DossierEvent, SupportingDocument};
use hipe_domain::notification::Notification;
use hipe_domain::permit::ResidenceDocument;
use hipe_domain::person::identity_record::IdentityRecord;
use hipe_domain::person::{Person, PersonId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, Iterable as _,
    TransactionTrait as _,
};

use crate::entities::{person, person_name_key, residence_document};
use crate::error::db_err;
use crate::repositories::{dossier, notification, person_profile};

/// The most rows one `INSERT` carries.
pub const MAX_ROWS_PER_STATEMENT: usize = 1_000;

/// The most bound parameters one statement carries: under SQLite's limit (32,766), far under PostgreSQL's.
const MAX_PARAMETERS: usize = 30_000;

/// Rows of several tables, loaded together by [`BulkLoader::load`]. Every value was built by the domain
/// (`Person::new`, `Dossier::restore`…), so its invariants hold.
#[derive(Debug, Default, Clone)]
pub struct Batch {
    /// Persons.
    pub persons: Vec<Person>,
    /// Name search keys, beyond those of each person's current names (which are added from `persons`):
    /// those of their identity records' names and transliterations.
    pub extra_name_keys: Vec<(PersonId, String)>,
    /// Sourced identity records.
    pub identity_records: Vec<IdentityRecord>,
    /// Dossiers.
    pub dossiers: Vec<Dossier>,
    /// Their timelines.
    pub events: Vec<DossierEvent>,
    /// Supporting documents.
    pub documents: Vec<SupportingDocument>,
    /// Requests for documents.
    pub requests: Vec<DocumentRequest>,
    /// Decisions.
    pub decisions: Vec<Decision>,
    /// Residence documents (permits and provisional documents).
    pub residence_documents: Vec<ResidenceDocument>,
    /// Notifications.
    pub notifications: Vec<Notification>,
}

/// How many rows a [`Batch`] wrote, per table.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LoadCounts {
    /// `person` rows.
    pub persons: u64,
    /// `person_name_key` rows.
    pub name_keys: u64,
    /// `identity_record` rows.
    pub identity_records: u64,
    /// `dossier` rows.
    pub dossiers: u64,
    /// `dossier_event` rows.
    pub events: u64,
    /// `supporting_document` rows.
    pub documents: u64,
    /// `document_request` rows.
    pub requests: u64,
    /// `decision` rows.
    pub decisions: u64,
    /// `residence_document` rows.
    pub residence_documents: u64,
    /// `notification` rows.
    pub notifications: u64,
}

impl LoadCounts {
    /// Every row written.
    pub const fn total(&self) -> u64 {
        self.persons
            + self.name_keys
            + self.identity_records
            + self.dossiers
            + self.events
            + self.documents
            + self.requests
            + self.decisions
            + self.residence_documents
            + self.notifications
    }

    /// Adds another batch's counts.
    pub const fn add(&mut self, other: &Self) {
        self.persons += other.persons;
        self.name_keys += other.name_keys;
        self.identity_records += other.identity_records;
        self.dossiers += other.dossiers;
        self.events += other.events;
        self.documents += other.documents;
        self.requests += other.requests;
        self.decisions += other.decisions;
        self.residence_documents += other.residence_documents;
        self.notifications += other.notifications;
    }
}

/// Writes [`Batch`]es. Cheap to clone (it holds the pool).
#[derive(Debug, Clone)]
pub struct BulkLoader {
    db: DatabaseConnection,
}

/// How many rows of a table with `columns` columns one statement carries.
pub fn rows_per_statement(columns: usize) -> usize {
    (MAX_PARAMETERS / columns.max(1)).clamp(1, MAX_ROWS_PER_STATEMENT)
}

/// Inserts `rows` in statements of [`rows_per_statement`] rows; returns how many were written.
async fn insert_chunked<E, A>(connection: &impl ConnectionTrait, rows: Vec<A>) -> Result<u64>
where
    E: EntityTrait,
    A: ActiveModelTrait<Entity = E> + Send,
{
    let total = rows.len() as u64;
    let per_statement = rows_per_statement(E::Column::iter().count());
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(per_statement).collect();
        E::insert_many(chunk).exec_without_returning(connection).await.map_err(db_err)?;
    }
    Ok(total)
}

impl BulkLoader {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// Writes `batch` in one transaction, in foreign-key order.
    ///
    /// # Errors
    /// [`hipe_domain::Error::Storage`] when a statement fails (a duplicate id or number: the batch was loaded
    /// before), and nothing of the batch is kept.
    pub async fn load(&self, batch: Batch) -> Result<LoadCounts> {
        let Batch {
            persons,
            extra_name_keys,
            identity_records,
            dossiers,
            events,
            documents,
            requests,
            decisions,
            residence_documents,
            notifications,
        } = batch;
        let mut keys: Vec<(PersonId, String)> =
            persons.iter().flat_map(|p| p.search_keys().into_iter().map(move |key| (p.id(), key))).collect();
        keys.extend(extra_name_keys);
        keys.sort_unstable_by(|a, b| (a.0.as_uuid(), &a.1).cmp(&(b.0.as_uuid(), &b.1)));
        keys.dedup();
        let txn = self.db.begin().await.map_err(db_err)?;
        let counts = LoadCounts {
            persons: insert_chunked(&txn, persons.iter().map(person::ActiveModel::from).collect()).await?,
            name_keys: insert_chunked(
                &txn,
                keys.into_iter()
                    .map(|(id, key)| person_name_key::ActiveModel { person_id: Set(id.as_uuid()), key: Set(key) })
                    .collect(),
            )
            .await?,
            identity_records: insert_chunked(&txn, identity_records.iter().map(person_profile::identity_row).collect())
                .await?,
            dossiers: insert_chunked(&txn, dossiers.iter().map(dossier::dossier_row).collect::<Result<Vec<_>>>()?)
                .await?,
            events: insert_chunked(&txn, events.iter().map(dossier::event_row).collect::<Result<Vec<_>>>()?).await?,
            documents: insert_chunked(&txn, documents.iter().map(dossier::document_row).collect::<Result<Vec<_>>>()?)
                .await?,
            requests: insert_chunked(&txn, requests.iter().map(dossier::request_row).collect()).await?,
            decisions: insert_chunked(&txn, decisions.iter().map(dossier::decision_row).collect()).await?,
            residence_documents: insert_chunked(
                &txn,
                residence_documents.iter().map(residence_document::ActiveModel::from).collect(),
            )
            .await?,
            notifications: insert_chunked(&txn, notifications.iter().map(notification::row).collect()).await?,
        };
        txn.commit().await.map_err(db_err)?;
        Ok(counts)
    }

    /// Refreshes the planner's statistics after a load (`ANALYZE`), so that plans reflect the data's real size.
    ///
    /// # Errors
    /// [`hipe_domain::Error::Storage`] when the statement fails.
    pub async fn analyze(&self) -> Result<()> {
        self.db.execute_unprepared("ANALYZE").await.map_err(db_err)?;
        Ok(())
    }

    /// How many loads may run at once: several on PostgreSQL, one on SQLite (a single writer).
    pub fn parallelism(&self) -> usize {
        match self.db.get_database_backend() {
            DbBackend::Sqlite => 1,
            _ => 2,
        }
    }
}
