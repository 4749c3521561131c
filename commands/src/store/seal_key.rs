//! The server's own signing key for seals over the chain (ops/decisions/0018).
//! It lives in a file the server reads at start (by default `seal.key` in
//! the data folder, readable by its owner only), never in the database: the
//! database role that could write a row behind the server's back cannot
//! seal it.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ed25519_dalek::{Signature, Signer, SigningKey};
use rand::rngs::OsRng;

/// Why the seal key could not be had.
#[derive(Debug, thiserror::Error)]
pub enum SealKeyError {
    /// The file could not be read or created.
    #[error("không đọc hoặc tạo được khoá niêm phong {}: {source}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// The file-system error.
        source: std::io::Error,
    },
    /// The file does not hold a key.
    #[error("tệp khoá niêm phong {} không hợp lệ (cần 64 ký tự hex)", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
    },
}

/// An ed25519 signing key. Cheap to clone.
#[derive(Clone)]
pub struct SealKey(Arc<SigningKey>);

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SealKey({})", self.public_key())
    }
}

impl SealKey {
    /// A new random key (tests, and the first start of a store).
    pub fn generate() -> Self {
        Self(Arc::new(SigningKey::generate(&mut OsRng)))
    }

    /// The key in `path`, or `None` when there is no such file.
    pub fn load(path: &Path) -> Result<Option<Self>, SealKeyError> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let seed: [u8; 32] = hex::decode(text.trim())
                    .ok()
                    .and_then(|bytes| bytes.try_into().ok())
                    .ok_or_else(|| SealKeyError::Malformed {
                        path: path.to_path_buf(),
                    })?;
                Ok(Some(Self(Arc::new(SigningKey::from_bytes(&seed)))))
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(SealKeyError::File {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// The key in `path`, created there (owner-only) when there is none yet.
    pub fn load_or_create(path: &Path) -> Result<Self, SealKeyError> {
        let file_error = |source| SealKeyError::File {
            path: path.to_path_buf(),
            source,
        };
        match Self::load(path)? {
            Some(key) => Ok(key),
            None => {
                let key = Self::generate();
                if let Some(folder) = path.parent() {
                    std::fs::create_dir_all(folder).map_err(file_error)?;
                }
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut file = options.open(path).map_err(file_error)?;
                writeln!(file, "{}", hex::encode(key.0.to_bytes())).map_err(file_error)?;
                file.sync_all().map_err(file_error)?;
                Ok(key)
            }
        }
    }

    /// The public key, as hex text (what a verifier trusts).
    pub fn public_key(&self) -> String {
        hex::encode(self.public_key_bytes())
    }

    /// The public key's bytes.
    pub fn public_key_bytes(&self) -> [u8; 32] {
        self.0.verifying_key().to_bytes()
    }

    /// Signs `message`.
    pub fn sign(&self, message: &[u8]) -> Signature {
        self.0.sign(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_created_once_and_read_back_the_same() {
        let folder = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = folder.path().join("seal.key");
        let created = SealKey::load_or_create(&path).unwrap_or_else(|e| panic!("{e}"));
        let again = SealKey::load_or_create(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(created.public_key(), again.public_key());
        std::fs::write(&path, "not a key").unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            SealKey::load_or_create(&path),
            Err(SealKeyError::Malformed { .. })
        ));
    }
}
