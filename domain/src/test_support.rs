//! Fixtures shared by the aggregate tests: a small tree with every scoring
//! method, a period's deadlines, ids.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use crate::criteria::{CriteriaTree, CriterionCode, LeafEntry, import_criteria_csv};
use crate::ids::{AccountId, PeriodId, UnitId};
use crate::period::Deadlines;
use crate::scoring::{Percentage, Points};
use crate::self_assessment::FreeText;

/// Fields 1 (levels, ratio, range) and 2 (survey), bonus and penalty.
/// Main maximum 10; bonus cap 1; penalty cap 2.
pub const SMALL_TREE: &str = "\
code,title,max_score,method,levels,evidence_required,not_applicable_allowed,appraised_by
1,Lĩnh vực một,6,,,,,Sở Nội vụ
1.1,Kế hoạch,1,levels,1=Đúng hạn|0.5=Chậm|0=Không,yes,no,Sở Nội vụ
1.2,Tỷ lệ hoàn thành,2,ratio,,yes,yes,Sở Nội vụ
1.3,Sáng kiến,3,range,,no,yes,Sở Tư pháp
2,Khảo sát,4,survey,,no,no,Sở Nội vụ
B,Điểm thưởng,1,,,,,Sở Nội vụ
B.1,Khen thưởng,1,levels,1=Có|0=Không,yes,no,Sở Nội vụ
P,Điểm trừ,2,,,,,Sở Nội vụ
P.1,Vi phạm,2,range,,yes,no,Sở Nội vụ
";

pub fn tree() -> Arc<CriteriaTree> {
    Arc::new(import_criteria_csv(SMALL_TREE).unwrap_or_else(|e| panic!("{e}")))
}

pub fn code(text: &str) -> CriterionCode {
    CriterionCode::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

pub fn points(text: &str) -> Points {
    Points::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

pub fn score(text: &str) -> LeafEntry {
    LeafEntry::Score(points(text))
}

pub fn ratio(text: &str) -> LeafEntry {
    LeafEntry::Ratio(Percentage::parse(text).unwrap_or_else(|e| panic!("{e}")))
}

pub fn text(value: &str) -> FreeText {
    FreeText::parse(value).unwrap_or_else(|e| panic!("{e}"))
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// Self-assessment until 2025-01-15, round 1 until 01-31, explanation until
/// 02-10, round 2 until 02-20 (local dates).
pub fn deadlines() -> Deadlines {
    Deadlines {
        self_assessment_opens: None,
        self_assessment: date(2025, 1, 15),
        appraisal_round_1: date(2025, 1, 31),
        explanation: date(2025, 2, 10),
        appraisal_round_2: date(2025, 2, 20),
    }
}

/// Noon in Vietnam on a day.
pub fn noon(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    date(y, m, d)
        .and_hms_opt(5, 0, 0)
        .unwrap_or_default()
        .and_utc()
}

pub fn period_id() -> PeriodId {
    PeriodId::from_uuid(uuid::Uuid::from_u128(0x100))
}

pub fn unit_id() -> UnitId {
    UnitId::for_code("S01")
}

pub fn other_unit_id() -> UnitId {
    UnitId::for_code("S02")
}

pub fn leader() -> AccountId {
    AccountId::from_uuid(uuid::Uuid::from_u128(0x200))
}

pub fn appraiser() -> AccountId {
    AccountId::from_uuid(uuid::Uuid::from_u128(0x300))
}
