//! Human-readable dossier references.

use std::fmt;

use crate::Error;

/// Crockford's base-32 alphabet: no I, L, O or U, so a reference read over the phone is not misheard.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A reference such as `2026-7K3M9-QX2HT`: the year, then 50 random bits in Crockford base 32.
///
/// 50 bits keep the chance of a collision among a year's 1.3 million dossiers around one in a thousand; the
/// unique index catches the rest and the caller draws again.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DossierReference(String);

impl DossierReference {
    /// Builds a reference from the year and random bits supplied by the caller (only the low 50 are used).
    pub fn generate(year: i32, random: u64) -> Self {
        let mut text = format!("{year:04}-");
        for i in 0..10 {
            if i == 5 {
                text.push('-');
            }
            let shift = 45 - 5 * i;
            let index = usize::try_from((random >> shift) & 0x1F).unwrap_or_default();
            text.push(char::from(ALPHABET[index]));
        }
        Self(text)
    }

    /// Parses a stored or typed reference.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the text is not of the form `YYYY-XXXXX-XXXXX`.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let bytes = text.as_bytes();
        let well_formed = bytes.len() == 16
            && bytes[..4].iter().all(u8::is_ascii_digit)
            && bytes[4] == b'-'
            && bytes[10] == b'-'
            && bytes[5..10].iter().chain(&bytes[11..]).all(|b| ALPHABET.contains(b));
        if well_formed {
            Ok(Self(text.to_owned()))
        } else {
            Err(Error::invalid("reference", "expected a reference such as 2026-7K3M9-QX2HT"))
        }
    }

    /// The reference as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DossierReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::DossierReference;

    #[test]
    fn has_the_documented_shape() {
        let reference = DossierReference::generate(2026, 0);
        assert_eq!(reference.as_str(), "2026-00000-00000");
        assert_eq!(DossierReference::generate(2026, u64::MAX).as_str(), "2026-ZZZZZ-ZZZZZ");
    }

    proptest! {
        #[test]
        fn every_generated_reference_parses(year in 2000_i32..2100, random: u64) {
            let reference = DossierReference::generate(year, random);
            prop_assert_eq!(DossierReference::parse(reference.as_str()).expect("parses"), reference);
        }
    }

    #[test]
    fn refuses_ambiguous_letters() {
        assert!(DossierReference::parse("2026-OOOOO-IIIII").is_err());
        assert!(DossierReference::parse("2026-00000-0000").is_err());
    }
}
