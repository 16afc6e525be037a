//! `dossier`: the current state of each application.

use sea_orm::entity::prelude::*;

/// A dossier row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dossier")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub reference: String,
    pub person_id: Uuid,
    pub procedure_code: String,
    pub procedure_version: i32,
    pub authority: String,
    pub medical_opinion_needed: bool,
    pub channel: String,
    pub territory: String,
    pub status: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub situations: String,
    pub answers: String,
    pub filed_at: Option<DateTimeUtc>,
    pub complete_on: Option<Date>,
    pub silence_on: Option<Date>,
    pub renewed_until: Option<Date>,
    pub extended_until: Option<Date>,
    pub opinion_received: bool,
    pub reasons_due_on: Option<Date>,
    pub reasons_communicated_at: Option<DateTimeUtc>,
    pub vulnerable: bool,
    pub assigned_to: Option<String>,
    pub attention_on: Date,
    pub next_clock_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
