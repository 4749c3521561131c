//! What each metric family means, as Prometheus shows it in `# HELP`:
//! described once, when the recorder is installed. A family recorded
//! without a description here fails the metrics test.

/// Describes every metric family the server records.
pub fn describe_all() {
    metrics::describe_counter!(
        "http_requests_total",
        "HTTP requests answered, by route template, method and status"
    );
    metrics::describe_histogram!(
        "http_request_duration_seconds",
        metrics::Unit::Seconds,
        "Time to answer an HTTP request, by route template and method"
    );
    metrics::describe_counter!(
        "commands_total",
        "Commands run, by aggregate and outcome (accepted, refused, conflict, failed)"
    );
    metrics::describe_histogram!(
        "event_store_group_size",
        "Appends written together in one transaction of the event store"
    );
    metrics::describe_counter!(
        "aggregate_events_loaded_total",
        "Events read from the store to bring kept aggregates up to date"
    );
    metrics::describe_counter!(
        "sign_in_refused_total",
        "Sign-ins refused before the password was looked at, by reason"
    );
    metrics::describe_gauge!(
        "projector_lag_events",
        "Events of the log the read models have not applied yet"
    );
    metrics::describe_counter!(
        "projection_skipped_total",
        "Events the read models could not take and stepped over (see /readyz)"
    );
}
