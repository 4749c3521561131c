//! Rebuilds this crate when a migration is added or changed: `sqlx::migrate!`
//! embeds the schema folder at compile time but does not tell Cargo to watch
//! it, so a new file would otherwise be missing from a binary built before it.

fn main() {
    println!("cargo:rerun-if-changed=../schema");
}
