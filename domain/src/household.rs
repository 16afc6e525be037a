//! The household an allowance is computed for — asylum seekers' (ADA) and return aid's alike: adults (the applicant
//! among them) and children leaving or living together.

use crate::Error;

/// Most persons a household may declare (adults and children together): beyond any real household, a bound
/// that keeps input sane.
pub const MAX_HOUSEHOLD: u8 = 30;

/// A household: at least one adult, at most [`MAX_HOUSEHOLD`] persons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Household {
    adults: u8,
    children: u8,
}

impl Household {
    /// At least one adult (the applicant: an allowance goes to adults), and at most [`MAX_HOUSEHOLD`] persons.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] on `adults` or `children`.
    pub fn new(adults: i64, children: i64) -> Result<Self, Error> {
        let adults = u8::try_from(adults)
            .ok()
            .filter(|a| *a >= 1)
            .ok_or_else(|| Error::invalid("adults", "at least one adult, the applicant"))?;
        let children = u8::try_from(children).map_err(|_| Error::invalid("children", "zero or more children"))?;
        if u16::from(adults) + u16::from(children) > u16::from(MAX_HOUSEHOLD) {
            return Err(Error::invalid("children", format!("a household of at most {MAX_HOUSEHOLD} persons")));
        }
        Ok(Self { adults, children })
    }

    /// Adults.
    pub const fn adults(self) -> u8 {
        self.adults
    }

    /// Children.
    pub const fn children(self) -> u8 {
        self.children
    }

    /// Everyone.
    pub const fn persons(self) -> u8 {
        self.adults + self.children
    }
}
