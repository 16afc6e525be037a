//! The storage port for persons.

use async_trait::async_trait;

use super::{Person, PersonId};
use crate::Result;

/// Stores and finds persons. Implemented by `hipe-persistence` on SQLite and PostgreSQL.
#[async_trait]
pub trait PersonRepository: Send + Sync {
    /// Records a new person.
    ///
    /// # Errors
    /// [`crate::Error::Duplicate`] when the id or the foreigner number is already taken;
    /// [`crate::Error::Storage`] when storage fails.
    async fn insert(&self, person: &Person) -> Result<()>;

    /// Finds a person by id.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn find(&self, id: PersonId) -> Result<Option<Person>>;

    /// Finds several persons at once (for DataLoaders); missing ids are simply absent from the answer.
    ///
    /// # Errors
    /// [`crate::Error::Storage`] when storage fails.
    async fn find_many(&self, ids: &[PersonId]) -> Result<Vec<Person>>;
}
