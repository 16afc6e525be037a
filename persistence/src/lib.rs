//! # hipe-persistence — storage for HIPE on SQLite and PostgreSQL
//!
//! Owns the sea-orm entities (`entities/`), the hand-written portable migrations (`migration/`), and the
//! repositories (`repositories/`) that implement `hipe-domain`'s ports. The same code runs on an embedded SQLite
//! file (the default) and on PostgreSQL (production); both are tested.
//!
//! Rules kept here: no sea-orm type appears in a public signature outside this crate except [`Database`]'s
//! accessors; every `DbErr` becomes a domain error in one place ([`error`]); ids and timestamps come from the
//! domain, never from database defaults, so both databases store the same values; an aggregate is saved in one
//! transaction with its events.

pub mod bulk;
mod entities;
pub mod error;
mod migration;
pub mod plans;
mod repositories;

use std::time::Duration;

use sea_orm::sqlx::sqlite::SqliteJournalMode;
use sea_orm::{ConnectOptions, DatabaseConnection, DbBackend};
use sea_orm_migration::MigratorTrait as _;

pub use migration::Migrator;
pub use repositories::SeaMedicalCaseRepository;
pub use repositories::SeaMedicalVisitRepository;
pub use repositories::{
    IdempotencyStore, Reservation, SeaAccessJournal, SeaAppointmentRepository, SeaAsylumRepository,
    SeaDossierRepository, SeaIntegrationRepository, SeaMandateRepository, SeaMedicalOpinionRepository,
    SeaMessageRepository, SeaNotificationRepository, SeaPartnerRepository, SeaPaymentRepository,
    SeaPersonProfileRepository, SeaPersonRepository, SeaProcedureCatalogue, SeaResidenceDocumentRepository,
    SealedPrivateKey, SigningKeyRow, SigningKeyStore,
};

/// Which database engine a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl Engine {
    /// The engine of a `sqlite:` or `postgres:`/`postgresql:` URL.
    pub fn of_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else {
            None
        }
    }
}

/// A connection pool to HIPE's database.
#[derive(Debug, Clone)]
pub struct Database {
    connection: DatabaseConnection,
    url: String,
    statements: std::sync::Arc<std::sync::atomic::AtomicU64>,
    recording: std::sync::Arc<Recording>,
}

/// The statements a pool ran while recording was on ([`Database::start_recording`]): what the benchmark's
/// ceiling replays. Off by default, and never logged: statements carry personal data.
#[derive(Debug, Default)]
struct Recording {
    on: std::sync::atomic::AtomicBool,
    statements: std::sync::Mutex<Vec<sea_orm::Statement>>,
}

/// Statements recorded from a pool, opaque outside this crate; [`Database::replay`] runs them again.
#[derive(Debug, Clone, Default)]
pub struct RecordedStatements(Vec<sea_orm::Statement>);

impl RecordedStatements {
    /// How many statements.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Only the statements that read (`SELECT`): a replay must not write again what a read journaled.
    #[must_use]
    pub fn reads(&self) -> Self {
        Self(self.0.iter().filter(|s| s.sql.trim_start().to_ascii_uppercase().starts_with("SELECT")).cloned().collect())
    }
}

/// Failures of connecting or migrating, before any domain operation runs.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// The URL names no supported engine.
    #[error("unsupported database URL: expected sqlite://PATH or postgres://USER@HOST:PORT/DB")]
    UnsupportedUrl,
    /// The database could not be reached or opened.
    #[error("cannot connect to the database: {0}")]
    Connect(#[source] sea_orm::DbErr),
    /// A migration failed.
    #[error("migration failed: {0}")]
    Migrate(#[source] sea_orm::DbErr),
}

/// Connects to `url` (`sqlite://hipe.db?mode=rwc`, `postgres://…`).
///
/// SQLite files run in WAL mode (readers do not block the writer) with foreign keys enforced and a busy timeout,
/// so concurrent requests wait for the write lock instead of failing. Statement logging is off: statements can
/// carry personal data, which must never reach technical logs.
///
/// # Errors
/// [`SetupError::UnsupportedUrl`] or [`SetupError::Connect`].
pub async fn connect(url: &str, max_connections: u32) -> Result<Database, SetupError> {
    let engine = Engine::of_url(url).ok_or(SetupError::UnsupportedUrl)?;
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5));
    if engine == Engine::Sqlite {
        options.map_sqlx_sqlite_opts(|sqlite| {
            sqlite
                .journal_mode(SqliteJournalMode::Wal)
                .foreign_keys(true)
                .create_if_missing(true)
                .busy_timeout(Duration::from_secs(5))
        });
    }
    let mut connection = sea_orm::Database::connect(options).await.map_err(SetupError::Connect)?;
    // Counted, never logged: the statement count per request is how tests and `make bench` catch an N+1.
    let statements = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let counter = statements.clone();
    let recording = std::sync::Arc::new(Recording::default());
    let recorder = recording.clone();
    connection.set_metric_callback(move |info| {
        counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if recorder.on.load(std::sync::atomic::Ordering::Relaxed)
            && let Ok(mut statements) = recorder.statements.lock()
        {
            statements.push(info.statement.clone());
        }
    });
    Ok(Database { connection, url: url.to_owned(), statements, recording })
}

impl Database {
    /// Applies every pending migration.
    ///
    /// # Errors
    /// [`SetupError::Migrate`] when a migration fails (it is rolled back where the engine allows).
    pub async fn migrate(&self) -> Result<(), SetupError> {
        let connection = self.migration_connection().await?;
        Migrator::up(&connection, None).await.map_err(SetupError::Migrate)
    }

    /// Applies the first `steps` pending migrations only (tests of the migrations only: they build a database as an
    /// older release left it).
    ///
    /// # Errors
    /// [`SetupError::Migrate`] when a migration fails.
    pub async fn migrate_steps(&self, steps: u32) -> Result<(), SetupError> {
        let connection = self.migration_connection().await?;
        Migrator::up(&connection, Some(steps)).await.map_err(SetupError::Migrate)
    }

    /// Reverts every migration (tests of the migrations only).
    ///
    /// # Errors
    /// [`SetupError::Migrate`] when a down migration fails.
    pub async fn migrate_down_all(&self) -> Result<(), SetupError> {
        let connection = self.migration_connection().await?;
        Migrator::down(&connection, None).await.map_err(SetupError::Migrate)
    }

    /// The connection migrations run on. On SQLite, one connection of its own: schema changes then follow each
    /// other on a single connection (seen otherwise: a table dropped on one pooled connection while the next
    /// statement, on another, still saw its index). PostgreSQL's transactional DDL needs no such care.
    async fn migration_connection(&self) -> Result<DatabaseConnection, SetupError> {
        match self.engine() {
            // An in-memory database exists only inside its own pool.
            Engine::Postgres => Ok(self.connection.clone()),
            Engine::Sqlite if self.url.contains(":memory:") => Ok(self.connection.clone()),
            Engine::Sqlite => Ok(connect(&self.url, 1).await?.connection),
        }
    }

    /// Whether the database answers and every migration is applied — what `/readyz` reports.
    pub async fn is_ready(&self) -> bool {
        matches!(Migrator::get_pending_migrations(&self.connection).await, Ok(pending) if pending.is_empty())
    }

    /// The engine behind this pool.
    pub fn engine(&self) -> Engine {
        match self.connection.get_database_backend() {
            DbBackend::Sqlite => Engine::Sqlite,
            _ => Engine::Postgres,
        }
    }

    /// Closes the pool, waiting for connections to be returned.
    pub async fn close(self) {
        if let Err(error) = self.connection.close().await {
            tracing::warn!(error = %error, "closing the database pool failed");
        }
    }

    /// The person repository.
    pub fn persons(&self) -> SeaPersonRepository {
        SeaPersonRepository::new(self.connection.clone())
    }

    /// Persons' profiles (identity records, addresses, family links) and the person search.
    pub fn person_profiles(&self) -> SeaPersonProfileRepository {
        SeaPersonProfileRepository::new(self.connection.clone())
    }

    /// The dossier repository.
    pub fn dossiers(&self) -> SeaDossierRepository {
        SeaDossierRepository::new(self.connection.clone())
    }

    /// The college's opinions (the medical compartment).
    pub fn medical_opinions(&self) -> SeaMedicalOpinionRepository {
        SeaMedicalOpinionRepository::new(self.connection.clone())
    }

    /// The medical cases (the sick-foreigner flow in OFII's medical service).
    pub fn medical_cases(&self) -> SeaMedicalCaseRepository {
        SeaMedicalCaseRepository::new(self.connection.clone())
    }

    /// OFII's medical visits of newcomers (the medical compartment).
    pub fn medical_visits(&self) -> SeaMedicalVisitRepository {
        SeaMedicalVisitRepository::new(self.connection.clone())
    }

    /// The procedure catalogue.
    pub fn catalogue(&self) -> SeaProcedureCatalogue {
        SeaProcedureCatalogue::new(self.connection.clone())
    }

    /// The access journal.
    pub fn journal(&self) -> SeaAccessJournal {
        SeaAccessJournal::new(self.connection.clone())
    }

    /// The partner clients.
    pub fn partners(&self) -> SeaPartnerRepository {
        SeaPartnerRepository::new(self.connection.clone())
    }

    /// The mandates.
    pub fn mandates(&self) -> SeaMandateRepository {
        SeaMandateRepository::new(self.connection.clone())
    }

    /// The residence documents.
    pub fn residence_documents(&self) -> SeaResidenceDocumentRepository {
        SeaResidenceDocumentRepository::new(self.connection.clone())
    }

    /// How many SQL statements this pool has run since it was opened (exposed by `/metrics`).
    pub fn statements_executed(&self) -> u64 {
        self.statements.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The remembered answers of idempotent requests.
    pub fn idempotency(&self) -> IdempotencyStore {
        IdempotencyStore::new(self.connection.clone())
    }

    /// Starts recording the statements this pool runs (the benchmark's ceiling: it replays what one request ran).
    pub fn start_recording(&self) {
        if let Ok(mut statements) = self.recording.statements.lock() {
            statements.clear();
        }
        self.recording.on.store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Stops recording and returns what was recorded since [`Self::start_recording`].
    pub fn stop_recording(&self) -> RecordedStatements {
        self.recording.on.store(false, std::sync::atomic::Ordering::SeqCst);
        RecordedStatements(self.recording.statements.lock().map(|mut s| std::mem::take(&mut *s)).unwrap_or_default())
    }

    /// Runs `statements` again, one after the other, reading every row of each (what the server's pool does for
    /// them, without HTTP, GraphQL or decoding into domain values); returns how many rows came back.
    ///
    /// # Errors
    /// [`hipe_domain::Error::Storage`] when a statement fails.
    pub async fn replay(&self, statements: &RecordedStatements) -> hipe_domain::Result<usize> {
        use sea_orm::ConnectionTrait as _;
        let mut rows = 0;
        for statement in &statements.0 {
            rows += self.connection.query_all_raw(statement.clone()).await.map_err(error::db_err)?.len();
        }
        Ok(rows)
    }

    /// The notifications.
    pub fn notifications(&self) -> SeaNotificationRepository {
        SeaNotificationRepository::new(self.connection.clone())
    }

    /// Appointment slots and the appointments booked in them.
    pub fn appointments(&self) -> SeaAppointmentRepository {
        SeaAppointmentRepository::new(self.connection.clone())
    }

    /// The integration contracts and certifications.
    pub fn integration(&self) -> SeaIntegrationRepository {
        SeaIntegrationRepository::new(self.connection.clone())
    }

    /// Tax-stamp payments.
    pub fn payments(&self) -> SeaPaymentRepository {
        SeaPaymentRepository::new(self.connection.clone())
    }

    /// Message threads per dossier.
    pub fn messages(&self) -> SeaMessageRepository {
        SeaMessageRepository::new(self.connection.clone())
    }

    /// The bulk loader (`hipe seed --scale N`, the benchmark's data sets).
    pub fn bulk(&self) -> bulk::BulkLoader {
        bulk::BulkLoader::new(self.connection.clone())
    }

    /// The query plans of the hot reads (the EXPLAIN tests).
    pub fn plans(&self) -> plans::QueryPlans {
        plans::QueryPlans::new(self.connection.clone())
    }

    /// OFII's family-reunification records and their dated rules.
    pub fn family_reunifications(&self) -> repositories::SeaFamilyReunificationRepository {
        repositories::SeaFamilyReunificationRepository::new(self.connection.clone())
    }

    /// The store of HIPE's own token-signing keys.
    pub fn signing_keys(&self) -> SigningKeyStore {
        SigningKeyStore::new(self.connection.clone())
    }

    /// The asylum files and the reception catalogue.
    pub fn asylum(&self) -> SeaAsylumRepository {
        SeaAsylumRepository::new(self.connection.clone())
    }

    /// The return-aid files and their catalogue.
    pub fn return_aid(&self) -> repositories::SeaReturnAidRepository {
        repositories::SeaReturnAidRepository::new(self.connection.clone())
    }
}
