//! Runs a command for the caller of a GraphQL request: through the gate
//! (authorization, then the handler), then waits, bounded, until the read
//! models have the command's events, so the answer reads its own write.

use chamdiem_domain::Code;
use std::time::Duration;

use async_graphql::{Context, ErrorExtensions};
use chamdiem_commands::gate::{Gate, GateCommand};
use chamdiem_commands::metadata::RequestContext;
use chamdiem_commands::store::Database;
use chamdiem_projections::Projector;

use super::caller::{Caller, graphql_error};

/// How long a mutation waits for the read models before answering anyway.
const READ_YOUR_WRITES: Duration = Duration::from_secs(3);

/// Gives `command` for the caller, and waits for the read models; answers
/// what the command produced.
pub async fn run<C: GateCommand>(
    context: &Context<'_>,
    command: C,
) -> async_graphql::Result<C::Output> {
    let gate = context.data::<Gate>()?;
    let caller = Caller::of(context);
    if let Some(refused) = &caller.refused {
        return Err(graphql_error(refused.clone()));
    }
    let request = context
        .data_opt::<RequestContext>()
        .cloned()
        .unwrap_or_default();
    let outcome = gate
        .execute(caller.principal.as_ref(), &request, command)
        .await
        .map_err(graphql_error)?;
    let database = context.data::<Database>()?;
    let projector = context.data::<Projector>()?;
    projector.wake();
    if let Ok(head) = database.log_head().await {
        if !projector
            .wait_for(head, READ_YOUR_WRITES)
            .await
            .unwrap_or(false)
        {
            tracing::warn!(position = %head, "the read models did not catch up before the answer");
        }
    }
    Ok(outcome)
}

/// A field's value that does not parse: `VALIDATION`, naming the field.
pub fn invalid(field: &str, error: impl std::fmt::Display) -> async_graphql::Error {
    async_graphql::Error::new(format!("{field}: {error}")).extend_with(|_, extensions| {
        extensions.set("code", Code::Validation.as_str());
        extensions.set("field", field);
    })
}

/// Parses a field with `parse`, naming the field when it fails.
pub fn field<T, E: std::fmt::Display>(
    name: &str,
    parsed: Result<T, E>,
) -> async_graphql::Result<T> {
    parsed.map_err(|error| invalid(name, error))
}
