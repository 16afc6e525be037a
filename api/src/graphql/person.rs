//! Persons as the API shows them.

use async_graphql::{Context, ID, Object, Result};
use hipe_domain::dossier::DossierId;
use hipe_domain::dossier::commands;
use hipe_domain::person::{Nationality, Person};

use super::connection::page_request;
use super::context::{request, services};
use super::dossier::DossierConnection;
use super::error::ApiError;
use super::id;
use super::scalars::{DateTime, PartialDate};

/// A person known to HIPE: one per human, whatever the number of their dossiers.
pub struct PersonNode(pub Person);

#[Object(name = "Person", visible = "super::audience::dossier_readers")]
impl PersonNode {
    /// Global id.
    pub async fn id(&self) -> ID {
        id::person(self.0.id())
    }

    /// Family name, as on the reference document.
    async fn family_name(&self) -> &str {
        &self.0.identity().family_name
    }

    /// Given names, in order.
    async fn given_names(&self) -> &[String] {
        &self.0.identity().given_names
    }

    /// Birth date; the day, or the day and month, may be unknown.
    async fn birth_date(&self) -> PartialDate {
        PartialDate(self.0.identity().birth_date)
    }

    /// Nationalities: ISO 3166-1 alpha-3 codes, or `STATELESS`, or `UNDETERMINED`.
    async fn nationalities(&self) -> Vec<&str> {
        self.0.identity().nationalities.iter().map(Nationality::code).collect()
    }

    /// The foreigner number (AGDREF), once attributed.
    async fn foreigner_number(&self) -> Option<&str> {
        self.0.foreigner_number().map(hipe_domain::person::ForeignerNumber::as_str)
    }

    /// When HIPE first recorded the person.
    async fn created_at(&self) -> DateTime {
        DateTime(self.0.created_at())
    }

    /// The language the person prefers (ISO 639: `fr`, `uk`, `prs`), when known.
    async fn preferred_language(&self) -> Option<&str> {
        self.0.contact().preferred_language.as_ref().map(hipe_domain::person::contact::Language::as_str)
    }

    /// E-mail, when the person gave one (none is required).
    async fn email(&self) -> Option<&str> {
        self.0.contact().email.as_ref().map(hipe_domain::person::contact::Email::as_str)
    }

    /// Phone (E.164), when the person gave one (none is required).
    async fn phone(&self) -> Option<&str> {
        self.0.contact().phone.as_ref().map(hipe_domain::person::contact::Phone::as_str)
    }

    /// What each document or declaration states about the person's identity, oldest first — the evidence behind
    /// the current identity above. The person and the agents who may search for them see it (`FORBIDDEN` for
    /// others).
    async fn identity_records(&self, ctx: &Context<'_>) -> Result<Vec<super::person_profile::IdentityRecordNode>> {
        super::person_profile::identity_records(ctx, self.0.id()).await
    }

    /// The address history: the current address first, then the earlier ones, latest first.
    async fn addresses(&self, ctx: &Context<'_>) -> Result<Vec<super::person_profile::AddressNode>> {
        super::person_profile::addresses(ctx, self.0.id()).await
    }

    /// Links to relatives (spouse, children, parents, legal representative).
    async fn family_links(&self, ctx: &Context<'_>) -> Result<Vec<super::person_profile::FamilyLinkNode>> {
        super::person_profile::family_links(ctx, self.0.id()).await
    }

    /// Who accessed my file — organisation, role, when — newest first. Only the person may see it.
    #[graphql(visible = "super::audience::mobile")]
    async fn accesses(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<super::journal::AccessConnection> {
        super::journal::accesses_of(ctx, self.0.id(), first, after).await
    }

    /// The person's dossiers, oldest first; `first`/`last` between 1 and 100 (20 by default). Only the person may
    /// list them.
    #[graphql(
        visible = "super::audience::mobile",
        complexity = "super::connection::weight(first, last, child_complexity)"
    )]
    async fn dossiers(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<DossierConnection> {
        let page = page_request(first, after, last, before, DossierId::from_uuid)?;
        let found = commands::list_for_person(&services(ctx).ports(), &request(ctx).actor, self.0.id(), &page)
            .await
            .map_err(ApiError::from)?;
        Ok(DossierConnection { person: self.0.id(), page: found })
    }

    /// The residence documents the person holds or held (permits and provisional documents), oldest first, each
    /// with its explicit rights.
    #[graphql(visible = "super::audience::dossier_readers")]
    async fn residence_documents(&self, ctx: &Context<'_>) -> Result<Vec<super::journey::HeldDocumentNode>> {
        super::journey::held::documents(ctx, self.0.id()).await
    }

    /// The right to stay and to work today, computed from those documents (an expired card plus a valid extension
    /// certificate is lawful stay).
    #[graphql(visible = "super::audience::dossier_readers")]
    async fn current_rights(&self, ctx: &Context<'_>) -> Result<super::journey::CurrentRights> {
        super::journey::held::rights(ctx, self.0.id()).await
    }

    /// The person's latest republican integration contract (CIR) and its progress; null when there is none or
    /// the caller may not follow it (the person, and OFII agents of the contract's direction, may).
    #[graphql(visible = "super::audience::integration_followers")]
    async fn integration_contract(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<super::integration::IntegrationContractNode>> {
        super::integration::contract_of(ctx, self.0.id()).await
    }

    /// The civic exams taken and the language levels certified, oldest first.
    #[graphql(visible = "super::audience::integration_followers")]
    async fn certifications(&self, ctx: &Context<'_>) -> Result<Vec<super::integration::CertificationNode>> {
        super::integration::certifications_of(ctx, self.0.id()).await
    }

    /// The results of the person's integration, as the prefecture decides on them: assiduous or not, exempted,
    /// civic exam passed, highest level certified. Never the pedagogy.
    #[graphql(visible = "super::audience::case_workers")]
    async fn integration_results(&self, ctx: &Context<'_>) -> Result<super::integration::IntegrationResultsNode> {
        super::integration::results_of(ctx, self.0.id()).await
    }

    /// The person's latest asylum file: the claim (procedure class, certificate, final decision) and, for the
    /// person and OFII, the reception conditions; null when there is none or the caller may not see it.
    #[graphql(visible = "super::audience::asylum_readers")]
    async fn asylum_file(&self, ctx: &Context<'_>) -> Result<Option<super::asylum::AsylumFileNode>> {
        super::asylum::file_of(ctx, self.0.id()).await
    }

    /// OFII's medical visits of the person, oldest first: outcome, dates, whether the certificate was issued
    /// (the clinical notes only in OFII's view, for its doctors). Those the caller may not see are not listed.
    async fn medical_visits(&self, ctx: &Context<'_>) -> Result<Vec<super::medical_visit::MedicalVisitNode>> {
        super::medical_visit::visits_of(ctx, self.0.id()).await
    }

    /// The person's return-aid files, oldest first: the status for the prefecture of the territory, the details
    /// for OFII and the person. Those the caller may not see are not listed.
    #[graphql(visible = "super::audience::return_aid_readers")]
    async fn return_aid_files(&self, ctx: &Context<'_>) -> Result<Vec<super::return_aid::ReturnAidFileNode>> {
        super::return_aid::files_of(ctx, self.0.id()).await
    }
}
