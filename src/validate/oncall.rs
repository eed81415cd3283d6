//! Cross-checks of oncall.yaml: the rotation, overrides, the lists of people and
//! holidays, and dates.

use std::collections::{HashMap, HashSet};

use chrono::Datelike;

use super::*;

pub use crate::model::MAX_REMINDER_HOURS;

/// oncall.yaml's lists name each engineer and each holiday once, the secondary rotation
/// names known engineers, and reminders come at most four weeks ahead (issue 15).
pub(super) fn check_oncall_lists(
    site: &Site,
    parsed: Parsed,
    engineers: &HashSet<&str>,
    engineer_hint: &str,
    diags: &mut Diagnostics,
) {
    let src = &site.sources.oncall;
    let oc = &site.oncall;
    let orders = [
        ("rotation.order", oc.rotation.as_ref().map(|r| &r.order)),
        ("secondary.order", oc.secondary.as_ref().map(|s| &s.order)),
    ];
    for (key, order) in orders {
        let Some(order) = order else { continue };
        let mut first_at: HashMap<&str, usize> = HashMap::new();
        for (i, id) in order.iter().enumerate() {
            match first_at.get(id.as_str()) {
                Some(&j) => diags.error(
                    src.locate(&format!("{key}[{i}]")),
                    format!(
                        "`{}` is listed twice in `{key}` (also item {}): each engineer takes one place in the rotation",
                        printable(id),
                        j + 1
                    ),
                    "remove the repeated id; list everyone who takes turns once, in order",
                ),
                None => {
                    first_at.insert(id, i);
                }
            }
            if key == "secondary.order" && parsed.team && !engineers.contains(id.as_str()) {
                diags.error(
                    src.locate(&format!("{key}[{i}]")),
                    format!(
                        "unknown engineer `{}` in the secondary rotation",
                        printable(id)
                    ),
                    engineer_hint.to_string(),
                );
            }
        }
        if key == "secondary.order" && order.is_empty() {
            diags.error(
                src.locate(key),
                "the secondary rotation has no engineers",
                "list engineer ids under `secondary.order`, or remove `secondary` to use the next engineer in the rotation",
            );
        }
    }
    if parsed.team {
        for id in oc.calendars.time_off.keys() {
            if !engineers.contains(id.as_str()) {
                diags.error(
                    src.locate(&format!("calendars.time_off.{id}")),
                    format!("unknown engineer `{}` in calendars.time_off", printable(id)),
                    engineer_hint.to_string(),
                );
            }
        }
    }
    let mut dates: HashMap<chrono::NaiveDate, usize> = HashMap::new();
    for (i, h) in oc.holidays.iter().enumerate() {
        match dates.get(&h.date) {
            Some(&j) => diags.error(
                src.locate(&format!("holidays[{i}].date")),
                format!(
                    "holiday {} is listed twice (`{}` and `{}`)",
                    h.date,
                    printable(&oc.holidays[j].name),
                    printable(&h.name)
                ),
                "list each day once; give it both names in one entry if two holidays fall on it",
            ),
            None => {
                dates.insert(h.date, i);
            }
        }
    }
    if oc.reminder_hours > MAX_REMINDER_HOURS {
        diags.error(
            src.locate("reminder_hours"),
            format!(
                "reminder_hours is {}: reminders come at most {MAX_REMINDER_HOURS} hours (four weeks) before a shift",
                oc.reminder_hours
            ),
            format!("use 0 (no reminders) to {MAX_REMINDER_HOURS}; the default is 24"),
        );
    }
}

/// Overrides must name a known engineer, run forwards, not overlap each other, and not
/// put anyone on call during their own time off.
pub(super) fn check_overrides(
    site: &Site,
    parsed: Parsed,
    engineers: &HashSet<&str>,
    engineer_hint: &str,
    diags: &mut Diagnostics,
) {
    let src = &site.sources.oncall;
    let overrides = &site.oncall.overrides;
    for (i, o) in overrides.iter().enumerate() {
        let at = |field: &str| src.locate(&format!("overrides[{i}].{field}"));
        if parsed.team && !engineers.contains(o.engineer.as_str()) {
            diags.error(
                at("engineer"),
                format!("unknown engineer `{}` in an override", o.engineer),
                engineer_hint,
            );
        }
        if o.to == o.from {
            // "ends (09:00) before it starts (09:00)" read as a contradiction of itself.
            diags.error(
                at("to"),
                format!(
                    "override ends when it starts ({}): it covers no time",
                    hm(o.to)
                ),
                "`to` is when the cover ends: write that time, or remove the override",
            );
            continue;
        }
        if o.to < o.from {
            diags.error(
                at("to"),
                format!(
                    "override ends ({}) before it starts ({})",
                    hm(o.to),
                    hm(o.from)
                ),
                "`from` is when the cover starts and `to` when it ends",
            );
            continue;
        }
    }
    check_override_overlaps(site, diags);
    check_overrides_in_time_off(site, diags);
    check_override_reach(site, diags);
}

/// Overrides that are most likely a typo (a year off): one that lasts longer than a year
/// or than the weeks the schedule publishes (it holds every shift it covers, and its
/// event runs to its own end, so `to: 2126-…` put one engineer on call for a century in
/// every feed without a word), and one that starts before the rotation's first handoff.
/// Warnings, not errors: either can be meant. Each at its value.
fn check_override_reach(site: &Site, diags: &mut Diagnostics) {
    let src = &site.sources.oncall;
    let horizon = site.oncall.horizon;
    let published = i64::from(horizon.past_weeks + horizon.future_weeks) * 7;
    let longest = published.min(366);
    let first = (site.oncall.rotation.as_ref()).map(|r| r.start.and_time(r.handoff.time));
    for (i, o) in site.oncall.overrides.iter().enumerate() {
        let at = |field: &str| src.locate(&format!("overrides[{i}].{field}"));
        let days = (o.to - o.from).num_days();
        if o.to > o.from && days > longest {
            let limit = match longest == published {
                true => format!("the {published} days the schedule publishes"),
                false => "a year".to_string(),
            };
            diags.warning(
                at("to"),
                format!(
                    "override of `{}` lasts {days} days ({} to {}), longer than {limit}",
                    o.engineer,
                    hm(o.from),
                    hm(o.to)
                ),
                "check the year of `to`: an override holds every shift it covers and its \
                 calendar event runs to its end; a lasting change of who is on call belongs in \
                 `rotation.order`",
            );
        }
        if let Some(first) = first.filter(|&first| o.from < first) {
            diags.warning(
                at("from"),
                format!(
                    "override of `{}` starts ({}) before the rotation's first handoff ({})",
                    o.engineer,
                    hm(o.from),
                    hm(first)
                ),
                "check the year of `from`, or `rotation.start`: before the rotation starts \
                 nobody is on call but by an override",
            );
        }
    }
}

/// An override's time as its messages show it.
fn hm(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// Overrides must not overlap each other. In order of start, each is checked against the
/// one before it that reaches furthest: one error an override at most, in n log n. Every
/// pair compared, 3,000 alike overrides (255 kB of YAML) made 4.5 million errors, 1.9 GB
/// of log and 5.4 GB of memory in 39 s.
fn check_override_overlaps(site: &Site, diags: &mut Diagnostics) {
    let src = &site.sources.oncall;
    let overrides = &site.oncall.overrides;
    let mut by_start: Vec<usize> = (0..overrides.len())
        .filter(|&i| overrides[i].from < overrides[i].to)
        .collect();
    by_start.sort_by_key(|&i| (overrides[i].from, i));
    let mut furthest: Option<usize> = None;
    for i in by_start {
        let Some(r) = furthest else {
            furthest = Some(i);
            continue;
        };
        if overrides[i].from < overrides[r].to {
            // Said of the one written later, naming the one written first.
            let (later, first) = (i.max(r), i.min(r));
            let (o, other) = (&overrides[later], &overrides[first]);
            let line = src.locate(&format!("overrides[{first}].from")).line;
            diags.error(
                src.locate(&format!("overrides[{later}].from")),
                format!(
                    "override {} to {} overlaps the override at line {line} ({} to {})",
                    hm(o.from),
                    hm(o.to),
                    hm(other.from),
                    hm(other.to)
                ),
                "at any moment one person is on call: make the two overrides follow each other",
            );
        }
        if overrides[i].to > overrides[r].to {
            furthest = Some(i);
        }
    }
}

/// No override puts anyone on call during their own time off: each against its
/// engineer's time off in order of start, one error an override at most, in n log n.
fn check_overrides_in_time_off(site: &Site, diags: &mut Diagnostics) {
    use crate::model::TimeOff;
    use chrono::{NaiveDateTime, NaiveTime};
    let src = &site.sources.oncall;
    /// An engineer's time off as `[from, to)`, by start, each with the furthest end of it
    /// and those before it (and the time off that reaches that end).
    type Away<'a> = Vec<(NaiveDateTime, NaiveDateTime, &'a TimeOff)>;
    let mut away: HashMap<&str, Away> = HashMap::new();
    for e in &site.team.engineers {
        let spans = away.entry(e.id.as_str()).or_default();
        for off in &e.time_off {
            let to = off.to.succ_opt().unwrap_or(off.to).and_time(NaiveTime::MIN);
            spans.push((off.from.and_time(NaiveTime::MIN), to, off));
        }
    }
    for spans in away.values_mut() {
        spans.sort_by_key(|&(from, to, _)| (from, to));
        let mut furthest: Option<(NaiveDateTime, &TimeOff)> = None;
        for span in spans.iter_mut() {
            match furthest {
                Some((to, off)) if to >= span.1 => (span.1, span.2) = (to, off),
                _ => furthest = Some((span.1, span.2)),
            }
        }
    }
    for (i, o) in site.oncall.overrides.iter().enumerate() {
        let Some(spans) = away.get(o.engineer.as_str()) else {
            continue;
        };
        // Of the time off starting before the override ends, the one reaching furthest
        // overlaps it if any does.
        let before_end = spans.partition_point(|&(from, _, _)| from < o.to);
        let Some(&(_, to, off)) = before_end.checked_sub(1).and_then(|p| spans.get(p)) else {
            continue;
        };
        if o.from >= o.to || to <= o.from {
            continue;
        }
        diags.error(
            src.locate(&format!("overrides[{i}].engineer")),
            format!(
                "override puts `{}` on call from {} to {}, during their time off ({} to {})",
                o.engineer,
                hm(o.from),
                hm(o.to),
                off.from,
                off.to
            ),
            "choose someone who is not away then, or change the time off in team.yaml",
        );
    }
}

/// The first and last day pipebook accepts in the content. A date outside is a typo
/// (`20226-01-05`), and keeping every date well inside what the calendar types can hold
/// means no later arithmetic (a day after a time off, a review interval, a horizon) can
/// overflow.
pub const FIRST_DAY: (i32, u32, u32) = (1900, 1, 1);
pub const LAST_DAY: (i32, u32, u32) = (2999, 12, 31);

/// The longest reach of the published schedule, in weeks before and after the clock.
pub const MAX_HORIZON_WEEKS: u32 = 520;

/// Every date of the data files and front matter lies between [`FIRST_DAY`] and
/// [`LAST_DAY`], and the horizon is at most [`MAX_HORIZON_WEEKS`] each way.
pub(super) fn check_dates(site: &Site, diags: &mut Diagnostics) {
    let day = |(y, m, d): (i32, u32, u32)| {
        chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or(chrono::NaiveDate::MIN)
    };
    let (first, last) = (day(FIRST_DAY), day(LAST_DAY));
    let mut check = |file: &SourceFile, path: String, date: chrono::NaiveDate| {
        if date < first || date > last {
            diags.error(
                file.locate(&path),
                format!("date {date} is out of range: pipebook takes dates from {first} to {last}"),
                "check the year; dates are written YYYY-MM-DD, such as `2026-12-24`",
            );
        }
    };
    let src = &site.sources;
    for (i, e) in site.team.engineers.iter().enumerate() {
        for (j, off) in e.time_off.iter().enumerate() {
            check(
                &src.team,
                format!("engineers[{i}].time_off[{j}].from"),
                off.from,
            );
            check(
                &src.team,
                format!("engineers[{i}].time_off[{j}].to"),
                off.to,
            );
        }
    }
    if let Some(rotation) = &site.oncall.rotation {
        check(&src.oncall, "rotation.start".into(), rotation.start);
    }
    for (i, h) in site.oncall.holidays.iter().enumerate() {
        check(&src.oncall, format!("holidays[{i}].date"), h.date);
    }
    for (i, o) in site.oncall.overrides.iter().enumerate() {
        check(&src.oncall, format!("overrides[{i}].from"), o.from.date());
        check(&src.oncall, format!("overrides[{i}].to"), o.to.date());
    }
    for rb in &site.runbooks {
        if let Some(date) = rb.front.last_reviewed {
            check(&rb.source, "last_reviewed".into(), date);
        }
    }
    let horizon = site.oncall.horizon;
    for (key, weeks) in [
        ("past_weeks", horizon.past_weeks),
        ("future_weeks", horizon.future_weeks),
    ] {
        if weeks > MAX_HORIZON_WEEKS {
            diags.error(
                src.oncall.locate(&format!("horizon.{key}")),
                format!(
                    "horizon.{key} is {weeks} weeks: the schedule reaches at most {MAX_HORIZON_WEEKS} weeks (10 years) each way"
                ),
                format!("use a number of weeks from 0 to {MAX_HORIZON_WEEKS}"),
            );
        }
    }
}

/// The rotation has engineers, known ones, and starts on its handoff weekday.
pub(super) fn check_rotation(
    site: &Site,
    parsed: Parsed,
    engineers: &HashSet<&str>,
    engineer_hint: &str,
    diags: &mut Diagnostics,
) {
    let src = &site.sources;
    if let Some(rotation) = &site.oncall.rotation {
        if rotation.order.is_empty() {
            diags.error(
                src.oncall.locate("rotation.order"),
                "the rotation has no engineers",
                "list engineer ids under `rotation.order`, in the order they take the pager",
            );
        }
        if parsed.team {
            for (i, id) in rotation.order.iter().enumerate() {
                if !engineers.contains(id.as_str()) {
                    diags.error(
                        src.oncall.locate(&format!("rotation.order[{i}]")),
                        format!("unknown engineer `{id}` in the on-call rotation"),
                        engineer_hint,
                    );
                }
            }
        }
        if rotation.shift.0 % 7 == 0 && rotation.start.weekday() != rotation.handoff.weekday {
            let wanted = rotation.handoff.weekday;
            let fixed = rotation
                .start
                .iter_days()
                .rev()
                .take(7)
                .find(|d| d.weekday() == wanted)
                .unwrap_or(rotation.start);
            diags.error(
                src.oncall.locate("rotation.start"),
                format!(
                    "rotation starts on {} ({}), but handoffs are on {}",
                    rotation.start,
                    rotation.start.weekday(),
                    wanted
                ),
                format!("start the rotation on a {wanted}, such as {fixed}"),
            );
        }
    }
}

/// A time zone that names a fixed offset rather than a region (`EST`, `MST`, `HST`,
/// `Etc/GMT+5`, `GMT`) is valid but seldom what a team means: it never moves for daylight
/// saving, so from spring to autumn handoffs come an hour off the team's clocks. Each is a
/// warning at its value, suggesting a region's zone. `UTC` (and its aliases) is meant as
/// written.
pub(super) fn check_zones(site: &Site, diags: &mut Diagnostics) {
    let zones = [
        (&site.sources.site, "timezone", Some(site.config.timezone)),
        (
            &site.sources.oncall,
            "rotation.timezone",
            site.oncall.rotation.as_ref().map(|r| r.timezone),
        ),
    ];
    for (src, key, tz) in zones {
        let Some((name, offset, region)) = tz.and_then(fixed_zone) else {
            continue;
        };
        let sign = if name.starts_with("Etc/GMT") && offset != 0 {
            format!(
                " (the sign is POSIX's: `{name}` is {} hours {} UTC)",
                offset.abs() / 3600,
                if offset < 0 { "behind" } else { "ahead of" }
            )
        } else {
            String::new()
        };
        let hint = match region {
            Some(region) => format!(
                "use the zone of the team's region, such as {region}; write `UTC` if a fixed UTC time is meant"
            ),
            None => "use the zone of the team's region (an IANA name such as `America/New_York`); write `UTC` if a fixed UTC time is meant".to_string(),
        };
        diags.warning(
            src.locate(key),
            format!(
                "time zone `{name}` is a fixed offset, UTC{} all year without daylight saving{sign}, which is seldom what a team means",
                utc_offset(offset)
            ),
            hint,
        );
    }
}

/// `+05:30`, `-05:00`, `+00:00`.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let m = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

/// A zone named for a fixed offset: its name, its offset from UTC in seconds and a region
/// zone of that offset to suggest (the one usually meant by the legacy names). `None` for
/// region zones and for UTC by any of its names.
fn fixed_zone(tz: chrono_tz::Tz) -> Option<(&'static str, i32, Option<&'static str>)> {
    use chrono::{Offset, TimeZone};
    let name = tz.name();
    let legacy = match name {
        "EST" => Some("`America/New_York`"),
        "MST" => Some("`America/Denver` (or `America/Phoenix` for Arizona)"),
        "HST" => Some("`Pacific/Honolulu`"),
        "GMT" | "GMT0" | "GMT+0" | "GMT-0" | "Greenwich" => {
            Some("`Europe/London` for UK time (with summer time)")
        }
        _ => None,
    };
    if legacy.is_none() && !name.starts_with("Etc/GMT") && name != "Etc/Greenwich" {
        return None;
    }
    let at = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)?.and_time(chrono::NaiveTime::MIN);
    let offset = tz.offset_from_utc_datetime(&at).fix().local_minus_utc();
    let region = legacy.or(match offset / 3600 {
        0 => Some("`Europe/London` for UK time (with summer time)"),
        -11 => Some("`Pacific/Pago_Pago`"),
        -10 => Some("`Pacific/Honolulu`"),
        -9 => Some("`America/Anchorage`"),
        -8 => Some("`America/Los_Angeles`"),
        -7 => Some("`America/Denver`"),
        -6 => Some("`America/Chicago`"),
        -5 => Some("`America/New_York`"),
        -4 => Some("`America/Halifax`"),
        -3 => Some("`America/Sao_Paulo`"),
        -2 => Some("`America/Noronha`"),
        -1 => Some("`Atlantic/Azores`"),
        1 => Some("`Europe/Berlin`"),
        2 => Some("`Europe/Athens`"),
        3 => Some("`Europe/Moscow`"),
        4 => Some("`Asia/Dubai`"),
        5 => Some("`Asia/Karachi`"),
        6 => Some("`Asia/Dhaka`"),
        7 => Some("`Asia/Bangkok`"),
        8 => Some("`Asia/Singapore`"),
        9 => Some("`Asia/Tokyo`"),
        10 => Some("`Australia/Sydney`"),
        11 => Some("`Pacific/Noumea`"),
        12 => Some("`Pacific/Auckland`"),
        13 => Some("`Pacific/Tongatapu`"),
        14 => Some("`Pacific/Kiritimati`"),
        _ => None,
    });
    Some((name, offset, region))
}

#[cfg(test)]
mod zone_tests {
    use super::fixed_zone;

    #[test]
    fn fixed_offset_zones_are_told_from_region_zones() {
        let name = |s: &str| fixed_zone(s.parse().unwrap());
        assert_eq!(
            name("EST"),
            Some(("EST", -5 * 3600, Some("`America/New_York`")))
        );
        assert_eq!(name("HST").map(|z| z.1), Some(-10 * 3600));
        assert_eq!(
            name("Etc/GMT+5"),
            Some(("Etc/GMT+5", -5 * 3600, Some("`America/New_York`")))
        );
        assert_eq!(name("Etc/GMT-9").map(|z| z.2), Some(Some("`Asia/Tokyo`")));
        assert_eq!(name("Etc/GMT+12").map(|z| z.2), Some(None));
        for ok in [
            "UTC",
            "Etc/UTC",
            "Zulu",
            "America/New_York",
            "Asia/Tokyo",
            "Japan",
            "EST5EDT",
        ] {
            assert_eq!(name(ok), None, "{ok}");
        }
    }
}
