//! Signing in and out.

use async_graphql::{Context, InputObject, Object, SimpleObject};
use chamdiem_commands::metadata::RequestContext;
use chamdiem_domain::Code;
use chrono::{DateTime, Utc};
use secrecy::ExposeSecret;

use super::caller::{Caller, graphql_error};
use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::sessions::Sessions;

/// A session just opened.
#[derive(SimpleObject)]
pub struct Session {
    /// The bearer token: send it as `Authorization: Bearer …`. Shown once.
    pub token: String,
    /// When it expires.
    pub expires_at: DateTime<Utc>,
    /// Whether the password must be changed before anything else.
    pub must_change_password: bool,
}

/// A username and password.
#[derive(InputObject)]
pub struct SignInInput {
    /// The username.
    pub username: String,
    /// The password.
    #[graphql(secret)]
    pub password: String,
}

/// The session mutations.
#[derive(Default)]
pub struct SessionMutation;

#[Object]
impl SessionMutation {
    /// Signs in with a username and password.
    async fn sign_in(
        &self,
        context: &Context<'_>,
        input: SignInInput,
    ) -> async_graphql::Result<Session> {
        let SignInInput { username, password } = input;
        let sessions = context.data::<Sessions>()?;
        let request = context
            .data_opt::<RequestContext>()
            .cloned()
            .unwrap_or_default();
        let signed_in = sessions
            .sign_in(&username, password, &request)
            .await
            .map_err(graphql_error)?;
        Ok(Session {
            token: signed_in.token.expose_secret().to_owned(),
            expires_at: signed_in.expires_at,
            must_change_password: signed_in.principal.must_change_password,
        })
    }

    /// Ends the session of the token this request carries; without a
    /// working one there is nothing to end (`UNAUTHENTICATED`).
    async fn sign_out(&self, context: &Context<'_>) -> async_graphql::Result<bool> {
        let sessions = context.data::<Sessions>()?;
        let caller = Caller::of(context);
        let token = context.data_opt::<super::BearerToken>();
        let (Some(token), Some(_)) = (token, &caller.principal) else {
            return Err(graphql_error(caller.refused.clone().unwrap_or_else(|| {
                CommandError::refused(Code::Unauthenticated, "bạn cần đăng nhập")
            })));
        };
        sessions.sign_out(&token.0).await.map_err(graphql_error)?;
        Ok(true)
    }
}
