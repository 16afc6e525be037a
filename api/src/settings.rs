//! The one typed configuration of the server, read from flags and `HIPE_*` environment variables (flags win).
//! Every value is validated when the process starts; a bad value stops it with a message naming the setting, its
//! variable, and the expected form.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};

use crate::auth::KeyEncryptionKey;

/// Where the data lives and how to reach it.
#[derive(Debug, Clone, Args)]
pub struct DatabaseSettings {
    /// Database URL: `sqlite://PATH?mode=rwc` (embedded file, the default) or `postgres://USER@HOST:PORT/DB`.
    #[arg(long = "database-url", env = "HIPE_DATABASE_URL", default_value = "sqlite://hipe.db?mode=rwc", value_parser = parse_database_url)]
    pub url: String,

    /// Largest number of pooled database connections.
    #[arg(long = "database-max-connections", env = "HIPE_DATABASE_MAX_CONNECTIONS", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub max_connections: u32,
}

/// How the server runs.
#[derive(Debug, Clone, Args)]
pub struct ServerSettings {
    /// Address to listen on (`HOST:PORT`; port 0 picks a free port).
    #[arg(long, env = "HIPE_LISTEN", default_value = "127.0.0.1:8080", value_parser = parse_listen)]
    pub listen: SocketAddr,

    /// Largest request body read before authentication, in bytes; each audience then has its own, smaller or
    /// equal, limit (see `graphql::audience`).
    #[arg(long = "body-limit", env = "HIPE_BODY_LIMIT", default_value_t = 131_072, value_parser = clap::value_parser!(u64).range(1_024..=10_000_000))]
    pub body_limit: u64,

    /// Seconds a request may run before it is cut with 503.
    #[arg(long = "request-timeout", env = "HIPE_REQUEST_TIMEOUT", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub request_timeout_secs: u64,

    /// Seconds between two runs of the legal clocks (implicit refusals, extension certificates); 0 turns them off
    /// in this process (another one runs them, or `hipe clocks` from a scheduler).
    #[arg(long = "clock-interval", env = "HIPE_CLOCK_INTERVAL", default_value_t = 300)]
    pub clock_interval_secs: u64,

    /// Demo mode (what `make run` uses): seed demo data once, enable the development token issuer, GraphiQL and
    /// introspection. Never in production.
    #[arg(long, env = "HIPE_DEMO", default_value_t = false)]
    pub demo: bool,

    /// Do not apply pending migrations at start (when a separate `hipe migrate` step owns them).
    #[arg(long = "no-migrate", env = "HIPE_NO_MIGRATE", default_value_t = false)]
    pub no_migrate: bool,

    /// Issuer (`iss`) of the tokens HIPE signs itself.
    #[arg(long = "token-issuer", env = "HIPE_TOKEN_ISSUER", default_value = "hipe-dev")]
    pub token_issuer: String,
}

impl ServerSettings {
    /// The request timeout.
    pub const fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    /// The legal clocks' interval, when they run in this process.
    pub const fn clock_interval(&self) -> Option<Duration> {
        if self.clock_interval_secs == 0 { None } else { Some(Duration::from_secs(self.clock_interval_secs)) }
    }
}

/// Partner applications: how fast each may call, and how soon disabling one ends its live tokens.
#[derive(Debug, Clone, Args)]
pub struct PartnerSettings {
    /// Sustained requests per second each partner may send to `/graphql` (a token bucket per client id, kept in
    /// memory by each process: N replicas let a partner send N times as much).
    #[arg(long = "partner-rate-per-second", env = "HIPE_PARTNER_RATE_PER_SECOND", default_value_t = 10.0, value_parser = parse_rate)]
    pub rate_per_second: f64,

    /// Requests a partner may send at once above the sustained rate (the bucket's size).
    #[arg(long = "partner-burst", env = "HIPE_PARTNER_BURST", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub burst: u32,

    /// Seconds a partner client's status is cached: a disabled client's tokens stop working within this delay
    /// (0 reads the database on every request; 60 at most).
    #[arg(long = "partner-status-ttl", env = "HIPE_PARTNER_STATUS_TTL", default_value_t = 30, value_parser = clap::value_parser!(u64).range(0..=60))]
    pub status_ttl_secs: u64,
}

impl PartnerSettings {
    /// How long a partner client's status is cached.
    pub const fn status_ttl(&self) -> Duration {
        Duration::from_secs(self.status_ttl_secs)
    }
}

impl Default for PartnerSettings {
    fn default() -> Self {
        Self { rate_per_second: 10.0, burst: 20, status_ttl_secs: 30 }
    }
}

/// Settings of the logs.
#[derive(Debug, Clone, Args)]
pub struct LogSettings {
    /// Log format: `text` for a terminal, `json` for a log pipeline.
    #[arg(long = "log-format", env = "HIPE_LOG_FORMAT", default_value = "text")]
    pub format: LogFormat,

    /// Log filter, in `tracing` directive syntax (`info`, `hipe_api=debug,info`).
    #[arg(long = "log", env = "HIPE_LOG", default_value = "info")]
    pub filter: String,
}

/// The two log formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// The key that seals HIPE's private signing keys in the database.
#[derive(Debug, Clone, Args)]
pub struct KeySettings {
    /// Key-encryption key sealing HIPE's private signing keys in the database: 32 random bytes in base64
    /// (`openssl rand -base64 32`). Prefer the variable to the flag (a flag shows in process lists). Needed to sign
    /// outside demo mode; demo mode without one uses a fixed, public development key.
    #[arg(long = "key-encryption-key", env = "HIPE_KEY_ENCRYPTION_KEY", hide_env_values = true, value_parser = KeyEncryptionKeyParser)]
    pub key_encryption_key: Option<KeyEncryptionKey>,
}

impl KeySettings {
    /// The key to seal and open HIPE's private keys with: the configured one; otherwise, in demo mode, the public
    /// development key (with a warning); otherwise none.
    pub fn resolve(&self, demo: bool) -> Option<KeyEncryptionKey> {
        match (&self.key_encryption_key, demo) {
            (Some(key), _) => Some(key.clone()),
            (None, true) => {
                tracing::warn!(
                    "no key-encryption key configured (HIPE_KEY_ENCRYPTION_KEY): demo mode seals signing keys with \
                     the fixed development key, which protects nothing"
                );
                Some(KeyEncryptionKey::development())
            }
            (None, false) => None,
        }
    }
}

/// Who HIPE trusts to authenticate callers, and the key protecting its own signing keys.
#[derive(Debug, Clone, Args)]
pub struct AuthSettings {
    /// TOML file listing the identity providers whose tokens HIPE accepts (format in the README); none by default.
    /// Relative key paths inside it are relative to the file.
    #[arg(long = "issuers-file", env = "HIPE_ISSUERS_FILE")]
    pub issuers_file: Option<PathBuf>,

    /// HIPE's own signing keys.
    #[command(flatten)]
    pub keys: KeySettings,
}

/// Everything `hipe serve` needs.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Storage.
    #[command(flatten)]
    pub database: DatabaseSettings,
    /// HTTP.
    #[command(flatten)]
    pub server: ServerSettings,
    /// Authentication.
    #[command(flatten)]
    pub auth: AuthSettings,
    /// Partner applications.
    #[command(flatten)]
    pub partners: PartnerSettings,
}

fn parse_database_url(text: &str) -> Result<String, String> {
    if hipe_persistence::Engine::of_url(text).is_some() {
        Ok(text.to_owned())
    } else {
        Err("expected sqlite://PATH?mode=rwc or postgres://USER@HOST:PORT/DB (flag --database-url, variable HIPE_DATABASE_URL)".to_owned())
    }
}

fn parse_key_encryption_key(text: &str) -> Result<KeyEncryptionKey, String> {
    KeyEncryptionKey::parse(text).map_err(|error| {
        format!("invalid key-encryption key: {error} (flag --key-encryption-key, variable HIPE_KEY_ENCRYPTION_KEY)")
    })
}

/// Parses the key-encryption key without ever echoing it: clap's usual message quotes the refused value, and even a
/// malformed key (one character off, truncated) must not reach a terminal or a log.
#[derive(Debug, Clone, Copy)]
struct KeyEncryptionKeyParser;

impl clap::builder::TypedValueParser for KeyEncryptionKeyParser {
    type Value = KeyEncryptionKey;

    fn parse_ref(
        &self,
        command: &clap::Command,
        _argument: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<KeyEncryptionKey, clap::Error> {
        let text = value.to_str().unwrap_or_default();
        parse_key_encryption_key(text).map_err(|message| {
            clap::Error::raw(clap::error::ErrorKind::ValueValidation, message + "\n").with_cmd(command)
        })
    }
}

fn parse_listen(text: &str) -> Result<SocketAddr, String> {
    text.parse().map_err(|_| {
        "expected HOST:PORT with an IP address, such as 127.0.0.1:8080 (flag --listen, variable HIPE_LISTEN)".to_owned()
    })
}

fn parse_rate(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(rate) if rate.is_finite() && (0.01..=100_000.0).contains(&rate) => Ok(rate),
        _ => Err("expected requests per second between 0.01 and 100000, such as 10 or 0.5 (flag --partner-rate-per-second, variable HIPE_PARTNER_RATE_PER_SECOND)".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::{Settings, parse_database_url, parse_key_encryption_key, parse_listen, parse_rate};

    #[test]
    fn partner_rates_are_positive_and_finite() {
        assert_eq!(parse_rate("10"), Ok(10.0));
        assert_eq!(parse_rate("0.5"), Ok(0.5));
        for bad in ["0", "-1", "NaN", "inf", "ten", "1e9"] {
            assert!(parse_rate(bad).expect_err(bad).contains("HIPE_PARTNER_RATE_PER_SECOND"), "{bad}");
        }
    }

    #[derive(Debug, clap::Parser)]
    struct Serve {
        #[command(flatten)]
        settings: Settings,
    }

    #[test]
    fn partner_settings_have_documented_defaults_and_bounds() {
        let defaults = Serve::try_parse_from(["hipe"]).expect("defaults").settings.partners;
        assert_eq!((defaults.rate_per_second, defaults.burst, defaults.status_ttl_secs), (10.0, 20, 30));
        let custom = Serve::try_parse_from([
            "hipe",
            "--partner-rate-per-second",
            "2.5",
            "--partner-burst",
            "5",
            "--partner-status-ttl",
            "0",
        ])
        .expect("custom")
        .settings
        .partners;
        assert_eq!((custom.rate_per_second, custom.burst, custom.status_ttl_secs), (2.5, 5, 0));
        assert!(Serve::try_parse_from(["hipe", "--partner-status-ttl", "61"]).is_err(), "a minute at most");
        assert!(Serve::try_parse_from(["hipe", "--partner-burst", "0"]).is_err());
    }

    #[test]
    fn database_urls_must_name_a_supported_engine() {
        assert!(parse_database_url("sqlite://hipe.db?mode=rwc").is_ok());
        assert!(parse_database_url("postgres://postgres@127.0.0.1:5432/test").is_ok());
        let error = parse_database_url("mysql://root@localhost/hipe").expect_err("unsupported");
        assert!(error.contains("HIPE_DATABASE_URL"), "{error}");
    }

    #[test]
    fn a_key_encryption_key_is_32_bytes_of_base64_and_its_errors_name_the_setting() {
        assert!(parse_key_encryption_key("q83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k=").is_ok());
        let error = parse_key_encryption_key("c2VjcmV0").expect_err("6 bytes");
        assert!(error.contains("HIPE_KEY_ENCRYPTION_KEY") && error.contains("32 bytes"), "{error}");
        assert!(!error.contains("c2VjcmV0"), "the value is never echoed: {error}");
    }

    #[test]
    fn listen_addresses_are_host_and_port() {
        assert!(parse_listen("127.0.0.1:0").is_ok());
        assert!(parse_listen("localhost").expect_err("no port").contains("HIPE_LISTEN"));
    }
}
