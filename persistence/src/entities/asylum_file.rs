//! `asylum_file`: a person's asylum claim and reception conditions. Steps are nullable columns filled as the file
//! moves on; statuses, classes and outcomes are the domain's codes. `open_key` is set only until the final
//! decision (its unique index: one claim awaiting its decision per person).

use sea_orm::entity::prelude::*;

/// An asylum file row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "asylum_file")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub territory: String,
    pub procedure_class: String,
    pub version: i32,
    pub open_key: Option<String>,
    pub registered_at: DateTimeUtc,
    pub certificate_id: Uuid,
    pub certificate_number: String,
    pub certificate_valid_until: Date,
    pub certificate_renewals: i32,
    pub decision_outcome: Option<String>,
    pub decision_body: Option<String>,
    pub decision_notified_on: Option<Date>,
    pub reception_status: String,
    pub offer_adults: Option<i32>,
    pub offer_children: Option<i32>,
    pub accommodation_offered: Option<bool>,
    pub offered_at: Option<DateTimeUtc>,
    pub answered_at: Option<DateTimeUtc>,
    pub accepted_on: Option<Date>,
    pub closes_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
