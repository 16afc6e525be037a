//! Gives the errors async-graphql raises before execution a stable code: a document that does not parse is
//! `GRAPHQL_PARSE_FAILED`; one that fails validation (unknown field, wrong argument or variable type, missing
//! required argument, limits exceeded) is `GRAPHQL_VALIDATION_FAILED`. The HTTP handler maps both to 400.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextValidation};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{ServerError, ServerResult, ValidationResult, Variables};

/// The extension factory.
pub struct RequestErrors;

impl ExtensionFactory for RequestErrors {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RequestErrorsExtension)
    }
}

struct RequestErrorsExtension;

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
        next.run(ctx, query, variables).await.map_err(|error| with_code(error, "GRAPHQL_PARSE_FAILED"))
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
