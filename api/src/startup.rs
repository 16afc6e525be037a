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

use crate::auth::{Authenticator, DevIssuer, DevTokens, PartnerDirectory};
use crate::graphql::{self, Limits, Services};
use crate::http::oauth::TokenEndpoint;
use crate::http::rate_limit::RateLimiter;
use crate::http::{self, AppState};
use crate::settings::Settings;

/// Draws ids (UUID v7) and references from the operating system's randomness.
struct RandomIds;

impl IdSource for RandomIds {
    fn access(&self) -> AccessId {
        AccessId::from_uuid(Uuid::now_v7())
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

/// The services over a database.
pub fn services(database: &Database) -> Services {
    Services {
        persons: Arc::new(database.persons()),
        dossiers: Arc::new(database.dossiers()),
        catalogue: Arc::new(database.catalogue()),
        journal: Arc::new(database.journal()),
        partners: Arc::new(database.partners()),
        documents: Arc::new(database.residence_documents()),
        clock: Arc::new(SystemClock),
        ids: Arc::new(RandomIds),
    }
}

/// A built server, listening, not yet serving.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    database: Database,
    port: u16,
}

impl Application {
    /// Connects, migrates (unless told not to), seeds demo data in demo mode, and binds the listener.
    ///
    /// # Errors
    /// When the database cannot be reached or migrated, or the address cannot be bound.
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        let database = hipe_persistence::connect(&settings.database.url, settings.database.max_connections)
            .await
            .context("connecting to the database (HIPE_DATABASE_URL)")?;
        if !settings.server.no_migrate {
            database.migrate().await.context("applying migrations")?;
        }
        let services = services(&database);
        if settings.server.demo {
            crate::demo::seed(&services).await.context("seeding demo data")?;
        }
        // HIPE's own key signs partner tokens in every mode; person and agent tokens it signs are development
        // tokens, trusted in demo mode only.
        let issuer = Arc::new(
            DevIssuer::load_or_create(&database.signing_keys(), &settings.server.token_issuer)
                .await
                .context("loading HIPE's signing key")?,
        );
        let dev_tokens = if settings.server.demo { DevTokens::Trusted } else { DevTokens::Refused };
        let directory = PartnerDirectory::new(services.partners.clone(), settings.partners.status_ttl());
        let authenticator = Authenticator::new(&issuer, dev_tokens, directory);
        let tokens = TokenEndpoint::new(issuer).context("preparing the token endpoint")?;
        let rate_limiter = RateLimiter::new(settings.partners.rate_per_second, settings.partners.burst);
        let body_limit = usize::try_from(settings.server.body_limit).context("body limit")?;
        let state = Arc::new(AppState {
            schema: graphql::build_schema(Limits::default(), settings.server.demo),
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
        Ok(Self { listener, router, database, port })
    }

    /// The port actually bound (useful with port 0).
    pub const fn port(&self) -> u16 {
        self.port
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish and closes the pool.
    ///
    /// # Errors
    /// When the server fails.
    pub async fn run_until_stopped(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        axum::serve(self.listener, self.router).with_graceful_shutdown(shutdown).await?;
        self.database.close().await;
        Ok(())
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
