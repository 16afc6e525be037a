//! sea-orm entities: one module per table, plain portable columns (uuid, text, integers, dates, timestamps with
//! time zone). Enums are stored as their stable text codes, never as database enums. Nothing outside this crate
//! sees these types: repositories convert rows to domain types with `TryFrom` (stored rows can be old) and domain
//! types to rows with `From`.

pub mod access_journal;
pub mod appointment;
pub mod asylum_allowance_rate;
pub mod asylum_allowance_supplement;
pub mod asylum_certificate_validity;
pub mod asylum_event;
pub mod asylum_file;
pub mod asylum_suspension;
pub mod certification;
pub mod decision;
pub mod document_request;
pub mod dossier;
pub mod dossier_event;
pub mod family_reunification;
pub mod idempotent_request;
pub mod identity_record;
pub mod integration_contract;
pub mod integration_event;
pub mod integration_rule;
pub mod mandate;
pub mod medical_case;
pub mod medical_opinion;
pub mod medical_visit;
pub mod message;
pub mod notification;
pub mod partner;
pub mod payment;
pub mod person;
pub mod person_address;
pub mod person_family_link;
pub mod person_name_key;
pub mod procedure;
pub mod procedure_document;
pub mod residence_document;
pub mod return_aid_event;
pub mod return_aid_file;
pub mod return_aid_rate;
pub mod return_aid_rule;
pub mod signing_key;
pub mod slot;
pub mod supporting_document;
