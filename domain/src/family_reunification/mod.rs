//! Family reunification (regroupement familial, CESEDA L.434-1 to L.434-12 and R.434-1 to R.434-35): what OFII
//! instructs between the sponsor's filing and the prefect's decision (DESIGN.md §3, "OFII side"; domain research
//! §1.6).
//!
//! The application itself is a [`Dossier`] of the catalogue's `FAMILY_REUNIFICATION` procedure (authority OFII,
//! six months of silence): the sponsor files it online or at an OFII desk, the submission issues the deposit
//! certificate, an OFII agent of the direction declares it complete (the six-month clock runs from that day, the
//! dossier's own clock job records the implicit rejection when no decision came: the catalogue's silence rule). This module owns
//! what the dossier does not: one [`Reunification`] record per dossier, opened when OFII sends the file to the
//! mayor.
//!
//! The choices, in order of the flow:
//!
//! 1. **The mayor's check** ([`commands::request_mayor_check`]): the dossier goes `under_review →
//!    awaiting_opinion` and the record opens with the mayor's due date, so many months later as the dated
//!    [`ReunificationRules`] say (two today, R.434-23).
//! 2. **The mayor's answer** ([`commands::record_mayor_opinion`]): an OFII agent records the two findings the
//!    mayor sends — resources and housing, each favourable or not, with the reason when it is not — and the
//!    housing's surface. When the due date passes without an answer, HIPE's clock ([`commands::run_clocks`])
//!    records the opinion as **deemed favourable** (R.434-23: "en l'absence de réponse du maire à l'expiration
//!    d'un délai de deux mois à compter de la communication du dossier, cet avis est réputé favorable"), recorded
//!    by the system. The dossier stays `awaiting_opinion`: OFII is still completing the file.
//! 3. **OFII's resource check** ([`commands::check_resources`]): the sponsor's monthly resources over the
//!    reference period (twelve months) averaged and compared with the threshold for the family's size — a
//!    multiple of the net SMIC, both **dated catalogue data** ([`ReunificationRules::assess`] is the pure
//!    function; R.434-4).
//! 4. **The transmission to the prefect** ([`commands::transmit_to_prefect`]): once both results are in, the
//!    dossier receives OFII's file — `awaiting_opinion → under_review`, the opinion received — and becomes the
//!    prefecture's to decide with the existing `decideDossier`. The dossier's grant and refusal refuse an
//!    OFII-instructed dossier that was not transmitted, so the prefect never decides without the mayor's opinion.
//!
//! Who sees what is [`policy`]: OFII's agents of the direction everything, including their working notes; the
//! prefecture the results (the mayor's findings, the resource check's outcome) once transmitted; the sponsor
//! where their file stands and its legal dates, never the working notes.
//!
//! OFII's queue ([`commands::queue`]) lists the records of the agent's directions not yet transmitted, by legal
//! risk: the mayor's due date while the mayor has not answered, else the six-month date. The files OFII has not
//! yet sent to the mayor are in the dossiers' own work queue, by their silence date.

pub mod commands;
pub mod policy;
mod repository;

use chrono::{DateTime, NaiveDate, Utc};

pub use repository::{DossierWrite, FamilyReunificationRepository};

use crate::Error;
use crate::dossier::{ActorRef, Dossier, DossierId, clocks};
use crate::person::PersonId;
use crate::territory::Territory;

/// The catalogue code of the procedure this module instructs.
pub const PROCEDURE: &str = "FAMILY_REUNIFICATION";

/// The longest reason or working note, in characters.
pub const MAX_TEXT: usize = 2_000;

/// One finding of the mayor's check: favourable or not, and why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Whether the condition is met in the mayor's view.
    pub favourable: bool,
    /// Why it is not (required then), or a remark.
    pub reason: Option<String>,
}

impl Finding {
    /// Checks a finding: an unfavourable one says why.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an unfavourable finding without reason, or a reason over [`MAX_TEXT`].
    pub fn parse(field: &'static str, favourable: bool, reason: Option<String>) -> Result<Self, Error> {
        let reason = reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
        if reason.as_ref().is_some_and(|r| r.chars().count() > MAX_TEXT) {
            return Err(Error::invalid(field, "a reason of at most 2,000 characters"));
        }
        if !favourable && reason.is_none() {
            return Err(Error::invalid(field, "an unfavourable finding says why"));
        }
        Ok(Self { favourable, reason })
    }

    /// A favourable finding without remark (the mayor's silence).
    pub const fn deemed_favourable() -> Self {
        Self { favourable: true, reason: None }
    }
}

/// Where the mayor's opinion comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpinionSource {
    /// The mayor answered; an OFII agent recorded it.
    Mayor,
    /// The mayor did not answer in time: deemed favourable (R.434-23), recorded by HIPE's clock.
    Silence,
}

impl OpinionSource {
    /// Every source.
    pub const ALL: [Self; 2] = [Self::Mayor, Self::Silence];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Mayor => "MAYOR",
            Self::Silence => "SILENCE",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The mayor's opinion on the sponsor's resources and housing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MayorOpinion {
    /// On the resources.
    pub resources: Finding,
    /// On the housing.
    pub housing: Finding,
    /// The housing's surface, in square metres, when the mayor reported it.
    pub housing_surface_m2: Option<u16>,
    /// Answered, or deemed by silence.
    pub source: OpinionSource,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Who recorded it (an OFII agent, or the system for the silence).
    pub recorded_by: ActorRef,
}

impl MayorOpinion {
    /// Whether both findings are favourable.
    pub const fn favourable(&self) -> bool {
        self.resources.favourable && self.housing.favourable
    }
}

/// What an OFII agent records of the mayor's answer.
#[derive(Debug, Clone)]
pub struct MayorAnswer {
    /// On the resources.
    pub resources: Finding,
    /// On the housing.
    pub housing: Finding,
    /// The housing's surface, in square metres.
    pub housing_surface_m2: Option<u16>,
}

/// OFII's check of the sponsor's resources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceCheck {
    /// The family's size once reunited (the sponsor included).
    pub family_size: u8,
    /// The average monthly resources over the reference period, in euro cents.
    pub average_monthly_cents: u32,
    /// The threshold for that size on the day of the check, in euro cents.
    pub threshold_cents: u32,
    /// Whether the average reaches the threshold.
    pub met: bool,
    /// When it was checked.
    pub checked_at: DateTime<Utc>,
}

/// The resource threshold for families from `from_family_size` persons: a multiple of the net SMIC, in
/// thousandths (1.1 SMIC = 1100).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceThreshold {
    /// The smallest family size it applies to.
    pub from_family_size: u8,
    /// The multiple of the SMIC, in thousandths.
    pub smic_per_mille: u16,
}

/// The dated rules of family reunification in force on a day (catalogue data, seeded by migrations).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReunificationRules {
    /// Months the mayor has to answer before the opinion is deemed favourable.
    pub mayor_opinion_months: u8,
    /// The number of monthly amounts the resources are averaged over.
    pub resource_months: u8,
    /// The monthly net SMIC in force, in euro cents.
    pub smic_net_monthly_cents: u32,
    /// The thresholds by family size.
    pub thresholds: Vec<ResourceThreshold>,
}

/// The outcome of [`ReunificationRules::assess`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assessment {
    /// The average monthly resources, in cents (rounded down).
    pub average_monthly_cents: u32,
    /// The threshold for the family's size, in cents (rounded up: a cent short is short).
    pub threshold_cents: u32,
    /// Whether the average reaches the threshold.
    pub met: bool,
}

impl ReunificationRules {
    /// The threshold for a family of `family_size` persons, in cents: the highest band it reaches.
    pub fn threshold_cents(&self, family_size: u8) -> Option<u32> {
        let band =
            self.thresholds.iter().filter(|t| t.from_family_size <= family_size).max_by_key(|t| t.from_family_size)?;
        let cents = u64::from(self.smic_net_monthly_cents) * u64::from(band.smic_per_mille);
        u32::try_from(cents.div_ceil(1_000)).ok()
    }

    /// Compares the average of `monthly_cents` (one amount per month of the reference period, family benefits
    /// excluded by whoever enters them) with the threshold for `family_size`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the number of amounts is not the reference period's, or the family is
    /// smaller than the smallest band (a sponsor and one member).
    pub fn assess(&self, family_size: u8, monthly_cents: &[u32]) -> Result<Assessment, Error> {
        if monthly_cents.len() != usize::from(self.resource_months) {
            return Err(Error::invalid(
                "monthlyResourcesCents",
                format!("one amount for each of the last {} months", self.resource_months),
            ));
        }
        let threshold_cents = self.threshold_cents(family_size).ok_or_else(|| {
            Error::invalid("familySize", "the family once reunited: the sponsor and at least one member")
        })?;
        let total: u64 = monthly_cents.iter().copied().map(u64::from).sum();
        let average = total / u64::from(self.resource_months.max(1));
        let average_monthly_cents = u32::try_from(average).unwrap_or(u32::MAX);
        Ok(Assessment { average_monthly_cents, threshold_cents, met: average_monthly_cents >= threshold_cents })
    }
}

/// The parts of a record as storage keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReunificationParts {
    /// The dossier (one record per dossier).
    pub dossier: DossierId,
    /// The sponsor.
    pub sponsor: PersonId,
    /// The territorial direction's département.
    pub territory: Territory,
    /// Optimistic-concurrency version: 1 when opened, +1 per step.
    pub version: u32,
    /// When the mayor was asked.
    pub mayor_requested_at: DateTime<Utc>,
    /// The last day for the mayor's answer.
    pub mayor_due_on: NaiveDate,
    /// The mayor's opinion, once answered or deemed.
    pub mayor_opinion: Option<MayorOpinion>,
    /// OFII's resource check, once done.
    pub resource_check: Option<ResourceCheck>,
    /// When OFII transmitted the file to the prefect.
    pub transmitted_at: Option<DateTime<Utc>>,
    /// The dossier's six-month date, as it stood when the mayor was asked.
    pub silence_on: Option<NaiveDate>,
    /// OFII's working notes (visits, calls): OFII's compartment only.
    pub working_notes: String,
}

/// The OFII side of one family-reunification dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reunification(ReunificationParts);

impl Reunification {
    /// Rehydrates a stored record.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for version 0.
    pub fn restore(parts: ReunificationParts) -> Result<Self, Error> {
        if parts.version == 0 {
            return Err(Error::invalid("version", "a stored record has version 1 or more"));
        }
        Ok(Self(parts))
    }

    /// Opens the record when the mayor is asked, `rules.mayor_opinion_months` before the due date.
    pub fn open(dossier: &Dossier, rules: &ReunificationRules, now: DateTime<Utc>) -> Self {
        let today = crate::clock::france_date(now);
        Self(ReunificationParts {
            dossier: dossier.id(),
            sponsor: dossier.person(),
            territory: dossier.territory().clone(),
            version: 1,
            mayor_requested_at: now,
            mayor_due_on: clocks::add_months(today, u32::from(rules.mayor_opinion_months)),
            mayor_opinion: None,
            resource_check: None,
            transmitted_at: None,
            silence_on: dossier.silence_on(),
            working_notes: String::new(),
        })
    }

    /// The parts.
    pub const fn parts(&self) -> &ReunificationParts {
        &self.0
    }

    /// The dossier.
    pub const fn dossier(&self) -> DossierId {
        self.0.dossier
    }

    /// The sponsor.
    pub const fn sponsor(&self) -> PersonId {
        self.0.sponsor
    }

    /// The direction's département.
    pub const fn territory(&self) -> &Territory {
        &self.0.territory
    }

    /// The version.
    pub const fn version(&self) -> u32 {
        self.0.version
    }

    /// Whether the mayor's answer is still awaited.
    pub const fn mayor_awaited(&self) -> bool {
        self.0.mayor_opinion.is_none()
    }

    /// Whether OFII transmitted the file to the prefect.
    pub const fn transmitted(&self) -> bool {
        self.0.transmitted_at.is_some()
    }

    /// The date that orders OFII's queue by legal risk: the mayor's due date while awaited, else the six-month
    /// date; `NaiveDate::MAX` once transmitted (the prefecture's queue takes over).
    pub fn attention_on(&self) -> NaiveDate {
        if self.transmitted() {
            return NaiveDate::MAX;
        }
        let mayor = self.mayor_awaited().then_some(self.0.mayor_due_on);
        [mayor, self.0.silence_on].into_iter().flatten().min().unwrap_or(NaiveDate::MAX)
    }

    fn open_for_instruction(&self) -> Result<(), Error> {
        if self.transmitted() {
            return Err(Error::Precondition { reason: "the file was already transmitted to the prefect".to_owned() });
        }
        Ok(())
    }

    fn note(&mut self, now: DateTime<Utc>, notes: Option<String>) -> Result<(), Error> {
        let Some(notes) = notes.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()) else { return Ok(()) };
        if notes.chars().count() > MAX_TEXT {
            return Err(Error::invalid("notes", "working notes of at most 2,000 characters"));
        }
        if !self.0.working_notes.is_empty() {
            self.0.working_notes.push('\n');
        }
        let day = crate::clock::france_date(now).to_string();
        for part in [day.as_str(), ": ", notes.as_str()] {
            self.0.working_notes.push_str(part);
        }
        Ok(())
    }

    /// Records the mayor's answer, once.
    ///
    /// # Errors
    /// [`Error::Precondition`] when an opinion is already recorded or the file was transmitted;
    /// [`Error::InvalidInput`] for a surface outside 1–10,000 m² or notes too long.
    pub fn record_opinion(
        &mut self,
        answer: MayorAnswer,
        by: ActorRef,
        now: DateTime<Utc>,
        notes: Option<String>,
    ) -> Result<(), Error> {
        self.open_for_instruction()?;
        if self.0.mayor_opinion.is_some() {
            return Err(Error::Precondition { reason: "the mayor's opinion is already recorded".to_owned() });
        }
        if answer.housing_surface_m2.is_some_and(|s| !(1..=10_000).contains(&s)) {
            return Err(Error::invalid("housingSurfaceSquareMetres", "a surface of 1 to 10,000 m²"));
        }
        self.note(now, notes)?;
        self.0.mayor_opinion = Some(MayorOpinion {
            resources: answer.resources,
            housing: answer.housing,
            housing_surface_m2: answer.housing_surface_m2,
            source: OpinionSource::Mayor,
            recorded_at: now,
            recorded_by: by,
        });
        self.0.version += 1;
        Ok(())
    }

    /// The mayor's due date passed without an answer: the opinion is deemed favourable (R.434-23), recorded by
    /// the system.
    ///
    /// # Errors
    /// [`Error::Precondition`] before the due date has passed, or when an opinion is already recorded.
    pub fn deem_favourable(&mut self, now: DateTime<Utc>) -> Result<(), Error> {
        if self.0.mayor_opinion.is_some() || crate::clock::france_date(now) <= self.0.mayor_due_on {
            return Err(Error::Precondition { reason: "the mayor may still answer".to_owned() });
        }
        self.0.mayor_opinion = Some(MayorOpinion {
            resources: Finding::deemed_favourable(),
            housing: Finding::deemed_favourable(),
            housing_surface_m2: None,
            source: OpinionSource::Silence,
            recorded_at: now,
            recorded_by: ActorRef::System,
        });
        self.0.version += 1;
        Ok(())
    }

    /// Records OFII's resource check (it may be done again until the transmission).
    ///
    /// # Errors
    /// [`Error::Precondition`] once transmitted; [`Error::InvalidInput`] for notes too long.
    pub fn check_resources(
        &mut self,
        family_size: u8,
        assessment: Assessment,
        now: DateTime<Utc>,
        notes: Option<String>,
    ) -> Result<(), Error> {
        self.open_for_instruction()?;
        self.note(now, notes)?;
        self.0.resource_check = Some(ResourceCheck {
            family_size,
            average_monthly_cents: assessment.average_monthly_cents,
            threshold_cents: assessment.threshold_cents,
            met: assessment.met,
            checked_at: now,
        });
        self.0.version += 1;
        Ok(())
    }

    /// Transmits the file to the prefect: the mayor's opinion and the resource check are in.
    ///
    /// # Errors
    /// [`Error::Precondition`] when either is missing or the file was already transmitted.
    pub fn transmit(&mut self, now: DateTime<Utc>) -> Result<(), Error> {
        self.open_for_instruction()?;
        if self.0.mayor_opinion.is_none() {
            return Err(Error::Precondition {
                reason: "the mayor's opinion is awaited: it is transmitted with the file".to_owned(),
            });
        }
        if self.0.resource_check.is_none() {
            return Err(Error::Precondition { reason: "check the sponsor's resources first".to_owned() });
        }
        self.0.transmitted_at = Some(now);
        self.0.version += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
