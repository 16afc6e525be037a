//! Medical visits on sea-orm, each write with its journal entry in one transaction.

use async_trait::async_trait;
use hipe_domain::Result;
use hipe_domain::appointment::AppointmentId;
use hipe_domain::dossier::DossierId;
use hipe_domain::journal::AccessRecord;
use hipe_domain::medical::case::Step;
use hipe_domain::medical::{
    ClinicalNotes, MedicalVisit, MedicalVisitId, MedicalVisitParts, MedicalVisitRepository, VisitOutcome, VisitSubject,
};
use hipe_domain::person::PersonId;
use hipe_domain::territory::Territory;
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _,
    TransactionTrait as _,
};

use super::{from_column, to_column};
use crate::entities::medical_visit as visit;
use crate::error::{corrupt, db_err};

/// [`MedicalVisitRepository`] over the `medical_visit` table.
#[derive(Debug, Clone)]
pub struct SeaMedicalVisitRepository {
    db: DatabaseConnection,
}

impl SeaMedicalVisitRepository {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn restore(row: visit::Model) -> Result<MedicalVisit> {
    let bad = |detail: &str| corrupt("medical_visit", detail);
    let outcome = VisitOutcome::from_parts(&row.outcome, row.follow_up_due_on).map_err(|_| bad("outcome"))?;
    // The parse error names the field only, never the text.
    let notes = row.clinical_notes.as_deref().map(ClinicalNotes::parse).transpose().map_err(|_| bad("notes"))?;
    Ok(MedicalVisit::restore(MedicalVisitParts {
        id: MedicalVisitId::from_uuid(row.id),
        subject: VisitSubject {
            person: PersonId::from_uuid(row.person_id),
            territory: Territory::parse(&row.territory).map_err(|_| bad("territory"))?,
            dossier: row.dossier_id.map(DossierId::from_uuid),
            appointment: row.appointment_id.map(AppointmentId::from_uuid),
        },
        outcome,
        notes,
        first: Step { by: row.first_by, at: row.first_at },
        latest: Step { by: row.latest_by, at: row.latest_at },
        follow_ups: from_column("medical_visit", row.follow_ups)?,
        version: from_column("medical_visit", row.version)?,
    }))
}

fn row(visit: &MedicalVisit) -> Result<visit::ActiveModel> {
    Ok(visit::ActiveModel {
        id: Set(visit.id().as_uuid()),
        person_id: Set(visit.person().as_uuid()),
        territory: Set(visit.territory().as_str().to_owned()),
        dossier_id: Set(visit.dossier().map(|d| d.as_uuid())),
        appointment_id: Set(visit.appointment().map(|a| a.as_uuid())),
        outcome: Set(visit.outcome().code().to_owned()),
        follow_up_due_on: Set(visit.outcome().due_on()),
        clinical_notes: Set(visit.notes().map(|n| n.as_str().to_owned())),
        first_by: Set(visit.first().by.clone()),
        first_at: Set(visit.first().at),
        latest_by: Set(visit.latest().by.clone()),
        latest_at: Set(visit.latest().at),
        follow_ups: Set(to_column(visit.follow_ups())?),
        version: Set(to_column(visit.version())?),
    })
}

#[async_trait]
impl MedicalVisitRepository for SeaMedicalVisitRepository {
    async fn insert(&self, visit: &MedicalVisit, journal: Option<&AccessRecord>) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        visit::Entity::insert(row(visit)?).exec_without_returning(&txn).await.map_err(db_err)?;
        super::journal::append_on(&txn, journal.map(std::slice::from_ref).unwrap_or_default()).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn save(&self, visit: &MedicalVisit, previous_version: u32, journal: Option<&AccessRecord>) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        let mut changed = row(visit)?;
        changed.id = sea_orm::ActiveValue::NotSet;
        let columns = (visit::Column::Id, visit::Column::Version);
        let id = visit.id().as_uuid();
        if let Err(error) =
            super::versioned::update(&txn, changed, columns, id, previous_version, "medical visit").await
        {
            txn.rollback().await.map_err(db_err)?;
            return Err(error);
        }
        super::journal::append_on(&txn, journal.map(std::slice::from_ref).unwrap_or_default()).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn find(&self, id: MedicalVisitId) -> Result<Option<MedicalVisit>> {
        let found = visit::Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(db_err)?;
        found.map(restore).transpose()
    }

    async fn of_persons(&self, persons: &[PersonId]) -> Result<Vec<MedicalVisit>> {
        if persons.is_empty() {
            return Ok(Vec::new());
        }
        let rows = visit::Entity::find()
            .filter(visit::Column::PersonId.is_in(persons.iter().map(PersonId::as_uuid)))
            .order_by_asc(visit::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(restore).collect()
    }
}
