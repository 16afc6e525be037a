//! `hipe-bench`: the Rust half of `make bench` (`bench/run` is the other).
//!
//! - `prepare` picks the benchmark's subjects in a seeded database — the person with the most dossiers, dossiers
//!   under review, a valid permit and its holder's birth date — registers a partner, and writes for each operation
//!   of `bench/operations/` the request body and the bearer token the load tool sends.
//! - `ceiling` measures a read's **ceiling**: it starts the server in this process on the same database, sends the
//!   operation once while the pool records its statements, then replays those `SELECT`s directly on a fresh pool —
//!   no HTTP, no GraphQL, no decoding into domain values — at the same concurrency, and prints requests per second
//!   and latencies as one JSON line. The ratio of the served throughput to this one is the cost of everything HIPE
//!   adds on top of the database.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use hipe_api::auth::{DevIssuer, Subject};
use hipe_api::settings::{AuthSettings, DatabaseSettings, KeySettings, PartnerSettings, ServerSettings, Settings};
use hipe_domain::AgentRole;
use hipe_domain::actor::Scope;
use hipe_domain::person::PersonId;
use hipe_domain::territory::Territory;
use sea_orm::ConnectionTrait as _;
use serde_json::{Value, json};

/// The operations, by name: their documents are the files the statement-count tests read too.
const OPERATIONS: [(&str, &str); 6] = [
    ("MobileHome", include_str!("../../operations/MobileHome.graphql")),
    ("Notifications", include_str!("../../operations/Notifications.graphql")),
    ("WorkQueuePage", include_str!("../../operations/WorkQueuePage.graphql")),
    ("DossierInFull", include_str!("../../operations/DossierInFull.graphql")),
    ("VerifyResidenceRight", include_str!("../../operations/VerifyResidenceRight.graphql")),
    ("DecideDossier", include_str!("../../operations/DecideDossier.graphql")),
];

/// The issuer the benchmarked server signs its tokens as (`hipe serve`'s default).
const TOKEN_ISSUER: &str = "hipe-dev";

#[derive(Debug, Parser)]
#[command(name = "hipe-bench", about = "make bench's subjects, tokens and ceilings")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write each operation's request body (`OP.body.json`; `DecideDossier.bodies.txt`, one per line) and token
    /// (`OP.token`) into DIR.
    Prepare {
        /// The seeded database.
        #[arg(long)]
        database_url: String,
        /// Where to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Replay the statements one request of OPERATION runs, directly, at CONCURRENCY for SECONDS.
    Ceiling {
        /// The seeded database.
        #[arg(long)]
        database_url: String,
        /// Where `prepare` wrote.
        #[arg(long)]
        dir: PathBuf,
        /// The operation's name (`WorkQueuePage`…).
        #[arg(long)]
        operation: String,
        /// Concurrent clients.
        #[arg(long, default_value_t = 1)]
        concurrency: u32,
        /// How long.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        match cli.command {
            Command::Prepare { database_url, out } => prepare(&database_url, &out).await,
            Command::Ceiling { database_url, dir, operation, concurrency, seconds } => {
                ceiling(&database_url, &dir, &operation, concurrency, Duration::from_secs(seconds)).await
            }
        }
    })
}

fn document(operation: &str) -> anyhow::Result<&'static str> {
    OPERATIONS
        .iter()
        .find(|(name, _)| *name == operation)
        .map(|(_, document)| *document)
        .with_context(|| format!("unknown operation {operation}"))
}

async fn rows(url: &str, sql: &str) -> anyhow::Result<Vec<sea_orm::QueryResult>> {
    let connection = sea_orm::Database::connect(url).await?;
    let backend = connection.get_database_backend();
    let rows = connection.query_all_raw(sea_orm::Statement::from_string(backend, sql)).await?;
    connection.close().await?;
    Ok(rows)
}

fn global_id(kind: &str, id: uuid::Uuid) -> String {
    // The API's opaque ids: base64url of `Type:uuid`, without padding.
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bytes = format!("{kind}:{id}").into_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0_u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

async fn prepare(url: &str, out: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(out)?;
    let db = hipe_persistence::connect(url, 2).await?;
    let key = KeySettings { key_encryption_key: None }.resolve(true).context("the development key")?;
    let issuer = DevIssuer::load_or_create(&db.signing_keys(), &key, TOKEN_ISSUER).await?;
    let agent = |role: AgentRole| {
        let territories =
            hipe_api::seed::names::TERRITORIES.iter().filter_map(|(code, _)| Territory::parse(code).ok()).collect();
        Subject::Agent {
            id: format!("bench-{}", role.code()),
            role,
            organisation: "Préfecture (bench)".to_owned(),
            territories,
        }
    };
    let write = |name: &str, body: &Value, token: &str| -> anyhow::Result<()> {
        std::fs::write(out.join(format!("{name}.body.json")), body.to_string())?;
        std::fs::write(out.join(format!("{name}.token")), token)?;
        Ok(())
    };
    let body = |name: &str, variables: Value| -> anyhow::Result<Value> {
        Ok(json!({ "query": document(name)?, "variables": variables }))
    };

    let person: uuid::Uuid =
        rows(url, "SELECT person_id FROM dossier GROUP BY person_id ORDER BY COUNT(*) DESC LIMIT 1")
            .await?
            .first()
            .context("no dossier: seed first")?
            .try_get("", "person_id")?;
    let mobile = issuer.issue(&Subject::Person(PersonId::from_uuid(person)), 900)?;
    write("MobileHome", &body("MobileHome", json!({}))?, &mobile)?;
    write("Notifications", &body("Notifications", json!({}))?, &mobile)?;

    let instructor = issuer.issue(&agent(AgentRole::PrefectureInstructor), 900)?;
    write("WorkQueuePage", &body("WorkQueuePage", json!({ "first": 50 }))?, &instructor)?;

    let under_review: Vec<uuid::Uuid> =
        rows(url, "SELECT id FROM dossier WHERE status = 'UNDER_REVIEW' ORDER BY id LIMIT 200000")
            .await?
            .iter()
            .map(|row| row.try_get("", "id"))
            .collect::<Result<_, _>>()?;
    let first = *under_review.first().context("no dossier under review")?;
    write("DossierInFull", &body("DossierInFull", json!({ "id": global_id("Dossier", first) }))?, &instructor)?;

    let permit = rows(
        url,
        "SELECT r.number, p.birth_year, p.birth_month, p.birth_day FROM residence_document r \
         JOIN person p ON p.id = r.person_id WHERE r.status = 'VALID' \
         AND r.kind IN ('TEMPORARY_PERMIT', 'MULTI_YEAR_PERMIT', 'RESIDENT_CARD') ORDER BY r.number LIMIT 1",
    )
    .await?;
    let permit = permit.first().context("no valid permit")?;
    let part = |column: &str| permit.try_get::<Option<i32>>("", column);
    let birth_date = match (part("birth_year")?, part("birth_month")?, part("birth_day")?) {
        (Some(y), Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
        (Some(y), Some(m), None) => format!("{y:04}-{m:02}"),
        (y, _, _) => format!("{:04}", y.unwrap_or_default()),
    };
    let number: String = permit.try_get("", "number")?;
    let partner = match hipe_domain::partner::PartnerRepository::find(
        &db.partners(),
        &hipe_domain::partner::ClientId::parse("prt_bench")?,
    )
    .await?
    {
        Some(client) => client,
        None => {
            hipe_api::partners::create_with_id(
                &db.partners(),
                hipe_domain::partner::ClientId::parse("prt_bench")?,
                "Bench employer",
                &[Scope::PermitVerify],
                chrono::Utc::now(),
            )
            .await?
            .0
        }
    };
    let partner_token = issuer.issue_partner(partner.client_id(), &[Scope::PermitVerify], 900)?;
    let verify = body("VerifyResidenceRight", json!({ "documentNumber": number, "birthDate": birth_date }))?;
    write("VerifyResidenceRight", &verify, &partner_token)?;

    // The write: each request refuses another dossier under review (the last ones: the first is read in full).
    let signatory = issuer.issue(&agent(AgentRole::PrefectureSignatory), 900)?;
    let bodies: Vec<String> = under_review
        .iter()
        .skip(1)
        .map(|id| {
            body(
                "DecideDossier",
                json!({ "input": { "dossierId": global_id("Dossier", *id), "outcome": "REFUSE",
                                   "legalBasis": "CESEDA L.432-1", "reasons": "Conditions non remplies." } }),
            )
            .map(|b| b.to_string())
        })
        .collect::<anyhow::Result<_>>()?;
    std::fs::write(out.join("DecideDossier.bodies.txt"), bodies.join("\n"))?;
    std::fs::write(out.join("DecideDossier.token"), &signatory)?;
    db.close().await;
    Ok(())
}

async fn ceiling(url: &str, dir: &Path, operation: &str, concurrency: u32, length: Duration) -> anyhow::Result<()> {
    let settings = Settings {
        database: DatabaseSettings { url: url.to_owned(), max_connections: 2 },
        server: ServerSettings {
            listen: "127.0.0.1:0".parse()?,
            body_limit: 100_000,
            request_timeout_secs: 30,
            clock_interval_secs: 0,
            demo: true,
            no_migrate: true,
            token_issuer: TOKEN_ISSUER.to_owned(),
        },
        auth: AuthSettings { issuers_file: None, keys: KeySettings { key_encryption_key: None } },
        partners: PartnerSettings::default(),
    };
    let app = hipe_api::startup::Application::build(&settings).await?;
    let server_db = app.database().clone();
    let address = format!("http://127.0.0.1:{}/graphql", app.port());
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    let body: Value = serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{operation}.body.json")))?)?;
    let token = std::fs::read_to_string(dir.join(format!("{operation}.token")))?;
    let client = reqwest::Client::new();
    let send = || client.post(&address).bearer_auth(token.trim()).json(&body).send();
    send().await?.error_for_status()?;
    server_db.start_recording();
    let answer: Value = send().await?.error_for_status()?.json().await?;
    let recorded = server_db.stop_recording();
    anyhow::ensure!(answer.get("errors").is_none(), "{operation} failed: {answer}");
    let reads = recorded.reads();

    let pool = hipe_persistence::connect(url, concurrency).await?;
    let deadline = Instant::now() + length;
    let reads = Arc::new(reads);
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (pool, reads) = (pool.clone(), reads.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while Instant::now() < deadline {
                    let started = Instant::now();
                    pool.replay(&reads).await?;
                    latencies.push(started.elapsed());
                }
                Ok::<_, hipe_domain::Error>(latencies)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for worker in workers {
        latencies.extend(worker.await??);
    }
    latencies.sort_unstable();
    let percentile = |p: usize| latencies.get((latencies.len() * p / 100).min(latencies.len().saturating_sub(1)));
    let ms = |d: Option<&Duration>| d.map_or(0.0, |d| d.as_secs_f64() * 1_000.0);
    #[expect(clippy::cast_precision_loss, reason = "a rate")]
    let rps = latencies.len() as f64 / length.as_secs_f64();
    println!(
        "{}",
        json!({
            "operation": operation,
            "concurrency": concurrency,
            "statements": recorded.len(),
            "replayed": reads.len(),
            "rps": rps,
            "p50_ms": ms(percentile(50)),
            "p99_ms": ms(percentile(99)),
        })
    );
    Ok(())
}
