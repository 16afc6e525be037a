//! Dossiers record who instructs them (from the catalogue version they were filed under), so that OFII's agents
//! see the dossiers OFII instructs without a join at every read. Existing rows take it from their procedure.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0009_dossier_authority"
    }
}

#[derive(DeriveIden)]
enum Dossier {
    Table,
    Authority,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Dossier::Table)
                    .add_column(ColumnDef::new(Dossier::Authority).string_len(32).not_null().default("PREFECTURE"))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE dossier SET authority = (SELECT p.authority FROM procedure p \
                 WHERE p.code = dossier.procedure_code AND p.version = dossier.procedure_version)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Dossier::Table).drop_column(Dossier::Authority).to_owned()).await
    }
}
