//! Whether the server's seals cover the whole history (ops/decisions/0018):
//! every position inside exactly one seal, each signed by a key the
//! verifier trusts, each matching the recomputed chain at both ends.

use std::collections::BTreeMap;

use super::{ChainBreak, TrustedKeys};
use crate::store::{EventSeal, GENESIS};

/// What the seals say about a history whose chain verified up to `head`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealCheck {
    /// Positions covered by a valid seal, from 1 without a gap.
    pub sealed: i64,
    /// The first position where they fail, and why.
    pub broken: Option<ChainBreak>,
}

/// The positions whose recomputed hash the check needs: both ends of each
/// seal.
pub fn seal_ends(seals: &[EventSeal]) -> impl Iterator<Item = i64> + '_ {
    seals
        .iter()
        .flat_map(|seal| [seal.first_position - 1, seal.last_position])
}

/// Checks `seals` (in position order) against the chain recomputed up to
/// `head`, whose hashes at the seals' ends are in `recomputed`.
pub fn check_seals(
    seals: &[EventSeal],
    recomputed: &BTreeMap<i64, [u8; 32]>,
    head: i64,
    sealers: &TrustedKeys,
) -> SealCheck {
    let hash_at = |position: i64| match position {
        0 => Some(hex::encode(GENESIS)),
        _ => recomputed.get(&position).map(hex::encode),
    };
    let mut next = 1_i64;
    let fail = |position: i64, reason: &str| SealCheck {
        sealed: position - 1,
        broken: Some(ChainBreak {
            position,
            reason: reason.to_owned(),
        }),
    };
    for seal in seals {
        if next > head {
            return fail(
                next,
                &format!(
                    "có dấu niêm phong đến vị trí {} nhưng lịch sử chỉ còn đến vị trí {head} \
                     (phần cuối đã bị xoá)",
                    seal.last_position
                ),
            );
        }
        if seal.first_position > next {
            return fail(next, UNSEALED);
        }
        if seal.first_position < next {
            return fail(seal.first_position, "hai dấu niêm phong chồng lên nhau");
        }
        if !seal.signature_verifies() {
            return fail(next, "chữ ký của dấu niêm phong không hợp lệ");
        }
        if sealers.is_empty() {
            return fail(
                next,
                "chưa có khoá niêm phong tin cậy nào để kiểm (--trusted-seal-key)",
            );
        }
        if !sealers.trusts(&seal.public_key) {
            return fail(
                next,
                "dấu niêm phong được ký bằng khoá không phải của máy chủ",
            );
        }
        if seal.last_position > head {
            return fail(
                head + 1,
                &format!(
                    "dấu niêm phong đến vị trí {} nhưng lịch sử chỉ còn đến vị trí {head} \
                     (phần cuối đã bị xoá)",
                    seal.last_position
                ),
            );
        }
        if hash_at(seal.first_position - 1).as_deref() != Some(seal.hash_before.as_str())
            || hash_at(seal.last_position).as_deref() != Some(seal.hash_at_last.as_str())
        {
            return fail(
                next,
                "chuỗi tính lại không khớp với dấu niêm phong (lịch sử đã bị viết lại)",
            );
        }
        next = seal.last_position + 1;
    }
    if next <= head {
        return fail(next, UNSEALED);
    }
    SealCheck {
        sealed: head,
        broken: None,
    }
}

const UNSEALED: &str =
    "sự kiện không được máy chủ niêm phong (được ghi vào cơ sở dữ liệu ngoài máy chủ)";
