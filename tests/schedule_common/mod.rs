//! The on-call set-up shared by the schedule's property tests and its benchmark
//! (`tests/schedule_*.rs`, `benches/oncall_locality.rs`): a team of engineers `e0`, `e1`,
//! …, a rotation over them, the on-call data around it, and time off counted in days
//! from the rotation's start.
#![allow(dead_code)]

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use pipebook::model::{
    Engineer, Handoff, Holiday, Horizon, OnCall, Rotation, ShiftLength, Team, TimeOff,
};
use pipebook::schedule;

/// The id (and name) of engineer `i`.
pub fn id(i: usize) -> String {
    format!("e{i}")
}

/// Engineers `e0` to `e{n-1}`, none with time off.
pub fn team(n: usize) -> Team {
    Team {
        engineers: (0..n)
            .map(|i| Engineer {
                id: id(i),
                name: id(i),
                contact: Default::default(),
                github: None,
                time_off: Vec::new(),
                formerly: Vec::new(),
            })
            .collect(),
    }
}

/// A rotation over `order` (indices of engineers) from `start`, handing off on its weekday
/// at `time` in `tz`, shifts of `days` days.
pub fn rotation(order: &[usize], start: NaiveDate, time: NaiveTime, tz: Tz, days: u32) -> Rotation {
    Rotation {
        order: order.iter().map(|&i| id(i)).collect(),
        start,
        handoff: Handoff {
            weekday: start.weekday(),
            time,
        },
        timezone: tz,
        shift: ShiftLength(days),
    }
}

/// The on-call data of a rotation: its holidays (sorted, one per date), no overrides, no
/// secondary rotation, a day's reminder.
pub fn oncall(rotation: Rotation, mut holidays: Vec<Holiday>, horizon: Horizon) -> OnCall {
    holidays.sort_by_key(|h| h.date);
    holidays.dedup_by_key(|h| h.date);
    OnCall {
        rotation: Some(rotation),
        holidays,
        overrides: Vec::new(),
        horizon,
        secondary: None,
        reminder_hours: 24,
        calendars: Default::default(),
        imported_holidays: 0,
    }
}

/// Holidays `days` after `start`, each named `H<days>`.
pub fn holidays(start: NaiveDate, days: &[i64]) -> Vec<Holiday> {
    days.iter()
        .map(|d| Holiday {
            date: start + Duration::days(*d),
            name: format!("H{d}"),
        })
        .collect()
}

/// Gives engineer `who` the `len` days of time off from `from` days after `start`.
pub fn time_off(team: &mut Team, start: NaiveDate, (who, from, len): (usize, i64, i64)) {
    let from = start + Duration::days(from);
    team.engineers[who].time_off.push(TimeOff {
        from,
        to: from + Duration::days(len - 1),
        reason: None,
    });
}

/// Whether `who` has time off during any part of `a..b` (days read as local midnights in
/// `tz`, as the schedule reads them).
pub fn away(team: &Team, tz: Tz, who: &str, a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    team.engineers
        .iter()
        .filter(|e| e.id == who)
        .flat_map(|e| &e.time_off)
        .any(|off| {
            let s = schedule::local_instant(tz, off.from, NaiveTime::MIN);
            let e = schedule::local_instant(tz, off.to + Duration::days(1), NaiveTime::MIN);
            s < b && a < e
        })
}

/// Whether `who` has time off on local day `d`.
pub fn away_on(team: &Team, who: &str, d: NaiveDate) -> bool {
    team.engineers
        .iter()
        .filter(|e| e.id == who)
        .flat_map(|e| &e.time_off)
        .any(|off| off.from <= d && d <= off.to)
}

/// Cases for a schedule property test: `PROPTEST_CASES` when set (a longer search before
/// a schedule change is merged), else `default` (what CI runs).
pub fn proptest_cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
