use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Index;

/// The task-completion classification (mức độ hoàn thành nhiệm vụ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Classification {
    /// Hoàn thành xuất sắc.
    #[serde(rename = "excellent")]
    Excellent,
    /// Hoàn thành tốt.
    #[serde(rename = "good")]
    Good,
    /// Hoàn thành.
    #[serde(rename = "completed")]
    Completed,
    /// Không hoàn thành.
    #[serde(rename = "not_completed")]
    NotCompleted,
}

impl Classification {
    /// The wording used in decisions and reports.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Excellent => "Hoàn thành xuất sắc",
            Self::Good => "Hoàn thành tốt",
            Self::Completed => "Hoàn thành",
            Self::NotCompleted => "Không hoàn thành",
        }
    }

    /// Parses an English code or the Vietnamese wording.
    pub fn parse(text: &str) -> Option<Self> {
        let wanted = text.trim().to_lowercase();
        [
            Self::Excellent,
            Self::Good,
            Self::Completed,
            Self::NotCompleted,
        ]
        .into_iter()
        .find(|c| {
            wanted == c.label_vi().to_lowercase()
                || serde_json::to_value(c)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    == Some(wanted.clone())
        })
    }
}

/// One band: an index from `minimum` (inclusive) up to the next band's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassificationBand {
    /// The lowest index of the band, inclusive.
    pub minimum: Decimal,
    /// The classification given.
    pub classification: Classification,
}

/// Classification bands, highest first; the lowest starts at 0, so every
/// index falls in exactly one band (a negative index in the lowest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassificationBands(Vec<ClassificationBand>);

/// Why a list of bands is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BandsError {
    /// No band at all.
    #[error("cần ít nhất một mức xếp loại")]
    Empty,
    /// Thresholds not strictly decreasing, or outside 0–100.
    #[error("ngưỡng xếp loại phải giảm dần trong khoảng 0–100 (mức {0})")]
    Thresholds(usize),
    /// The lowest band does not start at 0.
    #[error("mức xếp loại thấp nhất phải bắt đầu từ 0")]
    NoFloor,
    /// A classification appears twice.
    #[error("mỗi loại chỉ được dùng cho một mức")]
    Repeated,
}

impl ClassificationBands {
    /// Checks and orders the bands (highest minimum first).
    pub fn new(mut bands: Vec<ClassificationBand>) -> Result<Self, BandsError> {
        if bands.is_empty() {
            return Err(BandsError::Empty);
        }
        bands.sort_by_key(|band| std::cmp::Reverse(band.minimum));
        for (i, band) in bands.iter().enumerate() {
            let in_range = band.minimum >= Decimal::ZERO && band.minimum <= Decimal::ONE_HUNDRED;
            let decreasing = i == 0 || bands[i - 1].minimum > band.minimum;
            if !in_range || !decreasing {
                return Err(BandsError::Thresholds(i + 1));
            }
        }
        if bands.last().map(|b| b.minimum) != Some(Decimal::ZERO) {
            return Err(BandsError::NoFloor);
        }
        let mut seen: Vec<Classification> = bands.iter().map(|b| b.classification).collect();
        seen.sort();
        seen.dedup();
        if seen.len() != bands.len() {
            return Err(BandsError::Repeated);
        }
        Ok(Self(bands))
    }

    /// The bands of the task-completion rule quoted in the sample: ≥ 90
    /// excellent, 75–< 90 good, 50–< 75 completed, < 50 not completed.
    pub fn standard() -> Self {
        let band = |minimum: u32, classification| ClassificationBand {
            minimum: Decimal::from(minimum),
            classification,
        };
        Self(vec![
            band(90, Classification::Excellent),
            band(75, Classification::Good),
            band(50, Classification::Completed),
            band(0, Classification::NotCompleted),
        ])
    }

    /// Reads bands as a criteria file writes them, each classification
    /// with the lowest index it starts at:
    /// `Hoàn thành xuất sắc=90|Hoàn thành tốt=75|Hoàn thành=50|Không hoàn thành=0`
    /// (the English codes `excellent`, `good`, `completed`, `not_completed`
    /// are read too). The message names the part it could not read.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut bands = Vec::new();
        for part in text.split('|').map(str::trim).filter(|p| !p.is_empty()) {
            let (label, minimum) = part.split_once('=').ok_or_else(|| {
                format!("\"{part}\" phải có dạng mức xếp loại=ngưỡng, ví dụ Hoàn thành tốt=75")
            })?;
            let classification = Classification::parse(label).ok_or_else(|| {
                format!(
                    "\"{}\" không phải mức xếp loại: dùng Hoàn thành xuất sắc, Hoàn thành tốt, Hoàn thành hoặc Không hoàn thành",
                    label.trim()
                )
            })?;
            let minimum = minimum
                .trim()
                .parse::<Decimal>()
                .map_err(|_| format!("ngưỡng \"{}\" không phải là số", minimum.trim()))?;
            bands.push(ClassificationBand {
                minimum,
                classification,
            });
        }
        Self::new(bands).map_err(|e| e.to_string())
    }

    /// Writes the bands as [`Self::parse`] reads them, highest first.
    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(|band| format!("{}={}", band.classification.label_vi(), band.minimum))
            .collect::<Vec<_>>()
            .join("|")
    }

    /// The bands, highest first.
    pub fn bands(&self) -> &[ClassificationBand] {
        &self.0
    }

    /// The classification of an exact index: the highest band whose minimum
    /// it reaches (so 89.996 is "good", even though it is shown as 90.00).
    pub fn classify(&self, index: &Index) -> Classification {
        self.0
            .iter()
            .find(|band| index.is_at_least(band.minimum))
            .or(self.0.last())
            .map_or(Classification::NotCompleted, |band| band.classification)
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;
    use crate::scoring::Points;

    fn classify(points: Decimal) -> Classification {
        let index = Index::new(points, Points::new(dec!(100)).unwrap_or_default());
        ClassificationBands::standard().classify(&index)
    }

    #[test]
    fn band_edges_are_inclusive_at_the_bottom() {
        assert_eq!(classify(dec!(90)), Classification::Excellent);
        assert_eq!(classify(dec!(89.99)), Classification::Good);
        assert_eq!(classify(dec!(75)), Classification::Good);
        assert_eq!(classify(dec!(50)), Classification::Completed);
        assert_eq!(classify(dec!(49.99)), Classification::NotCompleted);
        assert_eq!(classify(dec!(-3)), Classification::NotCompleted);
    }

    #[test]
    fn bands_must_reach_zero_and_not_repeat() {
        let band = |m: u32, c| ClassificationBand {
            minimum: Decimal::from(m),
            classification: c,
        };
        assert_eq!(
            ClassificationBands::new(vec![band(50, Classification::Good)]),
            Err(BandsError::NoFloor)
        );
        assert_eq!(
            ClassificationBands::new(vec![
                band(50, Classification::Good),
                band(0, Classification::Good)
            ]),
            Err(BandsError::Repeated)
        );
        assert_eq!(
            ClassificationBands::new(vec![
                band(50, Classification::Good),
                band(50, Classification::Completed)
            ]),
            Err(BandsError::Thresholds(2))
        );
    }

    #[test]
    fn bands_read_from_a_file_cell_and_written_back() {
        let text = "Hoàn thành xuất sắc=85|Hoàn thành tốt=70|Hoàn thành=50|Không hoàn thành=0";
        let bands = ClassificationBands::parse(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(bands.bands()[0].minimum, dec!(85));
        assert_eq!(bands.to_text(), text);
        assert_eq!(
            ClassificationBands::parse(&ClassificationBands::standard().to_text()),
            Ok(ClassificationBands::standard())
        );
        assert_eq!(
            ClassificationBands::parse("good=60|excellent=95|completed=0").map(|b| b.bands().len()),
            Ok(3)
        );
        for (bad, says) in [
            ("Hoàn thành tốt 75", "phải có dạng"),
            ("Giỏi=75|Hoàn thành=0", "không phải mức xếp loại"),
            ("Hoàn thành tốt=bảy mươi|Hoàn thành=0", "không phải là số"),
            ("Hoàn thành tốt=75|Hoàn thành=50", "bắt đầu từ 0"),
            ("", "ít nhất một mức"),
        ] {
            let message = ClassificationBands::parse(bad).err().unwrap_or_default();
            assert!(message.contains(says), "{bad}: {message}");
        }
    }

    #[test]
    fn wording_parses_back() {
        assert_eq!(
            Classification::parse("Hoàn thành tốt"),
            Some(Classification::Good)
        );
        assert_eq!(
            Classification::parse("not_completed"),
            Some(Classification::NotCompleted)
        );
    }
}
