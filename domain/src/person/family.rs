//! Family links: who is whose spouse, child, parent or legal representative — the facts family reunification,
//! a minor's travel document (DCEM) and a guardian's signature depend on. A link points from a person to another
//! [`PersonId`]; it says nothing else about the relative, whose own file stays theirs.

use chrono::{DateTime, NaiveDate, Utc};

use super::PersonId;
use crate::Error;

/// How the relative relates to the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FamilyRelation {
    /// The person's spouse (or registered partner).
    Spouse,
    /// The person's child.
    Child,
    /// The person's parent.
    Parent,
    /// The person's legal representative (of a minor, or a protected adult).
    LegalRepresentative,
}

impl FamilyRelation {
    /// Every relation.
    pub const ALL: [Self; 4] = [Self::Spouse, Self::Child, Self::Parent, Self::LegalRepresentative];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Spouse => "SPOUSE",
            Self::Child => "CHILD",
            Self::Parent => "PARENT",
            Self::LegalRepresentative => "LEGAL_REPRESENTATIVE",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// A link from `person` to `relative`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyLink {
    person: PersonId,
    relative: PersonId,
    relation: FamilyRelation,
    since: Option<NaiveDate>,
    recorded_at: DateTime<Utc>,
}

impl FamilyLink {
    /// A link; `since` is the date of the marriage, the birth, the judgment, when known.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when a person is linked to themself.
    pub fn new(
        person: PersonId,
        relative: PersonId,
        relation: FamilyRelation,
        since: Option<NaiveDate>,
        recorded_at: DateTime<Utc>,
    ) -> Result<Self, Error> {
        if person == relative {
            return Err(Error::invalid("relativeId", "a person is not their own relative"));
        }
        Ok(Self { person, relative, relation, since, recorded_at })
    }

    /// Whose link.
    pub const fn person(&self) -> PersonId {
        self.person
    }

    /// The relative.
    pub const fn relative(&self) -> PersonId {
        self.relative
    }

    /// How they relate.
    pub const fn relation(&self) -> FamilyRelation {
        self.relation
    }

    /// Since when, if known.
    pub const fn since(&self) -> Option<NaiveDate> {
        self.since
    }

    /// When HIPE recorded it.
    pub const fn recorded_at(&self) -> DateTime<Utc> {
        self.recorded_at
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use uuid::Uuid;

    use super::{FamilyLink, FamilyRelation};
    use crate::person::PersonId;

    #[test]
    fn a_person_is_not_their_own_relative() {
        let (a, b) = (PersonId::from_uuid(Uuid::from_u128(1)), PersonId::from_uuid(Uuid::from_u128(2)));
        assert!(FamilyLink::new(a, b, FamilyRelation::Child, None, Utc::now()).is_ok());
        assert!(FamilyLink::new(a, a, FamilyRelation::Spouse, None, Utc::now()).is_err());
        for relation in FamilyRelation::ALL {
            assert_eq!(FamilyRelation::parse(relation.code()), Some(relation));
        }
    }
}
