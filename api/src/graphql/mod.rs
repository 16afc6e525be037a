//! The GraphQL schema: one module per area, each with its node types and its query and mutation parts, merged
//! here. [`build_schema`] does no I/O; it is what `schema.graphql` is generated from. Per-request state (the
//! actor, the locale, fresh DataLoaders) is attached by the HTTP handler, never kept in the schema.

mod connection;
pub mod context;
mod dossier;
pub mod error;
mod id;
mod journal;
mod loaders;
mod node;
mod permit;
mod person;
mod procedure;
mod request_errors;
mod scalars;
mod viewer;

use async_graphql::{EmptySubscription, MergedObject, Schema};

pub use context::{Locale, RequestContext, Services};
pub use loaders::Loaders;

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
);

/// The root mutation type.
#[derive(MergedObject, Default)]
pub struct Mutation(dossier::DossierMutation);

/// Executor limits, enforced inside async-graphql so every transport shares them.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deepest selection nesting.
    pub depth: usize,
    /// Largest complexity (each field 1; lists weighted by their page size).
    pub complexity: usize,
    /// Deepest recursion of the parser (fragments, nested input values).
    pub recursive_depth: usize,
    /// Most directives on one field.
    pub directives: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { depth: 12, complexity: 2_000, recursive_depth: 32, directives: 8 }
    }
}

/// Builds the schema. `development` keeps introspection and field suggestions (GraphiQL needs them); production
/// turns both off and publishes the SDL instead.
pub fn build_schema(limits: Limits, development: bool) -> HipeSchema {
    let builder = Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .limit_depth(limits.depth)
        .limit_complexity(limits.complexity)
        .limit_recursive_depth(limits.recursive_depth)
        .limit_directives(limits.directives)
        .extension(request_errors::RequestErrors);
    if development { builder.finish() } else { builder.disable_introspection().disable_suggestions().finish() }
}

/// The SDL of the whole schema, as committed in `schema.graphql`.
pub fn sdl() -> String {
    let options = async_graphql::SDLExportOptions::new().sorted_fields().sorted_enum_items();
    let mut text = build_schema(Limits::default(), true).sdl_with_options(options);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}
