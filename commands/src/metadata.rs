//! Who did it, from where: the metadata stored with every event.

use std::collections::HashMap;

use chamdiem_domain::account::Role;
use chamdiem_domain::ids::{AccountId, UnitId};
use chrono::{SecondsFormat, Utc};

/// Who issued a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A signed-in account.
    Account {
        /// The account.
        id: AccountId,
        /// Its role when it acted.
        role: Role,
        /// Its unit, for unit-bound roles.
        unit: Option<UnitId>,
    },
    /// An operator command run on the server itself (`chamdiem bootstrap-admin`…).
    Operator {
        /// The command that acted.
        command: &'static str,
    },
    /// A process manager reacting to an event of the global log.
    ProcessManager {
        /// Its name.
        name: &'static str,
        /// The log position of the event it reacted to.
        cause: i64,
    },
}

/// The metadata of one command, attached to each event it produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandMetadata {
    /// Who acted.
    pub actor: Actor,
    /// The request id of the HTTP request, when there is one.
    pub request_id: Option<String>,
    /// The client's address, when known.
    pub client: Option<String>,
    /// The client's user agent, when known.
    pub user_agent: Option<String>,
}

/// Where a request came from, as the HTTP layer saw it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestContext {
    /// The request id.
    pub request_id: Option<String>,
    /// The client's address.
    pub client: Option<String>,
    /// The client's user agent (truncated to 300 characters).
    pub user_agent: Option<String>,
}

impl CommandMetadata {
    /// Metadata for an operator command run from the command line.
    pub fn operator(command: &'static str) -> Self {
        Self {
            actor: Actor::Operator { command },
            request_id: None,
            client: None,
            user_agent: None,
        }
    }

    /// Metadata for an account acting through a request.
    pub fn for_account(
        id: AccountId,
        role: Role,
        unit: Option<UnitId>,
        request: &RequestContext,
    ) -> Self {
        Self {
            actor: Actor::Account { id, role, unit },
            request_id: request.request_id.clone(),
            client: request.client.clone(),
            user_agent: request
                .user_agent
                .as_ref()
                .map(|ua| ua.chars().take(300).collect()),
        }
    }

    /// The acting account, when an account acts.
    pub fn account_id(&self) -> Option<AccountId> {
        match self.actor {
            Actor::Account { id, .. } => Some(id),
            _ => None,
        }
    }

    /// Metadata for a process manager reacting to the event at `cause`.
    pub fn process_manager(name: &'static str, cause: i64) -> Self {
        Self {
            actor: Actor::ProcessManager { name, cause },
            request_id: None,
            client: None,
            user_agent: None,
        }
    }

    /// The flat string map cqrs-es stores, with the application's clock
    /// reading at the time of the request (the database adds its own).
    pub fn into_map(self) -> HashMap<String, String> {
        let mut map = HashMap::new();
        match self.actor {
            Actor::Account { id, role, unit } => {
                map.insert("actor".into(), id.to_string());
                map.insert("role".into(), role.code().into());
                if let Some(unit) = unit {
                    map.insert("unit".into(), unit.to_string());
                }
            }
            Actor::Operator { command } => {
                map.insert("actor".into(), "operator".into());
                map.insert("operator_command".into(), command.into());
            }
            Actor::ProcessManager { name, cause } => {
                map.insert("actor".into(), "process_manager".into());
                map.insert("process_manager".into(), name.into());
                map.insert("caused_by_position".into(), cause.to_string());
            }
        }
        if let Some(request_id) = self.request_id {
            map.insert("request_id".into(), request_id);
        }
        if let Some(client) = self.client {
            map.insert("client".into(), client);
        }
        if let Some(user_agent) = self.user_agent {
            map.insert("user_agent".into(), user_agent);
        }
        map.insert(
            "requested_at".into(),
            Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true),
        );
        map
    }
}
