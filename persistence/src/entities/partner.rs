//! `partner`: the registered partner clients.

use sea_orm::entity::prelude::*;

/// A partner client row. `scopes` holds the granted scope codes separated by spaces (as OAuth writes them);
/// `secret_hash` the PHC string of the secret's argon2id hash.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partner")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub client_id: String,
    pub name: String,
    pub scopes: String,
    pub secret_hash: String,
    pub created_at: DateTimeUtc,
    pub disabled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
