//! Helpers shared by the end-to-end tests: a fresh database per test on
//! either store, the real server on port 0, a tiny test aggregate, and a way
//! to hold an append open.

mod any_command;
mod api_year;
mod behind_the_server;
mod browser;
mod convergence;
mod error_codes;
mod every_field;
mod generated_cycle;
mod graphql_ws_client;
mod headless_chromium;
mod held_append;
mod json_path;
mod load_scene;
mod report_files;
mod schema_walk;
mod score_load;
mod server_process;
pub mod small_year;
mod tally;
mod tcp_proxy;
mod test_app;
mod test_database;
mod what_officials_read;
mod workbook;

pub use any_command::AnyCommand;
pub use api_year::{
    ADMIN_PASSWORD, ApiYear, CLERK_PASSWORD, admin_token, api_year, api_year_with_neighbours, call,
    exempt_the_rest, issued_account, sign_in, unit_account,
};
pub use behind_the_server::write_behind_the_server;
pub use browser::Browser;
pub use convergence::{tables_differing_from_a_rebuild, wait_until_projected};
pub use error_codes::error_codes;
pub use every_field::{failing_fields, failing_nodes};
pub use generated_cycle::{GeneratedCycle, generated_cycle, noon};
pub use graphql_ws_client::{Socket, closed_by_server, receive, send, ws_connect, ws_open};
pub use headless_chromium::rendered_dom;
pub use held_append::HeldAppend;
pub use json_path::at;
pub use load_scene::load_scene;
pub use report_files::{
    SheetGrid, assert_same_cells, csv_rows, xlsx_sheets, zip_entries, zip_entry_text,
};
pub use schema_walk::{InputValue, Operation, OperationKind, SchemaWalk, TypeRef};
pub use score_load::{LoadLeaf, LoadPlan, LoadReport, LoadUnit, LogCheck, UNCHANGED_KEY, run_load};
pub use server_process::{ServerProcess, chamdiem_binary, free_port};
pub use tally::{Never, Tally, TallyCommand, TallyEvent};
pub use tcp_proxy::TcpProxy;
pub use test_app::{SpawnOptions, TestApp};
pub use test_database::{TestDatabase, TestStore, on_the_test_server, postgres_options};
pub use what_officials_read::{audit_lines, ranking_report_csv};
pub use workbook::{workbook_at, workbook_of};

/// Runs a test body once per store, as two separate tests named after the
/// store: `both_stores!(fn_name)` expands to `mod fn_name { postgres, sqlite }`.
#[macro_export]
macro_rules! both_stores {
    ($($test:ident),+ $(,)?) => {
        $(
            mod $test {
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn postgres() {
                    super::$test($crate::TestStore::Postgres).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn sqlite() {
                    super::$test($crate::TestStore::Sqlite).await;
                }
            }
        )+
    };
}
