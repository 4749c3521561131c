//! A period's corrections after provisional results, as each caller may
//! read them: the window for complaints, the complaints and their answers,
//! the leaves reopened, and every version of the results with what
//! changed from the one before and why.

use async_graphql::{Context, ID, Object, SimpleObject};
use chamdiem_commands::policy::Action;
use chamdiem_commands::results_view::ResultsView;
use chamdiem_commands::sessions::Principal;
use chamdiem_commands::store::Database;
use chamdiem_domain::account::Role;
use chamdiem_domain::ids::{PeriodId, UnitId};
use chamdiem_domain::period::{Complaint, Correction, LeafReopening, Period, PeriodStatus};
use chamdiem_domain::results::{UnitChange, version_changes};
use chamdiem_projections::queries::{
    RankingState, ResultsVersionRow, period_state, results_version_content, results_versions,
    version_rows,
};
use chamdiem_projections::results_visibility::visible_ranking;
use chrono::{DateTime, NaiveDate, Utc};

use super::caller::Caller;
use super::decimal::Decimal;
use super::enums::ComplaintOutcomeGql;
use super::evidence_item::EvidenceItem;
use super::read_queries::{RankingEntry, ranking_entries, read_error};

/// A period's corrections after provisional results.
pub struct PeriodCorrections {
    /// The period.
    pub period: PeriodId,
}

/// A unit's complaint on one leaf of its provisional results.
#[derive(SimpleObject)]
#[graphql(name = "Complaint")]
pub struct ComplaintNode {
    /// Its number in the period.
    pub no: u32,
    /// The unit.
    pub unit_id: ID,
    /// The unit's code.
    pub unit_code: String,
    /// The leaf.
    pub leaf_code: String,
    /// Why the unit asks for the score to change.
    pub reason: String,
    /// Files given in support.
    pub evidence: Vec<EvidenceItem>,
    /// The results version it was lodged against.
    pub version: u32,
    /// Upheld or rejected, once answered.
    pub outcome: Option<ComplaintOutcomeGql>,
    /// The answer, once given.
    pub answer: Option<String>,
    /// Who answered.
    pub answered_by: Option<ID>,
}

impl From<&Complaint> for ComplaintNode {
    fn from(complaint: &Complaint) -> Self {
        Self {
            no: complaint.no.0,
            unit_id: ID(complaint.unit_id.to_string()),
            unit_code: complaint.unit_code.to_string(),
            leaf_code: complaint.leaf.to_string(),
            reason: complaint.reason.clone(),
            evidence: complaint.evidence.iter().map(Into::into).collect(),
            version: complaint.version.0,
            outcome: complaint.answer.as_ref().map(|a| a.outcome.into()),
            answer: complaint.answer.as_ref().map(|a| a.text.clone()),
            answered_by: complaint.answer.as_ref().map(|a| ID(a.by.to_string())),
        }
    }
}

/// A leaf reopened on its appraiser's worksheet.
#[derive(SimpleObject)]
#[graphql(name = "LeafReopening")]
pub struct LeafReopeningNode {
    /// Its number in the period.
    pub no: u32,
    /// The unit.
    pub unit_id: ID,
    /// The unit's code.
    pub unit_code: String,
    /// The leaf.
    pub leaf_code: String,
    /// The appraiser who scores it again; none when nobody appraises the
    /// leaf and the unit scores it again on its scorecard.
    pub appraiser_id: Option<ID>,
    /// Why.
    pub reason: String,
    /// The upheld complaint it answers.
    pub complaint_no: Option<u32>,
    /// The version that took its new score in; none while it waits.
    pub settled_in: Option<u32>,
}

impl From<&LeafReopening> for LeafReopeningNode {
    fn from(reopening: &LeafReopening) -> Self {
        Self {
            no: reopening.no.0,
            unit_id: ID(reopening.unit_id.to_string()),
            unit_code: reopening.unit_code.to_string(),
            leaf_code: reopening.leaf.to_string(),
            appraiser_id: reopening.appraiser.map(|a| ID(a.to_string())),
            reason: reopening.reason.clone(),
            complaint_no: reopening.complaint.map(|c| c.0),
            settled_in: reopening.settled_in.map(|v| v.0),
        }
    }
}

/// A reopened leaf scored again, as a version took it in.
#[derive(SimpleObject)]
#[graphql(name = "ResultsCorrection")]
pub struct CorrectionNode {
    /// The reopening it settles.
    pub reopening_no: u32,
    /// The unit.
    pub unit_id: ID,
    /// The unit's code.
    pub unit_code: String,
    /// The leaf.
    pub leaf_code: String,
    /// The appraised score before.
    pub before: Option<Decimal>,
    /// The score given again.
    pub after: Decimal,
    /// The appraiser's reason.
    pub reason: String,
    /// The upheld complaint it answers.
    pub complaint_no: Option<u32>,
}

impl From<&Correction> for CorrectionNode {
    fn from(correction: &Correction) -> Self {
        Self {
            reopening_no: correction.reopening.0,
            unit_id: ID(correction.unit_id.to_string()),
            unit_code: correction.unit_code.to_string(),
            leaf_code: correction.leaf.to_string(),
            before: correction.before.map(Into::into),
            after: correction.after.into(),
            reason: correction.reason.clone(),
            complaint_no: correction.complaint.map(|c| c.0),
        }
    }
}

/// One leaf whose final score differs from the version before.
#[derive(SimpleObject)]
pub struct LeafScoreChange {
    /// The leaf.
    pub leaf_code: String,
    /// Its final score before.
    pub before: Decimal,
    /// Its final score now.
    pub after: Decimal,
}

/// One unit whose result differs from the version before.
#[derive(SimpleObject)]
#[graphql(name = "UnitResultChange")]
pub struct UnitChangeNode {
    /// The unit.
    pub unit_id: ID,
    /// Its code.
    pub unit_code: String,
    /// Its rank before.
    pub rank_before: u32,
    /// Its rank now.
    pub rank_after: u32,
    /// Its index before, two places as shown.
    pub index_before: Decimal,
    /// Its index now, two places as shown.
    pub index_after: Decimal,
    /// The leaves whose final score changed.
    pub leaves: Vec<LeafScoreChange>,
}

impl UnitChangeNode {
    fn of(change: &UnitChange) -> async_graphql::Result<Self> {
        let shown = |index: &chamdiem_domain::scoring::Index| {
            index
                .rounded()
                .map(Decimal::from)
                .map_err(|e| async_graphql::Error::new(e.to_string()))
        };
        Ok(Self {
            unit_id: ID(change.unit_id.to_string()),
            unit_code: change.unit_code.to_string(),
            rank_before: change.rank.0,
            rank_after: change.rank.1,
            index_before: shown(&change.index.0)?,
            index_after: shown(&change.index.1)?,
            leaves: change
                .leaves
                .iter()
                .map(|leaf| LeafScoreChange {
                    leaf_code: leaf.code.to_string(),
                    before: leaf.before.into(),
                    after: leaf.after.into(),
                })
                .collect(),
        })
    }
}

/// The appraisal council's agreement on a version of the results.
#[derive(SimpleObject)]
#[graphql(name = "CouncilAgreement")]
pub struct CouncilAgreementNode {
    /// The version agreed on.
    pub version: u32,
    /// The day the council met.
    pub date: NaiveDate,
    /// The members present.
    pub members: Vec<String>,
    /// The signed minutes (`GET /evidence/{contentHash}`).
    pub minutes: EvidenceItem,
}

/// The People's Committee's decision the results were published with.
#[derive(SimpleObject)]
#[graphql(name = "PublicationDecision")]
pub struct PublicationDecisionNode {
    /// Its number.
    pub number: String,
    /// Its date.
    pub date: NaiveDate,
    /// The signed decision (`GET /evidence/{contentHash}`).
    pub signed: EvidenceItem,
}

/// Whether `caller` reads what closes the results before they are public:
/// the Sở Nội vụ, its leaders and auditors.
fn reads_closing(caller: &Principal, period: &Period) -> bool {
    period.status() == Some(PeriodStatus::Published)
        || matches!(caller.role, Role::Admin | Role::Manager | Role::Auditor)
}

/// One version of a period's results.
pub struct ResultsVersionNode {
    period: PeriodId,
    row: ResultsVersionRow,
    view: ResultsView,
    published: bool,
    state: RankingState,
}

#[Object(name = "ResultsVersion")]
impl ResultsVersionNode {
    /// Its number: 1 for the first aggregation.
    async fn version(&self) -> u32 {
        self.row.version.0
    }

    /// When it was aggregated.
    async fn aggregated_at(&self) -> DateTime<Utc> {
        self.row.aggregated_at
    }

    /// Why it was aggregated again (none for the first).
    async fn reason(&self) -> Option<&str> {
        self.row.reason.as_deref()
    }

    /// The reopened leaves it took in, with their scores before and after
    /// and why (a unit sees its own before publication).
    async fn corrections(&self) -> Vec<CorrectionNode> {
        self.row
            .corrections
            .iter()
            .filter(|c| self.view.shows(c.unit_id, self.published))
            .map(Into::into)
            .collect()
    }

    /// What changed from the version before, unit by unit (empty for the
    /// first; a unit sees its own before publication).
    async fn changes(&self, context: &Context<'_>) -> async_graphql::Result<Vec<UnitChangeNode>> {
        let Some(previous) = self.row.version.0.checked_sub(1).filter(|v| *v > 0) else {
            return Ok(Vec::new());
        };
        let database = context.data::<Database>()?;
        let (Some(before), Some(after)) = (
            results_version_content(
                database,
                self.period,
                chamdiem_domain::period::ResultsVersion(previous),
            )
            .await
            .map_err(read_error)?,
            results_version_content(database, self.period, self.row.version)
                .await
                .map_err(read_error)?,
        ) else {
            return Ok(Vec::new());
        };
        version_changes(&before, &after)
            .iter()
            .filter(|c| self.view.shows(c.unit_id, self.published))
            .map(UnitChangeNode::of)
            .collect()
    }

    /// Its ranking, block by block, best first, as far as the caller sees.
    async fn ranking(&self, context: &Context<'_>) -> async_graphql::Result<Vec<RankingEntry>> {
        let results =
            results_version_content(context.data::<Database>()?, self.period, self.row.version)
                .await
                .map_err(read_error)?
                .unwrap_or_default();
        let rows = version_rows(&results, self.state).map_err(read_error)?;
        ranking_entries(visible_ranking(self.view, rows))
    }
}

impl PeriodCorrections {
    async fn state(&self, context: &Context<'_>) -> async_graphql::Result<Option<Period>> {
        period_state(context.data::<Database>()?, self.period)
            .await
            .map_err(read_error)
    }
}

/// Whether `caller` reads the case of (unit, leaf): the Sở Nội vụ, its
/// leaders and auditors every case, a unit its own, an appraiser the
/// leaves they appraise.
fn reads_case(
    caller: &Principal,
    period: &Period,
    unit: UnitId,
    leaf: &chamdiem_domain::criteria::CriterionCode,
) -> bool {
    match caller.role {
        Role::Admin | Role::Manager | Role::Auditor => true,
        Role::DataEntry => caller.unit == Some(unit),
        Role::Appraiser => period.appraiser_of(unit, leaf) == Some(caller.account_id),
    }
}

#[Object]
impl PeriodCorrections {
    /// The version of the current results; none before aggregation.
    async fn results_version(&self, context: &Context<'_>) -> async_graphql::Result<Option<u32>> {
        Ok(self
            .state(context)
            .await?
            .and_then(|p| p.results_version())
            .map(|v| v.0))
    }

    /// The last day units may complain about the provisional results; none
    /// until the window is opened.
    async fn complaints_until(
        &self,
        context: &Context<'_>,
    ) -> async_graphql::Result<Option<NaiveDate>> {
        Ok(self
            .state(context)
            .await?
            .and_then(|p| p.complaints_until()))
    }

    /// The appraisal council's last agreement: for the Sở Nội vụ, its
    /// leaders and auditors, and for everyone once published.
    async fn council_agreement(
        &self,
        context: &Context<'_>,
    ) -> async_graphql::Result<Option<CouncilAgreementNode>> {
        let caller = Caller::of(context).authorized(&Action::ReadResults)?;
        let Some(period) = self.state(context).await? else {
            return Ok(None);
        };
        if !reads_closing(caller, &period) {
            return Ok(None);
        }
        Ok(period.council_agreement().map(|c| CouncilAgreementNode {
            version: c.version.0,
            date: c.date,
            members: c.members.clone(),
            minutes: (&c.minutes).into(),
        }))
    }

    /// The People's Committee's decision the results were published with.
    async fn publication_decision(
        &self,
        context: &Context<'_>,
    ) -> async_graphql::Result<Option<PublicationDecisionNode>> {
        Caller::of(context).results_view(context)?;
        Ok(self
            .state(context)
            .await?
            .and_then(|p| p.publication_decision().cloned())
            .map(|d| PublicationDecisionNode {
                number: d.number,
                date: d.date,
                signed: (&d.signed).into(),
            }))
    }

    /// The complaints, in order, as far as the caller reads them.
    async fn complaints(&self, context: &Context<'_>) -> async_graphql::Result<Vec<ComplaintNode>> {
        let caller = Caller::of(context).authorized(&Action::ReadResults)?;
        let Some(period) = self.state(context).await? else {
            return Ok(Vec::new());
        };
        Ok(period
            .complaints()
            .iter()
            .filter(|c| reads_case(caller, &period, c.unit_id, &c.leaf))
            .map(Into::into)
            .collect())
    }

    /// The leaves reopened, in order, as far as the caller reads them.
    async fn reopenings(
        &self,
        context: &Context<'_>,
    ) -> async_graphql::Result<Vec<LeafReopeningNode>> {
        let caller = Caller::of(context).authorized(&Action::ReadResults)?;
        let Some(period) = self.state(context).await? else {
            return Ok(Vec::new());
        };
        Ok(period
            .reopenings()
            .iter()
            .filter(|r| reads_case(caller, &period, r.unit_id, &r.leaf))
            .map(Into::into)
            .collect())
    }

    /// One version of the results (the latest when `number` is left out);
    /// none where there is no such version.
    async fn version(
        &self,
        context: &Context<'_>,
        number: Option<u32>,
    ) -> async_graphql::Result<Option<ResultsVersionNode>> {
        let versions = self.versions(context).await?;
        Ok(match number {
            Some(number) => versions.into_iter().find(|v| v.row.version.0 == number),
            None => versions.into_iter().last(),
        })
    }

    /// Every version of the results, oldest first.
    async fn versions(
        &self,
        context: &Context<'_>,
    ) -> async_graphql::Result<Vec<ResultsVersionNode>> {
        let view = Caller::of(context).results_view(context)?;
        let status = self.state(context).await?.and_then(|p| p.status());
        let state = match status {
            Some(PeriodStatus::Published) => RankingState::Published,
            Some(PeriodStatus::Finalized) => RankingState::Final,
            Some(PeriodStatus::Aggregated | PeriodStatus::Open) | None => RankingState::Provisional,
        };
        let published = state == RankingState::Published;
        Ok(results_versions(context.data::<Database>()?, self.period)
            .await
            .map_err(read_error)?
            .into_iter()
            .map(|row| ResultsVersionNode {
                period: self.period,
                row,
                view,
                published,
                state,
            })
            .collect())
    }
}
