//! iCalendar feeds of the on-call schedule (RFC 5545), written strictly: CRLF line ends,
//! lines folded at 75 octets without splitting a UTF-8 character, TEXT values escaped,
//! times in UTC (so no `VTIMEZONE` is needed), and a `DTSTAMP` on every event.
//!
//! TEXT escaping uses the `ics` crate's `escape_text`. Folding is our own: `ics` folds the
//! first line at 75 octets but lets continuation lines reach 76 with their leading space.

use chrono::{DateTime, Utc};

use crate::schedule::{Schedule, Shift};

/// What a feed needs to know about the site.
pub struct FeedSite<'a> {
    /// Absolute URL of the site, ending in `/`.
    pub base_url: &'a str,
    pub title: &'a str,
    /// Host part of the base URL, for `UID`s.
    pub host: &'a str,
}

/// A calendar being written, one content line at a time.
struct Calendar {
    out: String,
}

impl Calendar {
    fn new(name: &str, description: &str) -> Self {
        let mut cal = Calendar { out: String::new() };
        cal.raw("BEGIN", "VCALENDAR");
        cal.raw("VERSION", "2.0");
        cal.raw(
            "PRODID",
            concat!("-//pipebook//pipebook ", env!("CARGO_PKG_VERSION"), "//EN"),
        );
        cal.raw("CALSCALE", "GREGORIAN");
        cal.raw("METHOD", "PUBLISH");
        cal.text("X-WR-CALNAME", name);
        cal.text("NAME", name);
        cal.text("X-WR-CALDESC", description);
        cal.text("DESCRIPTION", description);
        // Clients poll at most this often; a swap shows up within hours, not days.
        cal.raw("REFRESH-INTERVAL;VALUE=DURATION", "PT6H");
        cal.raw("X-PUBLISHED-TTL", "PT6H");
        cal
    }

    fn finish(mut self) -> String {
        self.raw("END", "VCALENDAR");
        self.out
    }

    /// A property whose value is written as is (dates, enumerations, URIs).
    fn raw(&mut self, name: &str, value: &str) {
        fold_into(&mut self.out, &format!("{name}:{value}"));
    }

    /// A TEXT property: `\`, `;`, `,` and line breaks are escaped.
    fn text(&mut self, name: &str, value: &str) {
        let value = value.replace("\r\n", "\n").replace('\r', "\n");
        let escaped = ics::escape_text(value.as_str());
        fold_into(&mut self.out, &format!("{name}:{escaped}"));
    }
}

/// Appends `line` folded to at most 75 octets per physical line, then CRLF.
fn fold_into(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = 75;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = 74; // the leading space counts
    }
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// One `VEVENT` for a shift.
fn shift_event(
    cal: &mut Calendar,
    site: &FeedSite,
    schedule: &Schedule,
    shift: &Shift,
    uid: &str,
    who: &str,
    holidays: &[String],
) {
    let local = |t: DateTime<Utc>| {
        t.with_timezone(&schedule.tz)
            .format("%a %-d %b %Y %H:%M %Z")
            .to_string()
    };
    let mut description = format!(
        "{who} is on call for {} from {} to {}.",
        site.title,
        local(shift.start),
        local(shift.end)
    );
    if !holidays.is_empty() {
        description.push_str(&format!(
            "\nHolidays in this shift: {}.",
            holidays.join(", ")
        ));
    }
    description.push_str(&format!("\nSchedule: {}oncall/", site.base_url));
    cal.raw("BEGIN", "VEVENT");
    cal.text("UID", uid);
    cal.raw("DTSTAMP", &stamp(schedule.now));
    cal.raw("DTSTART", &stamp(shift.start));
    cal.raw("DTEND", &stamp(shift.end));
    cal.text("SUMMARY", &format!("On call: {who}"));
    cal.text("DESCRIPTION", &description);
    cal.raw("URL", &format!("{}oncall/", site.base_url));
    // A week on call is not a week of meetings: do not show as busy.
    cal.raw("TRANSP", "TRANSPARENT");
    cal.raw("END", "VEVENT");
}

/// The team feed: every shift of the horizon. `name_of` maps an engineer id to a name and
/// `holidays_of` a shift to the names of the holidays in it.
pub fn team_feed(
    site: &FeedSite,
    schedule: &Schedule,
    name_of: &dyn Fn(&str) -> String,
    holidays_of: &dyn Fn(&Shift) -> Vec<String>,
) -> String {
    let name = format!("{}: on call", site.title);
    let mut cal = Calendar::new(&name, &format!("Who is on call for {}.", site.title));
    for shift in &schedule.shifts {
        let uid = format!("shift-{}@{}", shift.slot, site.host);
        let who = name_of(&shift.engineer);
        shift_event(
            &mut cal,
            site,
            schedule,
            shift,
            &uid,
            &who,
            &holidays_of(shift),
        );
    }
    cal.finish()
}

/// One engineer's feed: their shifts only. `None` when they have none in the horizon
/// (a calendar must hold at least one component).
pub fn engineer_feed(
    site: &FeedSite,
    schedule: &Schedule,
    engineer: &str,
    name: &str,
    holidays_of: &dyn Fn(&Shift) -> Vec<String>,
) -> Option<String> {
    let mut shifts = schedule
        .shifts
        .iter()
        .filter(|s| s.engineer == engineer)
        .peekable();
    shifts.peek()?;
    let mut cal = Calendar::new(
        &format!("{}: {name} on call", site.title),
        &format!("When {name} is on call for {}.", site.title),
    );
    for shift in shifts {
        let uid = format!("shift-{}.{engineer}@{}", shift.slot, site.host);
        shift_event(
            &mut cal,
            site,
            schedule,
            shift,
            &uid,
            name,
            &holidays_of(shift),
        );
    }
    Some(cal.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_on_char_boundaries() {
        let mut out = String::new();
        let line = format!("DESCRIPTION:{}", "é".repeat(100));
        fold_into(&mut out, &line);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical}",
                physical.len()
            );
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn short_lines_are_not_folded() {
        let mut out = String::new();
        fold_into(&mut out, "VERSION:2.0");
        assert_eq!(out, "VERSION:2.0\r\n");
    }

    #[test]
    fn text_values_are_escaped() {
        let mut cal = Calendar { out: String::new() };
        cal.text("SUMMARY", "a,b;c\\d\r\nSUMMARY:injected");
        assert_eq!(cal.out, "SUMMARY:a\\,b\\;c\\\\d\\nSUMMARY:injected\r\n");
    }
}
