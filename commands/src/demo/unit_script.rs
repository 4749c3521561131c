//! What one unit does in a period: scores every applicable leaf (revising
//! each a few times, as units do before a deadline), marks a few leaves not
//! applicable, explains and proves, records survey forms, then its leader
//! approves the report and submits it.

use std::collections::BTreeMap;

use chamdiem_domain::criteria::{CriteriaTree, LeafEntry, ScoringMethod, Section};
use chamdiem_domain::ids::{EvidenceId, PeriodId, SurveyResponseId, UnitId};
use chamdiem_domain::scoring::Points;
use chamdiem_domain::self_assessment::{
    Evidence, FreeText, ReportEdit, ScorecardAction, SurveyAnswer, SurveyResponse,
};
use rand::Rng;
use rand::rngs::StdRng;

use super::random_entries::{random_entry, random_hash};
use crate::command_error::CommandError;
use crate::metadata::CommandMetadata;
use crate::write_side::WriteSide;

/// The most entries a leaf gets (the first, then revisions).
const MOST_ENTRIES: u32 = 5;
/// Survey forms recorded per unit.
const SURVEY_FORMS: u32 = 12;

fn text(value: &str) -> Result<FreeText, CommandError> {
    FreeText::parse(value).map_err(|e| CommandError::Internal(e.to_string()))
}

/// Runs a unit's self-assessment through the command layer.
pub async fn self_assess(
    write: &WriteSide,
    leader: &CommandMetadata,
    period: PeriodId,
    unit: UnitId,
    tree: &CriteriaTree,
    rng: &mut StdRng,
) -> Result<(), CommandError> {
    let edit = async |edit: ReportEdit| {
        write
            .scorecard(leader, period, unit, ScorecardAction::Edit(edit))
            .await
    };
    for leaf in tree.leaves() {
        if leaf.method.as_ref().is_some_and(ScoringMethod::is_survey) {
            continue;
        }
        let code = leaf.code.clone();
        match leaf.code.section() {
            // A bonus is claimed by some, a penalty declared by few.
            Section::Bonus if !rng.gen_bool(0.3) => continue,
            Section::Penalty if !rng.gen_bool(0.1) => continue,
            _ => {}
        }
        if leaf.not_applicable_allowed && rng.gen_bool(0.1) {
            edit(ReportEdit::MarkNotApplicable {
                leaf: code,
                reason: text("Đơn vị không có nhiệm vụ này trong năm")?,
            })
            .await?;
            continue;
        }
        let entries = rng.gen_range(1..=MOST_ENTRIES);
        let mut last: Option<LeafEntry> = None;
        for _ in 0..entries {
            let Some(entry) = random_entry(leaf, rng) else {
                break;
            };
            if last == Some(entry) {
                continue;
            }
            edit(ReportEdit::EnterScore {
                leaf: code.clone(),
                entry,
            })
            .await?;
            last = Some(entry);
        }
        if leaf.evidence_required || rng.gen_bool(0.2) {
            let evidence = Evidence::new(
                EvidenceId::new(),
                &random_hash(rng),
                &format!("tai-lieu-{}.pdf", code.as_str()),
                rng.gen_range(20_000..2_000_000),
                "application/pdf",
                &format!("trang {}", rng.gen_range(1..40)),
            )
            .map_err(|e| CommandError::Internal(e.to_string()))?;
            edit(ReportEdit::AttachEvidence {
                leaf: code.clone(),
                evidence,
            })
            .await?;
        }
        if rng.gen_bool(0.3) {
            edit(ReportEdit::WriteExplanation {
                leaf: code,
                text: text("Đơn vị đã thực hiện đầy đủ theo kế hoạch, có văn bản kèm theo")?,
            })
            .await?;
        }
    }
    let survey_leaves: Vec<_> = tree
        .leaves()
        .filter(|l| l.method.as_ref().is_some_and(ScoringMethod::is_survey))
        .map(|l| l.code.clone())
        .collect();
    if !survey_leaves.is_empty() {
        let answers = [
            SurveyAnswer::A,
            SurveyAnswer::B,
            SurveyAnswer::C,
            SurveyAnswer::D,
        ];
        let forms = (1..=SURVEY_FORMS)
            .map(|n| SurveyResponse {
                response_id: SurveyResponseId::for_form(period, unit, &n.to_string()),
                respondent_group: if n % 2 == 0 {
                    "Doanh nghiệp".to_owned()
                } else {
                    "Người dân".to_owned()
                },
                answers: survey_leaves
                    .iter()
                    .map(|code| (code.clone(), answers[rng.gen_range(0..3)]))
                    .collect::<BTreeMap<_, _>>(),
            })
            .collect();
        write
            .scorecard(
                leader,
                period,
                unit,
                ScorecardAction::RecordSurveyForms(forms),
            )
            .await?;
    }
    let hash = write.report_content_hash(period, unit).await?;
    write
        .scorecard(
            leader,
            period,
            unit,
            ScorecardAction::ApproveReport { content_hash: hash },
        )
        .await?;
    // The signed report, like the demo's evidence, is named by a hash
    // whose bytes the demonstration does not store.
    let signed_report = Evidence::new(
        EvidenceId::new(),
        &random_hash(rng),
        "bao-cao-tu-danh-gia-da-ky.pdf",
        rng.gen_range(200_000..3_000_000),
        "application/pdf",
        "toàn văn",
    )
    .map_err(|e| CommandError::Internal(e.to_string()))?;
    write
        .scorecard(
            leader,
            period,
            unit,
            ScorecardAction::Submit { signed_report },
        )
        .await
}

/// The unit answers some of the round-1 scores that differ from its own.
pub async fn answer_appraisal(
    write: &WriteSide,
    leader: &CommandMetadata,
    period: PeriodId,
    unit: UnitId,
    changed: &[chamdiem_domain::criteria::CriterionCode],
    rng: &mut StdRng,
) -> Result<(), CommandError> {
    for leaf in changed {
        if rng.gen_bool(0.5) {
            write
                .scorecard(
                    leader,
                    period,
                    unit,
                    ScorecardAction::RespondToAppraisal {
                        leaf: leaf.clone(),
                        round_one: None,
                        text: text("Đơn vị bổ sung văn bản chứng minh đã hoàn thành")?,
                        evidence: Vec::new(),
                    },
                )
                .await?;
        }
    }
    Ok(())
}

/// A score the appraiser may give instead of the unit's: lower, when
/// there is a lower one.
pub fn lower_entry(
    leaf: &chamdiem_domain::criteria::Criterion,
    self_points: Points,
    rng: &mut StdRng,
) -> Option<LeafEntry> {
    (0..8)
        .filter_map(|_| random_entry(leaf, rng))
        .find(|entry| {
            leaf.method
                .as_ref()
                .and_then(|m| m.score(*entry, leaf.max).ok())
                .is_some_and(|p| p < self_points)
        })
}
