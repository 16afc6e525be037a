//! `medical_visit`: OFII's medical visit of newcomers, its follow-ups recorded on it (m0085). The clinical notes
//! are medical content, plain text for now.

use sea_orm::entity::prelude::*;

/// A visit row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "medical_visit")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub territory: String,
    pub dossier_id: Option<Uuid>,
    pub appointment_id: Option<Uuid>,
    pub outcome: String,
    pub follow_up_due_on: Option<Date>,
    pub clinical_notes: Option<String>,
    pub first_by: String,
    pub first_at: DateTimeUtc,
    pub latest_by: String,
    pub latest_at: DateTimeUtc,
    pub follow_ups: i32,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
