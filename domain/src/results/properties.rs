//! Property tests of the scoring arithmetic on the sample PAR set.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::criteria::{
    CriteriaTree, Criterion, CriterionCode, LeafEntry, ScoringMethod, Section, import_criteria_csv,
};
use crate::period::{RankingBlock, ScopedUnit};
use crate::scoring::{Index, Percentage, Points, rank};
use crate::self_assessment::{SurveyAnswer, survey_points};
use crate::unit::{UnitCode, UnitKind};

fn par() -> CriteriaTree {
    import_criteria_csv(include_str!("../../tests/data/par-department-sample.csv"))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A valid score for `leaf`, chosen by `seed`.
fn valid_points(leaf: &Criterion, seed: u32) -> Points {
    let method = leaf.method.as_ref().unwrap_or(&ScoringMethod::RANGE);
    let entry = match method {
        ScoringMethod::Levels { levels } => {
            LeafEntry::Score(levels[seed as usize % levels.len()].score)
        }
        ScoringMethod::Ratio => {
            let hundredths = Decimal::new(i64::from(seed % 10_001), 2);
            LeafEntry::Ratio(Percentage::new(hundredths).unwrap_or(Percentage::FULL))
        }
        ScoringMethod::Range { .. } => {
            let quarters = (leaf.max.value() * Decimal::from(4)).trunc();
            let steps = Decimal::from(seed) % (quarters + Decimal::ONE);
            LeafEntry::Score(Points::new(steps / Decimal::from(4)).unwrap_or(Points::ZERO))
        }
        ScoringMethod::Survey { weights } => {
            let answers: Vec<SurveyAnswer> = (0..=seed % 7)
                .map(|i| {
                    [
                        SurveyAnswer::A,
                        SurveyAnswer::B,
                        SurveyAnswer::C,
                        SurveyAnswer::D,
                    ][((seed >> i) % 4) as usize]
                })
                .collect();
            return survey_points(leaf.max, &answers, &weights.unwrap_or_default());
        }
    };
    method
        .score(entry, leaf.max)
        .unwrap_or_else(|e| panic!("generated an invalid entry: {e}"))
}

fn unit(code: &str) -> ScopedUnit {
    let code = UnitCode::parse(code).unwrap_or_else(|e| panic!("{e}"));
    ScopedUnit {
        unit_id: code.unit_id(),
        code,
        kind: UnitKind::Department,
        block: RankingBlock::of_kind(UnitKind::Department),
    }
}

/// A unit's scores from seeds: self scores for every leaf, some leaves not
/// applicable (where allowed), some appraised.
fn scores(tree: &CriteriaTree, code: &str, seeds: &[u32]) -> UnitScores {
    let mut not_applicable = BTreeSet::new();
    let mut self_points = BTreeMap::new();
    let mut appraised_points = BTreeMap::new();
    for (i, leaf) in tree.leaves().enumerate() {
        let seed = seeds[i % seeds.len()]
            .wrapping_mul(2_654_435_761)
            .wrapping_add(i as u32);
        if leaf.not_applicable_allowed && seed % 5 == 0 {
            not_applicable.insert(leaf.code.clone());
            continue;
        }
        self_points.insert(leaf.code.clone(), valid_points(leaf, seed));
        if seed % 3 != 0 && !leaf.method.as_ref().is_some_and(ScoringMethod::is_survey) {
            appraised_points.insert(leaf.code.clone(), valid_points(leaf, seed >> 3));
        }
    }
    UnitScores {
        unit: unit(code),
        not_applicable,
        self_points,
        appraised_points,
    }
}

proptest! {
    #[test]
    fn the_index_stays_in_0_100_before_bonus_and_penalty_and_within_the_caps_after(seeds in prop::collection::vec(any::<u32>(), 1..60)) {
        let tree = par();
        let result = unit_result(&tree, None, &scores(&tree, "S01", &seeds));
        let amax = result.applicable_maximum.value();
        prop_assert!(result.field_points.value() >= Decimal::ZERO);
        prop_assert!(result.field_points.value() <= amax);
        let before = Index::new(result.field_points.value(), result.applicable_maximum);
        prop_assert!(before.is_at_least(Decimal::ZERO));
        prop_assert!(!before.is_at_least(Decimal::new(10_001, 2)));
        // After: total ∈ [−penalty cap, amax + bonus cap].
        prop_assert!(result.bonus <= tree.cap(Section::Bonus));
        prop_assert!(result.penalty <= tree.cap(Section::Penalty));
        prop_assert!(result.total >= -tree.cap(Section::Penalty).value());
        prop_assert!(result.total <= amax + tree.cap(Section::Bonus).value());
        prop_assert_eq!(result.total, result.field_points.value() + result.bonus.value() - result.penalty.value());
    }

    #[test]
    fn not_applicable_leaves_shrink_the_denominator_exactly(seeds in prop::collection::vec(any::<u32>(), 1..60)) {
        let tree = par();
        let scores = scores(&tree, "S01", &seeds);
        let result = unit_result(&tree, None, &scores);
        let removed: Points = scores.not_applicable.iter().filter_map(|c| tree.get(c)).map(|l| l.max).sum();
        prop_assert_eq!(result.applicable_maximum.value(), tree.maximum().value() - removed.value());
        let field_maxima: Points = result.fields.iter().map(|f| f.applicable_maximum).sum();
        prop_assert_eq!(field_maxima, result.applicable_maximum);
        let field_points: Points = result.fields.iter().map(|f| f.points).sum();
        prop_assert_eq!(field_points, result.field_points);
    }

    #[test]
    fn ranking_does_not_depend_on_input_order(
        seeds in prop::collection::vec(prop::collection::vec(any::<u32>(), 1..8), 2..12),
        rotation in any::<usize>(),
    ) {
        let tree = par();
        let units: Vec<UnitScores> = seeds.iter().enumerate().map(|(i, s)| scores(&tree, &format!("S{i:02}"), s)).collect();
        let mut rotated = units.clone();
        rotated.rotate_left(rotation % units.len());
        rotated.reverse();
        prop_assert_eq!(aggregate_results(&tree, None, &units), aggregate_results(&tree, None, &rotated));
    }

    #[test]
    fn equal_indexes_share_a_rank_and_the_next_rank_skips(values in prop::collection::vec((0u32..6, 1u32..4), 1..30)) {
        // Few distinct values, so ties are common; equal fractions like 2/2
        // and 3/3 must tie too.
        let indexes: Vec<(usize, Index)> = values
            .iter()
            .enumerate()
            .map(|(i, (p, m))| (i, Index::new(Decimal::from(*p), Points::new(Decimal::from(*m)).unwrap_or(Points::ZERO))))
            .collect();
        let ranked = rank(indexes, |(_, index)| *index, |(i, _)| *i);
        for (position, entry) in ranked.iter().enumerate() {
            match position.checked_sub(1).map(|p| &ranked[p]) {
                Some(previous) if previous.item.1 == entry.item.1 => prop_assert_eq!(entry.rank, previous.rank),
                Some(previous) => {
                    prop_assert!(previous.item.1 > entry.item.1);
                    prop_assert_eq!(entry.rank as usize, position + 1);
                }
                None => prop_assert_eq!(entry.rank, 1),
            }
        }
    }

    #[test]
    fn the_shown_index_is_the_exact_fraction_rounded_half_up(points in 0i64..1_000_000, maximum in 1i64..1_000_000) {
        // points/100 over maximum/100: compare the rounding with integer arithmetic.
        let index = Index::new(Decimal::new(points, 2), Points::new(Decimal::new(maximum, 2)).unwrap_or(Points::ZERO));
        let shown = index.rounded().unwrap_or_default();
        let scaled = i128::from(points) * 10_000;
        let expected = (2 * scaled + i128::from(maximum)) / (2 * i128::from(maximum));
        prop_assert_eq!(shown, Decimal::from_i128_with_scale(expected, 2));
    }

    #[test]
    fn aggregating_again_with_no_change_gives_the_same_content_and_no_change(
        seeds in prop::collection::vec(prop::collection::vec(any::<u32>(), 1..8), 1..8),
    ) {
        let tree = par();
        let units: Vec<UnitScores> = seeds.iter().enumerate().map(|(i, s)| scores(&tree, &format!("S{i:02}"), s)).collect();
        let first = aggregate_results(&tree, None, &units);
        let again = aggregate_results(&tree, None, &units.clone());
        prop_assert_eq!(&first, &again);
        prop_assert!(version_changes(&first, &again).is_empty());
    }

    #[test]
    fn a_corrected_leaf_is_listed_as_the_only_change_of_its_unit(
        seeds in prop::collection::vec(prop::collection::vec(any::<u32>(), 1..8), 1..8),
        which_unit in any::<usize>(),
        which_leaf in any::<usize>(),
        seed in any::<u32>(),
    ) {
        let tree = par();
        let units: Vec<UnitScores> = seeds.iter().enumerate().map(|(i, s)| scores(&tree, &format!("S{i:02}"), s)).collect();
        let mut corrected = units.clone();
        let unit = &mut corrected[which_unit % units.len()];
        let leaves: Vec<&Criterion> = tree
            .leaves()
            .filter(|l| l.code.section() == Section::Main && !l.method.as_ref().is_some_and(ScoringMethod::is_survey))
            .collect();
        let leaf = leaves[which_leaf % leaves.len()];
        let new_points = valid_points(leaf, seed);
        // An appraised score overturns a not-applicable mark, so the leaf
        // counts whatever the unit marked.
        let old = unit_result(&tree, None, unit).leaves.into_iter().find(|l| l.code == leaf.code);
        unit.appraised_points.insert(leaf.code.clone(), new_points);
        let unit_id = unit.unit.unit_id;
        let changes = version_changes(&aggregate_results(&tree, None, &units), &aggregate_results(&tree, None, &corrected));
        let own = changes.iter().find(|c| c.unit_id == unit_id);
        let changed_leaves: Vec<&CriterionCode> = own.iter().flat_map(|c| c.leaves.iter().map(|l| &l.code)).collect();
        // Only the corrected leaf may differ; it differs when its score or
        // its source did.
        prop_assert!(changed_leaves.iter().all(|code| **code == leaf.code));
        let moved = old.is_none_or(|old| old.points != new_points || old.source != LeafSource::Appraised);
        prop_assert_eq!(changed_leaves.len(), usize::from(moved));
    }
}
