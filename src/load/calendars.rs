//! Holidays and time off from iCalendar files in the repository (issue 15, must-hold 7).
//!
//! `oncall.yaml` names them under `calendars`: the team's holiday calendars, and time-off
//! calendars per engineer. Each event is one holiday per day it covers, or one stretch of
//! time off. The files are content, so untrusted: they must lie inside `content/`, keep to
//! the size limit of text files, cover at most a year per event and
//! [`MAX_CALENDAR_DAYS`] days per file, and recurring events (`RRULE`) are refused rather
//! than expanded without bound. Entries in the YAML files win: a holiday already listed on
//! a date is not added again.

use std::collections::HashSet;
use std::path::{Component, Path};

use chrono::{Datelike, Duration, NaiveDate};

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Holiday, Site, TimeOff};

/// The most days of holidays or time off one calendar file may hold.
pub const MAX_CALENDAR_DAYS: i64 = 20_000;

/// One event of a calendar: its days (both included), summary and line.
struct Event {
    from: NaiveDate,
    to: NaiveDate,
    summary: Option<String>,
}

/// Adds the holidays and time off of the calendars `site.oncall.calendars` names.
pub fn apply(root: &Path, canonical_root: &Path, site: &mut Site, diags: &mut Diagnostics) {
    let calendars = site.oncall.calendars.clone();
    let mut known: HashSet<NaiveDate> = site.oncall.holidays.iter().map(|h| h.date).collect();
    for (i, rel) in calendars.holidays.iter().enumerate() {
        let at = || {
            site.sources
                .oncall
                .locate(&format!("calendars.holidays[{i}]"))
        };
        let Some(events) = read(root, canonical_root, rel, at(), diags) else {
            continue;
        };
        for e in events {
            let name = e.summary.unwrap_or_else(|| "Holiday".into());
            for d in e.from.iter_days().take_while(|d| *d <= e.to) {
                if known.insert(d) {
                    site.oncall.holidays.push(Holiday {
                        date: d,
                        name: name.clone(),
                    });
                    site.oncall.imported_holidays += 1;
                }
            }
        }
    }
    for (id, files) in &calendars.time_off {
        for (i, rel) in files.iter().enumerate() {
            let at = site
                .sources
                .oncall
                .locate(&format!("calendars.time_off.{id}[{i}]"));
            let Some(engineer) = site.team.engineers.iter_mut().find(|e| &e.id == id) else {
                continue; // validation reports the unknown id
            };
            let Some(events) = read(root, canonical_root, rel, at, diags) else {
                continue;
            };
            engineer
                .time_off
                .extend(events.into_iter().map(|e| TimeOff {
                    from: e.from,
                    to: e.to,
                    reason: e.summary,
                }));
        }
    }
}

/// Reads and parses one calendar; `None` (after reporting) when it cannot be used.
fn read(
    root: &Path,
    canonical_root: &Path,
    rel: &str,
    at: Location,
    diags: &mut Diagnostics,
) -> Option<Vec<Event>> {
    let display = format!("content/{rel}");
    let plain = Path::new(rel)
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if !plain || !rel.ends_with(".ics") {
        diags.error(
            at,
            format!("calendar `{rel}` must be an `.ics` file under content/, named by a relative path without `..`"),
            "put the calendar beside the data files, such as `calendars/holidays.ics`",
        );
        return None;
    }
    let path = root.join("content").join(rel);
    if super::is_link_outside(&path, canonical_root) {
        super::report_link_outside(&display, diags);
        return None;
    }
    if let Some(what) = super::link_to_unread(&path, canonical_root) {
        super::report_link_to_unread(&display, what, diags);
        return None;
    }
    let bytes = match super::read_bytes(&path, &display, diags).ok()? {
        Some(bytes) => bytes,
        None => {
            diags.error(
                at,
                format!("calendar `{display}` does not exist"),
                "check the path: it is relative to the content folder",
            );
            return None;
        }
    };
    let text = super::decode(bytes, &display, diags).ok()?;
    parse(&text, &display, diags)
}

/// The events of a calendar's text, each checked; errors name the event's line.
fn parse(text: &str, display: &str, diags: &mut Diagnostics) -> Option<Vec<Event>> {
    // The parser gives no positions: the n-th event is the n-th BEGIN:VEVENT line.
    let starts: Vec<usize> = text.match_indices("BEGIN:VEVENT").map(|(i, _)| i).collect();
    let at = |n: usize| {
        let i = starts.get(n).copied().unwrap_or(0);
        Location::at(
            display,
            text,
            i..i + "BEGIN:VEVENT".len().min(text.len() - i),
        )
    };
    let mut events = Vec::new();
    let mut days = 0i64;
    let mut n = 0;
    for cal in ical::IcalParser::new(text.as_bytes()) {
        let cal = match cal {
            Ok(cal) => cal,
            Err(e) => {
                diags.error(
                    at(n),
                    format!("`{display}` is not a valid iCalendar file: {e}"),
                    "export the calendar again as .ics (RFC 5545)",
                );
                return None;
            }
        };
        for ev in cal.events {
            let prop = |name: &str| ev.properties.iter().find(|p| p.name == name);
            let value = |name: &str| prop(name).and_then(|p| p.value.clone());
            let problem = if prop("RRULE").is_some() || prop("RDATE").is_some() {
                Some("is a recurring event, which pipebook does not expand".to_string())
            } else {
                match (value("DTSTART").as_deref().and_then(date), value("DTEND")) {
                    (None, _) => Some("has no DTSTART date".to_string()),
                    (Some(from), end) => {
                        let all_day = value("DTSTART").is_some_and(|v| v.len() == 8);
                        let to = match end.as_deref().and_then(date) {
                            // An all-day DTEND is the day after the last.
                            Some(end) if all_day => end - Duration::days(1),
                            Some(end) => end,
                            None => from,
                        }
                        .max(from);
                        if (to - from).num_days() > 366 {
                            Some(format!("lasts from {from} to {to}, more than a year"))
                        } else if from.year_ce().1 < 1900 || to.year_ce().1 > 2999 {
                            Some(format!("falls outside 1900 to 2999 ({from})"))
                        } else {
                            days += (to - from).num_days() + 1;
                            let summary = value("SUMMARY").map(|s| unescape(&s));
                            events.push(Event { from, to, summary });
                            None
                        }
                    }
                }
            };
            if let Some(why) = problem {
                diags.error(
                    at(n),
                    format!("event {} of `{display}` {why}", n + 1),
                    "list each occurrence as its own event of at most a year; most calendar apps export them so",
                );
            }
            n += 1;
        }
    }
    if days > MAX_CALENDAR_DAYS {
        diags.error(
            Location::file(display),
            format!("`{display}` covers {days} days: pipebook reads at most {MAX_CALENDAR_DAYS} days from one calendar"),
            "export only the years the schedule needs",
        );
        return None;
    }
    Some(events)
}

/// The date of a DATE or DATE-TIME value (`20261225`, `20261225T090000Z`).
fn date(v: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(v.get(..8)?, "%Y%m%d").ok()
}

/// A TEXT value as written, unescaped.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('n' | 'N') => out.push(' '),
                Some(other) => out.push(other),
                None => {}
            },
            (c, false) => out.push(c),
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(text: &str) -> (Option<Vec<Event>>, Vec<String>) {
        let mut d = Diagnostics::new();
        let e = parse(text, "content/c.ics", &mut d);
        let msgs = d
            .sorted()
            .iter()
            .map(|x| format!("{}:{} {}", x.location.file, x.location.line, x.message))
            .collect();
        (e, msgs)
    }

    #[test]
    fn all_day_and_timed_events_become_days() {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20261225\r\nDTEND;VALUE=DATE:20261226\r\nSUMMARY:Christmas Day\\, observed\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART:20270104T090000Z\r\nDTEND:20270106T170000Z\r\nSUMMARY:PTO\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let (e, msgs) = events(text);
        assert!(msgs.is_empty(), "{msgs:?}");
        let e = e.unwrap();
        assert_eq!(
            (e[0].from, e[0].to),
            (date("20261225").unwrap(), date("20261225").unwrap())
        );
        assert_eq!(e[0].summary.as_deref(), Some("Christmas Day, observed"));
        assert_eq!(
            (e[1].from, e[1].to),
            (date("20270104").unwrap(), date("20270106").unwrap())
        );
    }

    #[test]
    fn recurring_and_endless_events_are_refused_at_their_line() {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20261225\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART;VALUE=DATE:20260101\r\nDTEND;VALUE=DATE:30000101\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let (_, msgs) = events(text);
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(
            msgs[0].starts_with("content/c.ics:3 event 1 of `content/c.ics` is a recurring event"),
            "{msgs:?}"
        );
        assert!(
            msgs[1].starts_with("content/c.ics:8 event 2 of `content/c.ics` lasts"),
            "{msgs:?}"
        );
    }
}
