//! Tamper evidence: the chain over the global log is verified from the
//! stored bytes, signed checkpoints pin it at a position, and an archive
//! carries it all in one SQLite file for offline verification
//! (ops/decisions/0008-integrity-chain.md).

mod archive;
mod checkpoint;
mod seal_check;
mod trusted_keys;
mod verify;

pub use archive::export_archive;
pub use checkpoint::{
    CheckpointError, SignedCheckpoint, generate_key, public_key_of, sign_checkpoint,
    store_checkpoint, stored_checkpoints,
};
pub use seal_check::SealCheck;
pub use trusted_keys::TrustedKeys;
pub use verify::{ChainBreak, CheckpointCheck, HistorySource, Verification, verify_history};
