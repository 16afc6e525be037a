//! Medical cases on sea-orm, with their opinion (`medical_opinion`) written in the same transaction. The
//! certificate and the report are stored as text; field-level encryption is future work (see m0010).

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use hipe_domain::Result;
use hipe_domain::dossier::{Dossier, DossierId};
use hipe_domain::journal::AccessRecord;
use hipe_domain::medical::{
    CaseStatus, College, Designation, DossierMove, MedicalCase, MedicalCaseId, MedicalCaseParts, MedicalCaseRepository,
    MedicalCertificate, MedicalOpinion, MedicalReport, Stage, Step, WrittenReport,
};
use hipe_domain::pagination::{Page, PageRequest};
use hipe_domain::person::PersonId;
use hipe_domain::territory::Territory;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, Condition, DatabaseConnection, EntityTrait as _, QueryFilter as _,
    TransactionTrait as _,
};

use super::{from_column, to_column};
use crate::entities::{medical_case as case, medical_opinion as opinion};
use crate::error::{corrupt, db_err};

/// [`MedicalCaseRepository`] over the `medical_case` and `medical_opinion` tables.
#[derive(Debug, Clone)]
pub struct SeaMedicalCaseRepository {
    db: DatabaseConnection,
}

impl SeaMedicalCaseRepository {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// Rehydrates rows, each with its dossier's opinion when it has one.
    async fn restore_all(&self, rows: Vec<case::Model>) -> Result<Vec<MedicalCase>> {
        let decided: Vec<uuid::Uuid> = rows
            .iter()
            .filter(|row| matches!(row.status.as_str(), "OPINION_ISSUED" | "TRANSMITTED"))
            .map(|row| row.dossier_id)
            .collect();
        let mut opinions: HashMap<uuid::Uuid, MedicalOpinion> = HashMap::new();
        if !decided.is_empty() {
            let found = opinion::Entity::find()
                .filter(opinion::Column::DossierId.is_in(decided))
                .all(&self.db)
                .await
                .map_err(db_err)?;
            for row in found {
                opinions.insert(row.dossier_id, MedicalOpinion::try_from(row)?);
            }
        }
        rows.into_iter()
            .map(|row| {
                let found = opinions.remove(&row.dossier_id);
                restore(row, found)
            })
            .collect()
    }
}

fn step(by: Option<String>, at: Option<DateTime<Utc>>) -> Option<Step> {
    Some(Step { by: by?, at: at? })
}

fn restore(row: case::Model, opinion: Option<MedicalOpinion>) -> Result<MedicalCase> {
    let bad = |detail: &str| corrupt("medical_case", detail);
    let status = CaseStatus::parse(&row.status).ok_or_else(|| bad("unknown status"))?;
    let designation = || -> Result<Designation> {
        Ok(Designation {
            doctor: row.rapporteur.clone().ok_or_else(|| bad("rapporteur missing"))?,
            step: step(row.designated_by.clone(), row.designated_at).ok_or_else(|| bad("designation missing"))?,
        })
    };
    let report = || -> Result<WrittenReport> {
        let text = row.report.as_deref().ok_or_else(|| bad("report missing"))?;
        Ok(WrittenReport {
            // The parse error names the field only, never the text.
            report: MedicalReport::parse(text).map_err(|e| corrupt("medical_case", e))?,
            at: row.report_written_at.ok_or_else(|| bad("report date missing"))?,
        })
    };
    let college = || -> Result<College> {
        let member = |m: &Option<String>| m.clone().ok_or_else(|| bad("college member missing"));
        Ok(College {
            members: [member(&row.college1)?, member(&row.college2)?, member(&row.college3)?],
            step: step(row.constituted_by.clone(), row.constituted_at).ok_or_else(|| bad("college step missing"))?,
        })
    };
    let stage = match status {
        CaseStatus::CertificateReceived => Stage::CertificateReceived,
        CaseStatus::RapporteurDesignated => Stage::RapporteurDesignated(designation()?),
        CaseStatus::ReportWritten => Stage::ReportWritten(designation()?, report()?),
        CaseStatus::CollegeConstituted => Stage::CollegeConstituted(designation()?, report()?, college()?),
        CaseStatus::OpinionIssued | CaseStatus::Transmitted => {
            let opinion = opinion.ok_or_else(|| bad("opinion missing"))?;
            Stage::Decided(designation()?, report()?, college()?, opinion)
        }
    };
    Ok(MedicalCase::restore(MedicalCaseParts {
        id: MedicalCaseId::from_uuid(row.id),
        dossier: DossierId::from_uuid(row.dossier_id),
        person: PersonId::from_uuid(row.person_id),
        territory: Territory::parse(&row.territory).map_err(|_| bad("territory"))?,
        certificate: MedicalCertificate::parse(&row.certificate).map_err(|e| corrupt("medical_case", e))?,
        received: Step { by: row.received_by, at: row.received_at },
        stage,
        version: from_column("medical_case", row.version)?,
    }))
}

fn row(case: &MedicalCase) -> Result<case::ActiveModel> {
    let designation = case.rapporteur();
    let report = case.report();
    let college = case.college();
    let member = |i: usize| college.map(|c| c.members[i].clone());
    Ok(case::ActiveModel {
        id: Set(case.id().as_uuid()),
        dossier_id: Set(case.dossier().as_uuid()),
        person_id: Set(case.person().as_uuid()),
        territory: Set(case.territory().as_str().to_owned()),
        status: Set(case.status().code().to_owned()),
        version: Set(to_column(case.version())?),
        certificate: Set(case.certificate().as_str().to_owned()),
        received_by: Set(case.received().by.clone()),
        received_at: Set(case.received().at),
        rapporteur: Set(designation.map(|d| d.doctor.clone())),
        designated_by: Set(designation.map(|d| d.step.by.clone())),
        designated_at: Set(designation.map(|d| d.step.at)),
        report: Set(report.map(|r| r.report.as_str().to_owned())),
        report_written_at: Set(report.map(|r| r.at)),
        college1: Set(member(0)),
        college2: Set(member(1)),
        college3: Set(member(2)),
        constituted_by: Set(college.map(|c| c.step.by.clone())),
        constituted_at: Set(college.map(|c| c.step.at)),
    })
}

#[async_trait]
impl MedicalCaseRepository for SeaMedicalCaseRepository {
    async fn insert(&self, case: &MedicalCase, journal: Option<&AccessRecord>) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        case::Entity::insert(row(case)?).exec_without_returning(&txn).await.map_err(db_err)?;
        super::journal::append_on(&txn, journal.map(std::slice::from_ref).unwrap_or_default()).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn save(
        &self,
        case: &MedicalCase,
        previous_version: u32,
        dossier: Option<DossierMove<'_>>,
        journal: Option<&AccessRecord>,
    ) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        let mut changed = row(case)?;
        changed.id = sea_orm::ActiveValue::NotSet;
        let columns = (case::Column::Id, case::Column::Version);
        let id = case.id().as_uuid();
        if let Err(error) = super::versioned::update(&txn, changed, columns, id, previous_version, "medical case").await
        {
            txn.rollback().await.map_err(db_err)?;
            return Err(error);
        }
        if let Some(opinion) = case.opinion() {
            opinion::Entity::insert(opinion::ActiveModel::from(opinion))
                .on_conflict(
                    OnConflict::column(opinion::Column::DossierId)
                        .update_columns([opinion::Column::TransmittedAt, opinion::Column::TransmittedBy])
                        .to_owned(),
                )
                .exec_without_returning(&txn)
                .await
                .map_err(db_err)?;
        }
        if let Some(moved) = dossier
            && let Err(error) = super::dossier::save_on(&txn, moved.dossier, moved.previous_version, moved.change).await
        {
            txn.rollback().await.map_err(db_err)?;
            return Err(error);
        }
        super::journal::append_on(&txn, journal.map(std::slice::from_ref).unwrap_or_default()).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn find(&self, id: MedicalCaseId) -> Result<Option<MedicalCase>> {
        let found = case::Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(db_err)?;
        Ok(self.restore_all(found.into_iter().collect()).await?.pop())
    }

    async fn of_dossiers(&self, dossiers: &[DossierId]) -> Result<Vec<MedicalCase>> {
        if dossiers.is_empty() {
            return Ok(Vec::new());
        }
        let rows = case::Entity::find()
            .filter(case::Column::DossierId.is_in(dossiers.iter().map(DossierId::as_uuid)))
            .all(&self.db)
            .await
            .map_err(db_err)?;
        self.restore_all(rows).await
    }

    async fn dossiers(&self, ids: &[DossierId]) -> Result<Vec<Dossier>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = crate::entities::dossier::Entity::find()
            .filter(crate::entities::dossier::Column::Id.is_in(ids.iter().map(DossierId::as_uuid)))
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(Dossier::try_from).collect()
    }

    async fn queue(
        &self,
        territories: &[Territory],
        doctor: &str,
        page: &PageRequest<MedicalCaseId>,
    ) -> Result<Page<MedicalCase>> {
        if territories.is_empty() {
            return Ok(Page { items: Vec::new(), has_next: false, has_previous: false });
        }
        let status = |s: CaseStatus| case::Column::Status.eq(s.code());
        let waiting = Condition::any()
            .add(
                case::Column::Status.is_in(
                    [CaseStatus::CertificateReceived, CaseStatus::ReportWritten, CaseStatus::OpinionIssued]
                        .map(CaseStatus::code),
                ),
            )
            .add(
                Condition::all().add(status(CaseStatus::RapporteurDesignated)).add(case::Column::Rapporteur.eq(doctor)),
            )
            .add(
                Condition::all().add(status(CaseStatus::CollegeConstituted)).add(
                    Condition::any()
                        .add(case::Column::College1.eq(doctor))
                        .add(case::Column::College2.eq(doctor))
                        .add(case::Column::College3.eq(doctor)),
                ),
            );
        let query = case::Entity::find()
            .filter(case::Column::Territory.is_in(territories.iter().map(Territory::as_str)))
            .filter(waiting);
        let rows = super::keyset::fetch(&self.db, query, case::Column::Id, page, MedicalCaseId::as_uuid).await?;
        let items = self.restore_all(rows.items).await?;
        Ok(Page { items, has_next: rows.has_next, has_previous: rows.has_previous })
    }
}
