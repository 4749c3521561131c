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

#[cfg(test)]
mod tests {
    use super::database_unreachable;

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
}
