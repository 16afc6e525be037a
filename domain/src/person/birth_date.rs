//! Partial dates: a birth date whose day, or day and month, are unknown.

use std::fmt;

use chrono::NaiveDate;

use crate::Error;

/// A calendar date that may lack its day, or its day and month — ISO 8601 reduced precision (`1990`,
/// `1990-04`, `1990-04-12`). A day is never known without its month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

impl PartialDate {
    /// Builds a partial date from its parts.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when a day comes without a month or the parts are not a calendar date.
    pub fn from_parts(year: i32, month: Option<u8>, day: Option<u8>) -> Result<Self, Error> {
        let invalid =
            || Error::invalid("birthDate", "expected YYYY, YYYY-MM or YYYY-MM-DD, a real date between 1900 and 2100");
        if !(1900..=2100).contains(&year) {
            return Err(invalid());
        }
        match (month, day) {
            (None, Some(_)) => return Err(invalid()),
            (Some(m), None) if !(1..=12).contains(&m) => return Err(invalid()),
            (Some(m), Some(d)) if NaiveDate::from_ymd_opt(year, m.into(), d.into()).is_none() => {
                return Err(invalid());
            }
            _ => {}
        }
        Ok(Self { year, month, day })
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for any other form or an impossible date.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let invalid = || Error::invalid("birthDate", "expected YYYY, YYYY-MM or YYYY-MM-DD");
        let mut parts = text.split('-');
        let year = parts.next().filter(|y| y.len() == 4).ok_or_else(invalid)?;
        let number = |part: &str, len: usize| {
            (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<u16>().ok())
                .flatten()
                .ok_or_else(invalid)
        };
        let year = i32::from(number(year, 4)?);
        let month = parts.next().map(|m| number(m, 2)).transpose()?;
        let day = parts.next().map(|d| number(d, 2)).transpose()?;
        if parts.next().is_some() {
            return Err(invalid());
        }
        let small = |n: u16| u8::try_from(n).map_err(|_| invalid());
        Self::from_parts(year, month.map(small).transpose()?, day.map(small).transpose()?)
    }

    /// The year.
    pub const fn year(&self) -> i32 {
        self.year
    }

    /// The month (1–12), when known.
    pub const fn month(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month, when known.
    pub const fn day(&self) -> Option<u8> {
        self.day
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::PartialDate;

    #[test]
    fn parses_the_three_precisions() {
        for text in ["1990", "1990-04", "1990-04-12", "2000-02-29"] {
            assert_eq!(PartialDate::parse(text).expect(text).to_string(), text);
        }
    }

    #[test]
    fn refuses_impossible_or_malformed_dates() {
        for text in ["", "90", "1990-4", "1990-13", "1990-02-30", "1990--12", "1990-04-12-01", "x990", "1899"] {
            assert!(PartialDate::parse(text).is_err(), "{text:?}");
        }
        assert!(PartialDate::from_parts(1990, None, Some(3)).is_err());
    }

    proptest! {
        #[test]
        fn display_then_parse_is_identity(year in 1900_i32..=2100, month in proptest::option::of(1_u8..=12), day in 1_u8..=28) {
            let day = month.map(|_| day);
            let date = PartialDate::from_parts(year, month, day).expect("valid parts");
            prop_assert_eq!(PartialDate::parse(&date.to_string()).expect("round trip"), date);
        }
    }
}
