//! `procedure_document`: the documents each catalogue version needs, per situation.

use sea_orm::entity::prelude::*;

/// A `procedure_document` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "procedure_document")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub procedure_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub procedure_version: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    pub document_type: String,
    pub label_fr: String,
    pub label_en: String,
    pub situation: Option<String>,
    pub max_age_months: Option<i32>,
    pub translation_required: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
