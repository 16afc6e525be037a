//! Message threads per dossier: `sendMessage`, `markMessagesRead` and `Dossier.messages`, for whoever may view the
//! dossier (the person and their mandataries, prefecture agents of the territory, OFII agents on the dossiers they
//! see). An agent's message shows their role and organisation — never their name or id.

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use hipe_domain::Error;
use hipe_domain::dossier::Dossier;
use hipe_domain::message::{Message, MessageBody, Side as DomainSide, can_read_visible_thread, commands};

use super::appointment::acted_by;
use super::context::{request, services};
use super::dossier::EventActor;
use super::error::{UserError, user_error};
use super::id;
use super::loaders::{Loaders, load_error};
use super::scalars::DateTime;

/// The side of a thread a message was written from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum MessageSide {
    /// The person or their mandatary.
    Applicant,
    /// A prefecture or OFII service.
    Administration,
}

/// A message of a dossier's thread.
pub struct MessageNode(pub Message);

#[Object(name = "Message", visible = "super::audience::dossier_readers")]
impl MessageNode {
    /// Id.
    async fn id(&self) -> ID {
        id::message(self.0.id())
    }

    /// The side it was written from.
    async fn side(&self) -> MessageSide {
        match self.0.side() {
            DomainSide::Applicant => MessageSide::Applicant,
            DomainSide::Administration => MessageSide::Administration,
        }
    }

    /// Who wrote it: for an agent, their role and organisation only.
    async fn author(&self) -> EventActor {
        acted_by(self.0.author())
    }

    /// What.
    async fn body(&self) -> &str {
        self.0.body().as_str()
    }

    /// When it was sent.
    async fn sent_at(&self) -> DateTime {
        DateTime(self.0.sent_at())
    }

    /// When the other side read it (`markMessagesRead`).
    async fn read_at(&self) -> Option<DateTime> {
        self.0.read_at().map(DateTime)
    }
}

/// `Dossier.messages`: the thread of a dossier the caller sees, oldest first.
pub async fn of_dossier(ctx: &Context<'_>, dossier: &Dossier) -> Result<Vec<MessageNode>> {
    if !can_read_visible_thread(&request(ctx).actor) {
        return Ok(Vec::new());
    }
    let loaders = ctx.data_unchecked::<Loaders>();
    let found = loaders.messages.load_one(dossier.id()).await.map_err(|e| load_error(&e))?;
    Ok(found.unwrap_or_default().into_iter().map(MessageNode).collect())
}

/// Input of `sendMessage`.
#[derive(Debug, InputObject)]
pub struct SendMessageInput {
    /// The dossier whose thread it goes to.
    pub dossier_id: ID,
    /// What (1–5000 characters).
    pub body: String,
}

/// Result of `sendMessage`.
#[derive(SimpleObject)]
pub struct SendMessagePayload {
    /// The message; null when refused.
    pub message: Option<MessageNode>,
    /// Why the mutation was refused, when it was.
    pub user_errors: Vec<UserError>,
}

/// Input of `markMessagesRead`.
#[derive(Debug, InputObject)]
pub struct MarkMessagesReadInput {
    /// The dossier whose thread was read.
    pub dossier_id: ID,
}

/// Result of `markMessagesRead`.
#[derive(SimpleObject)]
pub struct MarkMessagesReadPayload {
    /// How many of the other side's messages were newly marked read.
    pub marked: i32,
    /// Why the mutation was refused, when it was.
    pub user_errors: Vec<UserError>,
}

/// Message mutations.
#[derive(Default)]
pub struct MessageMutation;

#[Object]
impl MessageMutation {
    /// Writes on a dossier's thread.
    #[graphql(visible = "super::audience::dossier_readers")]
    async fn send_message(&self, ctx: &Context<'_>, input: SendMessageInput) -> Result<SendMessagePayload> {
        let dossier = id::dossier_id(&input.dossier_id)?;
        let outcome = match MessageBody::parse(&input.body) {
            Ok(body) => commands::send(&services(ctx).message_ports(), &request(ctx).caller(), dossier, body).await,
            Err(error) => Err(error),
        };
        match outcome {
            Ok(message) => {
                request(ctx).reveal(message.person());
                Ok(SendMessagePayload { message: Some(MessageNode(message)), user_errors: Vec::new() })
            }
            Err(error) => Ok(SendMessagePayload { message: None, user_errors: vec![user_error(error)?] }),
        }
    }

    /// Marks the other side's messages of a dossier's thread as read now.
    #[graphql(visible = "super::audience::dossier_readers")]
    async fn mark_messages_read(
        &self,
        ctx: &Context<'_>,
        input: MarkMessagesReadInput,
    ) -> Result<MarkMessagesReadPayload> {
        let dossier = id::dossier_id(&input.dossier_id)?;
        let outcome: Result<u64, Error> =
            commands::mark_read(&services(ctx).message_ports(), &request(ctx).caller(), dossier).await;
        match outcome {
            Ok(marked) => Ok(MarkMessagesReadPayload {
                marked: i32::try_from(marked).unwrap_or(i32::MAX),
                user_errors: Vec::new(),
            }),
            Err(error) => Ok(MarkMessagesReadPayload { marked: 0, user_errors: vec![user_error(error)?] }),
        }
    }
}
