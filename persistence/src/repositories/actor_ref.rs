//! Actor references in storage: the four columns (`kind`, `id`, `role`, `organisation`) the dossier timeline
//! uses, shared by the tables of slots, appointments, payments and messages.

use hipe_domain::dossier::ActorRef;
use hipe_domain::person::PersonId;
use hipe_domain::{Error, Result};

use crate::error::corrupt;

/// The columns of one actor reference.
pub(crate) struct ActorColumns {
    pub kind: String,
    pub id: Option<String>,
    pub role: Option<String>,
    pub organisation: Option<String>,
}

/// The columns of `actor`.
pub(crate) fn columns(actor: &ActorRef) -> ActorColumns {
    let (kind, id, role, organisation) = match actor {
        ActorRef::Person => ("PERSON", None, None, None),
        ActorRef::Mandatary { account } => ("MANDATARY", Some(account.as_uuid().to_string()), None, None),
        ActorRef::System => ("SYSTEM", None, None, None),
        ActorRef::Agent { id, role, organisation } => {
            ("AGENT", Some(id.clone()), Some(role.clone()), Some(organisation.clone()))
        }
        ActorRef::Partner { client_id, name } => ("PARTNER", Some(client_id.clone()), None, Some(name.clone())),
    };
    ActorColumns { kind: kind.to_owned(), id, role, organisation }
}

/// The actor reference stored in `columns` of a `table` row.
pub(crate) fn actor(table: &'static str, columns: ActorColumns) -> Result<ActorRef> {
    let bad = |detail: String| corrupt(table, detail);
    Ok(match (columns.kind.as_str(), columns.id, columns.role, columns.organisation) {
        ("PERSON", ..) => ActorRef::Person,
        ("MANDATARY", Some(account), None, None) => ActorRef::Mandatary {
            account: uuid::Uuid::parse_str(&account)
                .map(PersonId::from_uuid)
                .map_err(|e| bad(format!("mandatary account {e}")))?,
        },
        ("SYSTEM", ..) => ActorRef::System,
        ("AGENT", Some(id), Some(role), Some(organisation)) => ActorRef::Agent { id, role, organisation },
        ("PARTNER", Some(client_id), None, Some(name)) => ActorRef::Partner { client_id, name },
        (other, ..) => return Err(bad(format!("incomplete actor of kind {other}"))),
    })
}

/// An optional actor reference: present exactly when its kind column is.
pub(crate) fn optional_actor(
    table: &'static str,
    kind: Option<String>,
    id: Option<String>,
    role: Option<String>,
    organisation: Option<String>,
) -> Result<Option<ActorRef>, Error> {
    kind.map(|kind| actor(table, ActorColumns { kind, id, role, organisation })).transpose()
}
