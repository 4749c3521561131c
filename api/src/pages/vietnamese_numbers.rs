//! Figures and dates as the pages show them to people (UI.md): two
//! decimals with a decimal comma (87,32), dates as dd/mm/yyyy, moments on
//! Vietnam's clock.

use rust_decimal::{Decimal, RoundingStrategy};

/// `text` (an API decimal such as "87.5") shown with two decimals and a
/// decimal comma ("87,50"); text that is not a number is shown as it is.
pub fn figure(text: &str) -> String {
    match text.parse::<Decimal>() {
        // Half away from zero, as the regulation rounds.
        Ok(value) => format!(
            "{:.2}",
            value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        )
        .replace('.', ","),
        Err(_) => text.to_owned(),
    }
}

/// A figure offered back in an input as people type it: the API's exact
/// decimal with a decimal comma ("87.5" → "87,5"), empty when none.
pub fn typed_figure(text: Option<&str>) -> String {
    text.unwrap_or_default().replace('.', ",")
}

/// An ISO date ("2025-01-15") as "15/01/2025".
pub fn date(iso: &str) -> String {
    match iso.split('-').collect::<Vec<_>>().as_slice() {
        [year, month, day] => format!("{day}/{month}/{year}"),
        _ => iso.to_owned(),
    }
}

/// An RFC 3339 moment as Vietnam's clock shows it (UTC+7, no daylight
/// saving): "15/01/2025 17:00".
pub fn moment(rfc3339: &str) -> String {
    let vietnam = chrono::FixedOffset::east_opt(7 * 3600);
    match (chrono::DateTime::parse_from_rfc3339(rfc3339), vietnam) {
        (Ok(at), Some(vietnam)) => at
            .with_timezone(&vietnam)
            .format("%d/%m/%Y %H:%M")
            .to_string(),
        _ => rfc3339.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_have_two_decimals_and_a_comma() {
        assert_eq!(figure("87.5"), "87,50");
        assert_eq!(figure("3"), "3,00");
        assert_eq!(figure("-2.255"), "-2,26");
        assert_eq!(figure("2.245"), "2,25");
        assert_eq!(date("2025-01-15"), "15/01/2025");
        assert_eq!(moment("2025-01-15T10:00:00Z"), "15/01/2025 17:00");
    }
}
