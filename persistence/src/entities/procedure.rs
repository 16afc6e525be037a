//! `procedure`: one row per version of a catalogue procedure.

use sea_orm::entity::prelude::*;

/// A catalogue row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "procedure")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: i32,
    pub effective_from: Date,
    pub effective_until: Option<Date>,
    pub label_fr: String,
    pub label_en: String,
    pub legal_basis: String,
    pub authority: String,
    pub silence_months: Option<i32>,
    pub tax_cents: i32,
    pub stamp_cents: i32,
    pub opinions_needed: String,
    pub filing_window: Option<String>,
    pub produces: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
