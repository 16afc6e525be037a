//! `person_address`: a person's addresses, current (`valid_until` null) and past.

use sea_orm::entity::prelude::*;

/// An address row. `lines` is a JSON array of strings; `idempotency_key` and `request_fingerprint` remember the
/// mobile request that opened it, so a retry gets the same answer.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person_address")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub kind: String,
    pub care_of: Option<String>,
    pub lines: String,
    pub postcode: Option<String>,
    pub city: String,
    pub country: String,
    pub valid_from: Date,
    pub valid_until: Option<Date>,
    pub recorded_at: DateTimeUtc,
    pub idempotency_key: Option<String>,
    pub request_fingerprint: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
