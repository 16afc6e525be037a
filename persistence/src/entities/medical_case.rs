//! `medical_case`: the sick-foreigner flow inside OFII's medical service, one per dossier (m0080). The
//! certificate and the report are medical content, plain text for now.

use sea_orm::entity::prelude::*;

/// A case row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "medical_case")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub dossier_id: Uuid,
    pub person_id: Uuid,
    pub territory: String,
    pub status: String,
    pub version: i32,
    pub certificate: String,
    pub received_by: String,
    pub received_at: DateTimeUtc,
    pub rapporteur: Option<String>,
    pub designated_by: Option<String>,
    pub designated_at: Option<DateTimeUtc>,
    pub report: Option<String>,
    pub report_written_at: Option<DateTimeUtc>,
    pub college1: Option<String>,
    pub college2: Option<String>,
    pub college3: Option<String>,
    pub constituted_by: Option<String>,
    pub constituted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
