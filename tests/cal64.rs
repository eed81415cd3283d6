//! Session 64: calendars that must not churn. The feed-size warning when overrides make
//! the feed big.

mod common;

use common::*;

/// 3,000 overrides of two hours, one every three hours from 30 November: each is an
/// event in three feeds and cuts the shift it falls in, and the team feed is 4.5 MB, all
/// but 57 of its 5,834 events made by them. On main the warning was at
/// `content/oncall.yaml:1:1` (the example writes no `horizon`) and said to use longer
/// shifts, which shrinks nothing the overrides make; now it is at `overrides`, counts
/// what they make and says what to do about them.
#[test]
fn a_feed_made_big_by_overrides_is_told_at_overrides() {
    let site = example_site();
    let root = site.path();
    let mut text = read(&root.join("content/oncall.yaml")) + "overrides:\n";
    let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 30)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    for i in 0..3000 {
        let from = start + chrono::Duration::hours(3 * i);
        let to = from + chrono::Duration::hours(2);
        let engineer = ["de1", "de2", "de3", "de4"][i as usize % 4];
        text += &format!(
            "  - {{ from: \"{}\", to: \"{}\", engineer: {engineer}, reason: \"r{i}\" }}\n",
            from.format("%Y-%m-%d %H:%M"),
            to.format("%Y-%m-%d %H:%M")
        );
    }
    std::fs::write(root.join("content/oncall.yaml"), text).unwrap();
    let err = warnings_at(root, EPOCH.parse().unwrap());
    let lines: Vec<&str> = err.lines().collect();
    let first = (lines.iter())
        .position(|l| l.contains("calendar feed `oncall.ics`"))
        .unwrap_or_else(|| panic!("no size warning: {err}"));
    let warning = lines[first..]
        .iter()
        .take_while(|l| !l.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let line = line_of(root, "reason: \"r0\"");
    assert!(
        warning.contains(&format!("content/oncall.yaml:{line}:")),
        "{warning}"
    );
    assert!(
        warning.contains("5777 of them, 4.4 MB, are overrides and the pieces of shifts they cut"),
        "{warning}"
    );
    assert!(
        warning.contains("one override rather than one a day"),
        "{warning}"
    );
    assert!(!warning.contains("longer shifts"), "{warning}");
}

/// Two overrides added over served days, each served whole (Tuesday 10 November for
/// Data Engineer 2, 18 to 20 November for Data Engineer 4): one warning, at the first.
/// On main its hint said to "start the override at 2026-11-20 09:00 instead", the
/// second override's end, for the first (a start after its own end, which `check`
/// refuses); now it says to take it out, as all of it was served.
#[test]
fn the_hint_for_overrides_added_over_served_days_names_the_first_ones_end() {
    let site = example_site();
    let root = site.path();
    assert!(common::served::rewritten(&warnings_at(root, 1_795_694_400)).is_empty());
    common::served::with_override(
        root,
        "  - { from: \"2026-11-10 09:00\", to: \"2026-11-11 09:00\", engineer: de2, reason: swap }\n  - { from: \"2026-11-18 12:00\", to: \"2026-11-20 09:00\", engineer: de4, reason: trip }",
    );
    let err = warnings_at(root, 1_795_694_460);
    let warned = common::served::rewritten(&err);
    assert_eq!(warned.len(), 1, "{err}");
    assert!(!warned[0].contains("start the override at"), "{err}");
    assert!(warned[0].contains("take the override out"), "{err}");
}
