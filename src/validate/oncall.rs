//! Cross-checks of oncall.yaml: the rotation, overrides, the lists of people and
//! holidays, and dates.

use std::collections::HashSet;

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
    let hm = |t: chrono::NaiveDateTime| t.format("%Y-%m-%d %H:%M").to_string();
    for (i, o) in overrides.iter().enumerate() {
        let at = |field: &str| src.locate(&format!("overrides[{i}].{field}"));
        if parsed.team && !engineers.contains(o.engineer.as_str()) {
            diags.error(
                at("engineer"),
                format!("unknown engineer `{}` in an override", o.engineer),
                engineer_hint,
            );
        }
        if o.to <= o.from {
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
        for (j, other) in overrides.iter().enumerate().take(i) {
            if o.from < other.to && other.from < o.to {
                let first = src.locate(&format!("overrides[{j}].from"));
                diags.error(
                    at("from"),
                    format!(
                        "override {} to {} overlaps the override at line {} ({} to {})",
                        hm(o.from),
                        hm(o.to),
                        first.line,
                        hm(other.from),
                        hm(other.to)
                    ),
                    "at any moment one person is on call: make the two overrides follow each other",
                );
            }
        }
        let Some(e) = site.team.engineers.iter().find(|e| e.id == o.engineer) else {
            continue;
        };
        for off in &e.time_off {
            let (away_from, away_to) = (
                off.from.and_time(chrono::NaiveTime::MIN),
                off.to
                    .succ_opt()
                    .unwrap_or(off.to)
                    .and_time(chrono::NaiveTime::MIN),
            );
            if o.from < away_to && away_from < o.to {
                diags.error(
                    at("engineer"),
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
