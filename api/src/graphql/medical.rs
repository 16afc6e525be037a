//! The medical compartment in the schema: `Dossier.medicalOpinion` (the college's legal answers, for whoever
//! may read them) and `recordMedicalOpinion` (OFII doctors).
//!
//! The medical content (`MedicalOpinion.report`) is guarded twice: the field exists only in the OFII view (any
//! other audience is told it does not exist, in the words used for a field that does not), and its resolver asks
//! `medical::policy::can_read_medical_content`, so that an OFII agent who is not a doctor gets `FORBIDDEN`.
//! Error messages never quote the report.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use hipe_domain::Error;
use hipe_domain::dossier::Dossier;
use hipe_domain::medical::{LegalAnswers, MedicalOpinion, MedicalReport, commands, policy};

use super::context::{request, services};
use super::dossier::DossierNode;
use super::error::{ApiError, UserError, user_error};
use super::id;
use super::loaders::{Loaders, load_error};
use super::scalars::DateTime;

/// The opinion of OFII's college of doctors on a dossier (sick foreigner, CESEDA L.425-9): the legal answers the
/// prefecture decides on.
pub struct MedicalOpinionNode {
    opinion: MedicalOpinion,
    dossier: Dossier,
}

impl MedicalOpinionNode {
    /// The opinion on `dossier`, as `Dossier.medicalOpinion` shows it.
    pub const fn new(opinion: MedicalOpinion, dossier: Dossier) -> Self {
        Self { opinion, dossier }
    }
}

#[Object(name = "MedicalOpinion")]
impl MedicalOpinionNode {
    /// The person's state of health needs medical care.
    async fn care_needed(&self) -> bool {
        self.opinion.answers().care_needed
    }

    /// Going without that care would have consequences of exceptional seriousness.
    async fn exceptionally_serious_consequences(&self) -> bool {
        self.opinion.answers().exceptionally_serious_consequences
    }

    /// An appropriate treatment is effectively available in the country of origin.
    async fn treatment_available_in_origin_country(&self) -> bool {
        self.opinion.answers().treatment_available_in_origin_country
    }

    /// Expected duration of the care, in months, when care is needed.
    async fn expected_duration_months(&self) -> Option<i32> {
        self.opinion.answers().expected_duration_months.map(i32::from)
    }

    /// The person's state of health allows them to travel without risk.
    async fn able_to_travel(&self) -> bool {
        self.opinion.answers().able_to_travel
    }

    /// When the opinion was issued.
    async fn issued_at(&self) -> DateTime {
        DateTime(self.opinion.issued_at())
    }

    /// The rapporteur doctor's report — medical content. OFII doctors of the territory only; `FORBIDDEN` for
    /// other OFII agents; absent from every other view.
    #[graphql(visible = "super::audience::ofii")]
    #[expect(clippy::unused_async, reason = "async-graphql requires resolvers to be async")]
    async fn report(&self, ctx: &Context<'_>) -> Result<&str> {
        if !policy::can_read_medical_content(&request(ctx).actor, &self.dossier) {
            return Err(ApiError::Forbidden("only OFII doctors read medical content".to_owned()).into());
        }
        Ok(self.opinion.report().as_str())
    }
}

/// Loads the opinion on `dossier` when `ctx`'s actor may read its legal answers (the dossier is already
/// visible to them, so its person is already revealed to the journal).
pub async fn opinion_of(ctx: &Context<'_>, dossier: &Dossier) -> Result<Option<MedicalOpinionNode>> {
    if !policy::can_read_answers(&request(ctx).actor, dossier) {
        return Ok(None);
    }
    let loaders = ctx.data_unchecked::<Loaders>();
    let found = loaders.medical_opinions.load_one(dossier.id()).await.map_err(|e| load_error(&e))?;
    request(ctx).reveal(dossier.person());
    Ok(found.map(|opinion| MedicalOpinionNode::new(opinion, dossier.clone())))
}

/// Input of `recordMedicalOpinion`: the college's legal answers and the rapporteur's report.
#[derive(Debug, InputObject)]
#[expect(clippy::struct_excessive_bools, reason = "the college's form asks yes-or-no questions; each is a bool")]
pub struct RecordMedicalOpinionInput {
    /// The dossier (one that needs the college's opinion).
    pub dossier_id: ID,
    /// The person's state of health needs medical care.
    pub care_needed: bool,
    /// Going without that care would have consequences of exceptional seriousness.
    pub exceptionally_serious_consequences: bool,
    /// An appropriate treatment is effectively available in the country of origin.
    pub treatment_available_in_origin_country: bool,
    /// Expected duration of the care, in months (1–120), exactly when care is needed.
    pub expected_duration_months: Option<i32>,
    /// The person's state of health allows them to travel without risk.
    pub able_to_travel: bool,
    /// The rapporteur doctor's report (medical content, read by OFII doctors only).
    pub report: String,
    /// The dossier version you last saw; `CONFLICT` if the dossier changed since.
    pub expected_version: Option<i32>,
}

/// Result of `recordMedicalOpinion`.
#[derive(SimpleObject)]
pub struct RecordMedicalOpinionPayload {
    /// The dossier, with its opinion; null when the mutation was refused.
    pub dossier: Option<DossierNode>,
    /// Why the mutation was refused, when it was.
    pub user_errors: Vec<UserError>,
}

/// Medical mutations.
#[derive(Default)]
pub struct MedicalMutation;

#[Object]
impl MedicalMutation {
    /// Records the college's opinion on a dossier, once. OFII doctors of the dossier's territory only.
    #[graphql(visible = "super::audience::ofii")]
    async fn record_medical_opinion(
        &self,
        ctx: &Context<'_>,
        input: RecordMedicalOpinionInput,
    ) -> Result<RecordMedicalOpinionPayload> {
        let dossier = id::dossier_id(&input.dossier_id)?;
        let expected_version = input
            .expected_version
            .map(|v| u32::try_from(v).map_err(|_| ApiError::bad_input("expectedVersion must be 1 or more")))
            .transpose()?;
        let parsed = (|| -> Result<_, Error> {
            let expected_duration_months = input
                .expected_duration_months
                .map(|months| {
                    u16::try_from(months)
                        .map_err(|_| Error::invalid("expectedDurationMonths", "between 1 and 120 months"))
                })
                .transpose()?;
            Ok(commands::RecordOpinion {
                dossier,
                answers: LegalAnswers {
                    care_needed: input.care_needed,
                    exceptionally_serious_consequences: input.exceptionally_serious_consequences,
                    treatment_available_in_origin_country: input.treatment_available_in_origin_country,
                    expected_duration_months,
                    able_to_travel: input.able_to_travel,
                },
                report: MedicalReport::parse(&input.report)?,
                expected_version,
            })
        })();
        let services = services(ctx);
        let ports = commands::Ports { dossier: services.ports(), opinions: services.medical_opinions.as_ref() };
        let caller = request(ctx).caller();
        let outcome = match parsed {
            Ok(record) => commands::record(&ports, &caller, record).await,
            Err(error) => Err(error),
        };
        match outcome {
            Ok(_) => {
                let dossier = hipe_domain::dossier::commands::find_visible(&ports.dossier, &caller.actor, dossier)
                    .await
                    .map_err(ApiError::from)?;
                request(ctx).reveal(dossier.person());
                Ok(RecordMedicalOpinionPayload { dossier: Some(DossierNode(dossier)), user_errors: Vec::new() })
            }
            Err(error) => Ok(RecordMedicalOpinionPayload { dossier: None, user_errors: vec![user_error(error)?] }),
        }
    }
}
