use async_graphql::Object;

/// The basic queries.
#[derive(Default)]
pub struct ServiceQuery;

#[Object]
impl ServiceQuery {
    /// The version of the chamdiem server answering.
    async fn version(&self) -> &'static str {
        env!("CARGO_PKG_VERSION")
    }
}
