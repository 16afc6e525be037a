//! `me`: who the caller is, as HIPE understands their token.

use async_graphql::{Context, Enum, Object, Result, SimpleObject};
use hipe_domain::{Actor, Audience as DomainAudience};

use super::context::{request, services};
use super::error::ApiError;
use super::person::PersonNode;

/// The front end a caller belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum Audience {
    /// The foreigner's mobile app.
    Mobile,
    /// The prefectures' back office.
    Ministry,
    /// OFII's back office.
    Ofii,
    /// Data-protection and inspection staff.
    Auditor,
    /// Partner applications.
    Partner,
}

/// An agent as their token describes them.
#[derive(Debug, Clone, SimpleObject)]
pub struct AgentProfile {
    /// The role code (`prefecture_instructor`…).
    pub role: String,
    /// The organisation.
    pub organisation: String,
    /// Département codes the agent works on.
    pub territories: Vec<String>,
}

/// The authenticated caller.
pub struct Viewer(Actor);

#[Object]
impl Viewer {
    /// Which front end the caller belongs to.
    async fn audience(&self) -> Audience {
        match self.0.audience() {
            DomainAudience::Mobile | DomainAudience::Public => Audience::Mobile,
            DomainAudience::Ministry => Audience::Ministry,
            DomainAudience::Ofii => Audience::Ofii,
            DomainAudience::Auditor => Audience::Auditor,
            DomainAudience::Partner => Audience::Partner,
        }
    }

    /// The caller's own person record, for a foreigner.
    #[graphql(visible = "super::audience::mobile")]
    async fn person(&self, ctx: &Context<'_>) -> Result<Option<PersonNode>> {
        let Some(id) = self.0.person() else { return Ok(None) };
        let person = services(ctx).persons.find(id).await.map_err(ApiError::from)?;
        Ok(person.map(PersonNode))
    }

    /// The caller's agent profile, for an agent.
    #[graphql(visible = "super::audience::agents")]
    async fn agent(&self) -> Option<AgentProfile> {
        self.0.agent().map(|agent| AgentProfile {
            role: agent.role.code().to_owned(),
            organisation: agent.organisation.clone(),
            territories: agent.territories.iter().map(|t| t.as_str().to_owned()).collect(),
        })
    }
}

/// The `me` query.
#[derive(Default)]
pub struct ViewerQuery;

#[Object]
impl ViewerQuery {
    /// The authenticated caller. Requires a token.
    #[graphql(visible = "super::audience::signed_in")]
    #[expect(clippy::unused_async, reason = "async-graphql resolvers of an `Object` must be async")]
    async fn me(&self, ctx: &Context<'_>) -> Result<Viewer> {
        match &request(ctx).actor {
            Actor::Anonymous => Err(ApiError::Unauthenticated.into()),
            actor => Ok(Viewer(actor.clone())),
        }
    }
}
