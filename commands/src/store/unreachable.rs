//! Which database errors mean "the database is away" rather than "this
//! request is wrong": those are answered `UNAVAILABLE` (retry later), the
//! rest `INTERNAL`.

use crate::store::StoreError;

/// Whether `error` says the database could not be reached or the
/// connection to it broke: an I/O or TLS failure, a pool that timed out or
/// closed, a connection that broke mid-conversation (the server went away
/// while sqlx was reading its answer), or PostgreSQL's own connection
/// exceptions (SQLSTATE class 08) and shutdown codes (57P01–57P03).
pub fn database_unreachable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            code.starts_with("08") || matches!(&*code, "57P01" | "57P02" | "57P03")
        }),
        _ => false,
    }
}

/// Whether a database error that says the database is away lies anywhere
/// in `error`'s chain of causes: how an error that came back through
/// cqrs-es or postgres-es (which wrap sqlx's errors as "unexpected") is
/// told apart from a real fault.
pub fn caused_by_unreachable_database(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(current) = cause {
        if current
            .downcast_ref::<sqlx::Error>()
            .is_some_and(database_unreachable)
        {
            return true;
        }
        cause = current.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{ProbeAnswer, StoreError, caused_by_unreachable_database, database_unreachable};

    #[test]
    fn a_broken_connection_is_unreachable_and_a_bad_query_is_not() {
        let reset = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
        assert!(database_unreachable(&sqlx::Error::Io(reset)));
        assert!(database_unreachable(&sqlx::Error::Protocol(
            "unexpected response from SSLRequest: 0x00".into()
        )));
        assert!(database_unreachable(&sqlx::Error::PoolTimedOut));
        assert!(!database_unreachable(&sqlx::Error::RowNotFound));
        assert!(!database_unreachable(&sqlx::Error::ColumnNotFound(
            "x".into()
        )));
    }

    #[test]
    fn a_broken_connection_wrapped_by_another_error_is_found() {
        #[derive(Debug, thiserror::Error)]
        #[error("wrapped")]
        struct Wrapped(#[source] sqlx::Error);
        let wrapped = Wrapped(sqlx::Error::Protocol("connection closed".into()));
        assert!(caused_by_unreachable_database(&wrapped));
        assert!(!caused_by_unreachable_database(&Wrapped(
            sqlx::Error::RowNotFound
        )));
    }

    #[test]
    fn a_timed_out_probe_is_slow_and_a_refused_connection_is_gone() {
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert_eq!(
            ProbeAnswer::of(&Err(StoreError::Query(sqlx::Error::PoolTimedOut))),
            ProbeAnswer::Slow
        );
        assert_eq!(
            ProbeAnswer::of(&Err(StoreError::Query(sqlx::Error::Io(refused)))),
            ProbeAnswer::Gone
        );
        assert_eq!(ProbeAnswer::of(&Ok(())), ProbeAnswer::Accepted);
    }
}

/// What one probe said about the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeAnswer {
    /// A new connection was made and answered.
    Accepted,
    /// The server answered but refused, as a server at its connection limit
    /// (SQLSTATE 53300) does: it still serves the pool's connections.
    RefusedButUp,
    /// The server is gone: connection refused or reset, shutting down.
    Gone,
    /// No answer within the probe's time.
    Slow,
}

impl ProbeAnswer {
    /// Reads a probe's result.
    pub fn of(probe: &Result<(), StoreError>) -> Self {
        match probe {
            Ok(()) => Self::Accepted,
            Err(StoreError::Query(sqlx::Error::PoolTimedOut)) => Self::Slow,
            Err(StoreError::Query(error)) if database_unreachable(error) => Self::Gone,
            Err(StoreError::Query(_)) => Self::RefusedButUp,
            Err(_) => Self::Gone,
        }
    }
}
