//! The query plans of the hot reads — the work-queue page and the person search — as the database would run them.
//!
//! Each plan is the plan of the very statement the repository sends (built by the same function,
//! `work_queue_query` or `search_query`, with the same bound values), explained with `EXPLAIN (FORMAT JSON)` on
//! PostgreSQL and `EXPLAIN QUERY PLAN` on SQLite. The EXPLAIN tests read them and fail when a big table is read
//! whole: at a million dossiers, one sequential scan is the difference between a millisecond and a second.
//!
//! Diagnostics only: nothing here runs while serving.

use std::fmt;

use hipe_domain::Result;
use hipe_domain::dossier::{QueueCursor, WorkQueueFilter};
use hipe_domain::pagination::PageRequest;
use hipe_domain::person::PersonId;
use hipe_domain::person::search::PersonSearch;
use sea_orm::{ConnectionTrait as _, DatabaseConnection, DbBackend, QueryTrait as _, Statement};

use crate::error::{corrupt, db_err};
use crate::repositories::{dossier, person_profile};

/// One step of a plan that reads a table or an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// The table read.
    pub table: String,
    /// The index used, if any: `None` is a full read of the table (a PostgreSQL `Seq Scan`, a SQLite `SCAN t`).
    pub index: Option<String>,
    /// The engine's own words for the step (`Index Scan`, `SEARCH dossier USING INDEX …`).
    pub operation: String,
}

/// The plan of one statement.
#[derive(Debug, Clone)]
pub struct QueryPlan {
    /// The statement explained (with placeholders; the values were bound as the repository binds them).
    pub sql: String,
    /// Every table access in the plan.
    pub accesses: Vec<Access>,
    /// The engine's plan as it printed it, for failure messages.
    pub raw: String,
}

impl QueryPlan {
    /// The tables among `tables` that the plan reads whole (no index).
    pub fn full_scans_of<'a>(&'a self, tables: &[&str]) -> Vec<&'a str> {
        self.accesses
            .iter()
            .filter(|a| a.index.is_none() && tables.contains(&a.table.as_str()))
            .map(|a| a.table.as_str())
            .collect()
    }

    /// Whether the plan uses `index`.
    pub fn uses_index(&self, index: &str) -> bool {
        self.accesses.iter().any(|a| a.index.as_deref() == Some(index))
    }
}

impl fmt::Display for QueryPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n--\n{}", self.sql, self.raw)
    }
}

/// Explains the hot reads on a pool.
#[derive(Debug, Clone)]
pub struct QueryPlans {
    db: DatabaseConnection,
}

impl QueryPlans {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// The plan of a work-queue page.
    ///
    /// # Errors
    /// [`hipe_domain::Error::Storage`] when the database refuses the statement.
    pub async fn work_queue(&self, filter: &WorkQueueFilter, page: &PageRequest<QueueCursor>) -> Result<QueryPlan> {
        self.explain(dossier::work_queue_statement(filter, page, self.db.get_database_backend())).await
    }

    /// The plan of a page of the person search.
    ///
    /// # Errors
    /// [`hipe_domain::Error::Storage`] when the database refuses the statement.
    pub async fn person_search(&self, search: &PersonSearch, page: &PageRequest<PersonId>) -> Result<QueryPlan> {
        let backend = self.db.get_database_backend();
        self.explain(person_profile::search_query(search, page).build(backend)).await
    }

    async fn explain(&self, statement: Statement) -> Result<QueryPlan> {
        let backend = statement.db_backend;
        let values = statement.values.clone().map(|v| v.0).unwrap_or_default();
        let sql = statement.sql.clone();
        if backend == DbBackend::Sqlite {
            let explain = Statement::from_sql_and_values(backend, format!("EXPLAIN QUERY PLAN {sql}"), values);
            let rows = self.db.query_all_raw(explain).await.map_err(db_err)?;
            let details = rows
                .iter()
                .map(|row| row.try_get::<String>("", "detail"))
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(db_err)?;
            let accesses = details.iter().filter_map(|detail| sqlite_access(detail)).collect();
            Ok(QueryPlan { sql, accesses, raw: details.join("\n") })
        } else {
            let explain = Statement::from_sql_and_values(backend, format!("EXPLAIN (FORMAT JSON) {sql}"), values);
            let row =
                self.db.query_one_raw(explain).await.map_err(db_err)?.ok_or_else(|| corrupt("explain", "no plan"))?;
            let plan: serde_json::Value = row.try_get("", "QUERY PLAN").map_err(db_err)?;
            let mut accesses = Vec::new();
            postgres_accesses(&plan, &mut accesses);
            Ok(QueryPlan { sql, accesses, raw: serde_json::to_string_pretty(&plan).unwrap_or_default() })
        }
    }
}

/// A SQLite `EXPLAIN QUERY PLAN` line that reads a table: `SCAN t`, `SCAN t USING INDEX i`,
/// `SEARCH t USING COVERING INDEX i (…)`, `SEARCH t USING INTEGER PRIMARY KEY (…)`.
fn sqlite_access(detail: &str) -> Option<Access> {
    let rest = detail.strip_prefix("SCAN ").or_else(|| detail.strip_prefix("SEARCH "))?;
    let table = rest.split_whitespace().next()?.to_owned();
    let index = rest
        .split_once(" INDEX ")
        .map(|(_, after)| after.split_whitespace().next().unwrap_or_default().to_owned())
        .or_else(|| rest.contains("PRIMARY KEY").then(|| "PRIMARY KEY".to_owned()));
    Some(Access { table, index, operation: detail.to_owned() })
}

/// Collects every node of a PostgreSQL JSON plan that reads a relation.
fn postgres_accesses(node: &serde_json::Value, out: &mut Vec<Access>) {
    match node {
        serde_json::Value::Array(items) => items.iter().for_each(|item| postgres_accesses(item, out)),
        serde_json::Value::Object(fields) => {
            if let Some(table) = fields.get("Relation Name").and_then(serde_json::Value::as_str) {
                let operation = fields.get("Node Type").and_then(serde_json::Value::as_str).unwrap_or_default();
                // A bitmap heap scan names no index: its child, the bitmap index scan, does. Only a sequential
                // scan reads the table whole.
                let index = (operation != "Seq Scan").then(|| {
                    fields.get("Index Name").and_then(serde_json::Value::as_str).unwrap_or(operation).to_owned()
                });
                out.push(Access { table: table.to_owned(), index, operation: operation.to_owned() });
            }
            fields.values().for_each(|value| postgres_accesses(value, out));
        }
        _ => {}
    }
}
