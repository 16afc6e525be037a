//! Dossiers and their timelines on sea-orm.

use async_trait::async_trait;
use chrono::NaiveDate;
use hipe_domain::dossier::{
    Channel, Decision, DecisionKind, DocumentFile, DocumentId, DocumentRequest, DocumentRequestId, DocumentType,
    Dossier, DossierChange, DossierEvent, DossierEventKind, DossierId, DossierParts, DossierReference,
    DossierRepository, DossierStatus, QueueCursor, Review, SupportingDocument, WorkQueueFilter,
};
use hipe_domain::journal::AccessRecord;
use hipe_domain::pagination::{Direction, Page, PageRequest};
use hipe_domain::person::PersonId;
use hipe_domain::procedure::{Authority, ProcedureCode, ProcedureKey};
use hipe_domain::territory::Territory;
use hipe_domain::{Error, Result};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait as _, PaginatorTrait as _, QueryFilter as _,
    QueryOrder as _, QuerySelect as _, TransactionTrait as _,
};

use super::{from_column, to_column};
use crate::entities::{decision, document_request, dossier, dossier_event, notification, supporting_document};
use crate::error::{corrupt, db_err};

/// [`DossierRepository`] over the `dossier` and `dossier_event` tables.
#[derive(Debug, Clone)]
pub struct SeaDossierRepository {
    db: DatabaseConnection,
}

impl SeaDossierRepository {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

impl TryFrom<dossier::Model> for Dossier {
    type Error = Error;

    fn try_from(row: dossier::Model) -> Result<Self> {
        let bad = |detail: String| corrupt("dossier", detail);
        Dossier::restore(DossierParts {
            id: DossierId::from_uuid(row.id),
            reference: DossierReference::parse(&row.reference).map_err(|e| bad(e.to_string()))?,
            person: PersonId::from_uuid(row.person_id),
            procedure: ProcedureKey {
                code: ProcedureCode::parse(&row.procedure_code).map_err(|e| bad(e.to_string()))?,
                version: from_column("dossier", row.procedure_version)?,
            },
            authority: Authority::parse(&row.authority)
                .ok_or_else(|| bad(format!("unknown authority {}", row.authority)))?,
            medical_opinion_needed: row.medical_opinion_needed,
            channel: Channel::parse(&row.channel).ok_or_else(|| bad(format!("unknown channel {}", row.channel)))?,
            territory: Territory::parse(&row.territory).map_err(|e| bad(e.to_string()))?,
            status: DossierStatus::parse(&row.status).ok_or_else(|| bad(format!("unknown status {}", row.status)))?,
            version: from_column("dossier", row.version)?,
            created_at: row.created_at,
            updated_at: row.updated_at,
            situations: row.situations.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
            answers: pairs_from_json("dossier", &row.answers)?,
            filed_at: row.filed_at,
            complete_on: row.complete_on,
            silence_on: row.silence_on,
            renewed_until: row.renewed_until,
            extended_until: row.extended_until,
            opinion_received: row.opinion_received,
            reasons_due_on: row.reasons_due_on,
            reasons_communicated_at: row.reasons_communicated_at,
            vulnerable: row.vulnerable,
            assigned_to: row.assigned_to,
        })
        .map_err(|e| bad(e.to_string()))
    }
}

pub(crate) fn dossier_row(dossier: &Dossier) -> Result<dossier::ActiveModel> {
    Ok(dossier::ActiveModel {
        id: Set(dossier.id().as_uuid()),
        reference: Set(dossier.reference().as_str().to_owned()),
        person_id: Set(dossier.person().as_uuid()),
        procedure_code: Set(dossier.procedure().code.as_str().to_owned()),
        procedure_version: Set(to_column(dossier.procedure().version)?),
        authority: Set(dossier.authority().code().to_owned()),
        medical_opinion_needed: Set(dossier.needs_medical_opinion()),
        channel: Set(dossier.channel().code().to_owned()),
        territory: Set(dossier.territory().as_str().to_owned()),
        status: Set(dossier.status().code().to_owned()),
        version: Set(to_column(dossier.version())?),
        created_at: Set(dossier.created_at()),
        updated_at: Set(dossier.updated_at()),
        situations: Set(dossier.situations().join(",")),
        answers: Set(pairs_to_json(dossier.answers())),
        filed_at: Set(dossier.filed_at()),
        complete_on: Set(dossier.complete_on()),
        silence_on: Set(dossier.silence_on()),
        renewed_until: Set(dossier.renewed_until()),
        extended_until: Set(dossier.extended_until()),
        opinion_received: Set(dossier.opinion_received()),
        reasons_due_on: Set(dossier.reasons_due_on()),
        reasons_communicated_at: Set(dossier.reasons_communicated_at()),
        vulnerable: Set(dossier.vulnerable()),
        assigned_to: Set(dossier.assigned_to().map(str::to_owned)),
        attention_on: Set(stored_attention(dossier.attention_on())),
        next_clock_on: Set(dossier.next_clock_on()),
    })
}

/// The attention date as stored: the domain's "never" (`NaiveDate::MAX`) becomes 9999-12-31, which sorts after
/// every real date on both engines (SQLite compares dates as text, where `+262142-12-31` sorts first; see
/// migration m0060).
pub(crate) fn stored_attention(date: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).map_or(date, |last| date.min(last))
}

/// `(name, value)` pairs as a JSON array of two-element arrays (order kept, names may repeat).
pub(crate) fn pairs_to_json(pairs: &[(String, String)]) -> String {
    serde_json::to_string(pairs).unwrap_or_else(|_| "[]".to_owned())
}

pub(crate) fn pairs_from_json(table: &'static str, text: &str) -> Result<Vec<(String, String)>> {
    serde_json::from_str(text).map_err(|e| corrupt(table, format!("pairs: {e}")))
}

pub(crate) fn event_row(event: &DossierEvent) -> Result<dossier_event::ActiveModel> {
    let super::actor_ref::ActorColumns { kind, id, role, organisation } = super::actor_ref::columns(&event.actor);
    Ok(dossier_event::ActiveModel {
        dossier_id: Set(event.dossier.as_uuid()),
        sequence: Set(to_column(event.sequence)?),
        kind: Set(event.kind.code().to_owned()),
        actor_kind: Set(kind),
        actor_id: Set(id),
        actor_role: Set(role),
        actor_organisation: Set(organisation),
        occurred_at: Set(event.at),
        reason: Set(event.reason.clone()),
        details: Set(pairs_to_json(&event.details)),
    })
}

impl TryFrom<dossier_event::Model> for DossierEvent {
    type Error = Error;

    fn try_from(row: dossier_event::Model) -> Result<Self> {
        let actor = super::actor_ref::actor(
            "dossier_event",
            super::actor_ref::ActorColumns {
                kind: row.actor_kind,
                id: row.actor_id,
                role: row.actor_role,
                organisation: row.actor_organisation,
            },
        )?;
        Ok(Self {
            dossier: DossierId::from_uuid(row.dossier_id),
            sequence: from_column("dossier_event", row.sequence)?,
            kind: DossierEventKind::parse(&row.kind)
                .ok_or_else(|| corrupt("dossier_event", format!("unknown kind {}", row.kind)))?,
            actor,
            at: row.occurred_at,
            reason: row.reason,
            details: pairs_from_json("dossier_event", &row.details)?,
        })
    }
}

pub(crate) fn document_row(document: &SupportingDocument) -> Result<supporting_document::ActiveModel> {
    let super::actor_ref::ActorColumns { kind, id, role, organisation } = super::actor_ref::columns(&document.added_by);
    let reason = match &document.review {
        Review::Rejected { reason } => Some(reason.clone()),
        Review::Pending | Review::Accepted | Review::Superseded => None,
    };
    Ok(supporting_document::ActiveModel {
        id: Set(document.id.as_uuid()),
        dossier_id: Set(document.dossier.as_uuid()),
        document_type: Set(document.document_type.as_str().to_owned()),
        file_reference: Set(document.file.file_reference.clone()),
        file_name: Set(document.file.file_name.clone()),
        media_type: Set(document.file.media_type.clone()),
        size_bytes: Set(i64::try_from(document.file.size_bytes).map_err(|_| corrupt("supporting_document", "size"))?),
        sha256: Set(document.file.sha256.clone()),
        expires_on: Set(document.expires_on),
        translated: Set(document.translated),
        review: Set(document.review.code().to_owned()),
        review_reason: Set(reason),
        added_by_kind: Set(kind),
        added_by_id: Set(id),
        added_by_role: Set(role),
        added_by_organisation: Set(organisation),
        added_at: Set(document.added_at),
    })
}

impl TryFrom<supporting_document::Model> for SupportingDocument {
    type Error = Error;

    fn try_from(row: supporting_document::Model) -> Result<Self> {
        let bad = |detail: String| corrupt("supporting_document", detail);
        Ok(Self {
            id: DocumentId::from_uuid(row.id),
            dossier: DossierId::from_uuid(row.dossier_id),
            document_type: DocumentType::parse(&row.document_type).map_err(|e| bad(e.to_string()))?,
            file: DocumentFile {
                file_reference: row.file_reference,
                file_name: row.file_name,
                media_type: row.media_type,
                size_bytes: u64::try_from(row.size_bytes).map_err(|_| bad("negative size".into()))?,
                sha256: row.sha256,
            },
            expires_on: row.expires_on,
            translated: row.translated,
            review: Review::parse(&row.review, row.review_reason)
                .ok_or_else(|| bad(format!("unknown review {}", row.review)))?,
            added_by: super::actor_ref::actor(
                "supporting_document",
                super::actor_ref::ActorColumns {
                    kind: row.added_by_kind,
                    id: row.added_by_id,
                    role: row.added_by_role,
                    organisation: row.added_by_organisation,
                },
            )?,
            added_at: row.added_at,
        })
    }
}

pub(crate) fn request_row(request: &DocumentRequest) -> document_request::ActiveModel {
    let types: Vec<&str> = request.types.iter().map(DocumentType::as_str).collect();
    document_request::ActiveModel {
        id: Set(request.id.as_uuid()),
        dossier_id: Set(request.dossier.as_uuid()),
        types: Set(types.join(",")),
        reason: Set(request.reason.clone()),
        due_on: Set(request.due_on),
        requested_at: Set(request.requested_at),
        answered_at: Set(request.answered_at),
    }
}

impl TryFrom<document_request::Model> for DocumentRequest {
    type Error = Error;

    fn try_from(row: document_request::Model) -> Result<Self> {
        Ok(Self {
            id: DocumentRequestId::from_uuid(row.id),
            dossier: DossierId::from_uuid(row.dossier_id),
            types: row
                .types
                .split(',')
                .map(|t| DocumentType::parse(t).map_err(|e| corrupt("document_request", e)))
                .collect::<Result<_>>()?,
            reason: row.reason,
            due_on: row.due_on,
            requested_at: row.requested_at,
            answered_at: row.answered_at,
        })
    }
}

pub(crate) fn decision_row(decision: &Decision) -> decision::ActiveModel {
    let super::actor_ref::ActorColumns { kind, id, role, organisation } =
        super::actor_ref::columns(&decision.signatory);
    decision::ActiveModel {
        dossier_id: Set(decision.dossier.as_uuid()),
        kind: Set(decision.kind.code().to_owned()),
        legal_basis: Set(decision.legal_basis.clone()),
        reasons: Set(decision.reasons.clone()),
        signatory_kind: Set(kind),
        signatory_id: Set(id),
        signatory_role: Set(role),
        signatory_organisation: Set(organisation),
        decided_at: Set(decision.decided_at),
        notified_on: Set(decision.notified_on),
    }
}

impl TryFrom<decision::Model> for Decision {
    type Error = Error;

    fn try_from(row: decision::Model) -> Result<Self> {
        Ok(Self {
            dossier: DossierId::from_uuid(row.dossier_id),
            kind: DecisionKind::parse(&row.kind).ok_or_else(|| corrupt("decision", format!("kind {}", row.kind)))?,
            legal_basis: row.legal_basis,
            reasons: row.reasons,
            signatory: super::actor_ref::actor(
                "decision",
                super::actor_ref::ActorColumns {
                    kind: row.signatory_kind,
                    id: row.signatory_id,
                    role: row.signatory_role,
                    organisation: row.signatory_organisation,
                },
            )?,
            decided_at: row.decided_at,
            notified_on: row.notified_on,
        })
    }
}

/// The statement of a work-queue page: one page (and one row more, which tells whether another follows) in the
/// order of `(attention_on, id)`. Shared by [`SeaDossierRepository::work_queue`] and the EXPLAIN tests
/// ([`crate::plans`]), so that the plan tested is the plan served.
///
/// With several territories (or several explicitly asked statuses), the page is the merge of one ordered, limited
/// branch per territory (per territory and status) — `SELECT * FROM (… LIMIT n) UNION ALL … ORDER BY … LIMIT n` —
/// because each branch is one range of `ix_dossier_queue` (`territory, attention_on, id`) or
/// `ix_dossier_queue_status` (`territory, status, attention_on, id`), read in order and stopped after `n` rows.
/// A single `territory IN (…)` cannot be read in `(attention_on, id)` order from either index, and PostgreSQL then
/// reads every matching row and sorts them (a sequential scan at 20,000 dossiers; hundreds of thousands of rows at
/// national scale). The merge costs at most `n` rows per branch, whatever the size of the table.
pub(crate) fn work_queue_statement(
    filter: &WorkQueueFilter,
    page: &PageRequest<QueueCursor>,
    backend: sea_orm::DbBackend,
) -> sea_orm::Statement {
    use sea_orm::QueryTrait as _;
    use sea_orm::sea_query::{Alias, Asterisk, Order, Query, UnionType};
    let forward = page.direction() == Direction::Forward;
    let limit = u64::from(page.size()) + 1;
    let territories: Vec<&str> = filter.territories.iter().map(Territory::as_str).collect();
    let statuses: Vec<&str> = filter.statuses().iter().map(|s| s.code()).collect();
    // One branch per territory, or per territory and status when the agent asked for given statuses.
    let branches: Vec<(Vec<&str>, Vec<&str>)> = if filter.statuses.is_empty() {
        territories.iter().map(|t| (vec![*t], statuses.clone())).collect()
    } else {
        territories.iter().flat_map(|t| statuses.iter().map(move |s| (vec![*t], vec![*s]))).collect()
    };
    if branches.len() <= 1 {
        return work_queue_branch(filter, page, &territories, &statuses).limit(limit).build(backend);
    }
    let mut members = branches.iter().enumerate().map(|(i, (territories, statuses))| {
        let branch = work_queue_branch(filter, page, territories, statuses).limit(limit).into_query();
        Query::select().column(Asterisk).from_subquery(branch, Alias::new(format!("q{i}"))).to_owned()
    });
    let mut union = members.next().unwrap_or_else(Query::select);
    for member in members {
        union.union(UnionType::All, member);
    }
    let order = if forward { Order::Asc } else { Order::Desc };
    union.order_by(Alias::new("attention_on"), order.clone()).order_by(Alias::new("id"), order).limit(limit);
    backend.build(&union)
}

/// One branch of a work-queue page: the dossiers of `territories` in `statuses` that pass the filter, after the
/// cursor, in queue order.
fn work_queue_branch(
    filter: &WorkQueueFilter,
    page: &PageRequest<QueueCursor>,
    territories: &[&str],
    statuses: &[&str],
) -> sea_orm::Select<dossier::Entity> {
    use sea_orm::sea_query::{Cond, IntoCondition as _};
    let mut query = match territories {
        [one] => dossier::Entity::find().filter(dossier::Column::Territory.eq(*one)),
        many => dossier::Entity::find().filter(dossier::Column::Territory.is_in(many.iter().copied())),
    };
    query = match statuses {
        [one] => query.filter(dossier::Column::Status.eq(*one)),
        many => query.filter(dossier::Column::Status.is_in(many.iter().copied())),
    };
    if let Some(code) = &filter.procedure {
        query = query.filter(dossier::Column::ProcedureCode.eq(code.as_str()));
    }
    if let Some(before) = filter.attention_before {
        query = query.filter(dossier::Column::AttentionOn.lte(before));
    }
    if let Some(from) = filter.created_from {
        query = query.filter(dossier::Column::CreatedAt.gte(from));
    }
    if let Some(until) = filter.created_until {
        query = query.filter(dossier::Column::CreatedAt.lt(until));
    }
    if let Some(agent) = &filter.assigned_to {
        query = query.filter(dossier::Column::AssignedTo.eq(agent.as_str()));
    }
    // Keyset on (attention_on, id): rows strictly after (or before) the cursor in that order.
    let after = |cursor: &QueueCursor, forward: bool| -> Cond {
        let (date, id) = (stored_attention(cursor.attention_on), cursor.id.as_uuid());
        if forward {
            Cond::any()
                .add(dossier::Column::AttentionOn.gt(date))
                .add(Cond::all().add(dossier::Column::AttentionOn.eq(date)).add(dossier::Column::Id.gt(id)))
        } else {
            Cond::any()
                .add(dossier::Column::AttentionOn.lt(date))
                .add(Cond::all().add(dossier::Column::AttentionOn.eq(date)).add(dossier::Column::Id.lt(id)))
        }
        .into_condition()
    };
    let forward = page.direction() == Direction::Forward;
    if let Some(cursor) = page.cursor() {
        query = query.filter(after(cursor, forward));
    }
    if forward {
        query.order_by_asc(dossier::Column::AttentionOn).order_by_asc(dossier::Column::Id)
    } else {
        query.order_by_desc(dossier::Column::AttentionOn).order_by_desc(dossier::Column::Id)
    }
}

/// Saves a dossier that moved from `previous_version` with what the command changed, on `txn` (the caller
/// commits with whatever else the command writes — the medical case's transmission, a family-reunification
/// record — or drops the transaction, which rolls it back, on error).
///
/// # Errors
/// As [`DossierRepository::save`]; on a stale version nothing is written and the caller must not commit.
pub(crate) async fn save_on(
    txn: &sea_orm::DatabaseTransaction,
    dossier: &Dossier,
    previous_version: u32,
    change: &DossierChange,
) -> Result<()> {
    use sea_orm::sea_query::OnConflict;
    // The version check and the write are one statement: two concurrent writers cannot both pass it.
    let mut row = dossier_row(dossier)?;
    row.id = sea_orm::ActiveValue::NotSet;
    let updated = dossier::Entity::update_many()
        .set(row)
        .filter(dossier::Column::Id.eq(dossier.id().as_uuid()))
        .filter(dossier::Column::Version.eq(to_column(previous_version)?))
        .exec(txn)
        .await
        .map_err(db_err)?;
    if updated.rows_affected != 1 {
        let actual = dossier::Entity::find_by_id(dossier.id().as_uuid())
            .one(txn)
            .await
            .map_err(db_err)?
            .map_or(Ok(0), |row| from_column("dossier", row.version))?;
        // The caller drops the transaction without committing: nothing is written.
        return Err(Error::StaleVersion { entity: "dossier", expected: previous_version, actual });
    }
    if !change.events.is_empty() {
        let rows = change.events.iter().map(event_row).collect::<Result<Vec<_>>>()?;
        dossier_event::Entity::insert_many(rows).exec_without_returning(txn).await.map_err(db_err)?;
    }
    for document in &change.documents {
        supporting_document::Entity::insert(document_row(document)?)
            .on_conflict(
                OnConflict::column(supporting_document::Column::Id)
                    .update_columns([supporting_document::Column::Review, supporting_document::Column::ReviewReason])
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await
            .map_err(db_err)?;
    }
    for request in &change.requests {
        document_request::Entity::insert(request_row(request))
            .on_conflict(
                OnConflict::column(document_request::Column::Id)
                    .update_columns([document_request::Column::AnsweredAt])
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await
            .map_err(db_err)?;
    }
    if let Some(decision) = &change.decision {
        decision::Entity::insert(decision_row(decision))
            .on_conflict(
                OnConflict::column(decision::Column::DossierId)
                    .update_columns([
                        decision::Column::Kind,
                        decision::Column::LegalBasis,
                        decision::Column::Reasons,
                        decision::Column::SignatoryKind,
                        decision::Column::SignatoryId,
                        decision::Column::SignatoryRole,
                        decision::Column::SignatoryOrganisation,
                        decision::Column::DecidedAt,
                        decision::Column::NotifiedOn,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await
            .map_err(db_err)?;
    }
    for document in &change.residence_documents {
        super::residence_document::insert_on(txn, document).await?;
    }
    if !change.notifications.is_empty() {
        let rows = change.notifications.iter().map(super::notification::row).collect::<Vec<_>>();
        notification::Entity::insert_many(rows).exec_without_returning(txn).await.map_err(db_err)?;
    }
    Ok(())
}

#[async_trait]
impl DossierRepository for SeaDossierRepository {
    async fn insert(&self, dossier: &Dossier, event: &DossierEvent, journal: Option<&AccessRecord>) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        dossier::Entity::insert(dossier_row(dossier)?).exec_without_returning(&txn).await.map_err(db_err)?;
        dossier_event::Entity::insert(event_row(event)?).exec_without_returning(&txn).await.map_err(db_err)?;
        super::journal::append_on(&txn, journal.map(std::slice::from_ref).unwrap_or_default()).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn save(
        &self,
        dossier: &Dossier,
        previous_version: u32,
        change: &DossierChange,
        journal: Option<&AccessRecord>,
    ) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        if let Err(error) = save_on(&txn, dossier, previous_version, change).await {
            txn.rollback().await.map_err(db_err)?;
            return Err(error);
        }
        super::journal::append_on(&txn, journal.map(std::slice::from_ref).unwrap_or_default()).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn find(&self, id: DossierId) -> Result<Option<Dossier>> {
        let row = dossier::Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(db_err)?;
        row.map(Dossier::try_from).transpose()
    }

    async fn list_for_person(&self, person: PersonId, page: &PageRequest<DossierId>) -> Result<Page<Dossier>> {
        let query = dossier::Entity::find().filter(dossier::Column::PersonId.eq(person.as_uuid()));
        let rows = super::keyset::fetch(&self.db, query, dossier::Column::Id, page, DossierId::as_uuid).await?;
        rows.try_map(Dossier::try_from)
    }

    async fn count_for_person(&self, person: PersonId) -> Result<u64> {
        dossier::Entity::find()
            .filter(dossier::Column::PersonId.eq(person.as_uuid()))
            .count(&self.db)
            .await
            .map_err(db_err)
    }

    async fn events_of(&self, ids: &[DossierId]) -> Result<Vec<DossierEvent>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = dossier_event::Entity::find()
            .filter(dossier_event::Column::DossierId.is_in(ids.iter().map(DossierId::as_uuid)))
            .order_by_asc(dossier_event::Column::DossierId)
            .order_by_asc(dossier_event::Column::Sequence)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(DossierEvent::try_from).collect()
    }

    async fn documents_of(&self, ids: &[DossierId]) -> Result<Vec<SupportingDocument>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = supporting_document::Entity::find()
            .filter(supporting_document::Column::DossierId.is_in(ids.iter().map(DossierId::as_uuid)))
            .order_by_asc(supporting_document::Column::DossierId)
            .order_by_asc(supporting_document::Column::AddedAt)
            .order_by_asc(supporting_document::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(SupportingDocument::try_from).collect()
    }

    async fn requests_of(&self, ids: &[DossierId]) -> Result<Vec<DocumentRequest>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = document_request::Entity::find()
            .filter(document_request::Column::DossierId.is_in(ids.iter().map(DossierId::as_uuid)))
            .order_by_asc(document_request::Column::DossierId)
            .order_by_asc(document_request::Column::RequestedAt)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(DocumentRequest::try_from).collect()
    }

    async fn decisions_of(&self, ids: &[DossierId]) -> Result<Vec<Decision>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = decision::Entity::find()
            .filter(decision::Column::DossierId.is_in(ids.iter().map(DossierId::as_uuid)))
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(Decision::try_from).collect()
    }

    async fn work_queue(&self, filter: &WorkQueueFilter, page: &PageRequest<QueueCursor>) -> Result<Page<Dossier>> {
        let statement = work_queue_statement(filter, page, self.db.get_database_backend());
        let rows = dossier::Entity::find().from_raw_sql(statement).all(&self.db).await.map_err(db_err)?;
        super::keyset::split(rows, page).try_map(Dossier::try_from)
    }

    async fn clocks_due(&self, today: NaiveDate, limit: u64) -> Result<Vec<DossierId>> {
        let rows = dossier::Entity::find()
            .select_only()
            .column(dossier::Column::Id)
            .filter(dossier::Column::NextClockOn.lte(today))
            .order_by_asc(dossier::Column::NextClockOn)
            .limit(limit)
            .into_tuple::<uuid::Uuid>()
            .all(&self.db)
            .await
            .map_err(db_err)?;
        Ok(rows.into_iter().map(DossierId::from_uuid).collect())
    }
}
