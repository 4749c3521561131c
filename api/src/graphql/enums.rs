//! GraphQL enums mirroring the domain's, with stable names.

use async_graphql::Enum;
use chamdiem_domain::{
    account, appraisal, criteria, criteria_set, period, results, scoring, self_assessment, unit,
};
use chamdiem_projections::{progress_board, queries};

/// Reads an enum back from an answer by the name the schema gives it (the
/// pages do), so that no second spelling of the names can drift.
macro_rules! by_graphql_name {
    ($name:ident) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                <Self as async_graphql::resolver_utils::EnumType>::items()
                    .iter()
                    .find(|item| item.name == name)
                    .map(|item| item.value)
                    .ok_or_else(|| serde::de::Error::unknown_variant(&name, &[]))
            }
        }
    };
}
pub(crate) use by_graphql_name;

macro_rules! mirror {
    ($(#[$doc:meta])* $name:ident as $gql:literal => $domain:path { $($variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
        #[graphql(name = $gql)]
        pub enum $name { $(#[allow(missing_docs)] $variant),+ }

        by_graphql_name!($name);

        impl From<$name> for $domain {
            fn from(value: $name) -> Self {
                match value { $($name::$variant => <$domain>::$variant),+ }
            }
        }

        impl From<$domain> for $name {
            fn from(value: $domain) -> Self {
                match value { $(<$domain>::$variant => $name::$variant),+ }
            }
        }
    };
}

mirror!(
    /// An account's role.
    RoleGql as "Role" => account::Role { Admin, Manager, DataEntry, Appraiser, Auditor }
);
mirror!(
    /// A data-entry account's permission.
    PermissionGql as "Permission" => account::Permission { EntersScores, ApprovesReports, RequestsSubAccounts }
);
mirror!(
    /// A unit's kind (and default ranking block).
    UnitKindGql as "UnitKind" => unit::UnitKind { Department, PublicServiceUnit, District, Commune }
);
mirror!(
    /// The index a criteria set scores.
    IndexKindGql as "IndexKind" => criteria_set::IndexKind { Par, TaskCompletion }
);
mirror!(
    /// One of a period's deadlines.
    DeadlineKindGql as "DeadlineKind" => period::DeadlineKind { SelfAssessment, AppraisalRound1, Explanation, AppraisalRound2 }
);
mirror!(
    /// An appraisal round.
    RoundGql as "Round" => appraisal::Round { One, Two }
);
mirror!(
    /// A survey answer: A, B, C, D worth 100, 60, 20, 0 %.
    SurveyAnswerGql as "SurveyAnswer" => self_assessment::SurveyAnswer { A, B, C, D }
);
mirror!(
    /// How a complaint about provisional results was answered.
    ComplaintOutcomeGql as "ComplaintOutcome" => period::ComplaintOutcome { Upheld, Rejected }
);
mirror!(
    /// Where a period's results stand.
    PeriodStatusGql as "PeriodStatus" => period::PeriodStatus { Open, Aggregated, Finalized, Published }
);
mirror!(
    /// Where a unit's self-assessment stands.
    ScorecardStatusGql as "ScorecardStatus" => queries::ScorecardStatus { Draft, Approved, Submitted }
);
mirror!(
    /// Where a unit stands on the progress board: as its scorecard, or LATE
    /// when it has not submitted and the self-assessment deadline has passed.
    ProgressStatusGql as "ProgressStatus" => progress_board::ProgressStatus { Draft, Approved, Submitted, Late }
);
mirror!(
    /// Where a ranking stands: LIVE before aggregation (changing as scores
    /// are entered), then PROVISIONAL, FINAL and PUBLISHED.
    RankingStateGql as "RankingState" => queries::RankingState { Live, Provisional, Final, Published }
);
mirror!(
    /// The task-completion classification (mức độ hoàn thành nhiệm vụ).
    ClassificationGql as "Classification" => scoring::Classification { Excellent, Good, Completed, NotCompleted }
);
mirror!(
    /// Where a leaf's final score came from.
    LeafSourceGql as "LeafSource" => results::LeafSource { Appraised, SelfNotAppraised, Survey, NotScored, NotApplicable }
);
mirror!(
    /// Where a sub-account request stands.
    RequestStatusGql as "RequestStatus" => queries::RequestStatus { Pending, Approved, Rejected }
);

/// How a leaf is scored.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(name = "ScoringMethod")]
pub enum ScoringMethodGql {
    /// One of the listed levels (see `levels`).
    Levels,
    /// A percentage achieved × the maximum ÷ 100.
    Ratio,
    /// Any score from 0 to the maximum, in steps.
    Range,
    /// Scored from survey forms, not entered.
    Survey,
}

by_graphql_name!(ScoringMethodGql);

impl ScoringMethodGql {
    /// As the pages name it to officials.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Levels => "Chọn một mức",
            Self::Ratio => "Theo tỉ lệ %",
            Self::Range => "Trong khoảng điểm",
            Self::Survey => "Điều tra xã hội học",
        }
    }
}

impl From<&criteria::ScoringMethod> for ScoringMethodGql {
    fn from(method: &criteria::ScoringMethod) -> Self {
        match method {
            criteria::ScoringMethod::Levels { .. } => Self::Levels,
            criteria::ScoringMethod::Ratio => Self::Ratio,
            criteria::ScoringMethod::Range { .. } => Self::Range,
            criteria::ScoringMethod::Survey { .. } => Self::Survey,
        }
    }
}
