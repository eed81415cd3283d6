//! Local wall-clock times in the rotation's zone, as UTC instants, and UTC intervals.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::model::Rotation;

/// The instant at which slot `slot` begins.
pub fn handoff(rotation: &Rotation, slot: i64) -> DateTime<Utc> {
    let date = rotation.start + Duration::days(slot * i64::from(rotation.shift.0));
    local_instant(rotation.timezone, date, rotation.handoff.time)
}

/// The instant of a local date and time. A time that does not exist (skipped by a DST
/// change) moves forward past the gap; a time that occurs twice takes the first.
pub fn local_instant(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    local_datetime(tz, date.and_time(time))
}

/// [`local_instant`] for a date-time.
pub fn local_datetime(tz: Tz, at: NaiveDateTime) -> DateTime<Utc> {
    let mut local = at;
    for _ in 0..8 {
        match tz.from_local_datetime(&local) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(first, _) => return first.with_timezone(&Utc),
            LocalResult::None => local += Duration::minutes(30),
        }
    }
    // No zone has a gap of four hours; read the time as UTC rather than fail.
    Utc.from_utc_datetime(&at)
}

/// Half-open UTC interval.
pub(super) type Span = (DateTime<Utc>, DateTime<Utc>);

pub(super) fn overlaps(a: Span, b: Span) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Whether `part` is entirely covered by the union of `overrides`.
pub(super) fn covered(part: Span, overrides: &[Span]) -> bool {
    let mut at = part.0;
    loop {
        if at >= part.1 {
            return true;
        }
        match overrides
            .iter()
            .filter(|o| o.0 <= at && at < o.1)
            .map(|o| o.1)
            .max()
        {
            Some(end) => at = end,
            None => return false,
        }
    }
}
