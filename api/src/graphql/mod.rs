//! The GraphQL schema: one module per area, each with its node types and its query and mutation parts, merged
//! here. [`build_schema`] does no I/O; it is what `schema.graphql` is generated from. Each audience runs the same
//! types through its own schema instance ([`Schemas`]), with its view and its limits (see [`audience`]).
//! Per-request state (the actor, the locale, fresh DataLoaders) is attached by the HTTP handler, never kept in
//! the schema.

#[macro_use]
mod mirror;

mod appointment;
mod asylum;
pub mod audience;
mod connection;
pub mod context;
mod dossier;
pub mod error;
mod family_reunification;
mod id;
mod instruction;
mod integration;
mod journal;
mod journey;
mod loaders;
mod mandate;
mod medical;
mod medical_visit;
mod message;
mod node;
mod notification;
mod payment;
mod permit;
mod person;
mod person_profile;
mod procedure;
mod request_errors;
mod return_aid;
mod scalars;
pub mod view;
mod viewer;

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::{EmptySubscription, MergedObject, Schema};
use hipe_domain::actor::{Agent, Partner, Scope};
use hipe_domain::partner::ClientId;
use hipe_domain::person::PersonId;
use hipe_domain::{Actor, AgentRole, Audience};

pub use context::{Locale, RequestContext, Services};
pub use loaders::Loaders;

use self::audience::Limits;
use self::view::{View, ViewError};

/// HIPE's schema type.
pub type HipeSchema = Schema<Query, Mutation, EmptySubscription>;

/// The root query type.
#[derive(MergedObject, Default)]
pub struct Query(
    node::NodeQuery,
    procedure::ProcedureQuery,
    dossier::DossierQuery,
    viewer::ViewerQuery,
    journal::JournalQuery,
    permit::PermitQuery,
    instruction::InstructionQuery,
    notification::NotificationQuery,
    person_profile::PersonQuery,
    appointment::AppointmentQuery,
    integration::IntegrationQuery,
    medical::MedicalQuery,
    asylum::AsylumQuery,
    family_reunification::FamilyReunificationQuery,
    return_aid::ReturnAidQuery,
);

/// The root mutation type.
#[derive(MergedObject, Default)]
pub struct Mutation(
    dossier::DossierMutation,
    journey::JourneyMutation,
    instruction::InstructionMutation,
    notification::NotificationMutation,
    medical::MedicalMutation,
    mandate::MandateMutation,
    person_profile::PersonMutation,
    appointment::AppointmentMutation,
    payment::PaymentMutation,
    message::MessageMutation,
    integration::IntegrationMutation,
    asylum::AsylumMutation,
    family_reunification::FamilyReunificationMutation,
    medical_visit::MedicalVisitMutation,
    return_aid::ReturnAidMutation,
);

/// Recursion limit of the parser (fragments, nested values), the same for everyone.
const RECURSIVE_DEPTH: usize = 32;

fn schema(limits: Limits, introspection: bool, view: Option<Arc<View>>) -> HipeSchema {
    let builder = Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .limit_depth(limits.depth)
        .limit_complexity(limits.complexity)
        .limit_recursive_depth(RECURSIVE_DEPTH)
        .limit_directives(limits.directives)
        // Suggestions would name fields outside the caller's view ("Did you mean …?").
        .disable_suggestions()
        .extension(request_errors::RequestErrors { view, limits });
    if introspection { builder.finish() } else { builder.disable_introspection().finish() }
}

/// The whole schema, unguarded, with the most generous limits: what `schema.graphql` shows and views are read
/// from. Never serves requests.
pub fn build_schema() -> HipeSchema {
    schema(audience::limits(Audience::Ministry), true, None)
}

/// The SDL of the whole schema, as committed in `schema.graphql`.
pub fn sdl() -> String {
    let options = async_graphql::SDLExportOptions::new().sorted_fields().sorted_enum_items();
    let mut text = build_schema().sdl_with_options(options);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// An actor standing for `audience` when reading its view.
fn representative(audience: Audience) -> Actor {
    let agent =
        |role| Actor::Agent(Agent { id: "view".into(), role, organisation: "view".into(), territories: vec![] });
    match audience {
        Audience::Public => Actor::Anonymous,
        Audience::Mobile => Actor::Person(PersonId::from_uuid(uuid::Uuid::nil())),
        Audience::Ministry => agent(AgentRole::PrefectureInstructor),
        Audience::Ofii => agent(AgentRole::OfiiAgent),
        Audience::Auditor => agent(AgentRole::Auditor),
        Audience::Partner => {
            let client_id = ClientId::parse("view").unwrap_or_else(|_| unreachable!("a valid client id"));
            Actor::Partner(Partner { client_id, name: "view".into(), scopes: Scope::ALL.to_vec() })
        }
    }
}

/// Reads `audience`'s view by running introspection as that audience.
///
/// # Errors
/// When introspection fails (a bug).
pub async fn read_view(audience: Audience) -> Result<View, ViewError> {
    read_view_on(&build_schema(), audience).await
}

/// Reads `audience`'s view on `full`, the whole schema ([`build_schema`]): the server builds it once for all six
/// views instead of once per view (a build of the whole schema takes megabytes and milliseconds).
async fn read_view_on(full: &HipeSchema, audience: Audience) -> Result<View, ViewError> {
    let context = Arc::new(RequestContext::new(
        representative(audience),
        Locale::Fr,
        hipe_domain::journal::RequestTrace::default(),
    ));
    let request = async_graphql::Request::new(view::introspection_query()).data(context);
    let response = full.execute(request).await;
    if let Some(error) = response.errors.first() {
        return Err(ViewError::from_message(&error.message));
    }
    let data = response.data.into_json().map_err(|e| ViewError::from_message(&e.to_string()))?;
    View::from_introspection(audience, data)
}

/// One schema instance per audience, each with its view and limits.
pub struct Schemas {
    by_audience: HashMap<Audience, HipeSchema>,
}

impl Schemas {
    /// Builds every audience's schema. In production, introspection follows each audience's limits; in
    /// development it is on for all (GraphiQL needs it) — and still shows each audience only its view.
    ///
    /// # Errors
    /// When a view cannot be read (a bug).
    pub async fn build(development: bool) -> Result<Self, ViewError> {
        let mut by_audience = HashMap::new();
        let full = build_schema();
        for audience in audience::ALL {
            let view = Arc::new(read_view_on(&full, audience).await?);
            let limits = audience::limits(audience);
            let introspection = development || limits.introspection_in_production;
            by_audience.insert(audience, schema(limits, introspection, Some(view)));
        }
        Ok(Self { by_audience })
    }

    /// The schema `audience` runs.
    pub fn for_audience(&self, audience: Audience) -> &HipeSchema {
        // Every audience is built in `build`; the public schema is the narrowest fallback.
        self.by_audience
            .get(&audience)
            .or_else(|| self.by_audience.get(&Audience::Public))
            .unwrap_or_else(|| unreachable!("Schemas::build makes a schema for every audience"))
    }
}
