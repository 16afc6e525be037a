//! The dossier's states and the transition table.

use std::fmt;

/// Where a dossier stands. Codes are stable: they are stored and exposed as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DossierStatus {
    /// Being prepared; nothing has been filed yet.
    Draft,
    /// Filed; a deposit certificate is due.
    Submitted,
    /// Withdrawn by the person. Terminal.
    Withdrawn,
}

/// What can happen to a dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DossierAction {
    /// File the draft.
    Submit,
    /// The person withdraws the application.
    Withdraw,
}

impl DossierStatus {
    /// Every state.
    pub const ALL: [Self; 3] = [Self::Draft, Self::Submitted, Self::Withdrawn];

    /// The transition table: the state `action` leads to from `self`, or `None` when the action is refused
    /// from this state. Exhaustive on purpose: a new state or action does not compile until its row is written.
    pub const fn after(self, action: DossierAction) -> Option<Self> {
        match (self, action) {
            (Self::Draft, DossierAction::Submit) => Some(Self::Submitted),
            (Self::Draft | Self::Submitted, DossierAction::Withdraw) => Some(Self::Withdrawn),
            (Self::Submitted | Self::Withdrawn, DossierAction::Submit) | (Self::Withdrawn, DossierAction::Withdraw) => {
                None
            }
        }
    }

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Draft => "DRAFT",
            Self::Submitted => "SUBMITTED",
            Self::Withdrawn => "WITHDRAWN",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

impl fmt::Display for DossierStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Draft => "a draft",
            Self::Submitted => "submitted",
            Self::Withdrawn => "withdrawn",
        })
    }
}

impl DossierAction {
    /// Every action.
    pub const ALL: [Self; 2] = [Self::Submit, Self::Withdraw];

    /// The verb, for messages.
    pub const fn verb(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::Withdraw => "withdraw",
        }
    }
}

impl fmt::Display for DossierAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Submit => "submitted",
            Self::Withdraw => "withdrawn",
        })
    }
}
