use serde::{Deserialize, Serialize};

/// Which index a criteria set scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IndexKind {
    /// Chỉ số cải cách hành chính (CCHC).
    #[serde(rename = "par")]
    Par,
    /// Mức độ hoàn thành nhiệm vụ (HTNV), ending in a classification.
    #[serde(rename = "task_completion")]
    TaskCompletion,
}

impl IndexKind {
    /// The Vietnamese name.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Par => "Chỉ số cải cách hành chính",
            Self::TaskCompletion => "Mức độ hoàn thành nhiệm vụ",
        }
    }
}
