//! The college's opinions on sea-orm. The report is stored as text; field-level encryption (a key only OFII's
//! medical service holds, so that a database dump does not reveal medical content) is future work.

use async_trait::async_trait;
use hipe_domain::dossier::DossierId;
use hipe_domain::medical::{
    LegalAnswers, MedicalOpinion, MedicalOpinionParts, MedicalOpinionRepository, MedicalReport, Step,
};
use hipe_domain::person::PersonId;
use hipe_domain::{Error, Result};
use sea_orm::{ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _};

use crate::entities::medical_opinion::{self, Column, Entity, Model};
use crate::error::{corrupt, db_err};

/// [`MedicalOpinionRepository`] over the `medical_opinion` table.
#[derive(Debug, Clone)]
pub struct SeaMedicalOpinionRepository {
    db: DatabaseConnection,
}

impl SeaMedicalOpinionRepository {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

impl TryFrom<Model> for MedicalOpinion {
    type Error = Error;

    fn try_from(row: Model) -> Result<Self> {
        let bad = |detail: String| corrupt("medical_opinion", detail);
        MedicalOpinion::restore(MedicalOpinionParts {
            dossier: DossierId::from_uuid(row.dossier_id),
            person: PersonId::from_uuid(row.person_id),
            answers: LegalAnswers {
                care_needed: row.care_needed,
                exceptionally_serious_consequences: row.exceptionally_serious_consequences,
                treatment_available_in_origin_country: row.treatment_available_in_origin_country,
                expected_duration_months: row
                    .expected_duration_months
                    .map(|months| u16::try_from(months).map_err(|_| bad("duration out of range".into())))
                    .transpose()?,
                able_to_travel: row.able_to_travel,
            },
            // The parse error names the field only, never the text.
            report: MedicalReport::parse(&row.report).map_err(|e| bad(e.to_string()))?,
            doctor: row.doctor,
            issued_at: row.issued_at,
            transmission: match (row.transmitted_by, row.transmitted_at) {
                (Some(by), Some(at)) => Some(Step { by, at }),
                (None, None) => None,
                (Some(_), None) | (None, Some(_)) => return Err(bad("half a transmission".into())),
            },
        })
        .map_err(|e| bad(e.to_string()))
    }
}

impl From<&MedicalOpinion> for medical_opinion::ActiveModel {
    fn from(opinion: &MedicalOpinion) -> Self {
        let answers = opinion.answers();
        Self {
            dossier_id: Set(opinion.dossier().as_uuid()),
            person_id: Set(opinion.person().as_uuid()),
            care_needed: Set(answers.care_needed),
            exceptionally_serious_consequences: Set(answers.exceptionally_serious_consequences),
            treatment_available_in_origin_country: Set(answers.treatment_available_in_origin_country),
            expected_duration_months: Set(answers.expected_duration_months.map(i32::from)),
            able_to_travel: Set(answers.able_to_travel),
            report: Set(opinion.report().as_str().to_owned()),
            doctor: Set(opinion.doctor().to_owned()),
            issued_at: Set(opinion.issued_at()),
            transmitted_at: Set(opinion.transmission().map(|t| t.at)),
            transmitted_by: Set(opinion.transmission().map(|t| t.by.clone())),
        }
    }
}

#[async_trait]
impl MedicalOpinionRepository for SeaMedicalOpinionRepository {
    async fn find_many(&self, dossiers: &[DossierId]) -> Result<Vec<MedicalOpinion>> {
        if dossiers.is_empty() {
            return Ok(Vec::new());
        }
        let rows = Entity::find()
            .filter(Column::DossierId.is_in(dossiers.iter().map(DossierId::as_uuid)))
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(MedicalOpinion::try_from).collect()
    }
}
