//! Session 40b: a calendar's served past must not move without a word.

mod common;

use common::*;

/// 2026-05-28 20:26:40 UTC: the example's served shifts of the published weeks are those
/// of 27 April, 4, 11 and 18 May (see cal34).
const T0: u64 = 1_780_000_000;
const DAY: u64 = 86_400;

/// The example built at `T0`, then a day later after `from` became `to` in oncall.yaml:
/// the second build's warnings about served shifts, as `file:line message`, and the
/// team feed before and after.
fn served_after(from: &str, to: &str) -> (Vec<String>, String, String) {
    let site = example_site();
    let root = site.path();
    warnings_at(root, T0);
    let feed = root.join("public/oncall.ics");
    let before = read(&feed);
    edit(root, "content/oncall.yaml", from, to);
    let warnings = problems(&warnings_at(root, T0 + DAY))
        .into_iter()
        .filter(|p| p.contains("already served"))
        .collect();
    (warnings, before, read(&feed))
}

/// `timezone` New York to Berlin moved the 4 served weeks 6 hours earlier (09:00 New
/// York is 15:00 in Berlin) with the same holders, and on main nothing warned: the
/// served check compared holders only. It warns now, at `timezone`, of all 4.
#[test]
fn a_new_time_zone_warns_of_the_served_shifts_it_moves() {
    let (warnings, before, after) =
        served_after("timezone: America/New_York", "timezone: Europe/Berlin");
    // The served week of 27 April did move in the feed.
    assert!(before.contains("DTSTART:20260427T130000Z"), "{before}");
    assert!(!after.contains("DTSTART:20260427T130000Z"));
    assert!(after.contains("DTSTART:20260427T070000Z"));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    assert!(
        w.starts_with("content/oncall.yaml:11 4 shifts already served now start at other times"),
        "{w}"
    );
    for pair in [
        "Mon 27 Apr 2026 15:00 to Mon 4 May 2026 15:00 now from Mon 27 Apr 2026 09:00 (Data Engineer 1)",
        "Mon 18 May 2026 15:00 to Mon 25 May 2026 15:00 now from Mon 18 May 2026 09:00 (Data Engineer 1)",
    ] {
        assert!(w.contains(pair), "{pair} in {w}");
    }
}

/// The handoff an hour later: the same 4 weeks, at the handoff's line.
#[test]
fn a_new_handoff_time_warns_at_the_handoff() {
    let (warnings, ..) = served_after("time: \"09:00\"", "time: \"10:00\"");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    assert!(
        w.starts_with("content/oncall.yaml:10 4 shifts already served now start at other times"),
        "{w}"
    );
    assert!(
        w.contains("Mon 4 May 2026 09:00 to Mon 11 May 2026 09:00 now from Mon 4 May 2026 10:00 (Data Engineer 2)"),
        "{w}"
    );
}

/// An alias of the same zone (`US/Eastern` for `America/New_York`) changes no time and
/// warns of nothing (a guard: it holds on main too).
#[test]
fn an_alias_of_the_zone_moves_nothing() {
    let (warnings, before, after) =
        served_after("timezone: America/New_York", "timezone: US/Eastern");
    assert_eq!(warnings, Vec::<String>::new());
    let starts = |f: &str| -> Vec<String> {
        f.lines()
            .filter(|l| l.starts_with("DTSTART") || l.starts_with("DTEND"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(starts(&before), starts(&after));
}
