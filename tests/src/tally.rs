use cqrs_es::event_sink::EventSink;
use cqrs_es::{Aggregate, DomainEvent};
use serde::{Deserialize, Serialize};

/// A minimal aggregate for store contract tests: it counts what is added.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Tally {
    /// The sum so far.
    pub total: i64,
}

/// Add to a tally.
#[derive(Debug)]
pub enum TallyCommand {
    /// Add this amount.
    Add(i64),
}

/// What happened to a tally.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TallyEvent {
    /// An amount was added.
    Added {
        /// The amount.
        amount: i64,
    },
}

impl DomainEvent for TallyEvent {
    fn event_type(&self) -> String {
        "Added".to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}

/// Tallies never refuse anything.
#[derive(Debug, thiserror::Error)]
#[error("never")]
pub struct Never;

impl Aggregate for Tally {
    const TYPE: &'static str = "tally";
    type Command = TallyCommand;
    type Event = TallyEvent;
    type Error = Never;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        let TallyCommand::Add(amount) = command;
        sink.write(TallyEvent::Added { amount }, self).await;
        Ok(())
    }

    fn apply(&mut self, event: Self::Event) {
        let TallyEvent::Added { amount } = event;
        self.total += amount;
    }
}
