//! Addresses with history: where a person lives (or receives mail), and since when.
//!
//! A person has at most one current address; moving opens a new one and closes the previous one on the day
//! the new one starts ([`change`]). Nothing is deleted: the history answers "where did the administration write
//! to them on that date" — which decides whether a notification was validly sent. An asylum seeker without a
//! home gets a *domiciliation*: an approved body (a SPADA, an association) receives their mail.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::{CountryCode, PersonId, clean_text};
use crate::Error;

/// An address's id (UUID v7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AddressId(Uuid);

impl AddressId {
    /// Wraps a UUID minted by the caller.
    pub const fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    /// The underlying UUID.
    pub const fn as_uuid(&self) -> Uuid {
        self.0
    }
}

/// What kind of address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressKind {
    /// The person's own home.
    Own,
    /// Hosted by someone (`care_of` names the host).
    Hosted,
    /// Domiciliation of an asylum seeker at an approved body (`care_of` names it); only in France.
    Domiciliation,
}

impl AddressKind {
    /// Every kind.
    pub const ALL: [Self; 3] = [Self::Own, Self::Hosted, Self::Domiciliation];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Own => "OWN",
            Self::Hosted => "HOSTED",
            Self::Domiciliation => "DOMICILIATION",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// What a person (or an agent) gives for a new address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAddress {
    /// What kind.
    pub kind: AddressKind,
    /// The host's or the domiciliation body's name (required for those kinds).
    pub care_of: Option<String>,
    /// Street lines, 1 to 3.
    pub lines: Vec<String>,
    /// Postcode (five digits in France; optional abroad).
    pub postcode: Option<String>,
    /// Town.
    pub city: String,
    /// Country.
    pub country: CountryCode,
    /// First day at this address; today when not given.
    pub valid_from: Option<NaiveDate>,
}

/// The parts of an address as storage keeps them; [`Address::restore`] re-checks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressParts {
    /// Id.
    pub id: AddressId,
    /// Whose.
    pub person: PersonId,
    /// What kind.
    pub kind: AddressKind,
    /// Host or domiciliation body.
    pub care_of: Option<String>,
    /// Street lines.
    pub lines: Vec<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// Town.
    pub city: String,
    /// Country.
    pub country: CountryCode,
    /// First day at this address.
    pub valid_from: NaiveDate,
    /// Day the next address started (exclusive end), once the person moved.
    pub valid_until: Option<NaiveDate>,
    /// When HIPE recorded it.
    pub recorded_at: DateTime<Utc>,
}

/// One address of a person, current or past.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address(AddressParts);

const MAX_LINE: usize = 100;

impl Address {
    /// Rehydrates a stored address, re-checking its invariants.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when a part is malformed (see [`change`]) or the address ends before it starts.
    pub fn restore(parts: AddressParts) -> Result<Self, Error> {
        if parts.lines.is_empty() || parts.lines.len() > 3 {
            return Err(Error::invalid("lines", "give 1 to 3 address lines"));
        }
        let lines = parts.lines.iter().map(|line| clean_text("lines", line, MAX_LINE)).collect::<Result<_, _>>()?;
        let city = clean_text("city", &parts.city, MAX_LINE)?;
        let care_of = parts.care_of.as_deref().map(|c| clean_text("careOf", c, MAX_LINE)).transpose()?;
        let postcode = parts.postcode.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned);
        match (parts.country.is_france(), &postcode) {
            (true, Some(code)) if code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit()) => {}
            (true, _) => return Err(Error::invalid("postcode", "a French postcode is five digits")),
            (false, Some(code)) if code.chars().count() > 16 => {
                return Err(Error::invalid("postcode", "at most 16 characters"));
            }
            (false, _) => {}
        }
        let needs_care_of = match parts.kind {
            AddressKind::Own => false,
            AddressKind::Hosted | AddressKind::Domiciliation => true,
        };
        if needs_care_of && care_of.is_none() {
            return Err(Error::invalid("careOf", "name the host or the domiciliation body"));
        }
        if parts.kind == AddressKind::Domiciliation && !parts.country.is_france() {
            return Err(Error::invalid("country", "a domiciliation is in France"));
        }
        if parts.valid_until.is_some_and(|until| until < parts.valid_from) {
            return Err(Error::invalid("validFrom", "an address cannot end before it starts"));
        }
        Ok(Self(AddressParts { care_of, lines, postcode, city, ..parts }))
    }

    /// The id.
    pub const fn id(&self) -> AddressId {
        self.0.id
    }

    /// Whose.
    pub const fn person(&self) -> PersonId {
        self.0.person
    }

    /// Every part.
    pub const fn parts(&self) -> &AddressParts {
        &self.0
    }

    /// Whether it is the current address (not closed by a move).
    pub const fn is_current(&self) -> bool {
        self.0.valid_until.is_none()
    }
}

/// The outcome of a move: the address opened, and the previous one as closed (if there was one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressChange {
    /// The new current address.
    pub opened: Address,
    /// The previous current address, now ending the day the new one starts.
    pub closed: Option<Address>,
}

/// Moves a person to `new`, closing `current` (their current address, if any) on the day the new one starts.
///
/// # Errors
/// [`Error::InvalidInput`] when the new address is malformed (1 to 3 non-blank lines, a town, a French postcode
/// of five digits, a host or body named for a hosted address or a domiciliation, a domiciliation in France),
/// starts after `today`, or starts before the current one did. Nothing changes then.
pub fn change(
    id: AddressId,
    person: PersonId,
    current: Option<&Address>,
    new: NewAddress,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<AddressChange, Error> {
    let valid_from = new.valid_from.unwrap_or(today);
    if valid_from > today {
        return Err(Error::invalid("validFrom", "record a move once it has happened (today at the latest)"));
    }
    let opened = Address::restore(AddressParts {
        id,
        person,
        kind: new.kind,
        care_of: new.care_of,
        lines: new.lines,
        postcode: new.postcode,
        city: new.city,
        country: new.country,
        valid_from,
        valid_until: None,
        recorded_at: now,
    })?;
    let closed = match current {
        None => None,
        Some(current) if current.person() != person || !current.is_current() => {
            return Err(Error::invalid("validFrom", "the previous address is not this person's current one"));
        }
        Some(current) if valid_from < current.parts().valid_from => {
            return Err(Error::invalid(
                "validFrom",
                format!("the current address starts on {}: a new one cannot start earlier", current.parts().valid_from),
            ));
        }
        Some(current) => Some(Address(AddressParts { valid_until: Some(valid_from), ..current.0.clone() })),
    };
    Ok(AddressChange { opened, closed })
}

/// Orders an address history for display: the current address first, then the others, latest first.
pub fn current_first(addresses: &mut [Address]) {
    addresses.sort_by(|a, b| {
        b.is_current().cmp(&a.is_current()).then(b.0.valid_from.cmp(&a.0.valid_from)).then(b.0.id.cmp(&a.0.id))
    });
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, Utc};
    use uuid::Uuid;

    use super::{AddressId, AddressKind, NewAddress, change, current_first};
    use crate::person::{CountryCode, PersonId};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn me() -> PersonId {
        PersonId::from_uuid(Uuid::from_u128(1))
    }

    fn lyon(from: Option<NaiveDate>) -> NewAddress {
        NewAddress {
            kind: AddressKind::Own,
            care_of: None,
            lines: vec![" 12 rue Mercière ".into()],
            postcode: Some("69002".into()),
            city: "Lyon".into(),
            country: CountryCode::parse("country", "FRA").expect("code"),
            valid_from: from,
        }
    }

    fn id(n: u128) -> AddressId {
        AddressId::from_uuid(Uuid::from_u128(n))
    }

    #[test]
    fn a_first_address_starts_today_and_closes_nothing() {
        let moved = change(id(1), me(), None, lyon(None), day(2026, 3, 2), Utc::now()).expect("valid");
        assert_eq!(moved.opened.parts().valid_from, day(2026, 3, 2));
        assert_eq!(moved.opened.parts().lines, ["12 rue Mercière"]);
        assert!(moved.opened.is_current());
        assert!(moved.closed.is_none());
    }

    #[test]
    fn a_new_address_closes_the_previous_one_on_the_day_it_starts() {
        let first =
            change(id(1), me(), None, lyon(Some(day(2025, 1, 10))), day(2026, 3, 2), Utc::now()).expect("valid").opened;
        let moved =
            change(id(2), me(), Some(&first), lyon(Some(day(2026, 2, 1))), day(2026, 3, 2), Utc::now()).expect("valid");
        let closed = moved.closed.expect("the previous address is closed");
        assert_eq!(closed.id(), first.id());
        assert_eq!(closed.parts().valid_until, Some(day(2026, 2, 1)));
        assert!(!closed.is_current() && moved.opened.is_current());
        let mut history = vec![closed, moved.opened.clone()];
        current_first(&mut history);
        assert_eq!(history[0], moved.opened);
    }

    #[test]
    fn a_move_cannot_predate_the_current_address_or_be_in_the_future() {
        let today = day(2026, 3, 2);
        let first = change(id(1), me(), None, lyon(Some(day(2026, 1, 10))), today, Utc::now()).expect("valid").opened;
        assert!(change(id(2), me(), Some(&first), lyon(Some(day(2025, 12, 31))), today, Utc::now()).is_err());
        assert!(change(id(2), me(), None, lyon(Some(day(2026, 3, 3))), today, Utc::now()).is_err());
        let someone_else = PersonId::from_uuid(Uuid::from_u128(2));
        assert!(change(id(2), someone_else, Some(&first), lyon(None), today, Utc::now()).is_err());
    }

    #[test]
    fn malformed_addresses_are_refused() {
        let today = day(2026, 3, 2);
        let attempt = |new: NewAddress| change(id(1), me(), None, new, today, Utc::now());
        assert!(attempt(NewAddress { lines: vec![], ..lyon(None) }).is_err());
        assert!(attempt(NewAddress { lines: vec!["  ".into()], ..lyon(None) }).is_err());
        assert!(
            attempt(NewAddress { lines: vec!["a".into(), "b".into(), "c".into(), "d".into()], ..lyon(None) }).is_err()
        );
        assert!(attempt(NewAddress { city: " ".into(), ..lyon(None) }).is_err());
        assert!(attempt(NewAddress { postcode: Some("6900".into()), ..lyon(None) }).is_err());
        assert!(attempt(NewAddress { postcode: None, ..lyon(None) }).is_err());
        let hosted = NewAddress { kind: AddressKind::Hosted, ..lyon(None) };
        assert!(attempt(hosted.clone()).is_err(), "a hosted address names the host");
        assert!(attempt(NewAddress { care_of: Some("M. Martin".into()), ..hosted }).is_ok());
        let abroad = NewAddress {
            kind: AddressKind::Domiciliation,
            care_of: Some("SPADA".into()),
            postcode: None,
            country: CountryCode::parse("country", "BEL").expect("code"),
            ..lyon(None)
        };
        assert!(attempt(abroad.clone()).is_err(), "a domiciliation is in France");
        assert!(attempt(NewAddress { kind: AddressKind::Own, ..abroad }).is_ok(), "no postcode needed abroad");
    }

    #[test]
    fn kinds_round_trip() {
        for kind in AddressKind::ALL {
            assert_eq!(AddressKind::parse(kind.code()), Some(kind));
        }
    }
}
