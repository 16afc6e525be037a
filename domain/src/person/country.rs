//! Country codes, as persons' records and addresses name them.

use std::fmt;

use crate::Error;

/// An ISO 3166-1 alpha-3 country code (`FRA`, `UKR`, `DZA`): three capital ASCII letters. Whether the code is
/// assigned is not checked here (codes are added and withdrawn; the reference list is data, not code).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode(String);

impl CountryCode {
    /// France, where addresses usually are.
    pub const FRANCE: &'static str = "FRA";

    /// Parses a code; `field` names the input for the error.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] unless the text is three capital letters.
    pub fn parse(field: &'static str, text: &str) -> Result<Self, Error> {
        if text.len() == 3 && text.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Self(text.to_owned()))
        } else {
            Err(Error::invalid(field, "expected an ISO 3166-1 alpha-3 country code such as \"FRA\""))
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is France.
    pub fn is_france(&self) -> bool {
        self.0 == Self::FRANCE
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::CountryCode;

    #[test]
    fn three_capital_letters() {
        assert!(CountryCode::parse("country", "FRA").expect("valid").is_france());
        for bad in ["fra", "FR", "FRAN", "F1A", ""] {
            assert!(CountryCode::parse("country", bad).is_err(), "{bad}");
        }
    }
}
