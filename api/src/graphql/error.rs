//! Errors, mapped in one place.
//!
//! - [`ApiError`] is every top-level error a resolver raises; [`ApiError::code`] is an explicit `match` onto the
//!   stable `extensions.code` values of DESIGN.md §4.
//! - [`UserError`] is what a mutation reports in its payload for what the user can fix.
//! - [`mask`] runs over every response: an error without a known code is an internal fault whose text must not
//!   reach the client (async-graphql would otherwise show it): it becomes `INTERNAL` with the request id, and the
//!   original goes to the log.

use async_graphql::{Enum, ErrorExtensions as _, SimpleObject};
use hipe_domain::{Error, Refusal};

/// Top-level error codes that clients may rely on.
pub const KNOWN_CODES: &[&str] = &[
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "NOT_FOUND",
    "BAD_USER_INPUT",
    "CONFLICT",
    "RATE_LIMITED",
    "UNAVAILABLE",
    "INTERNAL",
    "BAD_REQUEST",
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "METHOD_NOT_ALLOWED",
    "NOT_ACCEPTABLE",
    "UNSUPPORTED_MEDIA_TYPE",
    "PAYLOAD_TOO_LARGE",
];

/// A top-level error raised by a resolver.
///
/// Deliberately not `Display`: async-graphql converts anything `Display` into an error *without* a code, so
/// `ApiError` only converts through its own `From`, which always sets one.
#[derive(Debug)]
pub enum ApiError {
    /// No (valid) credentials for an operation that needs them.
    Unauthenticated,
    /// The caller knows the object exists but may not do this.
    Forbidden(String),
    /// Nothing the caller may see answers to this id.
    NotFound(&'static str),
    /// An argument is malformed (an id that is not one of ours, a page size out of bounds).
    BadUserInput {
        /// What is wrong and what is expected.
        message: String,
    },
    /// The object changed since the caller read it.
    Conflict(String),
    /// A fault of ours; the detail stays in the logs.
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

impl ApiError {
    /// The stable code.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::NotFound(_) => "NOT_FOUND",
            Self::BadUserInput { .. } => "BAD_USER_INPUT",
            Self::Conflict(_) => "CONFLICT",
            Self::Internal(_) => "INTERNAL",
        }
    }

    /// The message shown to the client.
    pub fn message(&self) -> String {
        match self {
            Self::Unauthenticated => "authentication required".to_owned(),
            Self::NotFound(entity) => format!("no {entity} found with this id"),
            Self::Forbidden(message) | Self::Conflict(message) | Self::BadUserInput { message } => message.clone(),
            Self::Internal(_) => "internal error".to_owned(),
        }
    }

    /// A bad-input error.
    pub fn bad_input(message: impl Into<String>) -> Self {
        Self::BadUserInput { message: message.into() }
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        match error {
            Error::Unauthenticated => Self::Unauthenticated,
            Error::NotFound { entity } => Self::NotFound(entity),
            Error::NotAllowed { .. } => Self::Forbidden(error.to_string()),
            Error::InvalidInput { .. } => Self::bad_input(error.to_string()),
            Error::StaleVersion { .. }
            | Error::Duplicate { .. }
            | Error::InvalidTransition { .. }
            | Error::Precondition { .. }
            | Error::Refused(_) => Self::Conflict(error.to_string()),
            Error::Storage(source) => Self::Internal(source),
        }
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(error: ApiError) -> Self {
        let code = error.code();
        if let ApiError::Internal(source) = &error {
            // Logged here, once; `mask` replaces the message with the request id.
            tracing::error!(error = %source, "internal error in a resolver");
            return Self::new("internal error").extend_with(|_, e| e.set("code", "INTERNAL"));
        }
        Self::new(error.message()).extend_with(|_, e| e.set("code", code))
    }
}

/// Codes of the errors a mutation reports in its payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum UserErrorCode {
    /// A value does not have the expected form.
    Invalid,
    /// The caller may not do this to this object.
    NotAllowed,
    /// The object's state does not allow this action now.
    InvalidTransition,
    /// It would duplicate something that must be unique.
    Duplicate,
    /// A rule of the procedure is not met yet (a document missing or not accepted, a date not reached).
    PreconditionFailed,
    /// Every place of the slot is taken.
    SlotFull,
    /// The slot has already started.
    SlotInPast,
    /// An appointment of this kind is already booked for this dossier.
    AlreadyBooked,
    /// The appointment is no longer booked.
    AppointmentNotBooked,
    /// The appointment has started and can no longer be cancelled.
    AppointmentStarted,
    /// The appointment has not started yet.
    AppointmentNotStarted,
    /// The tax stamp has already been used, on this or another dossier.
    StampAlreadyUsed,
    /// The person already has an open integration contract.
    AlreadyUnderContract,
    /// The integration contract is attested or exempted.
    IntegrationContractClosed,
    /// The integration contract is not at the step before this one.
    IntegrationStepOutOfOrder,
    /// The integration contract was already extended once.
    AlreadyExtended,
    /// Every civic-training day must be recorded before the end interview.
    CivicTrainingIncomplete,
    /// More language hours than prescribed.
    LanguageHoursExceeded,
    /// The medical case is not at the step before this one.
    MedicalStepOutOfOrder,
    /// The rapporteur doctor cannot sit on the college.
    RapporteurInCollege,
    /// The person already has an asylum claim awaiting its final decision.
    AlreadySeekingAsylum,
    /// The reception conditions are not at the step before this one.
    AsylumStepOutOfOrder,
    /// The final decision on the asylum claim is recorded.
    AsylumClaimDecided,
    /// The medical visit's certificate is issued: no follow-up any more.
    MedicalVisitClosed,
    /// The person already has an open return-aid file.
    ReturnAidAlreadyOpen,
}

impl From<Refusal> for UserErrorCode {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::SlotFull => Self::SlotFull,
            Refusal::SlotInPast => Self::SlotInPast,
            Refusal::AlreadyBooked => Self::AlreadyBooked,
            Refusal::AppointmentNotBooked => Self::AppointmentNotBooked,
            Refusal::AppointmentStarted => Self::AppointmentStarted,
            Refusal::AppointmentNotStarted => Self::AppointmentNotStarted,
            Refusal::StampAlreadyUsed => Self::StampAlreadyUsed,
            Refusal::AlreadyUnderContract => Self::AlreadyUnderContract,
            Refusal::IntegrationContractClosed => Self::IntegrationContractClosed,
            Refusal::IntegrationStepOutOfOrder => Self::IntegrationStepOutOfOrder,
            Refusal::AlreadyExtended => Self::AlreadyExtended,
            Refusal::CivicTrainingIncomplete => Self::CivicTrainingIncomplete,
            Refusal::LanguageHoursExceeded => Self::LanguageHoursExceeded,
            Refusal::MedicalStepOutOfOrder => Self::MedicalStepOutOfOrder,
            Refusal::RapporteurInCollege => Self::RapporteurInCollege,
            Refusal::AlreadySeekingAsylum => Self::AlreadySeekingAsylum,
            Refusal::AsylumStepOutOfOrder => Self::AsylumStepOutOfOrder,
            Refusal::AsylumClaimDecided => Self::AsylumClaimDecided,
            Refusal::MedicalVisitClosed => Self::MedicalVisitClosed,
            Refusal::ReturnAidAlreadyOpen => Self::ReturnAidAlreadyOpen,
        }
    }
}

/// Something the user can fix, reported in a mutation's payload.
#[derive(Debug, Clone, SimpleObject)]
pub struct UserError {
    /// The path to the input field at fault, when one is (`["input", "territory"]`).
    pub field: Option<Vec<String>>,
    /// Stable code.
    pub code: UserErrorCode,
    /// Human explanation.
    pub message: String,
}

/// Splits a domain error from a mutation: what the user can fix becomes a [`UserError`]; the rest stays a
/// top-level error.
pub fn user_error(error: Error) -> Result<UserError, ApiError> {
    let (code, field) = match &error {
        Error::InvalidInput { field, .. } => {
            (UserErrorCode::Invalid, Some(vec!["input".to_owned(), (*field).to_owned()]))
        }
        Error::NotAllowed { .. } => (UserErrorCode::NotAllowed, None),
        Error::InvalidTransition { .. } => (UserErrorCode::InvalidTransition, None),
        Error::Duplicate { .. } => (UserErrorCode::Duplicate, None),
        Error::Precondition { .. } => (UserErrorCode::PreconditionFailed, None),
        Error::Refused(refusal) => ((*refusal).into(), None),
        Error::Unauthenticated | Error::NotFound { .. } | Error::StaleVersion { .. } | Error::Storage(_) => {
            return Err(error.into());
        }
    };
    Ok(UserError { field, code, message: error.to_string() })
}

/// Masks every error without a known code as `INTERNAL`, quoting the request id; logs what it masks.
pub fn mask(errors: &mut [async_graphql::ServerError], request_id: &str) {
    for error in errors {
        let code = error.extensions.as_ref().and_then(|ext| ext.get("code")).and_then(|value| match value {
            async_graphql::Value::String(code) => Some(code.clone()),
            _ => None,
        });
        let known = code.as_deref().is_some_and(|code| KNOWN_CODES.contains(&code));
        if !known {
            tracing::error!(message = %error.message, "unclassified GraphQL error masked as INTERNAL");
            error.message = format!("internal error (request id {request_id})");
            error.source = None;
            let mut extensions = async_graphql::ErrorExtensionValues::default();
            extensions.set("code", "INTERNAL");
            extensions.set("requestId", request_id);
            error.extensions = Some(extensions);
        } else if code.as_deref() == Some("INTERNAL") {
            error.message = format!("internal error (request id {request_id})");
            if let Some(extensions) = error.extensions.as_mut() {
                extensions.set("requestId", request_id);
            }
        }
    }
}
