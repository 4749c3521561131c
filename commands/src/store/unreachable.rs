//! Which database errors mean "the database is away" rather than "this
//! request is wrong": those are answered `UNAVAILABLE` (retry later), the
//! rest `INTERNAL`.

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
    use super::{caused_by_unreachable_database, database_unreachable};

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
}
