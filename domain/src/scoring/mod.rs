//! Exact scoring arithmetic: points and percentages as decimals, divisions
//! rounded half up at a fixed number of places, indexes compared as exact
//! fractions, rankings with shared ranks, classification bands.
//!
//! Nothing here uses floating point: a ranking decides awards, and two units
//! must never swap places because of a binary rounding error.

mod classification;
mod exact;
mod index;
mod percentage;
mod points;
mod ranking;

pub use classification::{BandsError, Classification, ClassificationBand, ClassificationBands};
pub use exact::{ArithmeticOverflow, divide_round_half_up};
pub use index::Index;
pub use percentage::{Percentage, PercentageError};
pub use points::{Points, PointsError};
pub use ranking::{Ranked, rank};
