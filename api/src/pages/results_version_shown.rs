//! Which version of a period's results the ranking page shows, and what
//! changed from the version before and why, as officials read it: each
//! unit's rank and index before and after, each corrected leaf with its
//! scores and the appraiser's reason, and the complaint it answered.

use serde::Deserialize;

use super::ranking_blocks::RankingRowData;
use super::vietnamese_numbers::{figure, moment};

/// What the ranking operation selects of a period's corrections.
#[derive(Deserialize)]
pub struct ResultsCorrections {
    versions: Vec<VersionNumber>,
    /// The version asked for, or the latest.
    pub shown: Option<VersionData>,
}

#[derive(Deserialize)]
struct VersionNumber {
    version: u32,
}

/// One version as selected.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionData {
    version: u32,
    aggregated_at: String,
    reason: Option<String>,
    corrections: Vec<CorrectionData>,
    changes: Vec<ChangeData>,
    /// Its rows.
    pub ranking: Vec<RankingRowData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CorrectionData {
    unit_code: String,
    leaf_code: String,
    before: Option<String>,
    after: String,
    reason: String,
    complaint_no: Option<u32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChangeData {
    unit_code: String,
    rank_before: u32,
    rank_after: u32,
    index_before: String,
    index_after: String,
    leaves: Vec<LeafData>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LeafData {
    leaf_code: String,
    before: String,
    after: String,
}

/// A unit's change as shown.
pub struct ChangeLine {
    pub unit: String,
    pub rank: String,
    pub index: String,
    pub leaves: String,
}

/// A correction as shown.
pub struct CorrectionLine {
    pub unit: String,
    pub leaf: String,
    pub scores: String,
    pub reason: String,
    pub complaint: String,
}

/// The version shown, ready for the page.
pub struct VersionShown {
    pub number: u32,
    pub latest: u32,
    pub aggregated_at: String,
    pub reason: String,
    pub changes: Vec<ChangeLine>,
    pub corrections: Vec<CorrectionLine>,
    /// Every version: (number, link, whether it is the one shown).
    pub versions: Vec<(u32, String, bool)>,
    /// Where the complaints are handled.
    pub complaints: String,
}

impl VersionShown {
    /// The version `corrections` selected for `period`'s page, if there
    /// are results.
    pub fn of(corrections: &ResultsCorrections, period: &str) -> Option<Self> {
        let shown = corrections.shown.as_ref()?;
        let latest = corrections
            .versions
            .last()
            .map_or(shown.version, |v| v.version);
        Some(Self {
            number: shown.version,
            latest,
            aggregated_at: moment(&shown.aggregated_at),
            reason: shown.reason.clone().unwrap_or_default(),
            changes: shown
                .changes
                .iter()
                .map(|change| ChangeLine {
                    unit: change.unit_code.clone(),
                    rank: format!("{} → {}", change.rank_before, change.rank_after),
                    index: format!(
                        "{} → {}",
                        figure(&change.index_before),
                        figure(&change.index_after)
                    ),
                    leaves: change
                        .leaves
                        .iter()
                        .map(|leaf| {
                            format!(
                                "{}: {} → {}",
                                leaf.leaf_code,
                                figure(&leaf.before),
                                figure(&leaf.after)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                })
                .collect(),
            corrections: shown
                .corrections
                .iter()
                .map(|c| CorrectionLine {
                    unit: c.unit_code.clone(),
                    leaf: c.leaf_code.clone(),
                    scores: format!(
                        "{} → {}",
                        c.before.as_deref().map_or_else(|| "—".to_owned(), figure),
                        figure(&c.after)
                    ),
                    reason: c.reason.clone(),
                    complaint: c
                        .complaint_no
                        .map(|no| format!("Kiến nghị số {no}"))
                        .unwrap_or_default(),
                })
                .collect(),
            versions: corrections
                .versions
                .iter()
                .map(|v| {
                    (
                        v.version,
                        format!("/ky-danh-gia/{period}/xep-hang?phien_ban={}", v.version),
                        v.version == shown.version,
                    )
                })
                .collect(),
            complaints: format!("/ky-danh-gia/{period}/kien-nghi"),
        })
    }
}
