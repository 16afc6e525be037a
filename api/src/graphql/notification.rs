//! The person's notifications: an i18n key and its parameters, and the sentence in the caller's language for
//! front ends that do not carry their own translations.

use async_graphql::{Context, ID, InputObject, Object, Result, SimpleObject};
use hipe_domain::notification::Notification;
use hipe_domain::pagination::Page;

use super::connection::{PageInfo, page_request, weight};
use super::context::{Locale, request, services};
use super::dossier::NameValue;
use super::error::ApiError;
use super::id;
use super::scalars::DateTime;

/// Something the person was told.
pub struct NotificationNode(Notification);

/// The sentence of `key` in `locale`, with `{name}` placeholders filled from `params`.
fn render(key: &str, params: &[(String, String)], locale: Locale) -> String {
    let (fr, en) = match key {
        "dossier.depositCertificateIssued" => (
            "Demande {reference} déposée : votre attestation de dépôt n° {number} est disponible.",
            "Application {reference} filed: your deposit certificate no. {number} is available.",
        ),
        "dossier.documentsRequested" => (
            "Demande {reference} : des pièces sont demandées ({types}) avant le {dueOn}.",
            "Application {reference}: documents are requested ({types}) by {dueOn}.",
        ),
        "dossier.documentReviewed" => (
            "Demande {reference} : une pièce ({type}) a été examinée.",
            "Application {reference}: a document ({type}) was reviewed.",
        ),
        "dossier.declaredComplete" => (
            "Demande {reference} complète le {completeOn} ; sans décision, elle sera implicitement rejetée le {silenceOn}.",
            "Application {reference} complete on {completeOn}; without a decision it is implicitly refused on {silenceOn}.",
        ),
        "dossier.granted" => ("Demande {reference} acceptée.", "Application {reference} granted."),
        "dossier.refused" => ("Demande {reference} refusée.", "Application {reference} refused."),
        "dossier.implicitlyRefused" => (
            "Demande {reference} implicitement rejetée le {silenceOn} : vous pouvez en demander les motifs.",
            "Application {reference} implicitly refused on {silenceOn}: you may ask for the reasons.",
        ),
        "dossier.extensionCertificateIssued" => (
            "Demande {reference} : attestation de prolongation n° {number} valable jusqu'au {validUntil}.",
            "Application {reference}: extension certificate no. {number} valid until {validUntil}.",
        ),
        "dossier.reasonsCommunicated" => (
            "Demande {reference} : les motifs du rejet implicite vous ont été communiqués.",
            "Application {reference}: the reasons of the implicit refusal were communicated.",
        ),
        "dossier.permitAvailable" => (
            "Demande {reference} : votre titre est disponible en préfecture.",
            "Application {reference}: your permit is ready at the prefecture.",
        ),
        "permit.renewalWindowOpened" => (
            "Votre titre n° {number} expire le {validUntil} : demandez son renouvellement entre le {opensOn} et le {closesOn}.",
            "Your permit no. {number} ends on {validUntil}: apply for its renewal between {opensOn} and {closesOn}.",
        ),
        "asylum.certificateIssued" => (
            "Votre attestation de demande d'asile n° {number} est valable jusqu'au {validUntil}.",
            "Your asylum seeker certificate no. {number} is valid until {validUntil}.",
        ),
        "asylum.receptionSuspended" => (
            "Vos conditions matérielles d'accueil sont suspendues depuis le {from} ({reason}) : l'allocation n'est plus versée.",
            "Your reception conditions are suspended from {from} ({reason}): the allowance is no longer paid.",
        ),
        "asylum.receptionReinstated" => (
            "Vos conditions matérielles d'accueil sont rétablies depuis le {from}.",
            "Your reception conditions are reinstated from {from}.",
        ),
        "asylum.receptionEnding" => (
            "Une décision définitive a été rendue sur votre demande d'asile : vos conditions d'accueil prennent fin le {closesOn}.",
            "A final decision was taken on your asylum claim: your reception conditions end on {closesOn}.",
        ),
        "returnAid.eligible" => (
            "Vous êtes éligible à l'aide au retour : une allocation de {allowance} € vous sera versée au départ.",
            "You are eligible for return aid: an allowance of {allowance} € will be paid at your departure.",
        ),
        "returnAid.ineligible" => (
            "Votre demande d'aide au retour ne remplit pas les conditions ({reasons}).",
            "Your return aid request does not meet the conditions ({reasons}).",
        ),
        "returnAid.departureBooked" => (
            "Votre départ avec l'aide au retour est prévu le {departureOn}.",
            "Your departure with return aid is booked for {departureOn}.",
        ),
        _ => ("Nouvelle information sur votre demande {reference}.", "News about your application {reference}."),
    };
    let mut text = match locale {
        Locale::Fr => fr,
        Locale::En => en,
    }
    .to_owned();
    for (name, value) in params {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

#[Object(name = "Notification")]
impl NotificationNode {
    /// Id.
    async fn id(&self) -> ID {
        id::notification(self.0.id)
    }

    /// The i18n key (`dossier.submitted`): stable, for front ends with their own translations.
    async fn key(&self) -> &str {
        &self.0.key
    }

    /// The message's parameters.
    async fn params(&self) -> Vec<NameValue> {
        self.0.params.iter().map(|(name, value)| NameValue { name: name.clone(), value: value.clone() }).collect()
    }

    /// The message in the caller's language.
    async fn message(&self, ctx: &Context<'_>) -> String {
        render(&self.0.key, &self.0.params, request(ctx).locale)
    }

    /// The dossier it is about, as a global id.
    async fn dossier_id(&self) -> Option<ID> {
        self.0.dossier.map(id::dossier)
    }

    /// When.
    async fn created_at(&self) -> DateTime {
        DateTime(self.0.created_at)
    }

    /// When it was read; null while unread.
    async fn read_at(&self) -> Option<DateTime> {
        self.0.read_at.map(DateTime)
    }
}

/// A page of notifications, newest first.
pub struct NotificationConnection(Page<Notification>);

#[Object]
impl NotificationConnection {
    /// The notifications of this page.
    async fn nodes(&self) -> Vec<NotificationNode> {
        self.0.items.iter().cloned().map(NotificationNode).collect()
    }

    /// Paging information (cursors are the notifications' own).
    async fn page_info(&self) -> PageInfo {
        PageInfo::of(&self.0, |n| n.id.as_uuid())
    }
}

/// The person's notification queries.
#[derive(Default)]
pub struct NotificationQuery;

#[Object]
impl NotificationQuery {
    /// Your notifications, newest first; only the unread ones with `unreadOnly: true`.
    #[graphql(visible = "super::audience::mobile", complexity = "weight(first, last, child_complexity)")]
    async fn notifications(
        &self,
        ctx: &Context<'_>,
        unread_only: Option<bool>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<NotificationConnection> {
        let Some(person) = request(ctx).actor.person() else {
            return Err(ApiError::Forbidden("only a person has notifications".into()).into());
        };
        let page = page_request(first, after, last, before, hipe_domain::notification::NotificationId::from_uuid)?;
        let found = services(ctx)
            .notifications
            .list_for_person(person, unread_only.unwrap_or(false), &page)
            .await
            .map_err(ApiError::from)?;
        Ok(NotificationConnection(found))
    }
}

/// Input of `markNotificationsRead`.
#[derive(Debug, InputObject)]
pub struct MarkNotificationsReadInput {
    /// The newest notification read: it and every older one are marked read.
    pub up_to: ID,
}

/// Result of `markNotificationsRead`.
#[derive(Debug, SimpleObject)]
pub struct MarkNotificationsReadPayload {
    /// How many notifications changed.
    pub marked: i32,
}

/// The person's notification mutations.
#[derive(Default)]
pub struct NotificationMutation;

#[Object]
impl NotificationMutation {
    /// Marks your notifications read, up to and including `upTo`.
    #[graphql(visible = "super::audience::mobile")]
    async fn mark_notifications_read(
        &self,
        ctx: &Context<'_>,
        input: MarkNotificationsReadInput,
    ) -> Result<MarkNotificationsReadPayload> {
        let Some(person) = request(ctx).actor.person() else {
            return Err(ApiError::Forbidden("only a person has notifications".into()).into());
        };
        let up_to = id::notification_id(&input.up_to)?;
        let now = services(ctx).clock.now();
        let marked = services(ctx).notifications.mark_read(person, up_to, now).await.map_err(ApiError::from)?;
        Ok(MarkNotificationsReadPayload { marked: i32::try_from(marked).unwrap_or(i32::MAX) })
    }
}
