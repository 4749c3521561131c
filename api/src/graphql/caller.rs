//! Who is calling, from the request's bearer token, and how refusals become
//! GraphQL errors with a stable `extensions.code`.

use async_graphql::{Context, ErrorExtensions};
use chamdiem_commands::command_error::CommandError;
use chamdiem_commands::policy::{Action, authorize};
use chamdiem_commands::results_view::ResultsView;
use chamdiem_commands::sessions::Principal;
use chamdiem_domain::Code;

/// The caller of one GraphQL request.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    /// The signed-in account, when the token is valid.
    pub principal: Option<Principal>,
    /// Why a token that was given does not work.
    pub refused: Option<CommandError>,
}

impl Caller {
    /// The caller, after the policy allows `action`.
    pub fn authorized(&self, action: &Action) -> Result<&Principal, async_graphql::Error> {
        if let Some(refused) = &self.refused {
            return Err(graphql_error(refused.clone()));
        }
        authorize(self.principal.as_ref(), action).map_err(graphql_error)?;
        self.principal.as_ref().ok_or_else(|| {
            graphql_error(CommandError::refused(
                Code::Unauthenticated,
                "bạn cần đăng nhập",
            ))
        })
    }

    /// What of the results this caller sees: a signed-in caller's view by
    /// role; without signing in, the published rows where the server lets
    /// anyone read them (`--public-results`), else the refusal.
    pub fn results_view(&self, context: &Context<'_>) -> Result<ResultsView, async_graphql::Error> {
        let anonymous = self.is_anonymous();
        let public = context
            .data_opt::<super::PublicResults>()
            .is_some_and(|setting| setting.0);
        if anonymous && public {
            return Ok(ResultsView::public());
        }
        self.authorized(&Action::ReadResults).map(ResultsView::of)
    }

    /// Whether the request carries no token at all (a refused token is
    /// not anonymous: its holder is told why it no longer works).
    pub fn is_anonymous(&self) -> bool {
        self.principal.is_none() && self.refused.is_none()
    }

    /// The caller of the request being resolved.
    pub fn of<'a>(context: &'a Context<'_>) -> &'a Self {
        static NOBODY: std::sync::OnceLock<Caller> = std::sync::OnceLock::new();
        context
            .data_opt::<Caller>()
            .unwrap_or_else(|| NOBODY.get_or_init(Caller::default))
    }
}

/// A refusal as a GraphQL error: the Vietnamese message and
/// `extensions.code`. Internal failures are logged, and the client gets only
/// a generic message.
pub fn graphql_error(error: CommandError) -> async_graphql::Error {
    let code = error.code();
    let message = match &error {
        CommandError::Internal(detail) => {
            tracing::error!(code = code.as_str(), detail, "request failed");
            error.to_string()
        }
        // Expected while the database is away: one warning per request,
        // not an error page in the logs for every click.
        CommandError::Unavailable(detail) => {
            tracing::warn!(code = code.as_str(), detail, "request failed");
            error.to_string()
        }
        _ => error.to_string(),
    };
    async_graphql::Error::new(message)
        .extend_with(|_, extensions| extensions.set("code", code.as_str()))
}
