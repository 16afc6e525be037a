//! The first procedures of the catalogue, with the fees of the 2026 finance law (art. 128) taking effect on
//! 2 February 2026 beside the versions they superseded. Sources: `shared/reference/domain-research.md` §1.
//! Amounts whose exact value the research marks as uncertain are the ones its sources print.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &'static str {
        "m0002_catalogue"
    }
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
}

/// One catalogue row: code, version, from, until, French label, English label, legal basis, authority,
/// silence months, tax, stamp (cents).
type Row = (
    &'static str,
    i32,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<i32>,
    i32,
    i32,
);

const FEES_2026: &str = "2026-02-02";

const ROWS: &[Row] = &[
    (
        "VLS_TS_VALIDATION",
        1,
        "2019-02-18",
        None,
        "Validation du visa long séjour valant titre de séjour (VLS-TS)",
        "Validation of a long-stay visa serving as a residence permit (VLS-TS)",
        "CESEDA L.411-1, R.431-16",
        "PREFECTURE",
        None,
        20_000,
        0,
    ),
    (
        "FIRST_PERMIT_STUDENT",
        1,
        "2021-05-01",
        Some(FEES_2026),
        "Première carte de séjour temporaire « étudiant »",
        "First temporary residence permit: student",
        "CESEDA L.422-1",
        "PREFECTURE",
        Some(4),
        5_000,
        2_500,
    ),
    (
        "FIRST_PERMIT_STUDENT",
        2,
        FEES_2026,
        None,
        "Première carte de séjour temporaire « étudiant »",
        "First temporary residence permit: student",
        "CESEDA L.422-1",
        "PREFECTURE",
        Some(4),
        10_000,
        5_000,
    ),
    (
        "FIRST_PERMIT_EMPLOYEE",
        1,
        "2021-05-01",
        Some(FEES_2026),
        "Première carte de séjour temporaire « salarié »",
        "First temporary residence permit: employee",
        "CESEDA L.421-1",
        "PREFECTURE",
        Some(4),
        20_000,
        2_500,
    ),
    (
        "FIRST_PERMIT_EMPLOYEE",
        2,
        FEES_2026,
        None,
        "Première carte de séjour temporaire « salarié »",
        "First temporary residence permit: employee",
        "CESEDA L.421-1",
        "PREFECTURE",
        Some(4),
        30_000,
        5_000,
    ),
    (
        "PERMIT_RENEWAL",
        1,
        "2021-05-01",
        Some(FEES_2026),
        "Renouvellement d'un titre de séjour",
        "Renewal of a residence permit",
        "CESEDA R.431-5",
        "PREFECTURE",
        Some(4),
        20_000,
        2_500,
    ),
    (
        "PERMIT_RENEWAL",
        2,
        FEES_2026,
        None,
        "Renouvellement d'un titre de séjour",
        "Renewal of a residence permit",
        "CESEDA R.431-5",
        "PREFECTURE",
        Some(4),
        20_000,
        5_000,
    ),
    (
        "FAMILY_REUNIFICATION",
        1,
        "2021-05-01",
        None,
        "Regroupement familial",
        "Family reunification",
        "CESEDA L.434-1 to L.434-12",
        "OFII",
        Some(6),
        0,
        0,
    ),
    (
        "ASYLUM_REGISTRATION",
        1,
        "2021-05-01",
        None,
        "Enregistrement d'une demande d'asile (guichet unique)",
        "Registration of an asylum application (one-stop desk)",
        "CESEDA L.521-1",
        "PREFECTURE",
        None,
        0,
        0,
    ),
    (
        "NATURALISATION",
        1,
        "2023-02-06",
        Some(FEES_2026),
        "Naturalisation par décret",
        "Naturalisation by decree",
        "Code civil art. 21-15; CGI art. 958",
        "PREFECTURE",
        Some(18),
        0,
        5_500,
    ),
    (
        "NATURALISATION",
        2,
        FEES_2026,
        None,
        "Naturalisation par décret",
        "Naturalisation by decree",
        "Code civil art. 21-15; CGI art. 958",
        "PREFECTURE",
        Some(18),
        0,
        25_500,
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
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
        ]);
        for &(code, version, from, until, fr, en, basis, authority, silence, tax, stamp) in ROWS {
            let date = |text: &str| {
                chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map_err(|error| DbErr::Migration(format!("catalogue date {text}: {error}")))
            };
            insert
                .values([
                    code.into(),
                    version.into(),
                    date(from)?.into(),
                    until.map(date).transpose()?.into(),
                    fr.into(),
                    en.into(),
                    basis.into(),
                    authority.into(),
                    silence.into(),
                    tax.into(),
                    stamp.into(),
                ])
                .map_err(|error| DbErr::Migration(error.to_string()))?;
        }
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let codes = ROWS.iter().map(|row| row.0);
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(Procedure::Table)
                    .and_where(Expr::col(Procedure::Code).is_in(codes))
                    .to_owned(),
            )
            .await
    }
}
