//! `integration_contract`: a person's CIR. Steps are nullable columns filled as the contract moves on; levels,
//! attendance, status and exemption reasons are the domain's codes. `open_key` is set only while open (its unique
//! index: one open contract per person).

use sea_orm::entity::prelude::*;

/// An integration contract row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "integration_contract")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub dossier_id: Option<Uuid>,
    pub territory: String,
    pub status: String,
    pub version: i32,
    pub open_key: Option<String>,
    pub convoked_at: DateTimeUtc,
    pub initial_level: Option<String>,
    pub prescribed_hours: Option<i32>,
    pub target_level: Option<String>,
    pub signed_on: Option<Date>,
    pub contract_language: Option<String>,
    pub civic_day1: Option<String>,
    pub civic_day2: Option<String>,
    pub civic_day3: Option<String>,
    pub civic_day4: Option<String>,
    pub language_hours: i32,
    pub extended: bool,
    pub end_interview_at: Option<DateTimeUtc>,
    pub attested_at: Option<DateTimeUtc>,
    pub assiduous: Option<bool>,
    pub exempted_at: Option<DateTimeUtc>,
    pub exemption_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
