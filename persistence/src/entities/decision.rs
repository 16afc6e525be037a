//! `decision`: one decision per dossier (an explicit decision replaces an implicit refusal).

use sea_orm::entity::prelude::*;

/// A `decision` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "decision")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub dossier_id: Uuid,
    pub kind: String,
    pub legal_basis: String,
    pub reasons: String,
    pub signatory_kind: String,
    pub signatory_id: Option<String>,
    pub signatory_role: Option<String>,
    pub signatory_organisation: Option<String>,
    pub decided_at: DateTimeUtc,
    pub notified_on: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
