//! The procedure catalogue, public to everyone (anonymous included).

use async_graphql::{Context, Enum, ID, Object, Result, SimpleObject};
use hipe_domain::procedure::{Authority as DomainAuthority, OpinionKind as DomainOpinionKind, Procedure};

use super::context::{Locale, request, services};
use super::error::ApiError;
use super::id;
use super::scalars::Date;

/// Who instructs a procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum Authority {
    /// A prefecture.
    Prefecture,
    /// OFII.
    Ofii,
    /// A work-permit platform.
    WorkPermitPlatform,
}

impl From<DomainAuthority> for Authority {
    fn from(authority: DomainAuthority) -> Self {
        match authority {
            DomainAuthority::Prefecture => Self::Prefecture,
            DomainAuthority::Ofii => Self::Ofii,
            DomainAuthority::WorkPermitPlatform => Self::WorkPermitPlatform,
        }
    }
}

/// An external opinion a procedure needs before the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum OpinionKind {
    /// The opinion of OFII's college of doctors (sick foreigner).
    OfiiMedicalCollege,
}

impl From<DomainOpinionKind> for OpinionKind {
    fn from(kind: DomainOpinionKind) -> Self {
        match kind {
            DomainOpinionKind::MedicalCollege => Self::OfiiMedicalCollege,
        }
    }
}

/// What filing costs, in euro cents.
#[derive(Debug, Clone, Copy, SimpleObject)]
#[expect(clippy::struct_field_names, reason = "the API names money fields by their unit, cents")]
pub struct Fees {
    /// The tax on residence permits.
    pub tax_cents: i32,
    /// The stamp duty.
    pub stamp_cents: i32,
    /// What is due in all.
    pub total_cents: i32,
}

/// One version of a procedure of the catalogue. Rules change with time; each version has its dates.
pub struct ProcedureNode(pub Procedure);

#[Object(name = "Procedure")]
impl ProcedureNode {
    /// Global id.
    pub async fn id(&self) -> ID {
        id::procedure(&self.0.key)
    }

    /// Stable code, such as `FIRST_PERMIT_STUDENT`. Codes are catalogue data, so new ones appear without a
    /// schema change.
    async fn code(&self) -> &str {
        self.0.key.code.as_str()
    }

    /// Catalogue version.
    async fn version(&self) -> i64 {
        i64::from(self.0.key.version)
    }

    /// Name, in the language of `Accept-Language` (French by default).
    async fn label(&self, ctx: &Context<'_>) -> &str {
        match request(ctx).locale {
            Locale::Fr => &self.0.label.fr,
            Locale::En => &self.0.label.en,
        }
    }

    /// Legal basis (CESEDA articles, bilateral agreements).
    async fn legal_basis(&self) -> &str {
        &self.0.legal_basis
    }

    /// Who instructs it.
    async fn authority(&self) -> Authority {
        self.0.authority.into()
    }

    /// First day this version applies.
    async fn effective_from(&self) -> Date {
        Date(self.0.effective_from)
    }

    /// First day it no longer applies, once superseded.
    async fn effective_until(&self) -> Option<Date> {
        self.0.effective_until.map(Date)
    }

    /// Months of silence after which the request is implicitly rejected, when that rule applies.
    async fn silence_months(&self) -> Option<i32> {
        self.0.silence_months.map(i32::from)
    }

    /// The external opinions needed before the decision (catalogue data).
    async fn opinions_needed(&self) -> Vec<OpinionKind> {
        self.0.opinions_needed.iter().copied().map(OpinionKind::from).collect()
    }

    /// What filing costs.
    async fn fees(&self) -> Fees {
        let cents = |value: u32| i32::try_from(value).unwrap_or(i32::MAX);
        Fees {
            tax_cents: cents(self.0.fees.tax_cents),
            stamp_cents: cents(self.0.fees.stamp_cents),
            total_cents: cents(self.0.fees.total_cents()),
        }
    }
}

/// Catalogue queries.
#[derive(Default)]
pub struct ProcedureQuery;

#[Object]
impl ProcedureQuery {
    /// The procedures in force today, by code. Public.
    async fn procedures(&self, ctx: &Context<'_>) -> Result<Vec<ProcedureNode>> {
        let services = services(ctx);
        let today = services.clock.now().date_naive();
        let procedures = services.catalogue.in_force(today).await.map_err(ApiError::from)?;
        Ok(procedures.into_iter().map(ProcedureNode).collect())
    }
}
