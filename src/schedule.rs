//! Stage 3: who is on call when, as a pure function of the on-call data and a clock.
//!
//! Every page and feed reads the same [`Schedule`], so they can never disagree. Handoffs
//! happen at a local wall-clock time in the rotation's time zone, so a weekly shift that
//! spans a daylight-saving change lasts 167 or 169 hours, as people expect.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::model::{Holiday, OnCall, Rotation};

/// How far back the schedule reaches from the build's clock.
pub const PAST_DAYS: i64 = 28;
/// How far ahead the schedule reaches from the build's clock.
pub const FUTURE_DAYS: i64 = 364;

/// One engineer's turn with the pager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    /// Number of the shift since the rotation's start (0 is the first). Stable across
    /// builds, so it identifies the slot in calendar feeds.
    pub slot: i64,
    pub engineer: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Shift {
    /// Whether `t` falls in this shift (start included, end excluded).
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }
}

/// The resolved schedule for the horizon around the build's clock.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// Shifts in time order, without gaps or overlaps.
    pub shifts: Vec<Shift>,
    /// Time zone of the rotation, in which handoffs are shown.
    pub tz: Tz,
    /// The build's clock.
    pub now: DateTime<Utc>,
}

impl Schedule {
    /// The shift at the build's clock.
    pub fn current(&self) -> Option<&Shift> {
        self.at(self.now)
    }

    /// The shift at instant `t`, if within the horizon.
    pub fn at(&self, t: DateTime<Utc>) -> Option<&Shift> {
        let i = self.shifts.partition_point(|s| s.end <= t);
        self.shifts.get(i).filter(|s| s.contains(t))
    }

    /// Shifts of `engineer` that have not ended by the build's clock.
    pub fn upcoming_for<'a>(&'a self, engineer: &'a str) -> impl Iterator<Item = &'a Shift> + 'a {
        self.shifts
            .iter()
            .filter(move |s| s.engineer == engineer && s.end > self.now)
    }

    /// Holidays whose local date overlaps `shift`.
    pub fn holidays_in<'a>(&self, shift: &Shift, holidays: &'a [Holiday]) -> Vec<&'a Holiday> {
        let first = shift.start.with_timezone(&self.tz).date_naive();
        let last = (shift.end - Duration::seconds(1))
            .with_timezone(&self.tz)
            .date_naive();
        holidays
            .iter()
            .filter(|h| first <= h.date && h.date <= last)
            .collect()
    }
}

/// Resolves the rotation into shifts from [`PAST_DAYS`] before `now` to [`FUTURE_DAYS`]
/// after it. Without a rotation (or with an empty one) there are no shifts.
pub fn resolve(oncall: &OnCall, now: DateTime<Utc>) -> Schedule {
    let Some(rotation) = &oncall.rotation else {
        return Schedule {
            shifts: Vec::new(),
            tz: Tz::UTC,
            now,
        };
    };
    let tz = rotation.timezone;
    let mut shifts = Vec::new();
    if rotation.order.is_empty() {
        return Schedule { shifts, tz, now };
    }
    let from = now - Duration::days(PAST_DAYS);
    let to = now + Duration::days(FUTURE_DAYS);
    let len = i64::from(rotation.shift.0);
    // Start one slot early: local dates and UTC instants differ by up to a day.
    let from_date = from.with_timezone(&tz).date_naive();
    let mut slot = ((from_date - rotation.start).num_days().div_euclid(len) - 1).max(0);
    loop {
        let start = handoff(rotation, slot);
        if start >= to {
            break;
        }
        let end = handoff(rotation, slot + 1);
        if end > from {
            let who = slot.rem_euclid(rotation.order.len() as i64) as usize;
            shifts.push(Shift {
                slot,
                engineer: rotation.order[who].clone(),
                start,
                end,
            });
        }
        slot += 1;
    }
    Schedule { shifts, tz, now }
}

/// The instant at which shift `slot` begins.
pub fn handoff(rotation: &Rotation, slot: i64) -> DateTime<Utc> {
    let date = rotation.start + Duration::days(slot * i64::from(rotation.shift.0));
    local_instant(rotation.timezone, date, rotation.handoff.time)
}

/// The instant of a local date and time. A time that does not exist (skipped by a DST
/// change) moves forward by the gap; a time that occurs twice takes the first.
pub fn local_instant(tz: Tz, date: NaiveDate, time: chrono::NaiveTime) -> DateTime<Utc> {
    let mut local: NaiveDateTime = date.and_time(time);
    for _ in 0..4 {
        match tz.from_local_datetime(&local) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(first, _) => return first.with_timezone(&Utc),
            LocalResult::None => local += Duration::minutes(30),
        }
    }
    // No zone has a gap longer than two hours; fall back to reading the time as UTC.
    Utc.from_utc_datetime(&date.and_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Handoff, ShiftLength};
    use chrono::{NaiveTime, Weekday};

    fn rotation(tz: Tz, start: &str, days: u32, order: &[&str]) -> OnCall {
        let start = NaiveDate::parse_from_str(start, "%Y-%m-%d").unwrap();
        OnCall {
            rotation: Some(Rotation {
                order: order.iter().map(|s| s.to_string()).collect(),
                start,
                handoff: Handoff {
                    weekday: start.weekday(),
                    time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                },
                timezone: tz,
                shift: ShiftLength(days),
            }),
            holidays: Vec::new(),
        }
    }
    use chrono::Datelike;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn weekly_rotation_follows_the_order() {
        let oncall = rotation(
            chrono_tz::America::New_York,
            "2026-01-05",
            7,
            &["a", "b", "c"],
        );
        let s = resolve(&oncall, utc("2026-01-20T12:00:00Z"));
        let cur = s.current().unwrap();
        // Jan 5 a, Jan 12 b, Jan 19 c.
        assert_eq!(cur.engineer, "c");
        assert_eq!(cur.slot, 2);
        assert_eq!(cur.start, utc("2026-01-19T14:00:00Z"));
        assert_eq!(s.shifts[0].slot, 0, "no shifts before the rotation starts");
    }

    #[test]
    fn shifts_cover_the_horizon_without_gaps() {
        let oncall = rotation(chrono_tz::Europe::Berlin, "2025-06-02", 7, &["a", "b"]);
        let now = utc("2026-05-01T00:00:00Z");
        let s = resolve(&oncall, now);
        assert!(s.shifts.first().unwrap().start <= now - Duration::days(PAST_DAYS));
        assert!(s.shifts.last().unwrap().end >= now + Duration::days(FUTURE_DAYS));
        for pair in s.shifts.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert_ne!(pair[0].engineer, pair[1].engineer);
        }
    }

    #[test]
    fn handoff_keeps_local_time_across_dst_in_new_york() {
        let oncall = rotation(chrono_tz::America::New_York, "2026-01-05", 7, &["a", "b"]);
        let s = resolve(&oncall, utc("2026-03-01T00:00:00Z"));
        // 2026-03-08: clocks spring forward; the shift from Mar 2 lasts 167 hours.
        let spring = s
            .shifts
            .iter()
            .find(|x| x.start == utc("2026-03-02T14:00:00Z"))
            .unwrap();
        assert_eq!(spring.end, utc("2026-03-09T13:00:00Z"));
        assert_eq!((spring.end - spring.start).num_hours(), 167);
        // 2026-11-01: clocks fall back; the shift from Oct 26 lasts 169 hours.
        let fall = s
            .shifts
            .iter()
            .find(|x| x.start == utc("2026-10-26T13:00:00Z"))
            .unwrap();
        assert_eq!((fall.end - fall.start).num_hours(), 169);
        assert_eq!(fall.end, utc("2026-11-02T14:00:00Z"));
    }

    #[test]
    fn handoff_keeps_local_time_across_dst_in_berlin() {
        let oncall = rotation(chrono_tz::Europe::Berlin, "2026-01-05", 7, &["a", "b"]);
        let s = resolve(&oncall, utc("2026-03-01T00:00:00Z"));
        // 2026-03-29 spring forward, 2026-10-25 fall back.
        let spring = s
            .shifts
            .iter()
            .find(|x| x.start == utc("2026-03-23T08:00:00Z"))
            .unwrap();
        assert_eq!((spring.end - spring.start).num_hours(), 167);
        let fall = s
            .shifts
            .iter()
            .find(|x| x.start == utc("2026-10-19T07:00:00Z"))
            .unwrap();
        assert_eq!((fall.end - fall.start).num_hours(), 169);
    }

    #[test]
    fn nonexistent_local_time_moves_past_the_gap() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap();
        let t = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
        let instant = local_instant(chrono_tz::America::New_York, date, t);
        assert_eq!(instant, utc("2026-03-08T07:00:00Z")); // 03:00 EDT
    }

    #[test]
    fn daily_shifts() {
        let oncall = rotation(chrono_tz::UTC, "2026-01-01", 1, &["a", "b", "c"]);
        let s = resolve(&oncall, utc("2026-01-10T10:00:00Z"));
        assert_eq!(s.current().unwrap().engineer, "a"); // day 9 -> 9 % 3 == 0
        assert_eq!((s.shifts[0].end - s.shifts[0].start).num_hours(), 24);
        assert_eq!(
            s.upcoming_for("b").next().unwrap().start,
            utc("2026-01-11T09:00:00Z")
        );
        let _ = Weekday::Mon;
    }

    #[test]
    fn no_rotation_no_shifts() {
        let s = resolve(&OnCall::default(), utc("2026-01-10T10:00:00Z"));
        assert!(s.shifts.is_empty());
        assert!(s.current().is_none());
    }
}
