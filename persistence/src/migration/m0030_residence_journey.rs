//! The residence journey (issue 4): the dossier's legal dates, answers and priority; its timeline's details;
//! supporting documents, requests for documents, decisions and notifications; and the catalogue's filing windows,
//! produced documents and required documents per situation, with the residence procedures the catalogue lacked.
//!
//! `attention_on` (the work queue's order by legal risk) and `next_clock_on` (the clock job's next look) are
//! computed by the domain on every write and stored so that both lists are one index range scan.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0030_residence_journey"
    }
}

#[derive(DeriveIden)]
enum Dossier {
    Table,
    Id,
    Territory,
    Status,
    Situations,
    Answers,
    FiledAt,
    CompleteOn,
    SilenceOn,
    RenewedUntil,
    ExtendedUntil,
    OpinionReceived,
    ReasonsDueOn,
    ReasonsCommunicatedAt,
    Vulnerable,
    AssignedTo,
    AttentionOn,
    NextClockOn,
}

#[derive(DeriveIden)]
enum DossierEvent {
    Table,
    Details,
}

#[derive(DeriveIden)]
enum SupportingDocument {
    Table,
    Id,
    DossierId,
    DocumentType,
    FileReference,
    FileName,
    MediaType,
    SizeBytes,
    Sha256,
    ExpiresOn,
    Translated,
    Review,
    ReviewReason,
    AddedByKind,
    AddedById,
    AddedByRole,
    AddedByOrganisation,
    AddedAt,
}

#[derive(DeriveIden)]
enum DocumentRequest {
    Table,
    Id,
    DossierId,
    Types,
    Reason,
    DueOn,
    RequestedAt,
    AnsweredAt,
}

#[derive(DeriveIden)]
enum Decision {
    Table,
    DossierId,
    Kind,
    LegalBasis,
    Reasons,
    SignatoryKind,
    SignatoryId,
    SignatoryRole,
    SignatoryOrganisation,
    DecidedAt,
    NotifiedOn,
}

#[derive(DeriveIden)]
enum Notification {
    Table,
    Id,
    PersonId,
    DossierId,
    Key,
    Params,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Procedure {
    Table,
    Code,
    Version,
    EffectiveFrom,
    EffectiveUntil,
    LabelFr,
    LabelEn,
    LegalBasis,
    Authority,
    SilenceMonths,
    TaxCents,
    StampCents,
    FilingWindow,
    Produces,
}

#[derive(DeriveIden)]
enum ProcedureDocument {
    Table,
    ProcedureCode,
    ProcedureVersion,
    Position,
    DocumentType,
    LabelFr,
    LabelEn,
    Situation,
    MaxAgeMonths,
    TranslationRequired,
}

const FEES_2026: &str = "2026-02-02";

/// New procedures: code, French label, English label, legal basis, tax and stamp (cents), filing window, produces.
type NewProcedure =
    (&'static str, &'static str, &'static str, &'static str, i32, i32, Option<&'static str>, Option<&'static str>);

const NEW_PROCEDURES: &[NewProcedure] = &[
    (
        "FIRST_PERMIT_TEMPORARY_WORKER",
        "Première carte de séjour temporaire « travailleur temporaire »",
        "First temporary residence permit: temporary worker",
        "CESEDA L.421-3",
        30_000,
        5_000,
        None,
        Some("TEMPORARY_PERMIT|TEMPORARY_WORKER|12|FULL"),
    ),
    (
        "FIRST_PERMIT_TALENT",
        "Carte de séjour pluriannuelle « passeport talent »",
        "Multi-year residence permit: talent passport",
        "CESEDA L.421-9 to L.421-24",
        30_000,
        5_000,
        None,
        Some("MULTI_YEAR_PERMIT|TALENT_PASSPORT|48|FULL"),
    ),
    (
        "FIRST_PERMIT_PRIVATE_FAMILY_LIFE",
        "Première carte de séjour temporaire « vie privée et familiale »",
        "First temporary residence permit: private and family life",
        "CESEDA L.423-1 to L.423-23",
        30_000,
        5_000,
        None,
        Some("TEMPORARY_PERMIT|PRIVATE_AND_FAMILY_LIFE|12|FULL"),
    ),
    (
        "FIRST_PERMIT_VISITOR",
        "Première carte de séjour temporaire « visiteur »",
        "First temporary residence permit: visitor",
        "CESEDA L.426-20",
        30_000,
        5_000,
        None,
        Some("TEMPORARY_PERMIT|VISITOR|12|NONE"),
    ),
    (
        "MULTI_YEAR_PERMIT",
        "Carte de séjour pluriannuelle (après une première carte)",
        "Multi-year residence permit (after a first permit)",
        "CESEDA L.433-4",
        20_000,
        5_000,
        Some("BEFORE_EXPIRY|120|60"),
        Some("MULTI_YEAR_PERMIT||48|FULL"),
    ),
    (
        "RESIDENT_CARD",
        "Carte de résident",
        "Resident card",
        "CESEDA L.413-1, L.423-6, L.426-17",
        20_000,
        5_000,
        Some("BEFORE_EXPIRY|120|60"),
        Some("RESIDENT_CARD||120|FULL"),
    ),
    (
        "CHANGE_OF_STATUS",
        "Changement de statut (par exemple d'étudiant à salarié)",
        "Change of status (for example from student to employee)",
        "CESEDA L.433-6, R.431-5",
        20_000,
        5_000,
        Some("BEFORE_EXPIRY|120|60"),
        Some("TEMPORARY_PERMIT||12|FULL"),
    ),
    (
        "PERMIT_DUPLICATE",
        "Duplicata d'un titre de séjour (perte, vol, détérioration)",
        "Duplicate of a residence permit (loss, theft, damage)",
        "CESEDA L.436-5",
        0,
        5_000,
        None,
        None,
    ),
    (
        "TRAVEL_DOCUMENT_MINOR",
        "Document de circulation pour étranger mineur (DCEM)",
        "Travel document for a foreign minor (DCEM)",
        "CESEDA L.414-4, D.414-1",
        0,
        5_000,
        None,
        None,
    ),
];

/// Filing windows and produced documents of the procedures seeded before, every version.
const EXISTING: &[(&str, Option<&str>, Option<&str>)] = &[
    ("VLS_TS_VALIDATION", Some("AFTER_ENTRY|90"), None),
    ("FIRST_PERMIT_STUDENT", None, Some("TEMPORARY_PERMIT|STUDENT|12|LIMITED:964")),
    ("FIRST_PERMIT_EMPLOYEE", None, Some("TEMPORARY_PERMIT|EMPLOYEE|12|FULL")),
    ("FIRST_PERMIT_SICK_FOREIGNER", None, Some("TEMPORARY_PERMIT|PRIVATE_AND_FAMILY_LIFE|12|FULL")),
    ("PERMIT_RENEWAL", Some("BEFORE_EXPIRY|120|60"), Some("TEMPORARY_PERMIT||12|FULL")),
];

/// Required documents: type, French label, English label, situation, maximum age in months, translation needed.
type Doc = (&'static str, &'static str, &'static str, Option<&'static str>, Option<i32>, bool);

const PASSPORT: Doc = (
    "PASSPORT",
    "Passeport (pages d'identité et de validité)",
    "Passport (identity and validity pages)",
    None,
    None,
    false,
);
const BIRTH: Doc =
    ("BIRTH_CERTIFICATE", "Acte de naissance avec filiation", "Birth certificate with parentage", None, None, true);
const ADDRESS: Doc = (
    "PROOF_OF_ADDRESS",
    "Justificatif de domicile de moins de 6 mois",
    "Proof of address under 6 months old",
    None,
    Some(6),
    false,
);
const HOSTED: Doc = (
    "HOST_ATTESTATION",
    "Attestation d'hébergement et pièce d'identité de l'hébergeant",
    "Host's attestation and identity document",
    Some("HOSTED"),
    Some(3),
    false,
);
const PHOTO: Doc = (
    "PHOTO",
    "Photographie d'identité de moins de 6 mois",
    "Identity photograph under 6 months old",
    None,
    Some(6),
    false,
);
const CURRENT: Doc = ("CURRENT_PERMIT", "Titre de séjour en cours", "Current residence permit", None, None, false);
const MARRIED: Doc = ("MARRIAGE_CERTIFICATE", "Acte de mariage", "Marriage certificate", Some("MARRIED"), None, true);

#[expect(clippy::too_many_lines, reason = "declarative: one list of tables, columns or rows, read top to bottom")]
fn documents_of(code: &str) -> Vec<Doc> {
    let mut docs = match code {
        "VLS_TS_VALIDATION" => vec![
            PASSPORT,
            ("VISA", "Visa long séjour", "Long-stay visa", None, None, false),
            ("ENTRY_STAMP", "Cachet d'entrée en France", "Entry stamp", None, None, false),
        ],
        "FIRST_PERMIT_STUDENT" => vec![
            PASSPORT,
            BIRTH,
            ADDRESS,
            PHOTO,
            ("ENROLMENT_CERTIFICATE", "Certificat d'inscription", "Enrolment certificate", None, None, false),
            (
                "PROOF_OF_RESOURCES",
                "Justificatif de ressources (615 € par mois)",
                "Proof of resources (€615 a month)",
                None,
                Some(3),
                false,
            ),
        ],
        "FIRST_PERMIT_EMPLOYEE" | "FIRST_PERMIT_TEMPORARY_WORKER" => vec![
            PASSPORT,
            BIRTH,
            ADDRESS,
            PHOTO,
            ("WORK_AUTHORISATION", "Autorisation de travail", "Work authorisation", None, None, false),
            ("EMPLOYMENT_CONTRACT", "Contrat de travail", "Employment contract", None, None, false),
        ],
        "FIRST_PERMIT_TALENT" => vec![
            PASSPORT,
            BIRTH,
            ADDRESS,
            PHOTO,
            (
                "EMPLOYMENT_CONTRACT",
                "Contrat de travail ou projet",
                "Employment contract or project",
                None,
                None,
                false,
            ),
        ],
        "FIRST_PERMIT_SICK_FOREIGNER" | "FIRST_PERMIT_PRIVATE_FAMILY_LIFE" | "FIRST_PERMIT_VISITOR" => {
            vec![PASSPORT, BIRTH, ADDRESS, PHOTO]
        }
        "PERMIT_RENEWAL" | "MULTI_YEAR_PERMIT" | "RESIDENT_CARD" | "CHANGE_OF_STATUS" => vec![
            PASSPORT,
            CURRENT,
            ADDRESS,
            PHOTO,
            (
                "ENROLMENT_CERTIFICATE",
                "Certificat d'inscription",
                "Enrolment certificate",
                Some("STUDENT"),
                None,
                false,
            ),
            (
                "PAYSLIPS",
                "Bulletins de salaire des 3 derniers mois",
                "Payslips of the last 3 months",
                Some("EMPLOYEE"),
                Some(3),
                false,
            ),
        ],
        "PERMIT_DUPLICATE" => vec![
            PASSPORT,
            PHOTO,
            (
                "LOSS_DECLARATION",
                "Déclaration de perte ou de vol",
                "Declaration of loss or theft",
                None,
                Some(3),
                false,
            ),
        ],
        "TRAVEL_DOCUMENT_MINOR" => vec![
            ("CHILD_PASSPORT", "Passeport de l'enfant", "The child's passport", None, None, false),
            (
                "CHILD_BIRTH_CERTIFICATE",
                "Acte de naissance de l'enfant avec filiation",
                "The child's birth certificate with parentage",
                None,
                None,
                true,
            ),
            ("PARENT_PERMIT", "Titre de séjour du parent", "The parent's residence permit", None, None, false),
            ("SCHOOL_CERTIFICATE", "Certificat de scolarité", "School certificate", None, Some(3), false),
            PHOTO,
        ],
        _ => Vec::new(),
    };
    if !docs.is_empty() && code != "TRAVEL_DOCUMENT_MINOR" {
        docs.push(HOSTED);
        docs.push(MARRIED);
    }
    docs
}

fn migration_error(error: impl std::fmt::Display) -> DbErr {
    DbErr::Migration(error.to_string())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        let columns = [
            ColumnDef::new(Dossier::Situations).string().not_null().default("").to_owned(),
            ColumnDef::new(Dossier::Answers).text().not_null().default("[]").to_owned(),
            ColumnDef::new(Dossier::FiledAt).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(Dossier::CompleteOn).date().null().to_owned(),
            ColumnDef::new(Dossier::SilenceOn).date().null().to_owned(),
            ColumnDef::new(Dossier::RenewedUntil).date().null().to_owned(),
            ColumnDef::new(Dossier::ExtendedUntil).date().null().to_owned(),
            ColumnDef::new(Dossier::OpinionReceived).boolean().not_null().default(false).to_owned(),
            ColumnDef::new(Dossier::ReasonsDueOn).date().null().to_owned(),
            ColumnDef::new(Dossier::ReasonsCommunicatedAt).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(Dossier::Vulnerable).boolean().not_null().default(false).to_owned(),
            ColumnDef::new(Dossier::AssignedTo).string_len(200).null().to_owned(),
            ColumnDef::new(Dossier::AttentionOn).date().not_null().default("9999-12-31").to_owned(),
            ColumnDef::new(Dossier::NextClockOn).date().null().to_owned(),
        ];
        for mut column in columns {
            manager.alter_table(Table::alter().table(Dossier::Table).add_column(&mut column).to_owned()).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(DossierEvent::Table)
                    .add_column(ColumnDef::new(DossierEvent::Details).text().not_null().default("[]"))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("ix_dossier_queue", vec![Dossier::Territory, Dossier::AttentionOn, Dossier::Id]),
            ("ix_dossier_queue_status", vec![Dossier::Territory, Dossier::Status, Dossier::AttentionOn, Dossier::Id]),
            ("ix_dossier_next_clock", vec![Dossier::NextClockOn]),
        ] {
            let mut index = Index::create().name(name).table(Dossier::Table).to_owned();
            for column in columns {
                index.col(column);
            }
            manager.create_index(index).await?;
        }
        self.create_tables(manager).await?;
        self.extend_catalogue(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Notification::Table.into_iden(),
            Decision::Table.into_iden(),
            DocumentRequest::Table.into_iden(),
            SupportingDocument::Table.into_iden(),
            ProcedureDocument::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

impl Migration {
    #[expect(clippy::too_many_lines, reason = "declarative: one list of tables, columns or rows, read top to bottom")]
    async fn create_tables(&self, manager: &SchemaManager<'_>) -> Result<(), DbErr> {
        let dossier_fk = |name: &str, table: DynIden, column: DynIden| {
            ForeignKey::create().name(name).from(table, column).to(Dossier::Table, Dossier::Id).to_owned()
        };
        manager
            .create_table(
                Table::create()
                    .table(SupportingDocument::Table)
                    .col(ColumnDef::new(SupportingDocument::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(SupportingDocument::DossierId).uuid().not_null())
                    .col(ColumnDef::new(SupportingDocument::DocumentType).string_len(64).not_null())
                    .col(ColumnDef::new(SupportingDocument::FileReference).string_len(200).not_null())
                    .col(ColumnDef::new(SupportingDocument::FileName).string_len(400).not_null())
                    .col(ColumnDef::new(SupportingDocument::MediaType).string_len(64).not_null())
                    .col(ColumnDef::new(SupportingDocument::SizeBytes).big_integer().not_null())
                    .col(ColumnDef::new(SupportingDocument::Sha256).string_len(64).not_null())
                    .col(ColumnDef::new(SupportingDocument::ExpiresOn).date().null())
                    .col(ColumnDef::new(SupportingDocument::Translated).boolean().not_null())
                    .col(ColumnDef::new(SupportingDocument::Review).string_len(16).not_null())
                    .col(ColumnDef::new(SupportingDocument::ReviewReason).text().null())
                    .col(ColumnDef::new(SupportingDocument::AddedByKind).string_len(16).not_null())
                    .col(ColumnDef::new(SupportingDocument::AddedById).string().null())
                    .col(ColumnDef::new(SupportingDocument::AddedByRole).string().null())
                    .col(ColumnDef::new(SupportingDocument::AddedByOrganisation).string().null())
                    .col(ColumnDef::new(SupportingDocument::AddedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut dossier_fk(
                        "fk_supporting_document_dossier",
                        SupportingDocument::Table.into_iden(),
                        SupportingDocument::DossierId.into_iden(),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_supporting_document_dossier")
                    .table(SupportingDocument::Table)
                    .col(SupportingDocument::DossierId)
                    .col(SupportingDocument::AddedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DocumentRequest::Table)
                    .col(ColumnDef::new(DocumentRequest::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(DocumentRequest::DossierId).uuid().not_null())
                    .col(ColumnDef::new(DocumentRequest::Types).text().not_null())
                    .col(ColumnDef::new(DocumentRequest::Reason).text().not_null())
                    .col(ColumnDef::new(DocumentRequest::DueOn).date().not_null())
                    .col(ColumnDef::new(DocumentRequest::RequestedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(DocumentRequest::AnsweredAt).timestamp_with_time_zone().null())
                    .foreign_key(&mut dossier_fk(
                        "fk_document_request_dossier",
                        DocumentRequest::Table.into_iden(),
                        DocumentRequest::DossierId.into_iden(),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_document_request_dossier")
                    .table(DocumentRequest::Table)
                    .col(DocumentRequest::DossierId)
                    .col(DocumentRequest::RequestedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Decision::Table)
                    .col(ColumnDef::new(Decision::DossierId).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Decision::Kind).string_len(32).not_null())
                    .col(ColumnDef::new(Decision::LegalBasis).text().not_null())
                    .col(ColumnDef::new(Decision::Reasons).text().not_null())
                    .col(ColumnDef::new(Decision::SignatoryKind).string_len(16).not_null())
                    .col(ColumnDef::new(Decision::SignatoryId).string().null())
                    .col(ColumnDef::new(Decision::SignatoryRole).string().null())
                    .col(ColumnDef::new(Decision::SignatoryOrganisation).string().null())
                    .col(ColumnDef::new(Decision::DecidedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Decision::NotifiedOn).date().not_null())
                    .foreign_key(&mut dossier_fk(
                        "fk_decision_dossier",
                        Decision::Table.into_iden(),
                        Decision::DossierId.into_iden(),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Notification::Table)
                    .col(ColumnDef::new(Notification::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Notification::PersonId).uuid().not_null())
                    .col(ColumnDef::new(Notification::DossierId).uuid().null())
                    .col(ColumnDef::new(Notification::Key).string_len(100).not_null())
                    .col(ColumnDef::new(Notification::Params).text().not_null())
                    .col(ColumnDef::new(Notification::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Notification::ReadAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notification_person")
                            .from(Notification::Table, Notification::PersonId)
                            .to(Person::Table, Person::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_notification_person")
                    .table(Notification::Table)
                    .col(Notification::PersonId)
                    .col(Notification::Id)
                    .to_owned(),
            )
            .await
    }

    #[expect(clippy::too_many_lines, reason = "declarative: one list of tables, columns or rows, read top to bottom")]
    async fn extend_catalogue(&self, manager: &SchemaManager<'_>) -> Result<(), DbErr> {
        for column in [
            ColumnDef::new(Procedure::FilingWindow).string_len(64).null().to_owned(),
            ColumnDef::new(Procedure::Produces).string_len(128).null().to_owned(),
        ] {
            let mut column = column;
            manager.alter_table(Table::alter().table(Procedure::Table).add_column(&mut column).to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ProcedureDocument::Table)
                    .col(ColumnDef::new(ProcedureDocument::ProcedureCode).string_len(64).not_null())
                    .col(ColumnDef::new(ProcedureDocument::ProcedureVersion).integer().not_null())
                    .col(ColumnDef::new(ProcedureDocument::Position).integer().not_null())
                    .col(ColumnDef::new(ProcedureDocument::DocumentType).string_len(64).not_null())
                    .col(ColumnDef::new(ProcedureDocument::LabelFr).string().not_null())
                    .col(ColumnDef::new(ProcedureDocument::LabelEn).string().not_null())
                    .col(ColumnDef::new(ProcedureDocument::Situation).string_len(64).null())
                    .col(ColumnDef::new(ProcedureDocument::MaxAgeMonths).integer().null())
                    .col(ColumnDef::new(ProcedureDocument::TranslationRequired).boolean().not_null())
                    .primary_key(
                        Index::create()
                            .col(ProcedureDocument::ProcedureCode)
                            .col(ProcedureDocument::ProcedureVersion)
                            .col(ProcedureDocument::Position),
                    )
                    .to_owned(),
            )
            .await?;
        let from = chrono::NaiveDate::parse_from_str(FEES_2026, "%Y-%m-%d").map_err(migration_error)?;
        let mut insert = Query::insert();
        insert.into_table(Procedure::Table).columns([
            Procedure::Code,
            Procedure::Version,
            Procedure::EffectiveFrom,
            Procedure::EffectiveUntil,
            Procedure::LabelFr,
            Procedure::LabelEn,
            Procedure::LegalBasis,
            Procedure::Authority,
            Procedure::SilenceMonths,
            Procedure::TaxCents,
            Procedure::StampCents,
            Procedure::FilingWindow,
            Procedure::Produces,
        ]);
        for &(code, fr, en, basis, tax, stamp, window, produces) in NEW_PROCEDURES {
            insert
                .values([
                    code.into(),
                    1.into(),
                    from.into(),
                    Option::<chrono::NaiveDate>::None.into(),
                    fr.into(),
                    en.into(),
                    basis.into(),
                    "PREFECTURE".into(),
                    Some(4).into(),
                    tax.into(),
                    stamp.into(),
                    window.into(),
                    produces.into(),
                ])
                .map_err(migration_error)?;
        }
        manager.exec_stmt(insert).await?;
        for &(code, window, produces) in EXISTING {
            manager
                .exec_stmt(
                    Query::update()
                        .table(Procedure::Table)
                        .values([(Procedure::FilingWindow, window.into()), (Procedure::Produces, produces.into())])
                        .and_where(Expr::col(Procedure::Code).eq(code))
                        .to_owned(),
                )
                .await?;
        }
        // Required documents, for every version of every procedure that has some.
        let versions: Vec<(String, i32)> = {
            let statement =
                Query::select().columns([Procedure::Code, Procedure::Version]).from(Procedure::Table).to_owned();
            let connection = manager.get_connection();
            let backend = connection.get_database_backend();
            let rows = connection.query_all_raw(backend.build(&statement)).await?;
            rows.iter()
                .map(|row| Ok((row.try_get::<String>("", "code")?, row.try_get::<i32>("", "version")?)))
                .collect::<Result<_, DbErr>>()?
        };
        let mut insert = Query::insert();
        insert.into_table(ProcedureDocument::Table).columns([
            ProcedureDocument::ProcedureCode,
            ProcedureDocument::ProcedureVersion,
            ProcedureDocument::Position,
            ProcedureDocument::DocumentType,
            ProcedureDocument::LabelFr,
            ProcedureDocument::LabelEn,
            ProcedureDocument::Situation,
            ProcedureDocument::MaxAgeMonths,
            ProcedureDocument::TranslationRequired,
        ]);
        let mut any = false;
        for (code, version) in versions {
            for (position, (kind, fr, en, situation, max_age, translation)) in
                documents_of(&code).into_iter().enumerate()
            {
                any = true;
                insert
                    .values([
                        code.clone().into(),
                        version.into(),
                        <i32 as TryFrom<usize>>::try_from(position).map_err(migration_error)?.into(),
                        kind.into(),
                        fr.into(),
                        en.into(),
                        situation.into(),
                        max_age.into(),
                        translation.into(),
                    ])
                    .map_err(migration_error)?;
            }
        }
        if any {
            manager.exec_stmt(insert).await?;
        }
        Ok(())
    }
}
