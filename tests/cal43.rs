//! Session 43: calendars that must not churn, an adversarial round.

mod common;

use std::path::Path;

use common::*;

/// 2026-11-30T00:53:20Z.
const T0: u64 = 1_796_000_000;

/// An all-day event of a holiday calendar: its UID, first day, the day after its last,
/// and name.
fn event(uid: &str, from: &str, until: &str, summary: &str) -> String {
    format!(
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:{from}\r\nDTEND;VALUE=DATE:{until}\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\n"
    )
}

/// Makes `events` the example's holiday calendar `calendars/h.ics` (written in that order).
fn holiday_calendar(root: &Path, events: &[&str]) {
    std::fs::create_dir_all(root.join("content/calendars")).unwrap();
    let ics = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//HR//EN\r\n{}END:VCALENDAR\r\n",
        events.concat()
    );
    std::fs::write(root.join("content/calendars/h.ics"), ics).unwrap();
}

/// The feeds' text, file by file.
fn feeds(root: &Path) -> Vec<(std::path::PathBuf, String)> {
    feed_files(&root.join("public"))
        .into_iter()
        .map(|p| {
            let text = read(&p);
            (p, text)
        })
        .collect()
}

/// A holiday calendar whose events overlap names a day after the event it lists first; an
/// export lists events as it likes (iCalendar gives their order no meaning), so the same
/// calendar exported again renamed 2026-12-16 from "Company day" to "Winter break" in 7
/// events of the feeds (a shift, in the team's feed and its holder's, and 5 backup
/// duties), with no word on main. It is a warning
/// now, at the second event, naming the date, both names and the first's line; listing the
/// date under `holidays` (which wins) ends it, and two events of one name are no clash.
#[test]
fn a_day_two_calendar_events_name_differently_is_a_warning() {
    let site = example_site();
    let root = site.path();
    let company = event("a", "20261216", "20261217", "Company day");
    let winter = event("b", "20261216", "20261218", "Winter break");
    edit(
        root,
        "content/oncall.yaml",
        "holidays:\n",
        "calendars:\n  holidays: [calendars/h.ics]\nholidays:\n",
    );
    holiday_calendar(root, &[&company, &winter]);
    let err = warnings_at(root, T0);
    let first = feeds(root);
    assert!(
        err.contains(
            "2026-12-16 is in two events of `content/calendars/h.ics` that name it differently, `Company day` (line 4) and `Winter break`"
        ),
        "{err}"
    );
    assert!(err.contains("content/calendars/h.ics:11:1"), "{err}");
    assert!(
        err.contains("list 2026-12-16 under `holidays` in oncall.yaml"),
        "{err}"
    );

    // The same calendar, exported again in the other order: the feeds change, and it says so.
    holiday_calendar(root, &[&winter, &company]);
    let err = warnings_at(root, T0);
    assert!(
        err.contains("`Winter break` (line 4) and `Company day`"),
        "{err}"
    );
    let changed: usize = (first.iter().zip(feeds(root)))
        .map(|((_, a), (_, b))| b.split("BEGIN:VEVENT").filter(|e| !a.contains(e)).count())
        .sum();
    assert_eq!(changed, 7, "the order of events no longer names the day");

    // Following the hint: the data names the day, whatever the order.
    edit(
        root,
        "content/oncall.yaml",
        "holidays:\n  -",
        "holidays:\n  - { date: 2026-12-16, name: Company day }\n  -",
    );
    let err = warnings_at(root, T0);
    assert!(!err.contains("name it differently"), "{err}");
    let ordered = feeds(root);
    holiday_calendar(root, &[&company, &winter]);
    assert!(!warnings_at(root, T0).contains("name it differently"));
    assert_eq!(ordered, feeds(root));

    // Two events of one name on a day (a duplicate in the export) are no clash.
    let again = event("c", "20261216", "20261217", "Winter break");
    holiday_calendar(root, &[&winter, &again]);
    assert!(!warnings_at(root, T0).contains("name it differently"));
}
