//! # hipe-tests — the black-box harness
//!
//! [`TestApp::spawn`] starts the real server (the same [`hipe_api::startup::Application`] the binary runs) on an
//! ephemeral port, over a database of its own: a fresh SQLite file, or a fresh, uniquely named PostgreSQL database
//! dropped when the test ends. Tests then speak HTTP to it. [`on_both_databases!`] writes each scenario once and
//! runs it on both engines, so the output names `…::sqlite` and `…::postgres` for every scenario.
//!
//! PostgreSQL is never skipped: when it cannot be reached, the test fails and says how to start it.
//!
//! [`TestOptions`] starts the server with more than the defaults (an issuers file, a key-encryption key); the
//! files the tests trust live in `tests/fixtures/` ([`fixture`]).

use std::path::PathBuf;

use hipe_api::auth::{DevIssuer, KeyEncryptionKey, Subject};
use hipe_api::settings::{AuthSettings, DatabaseSettings, KeySettings, PartnerSettings, ServerSettings, Settings};
use hipe_api::startup::Application;
use hipe_domain::person::{Identity, Nationality, PartialDate, Person, PersonId};
use hipe_persistence::Database;
use sea_orm::ConnectionTrait as _;
use serde_json::{Value, json};
use uuid::Uuid;

/// The PostgreSQL server tests create their databases on.
pub fn postgres_admin_url() -> String {
    std::env::var("HIPE_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// The engines every scenario runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// A fresh SQLite file.
    Sqlite,
    /// A fresh PostgreSQL database.
    Postgres,
}

/// A database made for one test, removed when dropped.
pub struct TestDatabase {
    /// Its URL.
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(PathBuf),
    Postgres { admin_url: String, name: String },
}

impl TestDatabase {
    /// Creates an empty database on `engine`.
    ///
    /// # Panics
    /// When PostgreSQL cannot be reached: the message says how to start it.
    pub async fn create(engine: Engine) -> Self {
        match engine {
            Engine::Sqlite => {
                let path = std::env::temp_dir().join(format!("hipe-test-{}.db", Uuid::now_v7().simple()));
                Self { url: format!("sqlite://{}?mode=rwc", path.display()), cleanup: Cleanup::File(path) }
            }
            Engine::Postgres => {
                let admin_url = postgres_admin_url();
                let name = format!("hipe_test_{}", Uuid::now_v7().simple());
                let admin = sea_orm::Database::connect(&admin_url).await.unwrap_or_else(|error| {
                    panic!(
                        "PostgreSQL is not reachable at {admin_url} ({error}). The PostgreSQL tests never skip: start it \
                         with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, or point \
                         HIPE_TEST_POSTGRES_URL at a server where the user may create databases."
                    )
                });
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .unwrap_or_else(|error| panic!("cannot create test database {name}: {error}"));
                let _ = admin.close().await;
                let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base);
                Self {
                    url: format!("{base}/{name}"),
                    cleanup: Cleanup::Postgres { admin_url: admin_url.clone(), name },
                }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres { admin_url, name } => {
                let (admin_url, database) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime; a separate thread with its own runtime may block.
                let dropped = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
                    runtime.block_on(async {
                        let admin = sea_orm::Database::connect(&admin_url).await.ok()?;
                        admin
                            .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"))
                            .await
                            .ok()?;
                        admin.close().await.ok()
                    })
                })
                .join();
                if !matches!(dropped, Ok(Some(()))) {
                    eprintln!("warning: test database {name} could not be dropped");
                }
            }
        }
    }
}

/// Demo-mode settings over `database_url`, listening on an ephemeral port. Partner statuses are not cached
/// (`status_ttl_secs: 0`), so a disabled partner's tokens fail at once instead of after the cache's delay.
pub fn settings(database_url: &str) -> Settings {
    Settings {
        database: DatabaseSettings { url: database_url.to_owned(), max_connections: 5 },
        server: ServerSettings {
            listen: "127.0.0.1:0".parse().expect("address"),
            body_limit: 100_000,
            request_timeout_secs: 30,
            // Tests run the clocks themselves (`TestApp::run_clocks`), after moving time.
            clock_interval_secs: 0,
            demo: true,
            no_migrate: false,
            token_issuer: "hipe-test".to_owned(),
        },
        auth: AuthSettings { issuers_file: None, keys: KeySettings { key_encryption_key: None } },
        partners: PartnerSettings { status_ttl_secs: 0, ..PartnerSettings::default() },
    }
}

/// A file of `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

/// What a test starts the server with beyond the demo defaults.
#[derive(Debug, Clone, Default)]
pub struct TestOptions {
    /// The issuers file (`HIPE_ISSUERS_FILE`).
    pub issuers_file: Option<PathBuf>,
    /// The key-encryption key (`HIPE_KEY_ENCRYPTION_KEY`); without one, demo mode's development key.
    pub key_encryption_key: Option<KeyEncryptionKey>,
}

impl TestOptions {
    /// The issuers of `tests/fixtures/issuers/issuers.toml`: a usager provider with an ES256 PEM key, an agents
    /// provider with an RS256 and an ES256 key in a JWK set.
    pub fn with_fixture_issuers() -> Self {
        Self { issuers_file: Some(fixture("issuers/issuers.toml")), ..Self::default() }
    }

    /// A configured key-encryption key.
    pub fn with_key_encryption_key(key: KeyEncryptionKey) -> Self {
        Self { key_encryption_key: Some(key), ..Self::default() }
    }
}

/// A running server and what a test needs to drive it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// An HTTP client.
    pub client: reqwest::Client,
    /// Direct access to the same database, for arranging data the API cannot create yet.
    pub database: Database,
    /// The database's URL, for raw SQL.
    pub database_url: String,
    /// The key-encryption key the server seals its signing keys with.
    pub key_encryption_key: KeyEncryptionKey,
    /// The development issuer the server trusts.
    pub issuer: DevIssuer,
    /// Which engine.
    pub engine: Engine,
    /// The server's clock, which tests move forward.
    pub clock: std::sync::Arc<hipe_domain::clock::ShiftedClock>,
    /// The server's services over the same database and clock (to run the legal clocks).
    pub services: hipe_api::graphql::Services,
    _db: TestDatabase,
}

impl TestApp {
    /// Starts the server in demo mode on a fresh database of `engine`.
    pub async fn spawn(engine: Engine) -> Self {
        Self::spawn_with(engine, |_| {}).await
    }

    /// Starts the server on a fresh database of `engine`, with the test settings changed by `configure`.
    pub async fn spawn_with(engine: Engine, configure: impl FnOnce(&mut Settings)) -> Self {
        let db = TestDatabase::create(engine).await;
        let mut settings = settings(&db.url);
        configure(&mut settings);
        let clock = std::sync::Arc::new(hipe_domain::clock::ShiftedClock::default());
        let app = Application::build_with_clock(&settings, clock.clone()).await.expect("the server starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped(std::future::pending()));
        let database = hipe_persistence::connect(&db.url, 2).await.expect("second connection");
        let services = hipe_api::startup::services_with_clock(&database, clock.clone());
        let key_encryption_key = settings.auth.keys.resolve(true).expect("demo mode always has a key");
        let issuer = DevIssuer::load_or_create(&database.signing_keys(), &key_encryption_key, "hipe-test")
            .await
            .expect("issuer");
        Self {
            address,
            client: reqwest::Client::new(),
            database,
            database_url: db.url.clone(),
            key_encryption_key,
            issuer,
            engine,
            clock,
            services,
            _db: db,
        }
    }

    /// The SQL statements the server has run so far (its `/metrics` counter).
    pub async fn sql_statements(&self) -> u64 {
        let text = self
            .client
            .get(format!("{}/metrics", self.address))
            .send()
            .await
            .expect("metrics answered")
            .text()
            .await
            .expect("a text body");
        text.lines()
            .find_map(|line| line.strip_prefix("hipe_sql_statements_total "))
            .and_then(|n| n.trim().parse().ok())
            .expect("the statement counter")
    }

    /// Moves the server's clock forward by `days` calendar days in France: today's French date plus `days`.
    ///
    /// Why not `days × 24 h`: across a change to or from summer time, the same UTC time falls on another French
    /// date near midnight (22:30 UTC is 23:30 in December, 00:30 the next day in April), and a test that meant "the
    /// day before the silence date" would land on it. The clock then moves back (or on) by the hour of difference.
    pub fn advance_days(&self, days: i64) {
        let target = self.today() + chrono::Duration::days(days);
        self.clock.advance(chrono::Duration::days(days));
        for _ in 0..2 {
            match self.today().cmp(&target) {
                std::cmp::Ordering::Greater => self.clock.advance(-chrono::Duration::hours(1)),
                std::cmp::Ordering::Less => self.clock.advance(chrono::Duration::hours(1)),
                std::cmp::Ordering::Equal => break,
            }
        }
        assert_eq!(self.today(), target, "the clock lands on the French date asked");
    }

    /// Runs the legal clocks once, as the server's scheduler does, at the server's (moved) time.
    pub async fn run_clocks(&self) -> hipe_domain::dossier::commands::ClockReport {
        hipe_api::startup::run_clocks(&self.services).await.expect("the clocks run")
    }

    /// Today in France on the server's clock.
    pub fn today(&self) -> chrono::NaiveDate {
        hipe_domain::clock::france_date(hipe_domain::Clock::now(self.clock.as_ref()))
    }

    /// The GraphQL endpoint.
    pub fn graphql_url(&self) -> String {
        format!("{}/graphql", self.address)
    }

    /// A token for `subject`.
    pub fn token(&self, subject: &Subject) -> String {
        self.issuer.issue(subject, 900).expect("token")
    }

    /// POSTs a GraphQL operation, with an optional bearer token; returns the status and the body.
    pub async fn graphql(&self, query: &str, variables: Value, token: Option<&str>) -> (u16, Value) {
        let mut request = self.client.post(self.graphql_url()).json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status().as_u16();
        (status, response.json().await.expect("a JSON body"))
    }

    /// Starts a dossier through the API; returns the `startDossier` payload.
    pub async fn start_dossier(&self, token: &str, procedure: &str, territory: &str, person: Option<&str>) -> Value {
        let mutation = "mutation($code: String!, $territory: String!, $person: ID) {
          startDossier(input: { procedureCode: $code, territory: $territory, personId: $person }) {
            dossier { id reference status channel version territory procedure { code version } }
            userErrors { field code message }
          }
        }";
        let variables = json!({ "code": procedure, "territory": territory, "person": person });
        let (status, body) = self.graphql(mutation, variables, Some(token)).await;
        assert_eq!(status, 200, "{body}");
        body["data"]["startDossier"].clone()
    }

    /// Records a person directly in the database (no API creates persons yet).
    pub async fn create_person(&self, family_name: &str) -> PersonId {
        let id = PersonId::from_uuid(Uuid::now_v7());
        let person = Person::new(
            id,
            Identity {
                family_name: family_name.to_owned(),
                given_names: vec!["Test".to_owned()],
                birth_date: PartialDate::parse("1990-06").expect("date"),
                nationalities: vec![Nationality::parse("SEN").expect("nationality")],
            },
            None,
            chrono::Utc::now(),
        )
        .expect("valid person");
        hipe_domain::person::PersonRepository::insert(&self.database.persons(), &person).await.expect("stored");
        id
    }
}

/// A partner client registered as `hipe partner create` does it, with its secret in clear.
pub struct TestPartner {
    /// The client id.
    pub client_id: String,
    /// The secret.
    pub secret: String,
}

impl TestApp {
    /// Registers a partner client with `scopes`, as `hipe partner create` does.
    pub async fn create_partner(&self, name: &str, scopes: &[hipe_domain::actor::Scope]) -> TestPartner {
        let (client, secret) = hipe_api::partners::create(&self.database.partners(), name, scopes, chrono::Utc::now())
            .await
            .expect("partner created");
        TestPartner { client_id: client.client_id().as_str().to_owned(), secret: secret.expose().to_owned() }
    }

    /// POSTs a form to `/oauth/token` with optional HTTP Basic credentials; returns the status, the headers and
    /// the JSON body.
    pub async fn token_request(
        &self,
        form: &[(&str, &str)],
        basic: Option<(&str, &str)>,
    ) -> (u16, reqwest::header::HeaderMap, Value) {
        let body: String =
            form.iter().map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v))).collect::<Vec<_>>().join("&");
        let mut request = self
            .client
            .post(format!("{}/oauth/token", self.address))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        if let Some((id, secret)) = basic {
            request = request.basic_auth(id, Some(secret));
        }
        let response = request.send().await.expect("request sent");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        (status, headers, response.json().await.expect("a JSON body"))
    }

    /// A partner access token, by HTTP Basic client authentication.
    pub async fn partner_token(&self, partner: &TestPartner) -> String {
        let (status, _, body) = self
            .token_request(&[("grant_type", "client_credentials")], Some((&partner.client_id, &partner.secret)))
            .await;
        assert_eq!(status, 200, "{body}");
        body["access_token"].as_str().expect("access_token").to_owned()
    }
}

/// Percent-encodes a form component (RFC 3986 unreserved characters kept).
fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(b).to_string(),
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The text of a front end's operation under `tests/operations/` (`operation!("mobile/Home")`): the scenario tests
/// run exactly the documents the front ends use.
#[macro_export]
macro_rules! operation {
    ($path:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/operations/", $path, ".graphql"))
    };
}

impl TestApp {
    /// Runs `operation` with `variables` and `token`; returns its `data`, failing the test on any top-level
    /// error.
    pub async fn run(&self, operation: &str, variables: Value, token: &str) -> Value {
        let (status, body) = self.graphql(operation, variables, Some(token)).await;
        assert!(status == 200 && body.get("errors").is_none(), "{status} {body}");
        body["data"].clone()
    }

    /// Runs a mutation operation whose payload is `field`; returns the payload, failing the test when it carries
    /// user errors.
    pub async fn mutate(&self, operation: &str, field: &str, input: Value, token: &str) -> Value {
        let payload = self.run(operation, json!({ "input": input }), token).await[field].clone();
        assert_eq!(payload["userErrors"], json!([]), "{field}: {payload}");
        payload
    }

    /// Runs a mutation expected to be refused; returns its first user error's code.
    pub async fn refused(&self, operation: &str, field: &str, input: Value, token: &str) -> String {
        let payload = self.run(operation, json!({ "input": input }), token).await[field].clone();
        payload["userErrors"][0]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("{field} was not refused: {payload}"))
            .to_owned()
    }
}

/// The first error code of a GraphQL response.
pub fn error_code(body: &Value) -> Option<&str> {
    body["errors"][0]["extensions"]["code"].as_str()
}

/// Writes a scenario once and runs it on SQLite and on PostgreSQL, optionally with [`TestOptions`] or with
/// settings changed by a closure.
///
/// ```ignore
/// on_both_databases! {
///     async fn the_catalogue_is_public(app) { … }
/// }
/// on_both_databases! {
///     async fn an_identity_provider_is_trusted(app with TestOptions::with_fixture_issuers()) { … }
///     async fn a_small_burst(app, |s: &mut Settings| s.partners.burst = 2) { … }
/// }
/// ```
#[macro_export]
macro_rules! on_both_databases {
    ($(#[$meta:meta])* async fn $name:ident($app:ident) $body:block) => {
        $crate::on_both_databases! {
            $(#[$meta])* async fn $name($app with $crate::TestOptions::default()) $body
        }
    };
    ($(#[$meta:meta])* async fn $name:ident($app:ident with $options:expr) $body:block) => {
        $crate::on_both_databases! {
            $(#[$meta])* async fn $name($app, $options.into_configure()) $body
        }
    };
    // The same, on a server whose settings `$configure` (a `FnOnce(&mut Settings)`) changes.
    ($(#[$meta:meta])* async fn $name:ident($app:ident, $configure:expr) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports, reason = "each scenario uses part of its file's imports")]
            use super::*;

            async fn scenario($app: $crate::TestApp) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                scenario($crate::TestApp::spawn_with($crate::Engine::Sqlite, $configure).await).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                scenario($crate::TestApp::spawn_with($crate::Engine::Postgres, $configure).await).await;
            }
        }
    };
}

/// The global id the API gives the dossier with this UUID (ids are opaque to clients; tests forge unknown ones).
pub fn dossier_id_of(id: Uuid) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("Dossier:{id}"))
}

/// The global id the API gives the person with this id.
pub fn person_id_of(id: PersonId) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("Person:{}", id.as_uuid()))
}

impl TestOptions {
    /// The settings change these options make.
    pub fn into_configure(self) -> impl FnOnce(&mut Settings) {
        move |settings| {
            settings.auth.issuers_file = self.issuers_file;
            settings.auth.keys.key_encryption_key = self.key_encryption_key;
        }
    }
}

/// Runs a storage-level test — an async closure taking the [`Engine`] — on SQLite and on PostgreSQL, for tests that
/// need a database but no server (migrations, repository contracts).
#[macro_export]
macro_rules! on_both_engines {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                ($body)($crate::Engine::Sqlite).await;
            }

            #[tokio::test]
            async fn postgres() {
                ($body)($crate::Engine::Postgres).await;
            }
        }
    };
}

impl TestApp {
    /// Seeds `dossiers` synthetic dossiers (with their persons, timelines, documents and permits), as
    /// `hipe seed --scale` does, anchored on the server's clock.
    pub async fn seed_at_scale(&self, dossiers: u64) -> hipe_persistence::bulk::LoadCounts {
        let options = hipe_api::seed::SeedOptions {
            dossiers,
            seed: 5,
            now: hipe_domain::Clock::now(self.clock.as_ref()),
            progress: false,
        };
        hipe_api::seed::seed(&self.database, &options).await.expect("seeded").counts
    }

    /// A token of a prefecture agent with `role` over every territory the seeder fills.
    pub fn seeded_territories_agent(&self, role: hipe_domain::AgentRole) -> String {
        let territories = hipe_api::seed::names::TERRITORIES
            .iter()
            .map(|(code, _)| hipe_domain::territory::Territory::parse(code).expect("territory"))
            .collect();
        self.token(&Subject::Agent {
            id: format!("bench-{}", role.code()),
            role,
            organisation: "Préfecture (bench)".to_owned(),
            territories,
        })
    }

    /// The rows of a raw SQL query, on a connection of their own (arranging and inspecting seeded data).
    pub async fn sql(&self, sql: &str) -> Vec<sea_orm::QueryResult> {
        let connection = sea_orm::Database::connect(&self.database_url).await.expect("connects");
        let backend = connection.get_database_backend();
        let rows = connection.query_all_raw(sea_orm::Statement::from_string(backend, sql)).await.expect("query runs");
        let _ = connection.close().await;
        rows
    }
}

/// The UUID inside a global id (`base64url("Type:uuid")`).
pub fn uuid_of(global_id: &str) -> Uuid {
    use base64::Engine as _;
    let text = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(global_id).expect("base64");
    let text = String::from_utf8(text).expect("utf-8");
    Uuid::parse_str(text.split_once(':').expect("Type:uuid").1).expect("uuid")
}
