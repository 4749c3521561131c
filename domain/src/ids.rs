//! Identifiers: UUID v7 (time-ordered) inside newtypes, so that an account id
//! can never be passed where a unit id is expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The text given for an id is not a UUID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("mã định danh không hợp lệ: {0:?}")]
pub struct InvalidId(pub String);

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh, time-ordered identifier.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// Wraps an existing UUID (for example one read back from storage).
            pub fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The UUID inside.
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim())
                    .map(Self)
                    .map_err(|_| InvalidId(s.to_owned()))
            }
        }
    };
}

uuid_id!(
    /// Identifies an account (tài khoản). Derived from the username (see
    /// [`AccountId::for_username`]).
    AccountId
);
uuid_id!(
    /// Identifies a scored unit (cơ quan, đơn vị). Derived from the unit's
    /// code (see [`UnitId::for_code`]), so that a code is registered once.
    UnitId
);
uuid_id!(
    /// Identifies a criteria set (bộ tiêu chí), one version of it.
    CriteriaSetId
);
uuid_id!(
    /// Identifies an assessment period (kỳ đánh giá).
    PeriodId
);
uuid_id!(
    /// Identifies an evidence document attached to a self-assessment.
    EvidenceId
);
uuid_id!(
    /// Identifies one survey form (phiếu khảo sát) recorded for a unit.
    SurveyResponseId
);
uuid_id!(
    /// Identifies a request for sub-accounts.
    SubAccountRequestId
);

/// The namespace of unit ids derived from unit codes (a fixed, random UUID).
const UNIT_CODE_NAMESPACE: Uuid = Uuid::from_u128(0x6f1c_2a4e_9d3b_4c7a_8e51_0b9f_d2c4_a7e3);
/// The namespace of survey form ids derived from their numbers (a fixed, random UUID).
const SURVEY_FORM_NAMESPACE: Uuid = Uuid::from_u128(0x3d5a_7c19_e2b8_4f61_9a07_c4e3_58d1_b26f);
/// The namespace of account ids derived from usernames (a fixed, random UUID).
const USERNAME_NAMESPACE: Uuid = Uuid::from_u128(0x0b7e_91d2_5c44_4f0e_a3d9_6e28_1f70_c5b6);

impl AccountId {
    /// The id of the account with this (normalised) username: a UUID v5, so
    /// that a username is issued once, decided by the account aggregate
    /// itself with no lookup to race against.
    pub fn for_username(username: &str) -> Self {
        Self(Uuid::new_v5(&USERNAME_NAMESPACE, username.as_bytes()))
    }
}

impl UnitId {
    /// The id of the unit with this (normalised) code: a UUID v5, the same
    /// on every machine, so that registering a code twice lands on the same
    /// aggregate and is refused there, with no lookup to race against.
    pub fn for_code(code: &str) -> Self {
        Self(Uuid::new_v5(&UNIT_CODE_NAMESPACE, code.as_bytes()))
    }
}

impl SurveyResponseId {
    /// The id of the form numbered `form` of a unit in a period: the same
    /// on every import, so that importing a file twice records each form
    /// once.
    pub fn for_form(period: PeriodId, unit: UnitId, form: &str) -> Self {
        let name = format!("{period}/{unit}/{}", form.trim());
        Self(Uuid::new_v5(&SURVEY_FORM_NAMESPACE, name.as_bytes()))
    }

    /// The id of the form numbered `form` that Sở Nội vụ recorded for a
    /// unit: apart from the unit's own form of the same number.
    pub fn for_province_form(period: PeriodId, unit: UnitId, form: &str) -> Self {
        let name = format!("{period}/{unit}/so-noi-vu/{}", form.trim());
        Self(Uuid::new_v5(&SURVEY_FORM_NAMESPACE, name.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text() {
        let id = AccountId::new();
        assert_eq!(id.to_string().parse::<AccountId>(), Ok(id));
    }

    #[test]
    fn garbage_is_not_an_id() {
        assert!("not-a-uuid".parse::<UnitId>().is_err());
    }

    #[test]
    fn new_ids_are_time_ordered() {
        let first = AccountId::new();
        let second = AccountId::new();
        assert!(first < second);
    }
}
