//! `certification`: a civic exam (`kind` `CIVIC_EXAM`, with `score`) or a language certification (`LANGUAGE`,
//! with `level` and `certifier`) on a person, an exam with the marks in force on its day. Never updated.

use sea_orm::entity::prelude::*;

/// A certification row; `recorded_by_*` is an actor reference, as in `dossier_event`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certification")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub kind: String,
    pub score: Option<i32>,
    pub level: Option<String>,
    pub certifier: Option<String>,
    pub obtained_on: Date,
    pub recorded_at: DateTimeUtc,
    pub recorded_by_kind: String,
    pub recorded_by_id: Option<String>,
    pub recorded_by_role: Option<String>,
    pub recorded_by_organisation: Option<String>,
    pub exam_max_score: Option<i32>,
    pub exam_pass_mark: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
