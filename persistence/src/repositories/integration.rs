//! Integration contracts, their timeline and certifications on sea-orm. A change saves the contract with a
//! version check in the `UPDATE` itself, its event and the journal entry, in one transaction; "one open contract
//! per person" is the unique index on `open_key`.

use std::collections::HashMap;

use async_trait::async_trait;
use hipe_domain::appointment::LanguageCode;
use hipe_domain::dossier::DossierId;
use hipe_domain::integration::{
    Attendance, Attestation, Certification, CertificationId, CertificationKind, CertifiedLevel, ContractStatus,
    ExamMarks, Exemption, ExemptionReason, IntegrationAction, IntegrationContract, IntegrationContractId,
    IntegrationContractParts, IntegrationEvent, IntegrationRepository, IntegrationRules, LanguageLevel,
    MAX_CERTIFICATIONS, Positioning, PrescribedHours, Signature,
};
use hipe_domain::journal::AccessRecord;
use hipe_domain::pagination::{Page, PageRequest};
use hipe_domain::person::PersonId;
use hipe_domain::territory::Territory;
use hipe_domain::{Error, Refusal, Result};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait as _, PaginatorTrait as _, QueryFilter as _,
    QueryOrder as _, TransactionTrait as _,
};

use super::actor_ref::{ActorColumns, actor, columns};
use super::{from_column, to_column};
use crate::entities::{certification, integration_contract as contract, integration_event as event, integration_rule};
use crate::error::{corrupt, db_err, parse_code};

/// [`IntegrationRepository`] over the `integration_contract`, `integration_event` and `certification` tables.
#[derive(Debug, Clone)]
pub struct SeaIntegrationRepository {
    db: DatabaseConnection,
}

impl SeaIntegrationRepository {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn optional<T>(
    table: &'static str,
    what: &str,
    text: Option<&String>,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>> {
    text.map(|t| parse_code(table, what, t, parse)).transpose()
}

impl TryFrom<contract::Model> for IntegrationContract {
    type Error = Error;

    fn try_from(row: contract::Model) -> Result<Self> {
        const T: &str = "integration_contract";
        let bad = |detail: String| corrupt(T, detail);
        let positioning = match (&row.initial_level, row.prescribed_hours, &row.target_level) {
            (Some(level), Some(hours), Some(target)) => Some(Positioning {
                level: parse_code(T, "level", level, LanguageLevel::parse)?,
                prescribed_hours: u16::try_from(hours)
                    .ok()
                    .and_then(|h| PrescribedHours::parse(h).ok())
                    .ok_or_else(|| bad(format!("prescribed hours {hours}")))?,
                target: parse_code(T, "level", target, LanguageLevel::parse)?,
            }),
            (None, None, None) => None,
            _ => return Err(bad("partial positioning".into())),
        };
        let signature = match (row.signed_on, &row.contract_language) {
            (Some(on), Some(language)) => {
                Some(Signature { on, language: LanguageCode::parse(language).map_err(|e| bad(e.to_string()))? })
            }
            (None, None) => None,
            _ => return Err(bad("partial signature".into())),
        };
        let day = |text: Option<&String>| optional(T, "attendance", text, Attendance::parse);
        let attestation = match (row.attested_at, row.assiduous) {
            (Some(at), Some(assiduous)) => Some(Attestation { at, assiduous }),
            (None, None) => None,
            _ => return Err(bad("partial attestation".into())),
        };
        let exemption = match (row.exempted_at, &row.exemption_reason) {
            (Some(at), Some(reason)) => {
                Some(Exemption { at, reason: parse_code(T, "exemption reason", reason, ExemptionReason::parse)? })
            }
            (None, None) => None,
            _ => return Err(bad("partial exemption".into())),
        };
        IntegrationContract::restore(IntegrationContractParts {
            id: IntegrationContractId::from_uuid(row.id),
            person: PersonId::from_uuid(row.person_id),
            dossier: row.dossier_id.map(DossierId::from_uuid),
            territory: Territory::parse(&row.territory).map_err(|e| bad(e.to_string()))?,
            status: parse_code(T, "status", &row.status, ContractStatus::parse)?,
            version: from_column(T, row.version)?,
            convoked_at: row.convoked_at,
            positioning,
            signature,
            civic_days: [
                day(row.civic_day1.as_ref())?,
                day(row.civic_day2.as_ref())?,
                day(row.civic_day3.as_ref())?,
                day(row.civic_day4.as_ref())?,
            ],
            language_hours: u16::try_from(row.language_hours)
                .map_err(|_| bad(format!("language hours {}", row.language_hours)))?,
            extended: row.extended,
            end_interview_at: row.end_interview_at,
            attestation,
            exemption,
        })
        .map_err(|e| bad(e.to_string()))
    }
}

fn contract_row(c: &IntegrationContract) -> Result<contract::ActiveModel> {
    let positioning = c.positioning();
    let [first, second, third, fourth] = c.civic_days().map(|d| d.map(|a| a.code().to_owned()));
    Ok(contract::ActiveModel {
        id: Set(c.id().as_uuid()),
        person_id: Set(c.person().as_uuid()),
        dossier_id: Set(c.dossier().map(|d| d.as_uuid())),
        territory: Set(c.territory().as_str().to_owned()),
        status: Set(c.status().code().to_owned()),
        version: Set(to_column(c.version())?),
        open_key: Set(c.open_key()),
        convoked_at: Set(c.convoked_at()),
        initial_level: Set(positioning.map(|p| p.level.code().to_owned())),
        prescribed_hours: Set(positioning.map(|p| i32::from(p.prescribed_hours.hours()))),
        target_level: Set(positioning.map(|p| p.target.code().to_owned())),
        signed_on: Set(c.signature().map(|s| s.on)),
        contract_language: Set(c.signature().map(|s| s.language.as_str().to_owned())),
        civic_day1: Set(first),
        civic_day2: Set(second),
        civic_day3: Set(third),
        civic_day4: Set(fourth),
        language_hours: Set(i32::from(c.language_hours())),
        extended: Set(c.extended()),
        end_interview_at: Set(c.end_interview_at()),
        attested_at: Set(c.attestation().map(|a| a.at)),
        assiduous: Set(c.attestation().map(|a| a.assiduous)),
        exempted_at: Set(c.exemption().map(|e| e.at)),
        exemption_reason: Set(c.exemption().map(|e| e.reason.code().to_owned())),
    })
}

fn event_row(e: &IntegrationEvent) -> Result<event::ActiveModel> {
    let who = columns(&e.actor);
    Ok(event::ActiveModel {
        contract_id: Set(e.contract.as_uuid()),
        sequence: Set(to_column(e.sequence)?),
        action: Set(e.action.code().to_owned()),
        at: Set(e.at),
        actor_kind: Set(who.kind),
        actor_id: Set(who.id),
        actor_role: Set(who.role),
        actor_organisation: Set(who.organisation),
    })
}

impl TryFrom<event::Model> for IntegrationEvent {
    type Error = Error;

    fn try_from(row: event::Model) -> Result<Self> {
        const T: &str = "integration_event";
        Ok(Self {
            contract: IntegrationContractId::from_uuid(row.contract_id),
            sequence: from_column(T, row.sequence)?,
            action: parse_code(T, "action", &row.action, IntegrationAction::parse)?,
            actor: actor(
                T,
                ActorColumns {
                    kind: row.actor_kind,
                    id: row.actor_id,
                    role: row.actor_role,
                    organisation: row.actor_organisation,
                },
            )?,
            at: row.at,
        })
    }
}

impl TryFrom<certification::Model> for Certification {
    type Error = Error;

    fn try_from(row: certification::Model) -> Result<Self> {
        const T: &str = "certification";
        let bad = |detail: String| corrupt(T, detail);
        let kind = match (row.kind.as_str(), row.score, row.level.as_ref(), row.certifier) {
            ("CIVIC_EXAM", Some(score), None, None) => {
                CertificationKind::CivicExam { score: u8::try_from(score).map_err(|_| bad(format!("score {score}")))? }
            }
            ("LANGUAGE", None, Some(level), Some(certifier)) => {
                CertificationKind::Language { level: parse_code(T, "level", level, CertifiedLevel::parse)?, certifier }
            }
            (other, ..) => return Err(bad(format!("incomplete certification of kind {other}"))),
        };
        let mark = |value: i32| u8::try_from(value).map_err(|_| bad(format!("mark {value}")));
        let exam_marks = match (row.exam_max_score, row.exam_pass_mark) {
            (Some(max_score), Some(pass_mark)) => {
                Some(ExamMarks { max_score: mark(max_score)?, pass_mark: mark(pass_mark)? })
            }
            (None, None) => None,
            _ => return Err(bad("half of an exam's marks".into())),
        };
        Certification::restore(Certification {
            exam_marks,
            id: CertificationId::from_uuid(row.id),
            person: PersonId::from_uuid(row.person_id),
            kind,
            obtained_on: row.obtained_on,
            recorded_at: row.recorded_at,
            recorded_by: actor(
                T,
                ActorColumns {
                    kind: row.recorded_by_kind,
                    id: row.recorded_by_id,
                    role: row.recorded_by_role,
                    organisation: row.recorded_by_organisation,
                },
            )?,
        })
        .map_err(|e| bad(e.to_string()))
    }
}

impl From<&Certification> for certification::ActiveModel {
    fn from(c: &Certification) -> Self {
        let (kind, score, level, certifier) = match &c.kind {
            CertificationKind::CivicExam { score } => ("CIVIC_EXAM", Some(i32::from(*score)), None, None),
            CertificationKind::Language { level, certifier } => {
                ("LANGUAGE", None, Some(level.code().to_owned()), Some(certifier.clone()))
            }
        };
        let who = columns(&c.recorded_by);
        Self {
            id: Set(c.id.as_uuid()),
            person_id: Set(c.person.as_uuid()),
            kind: Set(kind.to_owned()),
            score: Set(score),
            level: Set(level),
            certifier: Set(certifier),
            obtained_on: Set(c.obtained_on),
            recorded_at: Set(c.recorded_at),
            recorded_by_kind: Set(who.kind),
            recorded_by_id: Set(who.id),
            recorded_by_role: Set(who.role),
            recorded_by_organisation: Set(who.organisation),
            exam_max_score: Set(c.exam_marks.map(|m| i32::from(m.max_score))),
            exam_pass_mark: Set(c.exam_marks.map(|m| i32::from(m.pass_mark))),
        }
    }
}

impl TryFrom<integration_rule::Model> for IntegrationRules {
    type Error = Error;

    fn try_from(row: integration_rule::Model) -> Result<Self> {
        const T: &str = "integration_rule";
        let number = |value: i32| u8::try_from(value).map_err(|_| corrupt(T, format!("value {value}")));
        IntegrationRules {
            effective_from: row.effective_from,
            language_attendance_percent: number(row.language_attendance_percent)?,
            civic_exam: ExamMarks {
                max_score: number(row.civic_exam_max_score)?,
                pass_mark: number(row.civic_exam_pass_mark)?,
            },
        }
        .check()
        .map_err(|e| corrupt(T, e.to_string()))
    }
}

#[async_trait]
impl IntegrationRepository for SeaIntegrationRepository {
    async fn insert(
        &self,
        contract: &IntegrationContract,
        event: &IntegrationEvent,
        journal: Option<&AccessRecord>,
    ) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        let inserted =
            contract::Entity::insert(contract_row(contract)?).exec_without_returning(&txn).await.map_err(db_err);
        match inserted {
            Ok(_) => {}
            Err(Error::Duplicate { what: "open integration contract" }) => {
                txn.rollback().await.map_err(db_err)?;
                return Err(Error::Refused(Refusal::AlreadyUnderContract));
            }
            Err(error) => return Err(error),
        }
        event::Entity::insert(event_row(event)?).exec_without_returning(&txn).await.map_err(db_err)?;
        super::journal::append_on(&txn, journal.map(std::slice::from_ref).unwrap_or_default()).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn save(
        &self,
        contract: &IntegrationContract,
        previous_version: u32,
        event: &IntegrationEvent,
        journal: Option<&AccessRecord>,
    ) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        let mut row = contract_row(contract)?;
        row.id = sea_orm::ActiveValue::NotSet;
        let columns = (contract::Column::Id, contract::Column::Version);
        let id = contract.id().as_uuid();
        if let Err(error) =
            super::versioned::update(&txn, row, columns, id, previous_version, "integration contract").await
        {
            txn.rollback().await.map_err(db_err)?;
            return Err(error);
        }
        event::Entity::insert(event_row(event)?).exec_without_returning(&txn).await.map_err(db_err)?;
        super::journal::append_on(&txn, journal.map(std::slice::from_ref).unwrap_or_default()).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn find(&self, id: IntegrationContractId) -> Result<Option<IntegrationContract>> {
        let row = contract::Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(db_err)?;
        row.map(IntegrationContract::try_from).transpose()
    }

    async fn latest_of(&self, persons: &[PersonId]) -> Result<Vec<IntegrationContract>> {
        if persons.is_empty() {
            return Ok(Vec::new());
        }
        let rows = contract::Entity::find()
            .filter(contract::Column::PersonId.is_in(persons.iter().map(PersonId::as_uuid)))
            .order_by_asc(contract::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        // A person has a contract or two in a lifetime: keeping the last per person in memory is cheap.
        let mut latest: HashMap<uuid::Uuid, contract::Model> = HashMap::new();
        for row in rows {
            latest.insert(row.person_id, row);
        }
        latest.into_values().map(IntegrationContract::try_from).collect()
    }

    async fn queue(
        &self,
        territories: &[Territory],
        status: Option<ContractStatus>,
        page: &PageRequest<IntegrationContractId>,
    ) -> Result<Page<IntegrationContract>> {
        if territories.is_empty() {
            return Ok(Page { items: Vec::new(), has_next: false, has_previous: false });
        }
        let mut query = contract::Entity::find()
            .filter(contract::Column::Territory.is_in(territories.iter().map(Territory::as_str)));
        if let Some(status) = status {
            query = query.filter(contract::Column::Status.eq(status.code()));
        }
        let rows =
            super::keyset::fetch(&self.db, query, contract::Column::Id, page, IntegrationContractId::as_uuid).await?;
        rows.try_map(IntegrationContract::try_from)
    }

    async fn count_queue(&self, territories: &[Territory], status: Option<ContractStatus>) -> Result<u64> {
        if territories.is_empty() {
            return Ok(0);
        }
        let mut query = contract::Entity::find()
            .filter(contract::Column::Territory.is_in(territories.iter().map(Territory::as_str)));
        if let Some(status) = status {
            query = query.filter(contract::Column::Status.eq(status.code()));
        }
        query.count(&self.db).await.map_err(db_err)
    }

    async fn events_of(&self, contracts: &[IntegrationContractId]) -> Result<Vec<IntegrationEvent>> {
        if contracts.is_empty() {
            return Ok(Vec::new());
        }
        let rows = event::Entity::find()
            .filter(event::Column::ContractId.is_in(contracts.iter().map(IntegrationContractId::as_uuid)))
            .order_by_asc(event::Column::ContractId)
            .order_by_asc(event::Column::Sequence)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(IntegrationEvent::try_from).collect()
    }

    async fn record_certification(&self, certification: &Certification, journal: Option<&AccessRecord>) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        certification::Entity::insert(certification::ActiveModel::from(certification))
            .exec_without_returning(&txn)
            .await
            .map_err(db_err)?;
        super::journal::append_on(&txn, journal.map(std::slice::from_ref).unwrap_or_default()).await?;
        txn.commit().await.map_err(db_err)
    }

    async fn certifications_of(&self, persons: &[PersonId]) -> Result<Vec<Certification>> {
        if persons.is_empty() {
            return Ok(Vec::new());
        }
        let rows = certification::Entity::find()
            .filter(certification::Column::PersonId.is_in(persons.iter().map(PersonId::as_uuid)))
            .order_by_asc(certification::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        let mut per_person: HashMap<uuid::Uuid, u64> = HashMap::new();
        rows.into_iter()
            .filter(|row| {
                let seen = per_person.entry(row.person_id).or_default();
                *seen += 1;
                *seen <= MAX_CERTIFICATIONS
            })
            .map(Certification::try_from)
            .collect()
    }

    async fn rules(&self) -> Result<Vec<IntegrationRules>> {
        let rows = integration_rule::Entity::find().all(&self.db).await.map_err(db_err)?;
        rows.into_iter().map(IntegrationRules::try_from).collect()
    }
}
