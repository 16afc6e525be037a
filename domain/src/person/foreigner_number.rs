//! The foreigner number (numéro étranger, AGDREF): ten digits, attributed once, kept for life.

use std::fmt;

use crate::Error;

/// A foreigner number: exactly ten ASCII digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ForeignerNumber(String);

impl ForeignerNumber {
    /// Parses a foreigner number.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] unless the text is exactly ten digits.
    pub fn parse(text: &str) -> Result<Self, Error> {
        if text.len() == 10 && text.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(text.to_owned()))
        } else {
            Err(Error::invalid("foreignerNumber", "expected exactly 10 digits"))
        }
    }

    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ForeignerNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::ForeignerNumber;

    #[test]
    fn exactly_ten_digits() {
        assert!(ForeignerNumber::parse("7501234567").is_ok());
        for bad in ["750123456", "75012345678", "75012345a7", "", "７５０１２３４５６７"] {
            assert!(ForeignerNumber::parse(bad).is_err(), "{bad}");
        }
    }
}
