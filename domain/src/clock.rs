//! Time comes from outside: legal clocks (silence dates, renewal windows) are computed from a [`Clock`], so
//! tests move time by handing in a fixed clock instead of sleeping.

use chrono::{DateTime, Datelike as _, Duration, NaiveDate, Utc};

/// The source of "now" for every domain decision.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}

/// The wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock stopped at a given instant (tests, replays).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// The wall clock shifted by an offset that can be moved forward: demo and test servers use it so that a legal
/// clock (a silence date four months away) can be reached without waiting. Never configured in production.
#[derive(Debug, Default)]
pub struct ShiftedClock {
    offset_seconds: std::sync::atomic::AtomicI64,
}

impl ShiftedClock {
    /// Moves the clock forward (or back) by `by`.
    pub fn advance(&self, by: Duration) {
        self.offset_seconds.fetch_add(by.num_seconds(), std::sync::atomic::Ordering::SeqCst);
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::seconds(self.offset_seconds.load(std::sync::atomic::Ordering::SeqCst))
    }
}

/// The calendar date in metropolitan France (Europe/Paris) at `instant` — the date on which the law reads a
/// document's validity ("valid until 31 March" holds through 31 March, French time).
///
/// Central European Time is UTC+1, and UTC+2 from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
/// Sunday of October (EU directive 2000/84/EC), computed here rather than pulling in a time-zone database. The
/// overseas départements keep their own offsets; their holders are judged on the metropolitan date, a
/// difference of a few hours at the ends of a validity period.
pub fn france_date(instant: DateTime<Utc>) -> NaiveDate {
    let year = instant.year();
    let switch = |month: u32| {
        // The last Sunday of the month, at 01:00 UTC.
        let last = NaiveDate::from_ymd_opt(year, month, 31).unwrap_or(NaiveDate::MIN);
        let back = i64::from(last.weekday().num_days_from_sunday());
        (last - Duration::days(back)).and_hms_opt(1, 0, 0).map(|t| t.and_utc())
    };
    let summer = matches!((switch(3), switch(10)), (Some(start), Some(end)) if start <= instant && instant < end);
    (instant + Duration::hours(if summer { 2 } else { 1 })).date_naive()
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone as _, Utc};

    use super::france_date;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).single().expect("instant")
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn the_french_date_follows_central_european_time() {
        // Winter, UTC+1: 23:30 UTC on 31 December is already New Year's Day in Paris.
        assert_eq!(france_date(utc(2025, 12, 31, 23, 30)), day(2026, 1, 1));
        assert_eq!(france_date(utc(2026, 1, 15, 22, 59)), day(2026, 1, 15));
        // Summer, UTC+2 (from 29 March 2026 01:00 UTC to 25 October 2026 01:00 UTC).
        assert_eq!(france_date(utc(2026, 3, 31, 22, 30)), day(2026, 4, 1));
        assert_eq!(france_date(utc(2026, 3, 29, 0, 59)), day(2026, 3, 29));
        assert_eq!(france_date(utc(2026, 7, 14, 21, 59)), day(2026, 7, 14));
        assert_eq!(france_date(utc(2026, 7, 14, 22, 0)), day(2026, 7, 15));
        assert_eq!(france_date(utc(2026, 10, 24, 22, 30)), day(2026, 10, 25), "still summer time");
        assert_eq!(france_date(utc(2026, 10, 25, 22, 30)), day(2026, 10, 25), "winter time again");
    }
}
