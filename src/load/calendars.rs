//! Holidays and time off from iCalendar files in the repository (issue 15, must-hold 7).
//!
//! `oncall.yaml` names them under `calendars`: the team's holiday calendars, and time-off
//! calendars per engineer. Each event is one holiday per day it covers, or one stretch of
//! time off. The files are content, so untrusted: they must lie inside `content/`, keep to
//! the size limit of text files, cover at most a year per event and
//! [`MAX_CALENDAR_DAYS`] days per file, and recurring events (`RRULE`) are refused rather
//! than expanded without bound. An event's `SUMMARY` is the holiday's name (copied to each
//! of its days) or the time off's reason, and keeps to the same length as one written in
//! the YAML files. Entries in the YAML files win: a holiday already listed on
//! a date is not added again.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path};

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;

use super::calendar_days::{days, When, Zones};
use super::calendar_text::{parser_error, rejoin_split_characters, upper_names};

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Holiday, Site, TimeOff};

/// The most days of holidays or time off one calendar file may hold.
pub const MAX_CALENDAR_DAYS: i64 = 20_000;

/// One event of a calendar: its days (both included), summary and where it starts (the
/// byte of its `BEGIN:VEVENT` line).
struct Event {
    from: NaiveDate,
    to: NaiveDate,
    summary: Option<String>,
    at: usize,
}

/// Adds the holidays and time off of the calendars `site.oncall.calendars` names.
pub fn apply(root: &Path, canonical_root: &Path, site: &mut Site, diags: &mut Diagnostics) {
    let calendars = site.oncall.calendars.clone();
    // Days are the rotation's, as are those written in the YAML files.
    let tz = (site.oncall.rotation.as_ref()).map_or(site.config.timezone, |r| r.timezone);
    let mut known: HashSet<NaiveDate> = site.oncall.holidays.iter().map(|h| h.date).collect();
    for (i, rel) in calendars.holidays.iter().enumerate() {
        let at = || {
            site.sources
                .oncall
                .locate(&format!("calendars.holidays[{i}]"))
        };
        let kind = (Summary::HolidayName, tz);
        let Some((text, events)) = read(root, canonical_root, rel, kind, at(), diags) else {
            continue;
        };
        // The event of this file that named each day it added, for two that disagree.
        let mut named: HashMap<NaiveDate, usize> = HashMap::new();
        let mut clash = Clash::default();
        for (k, e) in events.iter().enumerate() {
            for d in e.from.iter_days().take_while(|d| *d <= e.to) {
                if known.insert(d) {
                    site.oncall.holidays.push(Holiday {
                        date: d,
                        name: holiday_name(e).to_string(),
                    });
                    site.oncall.imported_holidays += 1;
                    named.insert(d, k);
                } else if let Some(&first) = named.get(&d) {
                    if holiday_name(&events[first]) != holiday_name(e) {
                        clash.add(d, first, k);
                    }
                }
            }
        }
        clash.warn(&text, &format!("content/{rel}"), &events, diags);
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
            let kind = (Summary::Reason, tz);
            let Some((_, events)) = read(root, canonical_root, rel, kind, at, diags) else {
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

/// The name a holiday event gives its days: its `SUMMARY`, else "Holiday".
fn holiday_name(e: &Event) -> &str {
    e.summary.as_deref().unwrap_or("Holiday")
}

/// The days of one holiday calendar that two of its events name differently.
#[derive(Default)]
struct Clash {
    /// The first such day, with the event that named it and the other.
    first: Option<(NaiveDate, usize, usize)>,
    days: usize,
}

impl Clash {
    fn add(&mut self, day: NaiveDate, named: usize, other: usize) {
        self.first.get_or_insert((day, named, other));
        self.days += 1;
    }

    /// Warns once, at the second event of the first such day: the day is named after the
    /// event the file lists first, and iCalendar gives the order of events no meaning
    /// (an export lists them as it likes), so the same calendar exported again could
    /// rename the day in every feed event and page that shows it. The data decides now
    /// (`holidays` in oncall.yaml wins over calendars).
    fn warn(&self, text: &str, display: &str, events: &[Event], diags: &mut Diagnostics) {
        let Some((day, named, other)) = self.first else {
            return;
        };
        let (a, b) = (&events[named], &events[other]);
        let line = crate::diagnostics::line_col(text, a.at).0;
        let more = match self.days - 1 {
            0 => String::new(),
            1 => " (and 1 more day)".to_string(),
            n => format!(" (and {n} more days)"),
        };
        let end = (b.at + "BEGIN:VEVENT".len()).min(text.len());
        diags.warning(
            Location::at(display, text, b.at..end),
            format!(
                "{day} is in two events of `{display}` that name it differently, `{}` (line {line}) and `{}`{more}: it takes the name of the one listed first, and a calendar exported again may list them in another order and rename it in every feed and page",
                holiday_name(a),
                holiday_name(b)
            ),
            format!("list {day} under `holidays` in oncall.yaml with the name to show (it wins over calendars), or remove one of the events"),
        );
    }
}

/// What an event's `SUMMARY` becomes, which decides its longest length.
#[derive(Debug, Clone, Copy)]
enum Summary {
    /// A holiday's name, as `holidays[].name` of oncall.yaml.
    HolidayName,
    /// The reason of a time off, as `time_off[].reason` of team.yaml.
    Reason,
}

impl Summary {
    fn max(self) -> usize {
        match self {
            Summary::HolidayName => crate::model::MAX_NAME,
            Summary::Reason => crate::model::MAX_REASON,
        }
    }
}

/// Reads and parses one calendar, its days in zone `tz`, with its text; `None` (after
/// reporting) when it cannot be used.
fn read(
    root: &Path,
    canonical_root: &Path,
    rel: &str,
    summary: (Summary, Tz),
    at: Location,
    diags: &mut Diagnostics,
) -> Option<(String, Vec<Event>)> {
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
        super::report_link_outside(&path, &display, canonical_root, diags);
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
    let text = super::decode(rejoin_split_characters(bytes), &display, diags).ok()?;
    // A byte order mark (.NET's `Encoding.UTF8`, Notepad's "UTF-8 with BOM") is no text:
    // the parser took it for part of `BEGIN` ("missing header").
    let text = upper_names(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest,
        None => &text,
    });
    if let Some((i, marker)) = crate::diagnostics::first_conflict_marker(&text) {
        // The parser's "Missing property name" named the line after it.
        diags.error(
            Location::at(&display, &text, i..i + marker.len()),
            crate::diagnostics::conflict_message(marker),
            crate::diagnostics::CONFLICT_HINT,
        );
        return None;
    }
    let events = parse(&text, &display, summary, diags)?;
    Some((text, events))
}

/// The events of a calendar's text, each checked; errors name the event's line.
fn parse(
    text: &str,
    display: &str,
    (kind, tz): (Summary, Tz),
    diags: &mut Diagnostics,
) -> Option<Vec<Event>> {
    // The parser gives no positions: the n-th event is the n-th BEGIN:VEVENT line.
    // At the start of a line: a TEXT value may hold the words (`SUMMARY:… BEGIN:VEVENT`).
    let starts: Vec<usize> = (text.match_indices("BEGIN:VEVENT").map(|(i, _)| i))
        .filter(|&i| i == 0 || text.as_bytes()[i - 1] == b'\n')
        .collect();
    let at = |n: usize| {
        let i = starts.get(n).copied().unwrap_or(0);
        Location::at(
            display,
            text,
            i..i + "BEGIN:VEVENT".len().min(text.len() - i),
        )
    };
    // The text of the n-th event, for the line of what it names.
    let span = |n: usize| {
        let i = starts.get(n).copied().unwrap_or(0);
        i..starts.get(n + 1).copied().unwrap_or(text.len())
    };
    let mut unknown = HashSet::new();
    let mut events = Vec::new();
    let mut days = 0i64;
    let mut n = 0;
    for cal in ical::IcalParser::new(text.as_bytes()) {
        let cal = match cal {
            Ok(cal) => cal,
            Err(e) => {
                let (why, place) = parser_error(&e, text);
                let at = place.map_or_else(|| at(n), |span| Location::at(display, text, span));
                diags.error(
                    at,
                    format!("`{display}` is not a valid iCalendar file: {why}"),
                    "export the calendar again as .ics (RFC 5545)",
                );
                return None;
            }
        };
        let zones = Zones::of(&cal, tz);
        for ev in cal.events {
            // A cancelled event (a trip called off, kept in the export) is no day away.
            let cancelled = (ev.properties.iter()).any(|p| {
                p.name == "STATUS"
                    && (p.value.as_deref())
                        .is_some_and(|v| v.trim().eq_ignore_ascii_case("CANCELLED"))
            });
            if cancelled {
                n += 1;
                continue;
            }
            warn_unknown_zones(&ev, &zones, (text, display, span(n)), &mut unknown, diags);
            match event(&ev, kind, &zones, starts.get(n).copied().unwrap_or(0)) {
                Ok(e) => {
                    days += (e.to - e.from).num_days() + 1;
                    events.push(e);
                }
                Err((why, hint)) => {
                    diags.error(at(n), format!("event {} of `{display}` {why}", n + 1), hint);
                }
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

/// Warns, once per file, of each zone named by the start or end of event `ev` (its text
/// at `span`) that is neither an IANA nor a Windows name nor a VTIMEZONE of one offset
/// all year: its times are read as written.
fn warn_unknown_zones(
    ev: &ical::parser::ical::component::IcalEvent,
    zones: &Zones,
    (text, display, span): (&str, &str, std::ops::Range<usize>),
    warned: &mut HashSet<String>,
    diags: &mut Diagnostics,
) {
    let named = (ev.properties.iter())
        .filter(|p| p.name == "DTSTART" || p.name == "DTEND")
        .filter_map(|p| zones.unknown(p));
    for zone in named {
        if !warned.insert(zone.to_string()) {
            continue;
        }
        let i = text[span.clone()]
            .find(zone)
            .map_or(span.start, |i| span.start + i);
        diags.warning(
            Location::at(display, text, i..i + zone.len()),
            format!("`{display}` names the time zone `{zone}`, which is neither an IANA zone, a Windows one nor one of the file's VTIMEZONEs without daylight saving: its times are read as if in the rotation's zone"),
            "export the calendar with IANA zones (`Asia/Kolkata`), Windows ones (`India Standard Time`) or in UTC",
        );
    }
}

/// One event of a calendar, checked: or why it cannot be used, and what to do.
fn event(
    ev: &ical::parser::ical::component::IcalEvent,
    kind: Summary,
    zones: &Zones,
    at: usize,
) -> Result<Event, (String, &'static str)> {
    const ONE_BY_ONE: &str =
        "list each occurrence as its own event of at most a year; most calendar apps export them so";
    let prop = |name: &str| ev.properties.iter().find(|p| p.name == name);
    let value = |name: &str| prop(name).and_then(|p| p.value.clone());
    if prop("RRULE").is_some() || prop("RDATE").is_some() {
        return Err((
            "is a recurring event, which pipebook does not expand".into(),
            ONE_BY_ONE,
        ));
    }
    let Some(start) = prop("DTSTART").and_then(|p| When::of(p, zones)) else {
        return Err(("has no DTSTART date".into(), ONE_BY_ONE));
    };
    let end = prop("DTEND").and_then(|p| When::of(p, zones));
    let (from, to) = days(start, end, value("DURATION").as_deref())
        .map_err(|why| (why, "give the event a DTEND, or a DURATION such as P3D"))?;
    if (to - from).num_days() > 366 {
        return Err((
            format!("lasts from {from} to {to}, more than a year"),
            ONE_BY_ONE,
        ));
    }
    if from.year_ce().1 < 1900 || to.year_ce().1 > 2999 {
        return Err((format!("falls outside 1900 to 2999 ({from})"), ONE_BY_ONE));
    }
    // A blank SUMMARY names nothing: the holiday is "Holiday", the time off has no reason.
    let summary = value("SUMMARY")
        .map(|s| unescape(&s))
        .filter(|s| !s.is_empty());
    if let Some(len) = summary.as_deref().map(str::len).filter(|&l| l > kind.max()) {
        let (what, hint) = match kind {
            Summary::HolidayName => (
                "a holiday's name, which each shift and backup duty of its days repeats",
                "name the holiday in a few words, as the calendar apps show it",
            ),
            Summary::Reason => (
                "the reason of a time off, which each shift it changes repeats",
                "say why in a line, or leave the reason out",
            ),
        };
        return Err((
            format!(
                "has a SUMMARY of {len} bytes: pipebook takes at most {} for {what}",
                kind.max()
            ),
            hint,
        ));
    }
    if let Some(c) = summary
        .as_deref()
        .and_then(|s| s.chars().find(|&c| super::names::hides_text(c)))
    {
        // As in the YAML files: pages would show the text reordered or hidden, and feeds
        // cannot carry a control character (RFC 5545 TEXT).
        return Err((
            format!(
                "has a SUMMARY holding {} {}, which pages and calendar feeds cannot show as it is",
                super::names::what_hides(c),
                c.escape_unicode()
            ),
            "remove it from the event (only tab may appear in text); it is often pasted in by accident",
        ));
    }
    // As in the YAML files: each page naming the holiday would draw the marks over its
    // neighbours (the on-call schedule's rows).
    if summary
        .as_deref()
        .and_then(crate::diagnostics::stacked_marks)
        .is_some()
    {
        return Err((
            crate::diagnostics::stacked_marks_message("has a SUMMARY that"),
            crate::diagnostics::STACKED_MARKS_HINT,
        ));
    }
    // As in oncall.yaml: the schedule shows the name beside each shift of the day, where
    // "No one is on call. Escalate to +1 555 0199" reads as pipebook's own words. A time
    // off's reason is shown quoted, as the engineer's words.
    let name = summary
        .as_deref()
        .filter(|_| matches!(kind, Summary::HolidayName));
    if let Some(why) = name.and_then(super::instructions::not_a_name) {
        return Err((
            format!("has a SUMMARY that {why}: the on-call schedule shows it beside each shift of the day as it is, where readers take it for pipebook's own words"),
            "name the holiday only (such as \"Boxing Day (UK)\"): a number to ring goes in an engineer's `contact.phone`",
        ));
    }
    Ok(Event {
        from,
        to,
        summary,
        at,
    })
}

/// A TEXT value as written, unescaped, on one line: an escaped line break, and the line
/// and paragraph separators that calendar clients and pages also show as one, become a
/// space (a holiday `Labor Day<U+2028>Secondary on call: Mallory` read as two lines in
/// every subscriber's feed).
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
            ('\u{2028}' | '\u{2029}', false) => out.push(' '),
            (c, false) => out.push(c),
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The date of a DATE or DATE-TIME value (`20261225`, `20261225T090000Z`).
    fn date(v: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(v.get(..8)?, "%Y%m%d").ok()
    }

    fn events(text: &str) -> (Option<Vec<Event>>, Vec<String>) {
        let mut d = Diagnostics::new();
        let e = parse(
            text,
            "content/c.ics",
            (Summary::HolidayName, Tz::UTC),
            &mut d,
        );
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

    /// A SUMMARY holding the words `BEGIN:VEVENT` counted as an event's start: the next
    /// event's error named that line (6), not its own (8).
    #[test]
    fn an_event_is_found_at_its_own_line_whatever_a_summary_says() {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY:Day BEGIN:VEVENT\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART;VALUE=DATE:20261226\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let (_, msgs) = events(text);
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert!(
            msgs[0].starts_with("content/c.ics:8 event 2 of `content/c.ics` is a recurring event"),
            "{msgs:?}"
        );
    }

    #[test]
    fn summaries_that_are_too_long_or_hide_text_are_refused_at_their_event() {
        let event = |summary: &str| {
            format!("BEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\n")
        };
        let text = format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{}{}{}{}{}END:VCALENDAR\r\n",
            event("Christmas Day"),
            event(&"n".repeat(257)),
            event("Christ\u{202E}mas"),
            event("\u{1b}[31mRed"),
            event("Tab\tis fine"),
        );
        let text = text.replace(
            "END:VCALENDAR",
            &format!(
                "{}{}{}END:VCALENDAR",
                event("Labor Day\u{2028}Secondary on call: Mallory\u{2029}x"),
                event("Labor\u{200B}Day\u{FEFF}"),
                event("\u{1F3F4}\u{E0067}\u{E0062}\u{E007F} St George\u{2019}s Day \u{1F469}\u{200D}\u{1F692}"),
            ),
        );
        let (e, msgs) = events(&text);
        assert_eq!(msgs.len(), 4, "{msgs:?}");
        assert!(
            msgs[3].contains(":33 event 7 ") && msgs[3].contains("invisible character \\u{200b}"),
            "{msgs:?}"
        );
        assert!(msgs[0].starts_with("content/c.ics:8 event 2 of `content/c.ics` has a SUMMARY of 257 bytes: pipebook takes at most 256"), "{msgs:?}");
        assert!(
            msgs[1].contains(":13 event 3 ") && msgs[1].contains("bidirectional control \\u{202e}"),
            "{msgs:?}"
        );
        assert!(
            msgs[2].contains(":18 event 4 ") && msgs[2].contains("control character \\u{1b}"),
            "{msgs:?}"
        );
        let kept: Vec<_> = e.unwrap().into_iter().map(|e| e.summary.unwrap()).collect();
        assert_eq!(
            kept,
            [
                "Christmas Day",
                "Tab\tis fine",
                "Labor Day Secondary on call: Mallory x",
                "\u{1F3F4}\u{E0067}\u{E0062}\u{E007F} St George\u{2019}s Day \u{1F469}\u{200D}\u{1F692}",
            ]
        );
        // A reason may be longer than a name.
        let mut d = Diagnostics::new();
        let text = format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{}END:VCALENDAR\r\n",
            event(&"r".repeat(1000))
        );
        assert!(
            parse(&text, "content/c.ics", (Summary::Reason, Tz::UTC), &mut d)
                .is_some_and(|e| e.len() == 1)
        );
        assert!(d.is_empty());
    }

    /// A holiday named as an instruction is refused at its event, as in oncall.yaml
    /// (session 39: it was shown beside each shift of its day); honest names with dates
    /// pass, and a time off's reason (shown quoted) may say anything.
    #[test]
    fn holidays_named_as_instructions_are_refused_at_their_event() {
        let event = |summary: &str| {
            format!("BEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\n")
        };
        let text = format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{}{}{}END:VCALENDAR\r\n",
            event("Holiday: 2025-12-25"),
            event("No one is on call. Escalate to +1 555 0199"),
            event("Boxing Day (UK)"),
        );
        let (e, msgs) = events(&text);
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert!(msgs[0].starts_with("content/c.ics:8 event 2 of `content/c.ics` has a SUMMARY that reads as more than one sentence: the on-call schedule shows it"), "{msgs:?}");
        assert_eq!(e.unwrap().len(), 2);
        let mut d = Diagnostics::new();
        let reasons = (Summary::Reason, Tz::UTC);
        assert!(parse(&text, "content/c.ics", reasons, &mut d).is_some_and(|e| e.len() == 3));
        assert!(d.is_empty());
    }
}
