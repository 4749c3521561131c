//! A period's deadlines as the API shows them: each a local date in Vietnam,
//! the moment work stops being accepted, and whether that moment has passed.

use async_graphql::SimpleObject;
use chamdiem_domain::period::{DeadlineKind, Deadlines};
use chamdiem_domain::time::{end_of_day, local_date};
use chrono::{DateTime, NaiveDate, Utc};

use super::enums::DeadlineKindGql;

/// One of a period's deadlines.
#[derive(SimpleObject, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// Which.
    pub kind: DeadlineKindGql,
    /// Its name in Vietnamese ("tự đánh giá", "thẩm định vòng 1"…).
    pub label: String,
    /// Its date, local in Vietnam (the last day work is accepted).
    pub date: NaiveDate,
    /// The moment work stops being accepted: the end of that day in
    /// Vietnam.
    pub ends_at: DateTime<Utc>,
    /// Whether that moment has passed.
    pub passed: bool,
    /// Whole days left after today in Vietnam (0 on the last day); null once
    /// the deadline has passed.
    pub days_left: Option<i64>,
}

/// The four deadlines in the order of the year, as they stand at `now`.
pub fn deadlines(deadlines: &Deadlines, now: DateTime<Utc>) -> Vec<Deadline> {
    [
        DeadlineKind::SelfAssessment,
        DeadlineKind::AppraisalRound1,
        DeadlineKind::Explanation,
        DeadlineKind::AppraisalRound2,
    ]
    .into_iter()
    .map(|kind| Deadline {
        kind: kind.into(),
        label: kind.label_vi().to_owned(),
        date: deadlines.get(kind),
        ends_at: end_of_day(deadlines.get(kind)),
        passed: deadlines.has_passed(kind, now),
        days_left: (!deadlines.has_passed(kind, now))
            .then(|| (deadlines.get(kind) - local_date(now)).num_days()),
    })
    .collect()
}
