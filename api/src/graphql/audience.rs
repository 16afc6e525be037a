//! One schema, several views. Each audience (DESIGN.md §1) sees — in introspection, in its exported SDL, and in
//! what it may execute — only the part of the schema it may use, and runs under its own limits.
//!
//! | root field            | public | mobile | ministry | ofii | auditor | partner |
//! |-----------------------|:------:|:------:|:--------:|:----:|:-------:|:-------:|
//! | `procedures`          |   ✓    |   ✓    |    ✓     |  ✓   |    ✓    |    ✓    |
//! | `me`                  |        |   ✓    |    ✓     |  ✓   |    ✓    |    ✓    |
//! | `node`, `dossier`     |        |   ✓    |    ✓     |  ✓   |         |         |
//! | `accessJournal`       |        |        |          |      |    ✓    |         |
//! | `startDossier`, `submitDossier` | |  ✓    |    ✓     |      |         |         |
//! | `withdrawDossier`     |        |   ✓    |          |      |         |         |
//! | `verifyResidenceRight` |       |        |          |      |         |    ✓    |
//! | `Person.dossiers`, `Person.accesses` | | ✓ |          |      |         |         |
//! | `Dossier.medicalOpinion` |     |   ✓    |    ✓     |  ✓   |         |         |
//! | `MedicalOpinion.report` |      |        |          |  ✓   |         |         |
//! | `persons`             |        |        |    ✓     |  ✓   |         |         |
//! | `changeAddress`       |        |   ✓    |          |      |         |         |
//! | `recordIdentity`      |        |        |    ✓     |      |         |         |
//! | `freeSlots`, `bookAppointment`, `cancelAppointment`, `sendMessage`, `markMessagesRead` | | ✓ | ✓ | ✓ | | |
//! | `Dossier.appointments`, `Dossier.messages` | | ✓ | ✓ | ✓ |       |         |
//! | `myAppointments`      |        |   ✓    |          |      |         |         |
//! | `openSlots`, `markAppointment` | |       |    ✓     |  ✓   |         |         |
//! | `integrationContracts`, `convokeForIntegration` and the other CIR steps, `recordCivicExam`, `recordLanguageCertification`, `IntegrationContract.initialLevel`, `IntegrationContract.civicAttendance` | | | | ✓ | | |
//! | `integrationContract`, `Person.integrationContract`, `Person.certifications` | | ✓ |  | ✓ |       |         |
//! | `Person.integrationResults` |  |        |    ✓     |  ✓   |         |         |
//! | `recordTaxStamp`, `Dossier.payments`, `Dossier.feesDueCents`, `Dossier.feesPaidCents` | | ✓ | ✓ | | | |
//! | `Dossier.medicalOpinionStatus` |  |   ✓    |    ✓     |  ✓   |         |         |
//! | `medicalQueue`, `medicalCase`, `Dossier.medicalCase`, `receiveMedicalCertificate` and the other medical steps, `MedicalCase.certificate`, `MedicalCase.report` | | | | ✓ | | |
//! | `asylumFile`, `Person.asylumFile` (the claim: class, certificate, final decision) | | ✓ | ✓ | ✓ | | |
//! | `registerAsylumClaim`, `renewAsylumCertificate`, `recordFinalAsylumDecision` | | | ✓ | | | |
//! | `AsylumFile.receptionConditions` (offer, household, suspensions, allowance) | | ✓ | | ✓ | | |
//! | `asylumReceptionQueue`, the reception steps, `ReceptionSuspension.note` | | | | ✓ | | |
//! | `familyReunificationQueue`, `requestMayorCheck`, `recordMayorOpinion`, `checkReunificationResources`, `transmitToPrefect`, `FamilyReunification.workingNotes` | | | | ✓ | | |
//! | `Dossier.familyReunification` (the prefecture: once transmitted) | | ✓ | ✓ | ✓ |     |         |
//! | `returnAidFile`, `Person.returnAidFiles` (the status) | |   ✓    |    ✓     |  ✓   |         |         |
//! | `ReturnAidFile.details` (facts, allowance, reasons, departure) | | ✓ | |  ✓   |         |         |
//! | `returnAidQueue`, `requestReturnAid` and the other return-aid steps | | | |  ✓   |         |         |
//!
//! `MedicalOpinion.report` is medical content: outside the OFII view it does not exist, and inside it the
//! resolver still refuses (`FORBIDDEN`) an OFII agent who is not a doctor.
//!
//! async-graphql's `visible` only hides from introspection; [`super::view::View`] makes the same view binding
//! for execution, so a field outside the caller's view fails exactly as a field that does not exist.

use std::sync::Arc;

use async_graphql::Context;
use hipe_domain::Audience;

use super::context::RequestContext;

/// Every audience, in the order views are listed.
pub const ALL: [Audience; 6] =
    [Audience::Public, Audience::Mobile, Audience::Ministry, Audience::Ofii, Audience::Auditor, Audience::Partner];

/// The stable name of an audience (CLI, file names).
pub const fn name(audience: Audience) -> &'static str {
    match audience {
        Audience::Public => "public",
        Audience::Mobile => "mobile",
        Audience::Ministry => "ministry",
        Audience::Ofii => "ofii",
        Audience::Auditor => "auditor",
        Audience::Partner => "partner",
    }
}

/// Parses an audience name.
pub fn parse(text: &str) -> Option<Audience> {
    ALL.into_iter().find(|a| name(*a) == text)
}

/// Executor limits of one audience (defaults from `shared/reference/security-research.md` §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deepest selection nesting.
    pub depth: usize,
    /// Largest complexity (each field 1; connections weighted by their page size).
    pub complexity: usize,
    /// Most aliases in a document.
    pub aliases: usize,
    /// Most root fields in the operation.
    pub root_fields: usize,
    /// Most directives on one field.
    pub directives: usize,
    /// Longest query text, in characters.
    pub query_length: usize,
    /// Largest request body, in bytes.
    pub body_bytes: usize,
    /// Whether introspection is offered in production.
    pub introspection_in_production: bool,
}

/// The limits of `audience`.
pub const fn limits(audience: Audience) -> Limits {
    match audience {
        // Back-office tables list up to 100 dossiers with their person, documents and appointments (about 40
        // fields a line): 5,000 points, armor's default, above the research's 2,000 starting point.
        Audience::Ministry | Audience::Ofii | Audience::Auditor => Limits {
            depth: 10,
            complexity: 5_000,
            aliases: 10,
            root_fields: 10,
            directives: 5,
            query_length: 15_000,
            body_bytes: 128 * 1024,
            introspection_in_production: true,
        },
        Audience::Mobile => Limits {
            depth: 8,
            complexity: 1_000,
            aliases: 5,
            root_fields: 5,
            directives: 5,
            query_length: 8_000,
            body_bytes: 64 * 1024,
            introspection_in_production: true,
        },
        Audience::Partner => Limits {
            depth: 5,
            complexity: 100,
            aliases: 3,
            root_fields: 2,
            directives: 2,
            query_length: 4_000,
            body_bytes: 16 * 1024,
            introspection_in_production: false,
        },
        Audience::Public => Limits {
            depth: 6,
            complexity: 300,
            aliases: 5,
            root_fields: 3,
            directives: 2,
            query_length: 4_000,
            body_bytes: 16 * 1024,
            introspection_in_production: true,
        },
    }
}

/// The largest body any audience may send (read before authentication tells which audience it is).
pub fn largest_body() -> usize {
    ALL.iter().map(|a| limits(*a).body_bytes).max().unwrap_or(16 * 1024)
}

fn audience(ctx: &Context<'_>) -> Option<Audience> {
    ctx.data_opt::<Arc<RequestContext>>().map(|request| request.actor.audience())
}

fn among(ctx: &Context<'_>, audiences: &[Audience]) -> bool {
    audience(ctx).is_some_and(|a| audiences.contains(&a))
}

/// Every authenticated caller: `me`.
pub fn signed_in(ctx: &Context<'_>) -> bool {
    among(ctx, &[Audience::Mobile, Audience::Ministry, Audience::Ofii, Audience::Auditor, Audience::Partner])
}

/// Those who read dossiers: the person, prefectures, OFII.
pub fn dossier_readers(ctx: &Context<'_>) -> bool {
    among(ctx, &[Audience::Mobile, Audience::Ministry, Audience::Ofii])
}

/// Those who file dossiers: the person online, prefecture desks on their behalf.
pub fn dossier_filers(ctx: &Context<'_>) -> bool {
    among(ctx, &[Audience::Mobile, Audience::Ministry])
}

/// The agents who hold appointments: prefecture and OFII back offices (`openSlots`, `markAppointment`).
pub fn desk_agents(ctx: &Context<'_>) -> bool {
    among(ctx, &[Audience::Ministry, Audience::Ofii])
}

/// Agents of every kind (their `me.agent` profile).
pub fn agents(ctx: &Context<'_>) -> bool {
    among(ctx, &[Audience::Ministry, Audience::Ofii, Audience::Auditor])
}

/// Agents who instruct dossiers: the prefectures and OFII.
pub fn case_workers(ctx: &Context<'_>) -> bool {
    among(ctx, &[Audience::Ministry, Audience::Ofii])
}

/// The mobile app only.
pub fn mobile(ctx: &Context<'_>) -> bool {
    among(ctx, &[Audience::Mobile])
}

/// OFII's back office only (agents and doctors; the medical role is checked by the domain's policy).
pub fn ofii(ctx: &Context<'_>) -> bool {
    among(ctx, &[Audience::Ofii])
}

/// Those who follow integration contracts: OFII, which runs them, and the person in the app (the prefecture
/// reads `IntegrationResults` instead).
pub fn integration_followers(ctx: &Context<'_>) -> bool {
    among(ctx, &[Audience::Mobile, Audience::Ofii])
}

/// Auditors only.
pub fn auditor(ctx: &Context<'_>) -> bool {
    among(ctx, &[Audience::Auditor])
}

/// Partner applications only.
pub fn partner(ctx: &Context<'_>) -> bool {
    among(ctx, &[Audience::Partner])
}

/// Those who search the person register: prefectures and OFII (a person is not territorial).
pub fn person_searchers(ctx: &Context<'_>) -> bool {
    among(ctx, &[Audience::Ministry, Audience::Ofii])
}

/// The prefectures' back office only.
pub fn ministry(ctx: &Context<'_>) -> bool {
    among(ctx, &[Audience::Ministry])
}

/// Those who read asylum files: the person, the prefecture (the claim only) and OFII.
pub fn asylum_readers(ctx: &Context<'_>) -> bool {
    among(ctx, &[Audience::Mobile, Audience::Ministry, Audience::Ofii])
}

/// Those who read return-aid files: the person, the prefecture (the status only) and OFII.
pub fn return_aid_readers(ctx: &Context<'_>) -> bool {
    among(ctx, &[Audience::Mobile, Audience::Ministry, Audience::Ofii])
}

/// Those who read a return-aid file's details (facts, allowance, reasons, departure): OFII and the person.
pub fn return_aid_followers(ctx: &Context<'_>) -> bool {
    among(ctx, &[Audience::Mobile, Audience::Ofii])
}

/// Those who follow the reception conditions: OFII, which runs them, and the person in the app (the prefecture
/// does not need them).
pub fn reception_followers(ctx: &Context<'_>) -> bool {
    among(ctx, &[Audience::Mobile, Audience::Ofii])
}
