//! Session 36: calendars read by every parser alike, after edits a team makes over months.

mod common;

use common::*;

/// The calendar's own properties of a feed (those before its first event), unfolded.
fn calendar_properties(feed: &std::path::Path) -> Vec<(String, String)> {
    let text = read(feed).replace("\r\n ", "");
    let head = text.split("BEGIN:VEVENT").next().unwrap_or_default();
    head.split("\r\n")
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

/// `NAME`, `X-WR-CALNAME` and `X-WR-CALDESC` are read as TEXT by vobject, but left as
/// written by ical.js (Thunderbird's parser) and Python's `icalendar`, which do not know
/// them: every personal feed of the example said `When Data Engineer 1 is on call\,
/// second on call or a backup for ...` in those two, and a title or name with a comma
/// (`Smith, Jo`) was `Smith\, Jo` there, or `Smith` in vobject when written bare. They are
/// written now with no character that TEXT escapes, so all three read the same text;
/// the feeds' own descriptions (`DESCRIPTION`, which all three unescape) are unchanged.
#[test]
fn calendar_names_need_no_escape_so_every_parser_reads_them_alike() {
    let site = example_site();
    let root = site.path();
    build_at(root, 1_790_000_000);
    let mut checked = 0;
    for feed in feed_files(&root.join("public")) {
        for (name, value) in calendar_properties(&feed) {
            if ["NAME", "X-WR-CALNAME", "X-WR-CALDESC"].contains(&name.as_str()) {
                assert!(
                    !value.contains(['\\', ',', ';']),
                    "{}: {name}:{value}",
                    feed.display()
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 15, "three properties of five feeds");

    edit(
        root,
        "content/site.yaml",
        "title: Data Engineering Operations",
        r#"title: "Ops; Data, Eng \\ Team""#,
    );
    edit(
        root,
        "content/team.yaml",
        "name: Data Engineer 1",
        "name: \"Smith, Jo\"",
    );
    let out = build_at(root, 1_790_000_000);
    assert!(out.status.success(), "{}", stderr(&out));
    let props = calendar_properties(&root.join("public/oncall/de1.ics"));
    let get = |n: &str| {
        props
            .iter()
            .find(|(name, _)| name == n)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no {n}"))
    };
    let name = "Ops\u{37E} Data\u{201A} Eng \u{29F5} Team: Smith\u{201A} Jo on call";
    assert_eq!(get("X-WR-CALNAME"), name);
    assert_eq!(get("NAME"), name);
    assert_eq!(
        get("X-WR-CALDESC"),
        "When Smith\u{201A} Jo is on call (or second on call) or a backup for \
         Ops\u{37E} Data\u{201A} Eng \u{29F5} Team."
    );
    // DESCRIPTION is TEXT to every parser: escaped as RFC 5545 says.
    assert_eq!(
        get("DESCRIPTION"),
        r"When Smith\, Jo is on call (or second on call) or a backup for Ops\; Data\, Eng \\ Team."
    );
}

/// A rotation moved to start after the published weeks (a mistyped year, or a rotation
/// paused until a later date) has no shift to publish. The feeds the site had were then
/// not written, so subscribers' apps kept the shifts they last read (a feed that went
/// missing is an error to them), naming someone on call who is not: 0 of the example's 5
/// feeds remained. They stay now without a shift (the team feed empty but for the events
/// it remembers), while the previous feeds held any event; a site that never had feeds
/// still publishes none (`tests/oncall_errors.rs`).
#[test]
fn a_rotation_moved_past_the_published_weeks_empties_the_feeds_rather_than_dropping_them() {
    let site = example_site();
    let root = site.path();
    let first = build_at(root, 1_790_000_000);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = feed_files(&root.join("public"));
    assert_eq!(before.len(), 5);
    edit(
        root,
        "content/oncall.yaml",
        "start: 2026-01-05",
        "start: 2062-01-02",
    );
    let out = build_at(root, 1_790_000_000 + 86_400);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("after the published schedule ends"), "{err}");
    for feed in &before {
        assert!(feed.is_file(), "{} is gone", feed.display());
        let text = read(feed);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
        assert!(text.ends_with("END:VCALENDAR\r\n"), "{text}");
        // No shift; an engineer's backup duties on holidays need no rotation, and stay.
        assert!(!text.contains("UID:shift-"), "{}: {text}", feed.display());
    }
    assert!(!read(&before[0]).contains("BEGIN:VEVENT"));
    let team = read(&root.join("public/oncall.ics"));
    assert!(
        team.matches("X-PIPEBOOK-RETIRED:").count() > 50,
        "the events dropped are remembered: {team}"
    );
    // No page links an empty feed.
    let schedule = read(&root.join("public/oncall/index.html"));
    assert!(!schedule.contains("oncall.ics"), "{schedule}");
}
