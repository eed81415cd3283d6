//! Session 46: calendars that must not churn, and on-call data from real teams.

mod common;

use common::*;

/// 2026-11-30T00:53:20Z, a Monday before the handoff (Data Engineer 3's week).
const T0: u64 = 1_796_000_000;

/// Data Engineer 4 leaves while holding a served week (session 45's leftover): the
/// warning named them `de4`, an id the reader may never have seen, though the previous
/// feeds named them as subscribers knew them. Now by that name, with the id (cal45's
/// a_served_shift_of_someone_who_left_is_named, which asserted the id, is this test now).
#[test]
fn someone_who_left_is_named_as_the_feeds_named_them() {
    let site = example_site();
    let root = site.path();
    warnings_at(root, T0);
    de4_leaves(root);
    let err = warnings_at(root, T0);
    assert!(
        err.contains("Mon 2 Nov 2026 09:00 to Mon 9 Nov 2026 09:00 (Data Engineer 4 (de4) before, Data Engineer 3 now)"),
        "{err}"
    );
    assert!(
        err.contains("keep de4 in team.yaml (out of `rotation.order`)"),
        "{err}"
    );
}

/// Production's build after a deploy preview's reads production's events back from the
/// preview's kept records (`X-PIPEBOOK-KEPT`), which carried no word of the holiday a
/// shift was the turn for (session 45's leftover): Columbus Day moved before the
/// published weeks was then blamed on `rotation.order`, as on main before session 45.
#[test]
fn a_holiday_moved_is_named_after_a_preview_too() {
    let site = example_site();
    let root = site.path();
    warnings_at(root, T0);
    preview_at(root, 7, T0 + 3600);
    assert!(read(&root.join("public/oncall.ics")).contains("X-PIPEBOOK-KEPT:"));
    let order = line_of(root, "order: [");
    let columbus = line_of(root, "2026-10-12, name: \"Columbus Day\"");
    edit(
        root,
        "content/oncall.yaml",
        "2026-10-12, name: \"Columbus Day\"",
        "2026-09-30, name: \"Columbus Day\"",
    );
    let err = warnings_at(root, T0 + 7200);
    assert!(
        err.contains(&format!("content/oncall.yaml:{columbus}:")),
        "{err}"
    );
    assert!(
        !err.contains(&format!("content/oncall.yaml:{order}:")),
        "{err}"
    );
    assert!(err.contains("Columbus Day is on 2026-09-30 now"), "{err}");
}

/// Mexico abolished daylight saving after 30 Oct 2022: a weekly 09:00 handoff in Mexico
/// City is 14:00Z before it and 15:00Z after, and stays 15:00Z in April 2023, when the
/// rules before the change would have put it back to 14:00Z. The feeds hold UTC times (no
/// `VTIMEZONE` to go stale), so each is what IANA's rules say; the figures are IANA's, not
/// worked out by the code under test.
#[test]
fn a_zone_that_abolished_daylight_saving_hands_off_at_its_new_offset() {
    let site = site_of(&[
        (
            "content/site.yaml",
            "title: T\nbase_url: https://ops.example.com/\n",
        ),
        (
            "content/team.yaml",
            "engineers:\n  - id: a\n    name: Ana\n  - id: b\n    name: Ben\n",
        ),
        (
            "content/oncall.yaml",
            "rotation:\n  order: [a, b]\n  start: 2022-09-05\n  handoff: { weekday: monday, time: \"09:00\" }\n  timezone: America/Mexico_City\n  shift: weekly\nhorizon: { past_weeks: 4, future_weeks: 30 }\n",
        ),
        ("content/runbooks/a.md", "---\ntitle: A\n---\n\nRun it.\n"),
    ]);
    let root = site.path();
    // Thu 10 Nov 2022 12:00Z.
    warnings_at(root, 1_668_081_600);
    let feed = read(&root.join("public/oncall.ics"));
    for start in [
        "20221024T140000Z",
        "20221031T150000Z",
        "20230306T150000Z",
        "20230403T150000Z",
    ] {
        assert!(
            feed.contains(&format!("\r\nDTSTART:{start}\r\n")),
            "{start}"
        );
    }
    assert!(!feed.contains("VTIMEZONE"));
}

/// Wed 2 Dec 2026 12:53:20Z (07:53 in New York): Data Engineer 3 has been on call since
/// Mon 30 Nov 09:00.
const MIDWEEK: u64 = 1_796_216_000;

/// A holiday added for tomorrow, in the shift on call now, gives that whole shift by turn
/// to Data Engineer 1 (rule 2), the two days Data Engineer 3 has already
/// served included: subscribers' calendars rewrite who was on call on Monday and Tuesday.
/// On main nothing warned: only shifts ended before the build's clock were compared with
/// the previous feeds. It warns now, at the holiday's line, with an override for the part
/// served (to the build's local hour, rounded up) as the hint.
#[test]
fn an_edit_that_rewrites_the_served_part_of_the_shift_on_call_warns() {
    let site = example_site();
    let root = site.path();
    warnings_at(root, MIDWEEK);
    edit(
        root,
        "content/oncall.yaml",
        "\nholidays:\n",
        "\nholidays:\n  - { date: 2026-12-03, name: \"Team Day\" }\n",
    );
    let day = line_of(root, "Team Day");
    let err = warnings_at(root, MIDWEEK + 60);
    assert!(
        err.contains(&format!("content/oncall.yaml:{day}:")),
        "{err}"
    );
    assert!(
        err.contains("the shift on call now, Mon 30 Nov 2026 09:00 to Mon 7 Dec 2026 09:00, shows Data Engineer 1 on call from its start, where the site this build replaces showed Data Engineer 3"),
        "{err}"
    );
    assert!(
        err.contains("`- { from: \"2026-11-30 09:00\", to: \"2026-12-02 08:00\", engineer: de3, reason: served }`"),
        "{err}"
    );
    // The same edit from the next shift on (a holiday the week after) warns of nothing.
    edit(root, "content/oncall.yaml", "2026-12-03", "2026-12-08");
    warnings_at(root, MIDWEEK + 120);
    edit(root, "content/oncall.yaml", "2026-12-08", "2026-12-09");
    let err = warnings_at(root, MIDWEEK + 180);
    assert!(!err.contains("on call now"), "{err}");
}
