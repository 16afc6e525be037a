//! The generators: one batch of synthetic persons and their dossiers, deterministic from the seed and the batch's
//! number. One function per table's rows (`person`, `identity_records`, `dossier` with its timeline, documents,
//! requests, decision, residence documents and notifications), so that a new table is one more generator.
//!
//! Dossiers are real [`Dossier`] values made by [`Dossier::restore`] from parts that follow the state machine's
//! paths (a granted file was submitted, declared complete, reviewed, then decided), with timelines whose events
//! follow each other in time. `attention_on` and `next_clock_on` are then computed by the domain when the
//! loader converts the dossier to its row, exactly as for a dossier saved by the API.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use hipe_domain::Error;
use hipe_domain::clock::france_date;
use hipe_domain::dossier::clocks;
use hipe_domain::dossier::{
    ActorRef, Channel, Decision, DecisionKind, DocumentFile, DocumentId, DocumentRequest, DocumentRequestId, Dossier,
    DossierEvent, DossierEventKind, DossierId, DossierParts, DossierReference, DossierStatus, Review,
    SupportingDocument,
};
use hipe_domain::notification::{self, NotificationId};
use hipe_domain::permit::{
    DocumentKind, DocumentNumber, DocumentParts, DocumentStatus, Motive, ResidenceDocument, ResidenceDocumentId,
    Rights, Work,
};
use hipe_domain::person::identity_record::{
    IdentityRecord, IdentityRecordId, IdentitySource, IdentityStatement, OriginalScriptName, Sex,
};
use hipe_domain::person::{CountryCode, ForeignerNumber, Identity, Nationality, PartialDate, Person, PersonId};
use hipe_domain::procedure::{OpinionKind, Procedure};
use hipe_domain::territory::Territory;
use hipe_persistence::bulk::Batch;
use uuid::Uuid;

use super::names::{self, Name, ORIGINS, Origin, TERRITORIES};
use super::rng::Rng;

/// What every batch shares: the catalogue, the seed and the day the data set is anchored on.
#[derive(Debug, Clone)]
pub struct Context {
    /// The procedures dossiers are filed under (the prefecture's residence procedures in force).
    pub procedures: Vec<Procedure>,
    /// The seed.
    pub seed: u64,
    /// The instant the data set is "now" at: dossiers awaiting decision have their legal dates after it.
    pub now: DateTime<Utc>,
}

/// How many dossiers a batch holds (the last one may hold fewer).
pub const BATCH_DOSSIERS: u64 = 1_000;

/// Status mix of a snapshot of the journey, in per-mille.
const STATUSES: &[(DossierStatus, u32)] = &[
    (DossierStatus::Draft, 50),
    (DossierStatus::Submitted, 100),
    (DossierStatus::Incomplete, 70),
    (DossierStatus::Complete, 80),
    (DossierStatus::UnderReview, 140),
    (DossierStatus::AwaitingOpinion, 30),
    (DossierStatus::ImplicitlyRefused, 30),
    (DossierStatus::Granted, 40),
    (DossierStatus::PermitInProduction, 40),
    (DossierStatus::PermitAvailable, 40),
    (DossierStatus::PermitDelivered, 300),
    (DossierStatus::Refused, 50),
    (DossierStatus::Withdrawn, 30),
];

fn at(day: NaiveDate, rng: &mut Rng) -> DateTime<Utc> {
    let seconds = 7 * 3600 + rng.below(10 * 3600);
    day.and_hms_opt(0, 0, 0).map_or_else(Utc::now, |midnight| midnight.and_utc())
        + Duration::seconds(i64::try_from(seconds).unwrap_or_default())
}

fn days(n: u64) -> Duration {
    Duration::days(i64::try_from(n).unwrap_or_default())
}

fn seed_digit(seed: u64) -> u64 {
    seed % 9 + 1
}

/// One batch: the dossiers numbered `first..first + count` and their persons.
///
/// # Errors
/// [`Error::InvalidInput`] when a generated value breaks a domain invariant — a bug of the generator.
pub fn batch(context: &Context, batch_no: u64, first: u64, count: u64) -> Result<Batch, Error> {
    // Each batch's stream starts at a state drawn from (seed, batch): SplitMix64 streams started a multiple of its
    // increment apart would repeat each other, shifted.
    let mut rng = Rng::new(Rng::new(context.seed).next_u64() ^ Rng::new(batch_no.wrapping_add(0x5EED)).next_u64());
    let mut out = Batch::default();
    let mut current: Option<(PersonDraft, u32)> = None;
    for index in first..first + count {
        // About one person in three has more than one dossier (a renewal after a first permit, a child's DCEM…).
        let reuse = matches!(&current, Some((_, n)) if *n < 3) && rng.chance(30);
        if !reuse {
            if let Some((draft, _)) = current.take() {
                finish_person(context, &draft, &mut rng, &mut out)?;
            }
            current = Some((PersonDraft::new(context, index, &mut rng), 0));
        }
        if let Some((draft, n)) = current.as_mut() {
            *n += 1;
            dossier(context, index, draft, &mut rng, &mut out)?;
        }
    }
    if let Some((draft, _)) = current {
        finish_person(context, &draft, &mut rng, &mut out)?;
    }
    Ok(out)
}

/// A person being generated: their dossiers may move their creation date earlier.
struct PersonDraft {
    id: PersonId,
    index: u64,
    origin: &'static Origin,
    family: &'static Name,
    given: Vec<&'static Name>,
    birth: PartialDate,
    nationality: &'static str,
    sex: Sex,
    created_at: DateTime<Utc>,
    filed: bool,
}

impl PersonDraft {
    fn new(context: &Context, index: u64, rng: &mut Rng) -> Self {
        let origin = rng.weighted(ORIGINS, |o| o.weight);
        let family = rng.pick(origin.family);
        let mut given = vec![rng.pick(origin.given)];
        if rng.chance(25) {
            let second = rng.pick(origin.given);
            if !std::ptr::eq(second, given[0]) {
                given.push(second);
            }
        }
        let year = 1950 + i32::try_from(rng.below(55)).unwrap_or_default();
        let month = u8::try_from(1 + rng.below(12)).unwrap_or(1);
        let day = u8::try_from(1 + rng.below(28)).unwrap_or(1);
        // Partial birth dates are common where civil status is incomplete: year only, or year and month.
        let roll = rng.below(100);
        let birth = match roll {
            0..8 => PartialDate::from_parts(year, None, None),
            8..15 => PartialDate::from_parts(year, Some(month), None),
            _ => PartialDate::from_parts(year, Some(month), Some(day)),
        }
        .unwrap_or_else(|_| unreachable!("generated dates are valid"));
        let sex = if rng.chance(50) { Sex::Female } else { Sex::Male };
        let created_at = context.now;
        Self {
            id: PersonId::from_uuid(Uuid::nil()),
            index,
            origin,
            family,
            given,
            birth,
            nationality: *rng.pick(origin.nationalities),
            sex,
            created_at,
            filed: false,
        }
    }
}

/// The person's row, their identity records and their search keys (the loader adds those of the current names).
fn finish_person(context: &Context, draft: &PersonDraft, rng: &mut Rng, out: &mut Batch) -> Result<(), Error> {
    let nationality = Nationality::parse(draft.nationality)?;
    // A foreigner number is attributed once a file is instructed.
    let number = (draft.filed && rng.chance(85))
        .then(|| ForeignerNumber::parse(&format!("{}{:09}", seed_digit(context.seed), draft.index % 1_000_000_000)))
        .transpose()?;
    let person = Person::new(
        draft.id,
        Identity {
            family_name: draft.family.latin.to_owned(),
            given_names: draft.given.iter().map(|n| n.latin.to_owned()).collect(),
            birth_date: draft.birth,
            nationalities: vec![nationality.clone()],
        },
        number,
        draft.created_at,
    )?;
    out.persons.push(person);
    // Two in five persons have their passport recorded, spelled as its issuing country transliterates the names,
    // with the original script when it is not Latin; some also their visa.
    if rng.chance(40) {
        let spell = |name: &Name, rng: &mut Rng| -> String {
            if name.variants.is_empty() || rng.chance(50) {
                name.latin.to_owned()
            } else {
                (*rng.pick(name.variants)).to_owned()
            }
        };
        let family_name = spell(draft.family, rng);
        let given_names: Vec<String> = draft.given.iter().map(|n| spell(n, rng)).collect();
        let transliterations: Vec<String> = std::iter::once(draft.family)
            .chain(draft.given.iter().copied())
            .flat_map(|n| n.variants.iter().map(|v| (*v).to_owned()))
            .take(10)
            .collect();
        let original_script = draft.origin.script.and_then(|script| {
            let given: Vec<String> = draft.given.iter().filter_map(|n| n.original.map(str::to_owned)).collect();
            let family = draft.family.original.map(str::to_owned);
            (family.is_some() || !given.is_empty()).then(|| OriginalScriptName {
                script: Some(script.to_owned()),
                family_name: family,
                given_names: given,
            })
        });
        let birth_country = match &nationality {
            Nationality::Country(code) => Some(CountryCode::parse("birthCountry", code)?),
            Nationality::Stateless | Nationality::Undetermined => None,
        };
        let statement = IdentityStatement {
            family_name,
            birth_name: None,
            given_names,
            original_script,
            transliterations,
            sex: draft.sex,
            birth_date: draft.birth,
            birth_place: names::birth_place(draft.nationality).map(str::to_owned),
            birth_country,
            nationalities: vec![nationality],
            document_number: Some(format!("P{}{:09}", seed_digit(context.seed), draft.index % 1_000_000_000)),
        };
        let recorded_at = draft.created_at;
        let mut sources = vec![IdentitySource::Passport];
        if rng.chance(25) {
            sources.push(IdentitySource::Visa);
        }
        for source in sources {
            let record = IdentityRecord::new(
                IdentityRecordId::from_uuid(rng.uuid_v7(recorded_at)),
                draft.id,
                source,
                statement.clone(),
                recorded_at,
            )?;
            out.extra_name_keys.extend(record.search_keys().into_iter().map(|key| (draft.id, key)));
            out.identity_records.push(record);
        }
    }
    Ok(())
}

/// A timeline under construction.
struct Timeline {
    dossier: DossierId,
    events: Vec<DossierEvent>,
}

impl Timeline {
    fn push(&mut self, kind: DossierEventKind, actor: ActorRef, at: DateTime<Utc>, details: Vec<(String, String)>) {
        let at = self.events.last().map_or(at, |last| at.max(last.at));
        let sequence = u32::try_from(self.events.len() + 1).unwrap_or(u32::MAX);
        self.events.push(DossierEvent { dossier: self.dossier, sequence, kind, actor, at, reason: None, details });
    }
}

fn detail(name: &str, value: &dyn std::fmt::Display) -> (String, String) {
    (name.to_owned(), value.to_string())
}

fn agent(territory: &Territory, role: &str, rng: &mut Rng) -> ActorRef {
    ActorRef::Agent {
        id: format!("agent-{}-{}", territory.as_str(), 1 + rng.below(40)),
        role: role.to_owned(),
        organisation: format!("Préfecture ({})", territory.as_str()),
    }
}

/// The residence document a dossier's stage issued, numbered uniquely in the data set.
struct Issued<'a> {
    kind: DocumentKind,
    prefix: &'a str,
    motive: Option<&'a str>,
    from: NaiveDate,
    until: NaiveDate,
    rights: Rights,
}

#[expect(clippy::too_many_lines, reason = "one dossier's whole path through the state machine, read top to bottom")]
fn dossier(
    context: &Context,
    index: u64,
    person: &mut PersonDraft,
    rng: &mut Rng,
    out: &mut Batch,
) -> Result<(), Error> {
    let today = france_date(context.now);
    let procedure = rng.pick(&context.procedures);
    let medical = procedure.needs(OpinionKind::MedicalCollege);
    let mut status = rng.weighted(STATUSES, |(_, w)| *w).0;
    if status == DossierStatus::AwaitingOpinion && !medical {
        status = DossierStatus::UnderReview;
    }
    let territory = Territory::parse(rng.weighted(TERRITORIES, |(_, w)| *w).0)?;
    let silence_months = procedure.silence_months.unwrap_or(4);
    let silence_days = u64::from(silence_months) * 30;
    // Dates, from the status backwards: legal dates of open files lie after today, decided files before it.
    let (filed_on, complete_on, decided_on): (Option<NaiveDate>, Option<NaiveDate>, Option<NaiveDate>) = {
        use DossierStatus as S;
        match status {
            S::Draft => (None, None, None),
            S::Submitted => (Some(today - days(rng.below(40))), None, None),
            S::Incomplete => (Some(today - days(20 + rng.below(70))), None, None),
            S::Withdrawn => (Some(today - days(10 + rng.below(300))), None, None),
            S::Complete | S::UnderReview | S::AwaitingOpinion => {
                let complete = today - days(rng.below(silence_days.saturating_sub(5).max(1)));
                (Some(complete - days(10 + rng.below(35))), Some(complete), None)
            }
            S::ImplicitlyRefused => {
                let complete = today - days(silence_days + 5 + rng.below(300));
                (Some(complete - days(10 + rng.below(35))), Some(complete), None)
            }
            S::Granted | S::PermitInProduction | S::PermitAvailable | S::PermitDelivered | S::Refused => {
                let decided = today
                    - days(match status {
                        S::Granted => 1 + rng.below(10),
                        S::PermitInProduction => 10 + rng.below(20),
                        S::PermitAvailable => 30 + rng.below(30),
                        _ => 60 + rng.below(600),
                    });
                let complete = decided - days(20 + rng.below(silence_days.saturating_sub(25).max(1)));
                (Some(complete - days(10 + rng.below(35))), Some(complete), Some(decided))
            }
        }
    };
    let created_on = filed_on.unwrap_or(today) - days(rng.below(15));
    let created_at = at(created_on, rng);
    let id = DossierId::from_uuid(rng.uuid_v7(created_at));
    person.created_at = person.created_at.min(created_at - days(1 + rng.below(300)));
    if person.id.as_uuid().is_nil() {
        person.id = PersonId::from_uuid(rng.uuid_v7(person.created_at));
    }
    person.filed |= filed_on.is_some();
    let channel = match rng.below(100) {
        0..85 => Channel::Online,
        85..95 => Channel::Desk,
        _ => Channel::Mandatary,
    };
    let filer = match channel {
        Channel::Online => ActorRef::Person,
        Channel::Desk => agent(&territory, "prefecture_desk", rng),
        Channel::Mandatary => ActorRef::Mandatary { account: PersonId::from_uuid(rng.uuid_v7(created_at)) },
    };
    let situations: Vec<String> = [("HOSTED", 20), ("MARRIED", 25)]
        .into_iter()
        .filter(|(_, percent)| rng.chance(*percent))
        .map(|(s, _)| s.to_owned())
        .collect();
    let mut timeline = Timeline { dossier: id, events: Vec::new() };
    timeline.push(DossierEventKind::Started, filer.clone(), created_at, Vec::new());
    timeline.push(
        DossierEventKind::Filled,
        filer.clone(),
        created_at + Duration::minutes(5),
        vec![detail("situations", &situations.join(","))],
    );
    let digit = seed_digit(context.seed);
    let mut issued: Vec<Issued<'_>> = Vec::new();
    let motive = procedure.produces.as_ref().and_then(|p| p.motive.as_deref()).unwrap_or("EMPLOYEE");
    // A renewal renews a permit that ends 60 to 120 days after the filing (the renewal window).
    let renewed_until =
        (procedure.renews_a_document()).then(|| filed_on.map(|filed| filed + days(60 + rng.below(60)))).flatten();
    if let Some(until) = renewed_until {
        issued.push(Issued {
            kind: DocumentKind::TemporaryPermit,
            prefix: "CST",
            motive: Some(motive),
            from: until - days(364),
            until,
            rights: Rights { stay: true, work: Work::Full },
        });
    }
    // Supporting documents: those the procedure needs in the declared situations.
    let added_at = created_at + Duration::minutes(20);
    let required: Vec<_> = procedure.documents_for(&situations).collect();
    let mut documents = Vec::with_capacity(required.len());
    for (n, needed) in required.iter().enumerate() {
        if filed_on.is_none() && rng.chance(40) {
            continue; // a draft is still being filled
        }
        let review = match status {
            DossierStatus::Incomplete if n == 0 => {
                Review::Rejected { reason: "Illisible, merci de fournir une copie en couleur".to_owned() }
            }
            DossierStatus::Draft | DossierStatus::Submitted | DossierStatus::Withdrawn | DossierStatus::Incomplete => {
                Review::Pending
            }
            _ => Review::Accepted,
        };
        let sha = (0..4).fold(String::with_capacity(64), |mut text, _| {
            use std::fmt::Write as _;
            let _ = write!(text, "{:016x}", rng.next_u64());
            text
        });
        documents.push(SupportingDocument {
            id: DocumentId::from_uuid(rng.uuid_v7(added_at)),
            dossier: id,
            document_type: needed.document_type.clone(),
            file: DocumentFile {
                file_reference: format!("seed/{}/{n}", id.as_uuid().simple()),
                file_name: format!("{}.pdf", needed.document_type.as_str().to_lowercase()),
                media_type: "application/pdf".to_owned(),
                size_bytes: 80_000 + rng.below(1_900_000),
                sha256: sha,
            },
            expires_on: (needed.document_type.as_str() == "PASSPORT").then(|| today + days(200 + rng.below(2_000))),
            translated: needed.translation_required,
            review,
            added_by: filer.clone(),
            added_at,
        });
        timeline.push(
            DossierEventKind::DocumentAdded,
            filer.clone(),
            added_at,
            vec![detail("type", &needed.document_type.as_str())],
        );
    }
    let mut requests = Vec::new();
    let mut decision = None;
    let mut assigned_to = None;
    let mut extended_until = None;
    if let Some(filed) = filed_on {
        let filed_at = at(filed, rng).max(added_at);
        let details = renewed_until.map(|until| vec![detail("renewedUntil", &until)]).unwrap_or_default();
        timeline.push(DossierEventKind::Submitted, filer.clone(), filed_at, details);
        let deposit = format!("DEP{digit}{index:010}");
        timeline.push(
            DossierEventKind::DepositCertificateIssued,
            ActorRef::System,
            filed_at,
            vec![detail("number", &deposit)],
        );
        issued.push(Issued {
            kind: DocumentKind::DepositCertificate,
            prefix: "DEP",
            motive: Some(motive),
            from: filed,
            until: filed + days(364),
            rights: Rights { stay: false, work: Work::None },
        });
        let instructor = agent(&territory, "prefecture_instructor", rng);
        if status == DossierStatus::Incomplete {
            let requested_at = at(filed + days(5 + rng.below(15)), rng);
            let due_on = france_date(requested_at) + days(30);
            let wanted = documents.first().map_or("PASSPORT".to_owned(), |d| d.document_type.as_str().to_owned());
            timeline.push(
                DossierEventKind::DocumentsRequested,
                instructor.clone(),
                requested_at,
                vec![detail("types", &wanted), detail("dueOn", &due_on)],
            );
            requests.push(DocumentRequest {
                id: DocumentRequestId::from_uuid(rng.uuid_v7(requested_at)),
                dossier: id,
                types: documents.first().map(|d| vec![d.document_type.clone()]).unwrap_or_default(),
                reason: "Pièce illisible".to_owned(),
                due_on,
                requested_at,
                answered_at: None,
            });
        }
        if let Some(complete) = complete_on {
            let silence = clocks::silence_date(complete, silence_months);
            timeline.push(
                DossierEventKind::DeclaredComplete,
                instructor.clone(),
                at(complete, rng),
                vec![detail("completeOn", &complete), detail("silenceOn", &silence)],
            );
            if !matches!(status, DossierStatus::Complete) {
                let review_on = complete + days(rng.below(10));
                let agent_id = match &instructor {
                    ActorRef::Agent { id, .. } => id.clone(),
                    _ => String::new(),
                };
                timeline.push(
                    DossierEventKind::Assigned,
                    instructor.clone(),
                    at(review_on, rng),
                    vec![detail("agent", &agent_id)],
                );
                assigned_to = Some(agent_id);
                timeline.push(DossierEventKind::ReviewStarted, instructor.clone(), at(review_on, rng), Vec::new());
                if medical {
                    timeline.push(
                        DossierEventKind::OpinionRequested,
                        instructor.clone(),
                        at(review_on, rng),
                        Vec::new(),
                    );
                }
            }
            // An in-time renewal awaiting decision: extension certificates keep the holder covered, renewed every
            // three months, issued 15 days before the cover ends — as the clock job does.
            if status.awaits_decision()
                && let Some(mut covered) = renewed_until
            {
                while clocks::extension_issue_on(covered) <= today {
                    let issue_on = clocks::extension_issue_on(covered);
                    let from = covered + days(1);
                    let until = clocks::add_months(from, clocks::EXTENSION_MONTHS) - days(1);
                    let number = format!("API{digit}{index:010}{}", issued.len());
                    timeline.push(
                        DossierEventKind::ExtensionCertificateIssued,
                        ActorRef::System,
                        at(issue_on, rng),
                        vec![detail("number", &number), detail("validUntil", &until)],
                    );
                    issued.push(Issued {
                        kind: DocumentKind::ExtensionCertificate,
                        prefix: "API",
                        motive: Some(motive),
                        from,
                        until,
                        rights: Rights { stay: true, work: Work::Full },
                    });
                    covered = until;
                    extended_until = Some(until);
                }
            }
            if status == DossierStatus::ImplicitlyRefused {
                let silence_at = at(silence, rng);
                timeline.push(DossierEventKind::ImplicitlyRefused, ActorRef::System, silence_at, Vec::new());
                decision = Some(Decision {
                    dossier: id,
                    kind: DecisionKind::ImplicitRefusal,
                    legal_basis: "CRPA L.231-4; CESEDA R.432-1".to_owned(),
                    reasons: String::new(),
                    signatory: ActorRef::System,
                    decided_at: silence_at,
                    notified_on: silence,
                });
            }
        }
        if let Some(decided) = decided_on {
            let signatory = agent(&territory, "prefecture_signatory", rng);
            let decided_at = at(decided, rng);
            if medical {
                timeline.push(
                    DossierEventKind::OpinionReceived,
                    ActorRef::System,
                    decided_at - Duration::days(3),
                    Vec::new(),
                );
            }
            let grant = status != DossierStatus::Refused;
            let (kind, event, reasons) = if grant {
                (DecisionKind::Grant, DossierEventKind::Granted, String::new())
            } else {
                (
                    DecisionKind::Refusal,
                    DossierEventKind::Refused,
                    "Les conditions de ressources ne sont pas remplies.".to_owned(),
                )
            };
            timeline.push(event, signatory.clone(), decided_at, vec![detail("legalBasis", &procedure.legal_basis)]);
            decision = Some(Decision {
                dossier: id,
                kind,
                legal_basis: procedure.legal_basis.clone(),
                reasons,
                signatory,
                decided_at,
                notified_on: decided + days(2),
            });
            let produced = procedure.produces.as_ref();
            let stages = [
                (DossierStatus::PermitInProduction, DossierEventKind::PermitOrdered, 3),
                (DossierStatus::PermitAvailable, DossierEventKind::PermitAvailable, 25),
                (DossierStatus::PermitDelivered, DossierEventKind::PermitDelivered, 40),
            ];
            for (reached, kind, after) in stages {
                if grant && status >= reached && status != DossierStatus::Refused {
                    timeline.push(kind, instructor.clone(), at(decided + days(after), rng), Vec::new());
                }
            }
            if let (true, Some(produced)) =
                (grant && status >= DossierStatus::PermitInProduction && status != DossierStatus::Refused, produced)
            {
                let from = decided + days(40);
                let months = u32::from(produced.months);
                issued.push(Issued {
                    kind: produced.kind,
                    prefix: "CRT",
                    motive: produced.motive.as_deref().or(Some(motive)),
                    from,
                    until: clocks::add_months(from, months) - days(1),
                    rights: Rights { stay: true, work: produced.work },
                });
            }
        }
    }
    let version = u32::try_from(timeline.events.len()).unwrap_or(u32::MAX);
    let updated_at = timeline.events.last().map_or(created_at, |e| e.at);
    let dossier = Dossier::restore(DossierParts {
        id,
        reference: DossierReference::generate(
            chrono::Datelike::year(&created_on),
            ((context.seed.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 36) << 28) ^ index,
        ),
        person: person.id,
        procedure: procedure.key.clone(),
        authority: procedure.authority,
        medical_opinion_needed: medical,
        channel,
        territory,
        status,
        version,
        created_at,
        updated_at,
        situations,
        answers: Vec::new(),
        filed_at: filed_on
            .and_then(|_| timeline.events.iter().find(|e| e.kind == DossierEventKind::Submitted).map(|e| e.at)),
        complete_on,
        silence_on: complete_on.map(|c| clocks::silence_date(c, silence_months)),
        renewed_until,
        extended_until,
        opinion_received: medical && decided_on.is_some(),
        reasons_due_on: None,
        reasons_communicated_at: None,
        vulnerable: rng.chance(4),
        assigned_to,
    })?;
    // Residence documents: valid, or expired when their end passed; a permit not yet handed over is produced or
    // available.
    for (n, document) in issued.into_iter().enumerate() {
        let document_status = match (document.prefix, status) {
            ("CRT", DossierStatus::PermitInProduction) => DocumentStatus::Produced,
            ("CRT", DossierStatus::PermitAvailable) => DocumentStatus::Available,
            _ if document.until < today => DocumentStatus::Expired,
            _ => DocumentStatus::Valid,
        };
        let number = if document.prefix == "DEP" {
            format!("DEP{digit}{index:010}")
        } else {
            format!("{}{digit}{index:010}{n}", document.prefix)
        };
        out.residence_documents.push(ResidenceDocument::new(DocumentParts {
            id: ResidenceDocumentId::from_uuid(rng.uuid_v7(created_at)),
            number: DocumentNumber::parse(&number)?,
            holder: person.id,
            kind: document.kind,
            motive: document.motive.map(Motive::parse).transpose()?,
            valid_from: document.from,
            valid_until: document.until,
            rights: document.rights,
            status: document_status,
            created_at,
        })?);
    }
    for event in &timeline.events {
        let notification_id = NotificationId::from_uuid(rng.uuid_v7(event.at));
        if let Some(mut notification) =
            notification::for_event(notification_id, person.id, dossier.reference().as_str(), event)
        {
            // What is older than a month was read.
            notification.read_at = (france_date(event.at) + days(30) < today).then_some(event.at + Duration::hours(6));
            out.notifications.push(notification);
        }
    }
    out.dossiers.push(dossier);
    out.events.extend(timeline.events);
    out.documents.extend(documents);
    out.requests.extend(requests);
    out.decisions.extend(decision);
    Ok(())
}
