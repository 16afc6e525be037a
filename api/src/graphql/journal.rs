//! The access journal as the API shows it: to a person, who (organisation and role) accessed their file and
//! when; to auditors, the whole journal with filters. There is no mutation: nothing in the API updates or deletes
//! a journal row.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result};
use hipe_domain::journal::{self, AccessId, AccessKind as DomainKind, AccessRecord, JournalFilter};
use hipe_domain::pagination::Page;
use hipe_domain::person::PersonId;

use super::connection::{PageInfo, page_request};
use super::context::{request, services};
use super::error::ApiError;
use super::id;
use super::scalars::DateTime;

/// Read or write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum AccessKind {
    /// The data was shown.
    Read,
    /// The data was changed.
    Write,
}

impl From<DomainKind> for AccessKind {
    fn from(kind: DomainKind) -> Self {
        match kind {
            DomainKind::Read => Self::Read,
            DomainKind::Write => Self::Write,
        }
    }
}

impl From<AccessKind> for DomainKind {
    fn from(kind: AccessKind) -> Self {
        match kind {
            AccessKind::Read => Self::Read,
            AccessKind::Write => Self::Write,
        }
    }
}

/// An access to my file, as I may see it: which service, in which role, when — never the agent's identity.
pub struct Access(AccessRecord);

#[Object]
impl Access {
    /// When.
    async fn at(&self) -> DateTime {
        DateTime(self.0.at)
    }

    /// Read or write.
    async fn kind(&self) -> AccessKind {
        self.0.kind.into()
    }

    /// The organisation (a prefecture, an OFII direction…, or a partner application's name).
    async fn organisation(&self) -> &str {
        &self.0.accessor.organisation
    }

    /// The role code of the agent (`prefecture_instructor`…), or `partner` for a partner application.
    async fn role(&self) -> &str {
        self.0.accessor.role.code()
    }
}

/// A page of accesses to a person's file, newest first.
pub struct AccessConnection(Page<AccessRecord>);

#[Object]
impl AccessConnection {
    /// The accesses of this page.
    async fn nodes(&self) -> Vec<Access> {
        self.0.items.iter().cloned().map(Access).collect()
    }

    /// Paging information (forward goes back in time).
    async fn page_info(&self) -> PageInfo {
        PageInfo::of(&self.0, |r| r.id.as_uuid())
    }
}

/// A journal entry, as auditors see it.
pub struct JournalEntry(AccessRecord);

#[Object]
impl JournalEntry {
    /// When.
    async fn at(&self) -> DateTime {
        DateTime(self.0.at)
    }

    /// Read or write.
    async fn kind(&self) -> AccessKind {
        self.0.kind.into()
    }

    /// The agent's id at their identity provider, or the partner application's client id.
    async fn agent_id(&self) -> &str {
        &self.0.accessor.id
    }

    /// The agent's role code, or `partner`.
    async fn role(&self) -> &str {
        self.0.accessor.role.code()
    }

    /// The agent's organisation, or the partner's name.
    async fn organisation(&self) -> &str {
        &self.0.accessor.organisation
    }

    /// Whose data (a person's global id).
    async fn subject_id(&self) -> ID {
        id::person(self.0.subject)
    }

    /// The GraphQL operation.
    async fn operation(&self) -> &str {
        &self.0.trace.operation
    }

    /// The request id (also on the technical log lines of that request).
    async fn request_id(&self) -> &str {
        &self.0.trace.request_id
    }
}

/// A page of the journal, newest first.
pub struct JournalConnection(Page<AccessRecord>);

#[Object]
impl JournalConnection {
    /// The entries of this page.
    async fn nodes(&self) -> Vec<JournalEntry> {
        self.0.items.iter().cloned().map(JournalEntry).collect()
    }

    /// Paging information (forward goes back in time).
    async fn page_info(&self) -> PageInfo {
        PageInfo::of(&self.0, |r| r.id.as_uuid())
    }
}

/// What auditors search the journal for; every criterion given must hold.
#[derive(Debug, Default, InputObject)]
pub struct JournalFilterInput {
    /// Whose data (a person's global id).
    pub subject_id: Option<ID>,
    /// Which agent (or partner client id).
    pub agent_id: Option<String>,
    /// Which organisation.
    pub organisation: Option<String>,
    /// Read or write.
    pub kind: Option<AccessKind>,
    /// From this instant (inclusive).
    pub from: Option<DateTime>,
    /// Until this instant (exclusive).
    pub until: Option<DateTime>,
}

/// The accesses to `person`'s file, for the person themself.
pub async fn accesses_of(
    ctx: &Context<'_>,
    person: PersonId,
    first: Option<i32>,
    after: Option<String>,
) -> Result<AccessConnection> {
    if !journal::can_see_accesses_of(&request(ctx).actor, person) {
        return Err(ApiError::Forbidden("only the person may see who accessed their file".to_owned()).into());
    }
    let page = page_request(first, after, None, None, AccessId::from_uuid)?;
    let filter = JournalFilter { subject: Some(person), ..JournalFilter::default() };
    let found = services(ctx).journal.search(&filter, &page).await.map_err(ApiError::from)?;
    Ok(AccessConnection(found))
}

/// Journal queries.
#[derive(Default)]
pub struct JournalQuery;

#[Object]
impl JournalQuery {
    /// The access journal, newest first, for auditors.
    #[graphql(
        visible = "super::audience::auditor",
        complexity = "super::connection::weight(first, last, child_complexity)"
    )]
    async fn access_journal(
        &self,
        ctx: &Context<'_>,
        filter: Option<JournalFilterInput>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<JournalConnection> {
        if !journal::can_search(&request(ctx).actor) {
            return Err(ApiError::Forbidden("the access journal is for auditors".to_owned()).into());
        }
        let filter = filter.unwrap_or_default();
        let subject = filter.subject_id.as_ref().map(id::person_id).transpose()?;
        let page = page_request(first, after, last, before, AccessId::from_uuid)?;
        let criteria = JournalFilter {
            subject,
            accessor_id: filter.agent_id,
            organisation: filter.organisation,
            kind: filter.kind.map(Into::into),
            from: filter.from.map(|d| d.0),
            until: filter.until.map(|d| d.0),
        };
        let found = services(ctx).journal.search(&criteria, &page).await.map_err(ApiError::from)?;
        Ok(JournalConnection(found))
    }
}
