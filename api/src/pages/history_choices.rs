//! The periods and units the history pages (a leaf's history, the results
//! as they stood) offer to choose from, read once through the API.

use chamdiem_commands::metadata::RequestContext;
use serde::Deserialize;
use serde_json::json;

use super::choice::Choice;
use super::operations::HISTORY_CHOICES;
use super::page_api::{ApiError, run};
use super::page_session::PageSession;
use super::unit_list::UnitList;
use crate::state::AppState;

/// What `history_choices.graphql` answers.
#[derive(Deserialize, Default)]
pub struct HistoryChoices {
    periods: Vec<PeriodItem>,
    units: UnitList,
}

#[derive(Deserialize)]
struct PeriodItem {
    id: String,
    name: String,
}

impl HistoryChoices {
    /// The choices, or none with the API's refusal added to `errors`.
    pub async fn read(
        state: &AppState,
        context: &RequestContext,
        session: &PageSession,
        errors: &mut Vec<ApiError>,
    ) -> Self {
        run(state, context, Some(session), HISTORY_CHOICES, json!({}))
            .await
            .read::<Self>()
            .unwrap_or_else(|refused| {
                errors.extend(refused);
                Self::default()
            })
    }

    /// The periods, as a select's options.
    pub fn periods(&self) -> Vec<Choice> {
        self.periods
            .iter()
            .map(|p| Choice {
                value: p.id.clone(),
                label: p.name.clone(),
            })
            .collect()
    }

    /// The units, as a select's options.
    pub fn units(&self) -> Vec<Choice> {
        self.units.choices()
    }
}
