//! The number printed on a residence document.

use std::fmt;

use crate::Error;

/// A document number: 6 to 20 capital letters and digits. Parsing forgives what people type from a card — spaces,
/// hyphens, lower case — and keeps the canonical form, so `ab 123-456` and `AB123456` are the same number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentNumber(String);

impl DocumentNumber {
    /// Parses and canonicalises a document number.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] unless, without spaces and hyphens, it is 6 to 20 ASCII letters and digits.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let canonical: String =
            text.chars().filter(|c| !matches!(c, ' ' | '-')).map(|c| c.to_ascii_uppercase()).collect();
        if (6..=20).contains(&canonical.len()) && canonical.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(Self(canonical))
        } else {
            Err(Error::invalid("documentNumber", "expected 6 to 20 letters and digits, as printed on the document"))
        }
    }

    /// The canonical number.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::DocumentNumber;

    #[test]
    fn typed_forms_of_one_number_are_the_same_number() {
        let canonical = DocumentNumber::parse("AB1234567").expect("valid");
        for typed in ["ab1234567", "AB 123 4567", "AB-123-4567", " ab1234567 "] {
            assert_eq!(DocumentNumber::parse(typed).expect(typed), canonical);
        }
    }

    #[test]
    fn refuses_what_cannot_be_a_number() {
        for bad in ["", "12345", "AB_1234567", "AB1234567/", "１２３４５６７", &"9".repeat(21)] {
            assert!(DocumentNumber::parse(bad).is_err(), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn the_canonical_form_parses_to_itself(text in "[A-Za-z0-9 -]{0,30}") {
            if let Ok(number) = DocumentNumber::parse(&text) {
                prop_assert_eq!(DocumentNumber::parse(number.as_str()).expect("canonical"), number.clone());
                prop_assert!(number.as_str().bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
            }
        }
    }
}
