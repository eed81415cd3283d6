//! Session 33: feeds that do not churn. The same shifts rebuilt under another spelling of
//! the base URL keep every event byte for byte; `tests/feeds/churn.py` is the matrix's
//! tool (README, "Calendar feeds").

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

/// 2026-05-28 20:26:40 UTC: the example's rotation has run for 20 weeks.
const T0: u64 = 1_780_000_000;
const DAY: u64 = 86_400;

/// Every event of every feed, by feed file name and UID, as its text.
fn events(public: &Path) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for feed in feed_files(public) {
        let name = feed.file_name().unwrap().to_string_lossy().into_owned();
        let text = read(&feed).replace("\r\n ", "");
        for event in text.split("BEGIN:VEVENT\r\n").skip(1) {
            let uid = event
                .lines()
                .find_map(|l| l.strip_prefix("UID:"))
                .expect("a UID")
                .to_string();
            out.insert((name.clone(), uid), event.to_string());
        }
    }
    out
}

/// The events of `after` whose text differs from `before`'s (missing ones too).
fn changed(
    before: &BTreeMap<(String, String), String>,
    after: &BTreeMap<(String, String), String>,
) -> Vec<String> {
    let mut out: Vec<String> = before
        .iter()
        .filter(|(k, v)| after.get(*k) != Some(*v))
        .map(|(k, _)| format!("{} {}", k.0, k.1))
        .collect();
    out.extend(
        after
            .keys()
            .filter(|k| !before.contains_key(*k))
            .map(|k| format!("added {} {}", k.0, k.1)),
    );
    out
}

/// A base URL written with capitals in its host (`https://Pipebook-Example.Netlify.app/`)
/// is the same site: its UIDs were the same, but every event's DESCRIPTION and URL
/// carried the new spelling, so all 231 events of the example changed text (and
/// DTSTAMP) and apps rewrote them. The host is written in lower case now.
#[test]
fn the_case_of_the_base_urls_host_changes_no_event() {
    let site = example_site();
    let root = site.path();
    warnings_at(root, T0);
    let before = events(&root.join("public"));
    edit(
        root,
        "content/site.yaml",
        "base_url: https://pipebook-example.netlify.app/",
        "base_url: HTTPS://Pipebook-Example.Netlify.APP",
    );
    warnings_at(root, T0 + DAY);
    let after = events(&root.join("public"));
    assert!(before.len() > 200, "{} events", before.len());
    assert_eq!(changed(&before, &after), Vec::<String>::new());
}

/// The warnings of a build about served shifts moved, as `file:line message`.
fn served_warnings(err: &str) -> Vec<String> {
    problems(err)
        .into_iter()
        .filter(|p| p.contains("already served"))
        .collect()
}

/// Rule 1 (shift k belongs to order[k % length]) is a contract, so a new hire added to
/// `rotation.order` moves shifts already served, and time off entered late moves its own
/// served shift: every subscriber's calendar rewrites them, and nothing said so. A build
/// that replaces a site now compares the served shifts with the feeds it replaces and
/// warns at the line that most likely moved them; a rename, or the clock moving, does not.
#[test]
fn a_change_that_moves_served_shifts_is_a_warning_at_its_line() {
    let site = example_site();
    let root = site.path();
    warnings_at(root, T0);
    // A week later with the same data: no shift moved.
    assert_eq!(
        served_warnings(&warnings_at(root, T0 + 7 * DAY)),
        Vec::<String>::new()
    );
    edit(root, "content/team.yaml", "Data Engineer 2", "Dana Two");
    assert_eq!(
        served_warnings(&warnings_at(root, T0 + 7 * DAY)),
        Vec::<String>::new()
    );

    let team = root.join("content/team.yaml");
    let text = read(&team).replacen(
        "    github: example-de3\n",
        "    github: example-de3\n    time_off:\n      - { from: 2026-05-12, to: 2026-05-13, reason: Sick }\n",
        1,
    );
    std::fs::write(&team, text).unwrap();
    let warnings = served_warnings(&warnings_at(root, T0 + 7 * DAY));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("content/team.yaml:19 1 shift already served")
            && warnings[0].contains("Mon 11 May 2026 09:00 to Mon 18 May 2026 09:00 (Data Engineer 3 before, Data Engineer 1 now)"),
        "{warnings:?}"
    );

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
    let warnings = served_warnings(&warnings_at(root, T0 + 7 * DAY));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("content/oncall.yaml:5 3 shifts already served")
            && warnings[0].contains("(Dana Two before, Data Engineer 3 now)"),
        "{warnings:?}"
    );
}

/// An engineer taken off the team (not only out of the rotation, which session 32 made an
/// empty feed): their feed was no longer written, so the apps subscribed to it got "not
/// found" and kept showing the shifts it last held. It stays, empty, while the team feed
/// remembers their events (see `X-PIPEBOOK-RETIRED`), builds later too.
#[test]
fn a_feed_whose_engineer_leaves_the_team_is_emptied_not_removed() {
    let site = example_site();
    let root = site.path();
    let team = root.join("content/team.yaml");
    let with_de5 = read(&team) + "  - id: de5\n    name: Data Engineer 5\n";
    std::fs::write(&team, &with_de5).unwrap();
    let (four, five) = (
        "order: [de1, de2, de3, de4]",
        "order: [de1, de2, de3, de4, de5]",
    );
    edit(root, "content/oncall.yaml", four, five);
    warnings_at(root, T0);
    let feed = root.join("public/oncall/de5.ics");
    assert!(read(&feed).contains("BEGIN:VEVENT"));

    std::fs::write(
        &team,
        with_de5.replace("  - id: de5\n    name: Data Engineer 5\n", ""),
    )
    .unwrap();
    edit(root, "content/oncall.yaml", five, four);
    for day in [1, 2, 30] {
        warnings_at(root, T0 + day * DAY);
        assert!(feed.is_file(), "day {day}: de5.ics is gone");
        let text = read(&feed);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.contains("BEGIN:VEVENT"), "day {day}: {text}");
    }
}
