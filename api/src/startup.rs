//! The composition root: storage, services, schema, authentication and router are wired here and nowhere else.
//! [`Application::build`] binds the listener and exposes [`Application::port`], so tests bind `127.0.0.1:0` and
//! talk to the real server.

use std::future::Future;
use std::sync::Arc;

use anyhow::Context as _;
use hipe_domain::clock::SystemClock;
use hipe_domain::dossier::{DossierId, DossierReference};
use hipe_domain::ids::IdSource;
use hipe_domain::journal::AccessId;
use hipe_persistence::Database;
use tokio::net::TcpListener;
use uuid::Uuid;

use crate::auth::{Authenticator, DevIssuer, DevTokens, PartnerDirectory, issuers};
use crate::graphql::{Schemas, Services};
use crate::http::oauth::TokenEndpoint;
use crate::http::rate_limit::RateLimiter;
use crate::http::{self, AppState};
use crate::settings::Settings;

/// Draws ids (UUID v7) and references from the operating system's randomness.
pub struct RandomIds;

impl IdSource for RandomIds {
    fn access(&self) -> AccessId {
        AccessId::from_uuid(Uuid::now_v7())
    }

    fn mandate(&self) -> hipe_domain::mandate::MandateId {
        hipe_domain::mandate::MandateId::from_uuid(Uuid::now_v7())
    }

    fn document(&self) -> hipe_domain::dossier::DocumentId {
        hipe_domain::dossier::DocumentId::from_uuid(Uuid::now_v7())
    }

    fn document_request(&self) -> hipe_domain::dossier::DocumentRequestId {
        hipe_domain::dossier::DocumentRequestId::from_uuid(Uuid::now_v7())
    }

    fn notification(&self) -> hipe_domain::notification::NotificationId {
        hipe_domain::notification::NotificationId::from_uuid(Uuid::now_v7())
    }

    fn residence_document(&self) -> (hipe_domain::permit::ResidenceDocumentId, hipe_domain::permit::DocumentNumber) {
        let id = Uuid::now_v7();
        // Twelve digits from the UUID's random bits after a two-letter prefix: unique enough for a certificate
        // number, and a collision is refused by the unique index rather than silently shared.
        let random = u64::from_le_bytes(id.as_bytes()[8..].try_into().unwrap_or_default()) % 1_000_000_000_000;
        let number = hipe_domain::permit::DocumentNumber::parse(&format!("HP{random:012}"))
            .unwrap_or_else(|_| unreachable!("HP and twelve digits is a document number"));
        (hipe_domain::permit::ResidenceDocumentId::from_uuid(id), number)
    }

    fn slot(&self) -> hipe_domain::appointment::SlotId {
        hipe_domain::appointment::SlotId::from_uuid(Uuid::now_v7())
    }

    fn appointment(&self) -> hipe_domain::appointment::AppointmentId {
        hipe_domain::appointment::AppointmentId::from_uuid(Uuid::now_v7())
    }

    fn payment(&self) -> hipe_domain::payment::PaymentId {
        hipe_domain::payment::PaymentId::from_uuid(Uuid::now_v7())
    }

    fn message(&self) -> hipe_domain::message::MessageId {
        hipe_domain::message::MessageId::from_uuid(Uuid::now_v7())
    }

    fn integration_contract(&self) -> hipe_domain::integration::IntegrationContractId {
        hipe_domain::integration::IntegrationContractId::from_uuid(Uuid::now_v7())
    }

    fn certification(&self) -> hipe_domain::integration::CertificationId {
        hipe_domain::integration::CertificationId::from_uuid(Uuid::now_v7())
    }

    fn medical_case(&self) -> hipe_domain::medical::MedicalCaseId {
        hipe_domain::medical::MedicalCaseId::from_uuid(Uuid::now_v7())
    }

    fn asylum_file(&self) -> hipe_domain::asylum::AsylumFileId {
        hipe_domain::asylum::AsylumFileId::from_uuid(Uuid::now_v7())
    }

    fn medical_visit(&self) -> hipe_domain::medical::MedicalVisitId {
        hipe_domain::medical::MedicalVisitId::from_uuid(Uuid::now_v7())
    }

    fn return_aid_file(&self) -> hipe_domain::return_aid::ReturnAidFileId {
        hipe_domain::return_aid::ReturnAidFileId::from_uuid(Uuid::now_v7())
    }

    fn dossier(&self, year: i32) -> (DossierId, DossierReference) {
        let id = Uuid::now_v7();
        let mut bytes = [0_u8; 8];
        // A failing OS random source would be fatal anywhere; fall back on the UUID's own random bits.
        let random = if getrandom::fill(&mut bytes).is_ok() {
            u64::from_le_bytes(bytes)
        } else {
            u64::from_le_bytes(id.as_bytes()[8..].try_into().unwrap_or_default())
        };
        (DossierId::from_uuid(id), DossierReference::generate(year, random))
    }
}

/// The services over a database, on the wall clock.
pub fn services(database: &Database) -> Services {
    services_with_clock(database, Arc::new(SystemClock))
}

/// The services over a database, on `clock` (tests move time with a [`hipe_domain::clock::ShiftedClock`]).
pub fn services_with_clock(database: &Database, clock: Arc<dyn hipe_domain::Clock>) -> Services {
    Services {
        notifications: Arc::new(database.notifications()),
        persons: Arc::new(database.persons()),
        dossiers: Arc::new(database.dossiers()),
        medical_opinions: Arc::new(database.medical_opinions()),
        catalogue: Arc::new(database.catalogue()),
        journal: Arc::new(database.journal()),
        partners: Arc::new(database.partners()),
        documents: Arc::new(database.residence_documents()),
        mandates: Arc::new(database.mandates()),
        profiles: Arc::new(database.person_profiles()),
        clock,
        appointments: Arc::new(database.appointments()),
        payments: Arc::new(database.payments()),
        messages: Arc::new(database.messages()),
        integration: Arc::new(database.integration()),
        medical_cases: Arc::new(database.medical_cases()),
        asylum: Arc::new(database.asylum()),
        family_reunifications: Arc::new(database.family_reunifications()),
        medical_visits: Arc::new(database.medical_visits()),
        return_aid: Arc::new(database.return_aid()),
        ids: Arc::new(RandomIds),
    }
}

/// A built server, listening, not yet serving.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    database: Database,
    port: u16,
    dev_issuer: Option<Arc<DevIssuer>>,
    services: Services,
    clock_interval: Option<std::time::Duration>,
}

impl Application {
    /// Reads the trusted issuers, connects, migrates (unless told not to), opens HIPE's signing key when a
    /// key-encryption key is available, seeds demo data in demo mode, and binds the listener.
    ///
    /// # Errors
    /// When the issuers file is refused, the database cannot be reached or migrated, the key-encryption key does
    /// not open HIPE's signing key, or the address cannot be bound.
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        Self::build_with_clock(settings, Arc::new(SystemClock)).await
    }

    /// As [`Application::build`], on `clock` — the black-box tests hand in a [`hipe_domain::clock::ShiftedClock`]
    /// to reach legal dates months away.
    ///
    /// # Errors
    /// As [`Application::build`].
    pub async fn build_with_clock(settings: &Settings, clock: Arc<dyn hipe_domain::Clock>) -> anyhow::Result<Self> {
        // The trust configuration is checked before anything touches the database.
        let trusted = match &settings.auth.issuers_file {
            Some(path) => issuers::load(path, &settings.server.token_issuer)
                .context("loading the trusted issuers (HIPE_ISSUERS_FILE)")?,
            None => Vec::new(),
        };
        for issuer in &trusted {
            tracing::info!(
                issuer.name = issuer.name(),
                issuer.iss = issuer.issuer(),
                issuer.kind = ?issuer.kind(),
                keys = issuer.kids().len(),
                "trusting identity provider"
            );
        }
        let database = hipe_persistence::connect(&settings.database.url, settings.database.max_connections)
            .await
            .context("connecting to the database (HIPE_DATABASE_URL)")?;
        if !settings.server.no_migrate {
            database.migrate().await.context("applying migrations")?;
        }
        let services = services_with_clock(&database, clock);
        let clock_services = services.clone();
        let key_encryption_key = settings.auth.keys.resolve(settings.server.demo);
        let signing_keys = database.signing_keys();
        if settings.server.demo {
            crate::demo::seed(&services).await.context("seeding demo data")?;
        }
        // HIPE's own keys sign partner tokens in every mode — once a key-encryption key opens them — and
        // development tokens for persons and agents, which only demo mode trusts.
        let issuer = if let Some(kek) = &key_encryption_key {
            // Opening the signing key checks the key-encryption key at start rather than at the first token.
            const OPEN: &str = "opening HIPE's signing key with the key-encryption key (HIPE_KEY_ENCRYPTION_KEY); \
                                `hipe keys rotate` replaces a key that cannot be opened";
            let issuer =
                DevIssuer::load_or_create(&signing_keys, kek, &settings.server.token_issuer).await.context(OPEN)?;
            Some(Arc::new(issuer))
        } else {
            tracing::warn!("no key-encryption key (HIPE_KEY_ENCRYPTION_KEY): HIPE signs no partner token");
            None
        };
        let dev_tokens = if settings.server.demo { DevTokens::Trusted } else { DevTokens::Refused };
        let directory = PartnerDirectory::new(services.partners.clone(), settings.partners.status_ttl());
        let authenticator = Authenticator::trusting(trusted, directory)
            .and_hipe_keys(&settings.server.token_issuer, signing_keys, dev_tokens)
            .await
            .context("reading HIPE's public keys")?;
        let tokens = issuer.clone().map(TokenEndpoint::new).transpose().context("preparing the token endpoint")?;
        let rate_limiter = RateLimiter::new(settings.partners.rate_per_second, settings.partners.burst);
        let dev_issuer = if settings.server.demo { issuer } else { None };
        let body_limit = usize::try_from(settings.server.body_limit).context("body limit")?;
        let state = Arc::new(AppState {
            schemas: Schemas::build(settings.server.demo).await.context("building the audience schemas")?,
            services,
            authenticator,
            database: database.clone(),
            body_limit,
            tokens,
            rate_limiter,
        });
        let router = http::router(state, settings.server.demo, settings.server.request_timeout());
        let listener = TcpListener::bind(settings.server.listen)
            .await
            .with_context(|| format!("binding {} (HIPE_LISTEN)", settings.server.listen))?;
        let port = listener.local_addr()?.port();
        Ok(Self {
            listener,
            router,
            database,
            port,
            dev_issuer,
            services: clock_services,
            clock_interval: settings.server.clock_interval(),
        })
    }

    /// The port actually bound (useful with port 0).
    pub const fn port(&self) -> u16 {
        self.port
    }

    /// The server's own pool (the benchmark's ceiling records what a request runs on it).
    pub const fn database(&self) -> &Database {
        &self.database
    }

    /// The development token issuer, in demo mode.
    pub fn dev_issuer(&self) -> Option<&DevIssuer> {
        self.dev_issuer.as_deref()
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish and closes the pool.
    ///
    /// # Errors
    /// When the server fails.
    pub async fn run_until_stopped(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        // The legal clocks run beside the server: implicit refusals and extension certificates never wait for
        // someone to look at a dossier.
        let clocks = self
            .clock_interval
            .map(|interval| tokio::spawn(run_clocks_every(self.services.clone(), self.database.clone(), interval)));
        axum::serve(self.listener, self.router).with_graceful_shutdown(shutdown).await?;
        if let Some(clocks) = clocks {
            clocks.abort();
        }
        self.database.close().await;
        Ok(())
    }
}

/// Runs the legal clocks once: implicit refusals whose silence date has come, extension certificates due.
///
/// # Errors
/// When storage fails.
pub async fn run_clocks(
    services: &Services,
) -> Result<hipe_domain::dossier::commands::ClockReport, hipe_domain::Error> {
    let report = hipe_domain::dossier::commands::run_clocks(&services.ports()).await?;
    let mayor_opinions_deemed =
        hipe_domain::family_reunification::commands::run_clocks(&services.family_reunification_ports()).await?;
    if mayor_opinions_deemed > 0 {
        tracing::info!(mayor_opinions_deemed, "mayors' silence recorded as favourable opinions");
    }
    if report != hipe_domain::dossier::commands::ClockReport::default() {
        tracing::info!(
            implicit_refusals = report.implicit_refusals,
            extensions = report.extensions,
            renewal_windows = report.renewal_windows,
            retried = report.retried,
            "legal clocks ran"
        );
    }
    Ok(report)
}

async fn run_clocks_every(services: Services, database: Database, interval: std::time::Duration) {
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        if let Err(error) = run_clocks(&services).await {
            tracing::error!(%error, "the legal clocks failed; they run again at the next tick");
        }
        // Idempotency keys answer retries, which come within minutes: a day is generous.
        let day_ago = services.clock.now() - chrono::Duration::days(1);
        if let Err(error) = database.idempotency().forget_before(day_ago).await {
            tracing::error!(%error, "forgetting old idempotency keys failed; retried at the next tick");
        }
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}
