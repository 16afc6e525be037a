//! A person's profile and the person register: sourced identity records, the address history and family links on
//! `Person` (each through a DataLoader); `persons(search:)` for prefecture and OFII agents, every person shown
//! journaled; `changeAddress` for the person (mobile, idempotent with a key); `recordIdentity` for a prefecture
//! agent at the desk (journaled with the write).

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use hipe_domain::Error;
use hipe_domain::pagination::Page;
use hipe_domain::person::address::{self, Address, AddressId, AddressKind as DomainAddressKind, NewAddress};
use hipe_domain::person::commands::{self, IdempotencyKey, RecordIdentity};
use hipe_domain::person::family::{FamilyLink, FamilyRelation as DomainRelation};
use hipe_domain::person::identity_record::{
    IdentityRecord, IdentityRecordId, IdentitySource as DomainSource, IdentityStatement, OriginalScriptName,
    Sex as DomainSex,
};
use hipe_domain::person::search::PersonSearch;
use hipe_domain::person::{CountryCode, ForeignerNumber, Nationality, Person, PersonId, policy};
use uuid::Uuid;

use super::connection::{PageInfo, page_request};
use super::context::{request, services};
use super::error::{ApiError, UserError, user_error};
use super::id;
use super::loaders::{Loaders, load_error};
use super::person::PersonNode;
use super::scalars::{Date, DateTime, PartialDate};

/// Where an identity statement comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum IdentitySource {
    /// A passport (recorded with its number).
    Passport,
    /// A visa (recorded with its number).
    Visa,
    /// The declaration at the asylum desk.
    AsylumDeskDeclaration,
    /// The civil status rebuilt by OFPRA.
    OfpraCivilStatus,
    /// Another declaration by the person.
    Declaration,
}

impl From<IdentitySource> for DomainSource {
    fn from(source: IdentitySource) -> Self {
        match source {
            IdentitySource::Passport => Self::Passport,
            IdentitySource::Visa => Self::Visa,
            IdentitySource::AsylumDeskDeclaration => Self::AsylumDeskDeclaration,
            IdentitySource::OfpraCivilStatus => Self::OfpraCivilStatus,
            IdentitySource::Declaration => Self::Declaration,
        }
    }
}

impl From<DomainSource> for IdentitySource {
    fn from(source: DomainSource) -> Self {
        match source {
            DomainSource::Passport => Self::Passport,
            DomainSource::Visa => Self::Visa,
            DomainSource::AsylumDeskDeclaration => Self::AsylumDeskDeclaration,
            DomainSource::OfpraCivilStatus => Self::OfpraCivilStatus,
            DomainSource::Declaration => Self::Declaration,
        }
    }
}

/// Sex as the source states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum Sex {
    /// Female.
    F,
    /// Male.
    M,
    /// Unspecified (`X` on travel documents).
    X,
    /// The source does not say.
    Unknown,
}

impl From<Sex> for DomainSex {
    fn from(sex: Sex) -> Self {
        match sex {
            Sex::F => Self::Female,
            Sex::M => Self::Male,
            Sex::X => Self::Unspecified,
            Sex::Unknown => Self::Unknown,
        }
    }
}

impl From<DomainSex> for Sex {
    fn from(sex: DomainSex) -> Self {
        match sex {
            DomainSex::Female => Self::F,
            DomainSex::Male => Self::M,
            DomainSex::Unspecified => Self::X,
            DomainSex::Unknown => Self::Unknown,
        }
    }
}

/// What kind of address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum AddressKind {
    /// The person's own home.
    Own,
    /// Hosted by someone (`careOf` names the host).
    Hosted,
    /// Domiciliation of an asylum seeker at an approved body (`careOf` names it).
    Domiciliation,
}

impl From<AddressKind> for DomainAddressKind {
    fn from(kind: AddressKind) -> Self {
        match kind {
            AddressKind::Own => Self::Own,
            AddressKind::Hosted => Self::Hosted,
            AddressKind::Domiciliation => Self::Domiciliation,
        }
    }
}

impl From<DomainAddressKind> for AddressKind {
    fn from(kind: DomainAddressKind) -> Self {
        match kind {
            DomainAddressKind::Own => Self::Own,
            DomainAddressKind::Hosted => Self::Hosted,
            DomainAddressKind::Domiciliation => Self::Domiciliation,
        }
    }
}

/// How a relative relates to the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum FamilyRelation {
    /// Spouse or registered partner.
    Spouse,
    /// Child.
    Child,
    /// Parent.
    Parent,
    /// Legal representative.
    LegalRepresentative,
}

impl From<DomainRelation> for FamilyRelation {
    fn from(relation: DomainRelation) -> Self {
        match relation {
            DomainRelation::Spouse => Self::Spouse,
            DomainRelation::Child => Self::Child,
            DomainRelation::Parent => Self::Parent,
            DomainRelation::LegalRepresentative => Self::LegalRepresentative,
        }
    }
}

/// Names as written in their original script.
#[derive(Debug, Clone, SimpleObject)]
pub struct OriginalScriptNames {
    /// ISO 15924 script code (`Cyrl`, `Arab`, `Tibt`), when known.
    pub script: Option<String>,
    /// Family name in that script.
    pub family_name: Option<String>,
    /// Given names in that script.
    pub given_names: Vec<String>,
}

/// What one document or declaration states about the person's identity.
pub struct IdentityRecordNode(pub IdentityRecord);

#[Object(name = "IdentityRecord", visible = "super::audience::dossier_readers")]
impl IdentityRecordNode {
    /// Where the statement comes from.
    async fn source(&self) -> IdentitySource {
        self.0.source().into()
    }

    /// Family name, in Latin script as the source writes it.
    async fn family_name(&self) -> &str {
        &self.0.statement().family_name
    }

    /// Birth name, when it differs.
    async fn birth_name(&self) -> Option<&str> {
        self.0.statement().birth_name.as_deref()
    }

    /// Given names, in order.
    async fn given_names(&self) -> &[String] {
        &self.0.statement().given_names
    }

    /// The names in their original script, when the source shows them.
    async fn original_script(&self) -> Option<OriginalScriptNames> {
        self.0.statement().original_script.as_ref().map(|o| OriginalScriptNames {
            script: o.script.clone(),
            family_name: o.family_name.clone(),
            given_names: o.given_names.clone(),
        })
    }

    /// Other Latin spellings of the names.
    async fn transliterations(&self) -> &[String] {
        &self.0.statement().transliterations
    }

    /// Sex.
    async fn sex(&self) -> Sex {
        self.0.statement().sex.into()
    }

    /// Birth date; the day, or the day and month, may be unknown.
    async fn birth_date(&self) -> PartialDate {
        PartialDate(self.0.statement().birth_date)
    }

    /// Birth place (town).
    async fn birth_place(&self) -> Option<&str> {
        self.0.statement().birth_place.as_deref()
    }

    /// Birth country (ISO 3166-1 alpha-3).
    async fn birth_country(&self) -> Option<&str> {
        self.0.statement().birth_country.as_ref().map(CountryCode::as_str)
    }

    /// Nationalities: ISO 3166-1 alpha-3 codes, or `STATELESS`, or `UNDETERMINED`.
    async fn nationalities(&self) -> Vec<&str> {
        self.0.statement().nationalities.iter().map(Nationality::code).collect()
    }

    /// The document's number (passport, visa, OFPRA certificate).
    async fn document_number(&self) -> Option<&str> {
        self.0.statement().document_number.as_deref()
    }

    /// When HIPE recorded it.
    async fn recorded_at(&self) -> DateTime {
        DateTime(self.0.recorded_at())
    }
}

/// One of the person's addresses, current or past.
pub struct AddressNode(pub Address);

#[Object(name = "Address", visible = "super::audience::dossier_readers")]
impl AddressNode {
    /// What kind.
    async fn kind(&self) -> AddressKind {
        self.0.parts().kind.into()
    }

    /// The host's or the domiciliation body's name.
    async fn care_of(&self) -> Option<&str> {
        self.0.parts().care_of.as_deref()
    }

    /// Street lines.
    async fn lines(&self) -> &[String] {
        &self.0.parts().lines
    }

    /// Postcode.
    async fn postcode(&self) -> Option<&str> {
        self.0.parts().postcode.as_deref()
    }

    /// Town.
    async fn city(&self) -> &str {
        &self.0.parts().city
    }

    /// Country (ISO 3166-1 alpha-3).
    async fn country(&self) -> &str {
        self.0.parts().country.as_str()
    }

    /// First day at this address.
    async fn valid_from(&self) -> Date {
        Date(self.0.parts().valid_from)
    }

    /// The day the next address started (exclusive end); null for the current address.
    async fn valid_until(&self) -> Option<Date> {
        self.0.parts().valid_until.map(Date)
    }

    /// Whether it is the current address.
    async fn current(&self) -> bool {
        self.0.is_current()
    }
}

/// A link to a relative: only their id, the relation and since when — the relative's own file stays theirs.
pub struct FamilyLinkNode(pub FamilyLink);

#[Object(name = "FamilyLink", visible = "super::audience::dossier_readers")]
impl FamilyLinkNode {
    /// How the relative relates to the person.
    async fn relation(&self) -> FamilyRelation {
        self.0.relation().into()
    }

    /// The relative's global id.
    async fn relative_id(&self) -> ID {
        id::person(self.0.relative())
    }

    /// Since when (marriage, birth, judgment), when known.
    async fn since(&self) -> Option<Date> {
        self.0.since().map(Date)
    }
}

fn profile_guard(ctx: &Context<'_>, person: PersonId) -> Result<()> {
    if policy::can_view_profile(&request(ctx).actor, person) {
        Ok(())
    } else {
        Err(ApiError::Forbidden("only the person and the agents who may search for them see this".to_owned()).into())
    }
}

/// `Person.identityRecords`: oldest first.
pub async fn identity_records(ctx: &Context<'_>, person: PersonId) -> Result<Vec<IdentityRecordNode>> {
    profile_guard(ctx, person)?;
    let loaders = ctx.data_unchecked::<Loaders>();
    let records = loaders.identity_records.load_one(person).await.map_err(|e| load_error(&e))?;
    Ok(records.unwrap_or_default().into_iter().map(IdentityRecordNode).collect())
}

/// `Person.addresses`: the current address first, then the others, latest first.
pub async fn addresses(ctx: &Context<'_>, person: PersonId) -> Result<Vec<AddressNode>> {
    profile_guard(ctx, person)?;
    let loaders = ctx.data_unchecked::<Loaders>();
    let mut found = loaders.addresses.load_one(person).await.map_err(|e| load_error(&e))?.unwrap_or_default();
    address::current_first(&mut found);
    Ok(found.into_iter().map(AddressNode).collect())
}

/// `Person.familyLinks`.
pub async fn family_links(ctx: &Context<'_>, person: PersonId) -> Result<Vec<FamilyLinkNode>> {
    profile_guard(ctx, person)?;
    let loaders = ctx.data_unchecked::<Loaders>();
    let links = loaders.family_links.load_one(person).await.map_err(|e| load_error(&e))?;
    Ok(links.unwrap_or_default().into_iter().map(FamilyLinkNode).collect())
}

/// What an agent looks for; every criterion given must hold, and at least one must be given.
#[derive(Debug, InputObject)]
pub struct PersonSearchInput {
    /// Any names, in any order, in any spelling: accents, case, punctuation and common transliteration variants
    /// do not matter, and each part matches the start of a name (`olek` finds `Oleksandr`, `Олександр`,
    /// `Aleksandr`). Each part needs two letters or more.
    pub name: Option<String>,
    /// Birth date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; persons whose recorded date agrees on every part known on
    /// both sides match.
    pub birth_date: Option<PartialDate>,
    /// The foreigner number (AGDREF), exactly.
    pub foreigner_number: Option<String>,
}

/// An edge of the person search.
pub struct PersonEdge(Person);

#[Object]
impl PersonEdge {
    /// Cursor of this edge.
    async fn cursor(&self) -> String {
        id::cursor(self.0.id().as_uuid())
    }

    /// The person.
    async fn node(&self) -> PersonNode {
        PersonNode(self.0.clone())
    }
}

/// A page of the persons found.
pub struct PersonConnection {
    search: PersonSearch,
    page: Page<Person>,
}

#[Object]
impl PersonConnection {
    /// The edges of this page.
    async fn edges(&self) -> Vec<PersonEdge> {
        self.page.items.iter().cloned().map(PersonEdge).collect()
    }

    /// The persons of this page, without cursors.
    async fn nodes(&self) -> Vec<PersonNode> {
        self.page.items.iter().cloned().map(PersonNode).collect()
    }

    /// Paging information.
    async fn page_info(&self) -> PageInfo {
        PageInfo::of(&self.page, |p| p.id().as_uuid())
    }

    /// How many persons match (one more query; ask only when shown).
    async fn total_count(&self, ctx: &Context<'_>) -> Result<i64> {
        let count = services(ctx).profiles.count(&self.search).await.map_err(ApiError::from)?;
        Ok(i64::try_from(count).unwrap_or(i64::MAX))
    }
}

/// The person register.
#[derive(Default)]
pub struct PersonQuery;

#[Object]
impl PersonQuery {
    /// Finds persons by name, birth date and foreigner number (every criterion given must hold), ordered by
    /// their id; `first` between 1 and 100 (20 by default). For prefecture and OFII agents, whatever their
    /// territory: every person in the answer is recorded in the access journal.
    #[graphql(
        visible = "super::audience::person_searchers",
        complexity = "super::connection::weight(first, None, child_complexity)"
    )]
    async fn persons(
        &self,
        ctx: &Context<'_>,
        search: PersonSearchInput,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<PersonConnection> {
        let number = search.foreigner_number.as_deref().map(ForeignerNumber::parse).transpose();
        let criteria = number
            .and_then(|number| PersonSearch::new(search.name.as_deref(), search.birth_date.map(|d| d.0), number))
            .map_err(ApiError::from)?;
        let page = page_request(first, after, None, None, PersonId::from_uuid)?;
        let request = request(ctx);
        let found = commands::search(&services(ctx).person_ports(), &request.actor, &criteria, &page)
            .await
            .map_err(ApiError::from)?;
        for person in &found.items {
            request.reveal(person.id());
        }
        Ok(PersonConnection { search: criteria, page: found })
    }
}

/// Input of `changeAddress`.
#[derive(Debug, InputObject)]
pub struct ChangeAddressInput {
    /// What kind of address.
    pub kind: AddressKind,
    /// The host's or the domiciliation body's name (required for `HOSTED` and `DOMICILIATION`).
    pub care_of: Option<String>,
    /// Street lines, 1 to 3.
    pub lines: Vec<String>,
    /// Postcode (five digits in France).
    pub postcode: Option<String>,
    /// Town.
    pub city: String,
    /// Country, ISO 3166-1 alpha-3 (`FRA`).
    pub country: String,
    /// First day at this address (today when omitted; never in the future).
    pub valid_from: Option<Date>,
    /// A key of your choosing (8–64 letters, digits, `-`, `_`): a retry with the same key and input returns the
    /// first answer instead of moving twice; the same key with another input is refused.
    pub idempotency_key: Option<String>,
}

/// Result of `changeAddress`.
#[derive(SimpleObject)]
pub struct ChangeAddressPayload {
    /// The new current address; null when refused.
    pub address: Option<AddressNode>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

/// Names in their original script, as recorded.
#[derive(Debug, InputObject)]
pub struct OriginalScriptNamesInput {
    /// ISO 15924 script code (`Cyrl`, `Arab`, `Tibt`), when known.
    pub script: Option<String>,
    /// Family name in that script.
    pub family_name: Option<String>,
    /// Given names in that script.
    #[graphql(default)]
    pub given_names: Vec<String>,
}

/// Input of `recordIdentity`.
#[derive(Debug, InputObject)]
pub struct RecordIdentityInput {
    /// Whose identity. Omit it to register a person HIPE does not know yet (at the desk: no e-mail or phone
    /// needed), with this statement as their identity.
    pub person_id: Option<ID>,
    /// From which document or declaration.
    pub source: IdentitySource,
    /// Family name, in Latin script as the source writes it.
    pub family_name: String,
    /// Birth name, when it differs.
    pub birth_name: Option<String>,
    /// Given names, in order.
    #[graphql(default)]
    pub given_names: Vec<String>,
    /// The names in their original script, when the source shows them.
    pub original_script: Option<OriginalScriptNamesInput>,
    /// Other Latin spellings of the names.
    #[graphql(default)]
    pub transliterations: Vec<String>,
    /// Sex (`UNKNOWN` when omitted).
    pub sex: Option<Sex>,
    /// Birth date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub birth_date: PartialDate,
    /// Birth place (town).
    pub birth_place: Option<String>,
    /// Birth country, ISO 3166-1 alpha-3.
    pub birth_country: Option<String>,
    /// Nationalities: ISO 3166-1 alpha-3 codes, `STATELESS` or `UNDETERMINED`; at least one.
    pub nationalities: Vec<String>,
    /// The document's number (required for a passport or a visa).
    pub document_number: Option<String>,
}

/// Result of `recordIdentity`.
#[derive(SimpleObject)]
pub struct RecordIdentityPayload {
    /// The record; null when refused.
    pub identity_record: Option<IdentityRecordNode>,
    /// The person the record is about (the one registered, when `personId` was omitted).
    pub person: Option<super::person::PersonNode>,
    /// What the user can fix.
    pub user_errors: Vec<UserError>,
}

fn statement(input: RecordIdentityInput) -> Result<IdentityStatement, Error> {
    let birth_country =
        input.birth_country.as_deref().map(|c| CountryCode::parse("birthCountry", c.trim())).transpose()?;
    let nationalities = input.nationalities.iter().map(|n| Nationality::parse(n.trim())).collect::<Result<_, _>>()?;
    Ok(IdentityStatement {
        family_name: input.family_name,
        birth_name: input.birth_name,
        given_names: input.given_names,
        original_script: input.original_script.map(|o| OriginalScriptName {
            script: o.script,
            family_name: o.family_name,
            given_names: o.given_names,
        }),
        transliterations: input.transliterations,
        sex: input.sex.map_or(DomainSex::Unknown, Into::into),
        birth_date: input.birth_date.0,
        birth_place: input.birth_place,
        birth_country,
        nationalities,
        document_number: input.document_number,
    })
}

/// Person mutations.
#[derive(Default)]
pub struct PersonMutation;

#[Object]
impl PersonMutation {
    /// Records my new address; my previous one ends the day the new one starts. Give an `idempotencyKey` so a
    /// retry after a lost answer does not move me twice.
    #[graphql(visible = "super::audience::mobile")]
    async fn change_address(&self, ctx: &Context<'_>, input: ChangeAddressInput) -> Result<ChangeAddressPayload> {
        let parsed = (|| -> Result<_, Error> {
            let key = input.idempotency_key.as_deref().map(IdempotencyKey::parse).transpose()?;
            let new = NewAddress {
                kind: input.kind.into(),
                care_of: input.care_of.filter(|c| !c.trim().is_empty()),
                lines: input.lines,
                postcode: input.postcode,
                city: input.city,
                country: CountryCode::parse("country", input.country.trim())?,
                valid_from: input.valid_from.map(|d| d.0),
            };
            Ok((new, key))
        })();
        let services = services(ctx);
        let outcome = match parsed {
            Ok((new, key)) => {
                let id = AddressId::from_uuid(Uuid::now_v7());
                commands::change_address(&services.person_ports(), &request(ctx).actor, id, new, key).await
            }
            Err(error) => Err(error),
        };
        match outcome {
            Ok(address) => Ok(ChangeAddressPayload { address: Some(AddressNode(address)), user_errors: Vec::new() }),
            Err(error) => Ok(ChangeAddressPayload { address: None, user_errors: vec![user_error(error)?] }),
        }
    }

    /// Records what a passport, a visa, the asylum-desk declaration, OFPRA's civil status or another
    /// declaration says about a person's identity. The person's current identity is unchanged; the record is
    /// evidence, and its names become searchable. Without `personId`, registers a new person from it (the desk
    /// receiving someone HIPE does not know, who may have neither e-mail nor phone). Prefecture agents only;
    /// journaled as a write.
    #[graphql(visible = "super::audience::ministry")]
    async fn record_identity(&self, ctx: &Context<'_>, input: RecordIdentityInput) -> Result<RecordIdentityPayload> {
        let existing = input.person_id.as_ref().map(id::person_id).transpose()?;
        let source = input.source.into();
        let services = services(ctx);
        let request = request(ctx);
        let outcome = match statement(input) {
            Ok(statement) => {
                let record = RecordIdentity {
                    id: IdentityRecordId::from_uuid(Uuid::now_v7()),
                    access: services.ids.access(),
                    person: existing.unwrap_or_else(|| hipe_domain::person::PersonId::from_uuid(Uuid::now_v7())),
                    source,
                    statement,
                };
                let ports = services.person_ports();
                if existing.is_some() {
                    commands::record_identity(&ports, &request.actor, &request.trace, record).await.map(|r| (None, r))
                } else {
                    commands::register(&ports, &request.actor, &request.trace, record).await.map(|(p, r)| (Some(p), r))
                }
            }
            Err(error) => Err(error),
        };
        match outcome {
            Ok((registered, record)) => {
                let person = match registered {
                    Some(person) => Some(person),
                    None => services.persons.find(record.person()).await.map_err(super::error::ApiError::from)?,
                };
                // No separate read is journaled: the write's entry records this agent's access to the person in
                // this request, and the person shown is the one the agent just wrote about.
                Ok(RecordIdentityPayload {
                    identity_record: Some(IdentityRecordNode(record)),
                    person: person.map(super::person::PersonNode),
                    user_errors: Vec::new(),
                })
            }
            Err(error) => {
                Ok(RecordIdentityPayload { identity_record: None, person: None, user_errors: vec![user_error(error)?] })
            }
        }
    }
}
