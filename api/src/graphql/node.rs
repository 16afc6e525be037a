//! The Relay `Node` interface and `node(id:)`. A node the caller may not see answers exactly like a missing one.

use async_graphql::{Context, ID, Interface, Object, Result};
use hipe_domain::Actor;
use hipe_domain::dossier::commands;

use super::context::{request, services};
use super::dossier::DossierNode;
use super::error::ApiError;
use super::id::{self, NodeRef};
use super::loaders::load_error;
use super::person::PersonNode;
use super::procedure::ProcedureNode;

/// An object with a global id.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "Opaque global id."))]
pub enum Node {
    /// A person.
    Person(PersonNode),
    /// A dossier.
    Dossier(DossierNode),
    /// A procedure version.
    Procedure(ProcedureNode),
}

/// The `node` query.
#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Fetches any object by its global id. `NOT_FOUND` when nothing the caller may see has this id.
    #[graphql(visible = "super::audience::dossier_readers")]
    async fn node(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Node>> {
        let actor = &request(ctx).actor;
        let services = services(ctx);
        match id::decode(&id)? {
            NodeRef::Procedure(key) => {
                let loaders = ctx.data_unchecked::<super::Loaders>();
                let procedure = loaders.procedures.load_one(key).await.map_err(|e| load_error(&e))?;
                procedure
                    .map(|p| Some(Node::Procedure(ProcedureNode(p))))
                    .ok_or_else(|| ApiError::NotFound("node").into())
            }
            NodeRef::Dossier(dossier) => {
                let dossier =
                    commands::find_visible(&services.ports(), actor, dossier).await.map_err(ApiError::from)?;
                request(ctx).reveal(dossier.person());
                Ok(Some(Node::Dossier(DossierNode(dossier))))
            }
            NodeRef::Person(person) => {
                if *actor == Actor::Anonymous {
                    return Err(ApiError::Unauthenticated.into());
                }
                // Only the person themself, for now; agents reach persons through the dossiers they may see.
                if actor.person() != Some(person) {
                    return Err(ApiError::NotFound("node").into());
                }
                let found = services.persons.find(person).await.map_err(ApiError::from)?;
                found.map(|p| Some(Node::Person(PersonNode(p)))).ok_or_else(|| ApiError::NotFound("node").into())
            }
        }
    }
}
