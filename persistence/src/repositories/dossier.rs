//! Dossiers and their timelines on sea-orm.

use async_trait::async_trait;
use hipe_domain::dossier::{
    ActorRef, Channel, Dossier, DossierEvent, DossierEventKind, DossierId, DossierParts, DossierReference,
    DossierRepository, DossierStatus,
};
use hipe_domain::journal::AccessRecord;
use hipe_domain::pagination::{Direction, Page, PageRequest};
use hipe_domain::person::PersonId;
use hipe_domain::procedure::{Authority, ProcedureCode, ProcedureKey};
use hipe_domain::territory::Territory;
use hipe_domain::{Error, Result};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait as _, PaginatorTrait as _, QueryFilter as _,
    QueryOrder as _, QuerySelect as _, TransactionTrait as _,
};

use super::{from_column, to_column};
use crate::entities::{dossier, dossier_event};
use crate::error::{corrupt, db_err};

/// [`DossierRepository`] over the `dossier` and `dossier_event` tables.
#[derive(Debug, Clone)]
pub struct SeaDossierRepository {
    db: DatabaseConnection,
}

impl SeaDossierRepository {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

impl TryFrom<dossier::Model> for Dossier {
    type Error = Error;

    fn try_from(row: dossier::Model) -> Result<Self> {
        let bad = |detail: String| corrupt("dossier", detail);
        Dossier::restore(DossierParts {
            id: DossierId::from_uuid(row.id),
            reference: DossierReference::parse(&row.reference).map_err(|e| bad(e.to_string()))?,
            person: PersonId::from_uuid(row.person_id),
            procedure: ProcedureKey {
                code: ProcedureCode::parse(&row.procedure_code).map_err(|e| bad(e.to_string()))?,
                version: from_column("dossier", row.procedure_version)?,
            },
            authority: Authority::parse(&row.authority)
                .ok_or_else(|| bad(format!("unknown authority {}", row.authority)))?,
            medical_opinion_needed: row.medical_opinion_needed,
            channel: Channel::parse(&row.channel).ok_or_else(|| bad(format!("unknown channel {}", row.channel)))?,
            territory: Territory::parse(&row.territory).map_err(|e| bad(e.to_string()))?,
            status: DossierStatus::parse(&row.status).ok_or_else(|| bad(format!("unknown status {}", row.status)))?,
            version: from_column("dossier", row.version)?,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
        .map_err(|e| bad(e.to_string()))
    }
}

fn dossier_row(dossier: &Dossier) -> Result<dossier::ActiveModel> {
    Ok(dossier::ActiveModel {
        id: Set(dossier.id().as_uuid()),
        reference: Set(dossier.reference().as_str().to_owned()),
        person_id: Set(dossier.person().as_uuid()),
        procedure_code: Set(dossier.procedure().code.as_str().to_owned()),
        procedure_version: Set(to_column(dossier.procedure().version)?),
        authority: Set(dossier.authority().code().to_owned()),
        medical_opinion_needed: Set(dossier.needs_medical_opinion()),
        channel: Set(dossier.channel().code().to_owned()),
        territory: Set(dossier.territory().as_str().to_owned()),
        status: Set(dossier.status().code().to_owned()),
        version: Set(to_column(dossier.version())?),
        created_at: Set(dossier.created_at()),
        updated_at: Set(dossier.updated_at()),
    })
}

fn event_row(event: &DossierEvent) -> Result<dossier_event::ActiveModel> {
    let (kind, id, role, organisation) = match &event.actor {
        ActorRef::Person => ("PERSON", None, None, None),
        ActorRef::Mandatary { account } => ("MANDATARY", Some(account.as_uuid().to_string()), None, None),
        ActorRef::System => ("SYSTEM", None, None, None),
        ActorRef::Agent { id, role, organisation } => {
            ("AGENT", Some(id.clone()), Some(role.clone()), Some(organisation.clone()))
        }
        ActorRef::Partner { client_id, name } => ("PARTNER", Some(client_id.clone()), None, Some(name.clone())),
    };
    Ok(dossier_event::ActiveModel {
        dossier_id: Set(event.dossier.as_uuid()),
        sequence: Set(to_column(event.sequence)?),
        kind: Set(event.kind.code().to_owned()),
        actor_kind: Set(kind.to_owned()),
        actor_id: Set(id),
        actor_role: Set(role),
        actor_organisation: Set(organisation),
        occurred_at: Set(event.at),
        reason: Set(event.reason.clone()),
    })
}

impl TryFrom<dossier_event::Model> for DossierEvent {
    type Error = Error;

    fn try_from(row: dossier_event::Model) -> Result<Self> {
        let bad = |detail: String| corrupt("dossier_event", detail);
        let actor = match (row.actor_kind.as_str(), row.actor_id, row.actor_role, row.actor_organisation) {
            ("PERSON", ..) => ActorRef::Person,
            ("MANDATARY", Some(account), None, None) => ActorRef::Mandatary {
                account: uuid::Uuid::parse_str(&account)
                    .map(hipe_domain::person::PersonId::from_uuid)
                    .map_err(|e| bad(format!("mandatary account {e}")))?,
            },
            ("SYSTEM", ..) => ActorRef::System,
            ("AGENT", Some(id), Some(role), Some(organisation)) => ActorRef::Agent { id, role, organisation },
            ("PARTNER", Some(client_id), None, Some(name)) => ActorRef::Partner { client_id, name },
            (other, ..) => return Err(bad(format!("incomplete actor of kind {other}"))),
        };
        Ok(Self {
            dossier: DossierId::from_uuid(row.dossier_id),
            sequence: from_column("dossier_event", row.sequence)?,
            kind: DossierEventKind::parse(&row.kind).ok_or_else(|| bad(format!("unknown kind {}", row.kind)))?,
            actor,
            at: row.occurred_at,
            reason: row.reason,
        })
    }
}

#[async_trait]
impl DossierRepository for SeaDossierRepository {
    async fn insert(&self, dossier: &Dossier, event: &DossierEvent, journal: Option<&AccessRecord>) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        dossier::Entity::insert(dossier_row(dossier)?).exec_without_returning(&txn).await.map_err(db_err)?;
        dossier_event::Entity::insert(event_row(event)?).exec_without_returning(&txn).await.map_err(db_err)?;
        super::journal::append_on(&txn, journal.map(std::slice::from_ref).unwrap_or_default()).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn update(
        &self,
        dossier: &Dossier,
        previous_version: u32,
        events: &[DossierEvent],
        journal: Option<&AccessRecord>,
    ) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        // The version check and the write are one statement: two concurrent writers cannot both pass it.
        let updated = dossier::Entity::update_many()
            .col_expr(dossier::Column::Status, Expr::value(dossier.status().code()))
            .col_expr(dossier::Column::Version, Expr::value(to_column(dossier.version())?))
            .col_expr(dossier::Column::UpdatedAt, Expr::value(dossier.updated_at()))
            .filter(dossier::Column::Id.eq(dossier.id().as_uuid()))
            .filter(dossier::Column::Version.eq(to_column(previous_version)?))
            .exec(&txn)
            .await
            .map_err(db_err)?;
        if updated.rows_affected != 1 {
            let actual = dossier::Entity::find_by_id(dossier.id().as_uuid())
                .one(&txn)
                .await
                .map_err(db_err)?
                .map_or(Ok(0), |row| from_column("dossier", row.version))?;
            txn.rollback().await.map_err(db_err)?;
            return Err(Error::StaleVersion { entity: "dossier", expected: previous_version, actual });
        }
        if !events.is_empty() {
            let rows = events.iter().map(event_row).collect::<Result<Vec<_>>>()?;
            dossier_event::Entity::insert_many(rows).exec_without_returning(&txn).await.map_err(db_err)?;
        }
        super::journal::append_on(&txn, journal.map(std::slice::from_ref).unwrap_or_default()).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn find(&self, id: DossierId) -> Result<Option<Dossier>> {
        let row = dossier::Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(db_err)?;
        row.map(Dossier::try_from).transpose()
    }

    async fn list_for_person(&self, person: PersonId, page: &PageRequest<DossierId>) -> Result<Page<Dossier>> {
        let mut query = dossier::Entity::find().filter(dossier::Column::PersonId.eq(person.as_uuid()));
        let cursor = page.cursor().map(DossierId::as_uuid);
        query = match (page.direction(), cursor) {
            (Direction::Forward, Some(after)) => query.filter(dossier::Column::Id.gt(after)),
            (Direction::Backward, Some(before)) => query.filter(dossier::Column::Id.lt(before)),
            (_, None) => query,
        };
        query = match page.direction() {
            Direction::Forward => query.order_by_asc(dossier::Column::Id),
            Direction::Backward => query.order_by_desc(dossier::Column::Id),
        };
        // One row more than asked tells whether another page follows, without counting.
        let mut rows = query.limit(u64::from(page.size()) + 1).all(&self.db).await.map_err(db_err)?;
        let more = rows.len() > usize::from(page.size());
        rows.truncate(usize::from(page.size()));
        if page.direction() == Direction::Backward {
            rows.reverse();
        }
        let items = rows.into_iter().map(Dossier::try_from).collect::<Result<Vec<_>>>()?;
        let (has_next, has_previous) = match page.direction() {
            Direction::Forward => (more, cursor.is_some()),
            Direction::Backward => (cursor.is_some(), more),
        };
        Ok(Page { items, has_next, has_previous })
    }

    async fn count_for_person(&self, person: PersonId) -> Result<u64> {
        dossier::Entity::find()
            .filter(dossier::Column::PersonId.eq(person.as_uuid()))
            .count(&self.db)
            .await
            .map_err(db_err)
    }

    async fn events_of(&self, ids: &[DossierId]) -> Result<Vec<DossierEvent>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = dossier_event::Entity::find()
            .filter(dossier_event::Column::DossierId.is_in(ids.iter().map(DossierId::as_uuid)))
            .order_by_asc(dossier_event::Column::DossierId)
            .order_by_asc(dossier_event::Column::Sequence)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(DossierEvent::try_from).collect()
    }
}
