//! The units an operation lists beside what a page shows (`units { nodes
//! { id code name } }`), to name a unit by its id the way officials read
//! it: "S02 – Sở Tư pháp".

use serde::Deserialize;

use super::choice::Choice;

/// The units, as an operation selects them.
#[derive(Deserialize, Default)]
pub struct UnitList {
    /// In code order.
    pub nodes: Vec<UnitItem>,
}

/// One unit.
#[derive(Deserialize)]
pub struct UnitItem {
    /// Its id.
    pub id: String,
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
}

impl UnitItem {
    /// "S02 – Sở Tư pháp".
    pub fn label(&self) -> String {
        format!("{} – {}", self.code, self.name)
    }
}

impl UnitList {
    /// The label of the unit `id`, or "" for an id not listed.
    pub fn label_of(&self, id: &str) -> String {
        self.nodes
            .iter()
            .find(|unit| unit.id == id)
            .map(UnitItem::label)
            .unwrap_or_default()
    }

    /// Every unit as a choice of a select.
    pub fn choices(&self) -> Vec<Choice> {
        self.nodes
            .iter()
            .map(|unit| Choice {
                value: unit.id.clone(),
                label: unit.label(),
            })
            .collect()
    }
}
