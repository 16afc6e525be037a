//! The "who may do what" matrix, computed from the policy functions themselves on sample actors and objects —
//! so the table in the README cannot drift from the code (a test compares them).

use std::fmt::Write as _;

use chrono::{TimeZone as _, Utc};
use uuid::Uuid;

use crate::actor::{Agent, Partner, Scope};
use crate::dossier::{Dossier, DossierAction, DossierId, DossierReference, NewDossier, policy};
use crate::integration::{IntegrationContract, IntegrationContractId, policy as integration};
use crate::journal::{self, Accessor};
use crate::mandate::{Mandatary, MandateScope};
use crate::medical::policy as medical;
use crate::partner::ClientId;
use crate::person::PersonId;
use crate::person::policy as person;
use crate::procedure::{Authority, ProcedureCode, ProcedureKey};
use crate::territory::Territory;
use crate::{Actor, AgentRole};

fn territory(code: &str) -> Territory {
    Territory::parse(code).unwrap_or_else(|_| unreachable!("sample territories are valid"))
}

fn agent(role: AgentRole, territories: &[&str]) -> Actor {
    Actor::Agent(Agent {
        id: "sample".into(),
        role,
        organisation: "sample".into(),
        territories: territories.iter().map(|t| territory(t)).collect(),
    })
}

/// A person acting for `principal` under an active mandate of `scope`.
fn mandatary(principal: PersonId, scope: MandateScope) -> Actor {
    Actor::Mandatary(Mandatary { account: PersonId::from_uuid(Uuid::from_u128(3)), principal, scope })
}

/// The sample actors, each with the row label the README shows.
fn actors(owner: PersonId) -> Vec<(&'static str, Actor)> {
    vec![
        ("the person", Actor::Person(owner)),
        ("another person", Actor::Person(PersonId::from_uuid(Uuid::from_u128(2)))),
        ("mandatary of the person with `READ`", mandatary(owner, MandateScope::Read)),
        ("mandatary of the person with `ACT`", mandatary(owner, MandateScope::Act)),
        ("prefecture desk agent of the territory", agent(AgentRole::PrefectureDesk, &["75"])),
        ("prefecture instructor of the territory", agent(AgentRole::PrefectureInstructor, &["75"])),
        ("prefecture instructor of another territory", agent(AgentRole::PrefectureInstructor, &["69"])),
        ("prefecture signatory of the territory", agent(AgentRole::PrefectureSignatory, &["75"])),
        ("OFII agent", agent(AgentRole::OfiiAgent, &["75"])),
        ("OFII doctor", agent(AgentRole::OfiiDoctor, &["75"])),
        ("auditor", agent(AgentRole::Auditor, &[])),
        (
            "partner (`permit:verify`)",
            Actor::Partner(Partner {
                client_id: ClientId::parse("prt_sample").unwrap_or_else(|_| unreachable!("a valid client id")),
                name: "p".into(),
                scopes: vec![Scope::PermitVerify],
            }),
        ),
        ("anonymous", Actor::Anonymous),
    ]
}

fn draft(owner: PersonId, by: &Actor, authority: Authority, medical_opinion_needed: bool) -> Option<Dossier> {
    let new = NewDossier {
        id: DossierId::from_uuid(Uuid::from_u128(9)),
        reference: DossierReference::generate(2026, 9),
        person: owner,
        procedure: ProcedureKey {
            code: ProcedureCode::parse("PERMIT_RENEWAL").unwrap_or_else(|_| unreachable!("valid code")),
            version: 1,
        },
        authority,
        medical_opinion_needed,
        territory: territory("75"),
        vulnerable: false,
    };
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single()?;
    Dossier::start(new, by, at).ok().map(|(dossier, _)| dossier)
}

/// The person's integration contract, run by OFII's direction of département 75.
fn integration_contract(owner: PersonId) -> Option<IntegrationContract> {
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single()?;
    let id = IntegrationContractId::from_uuid(Uuid::from_u128(10));
    let ofii = agent(AgentRole::OfiiAgent, &["75"]);
    IntegrationContract::convoke(id, owner, None, territory("75"), &ofii, at).ok().map(|(contract, _)| contract)
}

/// The matrix as a Markdown table: one row per sample actor, one column per capability, about a dossier of the
/// person filed in département 75 (the medical columns: a sick-foreigner dossier, which needs the opinion of
/// OFII's medical college; the next four: the person's entry in the register, which is not territorial; the last
/// four: the person's integration contract, run by OFII's direction of 75).
pub fn markdown() -> String {
    let owner = PersonId::from_uuid(Uuid::from_u128(1));
    let online = draft(owner, &Actor::Person(owner), Authority::Prefecture, false);
    let desk = draft(owner, &agent(AgentRole::PrefectureDesk, &["75"]), Authority::Prefecture, false);
    let ofii = draft(owner, &Actor::Person(owner), Authority::Ofii, false);
    let sick = draft(owner, &Actor::Person(owner), Authority::Prefecture, true);
    let contract = integration_contract(owner);
    let mut out = String::from(
        "| actor | sees the dossier | sees an OFII-instructed dossier | starts one for the person | submits an online draft | submits a desk draft | withdraws | searches the access journal | sees who accessed the person's file | is journaled | records a medical opinion | reads the opinion's legal answers | reads medical content | searches persons | reads the person's profile | records an identity statement | changes the person's address | runs the integration contract | follows its progress | reads its pedagogy | reads the integration results |\n|---|:-:|:-:|:-:|:-:|:-:|:-:|:-:|:-:|:-:|:-:|:-:|:-:|:-:|:-:|:-:|:-:|:-:|:-:|:-:|:-:|\n",
    );
    let mark = |yes: bool| if yes { "✓" } else { " " };
    for (label, actor) in actors(owner) {
        let may = |dossier: &Option<Dossier>, action| dossier.as_ref().is_some_and(|d| policy::may(&actor, action, d));
        let row = [
            online.as_ref().is_some_and(|d| policy::can_view(&actor, d)),
            ofii.as_ref().is_some_and(|d| policy::can_view(&actor, d)),
            policy::channel_for_start(&actor, owner, &territory("75")).is_some(),
            may(&online, DossierAction::Submit),
            may(&desk, DossierAction::Submit),
            may(&online, DossierAction::Withdraw),
            journal::can_search(&actor),
            journal::can_see_accesses_of(&actor, owner),
            Accessor::of(&actor).is_some(),
            sick.as_ref().is_some_and(|d| medical::can_record(&actor, d)),
            sick.as_ref().is_some_and(|d| medical::can_read_answers(&actor, d)),
            sick.as_ref().is_some_and(|d| medical::can_read_medical_content(&actor, d)),
            person::can_search(&actor),
            person::can_view_profile(&actor, owner),
            person::can_record_identity(&actor),
            person::can_change_address(&actor, owner),
            contract.as_ref().is_some_and(|c| integration::may_manage(&actor, c)),
            contract.as_ref().is_some_and(|c| integration::can_view(&actor, c)),
            contract.as_ref().is_some_and(|c| integration::can_view_pedagogy(&actor, c)),
            integration::can_view_results(&actor, owner),
        ];
        let _ = write!(out, "| {label} |");
        for cell in row {
            let _ = write!(out, " {} |", mark(cell));
        }
        out.push('\n');
    }
    out
}

/// The dossier's lifecycle as a Markdown table: for each action, the states it leaves from, where it leads, and who
/// may perform it — on a dossier of the person filed online in département 75 ("desk" when only on one filed at
/// the desk). Computed from [`crate::dossier::DossierStatus::after`] and [`policy::may`], like [`markdown`].
pub fn lifecycle_markdown() -> String {
    use crate::dossier::DossierStatus;
    let owner = PersonId::from_uuid(Uuid::from_u128(1));
    let online = draft(owner, &Actor::Person(owner), Authority::Prefecture, false);
    let desk = draft(owner, &agent(AgentRole::PrefectureDesk, &["75"]), Authority::Prefecture, false);
    let actors = [
        ("the person", Actor::Person(owner)),
        ("mandatary (`ACT`)", mandatary(owner, MandateScope::Act)),
        ("desk agent", agent(AgentRole::PrefectureDesk, &["75"])),
        ("instructor", agent(AgentRole::PrefectureInstructor, &["75"])),
        ("signatory", agent(AgentRole::PrefectureSignatory, &["75"])),
        ("OFII agent", agent(AgentRole::OfiiAgent, &["75"])),
    ];
    let mut out = String::from("| action | from | to |");
    for (label, _) in &actors {
        let _ = write!(out, " {label} |");
    }
    out.push_str("\n|---|---|---|");
    out.push_str(&":-:|".repeat(actors.len()));
    out.push('\n');
    for action in DossierAction::ALL {
        let moves: Vec<(DossierStatus, DossierStatus)> =
            DossierStatus::ALL.into_iter().filter_map(|from| from.after(action).map(|to| (from, to))).collect();
        let from: Vec<&str> = moves.iter().map(|(from, _)| from.code()).collect();
        let stays = moves.iter().all(|(from, to)| from == to);
        let mut to: Vec<&str> = moves.iter().map(|(_, to)| to.code()).collect();
        to.dedup();
        let to = if stays { "(stays)".to_owned() } else { to.join(", ") };
        let _ = write!(out, "| {} | {} | {to} |", action.verb(), from.join(", "));
        for (_, actor) in &actors {
            let on = |dossier: &Option<Dossier>| dossier.as_ref().is_some_and(|d| policy::may(actor, action, d));
            let cell = match (on(&online), on(&desk)) {
                (true, _) => "✓",
                (false, true) => "desk",
                (false, false) => " ",
            };
            let _ = write!(out, " {cell} |");
        }
        out.push('\n');
    }
    out.push_str("\nThe implicit refusal and the extension certificates are HIPE's clock's alone (`hipe clocks`, or the server's\nscheduler): no actor may trigger them.\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_matrix_has_a_row_per_sample_actor() {
        let table = super::markdown();
        assert_eq!(table.lines().count(), 2 + 13);
        assert!(table.contains("| the person | ✓ | ✓ | ✓ | ✓ |   | ✓ |   | ✓ |   |   | ✓ |   |"), "{table}");
        assert!(table.contains("| OFII doctor |   | ✓ |   |   |   |   |   |   | ✓ | ✓ | ✓ | ✓ |"), "{table}");
        assert!(table.contains("| OFII agent |   | ✓ |"), "{table}");
    }
}
