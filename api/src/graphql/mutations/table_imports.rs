//! Lists people bring as spreadsheets (XLSX, or CSV in UTF-8), uploaded as
//! GraphQL multipart requests: the units of the province and a unit's
//! survey forms. A refused file is `VALIDATION` on `file`, its message
//! naming every problem's sheet, row and column, and changes nothing.

use async_graphql::{Context, ID, Object, SimpleObject, Upload};
use chamdiem_commands::gate::{ImportAccounts, ImportSurveyForms, ImportUnits};
use chamdiem_commands::policy::Action;
use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_domain::self_assessment::SurveySource;
use chamdiem_domain::table_file::{Table, read_table_file};

use super::accounts::IssuedAccount;
use super::id;
use super::upload::{ReceivedFile, name_the_file, receive};
use crate::graphql::caller::Caller;
use crate::graphql::command_runner::{invalid, run};

/// What an imported file changed.
#[derive(SimpleObject)]
pub struct ImportSummary {
    /// Records added now (units registered, forms recorded).
    pub added: u32,
    /// Records already there just as the file has them, left alone.
    pub unchanged: u32,
}

/// An account issued from a sheet, with its row.
#[derive(SimpleObject)]
pub struct AccountFromSheet {
    /// Its row in the sheet.
    pub row: u32,
    /// The account, with its temporary password.
    pub issued: IssuedAccount,
}

/// Imports of spreadsheet lists.
#[derive(Default)]
pub struct TableImportMutation;

#[Object]
impl TableImportMutation {
    /// Registers the units of a list laid out like `units-thanh-hoa.csv`:
    /// `code`, `name`, `kind` (code or Vietnamese name of the kind) and an
    /// optional `parent` (the parent's code). Units already registered as
    /// the file has them are left alone, so a file may be imported again.
    async fn upload_units(
        &self,
        context: &Context<'_>,
        file: Upload,
    ) -> async_graphql::Result<ImportSummary> {
        // A caller who may not import learns nothing about the file.
        Caller::of(context).authorized(&Action::ManageUnits)?;
        let table = table_of(context, &file)?;
        let done = run(context, ImportUnits { table })
            .await
            .map_err(name_the_file)?;
        Ok(ImportSummary {
            added: done.registered,
            unchanged: done.unchanged,
        })
    }

    /// Issues the accounts of a sheet (administrators): columns `username`,
    /// `name`, `role` (as the API names it or in Vietnamese: nhập liệu,
    /// thẩm định, quản lý, kiểm toán), `unit` (the unit's code, data-entry
    /// accounts), `department` (appraisers) and `permissions` (data-entry
    /// permissions separated by commas; the defaults when empty). The whole
    /// sheet is checked before any account is issued; the answer lists
    /// each account with its temporary password, for a sheet to hand out.
    async fn import_accounts(
        &self,
        context: &Context<'_>,
        file: Upload,
    ) -> async_graphql::Result<Vec<AccountFromSheet>> {
        // A caller who may not issue accounts learns nothing about the file.
        Caller::of(context).authorized(&Action::IssueAccount)?;
        let table = table_of(context, &file)?;
        let issued = run(context, ImportAccounts { table })
            .await
            .map_err(name_the_file)?;
        Ok(issued
            .into_iter()
            .map(|account| AccountFromSheet {
                row: u32::try_from(account.row).unwrap_or(u32::MAX),
                issued: account.credentials.into(),
            })
            .collect())
    }

    /// Records a unit's survey forms from a file: `form` (the number on the
    /// paper form), `respondent_group`, and one column per survey leaf
    /// headed by its code, answered A, B, C or D. All forms are recorded
    /// together or none; forms already recorded as the file has them are
    /// left alone.
    async fn upload_survey_forms(
        &self,
        context: &Context<'_>,
        period_id: ID,
        unit_id: ID,
        file: Upload,
    ) -> async_graphql::Result<ImportSummary> {
        survey_forms(context, (&period_id, &unit_id), SurveySource::Unit, &file).await
    }

    /// Sở Nội vụ records the survey forms it collected about a unit, in the
    /// same layout as `uploadSurveyForms`: until the end of appraisal round
    /// 2 and before results, whether or not the unit has submitted. They
    /// score the unit's survey leaves together with the unit's own forms,
    /// and are not part of the report the unit's leader approves.
    async fn upload_province_survey_forms(
        &self,
        context: &Context<'_>,
        period_id: ID,
        unit_id: ID,
        file: Upload,
    ) -> async_graphql::Result<ImportSummary> {
        survey_forms(
            context,
            (&period_id, &unit_id),
            SurveySource::Province,
            &file,
        )
        .await
    }
}

/// Records the survey forms of `file` for a unit, as `source` records them.
async fn survey_forms(
    context: &Context<'_>,
    (period_id, unit_id): (&ID, &ID),
    source: SurveySource,
    file: &Upload,
) -> async_graphql::Result<ImportSummary> {
    let period: PeriodId = id("periodId", period_id)?;
    let unit: UnitId = id("unitId", unit_id)?;
    // A caller who may not record learns nothing about the file.
    Caller::of(context).authorized(&match source {
        SurveySource::Unit => Action::EditSelfAssessment { unit },
        SurveySource::Province => Action::ManagePeriods,
    })?;
    let table = table_of(context, file)?;
    let done = run(
        context,
        ImportSurveyForms {
            period,
            unit,
            source,
            table,
        },
    )
    .await
    .map_err(name_the_file)?;
    Ok(ImportSummary {
        added: done.recorded,
        unchanged: done.unchanged,
    })
}

/// The upload read as a table, or `VALIDATION` on `file`.
fn table_of(context: &Context<'_>, file: &Upload) -> async_graphql::Result<Table> {
    let ReceivedFile {
        media_type,
        content,
        ..
    } = receive(context, file)?;
    read_table_file(&content, &media_type).map_err(|e| invalid("file", e))
}
