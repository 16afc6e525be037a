//! Hand-written, portable, append-only migrations. A published migration is never edited: a change is a new
//! migration. Each one has a working `down`, tested up → down → up on both databases.

mod m0001_initial;
mod m0002_catalogue;
mod m0003_signing_key_encryption;
mod m0004_access_journal;
mod m0005_partner;
mod m0006_residence_document;
mod m0009_dossier_authority;
mod m0010_medical_opinion;
mod m0020_mandate;
mod m0030_residence_journey;
mod m0035_idempotent_request;
mod m0036_renewal_announced;
mod m0040_person_profile;
mod m0050_appointment;
mod m0051_payment;
mod m0052_message;
mod m0060_attention_date;
mod m0070_integration;
mod m0075_integration_rules;
mod m0080_medical_flow;
mod m0085_medical_visit;
mod m0090_family_reunification;
mod m0100_asylum_reception;
mod m0110_return_aid;

use sea_orm_migration::prelude::*;

/// Every migration, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_initial::Migration),
            Box::new(m0002_catalogue::Migration),
            Box::new(m0003_signing_key_encryption::Migration),
            Box::new(m0004_access_journal::Migration),
            Box::new(m0005_partner::Migration),
            Box::new(m0006_residence_document::Migration),
            Box::new(m0009_dossier_authority::Migration),
            Box::new(m0010_medical_opinion::Migration),
            Box::new(m0020_mandate::Migration),
            Box::new(m0030_residence_journey::Migration),
            Box::new(m0035_idempotent_request::Migration),
            Box::new(m0036_renewal_announced::Migration),
            Box::new(m0040_person_profile::Migration),
            Box::new(m0050_appointment::Migration),
            Box::new(m0051_payment::Migration),
            Box::new(m0052_message::Migration),
            Box::new(m0060_attention_date::Migration),
            Box::new(m0070_integration::Migration),
            Box::new(m0075_integration_rules::Migration),
            Box::new(m0080_medical_flow::Migration),
            Box::new(m0085_medical_visit::Migration),
            Box::new(m0090_family_reunification::Migration),
            Box::new(m0100_asylum_reception::Migration),
            Box::new(m0110_return_aid::Migration),
        ]
    }
}
