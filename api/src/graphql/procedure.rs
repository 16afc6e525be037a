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

    /// The documents it needs: those always needed, and those of the situations given (`HOSTED`, `MARRIED`,
    /// `STUDENT`…). Without `situations`, every document of every situation.
    async fn required_documents(&self, situations: Option<Vec<String>>) -> Vec<RequiredDocumentNode> {
        self.0
            .required_documents
            .iter()
            .filter(|d| situations.as_ref().is_none_or(|s| d.needed_in(s)))
            .cloned()
            .map(RequiredDocumentNode)
            .collect()
    }

    /// When it may be filed: `BEFORE_EXPIRY` (a renewal, from `opensDaysBeforeExpiry` to `closesDaysBeforeExpiry`
    /// before the current document ends) or `AFTER_ENTRY` (within `daysAfterEntry` of entering France).
    async fn filing_window(&self) -> Option<FilingWindowNode> {
        self.0.filing_window.map(|window| match window {
            hipe_domain::procedure::FilingWindow::BeforeExpiry { opens_days, closes_days } => FilingWindowNode {
                rule: window.code().to_owned(),
                opens_days_before_expiry: Some(i32::from(opens_days)),
                closes_days_before_expiry: Some(i32::from(closes_days)),
                days_after_entry: None,
            },
            hipe_domain::procedure::FilingWindow::AfterEntry { days } => FilingWindowNode {
                rule: window.code().to_owned(),
                opens_days_before_expiry: None,
                closes_days_before_expiry: None,
                days_after_entry: Some(i32::from(days)),
            },
        })
    }

    /// The residence document a grant produces, when it produces one.
    async fn produces(&self) -> Option<super::permit::ResidenceDocumentKind> {
        self.0.produces.as_ref().map(|p| p.kind.into())
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

/// A document a procedure needs.
pub struct RequiredDocumentNode(pub hipe_domain::procedure::RequiredDocument);

#[Object(name = "RequiredDocument")]
impl RequiredDocumentNode {
    /// Its type code (`PASSPORT`).
    async fn document_type(&self) -> &str {
        self.0.document_type.as_str()
    }

    /// What it is, in the caller's language.
    async fn label(&self, ctx: &Context<'_>) -> &str {
        match request(ctx).locale {
            Locale::Fr => &self.0.label.fr,
            Locale::En => &self.0.label.en,
        }
    }

    /// The situation it is needed in; null when always needed.
    async fn situation(&self) -> Option<&str> {
        self.0.situation.as_deref()
    }

    /// How recent it must be, in months, when that matters.
    async fn max_age_months(&self) -> Option<i32> {
        self.0.max_age_months.map(i32::from)
    }

    /// Whether a document in a foreign language needs a sworn translation.
    async fn translation_required(&self) -> bool {
        self.0.translation_required
    }
}

/// When a procedure may be filed.
#[derive(Debug, Clone, SimpleObject)]
#[graphql(name = "FilingWindow")]
pub struct FilingWindowNode {
    /// `BEFORE_EXPIRY` or `AFTER_ENTRY`.
    pub rule: String,
    /// For a renewal: days before the current document's end the window opens (120).
    pub opens_days_before_expiry: Option<i32>,
    /// For a renewal: days before the current document's end the window closes (60).
    pub closes_days_before_expiry: Option<i32>,
    /// Days after entering France (90 for the VLS-TS).
    pub days_after_entry: Option<i32>,
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
