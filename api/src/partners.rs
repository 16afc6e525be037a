//! Partner administration — what `hipe partner create|list|disable` does. Operators manage
//! partners from the command line, on the server's database; there is no GraphQL mutation for it.

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use hipe_domain::actor::Scope;
use hipe_domain::partner::{ClientId, PartnerClient, PartnerRepository, policy};

use crate::auth::ClientSecret;

/// Registers a partner client under a fresh id, with a fresh secret. The secret is returned to be shown once:
/// only its argon2id hash is stored.
///
/// # Errors
/// When the name or scopes are invalid, randomness fails, or storage fails.
pub async fn create(
    partners: &dyn PartnerRepository,
    name: &str,
    scopes: &[Scope],
    now: DateTime<Utc>,
) -> anyhow::Result<(PartnerClient, ClientSecret)> {
    let mut random = [0_u8; 10];
    getrandom::fill(&mut random).map_err(|e| anyhow::anyhow!("no randomness available: {e}"))?;
    create_with_id(partners, ClientId::generate(random), name, scopes, now).await
}

/// As [`create`], under a chosen client id (the demo partner's is fixed).
///
/// # Errors
/// As [`create`]; also when the id is taken.
pub async fn create_with_id(
    partners: &dyn PartnerRepository,
    client_id: ClientId,
    name: &str,
    scopes: &[Scope],
    now: DateTime<Utc>,
) -> anyhow::Result<(PartnerClient, ClientSecret)> {
    let secret = ClientSecret::generate()?;
    let client = PartnerClient::new(client_id, name, scopes, secret.hash()?, now)?;
    partners.insert(&client).await.context("storing the partner client")?;
    Ok((client, secret))
}

/// Disables a client: no new token from now on; its live tokens stop working once the servers' status caches
/// expire (`HIPE_PARTNER_STATUS_TTL`).
///
/// # Errors
/// When the id is malformed or unknown, the client is already disabled, or storage fails.
pub async fn disable(
    partners: &dyn PartnerRepository,
    client_id: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<PartnerClient> {
    let id = ClientId::parse(client_id)?;
    let mut client = partners.find(&id).await?.with_context(|| format!("no partner client {id}"))?;
    client.disable(now)?;
    partners.save(&client).await?;
    Ok(client)
}

/// Gives `client` a fresh secret (the previous one stops working at once) and returns it, to be shown once.
///
/// # Errors
/// When the client is disabled, randomness fails, or storage fails.
pub async fn replace_secret(
    partners: &dyn PartnerRepository,
    client: &mut PartnerClient,
) -> anyhow::Result<ClientSecret> {
    let secret = ClientSecret::generate()?;
    client.replace_secret(secret.hash()?)?;
    partners.save(client).await?;
    Ok(secret)
}

/// One line of `hipe partner list`.
pub fn describe(client: &PartnerClient) -> String {
    let status = client
        .disabled_at()
        .map_or_else(|| "active".to_owned(), |at| format!("disabled since {}", at.format("%Y-%m-%d %H:%M UTC")));
    format!(
        "{}  {}  scopes: {}  created {}  {}",
        client.client_id(),
        client.name(),
        policy::scope_string(client.scopes()),
        client.created_at().format("%Y-%m-%d %H:%M UTC"),
        status
    )
}
