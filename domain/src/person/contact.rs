//! How to reach a person, all of it optional: a person filed at the desk may have no e-mail and no phone
//! (DESIGN.md §3), and letters then go to their address. The preferred language chooses interpreters and the
//! language of notifications.

use crate::Error;

/// A language, by its ISO 639 code: two letters (639-1, `fr`, `uk`) or three (639-3, for languages without a
/// two-letter code, `prs` for Dari).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Language(String);

impl Language {
    /// Parses a code.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] unless the text is two or three lowercase letters.
    pub fn parse(code: &str) -> Result<Self, Error> {
        if (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase()) {
            Ok(Self(code.to_owned()))
        } else {
            Err(Error::invalid("preferredLanguage", "expected an ISO 639 code such as \"fr\", \"uk\" or \"prs\""))
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An e-mail address, checked for its shape only (one `@`, a dotted domain, no spaces): whether it reaches
/// someone is for a confirmation message to tell.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Parses an address (trimmed).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when it does not look like an e-mail address.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let text = text.trim();
        let valid = text.len() <= 254
            && !text.chars().any(char::is_whitespace)
            && text.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.split('.').count() >= 2
                    && domain.split('.').all(|label| !label.is_empty())
            });
        if valid { Ok(Self(text.to_owned())) } else { Err(Error::invalid("email", "expected an e-mail address")) }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number in E.164 form (`+33612345678`); spaces, dots and dashes are dropped when parsing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Parses a number.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] unless it is `+` and 8 to 15 digits.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let compact: String = text.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
        let valid = compact
            .strip_prefix('+')
            .is_some_and(|digits| (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()));
        if valid {
            Ok(Self(compact))
        } else {
            Err(Error::invalid("phone", "expected an international number such as +33612345678"))
        }
    }

    /// The number.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's contact details; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    /// The language the person prefers.
    pub preferred_language: Option<Language>,
    /// E-mail.
    pub email: Option<Email>,
    /// Phone.
    pub phone: Option<Phone>,
}

#[cfg(test)]
mod tests {
    use super::{Email, Language, Phone};

    #[test]
    fn languages_emails_and_phones_are_checked_for_their_shape() {
        assert!(Language::parse("uk").is_ok() && Language::parse("prs").is_ok());
        assert!(Language::parse("UK").is_err() && Language::parse("ukrainian").is_err());
        assert_eq!(Email::parse(" amina@example.org ").expect("valid").as_str(), "amina@example.org");
        for bad in ["amina", "amina@", "@example.org", "a@b", "a b@example.org", "a@@example.org", "a@example..org"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Phone::parse("+33 6 12 34 56 78").expect("valid").as_str(), "+33612345678");
        assert!(Phone::parse("0612345678").is_err() && Phone::parse("+33 6").is_err());
    }
}
