//! Local wall-clock times in the rotation's zone, as UTC instants, and UTC intervals.

use chrono::{
    DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};
use chrono_tz::Tz;

use crate::model::Rotation;

/// The instant at which slot `slot` begins.
pub fn handoff(rotation: &Rotation, slot: i64) -> DateTime<Utc> {
    let date = rotation.start + Duration::days(slot * i64::from(rotation.shift.0));
    local_instant(rotation.timezone, date, rotation.handoff.time)
}

/// The instant of a local date and time, as RFC 5545 (section 3.3.5) reads one: a time
/// that does not exist (skipped by a DST change) is read with the UTC offset in effect
/// before the gap, so it moves forward by the gap's length (02:30 becomes 03:30 when
/// clocks spring from 02:00 to 03:00); a time that occurs twice takes the first.
pub fn local_instant(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    local_datetime(tz, date.and_time(time))
}

/// [`local_instant`] for a date-time.
pub fn local_datetime(tz: Tz, at: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&at) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            // The offset just before the gap: the first local time before it that exists.
            let before = (1..=12)
                .map(|half_hours| at - Duration::minutes(30 * half_hours))
                .find_map(|t| tz.from_local_datetime(&t).latest());
            match before {
                Some(t) => Utc.from_utc_datetime(
                    &(at - Duration::seconds(i64::from(t.offset().fix().local_minus_utc()))),
                ),
                // No zone has a gap of six hours; read the time as UTC rather than fail.
                None => Utc.from_utc_datetime(&at),
            }
        }
    }
}

/// Whether a local date-time does not exist, skipped by a DST change.
pub fn is_skipped(tz: Tz, at: NaiveDateTime) -> bool {
    matches!(tz.from_local_datetime(&at), LocalResult::None)
}

/// Half-open UTC interval.
pub(super) type Span = (DateTime<Utc>, DateTime<Utc>);

pub(super) fn overlaps(a: Span, b: Span) -> bool {
    a.0 < b.1 && b.0 < a.1
}
