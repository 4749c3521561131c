use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Where a node sits in a criteria tree: `1`, `1.2`, `1.2.3` for fields,
/// criteria and sub-criteria; `B`, `B.1` for the bonus section and `P`, `P.1`
/// for the penalty section. The parent of `1.2.3` is `1.2`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CriterionCode {
    text: String,
    section: Section,
    numbers: Vec<u32>,
}

/// The part of a criteria set a node belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Section {
    /// The scored fields (lĩnh vực), counted in the applicable maximum.
    #[serde(rename = "main")]
    Main,
    /// Điểm thưởng: added, capped.
    #[serde(rename = "bonus")]
    Bonus,
    /// Điểm trừ: subtracted, capped.
    #[serde(rename = "penalty")]
    Penalty,
}

/// Why a text is not a criterion code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CriterionCodeError {
    /// Nothing given.
    #[error("mã tiêu chí không được để trống")]
    Empty,
    /// A part is not a positive number (or B/P at the start).
    #[error("mã tiêu chí \"{0}\" không hợp lệ: dùng dạng 1, 1.2, 1.2.3, B, B.1, P, P.1")]
    Malformed(String),
    /// Deeper than field → criterion → sub-criterion.
    #[error("mã tiêu chí \"{0}\" sâu quá ba cấp")]
    TooDeep(String),
}

impl CriterionCode {
    /// The deepest level: field → criterion → sub-criterion.
    pub const MAX_DEPTH: usize = 3;

    /// Parses a code.
    pub fn parse(raw: &str) -> Result<Self, CriterionCodeError> {
        let text = raw.trim().to_uppercase();
        if text.is_empty() {
            return Err(CriterionCodeError::Empty);
        }
        let malformed = || CriterionCodeError::Malformed(raw.trim().to_owned());
        let mut parts = text.split('.');
        let first = parts.next().ok_or_else(malformed)?;
        let (section, mut numbers) = match first {
            "B" => (Section::Bonus, Vec::new()),
            "P" => (Section::Penalty, Vec::new()),
            digits => (Section::Main, vec![positive(digits).ok_or_else(malformed)?]),
        };
        for part in parts {
            numbers.push(positive(part).ok_or_else(malformed)?);
        }
        let depth = numbers.len() + usize::from(section != Section::Main);
        if depth > Self::MAX_DEPTH {
            return Err(CriterionCodeError::TooDeep(text));
        }
        Ok(Self {
            text,
            section,
            numbers,
        })
    }

    /// The code's text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Which section it belongs to.
    pub fn section(&self) -> Section {
        self.section
    }

    /// 1 for a field or a section, 2 for a criterion, 3 for a sub-criterion.
    pub fn depth(&self) -> usize {
        self.numbers.len() + usize::from(self.section != Section::Main)
    }

    /// The parent's code, or `None` for a field or a section.
    pub fn parent(&self) -> Option<Self> {
        let (head, _) = self.text.rsplit_once('.')?;
        Self::parse(head).ok()
    }

    /// The top-level ancestor (the field, or the B or P section).
    pub fn top(&self) -> Self {
        let mut code = self.clone();
        while let Some(parent) = code.parent() {
            code = parent;
        }
        code
    }
}

fn positive(part: &str) -> Option<u32> {
    if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) || part.starts_with('0') {
        return None;
    }
    part.parse().ok()
}

impl Ord for CriterionCode {
    /// Tree order: fields by number, then the bonus section, then penalties;
    /// `1.2` before `1.10`.
    fn cmp(&self, other: &Self) -> Ordering {
        (self.section, &self.numbers).cmp(&(other.section, &other.numbers))
    }
}

impl PartialOrd for CriterionCode {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl TryFrom<String> for CriterionCode {
    type Error = CriterionCodeError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CriterionCode> for String {
    fn from(code: CriterionCode) -> Self {
        code.text
    }
}

impl fmt::Display for CriterionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> CriterionCode {
        CriterionCode::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn parents_and_depths() {
        assert_eq!(code("1.2.3").parent(), Some(code("1.2")));
        assert_eq!(code("1").parent(), None);
        assert_eq!(code("b.1").parent(), Some(code("B")));
        assert_eq!(
            (
                code("1.2.3").depth(),
                code("P").depth(),
                code("P.1").depth()
            ),
            (3, 1, 2)
        );
        assert_eq!(code("2.1.1").top(), code("2"));
        assert_eq!(code("P.2").section(), Section::Penalty);
    }

    #[test]
    fn tree_order_is_numeric_then_bonus_then_penalty() {
        let mut codes = [
            code("P"),
            code("1.10"),
            code("B.1"),
            code("1.2"),
            code("2"),
            code("1"),
        ];
        codes.sort();
        let texts: Vec<&str> = codes.iter().map(CriterionCode::as_str).collect();
        assert_eq!(texts, ["1", "1.2", "1.10", "2", "B.1", "P"]);
    }

    #[test]
    fn malformed_codes_are_refused() {
        for bad in [
            "", "1..2", "0", "1.02", "A.1", "1.2.3.4", "B.1.1.1", "1.x", " . ",
        ] {
            assert!(CriterionCode::parse(bad).is_err(), "{bad:?}");
        }
    }
}
