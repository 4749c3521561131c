//! The read side of chamdiem: read-model tables fed from the global event log
//! (`chamdiem_commands::store::Database::read_from`), their checkpoint, rebuild
//! and as-of queries. The read models arrive with the domain they project; this
//! crate holds its place in the workspace layout until then.
