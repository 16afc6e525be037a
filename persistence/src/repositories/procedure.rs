//! The procedure catalogue on sea-orm.

use async_trait::async_trait;
use chrono::NaiveDate;
use hipe_domain::dossier::DocumentType;
use hipe_domain::permit::{DocumentKind, Work};
use hipe_domain::procedure::{
    Authority, Fees, FilingWindow, Label, OpinionKind, Procedure, ProcedureCatalogue, ProcedureCode, ProcedureKey,
    Produces, RequiredDocument,
};
use hipe_domain::{Error, Result};
use sea_orm::{ColumnTrait as _, Condition, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _};

use super::{from_column, to_column};
use crate::entities::procedure::{Column, Entity, Model};
use crate::entities::procedure_document;
use crate::error::{corrupt, db_err};

/// [`ProcedureCatalogue`] over the `procedure` table.
#[derive(Debug, Clone)]
pub struct SeaProcedureCatalogue {
    db: DatabaseConnection,
}

impl SeaProcedureCatalogue {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn in_force_on(day: NaiveDate) -> Condition {
    Condition::all()
        .add(Column::EffectiveFrom.lte(day))
        .add(Condition::any().add(Column::EffectiveUntil.is_null()).add(Column::EffectiveUntil.gt(day)))
}

impl TryFrom<Model> for Procedure {
    type Error = Error;

    fn try_from(row: Model) -> Result<Self> {
        let cents = |value: i32| u32::try_from(value).map_err(|_| corrupt("procedure", "negative amount"));
        Ok(Self {
            key: ProcedureKey {
                code: ProcedureCode::parse(&row.code).map_err(|e| corrupt("procedure", e))?,
                version: from_column("procedure", row.version)?,
            },
            effective_from: row.effective_from,
            effective_until: row.effective_until,
            label: Label { fr: row.label_fr, en: row.label_en },
            legal_basis: row.legal_basis,
            authority: Authority::parse(&row.authority)
                .ok_or_else(|| corrupt("procedure", format!("unknown authority {}", row.authority)))?,
            silence_months: row
                .silence_months
                .map(|m| u8::try_from(m).map_err(|_| corrupt("procedure", "silence months out of range")))
                .transpose()?,
            fees: Fees { tax_cents: cents(row.tax_cents)?, stamp_cents: cents(row.stamp_cents)? },
            opinions_needed: row
                .opinions_needed
                .split(',')
                .filter(|code| !code.is_empty())
                .map(|code| {
                    OpinionKind::parse(code).ok_or_else(|| corrupt("procedure", format!("unknown opinion {code}")))
                })
                .collect::<Result<_>>()?,
            filing_window: row.filing_window.as_deref().map(filing_window).transpose()?,
            required_documents: Vec::new(),
            produces: row.produces.as_deref().map(produces).transpose()?,
        })
    }
}

/// `BEFORE_EXPIRY|120|60` or `AFTER_ENTRY|90`.
fn filing_window(text: &str) -> Result<FilingWindow> {
    let bad = || corrupt("procedure", format!("filing window {text}"));
    let parts: Vec<&str> = text.split('|').collect();
    let days = |i: usize| parts.get(i).and_then(|d| d.parse::<u16>().ok()).ok_or_else(bad);
    match parts.first() {
        Some(&"BEFORE_EXPIRY") => Ok(FilingWindow::BeforeExpiry { opens_days: days(1)?, closes_days: days(2)? }),
        Some(&"AFTER_ENTRY") => Ok(FilingWindow::AfterEntry { days: days(1)? }),
        _ => Err(bad()),
    }
}

/// `KIND|MOTIVE|MONTHS|WORK` where WORK is `NONE`, `FULL` or `LIMITED:HOURS` and MOTIVE may be empty.
fn produces(text: &str) -> Result<Produces> {
    let bad = || corrupt("procedure", format!("produces {text}"));
    let parts: Vec<&str> = text.split('|').collect();
    let [kind, motive, months, work] = parts.as_slice() else { return Err(bad()) };
    let work = match *work {
        "NONE" => Work::None,
        "FULL" => Work::Full,
        limited => Work::Limited {
            hours_per_year: limited.strip_prefix("LIMITED:").and_then(|h| h.parse().ok()).ok_or_else(bad)?,
        },
    };
    Ok(Produces {
        kind: DocumentKind::parse(kind).ok_or_else(bad)?,
        motive: (!motive.is_empty()).then(|| (*motive).to_owned()),
        months: months.parse().map_err(|_| bad())?,
        work,
    })
}

impl SeaProcedureCatalogue {
    /// Attaches their required documents to `procedures` (one query for all of them).
    async fn with_documents(&self, mut procedures: Vec<Procedure>) -> Result<Vec<Procedure>> {
        if procedures.is_empty() {
            return Ok(procedures);
        }
        let codes: Vec<&str> = procedures.iter().map(|p| p.key.code.as_str()).collect();
        let rows = procedure_document::Entity::find()
            .filter(procedure_document::Column::ProcedureCode.is_in(codes))
            .order_by_asc(procedure_document::Column::ProcedureCode)
            .order_by_asc(procedure_document::Column::ProcedureVersion)
            .order_by_asc(procedure_document::Column::Position)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        for row in rows {
            let Some(procedure) = procedures.iter_mut().find(|p| {
                p.key.code.as_str() == row.procedure_code
                    && to_column(p.key.version).ok() == Some(row.procedure_version)
            }) else {
                continue;
            };
            procedure.required_documents.push(RequiredDocument {
                document_type: DocumentType::parse(&row.document_type).map_err(|e| corrupt("procedure_document", e))?,
                label: Label { fr: row.label_fr, en: row.label_en },
                situation: row.situation,
                max_age_months: row
                    .max_age_months
                    .map(|m| u8::try_from(m).map_err(|_| corrupt("procedure_document", "max age")))
                    .transpose()?,
                translation_required: row.translation_required,
            });
        }
        Ok(procedures)
    }
}

#[async_trait]
impl ProcedureCatalogue for SeaProcedureCatalogue {
    async fn in_force(&self, day: NaiveDate) -> Result<Vec<Procedure>> {
        let rows =
            Entity::find().filter(in_force_on(day)).order_by_asc(Column::Code).all(&self.db).await.map_err(db_err)?;
        let procedures = rows.into_iter().map(Procedure::try_from).collect::<Result<Vec<_>>>()?;
        self.with_documents(procedures).await
    }

    async fn find_in_force(&self, code: &ProcedureCode, day: NaiveDate) -> Result<Option<Procedure>> {
        let row = Entity::find()
            .filter(Column::Code.eq(code.as_str()))
            .filter(in_force_on(day))
            .one(&self.db)
            .await
            .map_err(db_err)?;
        let procedures = row.map(Procedure::try_from).transpose()?.into_iter().collect();
        Ok(self.with_documents(procedures).await?.into_iter().next())
    }

    async fn find_many(&self, keys: &[ProcedureKey]) -> Result<Vec<Procedure>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let mut any = Condition::any();
        for key in keys {
            any = any.add(
                Condition::all()
                    .add(Column::Code.eq(key.code.as_str()))
                    .add(Column::Version.eq(to_column(key.version)?)),
            );
        }
        let rows = Entity::find().filter(any).all(&self.db).await.map_err(db_err)?;
        let procedures = rows.into_iter().map(Procedure::try_from).collect::<Result<Vec<_>>>()?;
        self.with_documents(procedures).await
    }
}
