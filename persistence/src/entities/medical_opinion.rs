//! `medical_opinion`: the opinion of OFII's college of doctors, one per dossier. The report is plain text for now;
//! field-level encryption (a key only OFII's medical service holds) is future work.

use sea_orm::entity::prelude::*;

/// An opinion row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "medical_opinion")]
#[expect(clippy::struct_excessive_bools, reason = "one column per yes-or-no answer of the college's form")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub dossier_id: Uuid,
    pub person_id: Uuid,
    pub care_needed: bool,
    pub exceptionally_serious_consequences: bool,
    pub treatment_available_in_origin_country: bool,
    pub expected_duration_months: Option<i32>,
    pub able_to_travel: bool,
    pub report: String,
    pub doctor: String,
    pub issued_at: DateTimeUtc,
    pub transmitted_at: Option<DateTimeUtc>,
    pub transmitted_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
