//! `residence_document`: permits and provisional documents.

use sea_orm::entity::prelude::*;

/// A residence document row. `work` is `NONE`, `FULL` or `LIMITED` (then `work_hours_per_year` is set).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "residence_document")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub number: String,
    pub person_id: Uuid,
    pub kind: String,
    pub motive: Option<String>,
    pub valid_from: Date,
    pub valid_until: Date,
    pub stay: bool,
    pub work: String,
    pub work_hours_per_year: Option<i32>,
    pub status: String,
    pub created_at: DateTimeUtc,
    pub renewal_announced_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
