//! `family_reunification`: OFII's record of one family-reunification dossier (its primary key). The steps are
//! nullable columns filled as the file moves on; `attention_on` orders OFII's queue.

use sea_orm::entity::prelude::*;

/// A family-reunification row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "family_reunification")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub dossier_id: Uuid,
    pub person_id: Uuid,
    pub territory: String,
    pub version: i32,
    pub mayor_requested_at: DateTimeUtc,
    pub mayor_due_on: Date,
    pub opinion_source: Option<String>,
    pub resources_favourable: Option<bool>,
    pub resources_reason: Option<String>,
    pub housing_favourable: Option<bool>,
    pub housing_reason: Option<String>,
    pub housing_surface_m2: Option<i32>,
    pub opinion_recorded_at: Option<DateTimeUtc>,
    pub opinion_by_kind: Option<String>,
    pub opinion_by_id: Option<String>,
    pub opinion_by_role: Option<String>,
    pub opinion_by_organisation: Option<String>,
    pub family_size: Option<i32>,
    pub average_monthly_cents: Option<i64>,
    pub threshold_cents: Option<i64>,
    pub resources_met: Option<bool>,
    pub resources_checked_at: Option<DateTimeUtc>,
    pub transmitted_at: Option<DateTimeUtc>,
    pub silence_on: Option<Date>,
    pub working_notes: String,
    pub attention_on: Date,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
