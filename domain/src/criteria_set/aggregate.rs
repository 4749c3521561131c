use std::collections::BTreeSet;

use cqrs_es::Aggregate;
use cqrs_es::event_sink::EventSink;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{
    ClassificationBandsSet, CriteriaSetCommand, CriteriaSetDrafted, CriteriaSetError,
    CriteriaSetEvent, CriteriaSetPublished, CriteriaTreeDefined, DraftCriteriaSet, IndexKind,
    IssuingDecision,
};
use crate::criteria::CriteriaTree;
use crate::ids::CriteriaSetId;
use crate::scoring::ClassificationBands;
use crate::unit::UnitKind;

/// The criteria set aggregate. Its accessors let the write side look up a
/// published set before deciding on periods and scores.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct CriteriaSet {
    state: Option<State>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct State {
    id: CriteriaSetId,
    index_kind: IndexKind,
    name: String,
    /// Absent in states stored before the decision was kept here.
    #[serde(default)]
    decision: Option<IssuingDecision>,
    year: i32,
    version: u32,
    unit_kinds: BTreeSet<UnitKind>,
    tree: Option<CriteriaTree>,
    bands: Option<ClassificationBands>,
    published: bool,
}

impl CriteriaSet {
    /// Whether it exists and is published.
    pub fn is_published(&self) -> bool {
        self.state.as_ref().is_some_and(|s| s.published)
    }

    /// Its id, once drafted.
    pub fn id(&self) -> Option<CriteriaSetId> {
        self.state.as_ref().map(|s| s.id)
    }

    /// Its index kind, once drafted.
    pub fn index_kind(&self) -> Option<IndexKind> {
        self.state.as_ref().map(|s| s.index_kind)
    }

    /// Its version, once drafted.
    pub fn version(&self) -> Option<u32> {
        self.state.as_ref().map(|s| s.version)
    }

    /// Its year, once drafted.
    pub fn year(&self) -> Option<i32> {
        self.state.as_ref().map(|s| s.year)
    }

    /// Its name, once drafted.
    pub fn name(&self) -> Option<&str> {
        self.state.as_ref().map(|s| s.name.as_str())
    }

    /// The decision that issued it, once drafted.
    pub fn decision(&self) -> Option<&IssuingDecision> {
        self.state.as_ref().and_then(|s| s.decision.as_ref())
    }

    /// The unit kinds it applies to.
    pub fn unit_kinds(&self) -> BTreeSet<UnitKind> {
        self.state
            .as_ref()
            .map(|s| s.unit_kinds.clone())
            .unwrap_or_default()
    }

    /// Its tree, once defined.
    pub fn tree(&self) -> Option<&CriteriaTree> {
        self.state.as_ref().and_then(|s| s.tree.as_ref())
    }

    /// Its classification bands, for task completion.
    pub fn bands(&self) -> Option<&ClassificationBands> {
        self.state.as_ref().and_then(|s| s.bands.as_ref())
    }

    fn draft(&self, command: DraftCriteriaSet) -> Result<CriteriaSetEvent, CriteriaSetError> {
        if self.state.is_some() {
            return Err(CriteriaSetError::AlreadyDrafted);
        }
        let name = command
            .name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if name.is_empty() || name.chars().count() > 300 {
            return Err(CriteriaSetError::Name);
        }
        if !(2000..=2100).contains(&command.year) {
            return Err(CriteriaSetError::Year);
        }
        if command.unit_kinds.is_empty() {
            return Err(CriteriaSetError::NoUnitKinds);
        }
        if let Some(previous) = command.supersedes {
            if previous.index_kind != command.index_kind {
                return Err(CriteriaSetError::SupersedesOtherIndex);
            }
        }
        Ok(CriteriaSetEvent::Drafted(CriteriaSetDrafted {
            criteria_set_id: command.criteria_set_id,
            index_kind: command.index_kind,
            name,
            decision: command.decision,
            year: command.year,
            unit_kinds: command.unit_kinds,
            version: command
                .supersedes
                .map_or(1, |s| s.version.saturating_add(1)),
            supersedes: command.supersedes.map(|s| s.criteria_set_id),
        }))
    }

    fn draft_state(&self) -> Result<&State, CriteriaSetError> {
        let state = self.state.as_ref().ok_or(CriteriaSetError::NotDrafted)?;
        if state.published {
            return Err(CriteriaSetError::Published);
        }
        Ok(state)
    }

    fn define_tree(&self, tree: CriteriaTree) -> Result<CriteriaSetEvent, CriteriaSetError> {
        let state = self.draft_state()?;
        Ok(CriteriaSetEvent::TreeDefined(CriteriaTreeDefined {
            criteria_set_id: state.id,
            tree,
        }))
    }

    fn set_bands(&self, bands: ClassificationBands) -> Result<CriteriaSetEvent, CriteriaSetError> {
        let state = self.draft_state()?;
        if state.index_kind != IndexKind::TaskCompletion {
            return Err(CriteriaSetError::BandsNotApplicable);
        }
        Ok(CriteriaSetEvent::BandsSet(ClassificationBandsSet {
            criteria_set_id: state.id,
            bands,
        }))
    }

    fn publish(&self) -> Result<CriteriaSetEvent, CriteriaSetError> {
        let state = self.draft_state()?;
        let tree = state.tree.as_ref().ok_or(CriteriaSetError::NoTree)?;
        if state.index_kind == IndexKind::TaskCompletion && state.bands.is_none() {
            return Err(CriteriaSetError::BandsRequired);
        }
        Ok(CriteriaSetEvent::Published(CriteriaSetPublished {
            criteria_set_id: state.id,
            maximum: tree.maximum(),
            leaves: u32::try_from(tree.leaves().count()).unwrap_or(u32::MAX),
            digest: digest(tree, state.bands.as_ref()),
        }))
    }
}

/// SHA-256 (hex) of the canonical JSON of the tree and bands. The tree
/// serialises in code order, so the same content always gives the same digest.
fn digest(tree: &CriteriaTree, bands: Option<&ClassificationBands>) -> String {
    let canonical = serde_json::to_vec(&(tree, bands)).unwrap_or_default();
    hex::encode(Sha256::digest(canonical))
}

impl Aggregate for CriteriaSet {
    const TYPE: &'static str = "criteria_set";
    type Command = CriteriaSetCommand;
    type Event = CriteriaSetEvent;
    type Error = CriteriaSetError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let event = match command {
            CriteriaSetCommand::Draft(c) => self.draft(c)?,
            CriteriaSetCommand::DefineTree(tree) => self.define_tree(tree)?,
            CriteriaSetCommand::SetClassificationBands(bands) => self.set_bands(bands)?,
            CriteriaSetCommand::Publish => self.publish()?,
        };
        sink.write(event, self).await;
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            CriteriaSetEvent::Drafted(e) => {
                self.state = Some(State {
                    id: e.criteria_set_id,
                    index_kind: e.index_kind,
                    name: e.name,
                    decision: Some(e.decision),
                    year: e.year,
                    version: e.version,
                    unit_kinds: e.unit_kinds,
                    tree: None,
                    bands: None,
                    published: false,
                });
            }
            CriteriaSetEvent::TreeDefined(e) => {
                if let Some(state) = &mut self.state {
                    state.tree = Some(e.tree);
                }
            }
            CriteriaSetEvent::BandsSet(e) => {
                if let Some(state) = &mut self.state {
                    state.bands = Some(e.bands);
                }
            }
            CriteriaSetEvent::Published(_) => {
                if let Some(state) = &mut self.state {
                    state.published = true;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use cqrs_es::test::TestFramework;

    use super::*;
    use crate::criteria::import_criteria_csv;
    use crate::criteria_set::{IssuingDecision, Supersedes};

    type SetTest = TestFramework<CriteriaSet>;

    fn id() -> CriteriaSetId {
        CriteriaSetId::from_uuid(uuid::Uuid::from_u128(7))
    }

    fn decision() -> IssuingDecision {
        let date = NaiveDate::from_ymd_opt(2023, 12, 20).unwrap_or_default();
        IssuingDecision::new("4606/QĐ-UBND", date).unwrap_or_else(|e| panic!("{e}"))
    }

    fn draft_command(index_kind: IndexKind, supersedes: Option<Supersedes>) -> DraftCriteriaSet {
        DraftCriteriaSet {
            criteria_set_id: id(),
            index_kind,
            name: "Bộ chỉ số  CCHC sở, ngành".into(),
            decision: decision(),
            year: 2024,
            unit_kinds: BTreeSet::from([UnitKind::Department]),
            supersedes,
        }
    }

    fn drafted(index_kind: IndexKind) -> CriteriaSetEvent {
        CriteriaSetEvent::Drafted(CriteriaSetDrafted {
            criteria_set_id: id(),
            index_kind,
            name: "Bộ chỉ số CCHC sở, ngành".into(),
            decision: decision(),
            year: 2024,
            unit_kinds: BTreeSet::from([UnitKind::Department]),
            version: 1,
            supersedes: None,
        })
    }

    fn par_tree() -> CriteriaTree {
        import_criteria_csv(include_str!("../../tests/data/par-department-sample.csv"))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn tree_defined() -> CriteriaSetEvent {
        CriteriaSetEvent::TreeDefined(CriteriaTreeDefined {
            criteria_set_id: id(),
            tree: par_tree(),
        })
    }

    fn published() -> CriteriaSetEvent {
        CriteriaSetEvent::Published(CriteriaSetPublished {
            criteria_set_id: id(),
            maximum: par_tree().maximum(),
            leaves: 44,
            digest: digest(&par_tree(), None),
        })
    }

    #[tokio::test]
    async fn a_draft_is_started_with_its_decision() {
        SetTest::with(())
            .given_no_previous_events()
            .when_async(CriteriaSetCommand::Draft(draft_command(
                IndexKind::Par,
                None,
            )))
            .await
            .then_expect_events(vec![drafted(IndexKind::Par)]);
    }

    #[tokio::test]
    async fn an_id_is_drafted_once() {
        SetTest::with(())
            .given(vec![drafted(IndexKind::Par)])
            .when_async(CriteriaSetCommand::Draft(draft_command(
                IndexKind::Par,
                None,
            )))
            .await
            .then_expect_error(CriteriaSetError::AlreadyDrafted);
    }

    #[tokio::test]
    async fn a_draft_needs_a_name_a_year_and_unit_kinds() {
        let mut nameless = draft_command(IndexKind::Par, None);
        nameless.name = " ".into();
        let mut yearless = draft_command(IndexKind::Par, None);
        yearless.year = 1975;
        let mut kindless = draft_command(IndexKind::Par, None);
        kindless.unit_kinds.clear();
        for (command, error) in [
            (nameless, CriteriaSetError::Name),
            (yearless, CriteriaSetError::Year),
            (kindless, CriteriaSetError::NoUnitKinds),
        ] {
            SetTest::with(())
                .given_no_previous_events()
                .when_async(CriteriaSetCommand::Draft(command))
                .await
                .then_expect_error(error);
        }
    }

    #[tokio::test]
    async fn a_new_version_counts_on_and_keeps_its_index() {
        let previous = Supersedes {
            criteria_set_id: CriteriaSetId::from_uuid(uuid::Uuid::from_u128(6)),
            version: 2,
            index_kind: IndexKind::Par,
        };
        let result = SetTest::with(())
            .given_no_previous_events()
            .when_async(CriteriaSetCommand::Draft(draft_command(
                IndexKind::Par,
                Some(previous),
            )))
            .await
            .inspect_result();
        let Ok(events) = result else {
            panic!("{result:?}")
        };
        let CriteriaSetEvent::Drafted(drafted) = &events[0] else {
            panic!("{events:?}")
        };
        assert_eq!(
            (drafted.version, drafted.supersedes),
            (3, Some(previous.criteria_set_id))
        );

        SetTest::with(())
            .given_no_previous_events()
            .when_async(CriteriaSetCommand::Draft(draft_command(
                IndexKind::TaskCompletion,
                Some(previous),
            )))
            .await
            .then_expect_error(CriteriaSetError::SupersedesOtherIndex);
    }

    #[tokio::test]
    async fn a_draft_gets_its_tree_and_is_published_with_a_digest() {
        SetTest::with(())
            .given(vec![drafted(IndexKind::Par)])
            .when_async(CriteriaSetCommand::DefineTree(par_tree()))
            .await
            .then_expect_events(vec![tree_defined()]);
        SetTest::with(())
            .given(vec![drafted(IndexKind::Par), tree_defined()])
            .when_async(CriteriaSetCommand::Publish)
            .await
            .then_expect_events(vec![published()]);
    }

    #[tokio::test]
    async fn publishing_needs_a_tree_and_for_task_completion_bands() {
        SetTest::with(())
            .given(vec![drafted(IndexKind::Par)])
            .when_async(CriteriaSetCommand::Publish)
            .await
            .then_expect_error(CriteriaSetError::NoTree);
        SetTest::with(())
            .given(vec![drafted(IndexKind::TaskCompletion), tree_defined()])
            .when_async(CriteriaSetCommand::Publish)
            .await
            .then_expect_error(CriteriaSetError::BandsRequired);
        SetTest::with(())
            .given(vec![drafted(IndexKind::Par)])
            .when_async(CriteriaSetCommand::SetClassificationBands(
                ClassificationBands::standard(),
            ))
            .await
            .then_expect_error(CriteriaSetError::BandsNotApplicable);
    }

    #[tokio::test]
    async fn a_published_set_is_frozen() {
        let history = || vec![drafted(IndexKind::Par), tree_defined(), published()];
        for command in [
            CriteriaSetCommand::DefineTree(par_tree()),
            CriteriaSetCommand::SetClassificationBands(ClassificationBands::standard()),
            CriteriaSetCommand::Publish,
        ] {
            SetTest::with(())
                .given(history())
                .when_async(command)
                .await
                .then_expect_error(CriteriaSetError::Published);
        }
    }

    #[tokio::test]
    async fn commands_on_a_set_never_drafted_are_refused() {
        SetTest::with(())
            .given_no_previous_events()
            .when_async(CriteriaSetCommand::DefineTree(par_tree()))
            .await
            .then_expect_error(CriteriaSetError::NotDrafted);
    }
}
