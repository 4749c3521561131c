use async_graphql::Object;

/// The root of every read.
pub struct Query;

#[Object]
impl Query {
    /// The version of the chamdiem server answering.
    async fn version(&self) -> &'static str {
        env!("CARGO_PKG_VERSION")
    }
}
