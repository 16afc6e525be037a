//! The `hipe` command line. Each command reads only the settings it needs; all of them from flags or `HIPE_*`
//! variables, validated before anything runs.

use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use hipe_domain::AgentRole;
use hipe_domain::actor::Scope;
use hipe_domain::partner::policy;
use hipe_domain::person::PersonId;
use hipe_domain::territory::Territory;
use uuid::Uuid;

use crate::auth::{DevIssuer, Subject, dev_issuer_max_ttl, keyring};
use crate::http::oauth::TOKEN_TTL_SECS;
use crate::settings::{DatabaseSettings, KeySettings, LogSettings, Settings};
use crate::startup::{Application, services, shutdown_signal};

/// HIPE: one GraphQL API over the foreigner's journey in France.
#[derive(Debug, Parser)]
#[command(name = "hipe", version, about)]
struct Cli {
    #[command(flatten)]
    log: LogSettings,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Migrate (unless --no-migrate) and serve the API.
    Serve(Settings),
    /// Apply pending migrations and exit.
    Migrate {
        #[command(flatten)]
        database: DatabaseSettings,
    },
    /// Seed the demo data (once) and exit; with --scale N, a synthetic data set of N dossiers instead.
    Seed {
        #[command(flatten)]
        database: DatabaseSettings,
        /// Generate N dossiers with their persons, timelines, documents, decisions and permits (the benchmark's
        /// data set) instead of the demo data. Seed a fresh database.
        #[arg(long, value_name = "N")]
        scale: Option<u64>,
        /// The generator's seed: the same seed on the same day gives the same data (1 to 9 never collide).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// No progress bar on stderr.
        #[arg(long, default_value_t = false)]
        quiet: bool,
    },
    /// Run the legal clocks once (implicit refusals, extension certificates) and exit — for a scheduler, when
    /// the servers run with `--clock-interval 0`.
    Clocks {
        #[command(flatten)]
        database: DatabaseSettings,
    },
    /// Print the schema's SDL (what `schema.graphql` holds), or one audience's view of it.
    Schema {
        /// public, mobile, ministry, ofii, auditor or partner.
        #[arg(long, value_parser = parse_audience)]
        audience: Option<hipe_domain::Audience>,
    },
    /// Print a development token (demo only: the server trusts these tokens only with --demo).
    Token(TokenArgs),
    /// Manage HIPE's own signing keys.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Manage partner clients (OAuth client credentials at POST /oauth/token).
    Partner(PartnerArgs),
}

#[derive(Debug, Subcommand)]
enum KeysCommand {
    /// Add a new signing key, which signs from now on; the previous keys keep verifying for 15 minutes (the
    /// longest life of a token HIPE signs), then are no longer trusted.
    Rotate(RotateArgs),
}

#[derive(Debug, clap::Args)]
struct RotateArgs {
    #[command(flatten)]
    database: DatabaseSettings,
    #[command(flatten)]
    keys: KeySettings,
    /// Demo database: without a configured key-encryption key, seal with the public development key.
    #[arg(long, env = "HIPE_DEMO", default_value_t = false)]
    demo: bool,
}

#[derive(Debug, clap::Args)]
struct PartnerArgs {
    #[command(subcommand)]
    action: PartnerAction,
}

#[derive(Debug, Subcommand)]
enum PartnerAction {
    /// Register a partner client; prints its client id and secret — the secret this once only.
    Create {
        #[command(flatten)]
        database: DatabaseSettings,
        /// The partner's name (its organisation), shown to the persons whose files it reads.
        #[arg(long)]
        name: String,
        /// Comma-separated scopes to grant: `permit:verify`.
        #[arg(long, required = true, value_delimiter = ',', value_parser = parse_scope)]
        scopes: Vec<Scope>,
    },
    /// List partner clients (never their secrets).
    List {
        #[command(flatten)]
        database: DatabaseSettings,
    },
    /// Disable a client: no new token at once; its live tokens stop working within the servers'
    /// `HIPE_PARTNER_STATUS_TTL`.
    Disable {
        #[command(flatten)]
        database: DatabaseSettings,
        /// The client id.
        client_id: String,
    },
}

impl PartnerAction {
    const fn database(&self) -> &DatabaseSettings {
        match self {
            Self::Create { database, .. } | Self::List { database } | Self::Disable { database, .. } => database,
        }
    }
}

#[derive(Debug, clap::Args)]
struct TokenArgs {
    #[command(flatten)]
    database: DatabaseSettings,
    #[command(flatten)]
    keys: KeySettings,
    /// Issuer (`iss`) of the token; must match the server's.
    #[arg(long = "token-issuer", env = "HIPE_TOKEN_ISSUER", default_value = "hipe-dev")]
    issuer: String,
    /// Lifetime in seconds (at most 900).
    #[arg(long, default_value_t = 900, value_parser = clap::value_parser!(i64).range(1..=dev_issuer_max_ttl()))]
    ttl: i64,
    #[command(subcommand)]
    subject: TokenSubject,
}

#[derive(Debug, Subcommand)]
enum TokenSubject {
    /// A token for a person (mobile audience).
    Person {
        /// The person's UUID.
        id: Uuid,
    },
    /// A token for an agent.
    Agent {
        /// Agent id.
        #[arg(long, default_value = "dev-agent")]
        id: String,
        /// Role: `prefecture_desk`, `prefecture_instructor`, `prefecture_signatory`, `ofii_agent`, `ofii_doctor` or `auditor`.
        #[arg(long, value_parser = parse_role)]
        role: AgentRole,
        /// Organisation.
        #[arg(long)]
        organisation: String,
        /// Comma-separated département codes (`75,92`).
        #[arg(long, value_delimiter = ',', value_parser = parse_territory)]
        territories: Vec<Territory>,
    },
    /// One token per demo persona.
    Demo,
}

fn parse_role(text: &str) -> Result<AgentRole, String> {
    AgentRole::parse(text).ok_or_else(|| {
        let roles: Vec<&str> = AgentRole::ALL.iter().map(|r| r.code()).collect();
        format!("expected one of {}", roles.join(", "))
    })
}

fn parse_audience(text: &str) -> Result<hipe_domain::Audience, String> {
    crate::graphql::audience::parse(text)
        .ok_or_else(|| "expected public, mobile, ministry, ofii, auditor or partner".to_owned())
}

fn parse_scope(text: &str) -> Result<Scope, String> {
    Scope::parse(text).ok_or_else(|| {
        let scopes: Vec<&str> = Scope::ALL.iter().map(|s| s.code()).collect();
        format!("expected one of {}", scopes.join(", "))
    })
}

fn parse_territory(text: &str) -> Result<Territory, String> {
    Territory::parse(text).map_err(|e| e.to_string())
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(error) = crate::telemetry::init(&cli.log) {
        eprintln!("error: {error:#}");
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "hipe stopped on an error");
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(settings) => serve(settings).await,
        Command::Migrate { database } => {
            let db = hipe_persistence::connect(&database.url, database.max_connections).await?;
            db.migrate().await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Seed { database, scale: None, .. } => {
            let db = hipe_persistence::connect(&database.url, database.max_connections).await?;
            db.migrate().await?;
            crate::demo::seed(&services(&db)).await.context("seeding demo data")?;
            Ok(())
        }
        Command::Clocks { database } => {
            let db = hipe_persistence::connect(&database.url, database.max_connections).await?;
            let report = crate::startup::run_clocks(&services(&db)).await.context("running the legal clocks")?;
            println!(
                "implicit refusals: {}, extension certificates: {}, renewal windows announced: {}, left for the next run: {}",
                report.implicit_refusals, report.extensions, report.renewal_windows, report.retried
            );
            Ok(())
        }
        Command::Seed { database, scale: Some(dossiers), seed, quiet } => {
            let db = hipe_persistence::connect(&database.url, database.max_connections.max(3)).await?;
            db.migrate().await?;
            let options = crate::seed::SeedOptions { dossiers, seed, now: chrono::Utc::now(), progress: !quiet };
            let report = crate::seed::seed(&db, &options).await.context("seeding at scale")?;
            let c = report.counts;
            println!(
                "Seeded {} dossiers in {:.1}s: {} persons, {} name keys, {} identity records, {} events, {} documents, \
                 {} requests, {} decisions, {} residence documents, {} notifications ({} rows).",
                c.dossiers,
                report.elapsed.as_secs_f64(),
                c.persons,
                c.name_keys,
                c.identity_records,
                c.events,
                c.documents,
                c.requests,
                c.decisions,
                c.residence_documents,
                c.notifications,
                c.total()
            );
            db.close().await;
            Ok(())
        }
        Command::Schema { audience: None } => {
            print!("{}", crate::graphql::sdl());
            Ok(())
        }
        Command::Schema { audience: Some(audience) } => {
            print!("{}", crate::graphql::read_view(audience).await?.sdl());
            Ok(())
        }
        Command::Token(args) => token(args).await,
        Command::Keys { command: KeysCommand::Rotate(args) } => rotate(args).await,
        Command::Partner(args) => partner(args).await,
    }
}

async fn partner(args: PartnerArgs) -> anyhow::Result<()> {
    let db = hipe_persistence::connect(&args.action.database().url, 1).await?;
    db.migrate().await?;
    let partners = db.partners();
    let now = chrono::Utc::now();
    match args.action {
        PartnerAction::Create { name, scopes, .. } => {
            let (client, secret) = crate::partners::create(&partners, &name, &scopes, now).await?;
            println!("Partner client created. Keep the secret now: it is shown this once, HIPE stores only its hash.");
            println!("  client_id:     {}", client.client_id());
            println!("  client_secret: {}", secret.expose());
            println!("  scopes:        {}", policy::scope_string(client.scopes()));
            tracing::info!(partner.client_id = %client.client_id(), "partner client created");
        }
        PartnerAction::List { .. } => {
            let clients = hipe_domain::partner::PartnerRepository::list(&partners).await?;
            if clients.is_empty() {
                println!("No partner client. Create one with: hipe partner create --name NAME --scopes permit:verify");
            }
            for client in &clients {
                println!("{}", crate::partners::describe(client));
            }
        }
        PartnerAction::Disable { client_id, .. } => {
            let client = crate::partners::disable(&partners, &client_id, now).await?;
            println!("{}", crate::partners::describe(&client));
            println!(
                "No new token from now on; live tokens stop working within each server's HIPE_PARTNER_STATUS_TTL."
            );
            tracing::info!(partner.client_id = %client.client_id(), "partner client disabled");
        }
    }
    db.close().await;
    Ok(())
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let app = Application::build(&settings).await?;
    let address = std::net::SocketAddr::new(settings.server.listen.ip(), app.port());
    if settings.server.demo {
        if let Some(issuer) = app.dev_issuer() {
            print_demo_tokens(issuer, dev_issuer_max_ttl())?;
        }
        let db = hipe_persistence::connect(&settings.database.url, 1).await?;
        match crate::demo::partner(&services(&db)).await.context("preparing the demo partner")? {
            Some((client_id, secret)) => {
                println!(
                    "Demo partner (scope permit:verify; a new secret at every start; tokens live {} minutes):",
                    TOKEN_TTL_SECS / 60
                );
                println!("  client_id:     {client_id}\n  client_secret: {}", secret.expose());
                println!(
                    "  token:         curl -s -u '{client_id}:{}' -d grant_type=client_credentials http://{address}/oauth/token",
                    secret.expose()
                );
            }
            None => println!("Demo partner {}: disabled.", crate::demo::DEMO_PARTNER),
        }
        println!("GraphiQL: http://{address}/graphiql");
    }
    tracing::info!(address = %address, demo = settings.server.demo, "serving HIPE");
    println!("HIPE serving on http://{address}/graphql");
    app.run_until_stopped(shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

fn print_demo_tokens(issuer: &DevIssuer, ttl: i64) -> anyhow::Result<()> {
    println!("Demo tokens (valid {} minutes; `hipe token demo` prints fresh ones):", ttl / 60);
    for (label, subject) in crate::demo::personas() {
        println!("  {label}\n    {}", issuer.issue(&subject, ttl)?);
    }
    Ok(())
}

async fn token(args: TokenArgs) -> anyhow::Result<()> {
    let db = hipe_persistence::connect(&args.database.url, 1).await?;
    db.migrate().await?;
    // Development tokens only: without a configured key, the demo's development key-encryption key.
    let kek = args.keys.resolve(true).context("no key-encryption key")?;
    let issuer = DevIssuer::load_or_create(&db.signing_keys(), &kek, &args.issuer)
        .await
        .context("opening HIPE's signing key (HIPE_KEY_ENCRYPTION_KEY must be the server's)")?;
    let subject = match args.subject {
        TokenSubject::Person { id } => Subject::Person(PersonId::from_uuid(id)),
        TokenSubject::Agent { id, role, organisation, territories } => {
            Subject::Agent { id, role, organisation, territories }
        }
        TokenSubject::Demo => return print_demo_tokens(&issuer, args.ttl),
    };
    println!("{}", issuer.issue(&subject, args.ttl)?);
    Ok(())
}

async fn rotate(args: RotateArgs) -> anyhow::Result<()> {
    let kek = args.keys.resolve(args.demo).context(
        "a key-encryption key is required to seal the new key: set HIPE_KEY_ENCRYPTION_KEY (32 bytes in base64, \
         `openssl rand -base64 32`), or pass --demo for a demo database",
    )?;
    let db = hipe_persistence::connect(&args.database.url, 1).await?;
    db.migrate().await?;
    let store = db.signing_keys();
    // Rotation never needs the old private key; but a key-encryption key that differs from the one sealing the
    // current key means servers must be given this one, which deserves a word.
    let opens_current = keyring::signing_key(&store, &kek).await.is_ok();
    let rotation = keyring::rotate(&store, &kek, chrono::Utc::now()).await.context("rotating the signing key")?;
    tracing::info!(kid = %rotation.kid, "signing key rotated");
    println!("New signing key: {}", rotation.kid);
    println!(
        "Previous keys keep verifying until {} (then they are no longer trusted).",
        rotation.predecessors_trusted_until.to_rfc3339()
    );
    if !opens_current {
        println!(
            "Note: the previous signing key was sealed under another key-encryption key (or could not be read); \
             servers now need this one."
        );
    }
    Ok(())
}
