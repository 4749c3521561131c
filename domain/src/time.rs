//! Deadlines are local dates in Asia/Ho_Chi_Minh; everything is stored in UTC.
//!
//! Vietnam has kept UTC+07:00 without daylight saving since 1975, so a fixed
//! offset is exact and needs no time-zone database.

use chrono::{DateTime, Days, FixedOffset, NaiveDate, NaiveTime, Offset as _, TimeZone as _, Utc};

/// UTC+07:00, Asia/Ho_Chi_Minh.
pub fn vietnam() -> FixedOffset {
    const SEVEN_HOURS: i32 = 7 * 3600;
    // Always in range; the fallback only satisfies the type.
    FixedOffset::east_opt(SEVEN_HOURS).unwrap_or(Utc.fix())
}

/// The first instant after the deadline day: midnight that ends `date` in
/// Vietnam. Work is accepted while `at < end_of_day(date)`.
pub fn end_of_day(date: NaiveDate) -> DateTime<Utc> {
    let next = date.checked_add_days(Days::new(1)).unwrap_or(date);
    let local = next.and_time(NaiveTime::MIN);
    match vietnam().from_local_datetime(&local) {
        chrono::LocalResult::Single(at) => at.with_timezone(&Utc),
        _ => local.and_utc(),
    }
}

/// The local date in Vietnam of an instant.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&vietnam()).date_naive()
}

/// A date as officials write it: 15/01/2025.
pub fn date_vi(date: NaiveDate) -> impl std::fmt::Display {
    date.format("%d/%m/%Y")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_day_ends_at_midnight_in_vietnam() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default();
        assert_eq!(end_of_day(date).to_rfc3339(), "2026-11-30T17:00:00+00:00");
        let late_evening = "2026-11-30T16:59:59Z"
            .parse::<DateTime<Utc>>()
            .unwrap_or_default();
        assert_eq!(local_date(late_evening), date);
    }
}
