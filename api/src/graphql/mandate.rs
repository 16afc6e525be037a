//! Mandates in the mobile view: a principal grants and revokes them (`grantMandate`, `revokeMandate`); a person
//! lists what they granted and hold (`me { mandates }`) and the persons they act for (`me { represented }`), whose
//! dossiers they then reach through `Person.dossiers`, `dossier(id:)` and `node(id:)`.
//!
//! How a principal learns the mandatary's id: the mandatary reads `me { accountId }` in their own app (the global
//! id of their usager account, the same as `me { person { id } }` when they have a person record) and gives it
//! to the principal — out of band, as a QR code or a text. HIPE offers no search of accounts: a mandate names
//! an account the principal was given, never one they looked up.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use hipe_domain::Error;
use hipe_domain::mandate::{
    Mandate, MandateKind as DomainKind, MandateScope as DomainScope,
    commands::{self, GrantMandate},
};

use super::context::{request, services};
use super::error::{ApiError, UserError, user_error};
use super::id;
use super::scalars::DateTime;

/// In which capacity a mandatary acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum MandateKind {
    /// A lawyer.
    Lawyer,
    /// An association helping foreigners.
    Association,
    /// A legal guardian.
    Guardian,
    /// A relative.
    Family,
}

impl From<MandateKind> for DomainKind {
    fn from(kind: MandateKind) -> Self {
        match kind {
            MandateKind::Lawyer => Self::Lawyer,
            MandateKind::Association => Self::Association,
            MandateKind::Guardian => Self::Guardian,
            MandateKind::Family => Self::Family,
        }
    }
}

impl From<DomainKind> for MandateKind {
    fn from(kind: DomainKind) -> Self {
        match kind {
            DomainKind::Lawyer => Self::Lawyer,
            DomainKind::Association => Self::Association,
            DomainKind::Guardian => Self::Guardian,
            DomainKind::Family => Self::Family,
        }
    }
}

/// What a mandate allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum MandateScope {
    /// See the principal's dossiers.
    Read,
    /// Also start, submit and withdraw them on the principal's behalf.
    Act,
}

impl From<MandateScope> for DomainScope {
    fn from(scope: MandateScope) -> Self {
        match scope {
            MandateScope::Read => Self::Read,
            MandateScope::Act => Self::Act,
        }
    }
}

impl From<DomainScope> for MandateScope {
    fn from(scope: DomainScope) -> Self {
        match scope {
            DomainScope::Read => Self::Read,
            DomainScope::Act => Self::Act,
        }
    }
}

/// A mandate: someone (the mandatary) acting for a person (the principal) within a scope.
pub struct MandateNode(pub Mandate);

#[Object(name = "Mandate", visible = "super::audience::mobile")]
impl MandateNode {
    /// Id (pass it to `revokeMandate`).
    async fn id(&self) -> ID {
        id::mandate(self.0.id())
    }

    /// The global id of the person acted for.
    async fn principal_id(&self) -> ID {
        id::person(self.0.principal())
    }

    /// The global id of the mandatary's account.
    async fn mandatary_id(&self) -> ID {
        id::person(self.0.mandatary())
    }

    /// In which capacity.
    async fn kind(&self) -> MandateKind {
        self.0.kind().into()
    }

    /// What it allows.
    async fn scope(&self) -> MandateScope {
        self.0.scope().into()
    }

    /// Start of validity.
    async fn valid_from(&self) -> DateTime {
        DateTime(self.0.valid_from())
    }

    /// End of validity (exclusive), if any.
    async fn valid_until(&self) -> Option<DateTime> {
        self.0.valid_until().map(DateTime)
    }

    /// When the principal revoked it, if they did.
    async fn revoked_at(&self) -> Option<DateTime> {
        self.0.revoked_at().map(DateTime)
    }

    /// Whether it is in force now.
    async fn active(&self, ctx: &Context<'_>) -> bool {
        self.0.is_active(services(ctx).clock.now())
    }
}

/// Input of `grantMandate`.
#[derive(Debug, InputObject)]
pub struct GrantMandateInput {
    /// The mandatary's account id, as they read it from `me { accountId }`.
    pub mandatary_id: ID,
    /// In which capacity.
    pub kind: MandateKind,
    /// What it allows.
    pub scope: MandateScope,
    /// End of validity, if any.
    pub valid_until: Option<DateTime>,
}

/// Input of `revokeMandate`.
#[derive(Debug, InputObject)]
pub struct RevokeMandateInput {
    /// The mandate.
    pub mandate_id: ID,
}

/// Result of `grantMandate`.
#[derive(SimpleObject)]
pub struct GrantMandatePayload {
    /// The mandate, when granted.
    pub mandate: Option<MandateNode>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

/// Result of `revokeMandate`.
#[derive(SimpleObject)]
pub struct RevokeMandatePayload {
    /// The mandate, when revoked.
    pub mandate: Option<MandateNode>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

fn settle(outcome: Result<Mandate, Error>) -> Result<(Option<MandateNode>, Vec<UserError>)> {
    match outcome {
        Ok(mandate) => Ok((Some(MandateNode(mandate)), Vec::new())),
        Err(error) => Ok((None, vec![user_error(error)?])),
    }
}

/// Mandate mutations.
#[derive(Default)]
pub struct MandateMutation;

#[Object]
impl MandateMutation {
    /// Lets another account see (`READ`) or also act on (`ACT`) my dossiers, from now until `validUntil`.
    #[graphql(visible = "super::audience::mobile")]
    async fn grant_mandate(&self, ctx: &Context<'_>, input: GrantMandateInput) -> Result<GrantMandatePayload> {
        let grant = GrantMandate {
            mandatary: id::person_id(&input.mandatary_id)?,
            kind: input.kind.into(),
            scope: input.scope.into(),
            valid_until: input.valid_until.map(|at| at.0),
        };
        let outcome = commands::grant(&services(ctx).mandate_ports(), &request(ctx).actor, grant).await;
        let (mandate, user_errors) = settle(outcome)?;
        Ok(GrantMandatePayload { mandate, user_errors })
    }

    /// Ends a mandate I granted, now. Only the principal may.
    #[graphql(visible = "super::audience::mobile")]
    async fn revoke_mandate(&self, ctx: &Context<'_>, input: RevokeMandateInput) -> Result<RevokeMandatePayload> {
        let id = id::mandate_id(&input.mandate_id)?;
        let outcome = commands::revoke(&services(ctx).mandate_ports(), &request(ctx).actor, id).await;
        let (mandate, user_errors) = settle(outcome)?;
        Ok(RevokeMandatePayload { mandate, user_errors })
    }
}

/// `me { mandates }`: what the caller granted, then what they hold and is active now.
pub async fn of_caller(ctx: &Context<'_>) -> Result<Vec<MandateNode>> {
    let found =
        commands::of_caller(&services(ctx).mandate_ports(), &request(ctx).actor).await.map_err(ApiError::from)?;
    Ok(found.into_iter().map(MandateNode).collect())
}
