//! The message use cases: post on a dossier's thread, and mark the other side's messages read.

use super::{Message, MessageBody, MessageRepository, Side, can_read};
use crate::dossier::DossierId;
use crate::dossier::commands::{Caller, Ports as DossierPorts, acting_for, find_visible};
use crate::{Error, Result};

/// The ports the message use cases need: the dossier's, plus the messages.
pub struct Ports<'a> {
    /// Dossiers, persons, mandates, time, identifiers.
    pub dossier: DossierPorts<'a>,
    /// Messages.
    pub messages: &'a dyn MessageRepository,
}

/// Posts a message on a dossier's thread.
///
/// # Errors
/// [`Error::Unauthenticated`]; [`Error::NotFound`] when the dossier is missing or not visible;
/// [`Error::NotAllowed`] (a mandatary with `Read`, an auditor); [`Error::Storage`]. Nothing is written on error.
pub async fn send(ports: &Ports<'_>, caller: &Caller, dossier: DossierId, body: MessageBody) -> Result<Message> {
    let dossier = find_visible(&ports.dossier, &caller.actor, dossier).await?;
    let acting = acting_for(&ports.dossier, &caller.actor, dossier.person()).await?;
    let now = ports.dossier.clock.now();
    let message = Message::send(ports.dossier.ids.message(), &dossier, body, &acting, now)?;
    let journal = caller.write_entry(ports.dossier.ids, dossier.person(), now);
    ports.messages.send(&message, journal.as_ref()).await?;
    Ok(message)
}

/// Marks the other side's unread messages of a dossier's thread as read now; returns how many.
///
/// # Errors
/// As [`send`] for the dossier; [`Error::NotAllowed`] when the actor reads no thread.
pub async fn mark_read(ports: &Ports<'_>, caller: &Caller, dossier: DossierId) -> Result<u64> {
    let dossier = find_visible(&ports.dossier, &caller.actor, dossier).await?;
    let acting = acting_for(&ports.dossier, &caller.actor, dossier.person()).await?;
    let side = Side::of(&acting).filter(|_| can_read(&acting, &dossier));
    let Some(side) = side else {
        return Err(Error::NotAllowed { action: "read the messages of", entity: "dossier" });
    };
    ports.messages.mark_read(dossier.id(), side.other(), ports.dossier.clock.now()).await
}
