//! Family-reunification records and their dated rules on sea-orm. A write saves the dossier's change first (its
//! version check in the `UPDATE`, see `dossier::save_on`), then the record (a new one inserted, a changed one
//! updated with its own version check), then the journal entry, in one transaction.

use async_trait::async_trait;
use chrono::NaiveDate;
use hipe_domain::dossier::{Dossier, DossierId, QueueCursor};
use hipe_domain::family_reunification::{
    DossierWrite, FamilyReunificationRepository, Finding, MayorOpinion, OpinionSource, ResourceCheck,
    ResourceThreshold, Reunification, ReunificationParts, ReunificationRules,
};
use hipe_domain::journal::AccessRecord;
use hipe_domain::pagination::{Direction, Page, PageRequest};
use hipe_domain::person::PersonId;
use hipe_domain::territory::Territory;
use hipe_domain::{Error, Result};
use sea_orm::sea_query::{Expr, ExprTrait as _, Func, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, ConnectionTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _,
    QueryOrder as _, QuerySelect as _, TransactionTrait as _,
};

use super::actor_ref::{columns, optional_actor};
use super::dossier::stored_attention;
use super::{from_column, to_column};
use crate::entities::{dossier, family_reunification as record};
use crate::error::{corrupt, db_err};

const T: &str = "family_reunification";

/// [`FamilyReunificationRepository`] over `family_reunification` and the rule tables.
#[derive(Debug, Clone)]
pub struct SeaFamilyReunificationRepository {
    db: DatabaseConnection,
}

impl SeaFamilyReunificationRepository {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn cents(value: Option<i64>) -> Result<u32> {
    value.and_then(|v| u32::try_from(v).ok()).ok_or_else(|| corrupt(T, "amount out of range"))
}

fn finding(favourable: Option<bool>, reason: Option<String>) -> Result<Finding> {
    Ok(Finding { favourable: favourable.ok_or_else(|| corrupt(T, "partial opinion"))?, reason })
}

impl TryFrom<record::Model> for Reunification {
    type Error = Error;

    fn try_from(row: record::Model) -> Result<Self> {
        let mayor_opinion = match (row.opinion_source.as_deref(), row.opinion_recorded_at) {
            (Some(source), Some(recorded_at)) => Some(MayorOpinion {
                resources: finding(row.resources_favourable, row.resources_reason)?,
                housing: finding(row.housing_favourable, row.housing_reason)?,
                housing_surface_m2: row
                    .housing_surface_m2
                    .map(|s| u16::try_from(s).map_err(|_| corrupt(T, "surface")))
                    .transpose()?,
                source: OpinionSource::parse(source).ok_or_else(|| corrupt(T, format!("source {source}")))?,
                recorded_at,
                recorded_by: optional_actor(
                    T,
                    row.opinion_by_kind,
                    row.opinion_by_id,
                    row.opinion_by_role,
                    row.opinion_by_organisation,
                )?
                .ok_or_else(|| corrupt(T, "an opinion without its recorder"))?,
            }),
            (None, None) => None,
            _ => return Err(corrupt(T, "partial opinion")),
        };
        let resource_check = match (row.family_size, row.resources_met, row.resources_checked_at) {
            (Some(size), Some(met), Some(checked_at)) => Some(ResourceCheck {
                family_size: u8::try_from(size).map_err(|_| corrupt(T, "family size"))?,
                average_monthly_cents: cents(row.average_monthly_cents)?,
                threshold_cents: cents(row.threshold_cents)?,
                met,
                checked_at,
            }),
            (None, None, None) => None,
            _ => return Err(corrupt(T, "partial resource check")),
        };
        Self::restore(ReunificationParts {
            dossier: DossierId::from_uuid(row.dossier_id),
            sponsor: PersonId::from_uuid(row.person_id),
            territory: Territory::parse(&row.territory).map_err(|e| corrupt(T, e))?,
            version: from_column(T, row.version)?,
            mayor_requested_at: row.mayor_requested_at,
            mayor_due_on: row.mayor_due_on,
            mayor_opinion,
            resource_check,
            transmitted_at: row.transmitted_at,
            silence_on: row.silence_on,
            working_notes: row.working_notes,
        })
    }
}

fn row(record: &Reunification) -> Result<record::ActiveModel> {
    let parts = record.parts();
    let opinion = parts.mayor_opinion.as_ref();
    let by = opinion.map(|o| columns(&o.recorded_by));
    let check = parts.resource_check.as_ref();
    Ok(record::ActiveModel {
        dossier_id: Set(parts.dossier.as_uuid()),
        person_id: Set(parts.sponsor.as_uuid()),
        territory: Set(parts.territory.as_str().to_owned()),
        version: Set(to_column(parts.version)?),
        mayor_requested_at: Set(parts.mayor_requested_at),
        mayor_due_on: Set(parts.mayor_due_on),
        opinion_source: Set(opinion.map(|o| o.source.code().to_owned())),
        resources_favourable: Set(opinion.map(|o| o.resources.favourable)),
        resources_reason: Set(opinion.and_then(|o| o.resources.reason.clone())),
        housing_favourable: Set(opinion.map(|o| o.housing.favourable)),
        housing_reason: Set(opinion.and_then(|o| o.housing.reason.clone())),
        housing_surface_m2: Set(opinion.and_then(|o| o.housing_surface_m2).map(i32::from)),
        opinion_recorded_at: Set(opinion.map(|o| o.recorded_at)),
        opinion_by_kind: Set(by.as_ref().map(|b| b.kind.clone())),
        opinion_by_id: Set(by.as_ref().and_then(|b| b.id.clone())),
        opinion_by_role: Set(by.as_ref().and_then(|b| b.role.clone())),
        opinion_by_organisation: Set(by.as_ref().and_then(|b| b.organisation.clone())),
        family_size: Set(check.map(|c| i32::from(c.family_size))),
        average_monthly_cents: Set(check.map(|c| i64::from(c.average_monthly_cents))),
        threshold_cents: Set(check.map(|c| i64::from(c.threshold_cents))),
        resources_met: Set(check.map(|c| c.met)),
        resources_checked_at: Set(check.map(|c| c.checked_at)),
        transmitted_at: Set(parts.transmitted_at),
        silence_on: Set(parts.silence_on),
        working_notes: Set(parts.working_notes.clone()),
        attention_on: Set(stored_attention(record.attention_on())),
    })
}

/// The statuses a dossier in OFII's queue may have: open and filed.
const OPEN: [&str; 3] = ["AWAITING_OPINION", "UNDER_REVIEW", "IMPLICITLY_REFUSED"];

#[async_trait]
impl FamilyReunificationRepository for SeaFamilyReunificationRepository {
    async fn save(
        &self,
        record: &Reunification,
        previous_version: Option<u32>,
        dossier: Option<DossierWrite<'_>>,
        journal: Option<&AccessRecord>,
    ) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        if let Some(write) = dossier {
            super::dossier::save_on(&txn, write.dossier, write.previous_version, write.change).await?;
        }
        let new = row(record)?;
        match previous_version {
            None => {
                record::Entity::insert(new).exec_without_returning(&txn).await.map_err(db_err)?;
            }
            Some(previous) => {
                let mut new = new;
                new.dossier_id = sea_orm::ActiveValue::NotSet;
                let updated = record::Entity::update_many()
                    .set(new)
                    .filter(record::Column::DossierId.eq(record.dossier().as_uuid()))
                    .filter(record::Column::Version.eq(to_column(previous)?))
                    .exec(&txn)
                    .await
                    .map_err(db_err)?;
                if updated.rows_affected != 1 {
                    let actual = record::Entity::find_by_id(record.dossier().as_uuid())
                        .one(&txn)
                        .await
                        .map_err(db_err)?
                        .map_or(Ok(0), |row| from_column(T, row.version))?;
                    return Err(Error::StaleVersion { entity: "family reunification", expected: previous, actual });
                }
            }
        }
        super::journal::append_on(&txn, journal.map(std::slice::from_ref).unwrap_or_default()).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn find_many(&self, dossiers: &[DossierId]) -> Result<Vec<Reunification>> {
        if dossiers.is_empty() {
            return Ok(Vec::new());
        }
        let rows = record::Entity::find()
            .filter(record::Column::DossierId.is_in(dossiers.iter().map(DossierId::as_uuid)))
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(Reunification::try_from).collect()
    }

    async fn queue(
        &self,
        territories: &[Territory],
        page: &PageRequest<QueueCursor>,
    ) -> Result<Page<(Reunification, Dossier)>> {
        if territories.is_empty() {
            return Ok(Page { items: Vec::new(), has_next: false, has_previous: false });
        }
        let open_dossiers = Query::select()
            .column(dossier::Column::Id)
            .from(dossier::Entity)
            .and_where(Expr::col(dossier::Column::Status).is_in(OPEN))
            .and_where(Expr::col(dossier::Column::Territory).is_in(territories.iter().map(Territory::as_str)))
            .to_owned();
        let mut query = record::Entity::find()
            .filter(record::Column::Territory.is_in(territories.iter().map(Territory::as_str)))
            .filter(record::Column::TransmittedAt.is_null())
            .filter(record::Column::DossierId.in_subquery(open_dossiers));
        let forward = page.direction() == Direction::Forward;
        if let Some(cursor) = page.cursor() {
            let (on, id) = (stored_attention(cursor.attention_on), cursor.id.as_uuid());
            query = if forward {
                query.filter(
                    sea_orm::Condition::any()
                        .add(record::Column::AttentionOn.gt(on))
                        .add(record::Column::AttentionOn.eq(on).and(record::Column::DossierId.gt(id))),
                )
            } else {
                query.filter(
                    sea_orm::Condition::any()
                        .add(record::Column::AttentionOn.lt(on))
                        .add(record::Column::AttentionOn.eq(on).and(record::Column::DossierId.lt(id))),
                )
            };
        }
        query = if forward {
            query.order_by_asc(record::Column::AttentionOn).order_by_asc(record::Column::DossierId)
        } else {
            query.order_by_desc(record::Column::AttentionOn).order_by_desc(record::Column::DossierId)
        };
        // One row more than asked tells whether another page follows, without counting.
        let rows = query.limit(u64::from(page.size()) + 1).all(&self.db).await.map_err(db_err)?;
        let page = super::keyset::split(rows, page).try_map(Reunification::try_from)?;
        let (records, has_next, has_previous) = (page.items, page.has_next, page.has_previous);
        let ids: Vec<uuid::Uuid> = records.iter().map(|r| r.dossier().as_uuid()).collect();
        let mut dossiers: std::collections::HashMap<DossierId, Dossier> = if ids.is_empty() {
            std::collections::HashMap::new()
        } else {
            dossier::Entity::find()
                .filter(dossier::Column::Id.is_in(ids))
                .all(&self.db)
                .await
                .map_err(db_err)?
                .into_iter()
                .map(|row| Dossier::try_from(row).map(|d| (d.id(), d)))
                .collect::<Result<_>>()?
        };
        let items = records
            .into_iter()
            .map(|record| {
                let dossier =
                    dossiers.remove(&record.dossier()).ok_or_else(|| corrupt(T, "a record without its dossier"))?;
                Ok((record, dossier))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Page { items, has_next, has_previous })
    }

    async fn mayor_checks_due(&self, today: NaiveDate, limit: u64) -> Result<Vec<DossierId>> {
        let rows = record::Entity::find()
            .select_only()
            .column(record::Column::DossierId)
            .filter(record::Column::OpinionSource.is_null())
            .filter(record::Column::MayorDueOn.lt(today))
            .order_by_asc(record::Column::MayorDueOn)
            .limit(limit)
            .into_tuple::<uuid::Uuid>()
            .all(&self.db)
            .await
            .map_err(db_err)?;
        Ok(rows.into_iter().map(DossierId::from_uuid).collect())
    }

    async fn rules_on(&self, day: NaiveDate) -> Result<ReunificationRules> {
        let backend = self.db.get_database_backend();
        let latest = |table: &str| {
            Query::select()
                .expr(Func::max(Expr::col(sea_orm::sea_query::Alias::new("effective_from"))))
                .from(sea_orm::sea_query::Alias::new(table))
                .and_where(Expr::col(sea_orm::sea_query::Alias::new("effective_from")).lte(day))
                .to_owned()
        };
        let select = |table: &str, columns: &[&str]| {
            let mut query = Query::select();
            for column in columns {
                query.column(sea_orm::sea_query::Alias::new(*column));
            }
            query
                .from(sea_orm::sea_query::Alias::new(table))
                .and_where(Expr::col(sea_orm::sea_query::Alias::new("effective_from")).in_subquery(latest(table)))
                .to_owned()
        };
        let missing = || Error::Storage(format!("no family-reunification rule in force on {day}").into());
        let query = |statement| async move { self.db.query_all_raw(backend.build(&statement)).await.map_err(db_err) };
        let rule = query(select("reunification_rule", &["mayor_opinion_months", "resource_months"])).await?;
        let rule = rule.first().ok_or_else(missing)?;
        let smic = query(select("smic_amount", &["net_monthly_cents"])).await?;
        let smic = smic.first().ok_or_else(missing)?;
        let thresholds = query(select("reunification_threshold", &["from_family_size", "smic_per_mille"])).await?;
        let get = |row: &sea_orm::QueryResult, column: &str| -> Result<i32> {
            row.try_get::<i32>("", column).map_err(|e| corrupt("family reunification rules", e))
        };
        let small = |value: i32| u8::try_from(value).map_err(|_| corrupt("reunification_rule", "out of range"));
        Ok(ReunificationRules {
            mayor_opinion_months: small(get(rule, "mayor_opinion_months")?)?,
            resource_months: small(get(rule, "resource_months")?)?,
            smic_net_monthly_cents: u32::try_from(get(smic, "net_monthly_cents")?)
                .map_err(|_| corrupt("smic_amount", "negative"))?,
            thresholds: thresholds
                .iter()
                .map(|row| {
                    Ok(ResourceThreshold {
                        from_family_size: small(get(row, "from_family_size")?)?,
                        smic_per_mille: u16::try_from(get(row, "smic_per_mille")?)
                            .map_err(|_| corrupt("reunification_threshold", "out of range"))?,
                    })
                })
                .collect::<Result<_>>()?,
        })
    }
}
