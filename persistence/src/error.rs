//! The one place where storage errors become domain errors.
//!
//! Unique-constraint violations are recognised by the *named* index (PostgreSQL reports the index name, SQLite
//! the `table.column` list) and become [`Error::Duplicate`]; everything else is opaque [`Error::Storage`], whose
//! detail goes to the logs only.

use hipe_domain::Error;
use sea_orm::{DbErr, SqlErr};

/// A unique index, with what it protects, for error mapping.
pub(crate) struct UniqueIndex {
    /// The index name (as PostgreSQL reports it).
    pub name: &'static str,
    /// The `table.column` list (as SQLite reports it).
    pub columns: &'static str,
    /// What a violation means to the caller.
    pub what: &'static str,
}

/// Unique indexes whose violation is a caller's error rather than a fault.
pub(crate) const UNIQUE_INDEXES: &[UniqueIndex] = &[
    UniqueIndex { name: "ux_dossier_reference", columns: "dossier.reference", what: "dossier reference" },
    UniqueIndex { name: "ux_person_foreigner_number", columns: "person.foreigner_number", what: "foreigner number" },
    UniqueIndex { name: "person_pkey", columns: "person.id", what: "person" },
    UniqueIndex { name: "partner_pkey", columns: "partner.client_id", what: "partner client" },
    UniqueIndex {
        name: "ux_residence_document_number",
        columns: "residence_document.number",
        what: "residence document number",
    },
    UniqueIndex { name: "residence_document_pkey", columns: "residence_document.id", what: "residence document" },
    UniqueIndex { name: "medical_opinion_pkey", columns: "medical_opinion.dossier_id", what: "medical opinion" },
    UniqueIndex { name: "ux_medical_case_dossier", columns: "medical_case.dossier_id", what: "medical case" },
    UniqueIndex {
        name: "ux_person_address_idempotency_key",
        columns: "person_address.person_id, person_address.idempotency_key",
        what: "idempotency key",
    },
    UniqueIndex { name: "identity_record_pkey", columns: "identity_record.id", what: "identity record" },
    UniqueIndex { name: "ux_payment_stamp_number", columns: "payment.stamp_number", what: "tax stamp" },
    UniqueIndex { name: "ux_appointment_booking", columns: "appointment.booking_key", what: "booked appointment" },
    UniqueIndex {
        name: "ux_integration_contract_open",
        columns: "integration_contract.open_key",
        what: "open integration contract",
    },
    UniqueIndex { name: "ux_asylum_file_open", columns: "asylum_file.open_key", what: "open asylum claim" },
    UniqueIndex { name: "ux_return_aid_file_open", columns: "return_aid_file.open_key", what: "open return-aid file" },
];

/// Translates a storage error.
pub(crate) fn db_err(error: DbErr) -> Error {
    if let Some(SqlErr::UniqueConstraintViolation(message)) = error.sql_err()
        && let Some(index) =
            UNIQUE_INDEXES.iter().find(|index| message.contains(index.name) || message.contains(index.columns))
    {
        return Error::Duplicate { what: index.what };
    }
    Error::Storage(Box::new(error))
}

/// A stored row that no longer satisfies the domain's invariants: a storage fault, not a caller's error.
pub(crate) fn corrupt(table: &'static str, detail: impl std::fmt::Display) -> Error {
    Error::Storage(format!("stored {table} row is invalid: {detail}").into())
}

/// Parses a stored code with `parse`; an unknown one is corruption of `table` (a value no release wrote).
pub(crate) fn parse_code<T>(
    table: &'static str,
    what: &str,
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> hipe_domain::Result<T> {
    parse(text).ok_or_else(|| corrupt(table, format!("unknown {what} {text}")))
}
