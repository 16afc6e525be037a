//! `me`: who the caller is, as HIPE understands their token.

use async_graphql::{Context, Enum, ID, Object, Result, SimpleObject};
use hipe_domain::{Actor, Audience as DomainAudience};

use super::context::{request, services};
use super::error::ApiError;
use super::mandate::MandateNode;
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

    /// The global id of the caller's usager account — what a principal needs to grant them a mandate (the same
    /// as `person { id }` when the account has a person record).
    #[graphql(visible = "super::audience::mobile")]
    async fn account_id(&self) -> Option<ID> {
        self.0.account().map(super::id::person)
    }

    /// The mandates I granted (active or not), then those I hold that are active now.
    #[graphql(visible = "super::audience::mobile")]
    async fn mandates(&self, ctx: &Context<'_>) -> Result<Vec<MandateNode>> {
        super::mandate::of_caller(ctx).await
    }

    /// The persons I act for now, under an active mandate; their `dossiers` are open to me.
    #[graphql(visible = "super::audience::mobile")]
    async fn represented(&self, ctx: &Context<'_>) -> Result<Vec<PersonNode>> {
        if self.0.account().is_none() {
            return Ok(Vec::new());
        }
        let services = services(ctx);
        let principals = hipe_domain::mandate::commands::represented(&services.mandate_ports(), &self.0)
            .await
            .map_err(ApiError::from)?;
        let persons = services.persons.find_many(&principals).await.map_err(ApiError::from)?;
        let request = request(ctx);
        for person in &persons {
            request.reveal(person.id());
        }
        Ok(persons.into_iter().map(PersonNode).collect())
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
