use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::UnitScores;
use crate::criteria::{CriteriaTree, CriterionCode, ScoringMethod, Section};
use crate::period::{RankingBlock, ScopedUnit};
use crate::scoring::{Classification, ClassificationBands, Index, Points};

/// Where a leaf's final score came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeafSource {
    /// The last appraised score.
    #[serde(rename = "appraised")]
    Appraised,
    /// Never appraised: the unit's own score, flagged.
    #[serde(rename = "self_not_appraised")]
    SelfNotAppraised,
    /// A survey leaf, scored from survey responses.
    #[serde(rename = "survey")]
    Survey,
    /// Applicable but scored by nobody: 0.
    #[serde(rename = "not_scored")]
    NotScored,
    /// Marked not applicable: outside the applicable maximum.
    #[serde(rename = "not_applicable")]
    NotApplicable,
}

impl LeafSource {
    /// How officials say it, in reports and on the pages.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Appraised => "Điểm thẩm định",
            Self::SelfNotAppraised => "Điểm tự đánh giá (chưa thẩm định)",
            Self::Survey => "Điều tra xã hội học",
            Self::NotScored => "Chưa chấm",
            Self::NotApplicable => "Không áp dụng",
        }
    }
}

/// One leaf's final score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeafResult {
    /// The leaf.
    pub code: CriterionCode,
    /// Its final score (0 when not applicable).
    pub points: Points,
    /// Where it came from.
    pub source: LeafSource,
}

/// A field's component index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldResult {
    /// The field.
    pub code: CriterionCode,
    /// Its points.
    pub points: Points,
    /// The maxima of its applicable leaves.
    pub applicable_maximum: Points,
    /// Points over applicable maximum.
    pub index: Index,
}

/// One unit's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitResult {
    /// The unit.
    pub unit: ScopedUnit,
    /// Every leaf's final score, in tree order.
    pub leaves: Vec<LeafResult>,
    /// Points of the fields (bonus and penalty excluded).
    pub field_points: Points,
    /// Bonus, capped at its section's maximum.
    pub bonus: Points,
    /// Penalty, capped at its section's maximum.
    pub penalty: Points,
    /// Field points + bonus − penalty (may be negative).
    pub total: Decimal,
    /// The maxima of the applicable field leaves.
    pub applicable_maximum: Points,
    /// Total over applicable maximum.
    pub index: Index,
    /// One component index per field, in order.
    pub fields: Vec<FieldResult>,
    /// The classification, for task completion.
    pub classification: Option<Classification>,
}

impl UnitResult {
    /// The ranking block.
    pub fn block(&self) -> &RankingBlock {
        &self.unit.block
    }
}

/// Aggregates one unit: each leaf's final score is its last appraised
/// score, else the self score (flagged); survey leaves keep their survey
/// score; the index is total ÷ applicable maximum × 100.
pub fn unit_result(
    tree: &CriteriaTree,
    bands: Option<&ClassificationBands>,
    scores: &UnitScores,
) -> UnitResult {
    let leaves: Vec<LeafResult> = tree
        .leaves()
        .map(|leaf| final_leaf(leaf.code.clone(), &leaf.method, scores))
        .collect();
    let sum = |section: Section| -> Points {
        leaves
            .iter()
            .filter(|l| l.code.section() == section)
            .map(|l| l.points)
            .sum()
    };
    let applicable = |within: &dyn Fn(&CriterionCode) -> bool| -> Points {
        tree.leaves()
            .filter(|leaf| leaf.code.section() == Section::Main && within(&leaf.code))
            .filter(|leaf| !scores.is_not_applicable(&leaf.code))
            .map(|leaf| leaf.max)
            .sum()
    };
    let field_points = sum(Section::Main);
    let bonus = sum(Section::Bonus).capped_at(tree.cap(Section::Bonus));
    let penalty = sum(Section::Penalty).capped_at(tree.cap(Section::Penalty));
    let total = field_points.value() + bonus.value() - penalty.value();
    let applicable_maximum = applicable(&|_| true);
    let index = Index::new(total, applicable_maximum);
    let fields = tree
        .fields()
        .map(|field| {
            let in_field = |code: &CriterionCode| code.top() == field.code;
            let points: Points = leaves
                .iter()
                .filter(|l| in_field(&l.code))
                .map(|l| l.points)
                .sum();
            let maximum = applicable(&in_field);
            FieldResult {
                code: field.code.clone(),
                points,
                applicable_maximum: maximum,
                index: Index::new(points.value(), maximum),
            }
        })
        .collect();
    UnitResult {
        unit: scores.unit.clone(),
        leaves,
        field_points,
        bonus,
        penalty,
        total,
        applicable_maximum,
        index,
        fields,
        classification: bands.map(|bands| bands.classify(&index)),
    }
}

fn final_leaf(
    code: CriterionCode,
    method: &Option<ScoringMethod>,
    scores: &UnitScores,
) -> LeafResult {
    let (points, source) = if scores.is_not_applicable(&code) {
        (Points::ZERO, LeafSource::NotApplicable)
    } else if let Some(points) = scores.appraised_points.get(&code) {
        (*points, LeafSource::Appraised)
    } else if method.as_ref().is_some_and(ScoringMethod::is_survey) {
        (
            scores
                .self_points
                .get(&code)
                .copied()
                .unwrap_or(Points::ZERO),
            LeafSource::Survey,
        )
    } else if let Some(points) = scores.self_points.get(&code) {
        (*points, LeafSource::SelfNotAppraised)
    } else {
        (Points::ZERO, LeafSource::NotScored)
    };
    LeafResult {
        code,
        points,
        source,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::criteria::import_criteria_csv;
    use crate::scoring::Classification;
    use crate::unit::{UnitCode, UnitKind};

    fn htnv() -> CriteriaTree {
        import_criteria_csv(include_str!("../../tests/data/htnv-department-sample.csv"))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn scores(self_points: &[(&str, &str)], not_applicable: &[&str]) -> UnitScores {
        let code = |c: &str| CriterionCode::parse(c).unwrap_or_else(|e| panic!("{e}"));
        let unit = UnitCode::parse("S05").unwrap_or_else(|e| panic!("{e}"));
        UnitScores {
            unit: ScopedUnit {
                unit_id: unit.unit_id(),
                code: unit,
                kind: UnitKind::Department,
                block: RankingBlock::of_kind(UnitKind::Department),
            },
            not_applicable: not_applicable
                .iter()
                .map(|c| code(c))
                .collect::<BTreeSet<_>>(),
            self_points: self_points
                .iter()
                .map(|(c, p)| (code(c), Points::parse(p).unwrap_or_default()))
                .collect::<BTreeMap<_, _>>(),
            appraised_points: BTreeMap::new(),
        }
    }

    #[test]
    fn a_task_completion_result_is_classified_by_its_exact_index() {
        let tree = htnv();
        let bands = ClassificationBands::standard();
        // 1.1 (30 points) not applicable: maximum 70; bonus 3 + 2, penalty 1.
        let result = unit_result(
            &tree,
            Some(&bands),
            &scores(
                &[
                    ("1.2", "17"),
                    ("1.3", "8"),
                    ("2.1", "9"),
                    ("2.2", "4"),
                    ("3.1", "5"),
                    ("3.2", "4"),
                    ("3.3", "4"),
                    ("4", "8"),
                    ("B.1", "3"),
                    ("B.2", "2"),
                    ("P.1", "1"),
                ],
                &["1.1"],
            ),
        );
        // Fields: 17 + 8 + 9 + 4 + 5 + 4 + 4 + 8 = 59 of 70; + 5 − 1 = 63.
        assert_eq!(result.field_points.to_string(), "59");
        assert_eq!(result.applicable_maximum.to_string(), "70");
        assert_eq!(result.total.to_string(), "63");
        // 63 / 70 = 90 % exactly: excellent.
        assert_eq!(
            result.index.rounded().map(|i| i.to_string()),
            Ok("90.00".to_owned())
        );
        assert_eq!(result.classification, Some(Classification::Excellent));
        let without_bonus = unit_result(
            &tree,
            Some(&bands),
            &scores(&[("1.2", "17"), ("4", "8")], &["1.1"]),
        );
        // 25 / 70 = 35.71…: not completed.
        assert_eq!(
            without_bonus.classification,
            Some(Classification::NotCompleted)
        );
    }

    #[test]
    fn an_appraised_score_overturns_a_not_applicable_mark() {
        let tree = htnv();
        let self_points = [
            ("1.2", "17"),
            ("1.3", "8"),
            ("2.1", "9"),
            ("2.2", "4"),
            ("3.1", "5"),
            ("3.2", "4"),
            ("3.3", "4"),
            ("4", "8"),
        ];
        let mut overturned = scores(&self_points, &["1.1"]);
        let code = CriterionCode::parse("1.1").unwrap_or_else(|e| panic!("{e}"));
        overturned
            .appraised_points
            .insert(code.clone(), Points::parse("15").unwrap_or_default());
        assert!(!overturned.is_not_applicable(&code));
        let result = unit_result(&tree, None, &overturned);
        // 1.1 counts again: maximum 100, fields 59 + 15 = 74.
        assert_eq!(result.applicable_maximum.to_string(), "100");
        assert_eq!(result.field_points.to_string(), "74");
        let leaf = result.leaves.iter().find(|l| l.code == code);
        assert_eq!(leaf.map(|l| l.source), Some(LeafSource::Appraised));
    }
}
