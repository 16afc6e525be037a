//! `return_aid_file`: a person's return-aid file (m0110); the facts, allowance, failed criteria and departure
//! are filled as it moves on.

use sea_orm::entity::prelude::*;

/// A return-aid file row; `ineligibility` holds the failed criteria's codes, comma-separated (empty if none).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "return_aid_file")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub territory: String,
    pub version: i32,
    pub status: String,
    pub open_key: Option<String>,
    pub requested_at: DateTimeUtc,
    pub nationality: Option<String>,
    pub months_in_france: Option<i32>,
    pub situation: Option<String>,
    pub country_group: Option<String>,
    pub adults: Option<i32>,
    pub children: Option<i32>,
    pub allowance_cents: Option<i64>,
    pub ineligibility: String,
    pub departure_on: Option<Date>,
    pub departed_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
