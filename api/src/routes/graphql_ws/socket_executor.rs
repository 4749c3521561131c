//! What runs an operation that arrives over a WebSocket.
//!
//! The socket carries subscriptions only (decision 0012): queries and
//! mutations go over `POST /graphql`, where the body limit, the batch limit
//! and the request's own context apply, and where every event written
//! records the client that asked for it. Each subscription the client starts
//! is authenticated anew and gets the same request data as an HTTP request;
//! each message pushed to it is sent only while the session still holds.
//! A socket runs at most [`MAX_SUBSCRIPTIONS`] at once.

use chamdiem_domain::Code;
use std::sync::Arc;

use async_graphql::parser::types::OperationType;
use async_graphql::{Data, Executor, Request, Response, ServerError};
use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::metadata::RequestContext;
use chamdiem_commands::store::Database;
use futures::StreamExt;
use futures::stream::BoxStream;
use tokio::sync::Semaphore;

use super::socket_session::SocketSession;
use crate::graphql::caller::graphql_error;
use crate::graphql::{ChamdiemSchema, response_with_codes};

/// The most subscriptions one socket may run at once. Each costs a read of
/// its view whenever the log moves; a page needs two or three.
pub const MAX_SUBSCRIPTIONS: usize = 16;

/// Runs a socket's operations through the schema, for one socket.
#[derive(Clone)]
pub struct SocketExecutor {
    schema: ChamdiemSchema,
    database: Database,
    session: Arc<SocketSession>,
    context: RequestContext,
    slots: Arc<Semaphore>,
}

impl SocketExecutor {
    /// The executor of one socket, opened by the client `context` names.
    pub fn new(
        schema: ChamdiemSchema,
        database: Database,
        session: Arc<SocketSession>,
        context: RequestContext,
    ) -> Self {
        Self {
            schema,
            database,
            session,
            context,
            slots: Arc::new(Semaphore::new(MAX_SUBSCRIPTIONS)),
        }
    }

    fn run(self, request: Request, connection: Arc<Data>) -> BoxStream<'static, Response> {
        // Taken now, as the client's message arrives, not when the stream is
        // first polled: the subscriptions beyond the limit are the last ones.
        let slot = self.slots.clone().try_acquire_owned();
        async_stream::stream! {
            if !only_subscriptions(&request.query) {
                yield refusal(CommandError::refused(
                    Code::BadRequest,
                    "qua WebSocket chỉ nhận đăng ký theo dõi (subscription); \
                     truy vấn và thao tác hãy gửi tới POST /graphql",
                ));
                return;
            }
            let Ok(_slot) = slot else {
                yield refusal(CommandError::refused(
                    Code::BadRequest,
                    format!(
                        "một kết nối WebSocket chỉ được theo dõi tối đa {MAX_SUBSCRIPTIONS} \
                         đăng ký cùng lúc; hãy kết thúc bớt đăng ký cũ"
                    ),
                ));
                return;
            };
            let caller = self.session.caller().await;
            let request = request
                .data(caller)
                .data(self.context.clone())
                .data(crate::graphql::loaders::for_request(&self.database));
            let mut responses = self
                .schema
                .execute_stream_with_session_data(request, connection);
            while let Some(response) = responses.next().await {
                match self.session.may_push().await {
                    Ok(()) => yield response_with_codes(
                        response,
                        self.context.request_id.as_deref(),
                    ),
                    // The socket is closing; say why on this subscription too.
                    Err(error @ CommandError::Refused { .. }) => {
                        yield refusal(error);
                        return;
                    }
                    // The database is away: nothing is pushed that was not
                    // checked, the subscription waits for the next change.
                    Err(error) => yield refusal(error),
                }
            }
        }
        .boxed()
    }
}

impl Executor for SocketExecutor {
    async fn execute(&self, request: Request) -> Response {
        self.clone()
            .run(request, Arc::default())
            .next()
            .await
            .unwrap_or_default()
    }

    fn execute_stream(
        &self,
        request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        self.clone().run(request, session_data.unwrap_or_default())
    }
}

/// Whether every operation of `query` is a subscription. A document that
/// does not parse is left to the schema, which says why.
fn only_subscriptions(query: &str) -> bool {
    match async_graphql::parser::parse_query(query) {
        Ok(document) => document
            .operations
            .iter()
            .all(|(_, operation)| operation.node.ty == OperationType::Subscription),
        Err(_) => true,
    }
}

/// A refusal as the one response of an operation.
fn refusal(error: CommandError) -> Response {
    let error = graphql_error(error);
    let mut server_error = ServerError::new(error.message, None);
    server_error.extensions = error.extensions;
    Response::from_errors(vec![server_error])
}

#[cfg(test)]
mod tests {
    use super::only_subscriptions;

    #[test]
    fn only_subscription_documents_run_on_a_socket() {
        assert!(only_subscriptions(
            "subscription { newEvents { position } }"
        ));
        assert!(!only_subscriptions("{ me { username } }"));
        assert!(!only_subscriptions("mutation { signOut }"));
        // One mutation hidden beside a subscription is enough to refuse.
        assert!(!only_subscriptions(
            "subscription A { newEvents { position } } mutation B { signOut }"
        ));
        // What does not parse is refused by the schema with its own words.
        assert!(only_subscriptions("subscription {"));
    }
}
