//! Scalars in ISO 8601: `DateTime` (RFC 3339, UTC), `Date` (`YYYY-MM-DD`) and `PartialDate` (`YYYY`, `YYYY-MM`
//! or `YYYY-MM-DD`, for birth dates that are not fully known).

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::{NaiveDate, SecondsFormat, Utc};

/// An instant, RFC 3339 in UTC (`2026-03-02T09:00:00Z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime(pub chrono::DateTime<Utc>);

#[Scalar(name = "DateTime")]
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => chrono::DateTime::parse_from_rfc3339(text)
                .map(|t| Self(t.with_timezone(&Utc)))
                .map_err(|_| InputValueError::custom("expected an RFC 3339 date-time such as 2026-03-02T09:00:00Z")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_rfc3339_opts(SecondsFormat::Millis, true))
    }
}

/// A calendar date (`2026-03-02`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(Self)
                .map_err(|_| InputValueError::custom("expected a date such as 2026-03-02")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

/// A date whose day, or day and month, may be unknown: `1990`, `1990-04` or `1990-04-12`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate(pub hipe_domain::person::PartialDate);

#[Scalar(name = "PartialDate")]
impl ScalarType for PartialDate {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => hipe_domain::person::PartialDate::parse(text)
                .map(Self)
                .map_err(|e| InputValueError::custom(e.to_string())),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_string())
    }
}
