use cqrs_es::Aggregate;
use cqrs_es::event_sink::EventSink;
use serde::{Deserialize, Serialize};

use super::{
    DeactivateUnit, RegisterUnit, RenameUnit, UnitCode, UnitCommand, UnitDeactivated, UnitError,
    UnitEvent, UnitKind, UnitName, UnitRegistered, UnitRenamed,
};
use crate::ids::UnitId;

/// The unit aggregate.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Unit {
    state: Option<State>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct State {
    id: UnitId,
    code: UnitCode,
    kind: UnitKind,
    name: UnitName,
    parent: Option<UnitId>,
    active: bool,
}

impl Unit {
    /// Whether it is registered and active.
    pub fn is_active(&self) -> bool {
        self.state.as_ref().is_some_and(|s| s.active)
    }

    /// Its code, once registered.
    pub fn code(&self) -> Option<&UnitCode> {
        self.state.as_ref().map(|s| &s.code)
    }

    /// Its kind, once registered.
    pub fn kind(&self) -> Option<UnitKind> {
        self.state.as_ref().map(|s| s.kind)
    }

    /// The unit it belongs to.
    pub fn parent(&self) -> Option<UnitId> {
        self.state.as_ref().and_then(|s| s.parent)
    }

    /// Its name, once registered.
    pub fn name(&self) -> Option<&UnitName> {
        self.state.as_ref().map(|s| &s.name)
    }

    fn register(&self, command: RegisterUnit) -> Result<UnitEvent, UnitError> {
        if self.state.is_some() {
            return Err(UnitError::AlreadyRegistered);
        }
        let unit_id = command.code.unit_id();
        if command.parent == Some(unit_id) {
            return Err(UnitError::OwnParent);
        }
        Ok(UnitEvent::Registered(UnitRegistered {
            unit_id,
            code: command.code,
            name: command.name,
            kind: command.kind,
            parent: command.parent,
        }))
    }

    fn active(&self) -> Result<&State, UnitError> {
        let state = self.state.as_ref().ok_or(UnitError::NotRegistered)?;
        if !state.active {
            return Err(UnitError::Deactivated);
        }
        Ok(state)
    }

    fn rename(&self, command: RenameUnit) -> Result<UnitEvent, UnitError> {
        let state = self.active()?;
        if state.name == command.name {
            return Err(UnitError::SameName);
        }
        Ok(UnitEvent::Renamed(UnitRenamed {
            unit_id: state.id,
            previous_name: state.name.clone(),
            name: command.name,
        }))
    }

    fn deactivate(&self, command: DeactivateUnit) -> Result<UnitEvent, UnitError> {
        let state = self.active()?;
        let reason = command.reason.trim();
        if reason.is_empty() {
            return Err(UnitError::ReasonRequired);
        }
        Ok(UnitEvent::Deactivated(UnitDeactivated {
            unit_id: state.id,
            reason: reason.to_owned(),
        }))
    }
}

impl Aggregate for Unit {
    const TYPE: &'static str = "unit";
    type Command = UnitCommand;
    type Event = UnitEvent;
    type Error = UnitError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let event = match command {
            UnitCommand::Register(c) => self.register(c)?,
            UnitCommand::Rename(c) => self.rename(c)?,
            UnitCommand::Deactivate(c) => self.deactivate(c)?,
        };
        sink.write(event, self).await;
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            UnitEvent::Registered(e) => {
                self.state = Some(State {
                    id: e.unit_id,
                    code: e.code,
                    kind: e.kind,
                    name: e.name,
                    parent: e.parent,
                    active: true,
                });
            }
            UnitEvent::Renamed(e) => {
                if let Some(state) = &mut self.state {
                    state.name = e.name;
                }
            }
            UnitEvent::Deactivated(_) => {
                if let Some(state) = &mut self.state {
                    state.active = false;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use cqrs_es::test::TestFramework;

    use super::*;

    type UnitTest = TestFramework<Unit>;

    fn code() -> UnitCode {
        UnitCode::parse("S02").unwrap_or_else(|e| panic!("{e}"))
    }

    fn name(text: &str) -> UnitName {
        UnitName::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn registered() -> UnitEvent {
        UnitEvent::Registered(UnitRegistered {
            unit_id: code().unit_id(),
            code: code(),
            name: name("Sở Tư pháp"),
            kind: UnitKind::Department,
            parent: None,
        })
    }

    fn register() -> UnitCommand {
        UnitCommand::Register(RegisterUnit {
            code: code(),
            name: name("Sở  Tư pháp "),
            kind: UnitKind::Department,
            parent: None,
        })
    }

    #[tokio::test]
    async fn a_unit_is_registered_under_the_id_of_its_code() {
        UnitTest::with(())
            .given_no_previous_events()
            .when_async(register())
            .await
            .then_expect_events(vec![registered()]);
    }

    #[tokio::test]
    async fn a_code_is_registered_once() {
        UnitTest::with(())
            .given(vec![registered()])
            .when_async(register())
            .await
            .then_expect_error(UnitError::AlreadyRegistered);
    }

    #[tokio::test]
    async fn a_unit_cannot_be_its_own_parent() {
        UnitTest::with(())
            .given_no_previous_events()
            .when_async(UnitCommand::Register(RegisterUnit {
                code: code(),
                name: name("Sở Tư pháp"),
                kind: UnitKind::Department,
                parent: Some(code().unit_id()),
            }))
            .await
            .then_expect_error(UnitError::OwnParent);
    }

    #[tokio::test]
    async fn a_unit_is_renamed_with_its_previous_name_recorded() {
        UnitTest::with(())
            .given(vec![registered()])
            .when_async(UnitCommand::Rename(RenameUnit {
                name: name("Sở Tư pháp tỉnh"),
            }))
            .await
            .then_expect_events(vec![UnitEvent::Renamed(UnitRenamed {
                unit_id: code().unit_id(),
                previous_name: name("Sở Tư pháp"),
                name: name("Sở Tư pháp tỉnh"),
            })]);
    }

    #[tokio::test]
    async fn renaming_to_the_same_name_or_an_unknown_unit_is_refused() {
        UnitTest::with(())
            .given(vec![registered()])
            .when_async(UnitCommand::Rename(RenameUnit {
                name: name("Sở Tư pháp"),
            }))
            .await
            .then_expect_error(UnitError::SameName);
        UnitTest::with(())
            .given_no_previous_events()
            .when_async(UnitCommand::Rename(RenameUnit { name: name("X") }))
            .await
            .then_expect_error(UnitError::NotRegistered);
    }

    #[tokio::test]
    async fn a_deactivated_unit_needs_a_reason_and_then_refuses_changes() {
        UnitTest::with(())
            .given(vec![registered()])
            .when_async(UnitCommand::Deactivate(DeactivateUnit {
                reason: "  ".into(),
            }))
            .await
            .then_expect_error(UnitError::ReasonRequired);
        let deactivated = UnitEvent::Deactivated(UnitDeactivated {
            unit_id: code().unit_id(),
            reason: "Sáp nhập".into(),
        });
        UnitTest::with(())
            .given(vec![registered()])
            .when_async(UnitCommand::Deactivate(DeactivateUnit {
                reason: "Sáp nhập".into(),
            }))
            .await
            .then_expect_events(vec![deactivated.clone()]);
        UnitTest::with(())
            .given(vec![registered(), deactivated])
            .when_async(UnitCommand::Rename(RenameUnit {
                name: name("Mới")
            }))
            .await
            .then_expect_error(UnitError::Deactivated);
    }
}
