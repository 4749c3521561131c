use std::path::{Path, PathBuf};

/// Which store to open, decided once at start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreConfig {
    /// PostgreSQL at this connection URL.
    Postgres {
        /// `postgres://…` connection URL; may hold a password, so never log it whole.
        url: String,
    },
    /// An SQLite file, created on first start.
    Sqlite {
        /// Path of the database file.
        path: PathBuf,
    },
}

impl StoreConfig {
    /// The file name of the embedded store inside the data folder.
    pub const SQLITE_FILE: &'static str = "chamdiem.sqlite3";

    /// PostgreSQL when a `postgres://` (or `postgresql://`) URL is given,
    /// otherwise the SQLite file inside `data_dir`.
    pub fn choose(database_url: Option<&str>, data_dir: &Path) -> Self {
        match database_url.map(str::trim).filter(|url| !url.is_empty()) {
            Some(url) => Self::Postgres {
                url: url.to_owned(),
            },
            None => Self::Sqlite {
                path: data_dir.join(Self::SQLITE_FILE),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_url_means_the_embedded_file() {
        assert_eq!(
            StoreConfig::choose(None, Path::new("data")),
            StoreConfig::Sqlite {
                path: PathBuf::from("data/chamdiem.sqlite3")
            }
        );
        assert!(matches!(
            StoreConfig::choose(Some("  "), Path::new("data")),
            StoreConfig::Sqlite { .. }
        ));
    }

    #[test]
    fn a_url_means_postgres() {
        assert!(matches!(
            StoreConfig::choose(Some("postgres://localhost/chamdiem"), Path::new("data")),
            StoreConfig::Postgres { .. }
        ));
    }
}
