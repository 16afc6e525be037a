//! The legal clocks of a dossier, as pure date arithmetic (DESIGN.md §3, domain research §3):
//!
//! - the **silence date**: so many months (4 for permits) after the date the file was declared complete — a
//!   request for documents made after that date never moves it;
//! - the **renewal window**: from 120 to 60 days before the current document expires;
//! - the **extension certificate**: while a complete renewal filed in time awaits decision, the holder keeps the
//!   rights of the document being renewed through certificates of at most three months, issued
//!   [`EXTENSION_LEAD_DAYS`] before the current cover ends so that no day is left without a document, and renewed
//!   the same way until the decision;
//! - the **answer to a request for reasons**: one month (CRPA L.232-4).
//!
//! [`Dossier::next_clock_on`](super::Dossier::next_clock_on) is the first day HIPE's clock job must look at a
//! dossier again; [`Dossier::attention_on`](super::Dossier::attention_on) orders the agents' work queue by legal
//! risk.

use chrono::{Days, Months, NaiveDate};

/// How many days before the current cover ends the next extension certificate is issued.
pub const EXTENSION_LEAD_DAYS: u64 = 15;

/// The longest validity of an extension certificate, in months (R.431-15-1).
pub const EXTENSION_MONTHS: u32 = 3;

/// The months the administration has to communicate the reasons of an implicit refusal once asked.
pub const REASONS_MONTHS: u32 = 1;

/// How much earlier a vulnerable person's deadlines count in the work queue, in days.
pub const VULNERABILITY_ADVANCE_DAYS: u64 = 30;

/// The nominal instruction target of a filed dossier with no legal date yet, in days after filing: it keeps old
/// unchecked files rising in the queue.
pub const INSTRUCTION_TARGET_DAYS: u64 = 120;

/// The silence date of a file complete on `complete_on` under a rule of `months`.
pub fn silence_date(complete_on: NaiveDate, months: u8) -> NaiveDate {
    add_months(complete_on, u32::from(months))
}

/// The renewal window of a document expiring on `expires_on`: the first and the last day to file on time.
pub fn renewal_window(expires_on: NaiveDate, opens_days: u16, closes_days: u16) -> (NaiveDate, NaiveDate) {
    (sub_days(expires_on, u64::from(opens_days)), sub_days(expires_on, u64::from(closes_days)))
}

/// The next extension certificate to issue on `today`, as `(valid_from, valid_until)`, for a file whose holder is
/// covered until `covered_until` (the renewed document's end, or the last certificate's): `None` while the cover
/// lasts beyond the lead time.
pub fn extension_due(covered_until: NaiveDate, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let issue_on = sub_days(covered_until, EXTENSION_LEAD_DAYS);
    (today >= issue_on).then(|| {
        let from = add_days(covered_until.max(sub_days(today, 1)), 1);
        (from, sub_days(add_months(from, EXTENSION_MONTHS), 1))
    })
}

/// The day the next extension certificate falls due for a cover ending `covered_until`.
pub fn extension_issue_on(covered_until: NaiveDate) -> NaiveDate {
    sub_days(covered_until, EXTENSION_LEAD_DAYS)
}

/// The last day to answer a request for reasons made on `asked_on`.
pub fn reasons_due(asked_on: NaiveDate) -> NaiveDate {
    add_months(asked_on, REASONS_MONTHS)
}

/// `day` plus `months`, clamped to the end of the month (31 January + 1 month = 28 or 29 February).
pub fn add_months(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// `day` plus `days`.
pub fn add_days(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_add_days(Days::new(days)).unwrap_or(NaiveDate::MAX)
}

/// `day` minus `days`.
pub fn sub_days(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(days)).unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{extension_due, reasons_due, renewal_window, silence_date};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn the_silence_date_is_four_months_after_the_complete_date_clamped_to_month_end() {
        assert_eq!(silence_date(day(2026, 3, 10), 4), day(2026, 7, 10));
        assert_eq!(silence_date(day(2026, 10, 31), 4), day(2027, 2, 28));
    }

    #[test]
    fn the_renewal_window_runs_from_120_to_60_days_before_expiry() {
        assert_eq!(renewal_window(day(2026, 12, 31), 120, 60), (day(2026, 9, 2), day(2026, 11, 1)));
    }

    #[test]
    fn an_extension_starts_the_day_after_the_cover_and_lasts_three_months_at_most() {
        let cover = day(2026, 6, 30);
        assert_eq!(extension_due(cover, day(2026, 6, 14)), None, "16 days before: not yet");
        assert_eq!(extension_due(cover, day(2026, 6, 15)), Some((day(2026, 7, 1), day(2026, 9, 30))));
        // A clock job that ran late never backdates a certificate into days already past.
        assert_eq!(extension_due(cover, day(2026, 7, 20)), Some((day(2026, 7, 20), day(2026, 10, 19))));
    }

    #[test]
    fn reasons_are_due_one_month_after_the_request() {
        assert_eq!(reasons_due(day(2026, 1, 31)), day(2026, 2, 28));
    }
}
