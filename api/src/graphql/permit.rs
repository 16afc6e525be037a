//! Residence documents as partners may ask about them: `verifyResidenceRight`, scope `permit:verify`.
//!
//! The answer is the computed right and nothing else about the person — no name, no id, no motive, no other
//! document (DESIGN.md §3: partners get "yes or no, work allowed, until when", never the dossier). Callers without
//! the scope get `FORBIDDEN` rather than a `NOT_FOUND`-like answer: the refusal is decided from the caller alone,
//! before the number is even parsed, so it says nothing about any document, and it tells an integrator plainly
//! that their client lacks the scope. An unknown number and a birth date that does not match answer exactly like a
//! document that is not valid. The read is journaled — a `READ` of the holder's data by the partner, which the
//! holder sees in `accesses` — only when number and birth date match.

use async_graphql::{Context, Enum, Object, Result, SimpleObject};
use hipe_domain::clock::france_date;
use hipe_domain::permit::{DocumentKind, StayRight, verify};

use super::context::{request, services};
use super::error::ApiError;
use super::scalars::{Date, PartialDate};

/// The kind of a residence document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum ResidenceDocumentKind {
    /// Long-stay visa equivalent to a residence permit, validated (VLS-TS).
    VlsTs,
    /// Temporary residence card, one year at most (CST).
    TemporaryPermit,
    /// Multi-year residence card (CSP).
    MultiYearPermit,
    /// Resident card, ten years.
    ResidentCard,
    /// Residence certificate of the Franco-Algerian agreement.
    AlgerianResidenceCertificate,
    /// Deposit certificate (attestation de dépôt) — never proves lawful stay.
    DepositCertificate,
    /// Extension certificate while a request is instructed (attestation de prolongation d'instruction).
    ExtensionCertificate,
    /// Certificate of a favourable decision pending the card's handover.
    FavourableDecisionCertificate,
    /// Receipt of a request filed on paper (récépissé).
    Receipt,
    /// Asylum seeker certificate (attestation de demande d'asile).
    AsylumSeekerCertificate,
    /// Provisional residence authorisation (APS).
    ProvisionalAuthorisation,
}

impl From<DocumentKind> for ResidenceDocumentKind {
    fn from(kind: DocumentKind) -> Self {
        match kind {
            DocumentKind::VlsTs => Self::VlsTs,
            DocumentKind::TemporaryPermit => Self::TemporaryPermit,
            DocumentKind::MultiYearPermit => Self::MultiYearPermit,
            DocumentKind::ResidentCard => Self::ResidentCard,
            DocumentKind::AlgerianResidenceCertificate => Self::AlgerianResidenceCertificate,
            DocumentKind::DepositCertificate => Self::DepositCertificate,
            DocumentKind::ExtensionCertificate => Self::ExtensionCertificate,
            DocumentKind::FavourableDecisionCertificate => Self::FavourableDecisionCertificate,
            DocumentKind::Receipt => Self::Receipt,
            DocumentKind::AsylumSeekerCertificate => Self::AsylumSeekerCertificate,
            DocumentKind::ProvisionalAuthorisation => Self::ProvisionalAuthorisation,
        }
    }
}

/// Whether the holder of a residence document stays lawfully today, and may work — nothing else about them.
#[derive(Debug, Clone, SimpleObject)]
pub struct ResidenceRightVerification {
    /// Whether the holder stays lawfully today (French date). `false` too when the number is unknown or the birth
    /// date does not match.
    pub valid: bool,
    /// The kind of the document that proves it — which may not be the one shown: an expired card's holder may be
    /// covered by an extension certificate.
    pub kind: Option<ResidenceDocumentKind>,
    /// The last day that document is valid.
    pub valid_until: Option<Date>,
    /// Whether the holder may work.
    pub work_allowed: bool,
    /// The yearly ceiling of hours of work, when there is one (students: 964).
    pub work_limit_hours_per_year: Option<i32>,
}

impl From<Option<StayRight>> for ResidenceRightVerification {
    fn from(right: Option<StayRight>) -> Self {
        match right {
            None => Self {
                valid: false,
                kind: None,
                valid_until: None,
                work_allowed: false,
                work_limit_hours_per_year: None,
            },
            Some(right) => Self {
                valid: true,
                kind: Some(right.kind.into()),
                valid_until: Some(Date(right.valid_until)),
                work_allowed: right.work.allowed(),
                work_limit_hours_per_year: right.work.hours_per_year().map(i32::from),
            },
        }
    }
}

/// The partners' queries.
#[derive(Default)]
pub struct PermitQuery;

#[Object]
impl PermitQuery {
    /// Partners with the `permit:verify` scope: whether the holder of the document numbered `documentNumber`, born
    /// on `birthDate` (as printed on the document: `1985`, `1985-04` or `1985-04-12`), stays lawfully today and may
    /// work. An unknown number or a birth date that does not match answers `valid: false`, like an expired one.
    #[graphql(visible = "super::audience::partner")]
    async fn verify_residence_right(
        &self,
        ctx: &Context<'_>,
        document_number: String,
        birth_date: PartialDate,
    ) -> Result<ResidenceRightVerification> {
        let context = request(ctx);
        let services = services(ctx);
        let today = france_date(services.clock.now());
        let verification =
            verify::verify(&services.verify_ports(), &context.actor, &document_number, birth_date.0, today)
                .await
                .map_err(ApiError::from)?;
        if let Some(holder) = verification.holder {
            context.reveal(holder);
        }
        // No number, birth date or answer in the logs; the outcome alone lets monitoring see a partner trying
        // numbers (misses are not journaled: they read no one's data).
        if let hipe_domain::Actor::Partner(partner) = &context.actor {
            let outcome = if verification.holder.is_some() { "match" } else { "no_match" };
            tracing::info!(partner.client_id = %partner.client_id, outcome, "residence right verified");
        }
        Ok(verification.right.into())
    }
}
