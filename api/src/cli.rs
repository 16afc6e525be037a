//! The `hipe` command line. Each command reads only the settings it needs; all of them from flags or `HIPE_*`
//! variables, validated before anything runs.

use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use hipe_domain::AgentRole;
use hipe_domain::person::PersonId;
use hipe_domain::territory::Territory;
use uuid::Uuid;

use crate::auth::{DevIssuer, Subject, dev_issuer_max_ttl};
use crate::settings::{DatabaseSettings, LogSettings, Settings};
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
    /// Seed the demo data (once) and exit.
    Seed {
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
}

#[derive(Debug, clap::Args)]
struct TokenArgs {
    #[command(flatten)]
    database: DatabaseSettings,
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
        Command::Seed { database } => {
            let db = hipe_persistence::connect(&database.url, database.max_connections).await?;
            db.migrate().await?;
            crate::demo::seed(&services(&db)).await.context("seeding demo data")?;
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
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let app = Application::build(&settings).await?;
    let address = std::net::SocketAddr::new(settings.server.listen.ip(), app.port());
    if settings.server.demo {
        let db = hipe_persistence::connect(&settings.database.url, 1).await?;
        let issuer = DevIssuer::load_or_create(&db.signing_keys(), &settings.server.token_issuer).await?;
        print_demo_tokens(&issuer, dev_issuer_max_ttl())?;
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
    let issuer = DevIssuer::load_or_create(&db.signing_keys(), &args.issuer).await?;
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
