//! Tax-stamp payments: `recordTaxStamp` (the person, their acting mandatary, or a prefecture desk), and
//! `Dossier.payments`, `Dossier.feesDueCents`, `Dossier.feesPaidCents` — computed from the catalogue version the
//! dossier was filed under and the stamps recorded on it, never stored.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use hipe_domain::Error;
use hipe_domain::dossier::Dossier;
use hipe_domain::payment::{Payment, PaymentStatus as DomainStatus, TaxStampNumber, commands, paid_cents};

use super::appointment::acted_by;
use super::context::{request, services};
use super::dossier::{DossierNode, EventActor};
use super::error::{ApiError, UserError, user_error};
use super::id;
use super::loaders::{Loaders, load_error};
use super::scalars::DateTime;

/// Where a payment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum PaymentStatus {
    /// Recorded on the dossier.
    Recorded,
    /// Consumed by the dossier's decision.
    Consumed,
}

/// A tax stamp recorded on a dossier.
pub struct PaymentNode(pub Payment);

#[Object(name = "Payment", visible = "super::audience::dossier_filers")]
impl PaymentNode {
    /// Id.
    async fn id(&self) -> ID {
        id::payment(self.0.id())
    }

    /// The stamp's 16 digits.
    async fn stamp_number(&self) -> &str {
        self.0.stamp().as_str()
    }

    /// Its amount, in euro cents.
    async fn amount_cents(&self) -> i32 {
        i32::try_from(self.0.amount_cents()).unwrap_or(i32::MAX)
    }

    /// Where it stands.
    async fn status(&self) -> PaymentStatus {
        match self.0.status() {
            DomainStatus::Recorded => PaymentStatus::Recorded,
            DomainStatus::Consumed => PaymentStatus::Consumed,
        }
    }

    /// When it was recorded.
    async fn recorded_at(&self) -> DateTime {
        DateTime(self.0.recorded_at())
    }

    /// Who recorded it.
    async fn recorded_by(&self) -> EventActor {
        acted_by(self.0.recorded_by())
    }

    /// When the decision consumed it.
    async fn consumed_at(&self) -> Option<DateTime> {
        self.0.consumed_at().map(DateTime)
    }
}

async fn payments(ctx: &Context<'_>, dossier: &Dossier) -> Result<Vec<Payment>> {
    let loaders = ctx.data_unchecked::<Loaders>();
    Ok(loaders.payments.load_one(dossier.id()).await.map_err(|e| load_error(&e))?.unwrap_or_default())
}

/// `Dossier.payments`: the stamps recorded on a dossier the caller sees, oldest first.
pub async fn of_dossier(ctx: &Context<'_>, dossier: &Dossier) -> Result<Vec<PaymentNode>> {
    Ok(payments(ctx, dossier).await?.into_iter().map(PaymentNode).collect())
}

/// `Dossier.feesDueCents`: the fees of the dossier's catalogue version.
pub async fn fees_due_cents(ctx: &Context<'_>, dossier: &Dossier) -> Result<i32> {
    let loaders = ctx.data_unchecked::<Loaders>();
    let procedure = loaders.procedures.load_one(dossier.procedure().clone()).await.map_err(|e| load_error(&e))?;
    let procedure = procedure.ok_or_else(|| ApiError::Internal("dossier without its procedure".into()))?;
    Ok(i32::try_from(procedure.fees.total_cents()).unwrap_or(i32::MAX))
}

/// `Dossier.feesPaidCents`: the sum of the stamps recorded on the dossier.
pub async fn fees_paid_cents(ctx: &Context<'_>, dossier: &Dossier) -> Result<i32> {
    Ok(i32::try_from(paid_cents(&payments(ctx, dossier).await?)).unwrap_or(i32::MAX))
}

/// Input of `recordTaxStamp`.
#[derive(Debug, InputObject)]
pub struct RecordTaxStampInput {
    /// The dossier it pays for.
    pub dossier_id: ID,
    /// The stamp's 16 digits (spaces between groups allowed).
    pub stamp_number: String,
    /// Its amount, in euro cents.
    pub amount_cents: i32,
}

/// Result of `recordTaxStamp`.
#[derive(SimpleObject)]
pub struct RecordTaxStampPayload {
    /// The payment; null when refused.
    pub payment: Option<PaymentNode>,
    /// The dossier, with its fees; null when refused.
    pub dossier: Option<DossierNode>,
    /// Why the mutation was refused, when it was (`STAMP_ALREADY_USED`, `INVALID`…).
    pub user_errors: Vec<UserError>,
}

/// Payment mutations.
#[derive(Default)]
pub struct PaymentMutation;

#[Object]
impl PaymentMutation {
    /// Records a tax stamp on a dossier. A stamp pays once: a number already recorded, on any dossier, is
    /// `STAMP_ALREADY_USED`.
    #[graphql(visible = "super::audience::dossier_filers")]
    async fn record_tax_stamp(&self, ctx: &Context<'_>, input: RecordTaxStampInput) -> Result<RecordTaxStampPayload> {
        let dossier = id::dossier_id(&input.dossier_id)?;
        let parsed = (|| -> Result<_, Error> {
            Ok(commands::RecordTaxStamp {
                dossier,
                stamp: TaxStampNumber::parse(&input.stamp_number)?,
                amount_cents: u32::try_from(input.amount_cents)
                    .map_err(|_| Error::invalid("amountCents", "a positive amount of euro cents"))?,
            })
        })();
        let services = services(ctx);
        let caller = request(ctx).caller();
        let outcome = match parsed {
            Ok(record) => commands::record(&services.payment_ports(), &caller, record).await,
            Err(error) => Err(error),
        };
        match outcome {
            Ok(payment) => {
                let dossier = hipe_domain::dossier::commands::find_visible(&services.ports(), &caller.actor, dossier)
                    .await
                    .map_err(ApiError::from)?;
                request(ctx).reveal(dossier.person());
                Ok(RecordTaxStampPayload {
                    payment: Some(PaymentNode(payment)),
                    dossier: Some(DossierNode(dossier)),
                    user_errors: Vec::new(),
                })
            }
            Err(error) => {
                Ok(RecordTaxStampPayload { payment: None, dossier: None, user_errors: vec![user_error(error)?] })
            }
        }
    }
}
