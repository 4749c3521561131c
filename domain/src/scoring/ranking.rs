use std::cmp::Ordering;

use super::Index;

/// An item with its rank: 1 for the highest index; equal indexes share a
/// rank and the next rank skips (1, 1, 3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked<T> {
    /// The rank, from 1.
    pub rank: u32,
    /// The ranked item.
    pub item: T,
}

/// Ranks `items` by `index_of`, highest first, comparing exact indexes.
/// Items with equal indexes share a rank and are listed by `tie_order`
/// (a unit code, say), so that the result does not depend on input order.
pub fn rank<T, K: Ord>(
    mut items: Vec<T>,
    index_of: impl Fn(&T) -> Index,
    tie_order: impl Fn(&T) -> K,
) -> Vec<Ranked<T>> {
    items.sort_by(|a, b| {
        index_of(b)
            .cmp(&index_of(a))
            .then_with(|| tie_order(a).cmp(&tie_order(b)))
    });
    let mut ranked: Vec<Ranked<T>> = Vec::with_capacity(items.len());
    for (position, item) in items.into_iter().enumerate() {
        let rank = match ranked.last() {
            Some(previous) if index_of(&previous.item).cmp(&index_of(&item)) == Ordering::Equal => {
                previous.rank
            }
            _ => u32::try_from(position + 1).unwrap_or(u32::MAX),
        };
        ranked.push(Ranked { rank, item });
    }
    ranked
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;

    use super::*;
    use crate::scoring::Points;

    fn index(points: Decimal, max: Decimal) -> Index {
        Index::new(points, Points::new(max).unwrap_or_default())
    }

    #[test]
    fn equal_indexes_share_a_rank_and_the_next_skips() {
        let units = vec![
            ("C", index(dec!(80), dec!(100))),
            ("A", index(dec!(90), dec!(100))),
            ("B", index(dec!(45), dec!(50))),
            ("D", index(dec!(70), dec!(100))),
        ];
        let ranked = rank(units, |u| u.1, |u| u.0);
        let shown: Vec<(u32, &str)> = ranked.iter().map(|r| (r.rank, r.item.0)).collect();
        assert_eq!(shown, [(1, "A"), (1, "B"), (3, "C"), (4, "D")]);
    }
}
