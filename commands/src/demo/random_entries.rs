//! Plausible entries for a leaf, drawn from a seeded generator.

use chamdiem_domain::criteria::{Criterion, LeafEntry, ScoringMethod};
use chamdiem_domain::scoring::{Percentage, Points};
use rand::Rng;
use rand::rngs::StdRng;
use rust_decimal::Decimal;

/// A valid entry for `leaf`: one of its levels, a percentage from 50 to
/// 100 with two decimals, or a score in 0.25 steps. None for survey leaves
/// (scored from forms).
pub fn random_entry(leaf: &Criterion, rng: &mut StdRng) -> Option<LeafEntry> {
    match leaf.method.as_ref()? {
        ScoringMethod::Levels { levels } => {
            let level = levels.get(rng.gen_range(0..levels.len().max(1)))?;
            Some(LeafEntry::Score(level.score))
        }
        ScoringMethod::Ratio => {
            let hundredths = rng.gen_range(5_000..=10_000_i64);
            Percentage::new(Decimal::new(hundredths, 2))
                .ok()
                .map(LeafEntry::Ratio)
        }
        ScoringMethod::Range { .. } => {
            let quarters = (leaf.max.value() * Decimal::from(4))
                .trunc()
                .try_into()
                .unwrap_or(0_i64);
            let taken = rng.gen_range(quarters / 2..=quarters);
            Points::new(Decimal::new(taken * 25, 2))
                .ok()
                .map(LeafEntry::Score)
        }
        ScoringMethod::Survey { .. } => None,
    }
}

/// A content hash for a made-up evidence file.
pub fn random_hash(rng: &mut StdRng) -> String {
    let bytes: [u8; 32] = rng.r#gen();
    hex::encode(bytes)
}
