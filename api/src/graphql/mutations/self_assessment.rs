use std::collections::BTreeMap;

use async_graphql::{Context, ID, InputObject, Object};
use chamdiem_commands::gate::CommandRequest;
use chamdiem_commands::policy::Action;
use chamdiem_domain::criteria::{CriterionCode, LeafEntry};
use chamdiem_domain::ids::{EvidenceId, PeriodId, SurveyResponseId, UnitId};
use chamdiem_domain::scoring::{Percentage, Points};
use chamdiem_domain::self_assessment::{
    Evidence, FreeText, ReportEdit, ScorecardAction, SurveyResponse,
};

use super::evidence_citation::ensure_citable;
use super::id;
use crate::graphql::command_runner::{acknowledged, field, invalid};
use crate::graphql::enums::SurveyAnswerGql;

/// What is entered for a leaf: a score (levels, range, bonus, penalty) or
/// a percentage achieved (ratio leaves), as decimal text ("0.75", "87.5").
#[derive(InputObject)]
pub struct EntryInput {
    /// A score.
    pub score: Option<String>,
    /// A percentage achieved, 0–100.
    pub percentage: Option<String>,
}

impl EntryInput {
    /// The domain entry.
    pub fn parse(&self) -> async_graphql::Result<LeafEntry> {
        match (&self.score, &self.percentage) {
            (Some(score), None) => Ok(LeafEntry::Score(field(
                "entry.score",
                Points::parse(score),
            )?)),
            (None, Some(percentage)) => Ok(LeafEntry::Ratio(field(
                "entry.percentage",
                Percentage::parse(percentage),
            )?)),
            _ => Err(invalid(
                "entry",
                "nhập đúng một trong hai: score hoặc percentage",
            )),
        }
    }
}

/// Evidence metadata; the file itself is uploaded separately.
#[derive(InputObject)]
pub struct EvidenceInput {
    /// SHA-256 of the file's content, hex.
    pub content_hash: String,
    /// The file name.
    pub file_name: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its media type.
    pub media_type: String,
    /// The page or section that proves the point.
    pub locator: String,
}

impl EvidenceInput {
    fn parse(&self) -> async_graphql::Result<Evidence> {
        field(
            "evidence",
            Evidence::new(
                EvidenceId::new(),
                &self.content_hash,
                &self.file_name,
                self.size,
                &self.media_type,
                &self.locator,
            ),
        )
    }
}

/// One answer of a survey form.
#[derive(InputObject)]
pub struct SurveyAnswerInput {
    /// The survey leaf.
    pub leaf: String,
    /// The answer.
    pub answer: SurveyAnswerGql,
}

fn leaf(code: &str) -> async_graphql::Result<CriterionCode> {
    field("leaf", CriterionCode::parse(code))
}

fn text(name: &str, value: &str) -> async_graphql::Result<FreeText> {
    field(name, FreeText::parse(value))
}

async fn on_scorecard(
    context: &Context<'_>,
    period_id: &ID,
    unit_id: &ID,
    action: ScorecardAction,
) -> async_graphql::Result<bool> {
    let period: PeriodId = id("periodId", period_id)?;
    let unit: UnitId = id("unitId", unit_id)?;
    acknowledged(
        context,
        CommandRequest::Scorecard {
            period,
            unit,
            action,
        },
    )
    .await
}

/// Self-assessment mutations (the unit's data-entry accounts and leader).
#[derive(Default)]
pub struct SelfAssessmentMutation;

#[Object]
impl SelfAssessmentMutation {
    /// Enters or changes a leaf's self score.
    async fn enter_score(
        &self,
        context: &Context<'_>,
        period_id: ID,
        unit_id: ID,
        leaf_code: String,
        entry: EntryInput,
    ) -> async_graphql::Result<bool> {
        let action = ReportEdit::EnterScore {
            leaf: leaf(&leaf_code)?,
            entry: entry.parse()?,
        };
        on_scorecard(context, &period_id, &unit_id, ScorecardAction::Edit(action)).await
    }

    /// Marks a leaf not applicable, with the reason.
    async fn mark_not_applicable(
        &self,
        context: &Context<'_>,
        period_id: ID,
        unit_id: ID,
        leaf_code: String,
        reason: String,
    ) -> async_graphql::Result<bool> {
        let action = ReportEdit::MarkNotApplicable {
            leaf: leaf(&leaf_code)?,
            reason: text("reason", &reason)?,
        };
        on_scorecard(context, &period_id, &unit_id, ScorecardAction::Edit(action)).await
    }

    /// Undoes a not-applicable mark.
    async fn mark_applicable(
        &self,
        context: &Context<'_>,
        period_id: ID,
        unit_id: ID,
        leaf_code: String,
    ) -> async_graphql::Result<bool> {
        let action = ReportEdit::MarkApplicable {
            leaf: leaf(&leaf_code)?,
        };
        on_scorecard(context, &period_id, &unit_id, ScorecardAction::Edit(action)).await
    }

    /// Writes a leaf's explanation.
    async fn write_explanation(
        &self,
        context: &Context<'_>,
        period_id: ID,
        unit_id: ID,
        leaf_code: String,
        text_value: String,
    ) -> async_graphql::Result<bool> {
        let action = ReportEdit::WriteExplanation {
            leaf: leaf(&leaf_code)?,
            text: text("textValue", &text_value)?,
        };
        on_scorecard(context, &period_id, &unit_id, ScorecardAction::Edit(action)).await
    }

    /// Attaches evidence to a leaf.
    async fn attach_evidence(
        &self,
        context: &Context<'_>,
        period_id: ID,
        unit_id: ID,
        leaf_code: String,
        evidence: EvidenceInput,
    ) -> async_graphql::Result<bool> {
        let evidence = evidence.parse()?;
        let unit: UnitId = id("unitId", &unit_id)?;
        ensure_citable(
            context,
            &Action::EditSelfAssessment { unit },
            unit,
            std::slice::from_ref(&evidence),
        )
        .await?;
        let action = ReportEdit::AttachEvidence {
            leaf: leaf(&leaf_code)?,
            evidence,
        };
        on_scorecard(context, &period_id, &unit_id, ScorecardAction::Edit(action)).await
    }

    /// Removes evidence from a leaf.
    async fn remove_evidence(
        &self,
        context: &Context<'_>,
        period_id: ID,
        unit_id: ID,
        leaf_code: String,
        evidence_id: ID,
    ) -> async_graphql::Result<bool> {
        let evidence_id: EvidenceId = id("evidenceId", &evidence_id)?;
        let action = ReportEdit::RemoveEvidence {
            leaf: leaf(&leaf_code)?,
            evidence_id,
        };
        on_scorecard(context, &period_id, &unit_id, ScorecardAction::Edit(action)).await
    }

    /// Records a survey form.
    async fn record_survey_response(
        &self,
        context: &Context<'_>,
        period_id: ID,
        unit_id: ID,
        respondent_group: String,
        answers: Vec<SurveyAnswerInput>,
    ) -> async_graphql::Result<bool> {
        let mut parsed = BTreeMap::new();
        for answer in &answers {
            parsed.insert(
                field("answers.leaf", CriterionCode::parse(&answer.leaf))?,
                answer.answer.into(),
            );
        }
        let response = SurveyResponse {
            response_id: SurveyResponseId::new(),
            respondent_group,
            answers: parsed,
        };
        on_scorecard(
            context,
            &period_id,
            &unit_id,
            ScorecardAction::Edit(ReportEdit::RecordSurveyResponse(response)),
        )
        .await
    }

    /// The unit leader approves the report with this content hash.
    async fn approve_report(
        &self,
        context: &Context<'_>,
        period_id: ID,
        unit_id: ID,
        content_hash: String,
    ) -> async_graphql::Result<bool> {
        on_scorecard(
            context,
            &period_id,
            &unit_id,
            ScorecardAction::ApproveReport { content_hash },
        )
        .await
    }

    /// The unit leader submits the approved self-assessment.
    async fn submit_self_assessment(
        &self,
        context: &Context<'_>,
        period_id: ID,
        unit_id: ID,
    ) -> async_graphql::Result<bool> {
        on_scorecard(context, &period_id, &unit_id, ScorecardAction::Submit).await
    }

    /// Answers a round-1 appraisal score within the explanation window.
    async fn answer_appraisal(
        &self,
        context: &Context<'_>,
        period_id: ID,
        unit_id: ID,
        leaf_code: String,
        text_value: String,
        evidence: Option<Vec<EvidenceInput>>,
    ) -> async_graphql::Result<bool> {
        let evidence: Vec<Evidence> = evidence
            .unwrap_or_default()
            .iter()
            .map(EvidenceInput::parse)
            .collect::<async_graphql::Result<_>>()?;
        let unit: UnitId = id("unitId", &unit_id)?;
        ensure_citable(context, &Action::AnswerAppraisal { unit }, unit, &evidence).await?;
        let action = ScorecardAction::RespondToAppraisal {
            leaf: leaf(&leaf_code)?,
            round_one: None,
            text: text("textValue", &text_value)?,
            evidence,
        };
        on_scorecard(context, &period_id, &unit_id, action).await
    }
}
