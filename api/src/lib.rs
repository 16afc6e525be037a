//! # hipe-api — HIPE's GraphQL API over HTTP, and the `hipe` binary
//!
//! - [`cli`]: the commands (`serve`, `migrate`, `seed`, `schema`, `token`, `keys rotate`, `partner`).
//! - [`partners`]: partner administration (what `hipe partner` does).
//! - [`settings`]: the one typed configuration, from flags and `HIPE_*` variables.
//! - [`startup`]: the composition root — connects storage, builds the schema, binds the listener.
//! - [`http`]: HIPE's own axum handlers (GraphQL over HTTP, the partners' `POST /oauth/token`, GraphiQL, health,
//!   the JWKS) and the per-partner rate limit.
//! - [`auth`]: bearer tokens → [`hipe_domain::Actor`] from the trusted issuers; HIPE's own keys, sealed at rest;
//!   its token issuer; partner secrets and status.
//! - [`graphql`]: the schema, one module per area, errors mapped in one place.
//! - [`telemetry`]: logs, with a request id on every line.
//!
//! The API authenticates; the domain authorises. No policy is decided here.

pub mod auth;
pub mod cli;
pub mod demo;
pub mod graphql;
pub mod http;
pub mod partners;
pub mod seed;
pub mod settings;
pub mod startup;
pub mod telemetry;
