//! The asylum-seeker allowance (ADA, CESEDA L.553-1 ff. and D.553-1 ff.), computed — never stored — from the
//! household, the accommodation and the dated rates of the catalogue (migration `m0100_asylum_reception`).
//!
//! The allowance of a day is a flat amount by the size of the household (adults and children: 6.80 € a day for
//! one person, 3.40 € more for each further person, up to ten persons — the scale of the decree of 21 October
//! 2015, unchanged since), plus, for each adult to whom no accommodation could be offered, an additional daily
//! amount (4.20 € in 2015, 5.40 € from 1 April 2017, 7.40 € from 1 June 2018). The allowance of a month is the sum
//! of its days on which the person is entitled ([`super::AsylumFile::entitled_on`]): from the acceptance of the
//! offer, except the days of a suspension, until the conditions end. Each day takes the rates in force that day,
//! so a revaluation in the middle of a month is applied from its date.
//!
//! Uncertainties, written down rather than guessed in code:
//! - the decree's scale stops at ten persons; a larger household is given the ten-person rate here (the scale's
//!   last line), a choice to confirm with OFII;
//! - since the decree of 31 May 2018 the additional amount requires that the person expressed a need for
//!   accommodation and has no free accommodation; HIPE takes "no accommodation offered" on the offer as meaning
//!   exactly that — OFII records `accommodationOffered: false` only then;
//! - the allowance is differential (resources below the RSA are required, research §1.5): resources are
//!   not recorded, so the amount is the full scale, the ceiling of what is paid;
//! - payment itself (the ASP's monthly card credit) is outside HIPE.

use chrono::{Datelike, Months, NaiveDate};

use super::{AsylumFile, Household};
use crate::Error;

/// The flat daily amounts by household size, in force from a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdRates {
    /// The first day these amounts apply.
    pub effective_from: NaiveDate,
    /// The daily amount in cents for a household of 1, 2, … persons (index 0 is one person).
    pub daily_cents_by_size: Vec<u32>,
}

/// The additional daily amount for each adult to whom no accommodation could be offered, in force from a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SupplementRate {
    /// The first day it applies.
    pub effective_from: NaiveDate,
    /// Cents a day, per adult.
    pub daily_cents: u32,
}

/// Every version of the allowance's rates, from the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AllowanceScale {
    household: Vec<HouseholdRates>,
    supplement: Vec<SupplementRate>,
}

impl AllowanceScale {
    /// Orders the versions by date and checks that each household scale has at least one line.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] on `scale` for an empty household scale or two versions of the same day.
    pub fn new(mut household: Vec<HouseholdRates>, mut supplement: Vec<SupplementRate>) -> Result<Self, Error> {
        household.sort_by_key(|r| r.effective_from);
        supplement.sort_by_key(|r| r.effective_from);
        if household.iter().any(|r| r.daily_cents_by_size.is_empty()) {
            return Err(Error::invalid("scale", "a household scale without any line"));
        }
        let twice = |dates: &mut dyn Iterator<Item = NaiveDate>| {
            let dates: Vec<_> = dates.collect();
            dates.windows(2).any(|w| w[0] == w[1])
        };
        if twice(&mut household.iter().map(|r| r.effective_from))
            || twice(&mut supplement.iter().map(|r| r.effective_from))
        {
            return Err(Error::invalid("scale", "two versions in force from the same day"));
        }
        Ok(Self { household, supplement })
    }

    /// The allowance of one day, in cents, for `household`, with or without accommodation offered; `None` before
    /// the first version of the scale.
    pub fn daily_cents(&self, day: NaiveDate, household: Household, accommodation_offered: bool) -> Option<u32> {
        let rates = self.household.iter().rev().find(|r| r.effective_from <= day)?;
        let size = usize::from(household.persons()).max(1);
        let flat = rates.daily_cents_by_size.get(size - 1).or_else(|| rates.daily_cents_by_size.last()).copied()?;
        let supplement = if accommodation_offered {
            0
        } else {
            self.supplement.iter().rev().find(|r| r.effective_from <= day).map_or(0, |r| r.daily_cents)
                * u32::from(household.adults())
        };
        Some(flat + supplement)
    }
}

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month(NaiveDate);

impl Month {
    /// Parses `YYYY-MM`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] on `month` otherwise.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let bad = || Error::invalid("month", "a month such as 2026-12");
        let (year, month) = text.split_once('-').ok_or_else(bad)?;
        if year.len() != 4 || month.len() != 2 {
            return Err(bad());
        }
        let year = year.parse::<i32>().map_err(|_| bad())?;
        let month = month.parse::<u32>().map_err(|_| bad())?;
        NaiveDate::from_ymd_opt(year, month, 1).map(Self).ok_or_else(bad)
    }

    /// The month of `day`.
    pub fn of(day: NaiveDate) -> Self {
        Self(day.with_day(1).unwrap_or(day))
    }

    /// Its first day.
    pub const fn first_day(self) -> NaiveDate {
        self.0
    }

    /// Its last day.
    pub fn last_day(self) -> NaiveDate {
        self.0.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(self.0)
    }

    /// `YYYY-MM`.
    pub fn code(self) -> String {
        self.0.format("%Y-%m").to_string()
    }
}

/// The allowance of one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthlyAllowance {
    /// The month.
    pub month: Month,
    /// The days the person was entitled to it.
    pub days: u32,
    /// The amount, in cents.
    pub cents: u64,
}

/// The allowance `file` gives for `month`: the sum, over the days the person is entitled to it, of the day's
/// rate for the household of the offer. Nothing without an accepted offer.
pub fn for_month(file: &AsylumFile, scale: &AllowanceScale, month: Month) -> MonthlyAllowance {
    let mut total = MonthlyAllowance { month, days: 0, cents: 0 };
    let Some(offer) = file.offer() else {
        return total;
    };
    let mut day = month.first_day();
    while day <= month.last_day() {
        if file.entitled_on(day)
            && let Some(cents) = scale.daily_cents(day, offer.household, offer.accommodation_offered)
        {
            total.days += 1;
            total.cents += u64::from(cents);
        }
        let Some(next) = day.succ_opt() else { break };
        day = next;
    }
    total
}
