//! # hipe-api — HIPE's GraphQL API over HTTP, and the `hipe` binary
//!
//! - [`cli`]: the commands (`serve`, `migrate`, `seed`, `schema`, `token`, `keys rotate`).
//! - [`settings`]: the one typed configuration, from flags and `HIPE_*` variables.
//! - [`startup`]: the composition root — connects storage, builds the schema, binds the listener.
//! - [`http`]: HIPE's own axum handlers (GraphQL over HTTP, GraphiQL, health, the JWKS).
//! - [`auth`]: bearer tokens → [`hipe_domain::Actor`] from the trusted issuers; HIPE's own keys, sealed at rest,
//!   and its development token issuer.
//! - [`graphql`]: the schema, one module per area, errors mapped in one place.
//! - [`telemetry`]: logs, with a request id on every line.
//!
//! The API authenticates; the domain authorises. No policy is decided here.

pub mod auth;
pub mod cli;
pub mod demo;
pub mod graphql;
pub mod http;
pub mod settings;
pub mod startup;
pub mod telemetry;
