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
