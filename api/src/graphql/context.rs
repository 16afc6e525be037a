//! What every resolver reads from the request: who is asking, in which language, under which request id, and
//! the services (ports) to ask.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use async_graphql::Context;
use hipe_domain::dossier::DossierRepository;
use hipe_domain::dossier::commands::{Caller, Ports};
use hipe_domain::ids::IdSource;
use hipe_domain::journal::{AccessJournal, RequestTrace};
use hipe_domain::medical::MedicalOpinionRepository;
use hipe_domain::partner::PartnerRepository;
use hipe_domain::permit::ResidenceDocumentRepository;
use hipe_domain::person::{PersonId, PersonRepository};
use hipe_domain::procedure::ProcedureCatalogue;
use hipe_domain::{Actor, Clock};

/// The language of labels, chosen from `Accept-Language`; French by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    /// French.
    #[default]
    Fr,
    /// English.
    En,
}

impl Locale {
    /// Picks the preferred supported language of an `Accept-Language` value (RFC 9110 §12.5.4).
    pub fn from_accept_language(header: Option<&str>) -> Self {
        let Some(header) = header else { return Self::Fr };
        let mut best: Option<(f32, Self)> = None;
        for (tag, quality) in crate::http::negotiation::weighted(header) {
            let locale = match tag.split('-').next() {
                Some("fr") => Self::Fr,
                Some("en") => Self::En,
                _ => continue,
            };
            if quality > 0.0 && best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, locale));
            }
        }
        best.map_or(Self::Fr, |(_, locale)| locale)
    }
}

/// Per-request facts.
#[derive(Debug)]
pub struct RequestContext {
    /// Who is asking.
    pub actor: Actor,
    /// Label language.
    pub locale: Locale,
    /// The operation and request id, for the journal (the request id is also echoed in masked errors).
    pub trace: RequestTrace,
    /// Persons whose data this request showed; journaled before the answer leaves (see `http::graphql`).
    revealed: Mutex<BTreeSet<PersonId>>,
}

impl RequestContext {
    /// A context for `actor`.
    pub fn new(actor: Actor, locale: Locale, trace: RequestTrace) -> Self {
        Self { actor, locale, trace, revealed: Mutex::new(BTreeSet::new()) }
    }

    /// Notes that the answer shows `person`'s data.
    pub fn reveal(&self, person: PersonId) {
        if let Ok(mut revealed) = self.revealed.lock() {
            revealed.insert(person);
        }
    }

    /// The persons whose data the answer shows.
    pub fn revealed(&self) -> Vec<PersonId> {
        self.revealed.lock().map(|r| r.iter().copied().collect()).unwrap_or_default()
    }

    /// The caller, as the use cases record it.
    pub fn caller(&self) -> Caller {
        Caller { actor: self.actor.clone(), trace: self.trace.clone() }
    }
}

/// The ports the resolvers use, shared by all requests.
#[derive(Clone)]
pub struct Services {
    /// Persons.
    pub persons: Arc<dyn PersonRepository>,
    /// Dossiers.
    pub dossiers: Arc<dyn DossierRepository>,
    /// The college's opinions (the medical compartment).
    pub medical_opinions: Arc<dyn MedicalOpinionRepository>,
    /// The catalogue.
    pub catalogue: Arc<dyn ProcedureCatalogue>,
    /// The access journal.
    pub journal: Arc<dyn AccessJournal>,
    /// Partner clients.
    pub partners: Arc<dyn PartnerRepository>,
    /// Residence documents.
    pub documents: Arc<dyn ResidenceDocumentRepository>,
    /// Mandates.
    pub mandates: Arc<dyn hipe_domain::mandate::MandateRepository>,
    /// Notifications.
    pub notifications: Arc<dyn hipe_domain::notification::NotificationRepository>,
    /// Persons' profiles and the person search.
    pub profiles: Arc<dyn hipe_domain::person::PersonProfileRepository>,
    /// Appointment slots and appointments.
    pub appointments: Arc<dyn hipe_domain::appointment::AppointmentRepository>,
    /// Tax-stamp payments.
    pub payments: Arc<dyn hipe_domain::payment::PaymentRepository>,
    /// Message threads.
    pub messages: Arc<dyn hipe_domain::message::MessageRepository>,
    /// Integration contracts and certifications.
    pub integration: Arc<dyn hipe_domain::integration::IntegrationRepository>,
    /// Medical cases (the sick-foreigner flow in OFII's medical service).
    pub medical_cases: Arc<dyn hipe_domain::medical::MedicalCaseRepository>,
    /// Asylum files and the reception catalogue.
    pub asylum: Arc<dyn hipe_domain::asylum::AsylumRepository>,
    /// OFII's family-reunification records and their dated rules.
    pub family_reunifications: Arc<dyn hipe_domain::family_reunification::FamilyReunificationRepository>,
    /// OFII's medical visits of newcomers.
    pub medical_visits: Arc<dyn hipe_domain::medical::MedicalVisitRepository>,
    /// OFII's return-aid files and their catalogue.
    pub return_aid: Arc<dyn hipe_domain::return_aid::ReturnAidRepository>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Fresh identifiers.
    pub ids: Arc<dyn IdSource>,
}

impl Services {
    /// The domain's view of the same ports.
    pub fn ports(&self) -> Ports<'_> {
        Ports {
            dossiers: self.dossiers.as_ref(),
            persons: self.persons.as_ref(),
            mandates: self.mandates.as_ref(),
            residence_documents: self.documents.as_ref(),
            catalogue: self.catalogue.as_ref(),
            clock: self.clock.as_ref(),
            ids: self.ids.as_ref(),
        }
    }

    /// The ports of the mandate use cases.
    pub fn mandate_ports(&self) -> hipe_domain::mandate::commands::Ports<'_> {
        hipe_domain::mandate::commands::Ports {
            mandates: self.mandates.as_ref(),
            clock: self.clock.as_ref(),
            ids: self.ids.as_ref(),
        }
    }

    /// The ports of the person use cases.
    pub fn person_ports(&self) -> hipe_domain::person::commands::Ports<'_> {
        hipe_domain::person::commands::Ports {
            persons: self.persons.as_ref(),
            profiles: self.profiles.as_ref(),
            clock: self.clock.as_ref(),
        }
    }

    /// The ports of the appointment use cases.
    pub fn appointment_ports(&self) -> hipe_domain::appointment::commands::Ports<'_> {
        hipe_domain::appointment::commands::Ports { dossier: self.ports(), appointments: self.appointments.as_ref() }
    }

    /// The ports of the payment use cases.
    pub fn payment_ports(&self) -> hipe_domain::payment::commands::Ports<'_> {
        hipe_domain::payment::commands::Ports { dossier: self.ports(), payments: self.payments.as_ref() }
    }

    /// The ports of the message use cases.
    pub fn message_ports(&self) -> hipe_domain::message::commands::Ports<'_> {
        hipe_domain::message::commands::Ports { dossier: self.ports(), messages: self.messages.as_ref() }
    }

    /// The ports of the asylum use cases.
    pub fn asylum_ports(&self) -> hipe_domain::asylum::commands::Ports<'_> {
        hipe_domain::asylum::commands::Ports {
            dossier: self.ports(),
            asylum: self.asylum.as_ref(),
            appointments: self.appointments.as_ref(),
        }
    }

    /// The ports of the return-aid use cases.
    pub fn return_aid_ports(&self) -> hipe_domain::return_aid::commands::Ports<'_> {
        hipe_domain::return_aid::commands::Ports { dossier: self.ports(), return_aid: self.return_aid.as_ref() }
    }

    /// The ports of the integration use cases.
    pub fn integration_ports(&self) -> hipe_domain::integration::commands::Ports<'_> {
        hipe_domain::integration::commands::Ports { dossier: self.ports(), integration: self.integration.as_ref() }
    }

    /// The ports of the medical use cases.
    pub fn medical_ports(&self) -> hipe_domain::medical::commands::Ports<'_> {
        hipe_domain::medical::commands::Ports { dossier: self.ports(), cases: self.medical_cases.as_ref() }
    }

    /// The ports of the family-reunification use cases.
    pub fn family_reunification_ports(&self) -> hipe_domain::family_reunification::commands::Ports<'_> {
        hipe_domain::family_reunification::commands::Ports {
            dossier: self.ports(),
            reunifications: self.family_reunifications.as_ref(),
        }
    }

    /// The ports of the medical visit's use cases.
    pub fn medical_visit_ports(&self) -> hipe_domain::medical::visit_commands::Ports<'_> {
        hipe_domain::medical::visit_commands::Ports {
            dossier: self.ports(),
            appointments: self.appointments.as_ref(),
            visits: self.medical_visits.as_ref(),
        }
    }

    /// The ports of the partners' verification.
    pub fn verify_ports(&self) -> hipe_domain::permit::verify::Ports<'_> {
        hipe_domain::permit::verify::Ports { documents: self.documents.as_ref(), persons: self.persons.as_ref() }
    }
}

/// The request's facts. The HTTP handler always attaches them (shared, so it can read what was revealed).
pub fn request<'a>(ctx: &Context<'a>) -> &'a RequestContext {
    ctx.data_unchecked::<Arc<RequestContext>>()
}

/// The shared services. The HTTP handler always attaches them.
pub fn services<'a>(ctx: &Context<'a>) -> &'a Services {
    ctx.data_unchecked::<Services>()
}

#[cfg(test)]
mod tests {
    use super::Locale;

    #[test]
    fn accept_language_picks_the_preferred_supported_language() {
        assert_eq!(Locale::from_accept_language(None), Locale::Fr);
        assert_eq!(Locale::from_accept_language(Some("en-GB,en;q=0.9")), Locale::En);
        assert_eq!(Locale::from_accept_language(Some("de, en;q=0.5, fr;q=0.8")), Locale::Fr);
        assert_eq!(Locale::from_accept_language(Some("ar, en;q=0.1")), Locale::En);
        assert_eq!(Locale::from_accept_language(Some("de")), Locale::Fr);
        assert_eq!(Locale::from_accept_language(Some("en;q=0")), Locale::Fr);
    }
}
