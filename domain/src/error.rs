//! The domain's one error enum. Every layer above maps it exactly once (the API in `graphql/error.rs`).
//!
//! Variants describe *what went wrong for the caller*, never how storage failed: a storage failure is opaque
//! ([`Error::Storage`]) and its detail only reaches the logs.

use crate::dossier::{DossierAction, DossierStatus};

/// Result alias used by every domain operation and port.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a domain operation was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The object does not exist — or the actor may not know that it exists (a denied read looks the same).
    #[error("{entity} not found")]
    NotFound {
        /// What was looked for ("dossier", "person", "procedure").
        entity: &'static str,
    },
    /// The request needs an authenticated actor.
    #[error("authentication required")]
    Unauthenticated,
    /// The actor can see the object but may not perform this action on it.
    #[error("you may not {action} this {entity}")]
    NotAllowed {
        /// The refused action ("submit", "start a dossier for").
        action: &'static str,
        /// The object acted upon.
        entity: &'static str,
    },
    /// The state machine refuses the action from the current state.
    #[error("you cannot {action} a dossier that is {from}")]
    InvalidTransition {
        /// The state the dossier is in.
        from: DossierStatus,
        /// The action that was attempted.
        action: DossierAction,
    },
    /// A rule of the procedure is not met yet (a grant needs every required document accepted; a file with an
    /// open request for documents cannot be declared complete). `reason` says which, in words the caller can act on.
    #[error("{reason}")]
    Precondition {
        /// What is missing.
        reason: String,
    },
    /// Optimistic concurrency: the object changed since the version the caller saw.
    #[error("the {entity} is at version {actual}, not {expected}: reload it and try again")]
    StaleVersion {
        /// The object concerned.
        entity: &'static str,
        /// The version the caller expected.
        expected: u32,
        /// The version found.
        actual: u32,
    },
    /// A value does not have the expected form; `field` names the input, `reason` says what is expected.
    #[error("{field}: {reason}")]
    InvalidInput {
        /// The input field at fault (as named in the API).
        field: &'static str,
        /// A human explanation of the expected form.
        reason: String,
    },
    /// A uniqueness rule was violated (for example a foreigner number already attributed).
    #[error("{what} already exists")]
    Duplicate {
        /// What would have been duplicated.
        what: &'static str,
    },
    /// A rule of the journey refuses the request although it is well formed and allowed (a full slot, a tax
    /// stamp already used): the [`Refusal`] says which, with a stable code the API passes on.
    #[error("{0}")]
    Refused(Refusal),
    /// Storage failed; the detail is for the logs only.
    #[error("storage failure")]
    Storage(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// The rules of appointments, payments, the integration contract and asylum reception that refuse a request the caller may make but cannot have now. Each
/// has a stable code, because a front end reacts to each differently (offer another slot, ask for another stamp).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum Refusal {
    /// Every place of the slot is taken.
    #[error("every place of this slot is taken")]
    SlotFull,
    /// The slot has already started.
    #[error("this slot has already started")]
    SlotInPast,
    /// The person already holds a booked appointment of this kind for this dossier.
    #[error("an appointment of this kind is already booked for this dossier")]
    AlreadyBooked,
    /// The appointment is no longer booked (cancelled, attended or missed).
    #[error("this appointment is no longer booked")]
    AppointmentNotBooked,
    /// The appointment has started: it can no longer be cancelled, only marked.
    #[error("this appointment has started and can no longer be cancelled")]
    AppointmentStarted,
    /// The appointment has not started yet: it cannot be marked attended or missed.
    #[error("this appointment has not started yet")]
    AppointmentNotStarted,
    /// The tax stamp number was already recorded, on this or another dossier: a stamp pays once.
    #[error("this tax stamp has already been used")]
    StampAlreadyUsed,
    /// The person already has an open integration contract (one at a time).
    #[error("this person already has an open integration contract")]
    AlreadyUnderContract,
    /// The integration contract is attested or exempted: nothing changes any more.
    #[error("this integration contract is closed")]
    IntegrationContractClosed,
    /// This step of the integration contract cannot come now (the contract is not at the step before it).
    #[error("this step cannot be recorded at this point of the integration contract")]
    IntegrationStepOutOfOrder,
    /// The integration contract was already extended: an extension is granted once.
    #[error("this integration contract was already extended once")]
    AlreadyExtended,
    /// The end-of-contract interview needs the attendance of every civic-training day.
    #[error("the attendance of every civic-training day must be recorded first")]
    CivicTrainingIncomplete,
    /// More hours of French than were prescribed.
    #[error("more language hours than were prescribed")]
    LanguageHoursExceeded,
    /// This step of the medical case cannot come now (the case is not at the step before it).
    #[error("this step cannot be recorded at this point of the medical case")]
    MedicalStepOutOfOrder,
    /// The rapporteur doctor cannot sit on the college that deliberates on their report (R.425-13).
    #[error("the rapporteur cannot sit on the college")]
    RapporteurInCollege,
    /// The person already has an asylum claim without a final decision (one at a time).
    #[error("this person already has an asylum claim awaiting its final decision")]
    AlreadySeekingAsylum,
    /// This step of the reception conditions cannot come now (they are not at the step before it).
    #[error("this step cannot be recorded at this point of the reception conditions")]
    AsylumStepOutOfOrder,
    /// The final decision on the claim is recorded: no renewal, no second decision.
    #[error("the final decision on this asylum claim is recorded")]
    AsylumClaimDecided,
    /// The medical visit's certificate is issued: no follow-up can be recorded any more.
    #[error("this medical visit is closed: its certificate is issued")]
    MedicalVisitClosed,
    /// The person already has an open return-aid file (requested, eligible, departure booked).
    #[error("this person already has an open return-aid file")]
    ReturnAidAlreadyOpen,
}

impl Refusal {
    /// Every refusal.
    pub const ALL: [Self; 20] = [
        Self::SlotFull,
        Self::SlotInPast,
        Self::AlreadyBooked,
        Self::AppointmentNotBooked,
        Self::AppointmentStarted,
        Self::AppointmentNotStarted,
        Self::StampAlreadyUsed,
        Self::AlreadyUnderContract,
        Self::IntegrationContractClosed,
        Self::IntegrationStepOutOfOrder,
        Self::AlreadyExtended,
        Self::CivicTrainingIncomplete,
        Self::LanguageHoursExceeded,
        Self::MedicalStepOutOfOrder,
        Self::RapporteurInCollege,
        Self::AlreadySeekingAsylum,
        Self::AsylumStepOutOfOrder,
        Self::AsylumClaimDecided,
        Self::MedicalVisitClosed,
        Self::ReturnAidAlreadyOpen,
    ];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::SlotFull => "SLOT_FULL",
            Self::SlotInPast => "SLOT_IN_PAST",
            Self::AlreadyBooked => "ALREADY_BOOKED",
            Self::AppointmentNotBooked => "APPOINTMENT_NOT_BOOKED",
            Self::AppointmentStarted => "APPOINTMENT_STARTED",
            Self::AppointmentNotStarted => "APPOINTMENT_NOT_STARTED",
            Self::StampAlreadyUsed => "STAMP_ALREADY_USED",
            Self::AlreadyUnderContract => "ALREADY_UNDER_CONTRACT",
            Self::IntegrationContractClosed => "INTEGRATION_CONTRACT_CLOSED",
            Self::IntegrationStepOutOfOrder => "INTEGRATION_STEP_OUT_OF_ORDER",
            Self::AlreadyExtended => "ALREADY_EXTENDED",
            Self::CivicTrainingIncomplete => "CIVIC_TRAINING_INCOMPLETE",
            Self::LanguageHoursExceeded => "LANGUAGE_HOURS_EXCEEDED",
            Self::MedicalStepOutOfOrder => "MEDICAL_STEP_OUT_OF_ORDER",
            Self::RapporteurInCollege => "RAPPORTEUR_IN_COLLEGE",
            Self::AlreadySeekingAsylum => "ALREADY_SEEKING_ASYLUM",
            Self::AsylumStepOutOfOrder => "ASYLUM_STEP_OUT_OF_ORDER",
            Self::AsylumClaimDecided => "ASYLUM_CLAIM_DECIDED",
            Self::MedicalVisitClosed => "MEDICAL_VISIT_CLOSED",
            Self::ReturnAidAlreadyOpen => "RETURN_AID_ALREADY_OPEN",
        }
    }
}

impl Error {
    /// Shorthand for [`Error::InvalidInput`].
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Self::InvalidInput { field, reason: reason.into() }
    }
}
