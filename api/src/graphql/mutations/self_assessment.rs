use std::collections::BTreeMap;

use async_graphql::{Context, ID, InputObject, Object, Upload};
use chamdiem_commands::gate::OnScorecard;
use chamdiem_commands::policy::Action;
use chamdiem_domain::criteria::{CriterionCode, LeafEntry};
use chamdiem_domain::ids::{EvidenceId, PeriodId, SurveyResponseId, UnitId};
use chamdiem_domain::scoring::{Percentage, Points};
use chamdiem_domain::self_assessment::{
    Evidence, FreeText, ReportEdit, ScorecardAction, SurveyResponse,
};

use super::evidence_citation::ensure_citable;
use super::id;
use super::payloads::{LeafPayload, ScorecardPayload};
use super::staged_upload::{run_keeping, stage};
use crate::graphql::caller::Caller;
use crate::graphql::command_runner::{field, invalid, run};
use crate::graphql::decimal::Decimal;
use crate::graphql::enums::SurveyAnswerGql;

/// What is entered for a leaf: a score (levels, range, bonus, penalty) or
/// a percentage achieved (ratio leaves), exactly one of the two.
#[derive(InputObject)]
pub struct EntryInput {
    /// A score.
    pub score: Option<Decimal>,
    /// A percentage achieved, 0–100.
    pub percentage: Option<Decimal>,
}

impl EntryInput {
    /// The domain entry.
    pub fn parse(&self) -> async_graphql::Result<LeafEntry> {
        match (&self.score, &self.percentage) {
            (Some(score), None) => Ok(LeafEntry::Score(field(
                "entry.score",
                Points::new(score.0),
            )?)),
            (None, Some(percentage)) => Ok(LeafEntry::Ratio(field(
                "entry.percentage",
                Percentage::new(percentage.0),
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
    pub leaf_code: String,
    /// The answer.
    pub answer: SurveyAnswerGql,
}

/// A leaf of a unit's scorecard in a period.
#[derive(InputObject)]
pub struct LeafInput {
    /// The period.
    pub period_id: ID,
    /// The unit.
    pub unit_id: ID,
    /// The leaf's code.
    pub leaf_code: String,
}

/// A self score to enter.
#[derive(InputObject)]
pub struct EnterScoreInput {
    /// The period.
    pub period_id: ID,
    /// The unit.
    pub unit_id: ID,
    /// The leaf's code.
    pub leaf_code: String,
    /// The score or percentage.
    pub entry: EntryInput,
}

/// A leaf nobody appraises, reopened on the unit's scorecard, scored again.
#[derive(InputObject)]
pub struct CorrectSelfScoreInput {
    /// The period.
    pub period_id: ID,
    /// The unit.
    pub unit_id: ID,
    /// The leaf's code.
    pub leaf_code: String,
    /// The score or percentage.
    pub entry: EntryInput,
    /// Why.
    pub reason: String,
}

/// A not-applicable mark.
#[derive(InputObject)]
pub struct MarkNotApplicableInput {
    /// The period.
    pub period_id: ID,
    /// The unit.
    pub unit_id: ID,
    /// The leaf's code.
    pub leaf_code: String,
    /// Why the leaf does not apply to the unit.
    pub reason: String,
}

/// A leaf's explanation, or an answer to its round-1 appraisal.
#[derive(InputObject)]
pub struct WriteExplanationInput {
    /// The period.
    pub period_id: ID,
    /// The unit.
    pub unit_id: ID,
    /// The leaf's code.
    pub leaf_code: String,
    /// The text.
    pub text: String,
}

/// Evidence to attach by its metadata (the file was uploaded before).
#[derive(InputObject)]
pub struct AttachEvidenceInput {
    /// The period.
    pub period_id: ID,
    /// The unit.
    pub unit_id: ID,
    /// The leaf's code.
    pub leaf_code: String,
    /// The evidence.
    pub evidence: EvidenceInput,
}

/// Evidence to remove.
#[derive(InputObject)]
pub struct RemoveEvidenceInput {
    /// The period.
    pub period_id: ID,
    /// The unit.
    pub unit_id: ID,
    /// The leaf's code.
    pub leaf_code: String,
    /// The attachment's id.
    pub evidence_id: ID,
}

/// A survey form to record.
#[derive(InputObject)]
pub struct RecordSurveyResponseInput {
    /// The period.
    pub period_id: ID,
    /// The unit.
    pub unit_id: ID,
    /// The respondents' group.
    pub respondent_group: String,
    /// The answers, one per survey leaf.
    pub answers: Vec<SurveyAnswerInput>,
}

/// A unit's scorecard in a period.
#[derive(InputObject)]
pub struct ScorecardInput {
    /// The period.
    pub period_id: ID,
    /// The unit.
    pub unit_id: ID,
}

/// A submitted self-assessment an administrator reopens.
#[derive(InputObject)]
pub struct ReopenSelfAssessmentInput {
    /// The period.
    pub period_id: ID,
    /// The unit.
    pub unit_id: ID,
    /// Why it is reopened (kept in the history).
    pub reason: String,
}

/// The report a unit leader approves.
#[derive(InputObject)]
pub struct ApproveReportInput {
    /// The period.
    pub period_id: ID,
    /// The unit.
    pub unit_id: ID,
    /// The content hash of the report as the leader read it
    /// (`reportContentHash`): a changed report is not approved.
    pub content_hash: String,
}

/// The unit's answer to a round-1 appraisal score.
#[derive(InputObject)]
pub struct AnswerAppraisalInput {
    /// The period.
    pub period_id: ID,
    /// The unit.
    pub unit_id: ID,
    /// The leaf's code.
    pub leaf_code: String,
    /// The answer.
    pub text: String,
    /// Supplementary evidence.
    pub evidence: Option<Vec<EvidenceInput>>,
}

fn leaf(code: &str) -> async_graphql::Result<CriterionCode> {
    field("leafCode", CriterionCode::parse(code))
}

fn text(name: &str, value: &str) -> async_graphql::Result<FreeText> {
    field(name, FreeText::parse(value))
}

/// The period and unit of a scorecard.
fn scorecard_of(period_id: &ID, unit_id: &ID) -> async_graphql::Result<(PeriodId, UnitId)> {
    Ok((id("periodId", period_id)?, id("unitId", unit_id)?))
}

/// Gives `action` on the scorecard of `unit` in `period`.
async fn on_scorecard(
    context: &Context<'_>,
    (period, unit): (PeriodId, UnitId),
    action: ScorecardAction,
) -> async_graphql::Result<ScorecardPayload> {
    run(
        context,
        OnScorecard {
            period,
            unit,
            action,
        },
    )
    .await?;
    Ok(ScorecardPayload { period, unit })
}

/// Gives `edit` of `leaf` on the scorecard of `unit` in `period`.
async fn on_leaf(
    context: &Context<'_>,
    (period, unit): (PeriodId, UnitId),
    leaf: CriterionCode,
    action: ScorecardAction,
) -> async_graphql::Result<LeafPayload> {
    on_scorecard(context, (period, unit), action).await?;
    Ok(LeafPayload { period, unit, leaf })
}

/// Self-assessment mutations (the unit's data-entry accounts and leader).
#[derive(Default)]
pub struct SelfAssessmentMutation;

#[Object]
impl SelfAssessmentMutation {
    /// Enters or changes a leaf's self score; answers the leaf and the
    /// scorecard's totals.
    async fn enter_score(
        &self,
        context: &Context<'_>,
        input: EnterScoreInput,
    ) -> async_graphql::Result<LeafPayload> {
        let card = scorecard_of(&input.period_id, &input.unit_id)?;
        let code = leaf(&input.leaf_code)?;
        let action = ReportEdit::EnterScore {
            leaf: code.clone(),
            entry: input.entry.parse()?,
        };
        on_leaf(context, card, code, ScorecardAction::Edit(action)).await
    }

    /// Scores again a leaf nobody appraises that the administrator
    /// reopened on the unit's scorecard after provisional results (the
    /// unit's accounts that enter scores), with a reason; the next version
    /// of the results takes it in. The approved, signed report is kept as
    /// it was.
    async fn correct_self_score(
        &self,
        context: &Context<'_>,
        input: CorrectSelfScoreInput,
    ) -> async_graphql::Result<LeafPayload> {
        let card = scorecard_of(&input.period_id, &input.unit_id)?;
        let code = leaf(&input.leaf_code)?;
        let action = ScorecardAction::CorrectScore {
            leaf: code.clone(),
            entry: input.entry.parse()?,
            reason: text("reason", &input.reason)?,
            reopening: None,
        };
        on_leaf(context, card, code, action).await
    }

    /// Marks a leaf not applicable, with the reason.
    async fn mark_not_applicable(
        &self,
        context: &Context<'_>,
        input: MarkNotApplicableInput,
    ) -> async_graphql::Result<LeafPayload> {
        let card = scorecard_of(&input.period_id, &input.unit_id)?;
        let code = leaf(&input.leaf_code)?;
        let action = ReportEdit::MarkNotApplicable {
            leaf: code.clone(),
            reason: text("reason", &input.reason)?,
        };
        on_leaf(context, card, code, ScorecardAction::Edit(action)).await
    }

    /// Undoes a not-applicable mark.
    async fn mark_applicable(
        &self,
        context: &Context<'_>,
        input: LeafInput,
    ) -> async_graphql::Result<LeafPayload> {
        let card = scorecard_of(&input.period_id, &input.unit_id)?;
        let code = leaf(&input.leaf_code)?;
        let action = ReportEdit::MarkApplicable { leaf: code.clone() };
        on_leaf(context, card, code, ScorecardAction::Edit(action)).await
    }

    /// Writes a leaf's explanation.
    async fn write_explanation(
        &self,
        context: &Context<'_>,
        input: WriteExplanationInput,
    ) -> async_graphql::Result<LeafPayload> {
        let card = scorecard_of(&input.period_id, &input.unit_id)?;
        let code = leaf(&input.leaf_code)?;
        let action = ReportEdit::WriteExplanation {
            leaf: code.clone(),
            text: text("text", &input.text)?,
        };
        on_leaf(context, card, code, ScorecardAction::Edit(action)).await
    }

    /// Attaches evidence to a leaf by its metadata; the file must be the
    /// unit's own or nobody's (`uploadEvidence` stores and attaches at once).
    async fn attach_evidence(
        &self,
        context: &Context<'_>,
        input: AttachEvidenceInput,
    ) -> async_graphql::Result<LeafPayload> {
        let card = scorecard_of(&input.period_id, &input.unit_id)?;
        let evidence = input.evidence.parse()?;
        let unit = card.1;
        ensure_citable(
            context,
            &Action::EditSelfAssessment { unit },
            unit,
            std::slice::from_ref(&evidence),
        )
        .await?;
        let code = leaf(&input.leaf_code)?;
        let action = ReportEdit::AttachEvidence {
            leaf: code.clone(),
            evidence,
        };
        on_leaf(context, card, code, ScorecardAction::Edit(action)).await
    }

    /// Removes evidence from a leaf.
    async fn remove_evidence(
        &self,
        context: &Context<'_>,
        input: RemoveEvidenceInput,
    ) -> async_graphql::Result<LeafPayload> {
        let card = scorecard_of(&input.period_id, &input.unit_id)?;
        let evidence_id: EvidenceId = id("evidenceId", &input.evidence_id)?;
        let code = leaf(&input.leaf_code)?;
        let action = ReportEdit::RemoveEvidence {
            leaf: code.clone(),
            evidence_id,
        };
        on_leaf(context, card, code, ScorecardAction::Edit(action)).await
    }

    /// Records a survey form.
    async fn record_survey_response(
        &self,
        context: &Context<'_>,
        input: RecordSurveyResponseInput,
    ) -> async_graphql::Result<ScorecardPayload> {
        let card = scorecard_of(&input.period_id, &input.unit_id)?;
        let mut parsed = BTreeMap::new();
        for answer in &input.answers {
            parsed.insert(
                field("answers.leafCode", CriterionCode::parse(&answer.leaf_code))?,
                answer.answer.into(),
            );
        }
        let response = SurveyResponse {
            response_id: SurveyResponseId::new(),
            respondent_group: input.respondent_group,
            answers: parsed,
        };
        on_scorecard(
            context,
            card,
            ScorecardAction::Edit(ReportEdit::RecordSurveyResponse(response)),
        )
        .await
    }

    /// The unit leader approves the report with this content hash.
    async fn approve_report(
        &self,
        context: &Context<'_>,
        input: ApproveReportInput,
    ) -> async_graphql::Result<ScorecardPayload> {
        let card = scorecard_of(&input.period_id, &input.unit_id)?;
        on_scorecard(
            context,
            card,
            ScorecardAction::ApproveReport {
                content_hash: input.content_hash,
            },
        )
        .await
    }

    /// The unit leader submits the approved self-assessment with the
    /// signed report attached (Điều 9.3), a PDF scan, kept beside the
    /// approved content hash.
    async fn submit_self_assessment(
        &self,
        context: &Context<'_>,
        input: ScorecardInput,
        signed_report: Upload,
    ) -> async_graphql::Result<ScorecardPayload> {
        let (period, unit) = scorecard_of(&input.period_id, &input.unit_id)?;
        // Nothing is stored for a caller who may not submit.
        Caller::of(context).authorized(&Action::ApproveReport { unit })?;
        let (signed_report, staged) =
            stage(context, &signed_report, "Báo cáo tự đánh giá đã ký").await?;
        let command = OnScorecard {
            period,
            unit,
            action: ScorecardAction::Submit { signed_report },
        };
        run_keeping(context, command, vec![staged]).await?;
        Ok(ScorecardPayload { period, unit })
    }

    /// An administrator reopens a unit's submitted self-assessment, with a
    /// reason, before the period's results exist and while the unit's
    /// self-assessment deadline runs (extend it for the unit first when it
    /// has passed): the unit may change it, and approves and submits again.
    async fn reopen_self_assessment(
        &self,
        context: &Context<'_>,
        input: ReopenSelfAssessmentInput,
    ) -> async_graphql::Result<ScorecardPayload> {
        let card = scorecard_of(&input.period_id, &input.unit_id)?;
        let action = ScorecardAction::Reopen {
            reason: text("reason", &input.reason)?,
            results_exist: false,
        };
        on_scorecard(context, card, action).await
    }

    /// Answers a round-1 appraisal score within the explanation window.
    async fn answer_appraisal(
        &self,
        context: &Context<'_>,
        input: AnswerAppraisalInput,
    ) -> async_graphql::Result<LeafPayload> {
        let card = scorecard_of(&input.period_id, &input.unit_id)?;
        let evidence: Vec<Evidence> = input
            .evidence
            .unwrap_or_default()
            .iter()
            .map(EvidenceInput::parse)
            .collect::<async_graphql::Result<_>>()?;
        let unit = card.1;
        ensure_citable(context, &Action::AnswerAppraisal { unit }, unit, &evidence).await?;
        let code = leaf(&input.leaf_code)?;
        let action = ScorecardAction::RespondToAppraisal {
            leaf: code.clone(),
            round_one: None,
            text: text("text", &input.text)?,
            evidence,
        };
        on_leaf(context, card, code, action).await
    }
}
