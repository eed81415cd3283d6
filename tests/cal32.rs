//! Session 32: calendars that people subscribe to stay true in their apps. A personal
//! feed never disappears while its engineer is on the team (an app keeps the shifts it
//! last read from a feed that is gone).

mod common;

use std::path::Path;

use common::*;

/// 2026-05-28 20:26:40 UTC: the example's rotation has run for 20 weeks.
const T0: u64 = 1_780_000_000;
const DAY: u64 = 86_400;

fn build(root: &Path, epoch: u64) {
    let o = build_at(root, epoch);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
}

/// The UIDs of the events of a feed, which the `ical` crate must read as one calendar.
fn uids(feed: &Path) -> Vec<String> {
    let text = read(feed);
    let mut parser = ical::IcalParser::new(text.as_bytes());
    let cal = parser.next().expect("a calendar").expect("it parses");
    assert!(
        parser.next().is_none(),
        "one calendar in {}",
        feed.display()
    );
    cal.events
        .iter()
        .flat_map(|e| e.properties.iter())
        .filter(|p| p.name == "UID")
        .filter_map(|p| p.value.clone())
        .collect()
}

/// An engineer taken out of the rotation (still on the team, owning no pipeline): their
/// feed was no longer written, so the apps subscribed to it got "not found" and kept
/// showing the shifts it last held, none of which are theirs now. The feed stays, with
/// no event, and the apps drop the shifts.
#[test]
fn a_feed_whose_engineer_leaves_the_rotation_is_emptied_not_removed() {
    let site = example_site();
    let root = site.path();
    let team = root.join("content/team.yaml");
    std::fs::write(
        &team,
        read(&team) + "  - id: de5\n    name: Data Engineer 5\n",
    )
    .unwrap();
    edit(
        root,
        "content/oncall.yaml",
        "order: [de1, de2, de3, de4]",
        "order: [de1, de2, de3, de4, de5]",
    );
    build(root, T0);
    let feed = root.join("public/oncall/de5.ics");
    let before = uids(&feed);
    assert!(before.len() > 10, "{before:?}");

    edit(
        root,
        "content/oncall.yaml",
        "order: [de1, de2, de3, de4, de5]",
        "order: [de1, de2, de3, de4]",
    );
    build(root, T0 + DAY);
    assert!(feed.is_file(), "de5's feed is gone");
    assert_eq!(uids(&feed), Vec::<String>::new());
    let text = read(&feed);
    assert!(
        text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"),
        "{text}"
    );
    // No page links a feed without events: there is nothing to subscribe to yet.
    let page = read(&root.join("public/engineers/de5/index.html"));
    assert!(!page.contains("oncall/de5.ics"), "{page}");
}
