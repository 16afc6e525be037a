//! `supporting_document`: the pieces of each dossier, every version.

use sea_orm::entity::prelude::*;

/// A `supporting_document` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "supporting_document")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub dossier_id: Uuid,
    pub document_type: String,
    pub file_reference: String,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub expires_on: Option<Date>,
    pub translated: bool,
    pub review: String,
    pub review_reason: Option<String>,
    pub added_by_kind: String,
    pub added_by_id: Option<String>,
    pub added_by_role: Option<String>,
    pub added_by_organisation: Option<String>,
    pub added_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
