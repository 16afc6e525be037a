//! Asylum files, their suspensions and timeline, and the reception catalogue on sea-orm. A change saves, in one
//! transaction: the certificate issued (and the one it replaces marked `REPLACED`), the file with a version check
//! in the `UPDATE` itself, its suspensions, the event, the notification and the journal entry. "One claim awaiting
//! its decision per person" is the unique index on `open_key`. A file is read with its suspensions in one more
//! statement for any number of files (no N+1).

use std::collections::HashMap;

use async_trait::async_trait;
use hipe_domain::appointment::AppointmentId;
use hipe_domain::asylum::allowance::{HouseholdRates, SupplementRate};
use hipe_domain::asylum::{
    AllowanceScale, AsylumChange, AsylumEvent, AsylumFile, AsylumFileId, AsylumFileParts, AsylumRepository,
    CertificateValidity, CurrentCertificate, DecisionBody, DecisionOutcome, FinalDecision, Household, Offer,
    ProcedureClass, ReceptionStatus, Suspension, SuspensionReason,
};
use hipe_domain::pagination::{Page, PageRequest};
use hipe_domain::permit::{DocumentNumber, DocumentStatus, ResidenceDocumentId};
use hipe_domain::person::PersonId;
use hipe_domain::territory::Territory;
use hipe_domain::{Error, Refusal, Result};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, DatabaseTransaction, EntityTrait as _, PaginatorTrait as _,
    QueryFilter as _, QueryOrder as _, TransactionTrait as _,
};

use super::actor_ref::{ActorColumns, actor, columns};
use super::{from_column, to_column};
use crate::entities::{
    asylum_allowance_rate as rate, asylum_allowance_supplement as supplement, asylum_certificate_validity as validity,
    asylum_event as event, asylum_file as file, asylum_suspension as suspension, notification, residence_document,
};
use crate::error::{corrupt, db_err, parse_code};

/// [`AsylumRepository`] over the `asylum_*` tables.
#[derive(Debug, Clone)]
pub struct SeaAsylumRepository {
    db: DatabaseConnection,
}

impl SeaAsylumRepository {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn suspension_of(row: suspension::Model) -> Result<Suspension> {
    const T: &str = "asylum_suspension";
    Ok(Suspension {
        from: row.from_on,
        until: row.until_on,
        reason: parse_code(T, "reason", &row.reason, SuspensionReason::parse)?,
        appointment: row.appointment_id.map(AppointmentId::from_uuid),
        note: row.note,
        decided_by: actor(
            T,
            ActorColumns {
                kind: row.decided_by_kind,
                id: row.decided_by_id,
                role: row.decided_by_role,
                organisation: row.decided_by_organisation,
            },
        )?,
        decided_at: row.decided_at,
    })
}

fn file_of(row: &file::Model, suspensions: Vec<Suspension>) -> Result<AsylumFile> {
    const T: &str = "asylum_file";
    let bad = |detail: String| corrupt(T, detail);
    let final_decision = match (&row.decision_outcome, &row.decision_body, row.decision_notified_on) {
        (Some(outcome), Some(body), Some(notified_on)) => Some(FinalDecision {
            outcome: parse_code(T, "outcome", outcome, DecisionOutcome::parse)?,
            body: parse_code(T, "body", body, DecisionBody::parse)?,
            notified_on,
        }),
        (None, None, None) => None,
        _ => return Err(bad("partial final decision".into())),
    };
    let offer = match (row.offer_adults, row.offer_children, row.accommodation_offered, row.offered_at) {
        (Some(adults), Some(children), Some(accommodation_offered), Some(offered_at)) => Some(Offer {
            household: Household::new(i64::from(adults), i64::from(children)).map_err(|e| bad(e.to_string()))?,
            accommodation_offered,
            offered_at,
        }),
        (None, None, None, None) => None,
        _ => return Err(bad("partial offer".into())),
    };
    AsylumFile::restore(AsylumFileParts {
        id: AsylumFileId::from_uuid(row.id),
        person: PersonId::from_uuid(row.person_id),
        territory: Territory::parse(&row.territory).map_err(|e| bad(e.to_string()))?,
        procedure_class: parse_code(T, "procedure class", &row.procedure_class, ProcedureClass::parse)?,
        version: from_column(T, row.version)?,
        registered_at: row.registered_at,
        certificate: CurrentCertificate {
            id: ResidenceDocumentId::from_uuid(row.certificate_id),
            number: DocumentNumber::parse(&row.certificate_number).map_err(|e| bad(e.to_string()))?,
            valid_until: row.certificate_valid_until,
            renewals: u16::try_from(row.certificate_renewals)
                .map_err(|_| bad(format!("renewals {}", row.certificate_renewals)))?,
        },
        final_decision,
        reception: parse_code(T, "reception status", &row.reception_status, ReceptionStatus::parse)?,
        offer,
        answered_at: row.answered_at,
        accepted_on: row.accepted_on,
        suspensions,
        closes_on: row.closes_on,
    })
    .map_err(|e| bad(e.to_string()))
}

fn file_row(f: &AsylumFile) -> Result<file::ActiveModel> {
    let decision = f.final_decision();
    let offer = f.offer();
    Ok(file::ActiveModel {
        id: Set(f.id().as_uuid()),
        person_id: Set(f.person().as_uuid()),
        territory: Set(f.territory().as_str().to_owned()),
        procedure_class: Set(f.procedure_class().code().to_owned()),
        version: Set(to_column(f.version())?),
        open_key: Set(f.open_key()),
        registered_at: Set(f.registered_at()),
        certificate_id: Set(f.certificate().id.as_uuid()),
        certificate_number: Set(f.certificate().number.as_str().to_owned()),
        certificate_valid_until: Set(f.certificate().valid_until),
        certificate_renewals: Set(i32::from(f.certificate().renewals)),
        decision_outcome: Set(decision.map(|d| d.outcome.code().to_owned())),
        decision_body: Set(decision.map(|d| d.body.code().to_owned())),
        decision_notified_on: Set(decision.map(|d| d.notified_on)),
        reception_status: Set(f.reception().code().to_owned()),
        offer_adults: Set(offer.map(|o| i32::from(o.household.adults()))),
        offer_children: Set(offer.map(|o| i32::from(o.household.children()))),
        accommodation_offered: Set(offer.map(|o| o.accommodation_offered)),
        offered_at: Set(offer.map(|o| o.offered_at)),
        answered_at: Set(f.answered_at()),
        accepted_on: Set(f.accepted_on()),
        closes_on: Set(f.closes_on()),
    })
}

fn suspension_rows(f: &AsylumFile) -> Result<Vec<suspension::ActiveModel>> {
    f.suspensions()
        .iter()
        .enumerate()
        .map(|(position, s)| {
            let who = columns(&s.decided_by);
            Ok(suspension::ActiveModel {
                file_id: Set(f.id().as_uuid()),
                position: Set(i32::try_from(position).map_err(|_| Error::invalid("suspensions", "too many"))?),
                from_on: Set(s.from),
                until_on: Set(s.until),
                reason: Set(s.reason.code().to_owned()),
                appointment_id: Set(s.appointment.map(|a| a.as_uuid())),
                note: Set(s.note.clone()),
                decided_at: Set(s.decided_at),
                decided_by_kind: Set(who.kind),
                decided_by_id: Set(who.id),
                decided_by_role: Set(who.role),
                decided_by_organisation: Set(who.organisation),
            })
        })
        .collect()
}

fn event_row(e: &AsylumEvent) -> Result<event::ActiveModel> {
    let who = columns(&e.actor);
    Ok(event::ActiveModel {
        file_id: Set(e.file.as_uuid()),
        sequence: Set(to_column(e.sequence)?),
        action: Set(e.action.code().to_owned()),
        at: Set(e.at),
        actor_kind: Set(who.kind),
        actor_id: Set(who.id),
        actor_role: Set(who.role),
        actor_organisation: Set(who.organisation),
    })
}

impl SeaAsylumRepository {
    /// The files of `rows` with their suspensions, read in one statement.
    async fn with_suspensions(&self, rows: Vec<file::Model>) -> Result<Vec<AsylumFile>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let found = suspension::Entity::find()
            .filter(suspension::Column::FileId.is_in(rows.iter().map(|r| r.id)))
            .order_by_asc(suspension::Column::FileId)
            .order_by_asc(suspension::Column::Position)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let mut by_file: HashMap<uuid::Uuid, Vec<Suspension>> = HashMap::new();
        for row in found {
            by_file.entry(row.file_id).or_default().push(suspension_of(row)?);
        }
        rows.into_iter()
            .map(|row| {
                let suspensions = by_file.remove(&row.id).unwrap_or_default();
                file_of(&row, suspensions)
            })
            .collect()
    }

    /// Writes the file of `change` inside `txn`: inserted, or updated if the version still matches.
    async fn write_file(&self, txn: &DatabaseTransaction, change: &AsylumChange<'_>) -> Result<()> {
        let f = change.file;
        let Some(previous) = change.previous_version else {
            let inserted = file::Entity::insert(file_row(f)?).exec_without_returning(txn).await.map_err(db_err);
            return match inserted {
                Ok(_) => Ok(()),
                Err(Error::Duplicate { what: "open asylum claim" }) => {
                    Err(Error::Refused(Refusal::AlreadySeekingAsylum))
                }
                Err(error) => Err(error),
            };
        };
        let mut row = file_row(f)?;
        row.id = sea_orm::ActiveValue::NotSet;
        let columns = (file::Column::Id, file::Column::Version);
        super::versioned::update(txn, row, columns, f.id().as_uuid(), previous, "asylum file").await
    }
}

#[async_trait]
impl AsylumRepository for SeaAsylumRepository {
    async fn save(&self, change: AsylumChange<'_>) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        let written = async {
            if let Some(document) = change.issued {
                super::residence_document::insert_on(&txn, document).await?;
            }
            if let Some(replaced) = change.replaced {
                residence_document::Entity::update_many()
                    .col_expr(
                        residence_document::Column::Status,
                        sea_orm::sea_query::Expr::value(DocumentStatus::Replaced.code()),
                    )
                    .filter(residence_document::Column::Id.eq(replaced.as_uuid()))
                    .exec(&txn)
                    .await
                    .map_err(db_err)?;
            }
            self.write_file(&txn, &change).await?;
            let file_id = change.file.id().as_uuid();
            suspension::Entity::delete_many()
                .filter(suspension::Column::FileId.eq(file_id))
                .exec(&txn)
                .await
                .map_err(db_err)?;
            let suspensions = suspension_rows(change.file)?;
            if !suspensions.is_empty() {
                suspension::Entity::insert_many(suspensions).exec_without_returning(&txn).await.map_err(db_err)?;
            }
            event::Entity::insert(event_row(change.event)?).exec_without_returning(&txn).await.map_err(db_err)?;
            if let Some(told) = change.notification {
                notification::Entity::insert(super::notification::row(told))
                    .exec_without_returning(&txn)
                    .await
                    .map_err(db_err)?;
            }
            super::journal::append_on(&txn, change.journal.map(std::slice::from_ref).unwrap_or_default()).await
        }
        .await;
        match written {
            Ok(()) => txn.commit().await.map_err(db_err),
            Err(error) => {
                txn.rollback().await.map_err(db_err)?;
                Err(error)
            }
        }
    }

    async fn find(&self, id: AsylumFileId) -> Result<Option<AsylumFile>> {
        let Some(row) = file::Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(db_err)? else {
            return Ok(None);
        };
        Ok(self.with_suspensions(vec![row]).await?.pop())
    }

    async fn latest_of(&self, persons: &[PersonId]) -> Result<Vec<AsylumFile>> {
        if persons.is_empty() {
            return Ok(Vec::new());
        }
        let rows = file::Entity::find()
            .filter(file::Column::PersonId.is_in(persons.iter().map(PersonId::as_uuid)))
            .order_by_asc(file::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        // A person has a claim or two in a lifetime: keeping the last per person in memory is cheap.
        let mut latest: HashMap<uuid::Uuid, file::Model> = HashMap::new();
        for row in rows {
            latest.insert(row.person_id, row);
        }
        self.with_suspensions(latest.into_values().collect()).await
    }

    async fn queue(
        &self,
        territories: &[Territory],
        status: Option<ReceptionStatus>,
        page: &PageRequest<AsylumFileId>,
    ) -> Result<Page<AsylumFile>> {
        if territories.is_empty() {
            return Ok(Page { items: Vec::new(), has_next: false, has_previous: false });
        }
        let mut query =
            file::Entity::find().filter(file::Column::Territory.is_in(territories.iter().map(Territory::as_str)));
        if let Some(status) = status {
            query = query.filter(file::Column::ReceptionStatus.eq(status.code()));
        }
        let rows = super::keyset::fetch(&self.db, query, file::Column::Id, page, AsylumFileId::as_uuid).await?;
        let items = self.with_suspensions(rows.items).await?;
        Ok(Page { items, has_next: rows.has_next, has_previous: rows.has_previous })
    }

    async fn count_queue(&self, territories: &[Territory], status: Option<ReceptionStatus>) -> Result<u64> {
        if territories.is_empty() {
            return Ok(0);
        }
        let mut query =
            file::Entity::find().filter(file::Column::Territory.is_in(territories.iter().map(Territory::as_str)));
        if let Some(status) = status {
            query = query.filter(file::Column::ReceptionStatus.eq(status.code()));
        }
        query.count(&self.db).await.map_err(db_err)
    }

    async fn certificate_validity(
        &self,
        class: ProcedureClass,
        on: chrono::NaiveDate,
    ) -> Result<Option<CertificateValidity>> {
        const T: &str = "asylum_certificate_validity";
        let row = validity::Entity::find()
            .filter(validity::Column::ProcedureClass.eq(class.code()))
            .filter(validity::Column::EffectiveFrom.lte(on))
            .order_by_desc(validity::Column::EffectiveFrom)
            .one(&self.db)
            .await
            .map_err(db_err)?;
        row.map(|row| {
            Ok(CertificateValidity {
                first_months: u32::try_from(row.first_months).map_err(|_| corrupt(T, "negative months"))?,
                renewal_months: u32::try_from(row.renewal_months).map_err(|_| corrupt(T, "negative months"))?,
            })
        })
        .transpose()
    }

    async fn allowance_scale(&self) -> Result<AllowanceScale> {
        let rates = rate::Entity::find()
            .order_by_asc(rate::Column::EffectiveFrom)
            .order_by_asc(rate::Column::HouseholdSize)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let supplements = supplement::Entity::find().all(&self.db).await.map_err(db_err)?;
        let mut household: Vec<HouseholdRates> = Vec::new();
        for row in rates {
            let cents =
                u32::try_from(row.daily_cents).map_err(|_| corrupt("asylum_allowance_rate", "negative amount"))?;
            match household.last_mut() {
                Some(version) if version.effective_from == row.effective_from => {
                    // Sizes come in order from 1: a gap would shift every later line, so it is refused.
                    if usize::try_from(row.household_size).ok() != Some(version.daily_cents_by_size.len() + 1) {
                        return Err(corrupt("asylum_allowance_rate", "household sizes with a gap"));
                    }
                    version.daily_cents_by_size.push(cents);
                }
                _ if row.household_size == 1 => {
                    household
                        .push(HouseholdRates { effective_from: row.effective_from, daily_cents_by_size: vec![cents] });
                }
                _ => return Err(corrupt("asylum_allowance_rate", "a scale not starting at one person")),
            }
        }
        let supplement = supplements
            .into_iter()
            .map(|row| {
                Ok(SupplementRate {
                    effective_from: row.effective_from,
                    daily_cents: u32::try_from(row.daily_cents)
                        .map_err(|_| corrupt("asylum_allowance_supplement", "negative amount"))?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        AllowanceScale::new(household, supplement).map_err(|e| corrupt("asylum_allowance_rate", e))
    }
}
