//! `appointment`: a place held in a slot. `accessibility` is a comma-separated list of the domain's codes;
//! `booking_key` is set only while booked (its unique index: one booked appointment per kind per dossier).

use sea_orm::entity::prelude::*;

/// An appointment row. Each `*_by_*` group is an actor reference, as in `dossier_event`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "appointment")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub slot_id: Uuid,
    pub kind: String,
    pub territory: String,
    pub starts_at: DateTimeUtc,
    pub person_id: Uuid,
    pub dossier_id: Option<Uuid>,
    pub interpreter_language: Option<String>,
    pub accessibility: String,
    pub accessibility_note: Option<String>,
    pub status: String,
    pub booking_key: Option<String>,
    pub booked_at: DateTimeUtc,
    pub booked_by_kind: String,
    pub booked_by_id: Option<String>,
    pub booked_by_role: Option<String>,
    pub booked_by_organisation: Option<String>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub cancelled_by_kind: Option<String>,
    pub cancelled_by_id: Option<String>,
    pub cancelled_by_role: Option<String>,
    pub cancelled_by_organisation: Option<String>,
    pub late_cancellation: bool,
    pub marked_at: Option<DateTimeUtc>,
    pub marked_by_kind: Option<String>,
    pub marked_by_id: Option<String>,
    pub marked_by_role: Option<String>,
    pub marked_by_organisation: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
