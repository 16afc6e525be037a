//! The person: one per human, never one per dossier.
//!
//! The internal id is a UUID v7; the foreigner number (AGDREF) is an external identifier attributed later, never
//! the key. Birth dates may be partial (a civil status rebuilt by OFPRA often knows only the year). No e-mail or
//! phone is required: a person filed at the desk may have neither.
//!
//! Around the person (each in its module): identity as sourced records ([`identity_record`]), the address
//! history ([`address`]), family links ([`family`]), contact details ([`contact`]), the name search keys
//! ([`search`]), who may do what ([`policy`]) and the use cases ([`commands`]).

pub mod address;
mod birth_date;
pub mod commands;
pub mod contact;
mod country;
pub mod family;
mod foreigner_number;
pub mod identity_record;
pub mod policy;
mod repository;
pub mod search;

use chrono::{DateTime, Utc};
use uuid::Uuid;

pub use birth_date::PartialDate;
pub use contact::Contact;
pub use country::CountryCode;
pub use foreigner_number::ForeignerNumber;
pub use repository::{IdempotentRequest, PersonProfileRepository, PersonRepository};

use crate::Error;

/// A person's internal identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonId(Uuid);

impl PersonId {
    /// Wraps a UUID (a new one comes from the caller: ids are minted outside the domain).
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The underlying UUID.
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

/// A nationality as declared or established: a country (ISO 3166-1 alpha-3), statelessness, or undetermined.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Nationality {
    /// A country, by its ISO 3166-1 alpha-3 code (`DZA`, `AFG`…).
    Country(String),
    /// Recognised stateless.
    Stateless,
    /// Not (yet) established.
    Undetermined,
}

impl Nationality {
    /// Parses `XXX` (three capital letters), `STATELESS` or `UNDETERMINED`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for anything else.
    pub fn parse(code: &str) -> Result<Self, Error> {
        match code {
            "STATELESS" => Ok(Self::Stateless),
            "UNDETERMINED" => Ok(Self::Undetermined),
            c if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) => Ok(Self::Country(c.to_owned())),
            _ => Err(Error::invalid(
                "nationalities",
                "expected an ISO 3166-1 alpha-3 code (\"DZA\"), \"STATELESS\" or \"UNDETERMINED\"",
            )),
        }
    }

    /// The stable code.
    pub fn code(&self) -> &str {
        match self {
            Self::Country(code) => code,
            Self::Stateless => "STATELESS",
            Self::Undetermined => "UNDETERMINED",
        }
    }
}

/// A person's identity as currently established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// Family name, in Latin script as on the reference document.
    pub family_name: String,
    /// Given names, in order.
    pub given_names: Vec<String>,
    /// Birth date, possibly partial.
    pub birth_date: PartialDate,
    /// At least one entry (use [`Nationality::Undetermined`] when unknown).
    pub nationalities: Vec<Nationality>,
}

/// A person known to HIPE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    id: PersonId,
    identity: Identity,
    foreigner_number: Option<ForeignerNumber>,
    created_at: DateTime<Utc>,
    contact: Contact,
}

impl Person {
    /// Creates a person, checking the identity's invariants.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the family name is blank or no nationality is given.
    pub fn new(
        id: PersonId,
        identity: Identity,
        foreigner_number: Option<ForeignerNumber>,
        created_at: DateTime<Utc>,
    ) -> Result<Self, Error> {
        if identity.family_name.trim().is_empty() {
            return Err(Error::invalid("familyName", "must not be blank"));
        }
        if identity.given_names.iter().any(|name| name.trim().is_empty()) {
            return Err(Error::invalid("givenNames", "a given name must not be blank"));
        }
        if identity.nationalities.is_empty() {
            return Err(Error::invalid("nationalities", "give at least one, or UNDETERMINED when it is not known"));
        }
        Ok(Self { id, identity, foreigner_number, created_at, contact: Contact::default() })
    }

    /// The same person with these contact details (all optional).
    #[must_use]
    pub fn with_contact(self, contact: Contact) -> Self {
        Self { contact, ..self }
    }

    /// How to reach the person, as far as known.
    pub const fn contact(&self) -> &Contact {
        &self.contact
    }

    /// The search keys of the person's current names (the identity records add theirs).
    pub fn search_keys(&self) -> std::collections::BTreeSet<String> {
        std::iter::once(&self.identity.family_name)
            .chain(&self.identity.given_names)
            .flat_map(|name| search::name_keys(name))
            .collect()
    }

    /// The person's id.
    pub const fn id(&self) -> PersonId {
        self.id
    }

    /// The established identity.
    pub const fn identity(&self) -> &Identity {
        &self.identity
    }

    /// The foreigner number, once attributed.
    pub const fn foreigner_number(&self) -> Option<&ForeignerNumber> {
        self.foreigner_number.as_ref()
    }

    /// When HIPE first recorded the person.
    pub const fn created_at(&self) -> DateTime<Utc> {
        self.created_at
    }
}

/// Trims `text` and checks it is a usable name or address part: not blank, at most `max` characters, no control
/// characters.
pub(crate) fn clean_text(field: &'static str, text: &str, max: usize) -> Result<String, Error> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::invalid(field, "must not be blank"));
    }
    if text.chars().count() > max {
        return Err(Error::invalid(field, format!("at most {max} characters")));
    }
    if text.chars().any(char::is_control) {
        return Err(Error::invalid(field, "must not contain control characters"));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod use_case_tests;

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use uuid::Uuid;

    use super::{Identity, Nationality, PartialDate, Person, PersonId};

    fn identity() -> Identity {
        Identity {
            family_name: "Haddad".into(),
            given_names: vec!["Amina".into()],
            birth_date: PartialDate::parse("1999-04").expect("valid"),
            nationalities: vec![Nationality::parse("DZA").expect("valid")],
        }
    }

    #[test]
    fn a_person_needs_a_family_name_and_a_nationality() {
        let id = PersonId::from_uuid(Uuid::now_v7());
        assert!(Person::new(id, identity(), None, Utc::now()).is_ok());
        let blank = Identity { family_name: "  ".into(), ..identity() };
        assert!(Person::new(id, blank, None, Utc::now()).is_err());
        let stateless_unknown = Identity { nationalities: vec![], ..identity() };
        assert!(Person::new(id, stateless_unknown, None, Utc::now()).is_err());
    }

    #[test]
    fn nationality_codes_round_trip() {
        for code in ["DZA", "STATELESS", "UNDETERMINED"] {
            assert_eq!(Nationality::parse(code).expect(code).code(), code);
        }
        for bad in ["dz", "DZ", "dza", "FRANCE", ""] {
            assert!(Nationality::parse(bad).is_err(), "{bad}");
        }
    }
}
