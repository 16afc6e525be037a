//! Partner clients on sea-orm.

use async_trait::async_trait;
use hipe_domain::partner::{ClientId, PartnerClient, PartnerParts, PartnerRepository, SecretHash, policy};
use hipe_domain::{Error, Result};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _,
};

use crate::entities::partner::{ActiveModel, Column, Entity, Model};
use crate::error::{corrupt, db_err};

/// [`PartnerRepository`] over the `partner` table.
#[derive(Debug, Clone)]
pub struct SeaPartnerRepository {
    db: DatabaseConnection,
}

impl SeaPartnerRepository {
    pub(crate) const fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

impl TryFrom<Model> for PartnerClient {
    type Error = Error;

    fn try_from(row: Model) -> Result<Self> {
        let bad = |detail: &dyn std::fmt::Display| corrupt("partner", detail.to_string());
        PartnerClient::restore(PartnerParts {
            client_id: ClientId::parse(&row.client_id).map_err(|e| bad(&e))?,
            name: row.name,
            // Codes this version does not know are dropped: a newer replica may have granted them.
            scopes: policy::parse_scope_string(&row.scopes),
            secret_hash: SecretHash::parse(&row.secret_hash).map_err(|e| bad(&e))?,
            created_at: row.created_at,
            disabled_at: row.disabled_at,
        })
        .map_err(|e| bad(&e))
    }
}

impl From<&PartnerClient> for ActiveModel {
    fn from(client: &PartnerClient) -> Self {
        Self {
            client_id: Set(client.client_id().as_str().to_owned()),
            name: Set(client.name().to_owned()),
            scopes: Set(policy::scope_string(client.scopes())),
            secret_hash: Set(client.secret_hash().as_str().to_owned()),
            created_at: Set(client.created_at()),
            disabled_at: Set(client.disabled_at()),
        }
    }
}

#[async_trait]
impl PartnerRepository for SeaPartnerRepository {
    async fn insert(&self, client: &PartnerClient) -> Result<()> {
        Entity::insert(ActiveModel::from(client)).exec_without_returning(&self.db).await.map_err(db_err)?;
        Ok(())
    }

    async fn save(&self, client: &PartnerClient) -> Result<()> {
        let changes = ActiveModel {
            secret_hash: Set(client.secret_hash().as_str().to_owned()),
            disabled_at: Set(client.disabled_at()),
            ..ActiveModel::default()
        };
        let result = Entity::update_many()
            .set(changes)
            .filter(Column::ClientId.eq(client.client_id().as_str()))
            .exec(&self.db)
            .await
            .map_err(db_err)?;
        if result.rows_affected == 0 {
            return Err(Error::NotFound { entity: "partner client" });
        }
        Ok(())
    }

    async fn find(&self, id: &ClientId) -> Result<Option<PartnerClient>> {
        let row = Entity::find_by_id(id.as_str().to_owned()).one(&self.db).await.map_err(db_err)?;
        row.map(PartnerClient::try_from).transpose()
    }

    async fn list(&self) -> Result<Vec<PartnerClient>> {
        let rows = Entity::find()
            .order_by_asc(Column::CreatedAt)
            .order_by_asc(Column::ClientId)
            .all(&self.db)
            .await
            .map_err(db_err)?;
        rows.into_iter().map(PartnerClient::try_from).collect()
    }
}
