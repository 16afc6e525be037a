//! `integration_rule`: a dated version of the integration contract's rules (assiduity share, civic exam marks).

use sea_orm::entity::prelude::*;

/// A version of the rules, in force from `effective_from` until the next one.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "integration_rule")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub effective_from: Date,
    pub language_attendance_percent: i32,
    pub civic_exam_max_score: i32,
    pub civic_exam_pass_mark: i32,
    pub legal_basis: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
