//! Territories: the French département codes that partition the prefectures' work.

use std::fmt;

use crate::Error;

/// A département code: `01`–`95` (without `20`), `2A`, `2B`, or an overseas code `971`–`976`.
///
/// Prefecture agents are scoped to territories; a dossier belongs to exactly one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Territory(String);

impl Territory {
    /// Parses a département code.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the code is not a département of France.
    pub fn parse(code: &str) -> Result<Self, Error> {
        let valid = match code.len() {
            2 if code == "2A" || code == "2B" => true,
            2 => code
                .parse::<u8>()
                .is_ok_and(|n| (1..=95).contains(&n) && n != 20 && code.bytes().all(|b| b.is_ascii_digit())),
            3 => code.parse::<u16>().is_ok_and(|n| (971..=976).contains(&n)),
            _ => false,
        };
        if valid {
            Ok(Self(code.to_owned()))
        } else {
            Err(Error::invalid("territory", "expected a département code such as \"75\", \"2A\" or \"974\""))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Territory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Territory;

    #[test]
    fn accepts_metropolitan_corsican_and_overseas_codes() {
        for code in ["01", "75", "69", "95", "2A", "2B", "971", "976"] {
            assert_eq!(Territory::parse(code).expect(code).as_str(), code);
        }
    }

    #[test]
    fn refuses_what_is_not_a_departement() {
        for code in ["", "0", "00", "20", "96", "2C", "977", "7", "075", " 75", "+5"] {
            assert!(Territory::parse(code).is_err(), "{code:?} should be refused");
        }
    }
}
