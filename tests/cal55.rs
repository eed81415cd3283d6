//! Session 55: calendars that must not churn, with what real users bring.

mod common;

use std::path::Path;

use common::*;

/// 2026-11-30T00:53:20Z.
const T0: u64 = 1_796_000_000;

/// Makes `bytes` the example's holiday calendar `calendars/h.ics`.
fn holiday_calendar(root: &Path, bytes: &[u8]) {
    edit(
        root,
        "content/oncall.yaml",
        "holidays:\n",
        "calendars:\n  holidays: [calendars/h.ics]\nholidays:\n",
    );
    std::fs::create_dir_all(root.join("content/calendars")).unwrap();
    std::fs::write(root.join("content/calendars/h.ics"), bytes).unwrap();
}

/// A calendar of one all-day holiday on 2026-12-16, its SUMMARY line given as bytes.
fn one_holiday(summary: &[u8]) -> Vec<u8> {
    let mut ics = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//HR//EN\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20261216\r\nDTEND;VALUE=DATE:20261217\r\n".to_vec();
    ics.extend_from_slice(summary);
    ics.extend_from_slice(b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    ics
}

/// Builds `root` at T0, asserting it succeeds, and returns the on-call page.
fn oncall_page(root: &Path) -> String {
    let o = build_at(root, T0);
    assert!(o.status.success(), "{}", stderr(&o));
    read(&root.join("public/oncall/index.html"))
}

/// RFC 5545 (section 3.1) lets a producer fold a line inside a character's UTF-8 bytes
/// ("implementations need to unfold lines in such a way to properly restore the original
/// sequence"), as producers that fold at 75 bytes without looking do: `Día` folded after
/// its `\xC3`. On main the build failed, "`content/calendars/h.ics` is not valid UTF-8"
/// with the hint to save it as UTF-8, which it is; the holiday is now read whole.
#[test]
fn a_character_a_fold_splits_is_read_whole() {
    let site = example_site();
    let root = site.path();
    let summary = one_holiday(b"SUMMARY:D\xC3\r\n \xADa de la Constituci\xC3\r\n\t\xB3n");
    holiday_calendar(root, &summary);
    assert!(std::str::from_utf8(&summary).is_err());
    let page = oncall_page(root);
    assert!(page.contains("Día de la Constitución"), "{page}");
    // Bytes that are not UTF-8 anywhere else are still an error, at their line.
    let site = example_site();
    let root = site.path();
    holiday_calendar(root, &one_holiday(b"SUMMARY:D\xC3a"));
    let o = build_at(root, T0);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("`content/calendars/h.ics` is not valid UTF-8"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("content/calendars/h.ics:9:"),
        "{}",
        stderr(&o)
    );
}

/// A calendar saved with a byte order mark (.NET's `Encoding.UTF8`, PowerShell 5's
/// `Set-Content -Encoding UTF8`, Notepad's "UTF-8 with BOM") is UTF-8. On main the build
/// failed: "not a valid iCalendar file: missing header", at the first event's line (4).
#[test]
fn a_calendar_with_a_byte_order_mark_is_read() {
    let site = example_site();
    let root = site.path();
    let mut ics = "\u{feff}".as_bytes().to_vec();
    ics.extend(one_holiday(b"SUMMARY:Company day"));
    holiday_calendar(root, &ics);
    let page = oncall_page(root);
    assert!(page.contains("Company day"), "{page}");
}

/// An override whose `to` is its `from` (a copy of the line not finished) covers no time.
/// On main the error said "override ends (2026-12-20 09:00) before it starts (2026-12-20
/// 09:00)", which it does not; it now says it ends when it starts, at `to`'s line.
#[test]
fn an_override_ending_when_it_starts_is_told_so() {
    let site = example_site();
    let root = site.path();
    std::fs::OpenOptions::new()
        .append(true)
        .open(root.join("content/oncall.yaml"))
        .and_then(|mut f| {
            std::io::Write::write_all(
                &mut f,
                b"overrides:\n  - { from: \"2026-12-20 09:00\", to: \"2026-12-20 09:00\", engineer: de2, reason: \"x\" }\n",
            )
        })
        .unwrap();
    let o = build_at(root, T0);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let line = line_of(root, "to: \"2026-12-20 09:00\"");
    assert!(
        err.contains("override ends when it starts (2026-12-20 09:00): it covers no time"),
        "{err}"
    );
    assert!(!err.contains("before it starts"), "{err}");
    assert!(
        err.contains(&format!("content/oncall.yaml:{line}:")),
        "{err}"
    );
    assert!(err.contains("`to` is when the cover ends"), "{err}");
}

/// A calendar the parser cannot read is told at the line at fault. On main every such
/// error named the first event's line: a line without a colon at line 13 ("property
/// error: Line 13: Missing property name.") was told at line 4, a file cut short
/// ("incomplete object") at line 4 too, and one that does not begin as a calendar (a
/// line before `BEGIN:VCALENDAR`, "missing header") at its first event.
#[test]
fn a_calendar_the_parser_refuses_is_told_at_the_line_at_fault() {
    let event = |uid: &str, day: &str, summary: &str| {
        format!(
            "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART;VALUE=DATE:{day}\r\n{summary}\r\nEND:VEVENT\r\n"
        )
    };
    let head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n";
    let cases = [
        (
            // A folded line before it: the parser counts physical lines.
            format!(
                "{head}{}{}END:VCALENDAR\r\n",
                event("a", "20261216", "SUMMARY:Company\r\n  day"),
                event("b", "20261217", "SUMMARY Company day")
            ),
            "h.ics:13:1",
            "Line 13: Missing property name.",
        ),
        (
            format!("{head}{}", event("a", "20261216", "SUMMARY:Company day")),
            "h.ics:8:1",
            "it ends before the `END:` of what it began (cut short?)",
        ),
        (
            format!(
                "\r\nVERSION:2.0\r\nBEGIN:VCALENDAR\r\n{}END:VCALENDAR\r\n",
                event("a", "20261216", "SUMMARY:x")
            ),
            "h.ics:2:1",
            "it does not begin with `BEGIN:VCALENDAR`",
        ),
    ];
    for (ics, at, why) in cases {
        let site = example_site();
        let root = site.path();
        holiday_calendar(root, ics.as_bytes());
        let o = build_at(root, T0);
        assert_eq!(o.status.code(), Some(1), "{ics}");
        let err = stderr(&o);
        assert!(err.contains(&format!("content/calendars/{at}")), "{err}");
        assert!(err.contains(why), "{err}");
    }
}

/// RFC 5545 (section 2.1) makes property and component names case-insensitive. On main a
/// calendar written in small letters (`begin:vcalendar`, `dtstart;value=date:`) failed
/// "missing header", and an event's `Dtstart` alone was "has no DTSTART date"; both are
/// read now.
#[test]
fn names_in_small_letters_are_read() {
    for ics in [
        "begin:vcalendar\r\nversion:2.0\r\nprodid:x\r\nbegin:vevent\r\nuid:a\r\ndtstart;value=date:20261216\r\ndtend;value=date:20261217\r\nsummary:Company day\r\nend:vevent\r\nend:vcalendar\r\n",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nDtstart;Value=Date:20261216\r\nSummary:Company day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    ] {
        let site = example_site();
        let root = site.path();
        holiday_calendar(root, ics.as_bytes());
        let page = oncall_page(root);
        assert!(page.contains("Company day"), "{ics}");
    }
}
