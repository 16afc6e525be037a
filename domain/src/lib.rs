//! # hipe-domain — the foreigner's journey, without I/O
//!
//! This crate owns the model of the journey (persons, the procedure catalogue, dossiers and their state
//! machine), the policies that say which [`Actor`] may see or do what, and the *ports* — traits that storage
//! implements. It must not depend on an ORM, a web framework, a GraphQL library or an async runtime: a test in
//! `make test` (`domain/tests/independence.rs`) fails when it does. Everything here is testable with plain
//! values and a fixed [`Clock`].
//!
//! Layout: one folder per aggregate (`person/`, `procedure/`, `dossier/`, `permit/`, `partner/`, `medical/`,
//! `mandate/`, `journal/`, `appointment/`, `payment/`, `message/`, `integration/`, `asylum/`), each with its entity, ids, status,
//! policy and repository trait; cross-cutting pieces at the root.

#[macro_use]
mod coded;

pub mod actor;
pub mod appointment;
pub mod asylum;
pub mod clock;
pub mod dossier;
pub mod error;
pub mod family_reunification;
pub mod household;
pub mod ids;
pub mod integration;
pub mod journal;
pub mod mandate;
pub mod medical;
pub mod message;
pub mod notification;
pub mod pagination;
pub mod partner;
pub mod payment;
pub mod permit;
pub mod person;
pub mod policy_matrix;
pub mod procedure;
pub mod return_aid;
pub mod territory;

pub use actor::{Actor, AgentRole, Audience};
pub use clock::Clock;
pub use error::{Error, Refusal, Result};
