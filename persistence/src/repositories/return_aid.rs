//! Return-aid files, their timeline and catalogue on sea-orm. A change saves, in one transaction: the file with a
//! version check in the `UPDATE` itself, the event, the notification and the journal entry. "One open file per
//! person" is the unique index on `open_key`; "only once" is [`ReturnAidRepository::received_before`], asked while
//! no other file of the person can be open.

use async_trait::async_trait;
use hipe_domain::pagination::{Page, PageRequest};
use hipe_domain::person::PersonId;
use hipe_domain::return_aid::{
    AllowanceRates, CountryGroup, EligibilityRules, Facts, Household, Ineligibility, ReturnAidCatalogue,
    ReturnAidChange, ReturnAidEvent, ReturnAidFile, ReturnAidFileId, ReturnAidFileParts, ReturnAidRepository,
    ReturnAidStatus, Situation,
};
use hipe_domain::territory::Territory;
use hipe_domain::{Error, Refusal, Result};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, DatabaseTransaction, EntityTrait as _, PaginatorTrait as _,
    QueryFilter as _, QueryOrder as _, TransactionTrait as _,
};

use super::actor_ref::columns;
use super::{from_column, to_column};
use crate::entities::{
    notification, return_aid_event as event, return_aid_file as file, return_aid_rate as rate, return_aid_rule as rule,
};
use crate::error::{corrupt, db_err, parse_code};

const T: &str = "return_aid_file";

/// [`ReturnAidRepository`] over the `return_aid_*` tables.
#[derive(Debug, Clone)]
pub struct SeaReturnAidRepository {
    db: DatabaseConnection,
}

impl SeaReturnAidRepository {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

/// The statuses whose files count as aid received (the "only once" rule).
const RECEIVED: [ReturnAidStatus; 3] =
    [ReturnAidStatus::Eligible, ReturnAidStatus::DepartureBooked, ReturnAidStatus::Departed];

fn facts_of(row: &file::Model) -> Result<Option<Facts>> {
    let bad = |detail: String| corrupt(T, detail);
    match (&row.nationality, row.months_in_france, &row.situation, &row.country_group, row.adults, row.children) {
        (Some(nationality), Some(months), Some(situation), Some(group), Some(adults), Some(children)) => {
            let household = Household::new(i64::from(adults), i64::from(children)).map_err(|e| bad(e.to_string()))?;
            Facts::new(
                nationality,
                u32::try_from(months).map_err(|_| bad(format!("months in France {months}")))?,
                parse_code(T, "situation", situation, Situation::parse)?,
                parse_code(T, "country group", group, CountryGroup::parse)?,
                household,
            )
            .map(Some)
            .map_err(|e| bad(e.to_string()))
        }
        (None, None, None, None, None, None) => Ok(None),
        _ => Err(bad("partial facts".into())),
    }
}

fn file_of(row: &file::Model) -> Result<ReturnAidFile> {
    let bad = |detail: String| corrupt(T, detail);
    let ineligibility = row
        .ineligibility
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|c| parse_code(T, "criterion", c, Ineligibility::parse))
        .collect::<Result<Vec<_>>>()?;
    ReturnAidFile::restore(ReturnAidFileParts {
        id: ReturnAidFileId::from_uuid(row.id),
        person: PersonId::from_uuid(row.person_id),
        territory: Territory::parse(&row.territory).map_err(|e| bad(e.to_string()))?,
        version: from_column(T, row.version)?,
        status: parse_code(T, "status", &row.status, ReturnAidStatus::parse)?,
        requested_at: row.requested_at,
        facts: facts_of(row)?,
        allowance_cents: row
            .allowance_cents
            .map(|c| u64::try_from(c).map_err(|_| bad(format!("allowance {c}"))))
            .transpose()?,
        ineligibility,
        departure_on: row.departure_on,
        departed_on: row.departed_on,
    })
    .map_err(|e| bad(e.to_string()))
}

fn file_row(f: &ReturnAidFile) -> Result<file::ActiveModel> {
    let facts = f.facts();
    let household = facts.map(|x| x.household);
    Ok(file::ActiveModel {
        id: Set(f.id().as_uuid()),
        person_id: Set(f.person().as_uuid()),
        territory: Set(f.territory().as_str().to_owned()),
        version: Set(to_column(f.version())?),
        status: Set(f.status().code().to_owned()),
        open_key: Set(f.is_open().then(|| f.person().as_uuid().to_string())),
        requested_at: Set(f.requested_at()),
        nationality: Set(facts.map(|x| x.nationality.clone())),
        months_in_france: Set(facts
            .map(|x| i32::try_from(x.months_in_france).map_err(|_| Error::invalid("monthsInFrance", "out of range")))
            .transpose()?),
        situation: Set(facts.map(|x| x.situation.code().to_owned())),
        country_group: Set(facts.map(|x| x.country_group.code().to_owned())),
        adults: Set(household.map(|h| i32::from(h.adults()))),
        children: Set(household.map(|h| i32::from(h.children()))),
        allowance_cents: Set(f
            .allowance_cents()
            .map(|c| i64::try_from(c).map_err(|_| Error::invalid("allowance", "out of range")))
            .transpose()?),
        ineligibility: Set(f.ineligibility().iter().map(|r| r.code()).collect::<Vec<_>>().join(",")),
        departure_on: Set(f.departure_on()),
        departed_on: Set(f.departed_on()),
    })
}

fn event_row(e: &ReturnAidEvent) -> Result<event::ActiveModel> {
    let who = columns(&e.actor);
    Ok(event::ActiveModel {
        file_id: Set(e.file.as_uuid()),
        sequence: Set(to_column(e.sequence)?),
        action: Set(e.action.code().to_owned()),
        at: Set(e.at),
        actor_kind: Set(who.kind),
        actor_id: Set(who.id),
        actor_role: Set(who.role),
        actor_organisation: Set(who.organisation),
    })
}

impl SeaReturnAidRepository {
    /// Writes the file of `change` inside `txn`: inserted, or updated if the version still matches.
    async fn write_file(txn: &DatabaseTransaction, change: &ReturnAidChange<'_>) -> Result<()> {
        let f = change.file;
        let Some(previous) = change.previous_version else {
            let inserted = file::Entity::insert(file_row(f)?).exec_without_returning(txn).await.map_err(db_err);
            return match inserted {
                Ok(_) => Ok(()),
                Err(Error::Duplicate { what: "open return-aid file" }) => {
                    Err(Error::Refused(Refusal::ReturnAidAlreadyOpen))
                }
                Err(error) => Err(error),
            };
        };
        let mut row = file_row(f)?;
        row.id = sea_orm::ActiveValue::NotSet;
        let columns = (file::Column::Id, file::Column::Version);
        super::versioned::update(txn, row, columns, f.id().as_uuid(), previous, "return-aid file").await
    }
}

#[async_trait]
impl ReturnAidRepository for SeaReturnAidRepository {
    async fn save(&self, change: ReturnAidChange<'_>) -> Result<()> {
        let txn = self.db.begin().await.map_err(db_err)?;
        let written = async {
            Self::write_file(&txn, &change).await?;
            event::Entity::insert(event_row(change.event)?).exec_without_returning(&txn).await.map_err(db_err)?;
            if let Some(told) = change.notification {
                notification::Entity::insert(super::notification::row(told))
                    .exec_without_returning(&txn)
                    .await
                    .map_err(db_err)?;
            }
            super::journal::append_on(&txn, change.journal.map(std::slice::from_ref).unwrap_or_default()).await
        }
        .await;
        match written {
            Ok(()) => txn.commit().await.map_err(db_err),
            Err(error) => {
                txn.rollback().await.map_err(db_err)?;
                Err(error)
            }
        }
    }

    async fn find(&self, id: ReturnAidFileId) -> Result<Option<ReturnAidFile>> {
        let row = file::Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(db_err)?;
        row.as_ref().map(file_of).transpose()
    }

    async fn of_persons(&self, persons: &[PersonId]) -> Result<Vec<ReturnAidFile>> {
        if persons.is_empty() {
            return Ok(Vec::new());
        }
        let rows = file::Entity::find()
            .filter(file::Column::PersonId.is_in(persons.iter().map(PersonId::as_uuid)))
            .order_by_asc(file::Column::Id)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.iter().map(file_of).collect()
    }

    async fn received_before(&self, person: PersonId, except: ReturnAidFileId) -> Result<bool> {
        let found = file::Entity::find()
            .filter(file::Column::PersonId.eq(person.as_uuid()))
            .filter(file::Column::Id.ne(except.as_uuid()))
            .filter(file::Column::Status.is_in(RECEIVED.iter().map(|s| s.code())))
            .count(&self.db)
            .await
            .map_err(db_err)?;
        Ok(found > 0)
    }

    async fn queue(
        &self,
        territories: &[Territory],
        status: Option<ReturnAidStatus>,
        page: &PageRequest<ReturnAidFileId>,
    ) -> Result<Page<ReturnAidFile>> {
        if territories.is_empty() {
            return Ok(Page { items: Vec::new(), has_next: false, has_previous: false });
        }
        let mut query =
            file::Entity::find().filter(file::Column::Territory.is_in(territories.iter().map(Territory::as_str)));
        if let Some(status) = status {
            query = query.filter(file::Column::Status.eq(status.code()));
        }
        let rows = super::keyset::fetch(&self.db, query, file::Column::Id, page, ReturnAidFileId::as_uuid).await?;
        rows.try_map(|row| file_of(&row))
    }

    async fn catalogue(&self) -> Result<ReturnAidCatalogue> {
        let rules =
            rule::Entity::find().order_by_asc(rule::Column::EffectiveFrom).all(&self.db).await.map_err(db_err)?;
        let rates =
            rate::Entity::find().order_by_asc(rate::Column::EffectiveFrom).all(&self.db).await.map_err(db_err)?;
        let cents = |value: i32| u32::try_from(value).map_err(|_| corrupt("return_aid_rate", "negative amount"));
        Ok(ReturnAidCatalogue {
            rules: rules
                .into_iter()
                .map(|row| {
                    Ok(EligibilityRules {
                        effective_from: row.effective_from,
                        min_months_in_france: u32::try_from(row.min_months_in_france)
                            .map_err(|_| corrupt("return_aid_rule", "negative months"))?,
                        excluded_nationalities: row
                            .excluded_nationalities
                            .split(',')
                            .map(str::trim)
                            .filter(|c| !c.is_empty())
                            .map(str::to_owned)
                            .collect(),
                    })
                })
                .collect::<Result<_>>()?,
            rates: rates
                .into_iter()
                .map(|row| {
                    Ok(AllowanceRates {
                        effective_from: row.effective_from,
                        group: parse_code("return_aid_rate", "country group", &row.country_group, CountryGroup::parse)?,
                        per_adult_cents: cents(row.per_adult_cents)?,
                        per_child_cents: cents(row.per_child_cents)?,
                    })
                })
                .collect::<Result<_>>()?,
        })
    }
}
