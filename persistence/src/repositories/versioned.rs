//! Optimistic concurrency for every aggregate stored with a `version` column: the version check and the write are
//! one `UPDATE … WHERE id = ? AND version = ?`, so two concurrent writers cannot both pass it.

use hipe_domain::{Error, Result};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter as _, QuerySelect as _};
use uuid::Uuid;

use super::to_column;
use crate::error::db_err;

/// Writes `row` (its id column left unset) over the row `id` if it still holds `previous`.
///
/// # Errors
/// [`Error::StaleVersion`] naming `entity` and the version found (0 when the row is gone) when another write came
/// first; [`Error::Storage`].
pub(crate) async fn update<A, E>(
    db: &impl ConnectionTrait,
    row: A,
    (id_column, version_column): (E::Column, E::Column),
    id: Uuid,
    previous: u32,
    entity: &'static str,
) -> Result<()>
where
    A: ActiveModelTrait<Entity = E>,
    E: EntityTrait,
{
    let updated = E::update_many()
        .set(row)
        .filter(id_column.eq(id))
        .filter(version_column.eq(to_column(previous)?))
        .exec(db)
        .await
        .map_err(db_err)?;
    if updated.rows_affected == 1 {
        return Ok(());
    }
    let found: Option<i32> = E::find()
        .select_only()
        .column(version_column)
        .filter(id_column.eq(id))
        .into_tuple()
        .one(db)
        .await
        .map_err(db_err)?;
    let actual = found.and_then(|v| u32::try_from(v).ok()).unwrap_or(0);
    Err(Error::StaleVersion { entity, expected: previous, actual })
}
