//! Session 39b: what the team feed remembers of events dropped beyond the horizon, and
//! the calendar's guarantees as properties (see `feeds_properties.rs`).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

/// 2026-11-26T12:00:00Z.
const T0: u64 = 1_795_694_400;

/// A site of 100 engineers on daily shifts publishing `weeks` ahead.
fn daily_rotation(root: &Path, weeks: u32) {
    let horizon = format!("{{ past_weeks: 4, future_weeks: {weeks} }}");
    write_daily_rotation(root, "2026-01-05", &horizon);
}

/// Every event's `SEQUENCE` in every feed of `public`, by UID.
fn sequences(public: &Path) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for feed in feed_files(public) {
        let text = read(&feed).replace("\r\n ", "");
        for e in text.split("BEGIN:VEVENT\r\n").skip(1) {
            let get = |name: &str| {
                e.split("\r\n")
                    .find_map(|l| l.strip_prefix(name))
                    .unwrap()
                    .to_string()
            };
            out.insert(get("UID:"), get("SEQUENCE:").parse().unwrap());
        }
    }
    out
}

/// Lowering `future_weeks` from 520 to 239 (what the 1 MB warning names) kept one
/// `X-PIPEBOOK-RETIRED` line for each of the 7,000 events dropped, for years: the team
/// feed stayed 1.48 MB on main, over Google's 1 MB. Events beyond the horizon now share
/// one record (their highest `SEQUENCE`, their last end); raised back at the same
/// clock, every event that comes back still takes a `SEQUENCE` above the one
/// subscribers hold.
#[test]
fn lowering_future_weeks_leaves_the_team_feed_under_google_s_megabyte() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    daily_rotation(root, 520);
    assert!(build_at(root, T0).status.success());
    let held = sequences(&root.join("public"));
    daily_rotation(root, 239);
    let out = build_at(root, T0);
    assert!(out.status.success());
    assert_eq!(problems(&stderr(&out)), Vec::<String>::new());
    let team = read(&root.join("public/oncall.ics"));
    let size = team.len();
    assert!(size < 1_000_000, "the team feed is {size} bytes");
    let retired = team.matches("X-PIPEBOOK-RETIRED:").count();
    assert_eq!(retired, 1, "{retired} retired records");
    let shown = sequences(&root.join("public"));
    daily_rotation(root, 520);
    assert!(build_at(root, T0).status.success());
    let back = sequences(&root.join("public"));
    let mut returned = 0;
    for (uid, sequence) in &back {
        let before = held[uid];
        if shown.contains_key(uid) {
            assert!(*sequence >= before, "{uid}: {sequence} < {before}");
        } else {
            returned += 1;
            assert!(*sequence > before, "{uid}: {sequence} <= {before}");
        }
    }
    assert!(returned > 5_000, "{returned} events came back");
}
