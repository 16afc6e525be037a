//! The storage port for partner clients.

use async_trait::async_trait;

use super::{ClientId, PartnerClient};
use crate::Result;

/// Stores and finds partner clients. Implemented by `hipe-persistence` on SQLite and PostgreSQL.
#[async_trait]
pub trait PartnerRepository: Send + Sync {
    /// Records a new client.
    ///
    /// # Errors
    /// [`crate::Error::Duplicate`] when the client id is taken; [`crate::Error::Storage`] when storage fails.
    async fn insert(&self, client: &PartnerClient) -> Result<()>;

    /// Saves what may change on a client: its secret hash and when it was disabled.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`] when no such client is stored; [`crate::Error::Storage`] when storage fails.
    async fn save(&self, client: &PartnerClient) -> Result<()>;

    /// Finds a client by id.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn find(&self, id: &ClientId) -> Result<Option<PartnerClient>>;

    /// Every client, oldest first (a handful: clients are registered by hand).
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn list(&self) -> Result<Vec<PartnerClient>>;
}
