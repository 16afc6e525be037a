//! The checks that run between parsing and execution, and the codes of what they refuse.
//!
//! - A document that does not parse: `GRAPHQL_PARSE_FAILED`.
//! - One outside the caller's view, or over the audience's limits on query length, aliases or root fields (async-graphql
//!   has no such limits): `GRAPHQL_VALIDATION_FAILED`, worded like async-graphql's own validation.
//! - One that fails async-graphql's validation (unknown field, wrong argument or variable type, missing required
//!   argument, depth, complexity): `GRAPHQL_VALIDATION_FAILED`.
//!
//! The HTTP handler maps both codes to 400. Living inside the executor, the checks apply to every transport.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextValidation};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{ServerError, ServerResult, ValidationResult, Variables};

use super::audience::Limits;
use super::view::View;

/// The extension factory; `view` is `None` for the unguarded schema used to read views and export the full SDL.
pub struct RequestErrors {
    /// The caller's view.
    pub view: Option<Arc<View>>,
    /// The caller's limits.
    pub limits: Limits,
}

impl ExtensionFactory for RequestErrors {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RequestErrorsExtension { view: self.view.clone(), limits: self.limits })
    }
}

struct RequestErrorsExtension {
    view: Option<Arc<View>>,
    limits: Limits,
}

fn with_code(mut error: ServerError, code: &str) -> ServerError {
    error.extensions.get_or_insert_with(Default::default).set("code", code);
    error
}

#[async_trait::async_trait]
impl Extension for RequestErrorsExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let length = query.chars().count();
        if length > self.limits.query_length {
            let message =
                format!("the query is {length} characters long; at most {} are accepted", self.limits.query_length);
            return Err(with_code(ServerError::new(message, None), "GRAPHQL_VALIDATION_FAILED"));
        }
        let document =
            next.run(ctx, query, variables).await.map_err(|error| with_code(error, "GRAPHQL_PARSE_FAILED"))?;
        if let Some(view) = &self.view {
            view.check(&document, &self.limits).map_err(|error| with_code(error, "GRAPHQL_VALIDATION_FAILED"))?;
        }
        Ok(document)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx)
            .await
            .map_err(|errors| errors.into_iter().map(|e| with_code(e, "GRAPHQL_VALIDATION_FAILED")).collect())
    }
}
