//! The partners' question (scope `permit:verify`): "is the holder of this document, born on this date, lawfully
//! staying today, and may they work?" — answered with the computed right and nothing else about the person.
//!
//! | what the partner sends                                         | answer                     | journaled read |
//! |----------------------------------------------------------------|----------------------------|----------------|
//! | an unknown number                                              | not valid                  | no             |
//! | a known number, another birth date                             | not valid                  | no             |
//! | number and birth date of a withdrawn, lost or replaced document | not valid                  | yes            |
//! | number and birth date of any other document                    | the holder's right today   | yes            |
//!
//! The first three answers are identical, so the question cannot tell whether a number exists; the birth date
//! binds the number to its holder, which makes trying numbers useless. The right is the holder's, computed from
//! every document they hold: the employer who shows the number of an expired card is told about the extension
//! certificate that keeps the stay lawful. A void document proves nothing whoever shows it — it may be in the wrong
//! hands — yet the check is journaled, so the holder sees that someone used it.
//!
//! Birth dates match exactly, precision included: a person born in "1985" (day and month unknown) is matched by
//! `1985`, not by `1985-01-01` — what the document prints.

use chrono::NaiveDate;

use super::{DocumentNumber, ResidenceDocumentRepository, StayRight, right_on};
use crate::actor::Scope;
use crate::person::{PartialDate, PersonId, PersonRepository};
use crate::{Actor, Error, Result};

/// The ports verification needs.
pub struct Ports<'a> {
    /// Residence documents.
    pub documents: &'a dyn ResidenceDocumentRepository,
    /// Persons (for the birth date).
    pub persons: &'a dyn PersonRepository,
}

/// The outcome of a verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verification {
    /// The holder, when number and birth date matched: their data was read, and the read must be journaled.
    pub holder: Option<PersonId>,
    /// The right to stay that day; `None` is "not valid".
    pub right: Option<StayRight>,
}

impl Verification {
    const NOT_VALID: Self = Self { holder: None, right: None };
}

/// Whether `actor` may ask: a partner holding the `permit:verify` scope, nobody else (agents read documents in
/// their dossiers; persons see their own).
pub fn can_verify(actor: &Actor) -> bool {
    matches!(actor, Actor::Partner(partner) if partner.has(Scope::PermitVerify))
}

/// Answers the partners' question on `day` about the document whose number is `number` (as typed).
///
/// # Errors
/// [`Error::Unauthenticated`] for an anonymous caller; [`Error::NotAllowed`] for any caller without the scope —
/// decided before anything is parsed or looked up, so the refusal says nothing about the number;
/// [`Error::InvalidInput`] when the number cannot be a document number (a matter of form, which says nothing
/// about any document either); [`Error::Storage`].
pub async fn verify(
    ports: &Ports<'_>,
    actor: &Actor,
    number: &str,
    birth_date: PartialDate,
    day: NaiveDate,
) -> Result<Verification> {
    if *actor == Actor::Anonymous {
        return Err(Error::Unauthenticated);
    }
    if !can_verify(actor) {
        return Err(Error::NotAllowed { action: "verify", entity: "residence document" });
    }
    let number = DocumentNumber::parse(number)?;
    let Some(presented) = ports.documents.find_by_number(&number).await? else {
        return Ok(Verification::NOT_VALID);
    };
    let holder = presented.holder();
    let Some(person) = ports.persons.find(holder).await? else {
        return Ok(Verification::NOT_VALID);
    };
    if person.identity().birth_date != birth_date {
        return Ok(Verification::NOT_VALID);
    }
    if presented.status().is_void() {
        return Ok(Verification { holder: Some(holder), right: None });
    }
    let documents = ports.documents.list_for_person(holder).await?;
    Ok(Verification { holder: Some(holder), right: right_on(&documents, day) })
}
