//! Identity as *sourced records*: what each document or declaration says about who the person is.
//!
//! A passport, a visa, the declaration at the asylum desk and the civil status OFPRA rebuilds often disagree —
//! on the spelling of a name, the birth date, even the nationality. HIPE keeps each statement as its own record,
//! with its source, instead of overwriting one identity: the person's current identity ([`super::Identity`]) is
//! what the administration settled on; the records are the evidence behind it and the history of its
//! spellings, all of which stay searchable. Records are only ever appended.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{CountryCode, Nationality, PartialDate, PersonId, clean_text};
use crate::Error;

/// An identity record's id (UUID v7, so creation order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdentityRecordId(Uuid);

impl IdentityRecordId {
    /// Wraps a UUID minted by the caller.
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The underlying UUID.
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

/// Where an identity statement comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentitySource {
    /// A passport (the number is required).
    Passport,
    /// A visa (the number is required).
    Visa,
    /// The declaration at the asylum desk (GUDA), often without any document.
    AsylumDeskDeclaration,
    /// The civil status OFPRA rebuilds for a protected person (its certificates replace foreign civil status).
    OfpraCivilStatus,
    /// Any other declaration by the person.
    Declaration,
}

impl IdentitySource {
    /// Every source.
    pub const ALL: [Self; 5] =
        [Self::Passport, Self::Visa, Self::AsylumDeskDeclaration, Self::OfpraCivilStatus, Self::Declaration];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Passport => "PASSPORT",
            Self::Visa => "VISA",
            Self::AsylumDeskDeclaration => "ASYLUM_DESK_DECLARATION",
            Self::OfpraCivilStatus => "OFPRA_CIVIL_STATUS",
            Self::Declaration => "DECLARATION",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether a record from this source must carry the document's number: a passport or a visa is a
    /// document, and its number is what another agent checks it against.
    pub const fn needs_document_number(self) -> bool {
        match self {
            Self::Passport | Self::Visa => true,
            Self::AsylumDeskDeclaration | Self::OfpraCivilStatus | Self::Declaration => false,
        }
    }
}

/// Sex as the source states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Female.
    Female,
    /// Male.
    Male,
    /// Unspecified (`X` on travel documents, ICAO 9303).
    Unspecified,
    /// The source does not say.
    Unknown,
}

impl Sex {
    /// Every value.
    pub const ALL: [Self; 4] = [Self::Female, Self::Male, Self::Unspecified, Self::Unknown];

    /// The stable code (`F`, `M`, `X`, `UNKNOWN`).
    pub const fn code(self) -> &'static str {
        match self {
            Self::Female => "F",
            Self::Male => "M",
            Self::Unspecified => "X",
            Self::Unknown => "UNKNOWN",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Names as written in their original script (Cyrillic, Arabic, Tibetan…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginalScriptName {
    /// The ISO 15924 script code (`Cyrl`, `Arab`, `Tibt`), when known.
    pub script: Option<String>,
    /// Family name in that script, if any.
    pub family_name: Option<String>,
    /// Given names in that script, in order.
    pub given_names: Vec<String>,
}

/// What an identity record states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityStatement {
    /// Family name, in Latin script as the source writes it.
    pub family_name: String,
    /// Birth name, when it differs from the family name.
    pub birth_name: Option<String>,
    /// Given names, in order (some cultures have none, or no family name distinct from them).
    pub given_names: Vec<String>,
    /// The names in their original script, when the source shows them.
    pub original_script: Option<OriginalScriptName>,
    /// Other Latin spellings the source or the person gives (`Aleksandr`, `Olexandr`).
    pub transliterations: Vec<String>,
    /// Sex.
    pub sex: Sex,
    /// Birth date, possibly partial.
    pub birth_date: PartialDate,
    /// Birth place (town), when known.
    pub birth_place: Option<String>,
    /// Birth country, when known.
    pub birth_country: Option<CountryCode>,
    /// At least one nationality ([`Nationality::Stateless`] and [`Nationality::Undetermined`] are allowed).
    pub nationalities: Vec<Nationality>,
    /// The document's number, for a passport or a visa (and the certificate's, when OFPRA gives one).
    pub document_number: Option<String>,
}

/// One sourced statement of a person's identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityRecord {
    id: IdentityRecordId,
    person: PersonId,
    source: IdentitySource,
    statement: IdentityStatement,
    recorded_at: DateTime<Utc>,
}

/// The longest name or place HIPE stores.
const MAX_NAME: usize = 100;

fn clean_names(field: &'static str, names: &[String]) -> Result<Vec<String>, Error> {
    if names.len() > 10 {
        return Err(Error::invalid(field, "at most 10 names"));
    }
    names.iter().map(|name| clean_text(field, name, MAX_NAME)).collect()
}

impl IdentityRecord {
    /// A record of what `source` says about `person`, recorded at `recorded_at`. Names are trimmed.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when a name is blank or too long, no nationality is given, a passport or visa
    /// comes without its number, a number is not 4 to 20 capital letters and digits, or an original-script name
    /// or a script code is malformed.
    pub fn new(
        id: IdentityRecordId,
        person: PersonId,
        source: IdentitySource,
        statement: IdentityStatement,
        recorded_at: DateTime<Utc>,
    ) -> Result<Self, Error> {
        let optional = |field, text: Option<String>| text.map(|t| clean_text(field, &t, MAX_NAME)).transpose();
        let original_script = statement
            .original_script
            .map(|original| -> Result<OriginalScriptName, Error> {
                if let Some(script) = &original.script {
                    let mut chars = script.chars();
                    let valid = script.len() == 4
                        && chars.next().is_some_and(|c| c.is_ascii_uppercase())
                        && chars.all(|c| c.is_ascii_lowercase());
                    if !valid {
                        return Err(Error::invalid("originalScript", "expected an ISO 15924 code such as \"Cyrl\""));
                    }
                }
                let names = OriginalScriptName {
                    script: original.script,
                    family_name: optional("originalScript", original.family_name)?,
                    given_names: clean_names("originalScript", &original.given_names)?,
                };
                if names.family_name.is_none() && names.given_names.is_empty() {
                    return Err(Error::invalid("originalScript", "give the names in their original script"));
                }
                Ok(names)
            })
            .transpose()?;
        if statement.nationalities.is_empty() {
            return Err(Error::invalid("nationalities", "give at least one, or UNDETERMINED when it is not known"));
        }
        let document_number = statement
            .document_number
            .map(|number| {
                let number = number.trim().to_uppercase();
                let valid = (4..=20).contains(&number.len())
                    && number.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
                if valid {
                    Ok(number)
                } else {
                    Err(Error::invalid("documentNumber", "expected 4 to 20 letters and digits"))
                }
            })
            .transpose()?;
        if source.needs_document_number() && document_number.is_none() {
            return Err(Error::invalid("documentNumber", "a passport or a visa is recorded with its number"));
        }
        let statement = IdentityStatement {
            family_name: clean_text("familyName", &statement.family_name, MAX_NAME)?,
            birth_name: optional("birthName", statement.birth_name)?,
            given_names: clean_names("givenNames", &statement.given_names)?,
            original_script,
            transliterations: clean_names("transliterations", &statement.transliterations)?,
            sex: statement.sex,
            birth_date: statement.birth_date,
            birth_place: optional("birthPlace", statement.birth_place)?,
            birth_country: statement.birth_country,
            nationalities: statement.nationalities,
            document_number,
        };
        Ok(Self { id, person, source, statement, recorded_at })
    }

    /// The id.
    pub const fn id(&self) -> IdentityRecordId {
        self.id
    }

    /// Whose identity.
    pub const fn person(&self) -> PersonId {
        self.person
    }

    /// Where the statement comes from.
    pub const fn source(&self) -> IdentitySource {
        self.source
    }

    /// What it states.
    pub const fn statement(&self) -> &IdentityStatement {
        &self.statement
    }

    /// When HIPE recorded it.
    pub const fn recorded_at(&self) -> DateTime<Utc> {
        self.recorded_at
    }

    /// Every name the record states — Latin, original script and transliterations — folded to search keys
    /// (see [`super::search`]). The person is found by any of them.
    pub fn search_keys(&self) -> std::collections::BTreeSet<String> {
        let s = &self.statement;
        let original = s.original_script.iter().flat_map(|o| o.family_name.iter().chain(&o.given_names));
        std::iter::once(&s.family_name)
            .chain(&s.birth_name)
            .chain(&s.given_names)
            .chain(original)
            .chain(&s.transliterations)
            .flat_map(|name| super::search::name_keys(name))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use uuid::Uuid;

    use super::{IdentityRecord, IdentityRecordId, IdentitySource, IdentityStatement, OriginalScriptName, Sex};
    use crate::person::{CountryCode, Nationality, PartialDate, PersonId};

    fn statement() -> IdentityStatement {
        IdentityStatement {
            family_name: " Kovalenko ".into(),
            birth_name: None,
            given_names: vec!["Aleksandr".into()],
            original_script: Some(OriginalScriptName {
                script: Some("Cyrl".into()),
                family_name: Some("Коваленко".into()),
                given_names: vec!["Олександр".into()],
            }),
            transliterations: vec!["Olexandr".into()],
            sex: Sex::Male,
            birth_date: PartialDate::parse("1992-11").expect("date"),
            birth_place: Some("Kharkiv".into()),
            birth_country: Some(CountryCode::parse("birthCountry", "UKR").expect("code")),
            nationalities: vec![Nationality::parse("UKR").expect("code")],
            document_number: Some("fp123456".into()),
        }
    }

    fn record(source: IdentitySource, statement: IdentityStatement) -> Result<IdentityRecord, crate::Error> {
        IdentityRecord::new(
            IdentityRecordId::from_uuid(Uuid::now_v7()),
            PersonId::from_uuid(Uuid::from_u128(1)),
            source,
            statement,
            Utc::now(),
        )
    }

    #[test]
    fn a_passport_record_is_trimmed_and_searchable_by_every_spelling() {
        let record = record(IdentitySource::Passport, statement()).expect("valid");
        assert_eq!(record.statement().family_name, "Kovalenko");
        assert_eq!(record.statement().document_number.as_deref(), Some("FP123456"));
        let keys = record.search_keys();
        for name in ["Oleksandr", "Aleksandr", "Олександр", "Kovalenko"] {
            let key = crate::person::search::name_keys(name).into_iter().next().expect("a key");
            assert!(keys.contains(&key), "{name} → {key} not in {keys:?}");
        }
    }

    #[test]
    fn a_passport_or_visa_needs_its_number_and_a_declaration_does_not() {
        let without = IdentityStatement { document_number: None, ..statement() };
        assert!(record(IdentitySource::Passport, without.clone()).is_err());
        assert!(record(IdentitySource::Visa, without.clone()).is_err());
        assert!(record(IdentitySource::AsylumDeskDeclaration, without).is_ok());
    }

    #[test]
    fn a_stateless_person_is_recorded_and_an_empty_nationality_list_is_not() {
        let stateless = IdentityStatement { nationalities: vec![Nationality::Stateless], ..statement() };
        assert!(record(IdentitySource::OfpraCivilStatus, stateless).is_ok());
        let none = IdentityStatement { nationalities: vec![], ..statement() };
        assert!(record(IdentitySource::Declaration, none).is_err());
    }

    #[test]
    fn malformed_statements_are_refused() {
        let blank = IdentityStatement { family_name: "  ".into(), ..statement() };
        assert!(record(IdentitySource::Declaration, blank).is_err());
        let long = IdentityStatement { given_names: vec!["x".repeat(101)], ..statement() };
        assert!(record(IdentitySource::Declaration, long).is_err());
        let number = IdentityStatement { document_number: Some("12/34".into()), ..statement() };
        assert!(record(IdentitySource::Passport, number).is_err());
        let script = IdentityStatement {
            original_script: Some(OriginalScriptName {
                script: Some("cyrillic".into()),
                ..statement().original_script.expect("some")
            }),
            ..statement()
        };
        assert!(record(IdentitySource::Passport, script).is_err());
        let empty = IdentityStatement {
            original_script: Some(OriginalScriptName { script: None, family_name: None, given_names: vec![] }),
            ..statement()
        };
        assert!(record(IdentitySource::Passport, empty).is_err());
    }

    #[test]
    fn codes_round_trip() {
        for source in IdentitySource::ALL {
            assert_eq!(IdentitySource::parse(source.code()), Some(source));
        }
        for sex in Sex::ALL {
            assert_eq!(Sex::parse(sex.code()), Some(sex));
        }
    }
}
