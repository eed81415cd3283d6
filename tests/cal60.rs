//! Session 60: calendars that must not churn. An event whose text did not change keeps
//! its `SEQUENCE` and `DTSTAMP`, whatever ids the data gives its people.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

/// 2026-11-26T12:00:00Z, and a day.
const T0: u64 = 1_795_694_400;
const DAY: u64 = 86_400;

/// Every event of the feed at `path`, by UID, its lines unfolded.
fn events_of(path: &Path) -> BTreeMap<String, String> {
    let text = read(path).replace("\r\n ", "");
    (text.split("BEGIN:VEVENT\r\n").skip(1))
        .map(|e| {
            let uid = e.split("\r\n").find_map(|l| l.strip_prefix("UID:"));
            (uid.unwrap().to_string(), e.to_string())
        })
        .collect()
}

/// What a subscriber's app reads of an event, less its version: every line but
/// `DTSTAMP`, `SEQUENCE`, `LAST-MODIFIED` and pipebook's own records.
fn text(event: &str) -> String {
    let volatile = ["DTSTAMP:", "SEQUENCE:", "LAST-MODIFIED:", "X-PIPEBOOK-"];
    (event.split("\r\n"))
        .filter(|l| !volatile.iter().any(|v| l.starts_with(v)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The events, of feeds `before` and `after` by UID, whose text is the same and whose
/// `SEQUENCE` or `DTSTAMP` is not; and how many events the two share.
fn churned(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) -> (usize, usize) {
    let mut churned = 0;
    let mut shared = 0;
    for (uid, old) in before {
        let Some(new) = after.get(uid) else { continue };
        shared += 1;
        let version = |e: &str| {
            (
                prop(e, "SEQUENCE").to_string(),
                prop(e, "DTSTAMP").to_string(),
            )
        };
        if text(old) == text(new) && version(old) != version(new) {
            churned += 1;
        }
    }
    (churned, shared)
}

/// Gives `de3` of the example the id `dana` in every file, without `formerly`.
fn rename_de3(root: &Path) {
    edit(root, "content/team.yaml", "  - id: de3\n", "  - id: dana\n");
    edit(
        root,
        "content/oncall.yaml",
        "de2, de3, de4",
        "de2, dana, de4",
    );
    let pipelines = root.join("content/pipelines.yaml");
    let text = read(&pipelines).replace(": de3\n", ": dana\n");
    std::fs::write(&pipelines, text).unwrap();
}

/// An engineer's id changed without `formerly` (`de3` to `dana`, name and shifts as they
/// were): on main 27 of the team feed's 57 events, and 27 of the others' personal feeds
/// ("Secondary on call" while Data Engineer 3 is on call), took a new `SEQUENCE` and
/// `DTSTAMP` with every line a calendar shows unchanged: the record's "who" holds ids.
/// An event whose text is unchanged now keeps both; its own feed still moves
/// (`oncall/dana.ics`, new UIDs), which `formerly` avoids (`tests/cal39.rs`).
#[test]
fn an_id_changed_without_formerly_churns_no_unchanged_event() {
    let site = example_site();
    let root = site.path();
    let public = root.join("public");
    assert!(build_at(root, T0).status.success());
    let feeds = [
        "oncall.ics",
        "oncall/de1.ics",
        "oncall/de2.ics",
        "oncall/de4.ics",
    ];
    let before: Vec<_> = feeds.iter().map(|f| events_of(&public.join(f))).collect();
    rename_de3(root);
    let out = build_at(root, T0 + DAY);
    assert!(out.status.success(), "{}", stderr(&out));
    let counts: Vec<_> = (feeds.iter().zip(&before))
        .map(|(feed, before)| churned(before, &events_of(&public.join(feed))))
        .collect();
    assert!(counts.iter().all(|&(_, shared)| shared > 20), "{counts:?}");
    assert!(
        counts.iter().all(|&(churned, _)| churned == 0),
        "{counts:?}"
    );
    // A real change still raises SEQUENCE: dana's name changed too.
    let team = events_of(&public.join("oncall.ics"));
    edit(root, "content/team.yaml", "Data Engineer 3", "Dana Lee");
    assert!(build_at(root, T0 + 2 * DAY).status.success());
    let renamed = events_of(&public.join("oncall.ics"));
    let raised = team
        .iter()
        .filter(|(uid, e)| {
            let now = &renamed[*uid];
            text(e) != text(now) && prop(e, "SEQUENCE") < prop(now, "SEQUENCE")
        })
        .count();
    assert_eq!(raised, 27, "{raised}");
}
