//! The text of the calendar feeds: content lines folded at 75 octets, TEXT values
//! escaped, and UTC stamps written digit by digit. Kept apart from which events a feed
//! holds (`mod.rs`), which never writes a line itself.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

use super::escape::{escape_text_into, needs_escape};

/// A calendar being written, one content line at a time.
pub(super) struct Calendar {
    pub(super) out: String,
}

impl Calendar {
    pub(super) fn finish(mut self) -> String {
        self.raw("END", "VCALENDAR");
        self.out
    }

    /// A property whose value is written as is (dates, enumerations, URIs).
    pub(super) fn raw(&mut self, name: &str, value: &str) {
        fold_line(&mut self.out, name, value);
    }

    /// A TEXT property: `\`, `;`, `,` and line breaks are escaped, so no value can start
    /// a property of its own.
    pub(super) fn text(&mut self, name: &str, value: &str) {
        if !value.bytes().any(needs_escape) {
            fold_line(&mut self.out, name, value);
            return;
        }
        let mut escaped = String::with_capacity(value.len() + 16);
        escape_text_into(&mut escaped, value);
        fold_line(&mut self.out, name, &escaped);
    }

    /// A property that names or describes the calendar itself (`NAME`, `X-WR-CALNAME`,
    /// `X-WR-CALDESC`), which parsers read without knowing it is TEXT: ical.js and Python's
    /// `icalendar` show an escape's backslash (`Ops\, Data`), vobject cuts the value at a
    /// comma written bare (`Ops`). So each character TEXT escapes is written as a
    /// look-alike that needs no escape (`,` U+201A, `;` U+037E, `\` U+29F5, a line break a
    /// space), which every reader shows alike.
    pub(super) fn label(&mut self, name: &str, value: &str) {
        let plain: String = value
            .chars()
            .map(|c| match c {
                ',' => '\u{201A}',
                ';' => '\u{037E}',
                '\\' => '\u{29F5}',
                '\n' | '\r' => ' ',
                c => c,
            })
            .collect();
        fold_line(&mut self.out, name, &plain);
    }
}

/// Appends `name:value` as [`fold_into`] does, joining them only when the line is folded
/// (most are not: a joined copy of each was most of the feeds' allocations).
pub(super) fn fold_line(out: &mut String, name: &str, value: &str) {
    if name.len() + 1 + value.len() <= 75 {
        out.push_str(name);
        out.push(':');
        out.push_str(value);
        out.push_str("\r\n");
    } else {
        fold_into(out, &[name, ":", value].concat());
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

/// Whether `t` is a UTC date-time as [`stamp`] writes it (a previous feed may be damaged).
pub(super) fn is_stamp(t: &str) -> bool {
    chrono::NaiveDateTime::parse_from_str(t, "%Y%m%dT%H%M%SZ").is_ok() && t.len() == 16
}

/// `t` as `%Y%m%dT%H%M%SZ`, written digit by digit: chrono reads its format string
/// at every call, and feeds write several stamps per event.
pub(super) fn stamp(t: DateTime<Utc>) -> String {
    // Years chrono writes with a sign, and leap seconds (shown as second 60), are left
    // to chrono.
    if !(0..=9999).contains(&t.year()) || t.nanosecond() >= 1_000_000_000 {
        return t.format("%Y%m%dT%H%M%SZ").to_string();
    }
    let mut out = String::with_capacity(16);
    push_digits(&mut out, t.year().unsigned_abs(), 4);
    push_digits(&mut out, t.month(), 2);
    push_digits(&mut out, t.day(), 2);
    out.push('T');
    push_digits(&mut out, t.hour(), 2);
    push_digits(&mut out, t.minute(), 2);
    push_digits(&mut out, t.second(), 2);
    out.push('Z');
    out
}

/// `d` as `%Y%m%d` (see [`stamp`]).
pub(super) fn date_stamp(d: NaiveDate) -> String {
    if !(0..=9999).contains(&d.year()) {
        return d.format("%Y%m%d").to_string();
    }
    let mut out = String::with_capacity(8);
    push_digits(&mut out, d.year().unsigned_abs(), 4);
    push_digits(&mut out, d.month(), 2);
    push_digits(&mut out, d.day(), 2);
    out
}

/// `d` as chrono's `Display` writes it (`2026-12-03`), which the events' keys were made
/// with (a key's hash decides whether an event changed since the last build).
pub(super) fn iso_date(d: NaiveDate) -> String {
    if !(0..=9999).contains(&d.year()) {
        return d.to_string();
    }
    let mut out = String::with_capacity(10);
    push_digits(&mut out, d.year().unsigned_abs(), 4);
    out.push('-');
    push_digits(&mut out, d.month(), 2);
    out.push('-');
    push_digits(&mut out, d.day(), 2);
    out
}

/// The last `width` decimal digits of `n`, zero-padded.
fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = n / 10u32.pow(place) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxhash_rust::xxh3::Xxh3;

    #[test]
    fn iso_dates_as_chrono_writes_them() {
        for (y, m, d) in [
            (2026, 12, 3),
            (1, 1, 1),
            (0, 2, 29),
            (9999, 12, 31),
            (10_000, 1, 1),
            (-1, 6, 9),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(iso_date(date), date.to_string(), "{y}-{m}-{d}");
        }
    }

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
    fn stamps_match_chrono() {
        let times = [
            "2026-01-05T14:00:00Z",
            "1999-12-31T23:59:59Z",
            "0001-02-03T04:05:06Z",
            "9999-12-31T23:59:59Z",
            "+10000-01-01T00:00:00Z",
            "2016-12-31T23:59:60Z",
        ];
        for t in times {
            let t: DateTime<Utc> = t.parse().unwrap();
            assert_eq!(stamp(t), t.format("%Y%m%dT%H%M%SZ").to_string(), "{t}");
            let d = t.date_naive();
            assert_eq!(date_stamp(d), d.format("%Y%m%d").to_string(), "{d}");
        }
    }

    #[test]
    fn long_lines_fold_as_when_joined() {
        for len in [60, 62, 63, 64, 65, 200] {
            let value = "x".repeat(len);
            let (mut parts, mut joined) = (String::new(), String::new());
            fold_line(&mut parts, "DESCRIPTION", &value);
            fold_into(&mut joined, &format!("DESCRIPTION:{value}"));
            assert_eq!(parts, joined, "{len}");
        }
    }

    #[test]
    fn streamed_text_hash_is_the_joined_hash() {
        let (body, alarm) = (
            "DTSTART:20260105T140000Z\r\n".repeat(40),
            "BEGIN:VALARM\r\n",
        );
        let mut h = Xxh3::new();
        h.update(body.as_bytes());
        h.update(alarm.as_bytes());
        let joined = format!("{body}{alarm}");
        assert_eq!(h.digest(), xxhash_rust::xxh3::xxh3_64(joined.as_bytes()));
    }

    #[test]
    fn short_lines_are_not_folded() {
        let mut out = String::new();
        fold_into(&mut out, "VERSION:2.0");
        assert_eq!(out, "VERSION:2.0\r\n");
    }

    #[test]
    fn labels_need_no_escape() {
        let mut cal = Calendar { out: String::new() };
        cal.label("X-WR-CALNAME", "Smith, Jo; a\\b\nc");
        assert_eq!(
            cal.out,
            "X-WR-CALNAME:Smith\u{201A} Jo\u{037E} a\u{29F5}b c\r\n"
        );
    }

    #[test]
    fn text_values_are_escaped() {
        let mut cal = Calendar { out: String::new() };
        cal.text("SUMMARY", "a,b;c\\d\r\nSUMMARY:injected");
        assert_eq!(cal.out, "SUMMARY:a\\,b\\;c\\\\d\\nSUMMARY:injected\r\n");
    }
}
