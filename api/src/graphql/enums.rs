//! GraphQL enums mirroring the domain's, with stable names.

use async_graphql::Enum;
use chamdiem_domain::{account, appraisal, criteria_set, period, self_assessment, unit};

macro_rules! mirror {
    ($(#[$doc:meta])* $name:ident as $gql:literal => $domain:path { $($variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
        #[graphql(name = $gql)]
        pub enum $name { $(#[allow(missing_docs)] $variant),+ }

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
