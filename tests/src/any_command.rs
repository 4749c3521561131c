//! Any gate command behind one type, so that a table of cases can hold
//! commands of every kind (each with its own output type at the gate).

use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::gate::{Gate, GateCommand};
use chamdiem_commands::metadata::RequestContext;
use chamdiem_commands::policy::Action;
use chamdiem_commands::sessions::Principal;
use futures::future::BoxFuture;

/// A command of any kind, given through the gate as many times as asked.
pub trait AnyCommand: Send + Sync {
    /// Gives it for `caller`; its output is dropped.
    fn execute<'a>(
        &'a self,
        gate: &'a Gate,
        caller: Option<&'a Principal>,
        request: &'a RequestContext,
    ) -> BoxFuture<'a, Result<(), CommandError>>;

    /// The policy's view of it for `caller`.
    fn action<'a>(
        &'a self,
        gate: &'a Gate,
        caller: Option<&'a Principal>,
    ) -> BoxFuture<'a, Result<Action, CommandError>>;
}

impl<C> AnyCommand for C
where
    C: GateCommand + Clone + Sync + 'static,
{
    fn execute<'a>(
        &'a self,
        gate: &'a Gate,
        caller: Option<&'a Principal>,
        request: &'a RequestContext,
    ) -> BoxFuture<'a, Result<(), CommandError>> {
        Box::pin(async move {
            gate.execute(caller, request, self.clone())
                .await
                .map(|_| ())
        })
    }

    fn action<'a>(
        &'a self,
        gate: &'a Gate,
        caller: Option<&'a Principal>,
    ) -> BoxFuture<'a, Result<Action, CommandError>> {
        Box::pin(async move { gate.action(caller, self).await })
    }
}
