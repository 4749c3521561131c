//! Evidence files, stored by the SHA-256 of their content (the same file
//! uploaded twice is kept once), on disk under the data folder or in
//! S3-compatible storage, through `object_store`.

use std::path::Path;
use std::sync::Arc;

use bytes::Bytes;
use object_store::local::LocalFileSystem;
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, PutPayload};
use sha2::{Digest, Sha256};

/// Why a file is refused or could not be stored.
#[derive(Debug, thiserror::Error)]
pub enum EvidenceFileError {
    /// Over the size limit.
    #[error("tệp quá lớn (tối đa {max} byte)")]
    TooLarge {
        /// The limit.
        max: usize,
    },
    /// Empty.
    #[error("tệp rỗng")]
    Empty,
    /// Not one of the accepted kinds, or the content does not match its type.
    #[error("loại tệp {0} không được chấp nhận (PDF, ảnh JPEG/PNG, Word, Excel)")]
    MediaType(String),
    /// The storage failed.
    #[error("không lưu được tệp: {0}")]
    Storage(String),
}

/// Accepted media types, with the first bytes their content starts with.
const ACCEPTED: &[(&str, &[u8])] = &[
    ("application/pdf", b"%PDF"),
    ("image/png", b"\x89PNG"),
    ("image/jpeg", b"\xFF\xD8\xFF"),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"PK\x03\x04",
    ),
    ("application/msword", b"\xD0\xCF\x11\xE0"),
    ("application/vnd.ms-excel", b"\xD0\xCF\x11\xE0"),
];

/// The media type a stored file is served with: its declared type when it
/// is one of the accepted kinds, else a type no browser renders.
pub fn served_media_type(declared: &str) -> &'static str {
    let declared = declared.split(';').next().unwrap_or_default().trim();
    ACCEPTED
        .iter()
        .map(|(kind, _)| *kind)
        .find(|kind| kind.eq_ignore_ascii_case(declared))
        .unwrap_or("application/octet-stream")
}

/// Checks a file against the size limit and the accepted types (by its
/// declared type and its first bytes).
pub fn check_file(media_type: &str, content: &[u8], max: usize) -> Result<(), EvidenceFileError> {
    if content.is_empty() {
        return Err(EvidenceFileError::Empty);
    }
    if content.len() > max {
        return Err(EvidenceFileError::TooLarge { max });
    }
    let declared = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_lowercase();
    match ACCEPTED.iter().find(|(kind, _)| *kind == declared) {
        Some((_, magic)) if content.starts_with(magic) => Ok(()),
        _ => Err(EvidenceFileError::MediaType(declared)),
    }
}

/// The folder of files not yet accepted (never a two-hex-digit name, so
/// never mistaken for stored files).
const STAGING: &str = "staging";

/// A file written but not yet at its address.
pub struct StagedFile {
    store: EvidenceStore,
    staging: StorePath,
    hash: String,
}

impl StagedFile {
    /// Its SHA-256 in hex: the address it will have.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// Moves it to its address (or drops it when the same content is there
    /// already).
    pub async fn keep(self) -> Result<(), EvidenceFileError> {
        let target = self.store.path(&self.hash);
        let storage = |e: object_store::Error| EvidenceFileError::Storage(e.to_string());
        if self.store.store.head(&target).await.is_ok() {
            self.store
                .store
                .delete(&self.staging)
                .await
                .map_err(storage)?;
            return Ok(());
        }
        self.store
            .store
            .rename(&self.staging, &target)
            .await
            .map_err(storage)
    }

    /// Removes it: what it was for was refused.
    pub async fn discard(self) {
        if let Err(error) = self.store.store.delete(&self.staging).await {
            tracing::warn!(%error, "a refused upload's staged file could not be removed");
        }
    }
}

/// Where evidence files live.
#[derive(Clone)]
pub struct EvidenceStore {
    store: Arc<dyn ObjectStore>,
    prefix: StorePath,
}

impl EvidenceStore {
    /// Files under `<data_dir>/evidence`, created if missing.
    pub fn local(data_dir: &Path) -> Result<Self, EvidenceFileError> {
        Self::in_folder(&data_dir.join("evidence"))
    }

    /// Files under `folder` itself (created if missing): where a backup's
    /// evidence is restored to, or checked.
    pub fn in_folder(folder: &Path) -> Result<Self, EvidenceFileError> {
        let folder = folder.to_path_buf();
        std::fs::create_dir_all(&folder).map_err(|e| EvidenceFileError::Storage(e.to_string()))?;
        let store = LocalFileSystem::new_with_prefix(&folder)
            .map_err(|e| EvidenceFileError::Storage(e.to_string()))?;
        Ok(Self {
            store: Arc::new(store),
            prefix: StorePath::default(),
        })
    }

    /// Files in S3-compatible (or other) storage at `url` (`s3://bucket/prefix`),
    /// configured by the usual environment variables (`AWS_ACCESS_KEY_ID`…).
    pub fn from_url(url: &str) -> Result<Self, EvidenceFileError> {
        let parsed = url::Url::parse(url).map_err(|e| EvidenceFileError::Storage(e.to_string()))?;
        let options: Vec<(String, String)> = std::env::vars()
            .filter(|(k, _)| k.starts_with("AWS_"))
            .map(|(k, v)| (k.to_lowercase(), v))
            .collect();
        let (store, prefix) = object_store::parse_url_opts(&parsed, options)
            .map_err(|e| EvidenceFileError::Storage(e.to_string()))?;
        Ok(Self {
            store: Arc::from(store),
            prefix,
        })
    }

    fn path(&self, hash: &str) -> StorePath {
        let head = hash.get(..2).unwrap_or("00");
        self.prefix.child(head).child(hash)
    }

    /// Writes `content` under a staging name of its own: it reaches its
    /// address only when [`StagedFile::keep`] is called (after the command
    /// that attaches it was accepted), so a refused upload leaves nothing,
    /// and a file already at its address is never touched.
    pub async fn stage(&self, content: Bytes) -> Result<StagedFile, EvidenceFileError> {
        let hash = hex::encode(Sha256::digest(&content));
        let staging = self
            .prefix
            .child(STAGING)
            .child(uuid::Uuid::now_v7().to_string());
        self.store
            .put(&staging, PutPayload::from(content))
            .await
            .map_err(|e| EvidenceFileError::Storage(e.to_string()))?;
        Ok(StagedFile {
            store: self.clone(),
            staging,
            hash,
        })
    }

    /// Stores `content` (once) and returns its SHA-256 in hex.
    pub async fn put(&self, content: Bytes) -> Result<String, EvidenceFileError> {
        let staged = self.stage(content).await?;
        let hash = staged.hash().to_owned();
        staged.keep().await?;
        Ok(hash)
    }

    /// Whether the file with this hash is stored.
    pub async fn contains(&self, hash: &str) -> Result<bool, EvidenceFileError> {
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(false);
        }
        match self.store.head(&self.path(&hash.to_lowercase())).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(EvidenceFileError::Storage(e.to_string())),
        }
    }

    /// The file with this hash, if stored.
    pub async fn get(&self, hash: &str) -> Result<Option<Bytes>, EvidenceFileError> {
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        match self.store.get(&self.path(&hash.to_lowercase())).await {
            Ok(found) => found
                .bytes()
                .await
                .map(Some)
                .map_err(|e| EvidenceFileError::Storage(e.to_string())),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(EvidenceFileError::Storage(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_checked_by_size_type_and_content() {
        assert!(check_file("application/pdf", b"%PDF-1.7 ...", 100).is_ok());
        assert!(matches!(
            check_file("application/pdf", b"<html>", 100),
            Err(EvidenceFileError::MediaType(_))
        ));
        assert!(matches!(
            check_file("text/html", b"%PDF", 100),
            Err(EvidenceFileError::MediaType(_))
        ));
        assert!(matches!(
            check_file("application/pdf", b"%PDF-1.7 long", 5),
            Err(EvidenceFileError::TooLarge { .. })
        ));
        assert!(matches!(
            check_file("application/pdf", b"", 5),
            Err(EvidenceFileError::Empty)
        ));
    }

    #[test]
    fn only_accepted_kinds_are_served_as_themselves() {
        assert_eq!(served_media_type("application/pdf"), "application/pdf");
        assert_eq!(served_media_type("IMAGE/PNG; q=1"), "image/png");
        assert_eq!(served_media_type("text/html"), "application/octet-stream");
        assert_eq!(served_media_type(""), "application/octet-stream");
    }

    #[tokio::test]
    async fn a_file_is_stored_once_by_its_hash() -> Result<(), Box<dyn std::error::Error>> {
        let folder = tempfile_dir()?;
        let store = EvidenceStore::local(folder.as_path())?;
        let hash = store
            .put(Bytes::from_static(b"%PDF-1.7 minh chung"))
            .await?;
        assert_eq!(
            hash,
            store
                .put(Bytes::from_static(b"%PDF-1.7 minh chung"))
                .await?
        );
        assert_eq!(
            store.get(&hash).await?.as_deref(),
            Some(&b"%PDF-1.7 minh chung"[..])
        );
        assert_eq!(store.get(&"0".repeat(64)).await?, None);
        assert_eq!(store.get("../../etc/passwd").await?, None);
        std::fs::remove_dir_all(&folder)?;
        Ok(())
    }

    fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
        let dir = std::env::temp_dir().join(format!("chamdiem-evidence-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir)?;
        Ok(dir)
    }
}
