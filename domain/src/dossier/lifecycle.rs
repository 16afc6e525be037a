//! The dossier's commands on its own state. Each one checks, in this order, the policy (who may), the transition
//! table (from which state) and its preconditions (what must hold), and only then changes the dossier and returns
//! its event: a refused command returns the error and leaves the dossier exactly as it was. Every event bumps the
//! version by one, so the timeline's sequence has no gap.

use chrono::{DateTime, NaiveDate, Utc};

use super::{ActorRef, DocumentType, Dossier, DossierAction, DossierEvent, DossierEventKind, DossierStatus, clocks};
use crate::clock::france_date;
use crate::{Actor, Error};

type Outcome = Result<DossierEvent, Error>;

/// Details of an event, as `(name, value)` pairs.
pub type Details = Vec<(String, String)>;

fn detail(name: &str, value: impl std::fmt::Display) -> (String, String) {
    (name.to_owned(), value.to_string())
}

impl Dossier {
    /// The state `action` by `actor` leads to, if the policy and the transition table allow it.
    ///
    /// # Errors
    /// [`Error::NotAllowed`] when the actor may not; [`Error::InvalidTransition`] from a state the action does not
    /// leave from.
    pub fn check(&self, actor: &Actor, action: DossierAction) -> Result<DossierStatus, Error> {
        if !super::policy::may(actor, action, self) {
            return Err(Error::NotAllowed { action: action.verb(), entity: "dossier" });
        }
        self.check_state(action)
    }

    fn check_state(&self, action: DossierAction) -> Result<DossierStatus, Error> {
        self.0.status.after(action).ok_or(Error::InvalidTransition { from: self.0.status, action })
    }

    /// Moves to `to` and records the event (version + 1).
    fn push(
        &mut self,
        to: DossierStatus,
        kind: DossierEventKind,
        actor: ActorRef,
        now: DateTime<Utc>,
        reason: Option<String>,
        details: Details,
    ) -> DossierEvent {
        let at = now.max(self.0.updated_at);
        self.0.status = to;
        self.0.version += 1;
        self.0.updated_at = at;
        DossierEvent { dossier: self.0.id, sequence: self.0.version, kind, actor, at, reason, details }
    }

    fn act(&mut self, actor: &Actor, action: DossierAction, now: DateTime<Utc>, reason: Option<String>) -> Outcome {
        let to = self.check(actor, action)?;
        Ok(self.push(to, action.into(), ActorRef::of(actor), now, reason, Vec::new()))
    }

    /// Files the draft (`draft → submitted`). For a renewal, `renewed_until` is the last day of the document being
    /// renewed, as the person's documents show it at filing: it decides whether the filing was in time.
    ///
    /// # Errors
    /// As [`Dossier::check`].
    pub fn submit(&mut self, actor: &Actor, now: DateTime<Utc>, renewed_until: Option<NaiveDate>) -> Outcome {
        let to = self.check(actor, DossierAction::Submit)?;
        self.0.filed_at = Some(now);
        self.0.renewed_until = renewed_until;
        let details = renewed_until.map(|until| vec![detail("renewedUntil", until)]).unwrap_or_default();
        Ok(self.push(to, DossierEventKind::Submitted, ActorRef::of(actor), now, None, details))
    }

    /// Records that a certificate (deposit, extension) was issued with the dossier's filing or clock.
    pub fn record_certificate(
        &mut self,
        kind: DossierEventKind,
        now: DateTime<Utc>,
        number: &str,
        valid_from: NaiveDate,
        valid_until: NaiveDate,
    ) -> DossierEvent {
        let details =
            vec![detail("number", number), detail("validFrom", valid_from), detail("validUntil", valid_until)];
        self.push(self.0.status, kind, ActorRef::System, now, None, details)
    }

    /// Withdraws an open dossier at the person's request.
    ///
    /// # Errors
    /// As [`Dossier::check`].
    pub fn withdraw(&mut self, actor: &Actor, now: DateTime<Utc>, reason: Option<String>) -> Outcome {
        self.act(actor, DossierAction::Withdraw, now, reason)
    }

    /// Fills a draft's form, or amends it after filing: `answers` replace the fields they name (an empty value
    /// removes one); `situations`, when given, replace the declared situations. After filing the event keeps each
    /// previous value, so the history shows what was corrected.
    ///
    /// # Errors
    /// As [`Dossier::check`]; [`Error::InvalidInput`] for a field name that is not `camelCase` of 1 to 64
    /// characters, a value over 2,000 characters, a situation that is not a code, or nothing to change.
    pub fn amend(
        &mut self,
        actor: &Actor,
        now: DateTime<Utc>,
        answers: Vec<(String, String)>,
        situations: Option<Vec<String>>,
    ) -> Outcome {
        let to = self.check(actor, DossierAction::Amend)?;
        for (field, value) in &answers {
            let well_formed = (1..=64).contains(&field.len())
                && field.starts_with(|c: char| c.is_ascii_lowercase())
                && field.bytes().all(|b| b.is_ascii_alphanumeric());
            if !well_formed {
                return Err(Error::invalid("answers", format!("{field:?} is not a field name (camelCase letters)")));
            }
            if value.chars().count() > 2_000 {
                return Err(Error::invalid("answers", format!("the answer to {field} is over 2,000 characters")));
            }
        }
        if let Some(situations) = &situations
            && let Some(bad) = situations.iter().find(|s| DocumentType::parse(s).is_err())
        {
            return Err(Error::invalid("situations", format!("{bad:?} is not a situation code such as HOSTED")));
        }
        if answers.is_empty() && situations.is_none() {
            return Err(Error::invalid("answers", "nothing to change"));
        }
        let mut details = Details::new();
        let mut merged: std::collections::BTreeMap<String, String> = self.0.answers.iter().cloned().collect();
        for (field, value) in answers {
            let previous = if value.is_empty() { merged.remove(&field) } else { merged.insert(field.clone(), value) };
            details.push((field, previous.unwrap_or_default()));
        }
        if let Some(mut situations) = situations {
            situations.sort();
            situations.dedup();
            details.push(detail("situations", self.0.situations.join(",")));
            self.0.situations = situations;
        }
        self.0.answers = merged.into_iter().collect();
        let kind = if self.0.status.is_filed() { DossierEventKind::Amended } else { DossierEventKind::Filled };
        Ok(self.push(to, kind, ActorRef::of(actor), now, None, details))
    }

    /// Records a supporting document added (`document_type`), before or after filing.
    ///
    /// # Errors
    /// As [`Dossier::check`].
    pub fn add_document(&mut self, actor: &Actor, now: DateTime<Utc>, document_type: &DocumentType) -> Outcome {
        let to = self.check(actor, DossierAction::AddDocument)?;
        let details = vec![detail("type", document_type.as_str())];
        Ok(self.push(to, DossierEventKind::DocumentAdded, ActorRef::of(actor), now, None, details))
    }

    /// Records a document's review.
    ///
    /// # Errors
    /// As [`Dossier::check`].
    pub fn review_document(
        &mut self,
        actor: &Actor,
        now: DateTime<Utc>,
        document_type: &DocumentType,
        accepted: bool,
        reason: Option<String>,
    ) -> Outcome {
        let to = self.check(actor, DossierAction::ReviewDocument)?;
        let details = vec![
            detail("type", document_type.as_str()),
            detail("review", if accepted { "ACCEPTED" } else { "REJECTED" }),
        ];
        Ok(self.push(to, DossierEventKind::DocumentReviewed, ActorRef::of(actor), now, reason, details))
    }

    /// Asks the person for documents (`submitted | incomplete → incomplete`). The silence clock has not started
    /// (it starts at the complete date), so no legal date moves.
    ///
    /// # Errors
    /// As [`Dossier::check`]; [`Error::InvalidInput`] without types or reason, or with a due date not after today.
    pub fn request_documents(
        &mut self,
        actor: &Actor,
        now: DateTime<Utc>,
        types: &[DocumentType],
        due_on: NaiveDate,
        reason: &str,
    ) -> Outcome {
        let to = self.check(actor, DossierAction::RequestDocuments)?;
        if types.is_empty() {
            return Err(Error::invalid("types", "name at least one document type"));
        }
        if reason.trim().is_empty() || reason.chars().count() > 2_000 {
            return Err(Error::invalid("reason", "say why, in 1 to 2,000 characters"));
        }
        if due_on <= france_date(now) {
            return Err(Error::invalid("dueOn", "the due date must be after today"));
        }
        let wanted: Vec<&str> = types.iter().map(DocumentType::as_str).collect();
        let details = vec![detail("types", wanted.join(",")), detail("dueOn", due_on)];
        Ok(self.push(
            to,
            DossierEventKind::DocumentsRequested,
            ActorRef::of(actor),
            now,
            Some(reason.to_owned()),
            details,
        ))
    }

    /// Every requested document arrived (`incomplete → submitted`), recorded on behalf of whoever added the last.
    ///
    /// # Errors
    /// As [`Dossier::check`].
    pub fn provide_documents(&mut self, actor: &Actor, now: DateTime<Utc>) -> Outcome {
        self.act(actor, DossierAction::ProvideDocuments, now, None)
    }

    /// Declares the file complete (`submitted → complete`); the silence clock starts today under the rule of the
    /// dossier's catalogue version.
    ///
    /// # Errors
    /// As [`Dossier::check`]; [`Error::Precondition`] when a document the procedure needs is missing or rejected.
    pub fn declare_complete(
        &mut self,
        actor: &Actor,
        now: DateTime<Utc>,
        silence_months: Option<u8>,
        missing: &[DocumentType],
    ) -> Outcome {
        let to = self.check(actor, DossierAction::DeclareComplete)?;
        if !missing.is_empty() {
            let names: Vec<&str> = missing.iter().map(DocumentType::as_str).collect();
            return Err(Error::Precondition {
                reason: format!("the file lacks documents it needs: {}; request them first", names.join(", ")),
            });
        }
        let today = france_date(now);
        self.0.complete_on = Some(today);
        self.0.silence_on = silence_months.map(|months| clocks::silence_date(today, months));
        let mut details = vec![detail("completeOn", today)];
        details.extend(self.0.silence_on.map(|on| detail("silenceOn", on)));
        Ok(self.push(to, DossierEventKind::DeclaredComplete, ActorRef::of(actor), now, None, details))
    }

    /// Starts instructing (`complete → under_review`).
    ///
    /// # Errors
    /// As [`Dossier::check`].
    pub fn start_review(&mut self, actor: &Actor, now: DateTime<Utc>) -> Outcome {
        self.act(actor, DossierAction::StartReview, now, None)
    }

    /// Asks for the external opinion the procedure needs (`under_review → awaiting_opinion`).
    ///
    /// # Errors
    /// As [`Dossier::check`].
    pub fn request_opinion(&mut self, actor: &Actor, now: DateTime<Utc>, reason: Option<String>) -> Outcome {
        self.act(actor, DossierAction::RequestOpinion, now, reason)
    }

    /// Records that the opinion arrived (`awaiting_opinion → under_review`).
    ///
    /// # Errors
    /// As [`Dossier::check`].
    pub fn receive_opinion(&mut self, actor: &Actor, now: DateTime<Utc>) -> Outcome {
        let event = self.act(actor, DossierAction::ReceiveOpinion, now, None)?;
        self.0.opinion_received = true;
        Ok(event)
    }

    /// Assigns the dossier to an instructor, or unassigns it.
    ///
    /// # Errors
    /// As [`Dossier::check`].
    pub fn assign(&mut self, actor: &Actor, now: DateTime<Utc>, to_agent: Option<String>) -> Outcome {
        let to = self.check(actor, DossierAction::Assign)?;
        if to_agent.as_ref().is_some_and(|a| a.trim().is_empty() || a.len() > 200) {
            return Err(Error::invalid("agentId", "an agent id of 1 to 200 characters"));
        }
        self.0.assigned_to = to_agent;
        // The assignee's id is for the back office's audit; the timeline shows that an assignment happened.
        Ok(self.push(to, DossierEventKind::Assigned, ActorRef::of(actor), now, None, Vec::new()))
    }

    /// Flags or clears a vulnerability (it brings the dossier's deadlines forward in the work queue).
    ///
    /// # Errors
    /// As [`Dossier::check`].
    pub fn flag_vulnerability(
        &mut self,
        actor: &Actor,
        now: DateTime<Utc>,
        vulnerable: bool,
        reason: Option<String>,
    ) -> Outcome {
        let to = self.check(actor, DossierAction::FlagVulnerability)?;
        self.0.vulnerable = vulnerable;
        let details = vec![detail("vulnerable", vulnerable)];
        Ok(self.push(to, DossierEventKind::PriorityFlagged, ActorRef::of(actor), now, reason, details))
    }

    /// Grants the request (`under_review | implicitly_refused → granted`).
    ///
    /// # Errors
    /// As [`Dossier::check`]; [`Error::Precondition`] while a needed document is not accepted, or the external
    /// opinion the procedure needs has not arrived.
    pub fn grant(&mut self, actor: &Actor, now: DateTime<Utc>, not_accepted: &[DocumentType]) -> Outcome {
        let to = self.check(actor, DossierAction::Grant)?;
        if !not_accepted.is_empty() {
            let names: Vec<&str> = not_accepted.iter().map(DocumentType::as_str).collect();
            return Err(Error::Precondition {
                reason: format!("a grant needs every required document accepted; not yet: {}", names.join(", ")),
            });
        }
        if self.0.medical_opinion_needed && !self.0.opinion_received {
            return Err(Error::Precondition {
                reason: "a grant needs the opinion of OFII's medical college, which has not arrived".to_owned(),
            });
        }
        self.transmitted_by_ofii()?;
        Ok(self.push(to, DossierEventKind::Granted, ActorRef::of(actor), now, None, Vec::new()))
    }

    /// Refuses the request by a motivated decision (`under_review | implicitly_refused → refused`).
    ///
    /// # Errors
    /// As [`Dossier::check`].
    pub fn refuse(&mut self, actor: &Actor, now: DateTime<Utc>, legal_basis: &str) -> Outcome {
        let to = self.check(actor, DossierAction::Refuse)?;
        self.transmitted_by_ofii()?;
        let details = vec![detail("legalBasis", legal_basis)];
        Ok(self.push(to, DossierEventKind::Refused, ActorRef::of(actor), now, None, details))
    }

    /// A dossier OFII instructs (family reunification) is decided by the prefect on the file OFII transmits with
    /// the mayor's opinion and its own checks: until that file arrived (the opinion received), no decision.
    fn transmitted_by_ofii(&self) -> Result<(), Error> {
        if self.0.authority == crate::procedure::Authority::Ofii && !self.0.opinion_received {
            return Err(Error::Precondition {
                reason: "the prefect decides once OFII has transmitted the file with the mayor's opinion".to_owned(),
            });
        }
        Ok(())
    }

    /// The silence date passed without a decision: HIPE's clock records the implicit refusal.
    ///
    /// # Errors
    /// [`Error::InvalidTransition`] when no decision is awaited; [`Error::Precondition`] before the silence date.
    pub fn implicitly_refuse(&mut self, now: DateTime<Utc>) -> Outcome {
        let to = self.check_state(DossierAction::ImplicitlyRefuse)?;
        match self.0.silence_on {
            Some(silence) if france_date(now) >= silence => {
                let details = vec![detail("silenceOn", silence)];
                Ok(self.push(to, DossierEventKind::ImplicitlyRefused, ActorRef::System, now, None, details))
            }
            _ => Err(Error::Precondition { reason: "the silence date has not passed".to_owned() }),
        }
    }

    /// The extension certificate due today, if one is: `(valid_from, valid_until)`. Due while a complete renewal
    /// filed in time awaits decision and the holder's cover ends within the lead time.
    pub fn extension_due(&self, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        if self.check_state(DossierAction::IssueExtension).is_err() || !self.renewal_filed_in_time() {
            return None;
        }
        self.covered_until().and_then(|covered| clocks::extension_due(covered, today))
    }

    /// Records an extension certificate HIPE's clock issued, valid until `until`.
    ///
    /// # Errors
    /// [`Error::InvalidTransition`] when no decision is awaited.
    pub fn extend(&mut self, now: DateTime<Utc>, number: &str, from: NaiveDate, until: NaiveDate) -> Outcome {
        self.check_state(DossierAction::IssueExtension)?;
        self.0.extended_until = Some(until);
        Ok(self.record_certificate(DossierEventKind::ExtensionCertificateIssued, now, number, from, until))
    }

    /// The person asks for the reasons of the implicit refusal: the prefecture has one month to answer.
    ///
    /// # Errors
    /// As [`Dossier::check`]; [`Error::Precondition`] when they were already asked.
    pub fn request_reasons(&mut self, actor: &Actor, now: DateTime<Utc>) -> Outcome {
        let to = self.check(actor, DossierAction::RequestReasons)?;
        if self.0.reasons_due_on.is_some() {
            return Err(Error::Precondition { reason: "the reasons were already asked for".to_owned() });
        }
        let due = clocks::reasons_due(france_date(now));
        self.0.reasons_due_on = Some(due);
        let details = vec![detail("dueOn", due)];
        Ok(self.push(to, DossierEventKind::ReasonsRequested, ActorRef::of(actor), now, None, details))
    }

    /// The prefecture communicates the reasons asked for.
    ///
    /// # Errors
    /// As [`Dossier::check`]; [`Error::Precondition`] when nobody asked, or they were already communicated.
    pub fn communicate_reasons(&mut self, actor: &Actor, now: DateTime<Utc>) -> Outcome {
        let to = self.check(actor, DossierAction::CommunicateReasons)?;
        if self.0.reasons_due_on.is_none() || self.0.reasons_communicated_at.is_some() {
            return Err(Error::Precondition {
                reason: "reasons are communicated once, after the person asked for them".to_owned(),
            });
        }
        self.0.reasons_communicated_at = Some(now);
        Ok(self.push(to, DossierEventKind::ReasonsCommunicated, ActorRef::of(actor), now, None, Vec::new()))
    }

    /// Moves the granted card along its production: ordered, available at the prefecture, handed over.
    ///
    /// # Errors
    /// As [`Dossier::check`].
    pub fn advance_permit(&mut self, actor: &Actor, now: DateTime<Utc>, stage: DossierAction) -> Outcome {
        match stage {
            DossierAction::OrderPermit | DossierAction::MakePermitAvailable | DossierAction::DeliverPermit => {
                self.act(actor, stage, now, None)
            }
            other => Err(Error::InvalidTransition { from: self.0.status, action: other }),
        }
    }
}
