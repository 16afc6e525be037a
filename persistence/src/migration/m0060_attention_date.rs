//! The work queue's "never" date stored as 9999-12-31 (the column's default), not as the domain's
//! `NaiveDate::MAX` (+262142-12-31).
//!
//! SQLite stores dates as ISO text, and `+262142-12-31` sorts *before* every `2026-…` date: the drafts and closed
//! dossiers came first in `ix_dossier_queue`, so each work-queue page on SQLite skipped them all (about half a
//! territory's dossiers) before reaching the open ones — measured at 150 ms a page over 100,000 dossiers. PostgreSQL
//! compared correctly; both now store the same value, which sorts last under both.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0060_attention_date"
    }
}

#[derive(DeriveIden)]
enum Dossier {
    Table,
    AttentionOn,
}

fn last_day() -> Result<chrono::NaiveDate, DbErr> {
    chrono::NaiveDate::from_ymd_opt(9999, 12, 31).ok_or_else(|| DbErr::Migration("9999-12-31".to_owned()))
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .exec_stmt(
                Query::update()
                    .table(Dossier::Table)
                    .value(Dossier::AttentionOn, last_day()?)
                    .and_where(Expr::col(Dossier::AttentionOn).eq(chrono::NaiveDate::MAX))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // Nothing to undo: 9999-12-31 reads as "never" to every release, old or new.
        Ok(())
    }
}
