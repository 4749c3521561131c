use std::path::PathBuf;

/// Why the store could not be opened or used. Messages are in Vietnamese,
/// for the operator, and never include a password.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The URL is not a PostgreSQL connection URL.
    #[error("DATABASE_URL không hợp lệ (cần dạng postgres://người_dùng@máy:cổng/tên_csdl): {0}")]
    InvalidUrl(String),
    /// PostgreSQL did not answer or refused the connection.
    #[error("không kết nối được PostgreSQL tại {target}: {source}")]
    PostgresUnreachable {
        /// `host:port/database`, without credentials.
        target: String,
        /// The driver's error.
        source: sqlx::Error,
    },
    /// The data folder could not be created or written.
    #[error("không dùng được thư mục dữ liệu {}: {source}", path.display())]
    DataDir {
        /// The folder.
        path: PathBuf,
        /// The file-system error.
        source: std::io::Error,
    },
    /// The SQLite file could not be opened or created.
    #[error("không mở được tệp cơ sở dữ liệu {}: {source}", path.display())]
    SqliteOpen {
        /// The file.
        path: PathBuf,
        /// The driver's error.
        source: sqlx::Error,
    },
    /// A migration failed.
    #[error("không áp dụng được migration của cơ sở dữ liệu: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// A query failed.
    #[error("lỗi truy vấn cơ sở dữ liệu: {0}")]
    Query(#[from] sqlx::Error),
    /// A stored value could not be read back (a corrupt or foreign row).
    #[error("dữ liệu lưu trữ không đọc được: {0}")]
    Corrupt(String),
}
