use super::StoreArgs;

/// Applies the pending migrations and says which store it touched.
pub async fn run(store: &StoreArgs) -> anyhow::Result<()> {
    let database = store.open_migrated().await?;
    println!(
        "Đã cập nhật lược đồ cơ sở dữ liệu ({}).",
        database.kind().name()
    );
    database.close().await;
    Ok(())
}
